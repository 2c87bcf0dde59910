"""The window's own words follow a language switch at once, while it is on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mbc_reader.ui.appearance import AccessibilityBar
from mbc_reader.ui.search_results import hit_html


def _switch(qtbot, window, language: str) -> None:
    assert window.appearance.set_language(language) == language
    qtbot.wait(1)  # LanguageChange is posted: let it arrive


def test_switching_to_spanish_rewords_the_window_and_back(qtbot, make_window, seed_content, built_translations_for_windows, spanish):
    window = make_window(seed_content)
    try:
        assert window.back_action.text() == "Back"
        _switch(qtbot, window, "es")
        back = spanish("ReaderWindow", "Back")
        assert back and back != "Back"
        qtbot.waitUntil(lambda: window.back_action.text() == back, timeout=2000)
        assert window.toolbar.widgetForAction(window.back_action).text() == back  # the button on screen
        assert window.back_action.toolTip() == spanish("ReaderWindow", "Back (Alt+Left)")
        assert window.find_action.text() == spanish("ReaderWindow", "Find")
        larger = window.toolbar.widgetForAction(window.larger_action)
        assert larger.accessibleName() == spanish("ReaderWindow", "Larger text (Ctrl+=)")  # "A+" alone says nothing
        assert window.windowTitle().endswith(spanish("ReaderWindow", "Cancer information"))
        panel = window.search_panel
        assert panel.search_edit.accessibleName() == spanish("SearchPanel", "Search the articles")
        if panel.is_available():
            assert panel.search_edit.placeholderText() == spanish("SearchPanel", "Search (Ctrl+K)")
        assert window.find_bar.label.text() == spanish("FindBar", "Find in this article:")
        assert window.find_bar.close_button.toolTip() == spanish("FindBar", "Close (Esc)")
        assert window.glossary_popup.accessibleName() == spanish("GlossaryPopup", "Definition")
        assert window.image_viewer.close_button.text() == spanish("ImageViewer", "Close")
        assert window.image_viewer.windowTitle() == spanish("ImageViewer", "Picture")
        assert window.navigator.accessibleName() == spanish("Navigator", "Contents")
        assert window.article_view.accessibleName() == spanish("ArticleView", "Article")
        (bar,) = window.findChildren(AccessibilityBar)
        assert bar.contrast_button.text() == spanish("AccessibilityBar", "High contrast")
        _switch(qtbot, window, "en")
        qtbot.waitUntil(lambda: window.back_action.text() == "Back", timeout=2000)
        assert window.find_bar.label.text() == "Find in this article:"
        assert window.image_viewer.close_button.text() == "Close"
    finally:
        window.appearance.set_language("en")


def test_an_open_definition_and_the_find_count_are_reworded(qtbot, make_window, seed_content, built_translations_for_windows, spanish):
    window = make_window(seed_content)
    try:
        window.find_bar.open_bar()
        qtbot.keyClicks(window.find_bar.edit, "zzzz-not-in-the-article")
        assert window.find_bar.count_label.text() == "Not found"
        window.glossary_popup.show_term("0", "xyzzy", "en", window.geometry())  # no such term
        qtbot.waitUntil(window.glossary_popup.isVisible, timeout=2000)
        assert "No offline definition for this word." in window.glossary_popup.text()
        _switch(qtbot, window, "es")
        qtbot.waitUntil(lambda: window.find_bar.count_label.text() == spanish("FindBar", "Not found"), timeout=2000)
        assert spanish("GlossaryPopup", "No offline definition for this word.") in window.glossary_popup.text()
        window.glossary_popup.close()
    finally:
        window.appearance.set_language("en")


def test_search_status_and_dictionary_rows_are_reworded(qtbot, make_window, seed_content, built_translations_for_windows, spanish):
    window = make_window(seed_content)
    panel = window.search_panel
    if not panel.is_available():
        import pytest

        pytest.skip("search is not available in this build")
    try:
        with qtbot.waitSignal(panel.results_ready, timeout=60_000):
            window.search("bone scan")
        count = panel.result_count()
        assert count > 0
        english = panel.status_label.text()
        _switch(qtbot, window, "es")
        qtbot.waitUntil(lambda: panel.status_label.text() != english, timeout=2000)
        words = spanish("SearchPanel", "1 result") if count == 1 else spanish("SearchPanel", "%1 results").replace("%1", str(count))
        best = spanish("SearchPanel", "Best %1 of %2 results").split("%1")[0]
        assert panel.status_label.text() == words or panel.status_label.text().startswith(best)
        rows = [panel.model.index(r, 0) for r in range(count)]
        terms = [i for i in rows if str(i.data(Qt.ItemDataRole.UserRole + 1)).startswith("glossary:")]
        for index in terms:
            assert spanish("SearchPanel", "Dictionary") in index.data(Qt.ItemDataRole.UserRole + 3)
    finally:
        window.appearance.set_language("en")


def test_a_dictionary_result_says_dictionary_once_in_the_interface_language(translations, spanish):
    assert hit_html("bone scan", "Dictionary", "a <b>scan</b>", True).count("Dictionary") == 1
    translations.set_language("es")
    words = hit_html("bone scan", "Dictionary", "a <b>scan</b>", True)
    assert spanish("SearchPanel", "Dictionary") in words and "Dictionary" not in words  # not "Diccionario · Dictionary"
    assert "Symptoms" in hit_html("Article", "Symptoms", "", False)


def test_the_words_the_app_adds_to_an_article_follow_a_spanish_interface(qtbot, make_window, picture_content,
                                                                          built_translations_for_windows):
    """Last reviewed, Source, Credit, Enlarge: Spanish under a Spanish interface, back in English."""
    window = make_window(picture_content)
    view = window.article_view
    try:
        window.open_article(window.home_article_id())
        assert "Credit: Test Credit" in view.toPlainText()
        _switch(qtbot, window, "es")
        qtbot.waitUntil(lambda: "Crédito: Test Credit" in view.toPlainText(), timeout=3000)
        assert "Ampliar la imagen" in view.toPlainText() and "Enlarge picture" not in view.toPlainText()
        _switch(qtbot, window, "en")
        qtbot.waitUntil(lambda: "Credit: Test Credit" in view.toPlainText(), timeout=3000)
    finally:
        window.appearance.set_language("en")
