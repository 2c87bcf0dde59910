"""The search results model (an article a row, its further sections folded under it) and the
panel's tree view of it: Qt's own model checker, the roles, opening a folded section by mouse and
keyboard, and the words a screen reader hears."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from mbc_reader.content.search import Hit, SearchResponse, SectionHit
from mbc_reader.ui.roles import Role
from mbc_reader.ui.search_model import SearchResultsModel
from mbc_reader.ui.search_panel import SearchPanel
from mbc_reader.ui.workers import SearchService


def section(title: str, anchor: str, text: str, word: str) -> SectionHit:
    return SectionHit(title, anchor, 0.5, text=text, terms=frozenset({word}))


def response(query: str = "chemo") -> SearchResponse:
    hits = [
        Hit("chemo", "Chemotherapy", "What it is", "what-it-is", "<b>chemo</b> is a drug", 9.0, (
            section("Side effects", "side-effects", "Side effects of chemo include tiredness.", "chemo"),
            section("Costs", "costs", "What chemo costs.", "chemo"),
        )),  # fmt: skip
        Hit("coping", "Coping", "", "", "during <b>chemo</b>", 5.0),
        Hit("glossary:1", "chemo", "Dictionary", "", "short for <b>chemotherapy</b>", 4.0),
    ]
    return SearchResponse(query, 7, None, hits)


@pytest.fixture
def model(qtbot):
    model = SearchResultsModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)  # checks every change
    return model


def test_an_article_a_row_and_its_further_sections_under_it(model):
    model.show_response(response())
    assert model.rowCount() == 3 and model.query == "chemo" and model.total == 7
    first = model.index(0, 0)
    assert model.rowCount(first) == 2 and model.rowCount(model.index(1, 0)) == 0
    child = model.index(1, 0, first)
    assert child.parent() == first
    assert child.data(Role.ARTICLE_ID) == "chemo" and child.data(Role.ANCHOR) == "costs"
    assert child.data(Role.KIND) == "section" and first.data(Role.KIND) == "article"
    assert model.index(2, 0).data(Role.KIND) == "term"
    assert child.data(Qt.ItemDataRole.DisplayRole) == "Chemotherapy — Costs"
    assert model.rowCount(child) == 0 and not model.index(0, 0, child).isValid()
    assert "<b>chemo</b>" in model.index(0, 0, first).data(Role.HTML)  # the section's own snippet


def test_a_folded_section_before_any_heading_is_called_the_introduction(model):
    hit = Hit("a", "Article", "Causes", "causes", "x", 2.0, (section("", "", "the opening words", "opening"),))
    model.show_hits([hit], "opening")
    child = model.index(0, 0, model.index(0, 0))
    assert "Introduction" in child.data(Role.HTML) and child.data(Role.ANCHOR) == ""


def test_rows_are_measured_again_when_the_view_narrows(qtbot, panel):
    view, first = panel.results_view, panel.model.index(0, 0)
    wide = view.visualRect(first).height()
    panel.resize(220, 700)
    qtbot.waitUntil(lambda: view.visualRect(first).height() > wide, timeout=3000)  # the snippet wraps more


def test_the_article_row_says_what_is_folded_under_it(model):
    model.show_response(response())
    first, second = model.index(0, 0), model.index(1, 0)
    assert "2 more sections below" in first.data(Role.HTML)
    assert "more section" not in second.data(Role.HTML)
    said = first.data(Qt.ItemDataRole.AccessibleTextRole)
    assert said.startswith("Chemotherapy — What it is. chemo is a drug") and said.endswith("2 more sections below")


def test_clearing_and_a_new_answer_replace_everything(model):
    model.show_response(response())
    model.show_response(SearchResponse("pain", 1, "pains", [Hit("p", "Pain", "", "", "x", 1.0)], corrected_query=None))
    assert model.rowCount() == 1 and model.rowCount(model.index(0, 0)) == 0 and model.suggestion == "pains"
    model.clear()
    assert model.rowCount() == 0 and model.query == "" and model.also == () and model.corrected is None


def test_rewording_tells_views_every_row_changed(qtbot, model):
    model.show_response(response())
    changed: list[tuple[QModelIndex, QModelIndex]] = []
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a, b)))
    model.reword()
    assert (0, 2) in [(a.row(), b.row()) for a, b in changed if not a.parent().isValid()]
    assert (0, 1) in [(a.row(), b.row()) for a, b in changed if a.parent().isValid()]


class Searcher:
    def __init__(self) -> None:
        self.threads: set[int] = set()

    def search(self, query: str, limit: int = 20) -> SearchResponse:
        self.threads.add(threading.get_ident())
        return response(query)


@pytest.fixture
def panel(qtbot):
    panel = SearchPanel()
    qtbot.addWidget(panel)
    service = SearchService(lambda progress: Searcher(), panel)
    panel.set_service(service)
    with qtbot.waitSignal(service.ready, timeout=3000):
        service.start()
    panel.resize(380, 700)
    panel.show()
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        panel.set_query("chemo")
    return panel


def test_the_first_result_shows_its_sections_and_a_click_opens_one(qtbot, panel):
    view, model = panel.results_view, panel.model
    first = model.index(0, 0)
    assert view.isExpanded(first) and not view.isExpanded(model.index(1, 0))
    child_rect = view.visualRect(model.index(0, 0, first))
    assert child_rect.isValid() and child_rect.top() >= view.visualRect(first).bottom()
    assert child_rect.left() > view.visualRect(first).left()  # indented under its article
    with qtbot.waitSignal(panel.result_chosen, timeout=1000) as chosen:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=child_rect.center())
    assert chosen.args == ["chemo", "side-effects"]


def test_keyboard_goes_through_folded_sections_in_order(qtbot, panel):
    panel.search_edit.setFocus()
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)
    view = panel.results_view
    assert view.currentIndex() == panel.model.index(0, 0)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    with qtbot.waitSignal(panel.result_chosen, timeout=1000) as chosen:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert chosen.args == ["chemo", "costs"]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex() == panel.model.index(1, 0)  # the next article
    qtbot.keyClick(view, Qt.Key.Key_Right)  # a row with nothing folded: nothing opens
    assert view.currentIndex() == panel.model.index(1, 0)
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.currentIndex() == panel.model.index(0, 0)
    qtbot.keyClick(view, Qt.Key.Key_Up)  # above the first result: back in the box
    assert panel.search_edit.hasFocus()


def test_a_folded_article_opens_its_sections_with_right(qtbot, panel):
    view, model = panel.results_view, panel.model
    view.collapse(model.index(0, 0))
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.isExpanded(model.index(0, 0))


def test_the_kiosk_reset_empties_the_tree(qtbot, panel):
    panel.reset()
    assert panel.model.rowCount() == 0 and panel.model.query == ""
    assert panel.pages.currentIndex() == 0
