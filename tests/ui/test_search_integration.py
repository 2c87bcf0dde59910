"""Search in the real window on the seed: type, click a result, land on the right section."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from .conftest import SEED_ID

SYMPTOMS = "what-are-the-symptoms-of-metastatic-breast-cancer"


def _search(qtbot, window, text: str) -> None:
    panel = window.search_panel
    assert panel.is_available()
    panel.focus_search()
    with qtbot.waitSignal(panel.results_ready, timeout=60_000):
        qtbot.keyClicks(panel.search_edit, text)
    assert panel.shown_query() == text


def test_fractures_then_click_shows_the_symptoms_section(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    _search(qtbot, window, "fractures")
    panel = window.search_panel
    rows = [panel.model.index(r, 0) for r in range(panel.result_count())]
    target = next(i for i in rows if i.data(Qt.ItemDataRole.UserRole + 1) == SEED_ID)
    assert "<b>" in target.data(Qt.ItemDataRole.UserRole + 3)  # the matched word is marked
    panel.results_view.scrollTo(target)
    rect = panel.results_view.visualRect(target)
    with qtbot.waitSignal(window.article_opened, timeout=2000):
        qtbot.mouseClick(panel.results_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_article_id() == SEED_ID
    assert window.current_section() == SYMPTOMS
    assert window.article_view.is_anchor_visible(SYMPTOMS)
    assert window.navigator.current_place() == (SEED_ID, SYMPTOMS)


def test_enter_in_the_box_opens_the_first_result_and_esc_clears(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    _search(qtbot, window, "fractures")
    panel = window.search_panel
    first = panel.model.index(0, 0)
    if first.data(Qt.ItemDataRole.UserRole + 1).startswith("glossary:"):
        with qtbot.waitSignal(panel.term_chosen, timeout=2000):
            qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    else:
        with qtbot.waitSignal(window.article_opened, timeout=2000):
            qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    window.glossary_popup.close()
    panel.focus_search()
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Escape)
    assert panel.query() == ""
    assert panel.pages.currentIndex() == 0


def test_a_misspelling_that_finds_nothing_shows_the_correction_s_results(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    _search(qtbot, window, "metastatc")
    panel = window.search_panel
    assert panel.result_count() > 0  # the results for "metastatic"
    line = panel.suggestion_label.text()
    assert "Showing results for <i>metastatic</i>" in line and "search for" in line and "instead" in line
    assert panel.suggestion() is None
    with qtbot.waitSignal(panel.results_ready, timeout=10_000):
        panel.suggestion_label.linkActivated.emit("verbatim:metastatc")
    assert panel.query() == '"metastatc"'  # quoted: searched as typed
    assert panel.result_count() == 0
    assert "Showing results" not in panel.suggestion_label.text() or panel.suggestion_label.isHidden()


def test_other_words_searched_are_said_under_the_box(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    _search(qtbot, window, "tired")
    panel = window.search_panel
    assert panel.result_count() > 0
    assert "Also searched: fatigue" in panel.suggestion_label.text() and not panel.suggestion_label.isHidden()


def test_enter_on_a_result_moves_focus_into_its_section_and_tab_goes_on_from_there(qtbot, make_window, seed_content):
    """Focus leaves the list for the opened section; the text cursor is at its heading, so Tab
    reaches the section's first link, not the article's first."""
    from PySide6.QtWidgets import QApplication

    window = make_window(seed_content)
    _search(qtbot, window, "fractures")
    panel = window.search_panel
    rows = [panel.model.index(r, 0) for r in range(panel.result_count())]
    target = next(i for i in rows if i.data(Qt.ItemDataRole.UserRole + 1) == SEED_ID and i.data(Qt.ItemDataRole.UserRole + 2) == SYMPTOMS)
    panel.results_view.setFocus()
    panel.results_view.setCurrentIndex(target)
    with qtbot.waitSignal(window.article_opened, timeout=2000):
        qtbot.keyClick(panel.results_view, Qt.Key.Key_Return)
    view = window.article_view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=2000)
    heading_at = view.document().findBlock(view.textCursor().position())
    assert view.textCursor().selectedText().strip() == heading_at.text().strip() != ""
    assert window.current_section() == SYMPTOMS
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.textCursor().selectedText() == "jaundice"  # the section's first link, not the article's
    assert view.textCursor().position() > heading_at.position()


def test_a_result_row_reads_with_its_snippet_and_the_count_is_announced(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    _search(qtbot, window, "fractures")
    panel = window.search_panel
    first = panel.model.index(0, 0)
    spoken = first.data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith(first.data(Qt.ItemDataRole.DisplayRole))
    assert "fracture" in spoken.casefold().split(".", 1)[1]  # the snippet's words, without marks
    assert "<b>" not in spoken
    assert panel.status_label.accessibleName() == panel.status_label.text() != ""
