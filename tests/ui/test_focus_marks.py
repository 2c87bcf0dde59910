"""Focus and the current find match are the most visible things on the page, in every theme."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from .conftest import app_look_kept


def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture(params=["default", "high-contrast"])
def themed_window(request, make_window, seed_content, qapp):
    from mbc_reader.ui import theme

    with app_look_kept(qapp):
        theme.apply_theme(qapp, request.param)
        window = make_window(seed_content)
        window.open_article(window.home_article_id())
        yield window, theme.current_theme()


def test_the_current_find_match_stands_out_from_the_other_matches_and_the_page(qtbot, themed_window):
    window, current = themed_window
    window.open_find_bar()
    qtbot.keyClicks(window.find_bar.edit, "cancer")
    assert window.find_bar.match_count() > 2
    marks = window.article_view.extraSelections()
    now = window.find_bar._matches[window.find_bar.current_match()]
    last = marks[-1]  # drawn last: on top of everything
    assert (last.cursor.selectionStart(), last.cursor.selectionEnd()) == (now.selectionStart(), now.selectionEnd())
    page = QColor(current.page)
    current_bg = last.format.background().color()
    other_bg = marks[0].format.background().color()
    assert contrast(current_bg, page) >= 3.0  # the current match is plain against the page
    assert contrast(current_bg, page) > contrast(other_bg, page)  # and more than any other match
    assert contrast(current_bg, other_bg) >= 2.0
    assert contrast(last.format.foreground().color(), current_bg) >= 4.5  # its words stay readable
    assert contrast(marks[0].format.foreground().color(), other_bg) >= 4.5


def test_a_link_focused_with_tab_gets_the_focus_colour_not_a_dotted_box(qtbot, themed_window):
    window, current = themed_window
    view = window.article_view
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    cursor = view.textCursor()
    assert cursor.hasSelection()
    focus = view.marks("focus")
    assert len(focus) == 1
    assert (focus[0].cursor.selectionStart(), focus[0].cursor.selectionEnd()) == (cursor.selectionStart(), cursor.selectionEnd())
    background = focus[0].format.background().color()
    assert background == QColor(current.focus)
    assert contrast(background, QColor(current.page)) >= 3.0
    assert contrast(focus[0].format.foreground().color(), background) >= 4.5
    assert view.extraSelections()[-1].cursor.selectionStart() == cursor.selectionStart()  # on top
    view.setTextCursor(view.cursorForPosition(view.viewport().rect().center()))
    assert view.marks("focus") == []  # the mark goes with the focus


def test_the_picture_viewers_close_button_shows_the_focus_ring(qtbot, make_window, picture_content, qapp):
    """Its own style rule outranked the focus ring: a focused Close looked like an unfocused one."""
    from mbc_reader.ui import theme
    from mbc_reader.ui.style import app_style_sheet

    with app_look_kept(qapp):
        theme.apply_theme(qapp, "default", app_style_sheet())
        window = make_window(picture_content)
        window.open_article(window.home_article_id())
        window.article_view.activate_link("figure:0")
        viewer = window.image_viewer
        qtbot.waitUntil(viewer.isVisible, timeout=2000)
        viewer.close_button.setFocus()
        qtbot.waitUntil(viewer.close_button.hasFocus, timeout=2000)
        image = viewer.close_button.grab().toImage()
        edge = QColor(image.pixel(1, image.height() // 2))
        focus = QColor(theme.current_theme().focus)
        assert max(abs(edge.red() - focus.red()), abs(edge.green() - focus.green()), abs(edge.blue() - focus.blue())) < 40, edge.name()
        viewer.close()
