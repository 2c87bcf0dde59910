"""Glossary words: a popup beside the word with the NCI definition, by mouse or keyboard."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QTextCursor

from mbc_reader.ui.glossary_popup import GlossaryPopup

LYMPH_NODES = "glossary:45762"


def _link_point(view, href: str):
    position = view.find_link(href)
    assert position >= 0, href
    cursor = QTextCursor(view.document())
    cursor.setPosition(position + 2)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    return view.cursorRect(cursor).center()


def test_clicking_lymph_nodes_shows_the_nci_definition_beside_the_word(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    view = window.article_view
    point = _link_point(view, LYMPH_NODES)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    popup = window.glossary_popup
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    assert popup.objectName() == "glossaryPopup"
    assert popup.entry() is not None and popup.entry().term_id == "45762"
    text = popup.text()
    assert "lymph node" in text
    assert "bean-shaped structure" in text  # the NCI patient definition
    assert "NCI Dictionary of Cancer Terms" in text
    assert "Closest match" not in text
    word = view.viewport().mapToGlobal(point)
    geometry = popup.geometry()
    assert abs(geometry.top() - word.y()) < 400 or abs(geometry.bottom() - word.y()) < 400  # beside, not far away
    assert not popup.isModal()


def test_the_keyboard_reaches_a_term_and_esc_closes_it(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    view = window.article_view
    view.setFocus()
    assert view.focus_link(LYMPH_NODES)  # where Tab stops on the link
    qtbot.keyClick(view, Qt.Key.Key_Return)
    popup = window.glossary_popup
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    assert "lymph node" in popup.text()
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible()


def test_tab_moves_through_the_links_of_the_article(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    view = window.article_view
    view.setFocus()
    hrefs = set()
    for _ in range(12):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        cursor = view.textCursor()
        if cursor.hasSelection():
            hrefs.add(cursor.charFormat().anchorHref())
    assert any(h.startswith("glossary:") for h in hrefs)


def test_a_newer_term_shows_the_closest_match_and_says_so(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    window.article_view.activate_link("glossary:793442")  # "lymph system": not in the 2015 snapshot
    popup = window.glossary_popup
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    assert popup.entry() is not None and popup.entry().closest_match
    assert "Closest match" in popup.text()
    assert "lymph system" in popup.text()


def test_a_word_without_a_definition_is_said_calmly(qtbot, user_dirs):
    popup = GlossaryPopup()
    qtbot.addWidget(popup)
    popup.show_term("999999999", "zzqx", "en", QRect(100, 100, 60, 20))
    assert popup.isVisible()
    assert "No offline definition for this word" in popup.text()
    assert "zzqx" in popup.text()
    popup.close()


def test_a_spanish_article_gets_the_spanish_definition(qtbot, make_window, write_article, tmp_path):
    write_article(
        "es.md",
        "# Cáncer\n\nSe propaga a los [ganglios linfáticos](/espanol/publicaciones/diccionarios/diccionario-cancer/def/45762).\n",
        title="Cáncer - NCI",
        language="es",
    )
    window = make_window(tmp_path / "content")
    links = [ref for ref in window.library.get("es").glossary_refs]
    assert links, "the Spanish dictionary link should be recognised"
    window.article_view.activate_link(f"glossary:{links[0].term_id}")
    popup = window.glossary_popup
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    assert popup.entry() is not None and popup.entry().language == "es"
    assert "ganglio linfático" in popup.text()


def test_the_popup_is_announced_with_its_whole_definition_as_the_focused_object(qtbot, make_window, seed_content):
    """A screen reader reads the focused object's name and description: the term and the
    definition, not just "Definition"."""
    from PySide6.QtGui import QAccessible

    window = make_window(seed_content)
    view = window.article_view
    view.setFocus()
    assert view.focus_link(LYMPH_NODES)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    popup = window.glossary_popup
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    entry = popup.entry()
    assert entry is not None
    iface = QAccessible.queryAccessibleInterface(popup)
    assert entry.name in iface.text(QAccessible.Text.Name)
    description = iface.text(QAccessible.Text.Description)
    assert entry.definition in description and "Esc" in description
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
