"""Spanish articles: listed under "Español" in the navigator, Spanish definitions in the popup."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QLocale

from mbc_reader.content.glossary import Glossary
from mbc_reader.content.library import open_library
from mbc_reader.ui.navigator import Navigator, Role, build_model

from .conftest import SEED_FILE, SEED_ID

SPANISH_ID = "ganglios"


def _mixed_library(tmp_path, spanish_content):
    shutil.copy(SEED_FILE, spanish_content / SEED_FILE.name)
    (spanish_content / "sin-tema.md").write_text(
        "---\ntitle: Otra página - prueba\nlanguage: es-419\nstatus: active\n---\n\n# Otra página\n\nTexto.\n", encoding="utf-8")
    return open_library([spanish_content], write_cache=False)


def _rows(model, parent=None):
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


def test_spanish_articles_are_grouped_under_espanol_and_english_stays_as_it_was(qapp, tmp_path, spanish_content):
    library = _mixed_library(tmp_path, spanish_content)
    english_only = build_model(open_library([SEED_FILE.parent], write_cache=False))
    model = build_model(library)
    top = _rows(model)
    assert [i.data() for i in top] == [i.data() for i in _rows(english_only)] + ["Español"]
    assert top[0].data(Role.KIND) == "topic" and top[0].data() == "Breast cancer"
    assert [i.data(Role.ARTICLE_ID) for i in _rows(model, top[0])] == [SEED_ID]
    group = top[-1]
    assert group.data(Role.KIND) == "language" and group.data(Role.ARTICLE_ID) == "es"
    topics = _rows(model, group)
    assert [t.data() for t in topics] == ["Información general"]  # no topic of their own: Spanish words
    titles = [(a.data(), a.data(Role.ARTICLE_ID)) for a in _rows(model, topics[0])]
    assert titles == [("Los ganglios linfáticos", SPANISH_ID), ("Otra página", "sin-tema")]  # titles as the loader gives them
    article = _rows(model, topics[0])[0]
    assert [s.data() for s in _rows(model, article)] == ["¿Qué son?"]  # sections as written


def test_the_spanish_group_comes_first_in_a_spanish_interface(qapp, tmp_path, spanish_content):
    library = _mixed_library(tmp_path, spanish_content)
    model = build_model(library, first_language="es")
    assert [i.data() for i in _rows(model)] == ["Español", "Breast cancer"]


def test_the_navigator_finds_and_shows_a_spanish_article(qtbot, tmp_path, spanish_content, translations):
    navigator = Navigator()
    qtbot.addWidget(navigator)
    navigator.set_library(_mixed_library(tmp_path, spanish_content))
    navigator.show()
    assert navigator.language_order() == ["en", "es"]
    navigator.show_place(SPANISH_ID, "que-son")
    assert navigator.current_place() == (SPANISH_ID, "que-son")
    group = navigator.currentIndex().parent().parent().parent()
    assert group.data() == "Español" and navigator.isExpanded(group)
    translations.set_language("es")  # the interface in Spanish: its articles move to the top
    qtbot.waitUntil(lambda: navigator.language_order() == ["es", "en"], timeout=2000)
    assert navigator.current_place() == (SPANISH_ID, "que-son")  # the reader's place is kept
    assert QLocale().language() == QLocale.Language.Spanish
    translations.set_language("en")
    qtbot.waitUntil(lambda: navigator.language_order() == ["en", "es"], timeout=2000)


def test_a_spanish_article_shows_the_spanish_definition(qtbot, make_window, spanish_content):
    window = make_window(spanish_content)
    assert window.current_article_id() == SPANISH_ID
    assert window.article_view.article().language == "es"
    assert window.article_view.activate_link("glossary:45762")  # the /espanol/... dictionary link
    popup = window.glossary_popup
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    expected = Glossary.bundled().lookup("45762", language="es")
    assert expected is not None and expected.language == "es"
    assert popup.entry() is not None and popup.entry().name == "ganglio linfático"
    assert popup.term_label.text() == "ganglio linfático"
    assert popup.definition_label.text() == expected.definition
    assert "sistema inmunitario" in popup.text()  # the Spanish patient definition, not the English one
    assert "bean-shaped" not in popup.text()
