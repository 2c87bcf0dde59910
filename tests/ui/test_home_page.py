"""The patients' home page (``homePage``): where a kiosk session starts and every reset returns,
what the Home button shows; tiles per topic with counts, common questions, a topic's cards, the
search box that feeds the sidebar's search; Spanish, large text; keyboard and screen readers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from mbc_reader.ui.home_page import CARDS_AT_ONCE, HomePage

from .conftest import SEED_ID, app_look_kept


@pytest.fixture
def clinic_pack(tmp_path, write_article, seed_content) -> Path:
    """The seed plus a few articles of two topics, one Spanish."""
    folder = seed_content
    write_article("chemo.md", "# Chemotherapy\n\nChemotherapy uses drugs to treat cancer. It is given in cycles.\n\n"
                  "## What are the side effects of chemotherapy?\n\nTiredness and nausea are common.\n",
                  folder=folder, title="Chemotherapy", topics=["Treatment"])
    write_article("radiation.md", "# Radiation therapy\n\nRadiation therapy uses high-energy rays to kill cancer cells.\n",
                  folder=folder, title="Radiation therapy", topics=["Treatment"])
    write_article("quimio.md", "# Quimioterapia\n\nLa quimioterapia usa medicamentos contra el cáncer. Se da en ciclos.\n\n"
                  "## ¿Cuáles son los efectos secundarios de la quimioterapia?\n\nCansancio.\n",
                  folder=folder, title="Quimioterapia", topics=["Tratamiento"], language="es")
    return folder


@pytest.fixture
def kiosk_window(qtbot, user_dirs, private_session):
    from mbc_reader.ui import build_window

    made = []

    def make(content: Path):
        window = build_window(content, kiosk=True)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


def _tile(home: HomePage, topic: str) -> QAbstractButton:
    (button,) = [b for b in home.tiles() if b.title.text() == topic]
    return button


def test_a_kiosk_window_starts_on_the_home_page(kiosk_window, clinic_pack):
    window = kiosk_window(clinic_pack)
    home = window.findChild(HomePage, "homePage")
    assert home is window.home_page and home.isVisible() and window.showing_home()
    assert not window.article_view.isVisible() and window.current_article_id() == ""
    assert not window.find_action.isEnabled() and not window.listen_action.isEnabled()  # no article here
    assert window.home_action.isEnabled()
    assert home.heading.text() == "What would you like to learn about?"
    assert window.windowTitle().startswith("Home")


def test_every_tile_is_a_named_focusable_button_inside_the_home_page(kiosk_window, clinic_pack):
    window = kiosk_window(clinic_pack)
    home = window.home_page
    tiles = home.tiles()
    assert [(t.title.text(), t.detail.text()) for t in tiles] == [
        ("Breast cancer", "1 article"), ("Treatment", "2 articles"), ("Tratamiento", "1 article")]
    for button in tiles + home.question_buttons():
        assert isinstance(button, QAbstractButton) and home.isAncestorOf(button)
        assert button.isVisible() and button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert button.accessibleName()
    assert tiles[1].accessibleName() == "Treatment, 2 articles"
    # two languages: each group named in its own language, English first in an English interface
    names = [w.text() for w in home.topic_groups.findChildren(QLabel) if w.objectName().startswith("homeLanguage")]
    assert names == ["English", "Español"]
    # side effects first, then the seed's own question (no theme); the Spanish one is for a Spanish interface
    assert [q.text for q in home.questions_shown()] == ["What are the side effects of chemotherapy?",
                                                        "What is metastatic breast cancer?"]


def test_tab_reaches_the_search_box_and_every_tile(kiosk_window, clinic_pack, qtbot):
    window = kiosk_window(clinic_pack)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=15_000)  # activation is late on a busy machine
    home = window.home_page
    window.focus_start()
    reached = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert home.search_edit in reached
    assert all(tile in reached for tile in home.tiles())
    tile = _tile(home, "Treatment")
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Return)  # Enter presses a tile, as Space does
    assert home.showing_topic() == "Treatment"


def test_a_tile_shows_its_articles_as_cards_and_a_card_opens_its_article(kiosk_window, clinic_pack, qtbot):
    window = kiosk_window(clinic_pack)
    home = window.home_page
    qtbot.mouseClick(_tile(home, "Treatment"), Qt.MouseButton.LeftButton)
    assert home.showing_topic() == "Treatment" and home.topic_title.text() == "Treatment"
    cards = home.cards()
    assert [(c.title.text(), c.detail.text()) for c in cards] == [
        ("Chemotherapy", "Chemotherapy uses drugs to treat cancer."),
        ("Radiation therapy", "Radiation therapy uses high-energy rays to kill cancer cells.")]
    assert cards[0].accessibleName() == "Chemotherapy. Chemotherapy uses drugs to treat cancer."
    assert QApplication.focusWidget() is cards[0] or not window.isActiveWindow()
    assert not home.more_button.isVisible()
    with qtbot.waitSignal(window.article_opened, timeout=2000) as opened:
        qtbot.mouseClick(cards[1], Qt.MouseButton.LeftButton)
    assert opened.args == ["radiation"] and not window.showing_home() and window.article_view.isVisible()
    assert window.find_action.isEnabled()
    window.go_back()  # Back returns to the home page
    assert window.showing_home()
    qtbot.mouseClick(home.back_button, Qt.MouseButton.LeftButton)
    assert home.showing_topic() == "" and home.cards() == []


def test_a_common_question_opens_its_article_at_the_answer(kiosk_window, clinic_pack, qtbot):
    window = kiosk_window(clinic_pack)
    question = window.home_page.question_buttons()[0]
    assert question.title.text() == "What are the side effects of chemotherapy?"
    qtbot.mouseClick(question, Qt.MouseButton.LeftButton)
    assert window.current_article_id() == "chemo"
    anchor = window.library.get("chemo").sections[0].anchor
    assert window.current_section() == anchor or window.article_view.is_anchor_visible(anchor)


def test_the_home_search_box_feeds_the_search(kiosk_window, clinic_pack, qtbot):
    window = kiosk_window(clinic_pack)
    home = window.home_page
    qtbot.keyClicks(home.search_edit, "chemo")
    assert window.search_panel.search_edit.text() == "chemo"
    panel = window.search_panel
    if panel.is_available():
        qtbot.waitUntil(lambda: panel.shown_query() == "chemo" and panel.result_count() > 0, timeout=60_000)
        with qtbot.waitSignal(window.article_opened, timeout=5000):
            qtbot.keyClick(home.search_edit, Qt.Key.Key_Return)  # Enter: the top result opens
        assert not window.showing_home()


def test_many_articles_come_in_pages_of_cards(kiosk_window, tmp_path, write_article, qtbot):
    folder = tmp_path / "many"
    total = CARDS_AT_ONCE + 5
    for i in range(total):
        write_article(f"a{i:02}.md", f"# Article {i:02}\n\nThis is article number {i}. It is short.\n",
                      folder=folder, title=f"Article {i:02}", topics=["Many"])
    window = kiosk_window(folder)
    home = window.home_page
    (tile,) = home.tiles()
    assert tile.detail.text() == f"{total} articles"
    tile.click()
    assert len(home.cards()) == CARDS_AT_ONCE and home.more_button.isVisible()
    assert home.more_button.text() == "More articles (5 more)"
    home.more_button.click()
    assert len(home.cards()) == total and not home.more_button.isVisible()
    assert home.cards()[-1].detail.text() == f"This is article number {total - 1}."


def _tiles_made(home: HomePage) -> list[QAbstractButton]:
    return [b for b in home.findChildren(QAbstractButton) if b.objectName().startswith("homeTile")]


def test_the_home_button_shows_the_home_page_and_back_returns(make_window, clinic_pack, qtbot):
    window = make_window(clinic_pack)
    assert window.current_article_id() == SEED_ID and not window.showing_home()  # staff's window: the article first
    assert _tiles_made(window.home_page) == []  # not made until the page is shown: no cost at start
    window.home_action.trigger()
    assert len(_tiles_made(window.home_page)) == 3
    assert window.showing_home() and window.home_page.isVisible()
    assert window.back_action.isEnabled()
    window.back_action.trigger()
    assert window.current_article_id() == SEED_ID
    window.forward_action.trigger()
    assert window.showing_home()
    window.home_action.trigger()  # again: no second step in the history
    window.back_action.trigger()
    assert window.current_article_id() == SEED_ID and not window.back_action.isEnabled()


def test_the_kiosk_reset_brings_the_home_page_back_as_built(kiosk_window, clinic_pack, qtbot):
    window = kiosk_window(clinic_pack)
    home = window.home_page
    qtbot.keyClicks(home.search_edit, "chemo")
    _tile(home, "Treatment").click()
    home.cards()[0].click()
    assert not window.showing_home()
    window.reset_to_home()
    assert window.showing_home() and home.showing_topic() == "" and home.cards() == []
    assert home.search_edit.text() == "" and not home.search_edit.isUndoAvailable()
    assert home.findChildren(QAbstractButton, "homeCard0") == []
    assert not window.back_action.isEnabled()


def test_larger_text_makes_the_tiles_larger(kiosk_window, clinic_pack):
    window = kiosk_window(clinic_pack)
    tile = window.home_page.tiles()[0]
    tile.title.ensurePolished()
    before = (tile.title.font().pointSizeF(), tile.sizeHint().height())
    window.set_text_scale(2.0)
    tile.title.ensurePolished()
    after = (tile.title.font().pointSizeF(), tile.sizeHint().height())
    assert after[0] > before[0] * 1.8 and after[1] > before[1]
    assert window.home_page.heading.font().pointSizeF() > tile.title.font().pointSizeF()


def test_an_empty_library_says_so_plainly(kiosk_window, tmp_path):
    folder = tmp_path / "nothing"
    folder.mkdir()
    window = kiosk_window(folder)
    home = window.home_page
    assert home.tiles() == [] and home.question_buttons() == []
    assert home.empty_label.isVisible() and "ask a member of staff" in home.empty_label.text()


def test_spanish_interface_puts_the_spanish_topics_first(kiosk_window, clinic_pack, qtbot,
                                                         built_translations_for_windows, spanish):
    window = kiosk_window(clinic_pack)
    home = window.home_page
    try:
        assert window.appearance.set_language("es") == "es"
        qtbot.waitUntil(lambda: home.heading.text() == spanish("HomePage", "What would you like to learn about?"),
                        timeout=2000)
        assert home.heading.text() == "¿Sobre qué le gustaría saber?"
        assert [t.title.text() for t in home.tiles()] == ["Tratamiento", "Breast cancer", "Treatment"]
        assert home.tiles()[0].detail.text() == "1 artículo"
        assert [q.text for q in home.questions_shown()] == ["¿Cuáles son los efectos secundarios de la quimioterapia?"]
        assert home.questions_heading.text() == spanish("HomePage", "Common questions")
        assert window.windowTitle().startswith(spanish("ReaderWindow", "Home"))
    finally:
        window.appearance.set_language("en")
    qtbot.waitUntil(lambda: home.heading.text() == "What would you like to learn about?", timeout=2000)
    assert [t.title.text() for t in home.tiles()][0] == "Breast cancer"


def test_other_content_gets_its_own_tiles(kiosk_window, clinic_pack, tmp_path, write_article):
    from mbc_reader.ui import load_library

    window = kiosk_window(clinic_pack)
    home = window.home_page
    _tile(home, "Treatment").click()
    other = tmp_path / "other-pack"
    write_article("diet.md", "# Eating well\n\n## What should I eat during treatment?\n\nSmall meals.\n",
                  folder=other, title="Eating well", topics=["Nutrition"])
    home.set_library(load_library(other))
    assert [t.title.text() for t in home.tiles()] == ["Nutrition"]
    assert home.showing_topic() == "" and home.cards() == []
    assert [q.text for q in home.questions_shown()] == ["What should I eat during treatment?"]


def test_a_kiosk_on_a_broken_file_shows_no_staff_message(kiosk_window, make_window, clinic_pack, write_article):
    """The count of files that could not be shown is for staff, on the status line; a kiosk has
    none, and the label must not be left lying over the toolbar either."""
    write_article("broken.md", "", folder=clinic_pack, raw="---\ntitle: [unclosed\n---\nText.\n")
    window = kiosk_window(clinic_pack)
    assert window.problem_count() == 1
    assert not window.problems_label.isVisible()
    staff = make_window(clinic_pack)
    assert staff.problems_label.isVisible() and staff.statusBar().isAncestorOf(staff.problems_label)


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large-print"])
def test_high_contrast_keeps_the_page_s_large_bold_words(kiosk_window, clinic_pack, qapp, qtbot, large_print):
    """A theme's style sheet polishes every widget again: the heading, the section names and the
    tiles' titles stay large and bold (they lost both when set with setFont)."""
    with app_look_kept(qapp):
        window = kiosk_window(clinic_pack)
        home = window.home_page
        try:
            window.appearance.set_large_print(large_print)
            qtbot.wait(1)
            body = home.search_edit.font().pointSizeF()
            window.appearance.set_high_contrast(True)
            qtbot.wait(1)
            for label in (home.heading, home.questions_heading, home.topics_heading, home.tiles()[0].title,
                          home.question_buttons()[0].title):
                assert label.font().bold(), label.objectName()
                assert label.font().pointSizeF() >= body * 0.85, label.objectName()
            assert home.heading.font().pointSizeF() > body * 1.3
            assert not home.tiles()[0].detail.font().bold()
        finally:
            window.appearance.reset()
