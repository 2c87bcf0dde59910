"""Every toolbar button can be reached with Tab (a keyboard or switch user has no mouse)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton


def _toolbar_buttons(window):
    buttons = []
    for toolbar in (window.toolbar, window.toolbar_rows.second):
        for action in toolbar.actions():
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton) and action.text():
                buttons.append((action, button))
    return buttons


def test_every_toolbar_button_takes_keyboard_focus(make_window, seed_content):
    window = make_window(seed_content)
    buttons = _toolbar_buttons(window)
    names = {a.text().replace("&", "") for a, _ in buttons}
    assert len(buttons) >= 6, names
    assert [a.text() for a, b in buttons if not b.focusPolicy() & Qt.FocusPolicy.TabFocus] == []


def test_tab_from_the_search_box_reaches_home_and_the_text_size_buttons(make_window, seed_content, qtbot):
    window = make_window(seed_content)
    window.open_article(window.home_article_id())
    wanted = {window.home_action, window.larger_action, window.smaller_action, window.find_action}
    by_button = {b: a for a, b in _toolbar_buttons(window) if a in wanted}
    window.search_panel.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search_panel.search_edit, timeout=2000)
    reached = set()
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused in by_button:
            reached.add(by_button[focused])
    assert {a.text() for a in wanted - reached} == set()
