"""The search panel with a stand-in searcher: debounce, stale answers, keyboard, suggestions.

The real index is exercised in test_search_integration.py; here the searcher is a small fake
with the same API (``search(query, limit) -> SearchResponse``), so these tests pin down the
panel's own behaviour whatever the index does.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from mbc_reader.content.search import Hit as SearchHit
from mbc_reader.content.search import SearchResponse
from mbc_reader.ui.search_panel import SearchPanel, snippet_html
from mbc_reader.ui.workers import SearchService


def Hit(article_id: str, title: str, section: str, anchor: str, snippet: str, score: float = 1.0) -> SearchHit:
    """A real search hit; the score is irrelevant to what the panel shows."""
    return SearchHit(article_id, title, section, anchor, snippet, score)


class FakeSearcher:
    def __init__(self) -> None:
        self.queries: list[str] = []
        self.thread_ids: set[int] = set()

    def search(self, query: str, limit: int = 20) -> SearchResponse:
        self.queries.append(query)
        self.thread_ids.add(threading.get_ident())
        if query == "fractres":
            return SearchResponse(query, 0, "fractures", [])
        if query == "lymph":
            return SearchResponse(query, 1, None, [Hit("glossary:45762", "lymph node", "", "", "A small <b>lymph</b> structure")])
        hits = [
            Hit("a1", "Article one", "Symptoms", "symptoms", f"pain and <b>{query}</b> here <img src='https://x/y.png'>"),
            Hit("a2", "Article two", "", "", f"more <b>{query}</b>"),
        ]
        return SearchResponse(query, 5, None, hits)


@pytest.fixture
def searcher() -> FakeSearcher:
    return FakeSearcher()


@pytest.fixture
def panel(qtbot, searcher):
    panel = SearchPanel()
    qtbot.addWidget(panel)
    service = SearchService(lambda progress: searcher, panel)
    panel.set_service(service)
    with qtbot.waitSignal(service.ready, timeout=3000):
        service.start()
    panel.resize(360, 600)
    panel.show()
    return panel


def test_typing_shows_results_once_typing_pauses_off_the_ui_thread(qtbot, panel, searcher):
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        qtbot.keyClicks(panel.search_edit, "fractures")
    assert panel.result_count() == 2
    assert searcher.queries == ["fractures"]  # one query for nine keystrokes
    assert threading.get_ident() not in searcher.thread_ids
    assert "Best 2 of 5" in panel.status_label.text()
    assert panel.pages.currentIndex() == 1


def test_snippets_keep_only_the_bold_marks():
    assert snippet_html("a <b>word</b> <img src='https://x'><script>x</script>") == "a <b>word</b> x"


def test_an_answer_to_an_older_query_is_dropped(qtbot, panel):
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        panel.set_query("fractures")
    stale_number = panel._service.latest() - 1
    panel._service.results_ready.emit(stale_number, SearchResponse("fract", 1, None, [Hit("old", "Old", "", "", "")]))
    assert panel.result_count() == 2
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.DisplayRole).startswith("Article one")


def test_did_you_mean_is_a_clickable_line(qtbot, panel, searcher):
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        panel.set_query("fractres")
    assert panel.result_count() == 0
    assert panel.suggestion() == "fractures"
    assert "No articles match" in panel.status_label.text()
    label: QLabel = panel.suggestion_label
    assert "Did you mean" in label.text()
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        label.linkActivated.emit("suggest:fractures")
    assert panel.query() == "fractures"
    assert panel.result_count() == 2


def test_down_enter_and_esc_from_the_box(qtbot, panel):
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        qtbot.keyClicks(panel.search_edit, "pain")
    panel.search_edit.setFocus()
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)
    assert panel.results_view.currentIndex().row() == 0
    qtbot.keyClick(panel.results_view, Qt.Key.Key_Down)
    with qtbot.waitSignal(panel.result_chosen, timeout=1000) as chosen:
        qtbot.keyClick(panel.results_view, Qt.Key.Key_Return)
    assert chosen.args == ["a2", ""]
    with qtbot.waitSignal(panel.result_chosen, timeout=1000) as chosen:
        qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)  # Enter in the box opens the selected one
    assert chosen.args[0] in ("a1", "a2")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Escape)
    assert panel.query() == ""
    assert panel.pages.currentIndex() == 0  # back to browsing
    assert panel.result_count() == 0


def test_clicking_a_result_chooses_its_section(qtbot, panel):
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        panel.set_query("pain")
    rect = panel.results_view.visualRect(panel.model.index(0, 0))
    with qtbot.waitSignal(panel.result_chosen, timeout=1000) as chosen:
        qtbot.mouseClick(panel.results_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen.args == ["a1", "symptoms"]


def test_a_dictionary_hit_asks_for_the_definition(qtbot, panel):
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        panel.set_query("lymph")
    with qtbot.waitSignal(panel.term_chosen, timeout=1000) as chosen:
        panel.open_result(0)
    assert chosen.args[0] == "45762"
    assert chosen.args[1] == "lymph node"


def test_without_search_the_box_is_disabled_and_says_why(qtbot):
    panel = SearchPanel()
    qtbot.addWidget(panel)
    panel.set_service(None, "Search is not available in this version.")
    assert not panel.search_edit.isEnabled()
    assert "not available" in panel.search_edit.toolTip()


def test_a_searcher_that_cannot_open_leaves_the_reader_usable(qtbot):
    panel = SearchPanel()
    qtbot.addWidget(panel)

    def broken(progress):
        raise OSError("index folder is read-only")

    service = SearchService(broken, panel)
    panel.set_service(service)
    with qtbot.waitSignal(service.unavailable, timeout=3000):
        service.start()
    assert not panel.search_edit.isEnabled()


def test_a_query_typed_before_the_index_is_ready_runs_when_it_is(qtbot, searcher):
    gate = threading.Event()

    def slow_open(progress):
        gate.wait(5)
        return searcher

    panel = SearchPanel()
    qtbot.addWidget(panel)
    service = SearchService(slow_open, panel)
    panel.set_service(service)
    service.start()
    panel.set_query("fractures")
    qtbot.waitUntil(lambda: "ready" in panel.status_label.text(), timeout=2000)
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        gate.set()
    assert panel.result_count() == 2
