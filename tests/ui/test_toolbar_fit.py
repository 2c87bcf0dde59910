"""The toolbar never hides a button behind Qt's "»" menu: it takes a second row instead."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QPushButton, QToolBar, QToolButton, QWidget

from .conftest import app_look_kept


@pytest.fixture
def restore_look(qapp):
    with app_look_kept(qapp):
        yield


def _on_screen(window, widget: QWidget) -> bool:
    """Shown, not clipped by its toolbar, and inside the window."""
    if not widget.isVisible() or widget.width() < 20:
        return False
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    return window.rect().contains(rect)


def _extension_shown(window) -> bool:
    return any(button.isVisible() for toolbar in window.findChildren(QToolBar)
               for button in toolbar.findChildren(QToolButton, "qt_toolbar_ext_button"))


def _all_reachable(window) -> None:
    for action in window.toolbar.actions():
        if action.isSeparator() or not action.text():
            continue
        button = window.toolbar.widgetForAction(action)
        assert button is not None and _on_screen(window, button), action.text()
        assert button.width() >= button.minimumSizeHint().width(), f"{action.text()} squeezed"
    for button in window.toolbar_rows.group.findChildren(QPushButton):
        if not button.isHidden():
            assert _on_screen(window, button), button.text()
            assert button.width() >= button.minimumSizeHint().width(), f"{button.text()} squeezed"
    assert not _extension_shown(window)


def test_large_print_spanish_and_a_kiosk_button_take_two_rows_at_1280(qtbot, make_window, seed_content, restore_look,
                                                                      built_translations_for_windows):
    window = make_window(seed_content)
    try:
        rows = window.toolbar_rows
        assert not rows.is_wrapped()  # normal print, English: one row
        _all_reachable(window)
        window.appearance.set_language("es")
        window.appearance.set_large_print(True)
        rows.add_widget(QPushButton("Terminé — empezar de nuevo"))  # as kiosk mode adds its button
        qtbot.waitUntil(rows.is_wrapped, timeout=2000)
        qtbot.wait(20)
        assert window.width() == 1280
        assert rows.one_row_width() > window.width()
        assert rows.second.isVisible()
        _all_reachable(window)
        main, second = window.toolbar.geometry(), rows.second.geometry()
        assert second.top() >= main.bottom()  # the group really is on a row of its own
        window.resize(1920, 800)  # room enough: back to one row
        qtbot.waitUntil(lambda: not rows.is_wrapped(), timeout=2000)
        assert not rows.second.isVisible()
        _all_reachable(window)
    finally:
        window.appearance.set_large_print(False)
        window.appearance.set_language("en")


def test_one_row_when_it_fits(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    qtbot.wait(20)
    assert not window.toolbar_rows.is_wrapped()
    assert window.toolbar_rows.group.parentWidget() is window.toolbar
    _all_reachable(window)
