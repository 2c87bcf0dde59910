"""The navigator tree: topics -> articles -> sections, built from the library, filled lazily.

The model (ui/library_model.py) owns the items, the lazy sections and the reader's place: its
sections come through Qt's canFetchMore/fetchMore (no placeholder rows), QAbstractItemModelTester
finds it consistent (lazy or not, also while it is rebuilt), and ``place_changed`` reports the place
the window sets, once per change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from mbc_reader.content.library import open_library
from mbc_reader.ui.library_model import LibraryModel
from mbc_reader.ui.navigator import Navigator, Role, build_model


def _library(write_article, tmp_path):
    write_article("b.md", "# Beta\n\nText.\n\n## First part\n\nA.\n\n### Inner\n\nB.\n", url="https://www.cancer.gov/types/lung/x")
    write_article("a.md", "# Alpha\n\nText.\n\n## Only part\n\nC.\n", url="https://www.cancer.gov/types/lung/y")
    write_article("c.md", "# Gamma\n\nText.\n", url="https://www.cancer.gov/about-cancer/coping/z")
    return open_library([tmp_path / "content"], write_cache=False)


def test_topics_then_articles_by_title_then_sections(write_article, tmp_path, qapp):
    model = build_model(_library(write_article, tmp_path))
    topics = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert topics == ["Coping with cancer", "Lung cancer"]
    lung = model.index(1, 0)
    assert [model.index(r, 0, lung).data() for r in range(model.rowCount(lung))] == ["Alpha", "Beta"]
    beta = model.index(1, 0, lung)
    first = model.index(0, 0, beta)
    assert (first.data(), first.data(Role.KIND), first.data(Role.ARTICLE_ID)) == ("First part", "section", "b")
    assert model.index(0, 0, first).data() == "Inner"


def test_sections_are_filled_in_when_needed(qtbot, write_article, tmp_path, user_dirs):
    navigator = Navigator()
    qtbot.addWidget(navigator)
    navigator.set_library(_library(write_article, tmp_path))
    article = navigator.index_for("b")
    assert article.isValid()
    model = navigator.model()
    assert model.rowCount(article) == 0 and model.hasChildren(article) and model.canFetchMore(article)
    section = navigator.index_for("b", "inner")
    assert section.isValid() and section.data() == "Inner"
    navigator.show_place("b", "inner")
    assert navigator.current_place() == ("b", "inner")
    assert navigator.isExpanded(navigator.index_for("b"))


def test_enter_on_an_item_asks_to_go_there_and_a_topic_folds(qtbot, write_article, tmp_path, user_dirs):
    navigator = Navigator()
    qtbot.addWidget(navigator)
    navigator.set_library(_library(write_article, tmp_path))
    navigator.show()
    navigator.setCurrentIndex(navigator.index_for("a", "only-part"))
    with qtbot.waitSignal(navigator.navigation_requested, timeout=1000) as asked:
        qtbot.keyClick(navigator, Qt.Key.Key_Return)
    assert asked.args == ["a", "only-part"]
    topic = navigator.model().index(0, 0)
    expanded = navigator.isExpanded(topic)
    navigator.setCurrentIndex(topic)
    qtbot.keyClick(navigator, Qt.Key.Key_Return)
    assert navigator.isExpanded(topic) != expanded


def test_retired_articles_are_not_listed(write_article, tmp_path, qapp):
    write_article("old.md", "# Old\n\nText.\n", status="retired")
    write_article("new.md", "# New\n\nText.\n")
    model = build_model(open_library([tmp_path / "content"], write_cache=False))
    titles = [model.index(r, 0, model.index(0, 0)).data() for r in range(model.rowCount(model.index(0, 0)))]
    assert titles == ["New"]


def test_expanding_an_article_in_the_view_fetches_its_sections(qtbot, write_article, tmp_path, user_dirs):
    navigator = Navigator()
    qtbot.addWidget(navigator)
    navigator.set_library(_library(write_article, tmp_path))
    model = navigator.model()
    gamma = navigator.index_for("c")
    assert not model.hasChildren(gamma) and not model.canFetchMore(gamma)  # no sections: no arrow
    navigator.show()
    qtbot.waitExposed(navigator)
    beta = navigator.index_for("b")
    navigator.expand(beta.parent())
    navigator.expand(beta)  # Qt's tree view asks the model to fetch what it expands
    assert not model.canFetchMore(beta)
    assert [model.index(r, 0, beta).data() for r in range(model.rowCount(beta))] == ["First part"]


def _tested(model: LibraryModel, qtlog) -> None:
    """Qt's QAbstractItemModelTester over the model as it is now: it walks every item, fetching
    each article's sections (rowsInserted checked as they come). A failure is a Qt warning."""
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    failures = [r.message for r in qtlog.records if "FAIL" in r.message]
    assert failures == []
    assert tester.model() is model


@pytest.mark.parametrize("lazy", [True, False], ids=["lazy", "whole"])
def test_the_library_model_passes_qts_model_tester(write_article, tmp_path, qapp, spanish_content, qtlog, lazy):
    model = LibraryModel(_library(write_article, tmp_path), lazy=lazy)
    assert model.canFetchMore(model.index_for("b")) is lazy
    _tested(model, qtlog)
    assert not model.canFetchMore(model.index_for("b"))  # the tester fetched it
    assert model.index_for("b", "inner").isValid()
    model.set_library(open_library([tmp_path / "content", spanish_content], write_cache=False))  # a reset
    assert model.language_order() == ["en", "es"] and model.canFetchMore(model.index_for("b")) is lazy
    _tested(model, qtlog)
    assert model.set_first_language("es") and model.language_order() == ["es", "en"]
    _tested(model, qtlog)
    assert model.index_for("b", "first-part").isValid()


def test_the_model_holds_the_place_and_says_when_it_changes(write_article, tmp_path, qapp, spanish_content):
    model = LibraryModel(_library(write_article, tmp_path))
    seen = []
    model.place_changed.connect(lambda article, anchor: seen.append((article, anchor)))
    assert model.place() == ("", "")
    assert model.set_place("b", "inner") and model.place() == ("b", "inner")
    assert not model.set_place("b", "inner")  # the same place: no signal
    assert model.set_place("a", "no-such-section") and model.place() == ("a", "")  # the article itself
    assert model.set_place("not-listed", "") and model.place() == ("", "")
    model.set_place("b", "first-part")
    model.set_library(open_library([tmp_path / "content", spanish_content], write_cache=False))
    assert model.place() == ("b", "first-part")  # kept through the rebuild, in the new rows
    assert model.place_index().data() == "First part"
    model.set_library(open_library([spanish_content], write_cache=False))
    assert model.place() == ("", "")  # no longer listed
    assert seen == [("b", "inner"), ("a", ""), ("", ""), ("b", "first-part"), ("b", "first-part"), ("", "")]
