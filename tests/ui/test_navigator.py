"""The navigator tree: topics -> articles -> sections, built from the library, filled lazily."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mbc_reader.content.library import open_library
from mbc_reader.ui.navigator import PENDING, Navigator, Role, build_model


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
    assert navigator.model().index(0, 0, article).data(Role.KIND) == PENDING
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
