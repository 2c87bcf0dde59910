"""The reader window as a patient uses it: the tree, scrolling, text size, links, bad content."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QFont, QTextCursor
from PySide6.QtWidgets import QFrame, QLineEdit, QMainWindow, QTextBrowser, QTreeView

from mbc_reader.ui.navigator import Role

from .conftest import SEED_ID

SYMPTOMS = "what-are-the-symptoms-of-metastatic-breast-cancer"
DIAGNOSED = "how-is-metastatic-breast-cancer-diagnosed"


def _click_tree_item(qtbot, navigator, article_id: str, anchor: str) -> None:
    index = navigator.index_for(article_id, anchor)
    assert index.isValid(), (article_id, anchor)
    navigator.scrollTo(index)
    rect = navigator.visualRect(index)
    qtbot.mouseClick(navigator.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_window_opens_on_the_bundled_article_with_the_contract_names(make_window, seed_content):
    window = make_window(seed_content)
    assert isinstance(window, QMainWindow)
    assert window.current_article_id() == SEED_ID
    assert window.library.get(SEED_ID) is not None
    for name, kind in [
        ("navigator", QTreeView),
        ("articleView", QTextBrowser),
        ("searchBox", QLineEdit),
        ("searchResults", QTreeView),  # an article a row, its further sections under it
        ("glossaryPopup", QFrame),
        ("imageViewer", object),
    ]:
        found = window.findChild(kind if kind is not object else type(window.image_viewer), name)
        assert found is not None, name
    assert "Metastatic Breast Cancer" in window.article_view.toPlainText()
    assert "Last reviewed: December 30, 2025" in window.article_view.toPlainText()


def test_clicking_a_section_in_the_tree_shows_that_section(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    with qtbot.waitSignal(window.article_view.section_changed, timeout=2000):
        _click_tree_item(qtbot, window.navigator, SEED_ID, SYMPTOMS)
    assert window.article_view.is_anchor_visible(SYMPTOMS)
    assert window.current_section() == SYMPTOMS
    assert window.navigator.current_place() == (SEED_ID, SYMPTOMS)


def test_the_navigator_follows_the_reader_while_scrolling(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    view = window.article_view
    y = view.anchor_y(DIAGNOSED)
    assert y is not None and y > 0
    view.verticalScrollBar().setValue(round(y) - 5)  # as a scroll wheel would
    assert window.navigator.current_place() == (SEED_ID, DIAGNOSED)
    assert window.navigator.currentIndex().data(Qt.ItemDataRole.DisplayRole) == "How is metastatic breast cancer diagnosed?"
    view.verticalScrollBar().setValue(0)
    assert window.navigator.current_place() == (SEED_ID, "")


def test_text_size_changes_the_article_and_is_remembered_by_the_next_window(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    before = window.article_view.document().defaultFont().pointSizeF()
    window.larger_action.trigger()
    window.larger_action.trigger()
    assert window.text_scale() > 1.0
    assert window.article_view.document().defaultFont().pointSizeF() > before
    scale = window.text_scale()
    window.close()

    again = make_window(seed_content)
    assert again.text_scale() == scale
    again.text_smaller()
    assert again.text_scale() < scale


def test_text_size_keyboard_shortcuts(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    window.article_view.setFocus()
    qtbot.keyClick(window.article_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.text_scale() > 1.0
    qtbot.keyClick(window.article_view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.text_scale() == 1.0
    qtbot.keyClick(window.article_view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.text_scale() < 1.0
    qtbot.keyClick(window.article_view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_panel.search_edit.hasFocus() or not window.search_panel.is_available()


def test_ctrl_wheel_changes_the_reading_size_not_only_the_view(qtbot, make_window, seed_content):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    window = make_window(seed_content)
    viewport = window.article_view.viewport()
    event = QWheelEvent(
        QPointF(100, 100), QPointF(viewport.mapToGlobal(QPoint(100, 100))), QPoint(0, 0), QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(viewport, event)
    assert window.text_scale() > 1.0


def test_find_in_article(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    window.find_action.trigger()
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "fractures")
    assert window.find_bar.match_count() == 1
    assert window.article_view.textCursor().selectedText().lower() == "fractures"
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_a_broken_article_does_not_break_the_window(make_window, seed_content):
    (seed_content / "broken-yaml.md").write_text("---\ntitle: [unclosed\n---\ntext\n", encoding="utf-8")
    (seed_content / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    (seed_content / "empty.md").write_text("", encoding="utf-8")
    window = make_window(seed_content)
    assert window.current_article_id() == SEED_ID
    articles = [
        window.navigator.model().index(row, 0, window.navigator.model().index(0, 0)).data(Role.ARTICLE_ID)
        for row in range(window.navigator.model().rowCount(window.navigator.model().index(0, 0)))
    ]
    assert articles == [SEED_ID]
    assert window.problem_count() == 3
    assert window.open_article("broken-yaml") is False  # absent, calmly
    assert window.current_article_id() == SEED_ID


def test_a_folder_with_nothing_readable_shows_a_calm_page(make_window, tmp_path):
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "bad.md").write_text("no front matter here\n", encoding="utf-8")
    window = make_window(folder)
    assert window.current_article_id() == ""
    assert "No articles to show yet" in window.article_view.toPlainText()


def test_outside_links_never_open_a_browser_but_show_a_qr_code(qtbot, make_window, seed_content, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or False)
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: opened.append(a) or False)
    window = make_window(seed_content)
    address = "https://www.cancer.gov/types/breast/stages/metastatic-breast-cancer"
    view = window.article_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.find_link(address) + 3)  # the "Source" link in the header
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())
    dialog = window.qr_dialog()
    assert dialog is not None and dialog.isVisible()
    assert dialog.address_label.text() == address
    assert dialog.code_label.pixmap() is not None and not dialog.code_label.pixmap().isNull()
    assert opened == []
    dialog.close()


def test_links_between_articles_navigate_in_the_app_with_back_and_forward(make_window, write_article, tmp_path):
    folder = tmp_path / "content"
    write_article("b.md", "# B\n\nIntro of B.\n\n## Treatment\n\nHow B is treated.\n", url="https://www.cancer.gov/types/b")
    write_article("a.md", "# A\n\nRead [about B](/types/b) now.\n", url="https://www.cancer.gov/types/a")
    window = make_window(folder)
    window.open_article("a")
    assert window.article_view.find_link("article:b") >= 0
    window.article_view.activate_link("article:b")
    assert window.current_article_id() == "b"
    window.go_back()
    assert window.current_article_id() == "a"
    window.go_forward()
    assert window.current_article_id() == "b"
    assert window.open_article("b", "treatment")
    assert window.article_view.is_anchor_visible("treatment")


def test_reset_to_home_clears_history_search_and_popups(qtbot, make_window, write_article, tmp_path):
    folder = tmp_path / "content"
    write_article("a.md", "# A\n\nText of A.\n")
    write_article("b.md", "# B\n\nText of B.\n")
    window = make_window(folder)
    home = window.current_article_id()
    other = "b" if home == "a" else "a"
    with qtbot.waitSignal(window.article_opened, timeout=1000) as opened:
        window.open_article(other)
    assert opened.args == [other]
    window.find_action.trigger()
    window.reset_to_home()
    assert window.current_article_id() == home
    assert not window.back_action.isEnabled()
    assert not window.find_bar.isVisible()
    assert window.search_panel.query() == ""


def test_the_article_font_is_large_enough_to_read(make_window, seed_content):
    window = make_window(seed_content)
    font: QFont = window.article_view.document().defaultFont()
    assert font.pointSizeF() >= 13


@pytest.mark.parametrize("screen_size, expected", [((1366, 768), (1280, 720)), ((1280, 800), (1264, 752)),
                                                   ((1920, 1080), (1280, 800)), ((1024, 600), (1008, 552))])
def test_the_first_window_fits_the_screen(screen_size, expected):
    """The default 1280x800 is taller than a 1366x768 or 1280x800 screen once the title bar and a
    panel are counted: the window takes what the screen has free, never more."""
    from PySide6.QtCore import QRect

    from mbc_reader.ui.window import default_size

    class Screen:
        def availableGeometry(self):
            return QRect(0, 0, *screen_size)

    size = default_size(Screen())
    assert (size.width(), size.height()) == expected
    assert size.height() + 48 <= screen_size[1] and size.width() + 16 <= screen_size[0]
