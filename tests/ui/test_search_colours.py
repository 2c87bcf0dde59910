"""Search results are readable in every theme: their colours come from the theme, not the code."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from mbc_reader.content.search import Hit as SearchHit
from mbc_reader.content.search import SearchResponse as Response
from mbc_reader.ui import theme as themes
from mbc_reader.ui.search_panel import SearchPanel
from mbc_reader.ui.search_results import Role
from mbc_reader.ui.workers import SearchService

from .conftest import app_look_kept


def Hit(article_id: str, title: str, section: str, anchor: str, snippet: str, score: float = 1.0) -> SearchHit:
    """A real search hit; the score is irrelevant to what the panel shows."""
    return SearchHit(article_id, title, section, anchor, snippet, score)


class Searcher:
    def search(self, query: str, limit: int = 20) -> Response:
        return Response(query, 3, "fracture", [
            Hit("a1", "Metastatic Breast Cancer", "Symptoms", "symptoms", f"pain and <b>{query}</b>, if cancer has spread"),
            Hit("glossary:45611", "bone scan", "", "", f"used to help diagnose <b>{query}</b>"),
            Hit("a2", "Bone cancer", "Treatment", "treatment", f"more about <b>{query}</b>"),
        ])


@pytest.fixture
def themed(qapp):
    """apply(name) puts a theme on the whole app; the app's look is put back afterwards."""

    def apply(name: str) -> themes.Theme:
        return themes.apply_theme(qapp, name)

    with app_look_kept(qapp):
        yield apply


@pytest.fixture
def results(qtbot):
    """A search panel showing three results for "fractures" (the first one selected)."""
    panel = SearchPanel()
    qtbot.addWidget(panel)
    service = SearchService(lambda progress: Searcher(), panel)
    panel.set_service(service)
    with qtbot.waitSignal(service.ready, timeout=3000):
        service.start()
    panel.resize(380, 700)
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitSignal(panel.results_ready, timeout=3000):
        panel.set_query("fractures")
    return panel


def _text_colours(panel: SearchPanel, row: int, selected: bool, hovered: bool = False) -> set[str]:
    """The colour of every piece of text the delegate paints for a row."""
    view = panel.results_view
    index = panel.model.index(row, 0)
    option = QStyleOptionViewItem()
    option.font = view.font()
    option.rect = view.visualRect(index)
    option.state = QStyle.StateFlag.State_Enabled
    if selected:
        option.state |= QStyle.StateFlag.State_Selected
    if hovered:
        option.state |= QStyle.StateFlag.State_MouseOver
    doc = view.itemDelegate().document(option, index, option.rect.width())
    colours = set()
    block = doc.begin()
    while block.isValid():
        for fragment_range in block.textFormats():
            fmt: QTextCharFormat = fragment_range.format
            text = block.text()[fragment_range.start:fragment_range.start + fragment_range.length]
            if text.strip():
                brush = fmt.foreground()
                colours.add(brush.color().name() if brush.style() else "default")
        block = block.next()
    assert "default" not in colours, "text without a colour of the theme's"
    return colours


@pytest.mark.parametrize("name, minimum", [("high-contrast", 7.0), ("high-contrast+large-print", 7.0),
                                           ("default", 4.5), ("large-print", 4.5)])
def test_result_text_contrasts_with_its_background_in_every_theme(qtbot, themed, results, name, minimum):
    theme = themed(name)
    view = results.results_view
    assert results.result_count() == 3 and view.currentIndex().row() == 0
    base = view.palette().color(QPalette.ColorRole.Base).name()
    highlight = view.palette().color(QPalette.ColorRole.Highlight).name()
    assert base == QColor(theme.base).name()
    for row in (1, 2):  # not selected: on the list's own background
        for colour in _text_colours(results, row, selected=False):
            assert themes.contrast_ratio(colour, base) >= minimum, (name, row, colour, base)
    for colour in _text_colours(results, 0, selected=True):  # selected: on the highlight
        assert themes.contrast_ratio(colour, highlight) >= minimum, (name, colour, highlight)
    # Under the pointer: high contrast's style sheet paints the row in the highlight colour.
    hover_background = highlight if theme.high_contrast else base
    for colour in _text_colours(results, 1, selected=False, hovered=True):
        assert themes.contrast_ratio(colour, hover_background) >= minimum, (name, colour, hover_background)


def test_high_contrast_results_are_light_on_black_on_screen(qtbot, themed, results):
    """The pixels themselves: unselected rows show light letters (they were dark on black)."""
    themed("high-contrast")
    view = results.results_view
    view.doItemsLayout()
    qtbot.wait(50)
    image = view.viewport().grab().toImage()
    rect = view.visualRect(results.model.index(1, 0)).intersected(view.viewport().rect())
    assert rect.height() > 20
    lightest = max(image.pixelColor(x, y).lightness() for x in range(rect.left(), rect.right(), 2)
                   for y in range(rect.top(), rect.bottom(), 2))
    background = image.pixelColor(rect.right() - 2, rect.bottom() - 2)
    assert background.lightness() < 30  # black list
    assert lightest > 200  # white / light words on it


def test_the_suggestion_link_follows_the_theme(qtbot, themed, results):
    assert results.suggestion() == "fracture"
    assert f"color:{themes.current_theme().link}" in results.suggestion_label.text()
    theme = themed("high-contrast")  # switched while the suggestion is on screen
    qtbot.waitUntil(lambda: f"color:{theme.link}" in results.suggestion_label.text(), timeout=1000)
    assert results.suggestion() == "fracture"


def test_no_fixed_colours_left_in_the_result_html(results):
    html = results.model.index(0, 0).data(Role.HTML)
    assert html and "color" not in html and "class='title'" in html

