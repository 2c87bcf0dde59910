"""The on-screen keyboard types into the search box like a real one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from mbc_reader.ui.keyboard import ACCENTS, OnScreenKeyboard


@pytest.fixture
def search(qtbot):
    page = QWidget()
    box = QVBoxLayout(page)
    edit = QLineEdit(page)
    keyboard = OnScreenKeyboard(edit, page)
    box.addWidget(edit)
    box.addWidget(keyboard)
    qtbot.addWidget(page)
    page.show()
    keyboard.show()
    yield edit, keyboard
    page.close()  # keeps the parent (and so its keys) alive for the whole test


def press(qtbot, keyboard: OnScreenKeyboard, text: str) -> None:
    for ch in text:
        qtbot.mouseClick(keyboard.keys[ch], Qt.MouseButton.LeftButton)


def test_keys_type_into_the_line_edit(qtbot, search):
    edit, keyboard = search
    press(qtbot, keyboard, "breast cancer")
    assert edit.text() == "breast cancer"


def test_accented_letters_appear_with_their_toggle(qtbot, search):
    edit, keyboard = search
    assert not keyboard.keys["ñ"].isVisible()
    qtbot.mouseClick(keyboard.accents_toggle, Qt.MouseButton.LeftButton)
    assert all(keyboard.keys[ch].isVisible() for ch in ACCENTS)
    press(qtbot, keyboard, "mamá año pingüino")
    assert edit.text() == "mamá año pingüino"
    qtbot.mouseClick(keyboard.accents_toggle, Qt.MouseButton.LeftButton)
    assert not keyboard.keys["á"].isVisible()


def test_digits_backspace_and_clear(qtbot, search):
    edit, keyboard = search
    qtbot.mouseClick(keyboard.digits_toggle, Qt.MouseButton.LeftButton)
    press(qtbot, keyboard, "stage 45")
    qtbot.mouseClick(keyboard.backspace_key, Qt.MouseButton.LeftButton)
    assert edit.text() == "stage 4"
    edit.setCursorPosition(0)
    press(qtbot, keyboard, "x")  # inserts at the cursor, as typing does
    assert edit.text() == "xstage 4"
    qtbot.mouseClick(keyboard.clear_key, Qt.MouseButton.LeftButton)
    assert edit.text() == ""


def test_search_key_presses_return_in_the_box(qtbot, search):
    edit, keyboard = search
    press(qtbot, keyboard, "pain")
    with qtbot.waitSignal(edit.returnPressed, timeout=1000):
        qtbot.mouseClick(keyboard.search_key, Qt.MouseButton.LeftButton)


def test_keys_never_take_the_focus(qtbot, search):
    edit, keyboard = search
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=1000)
    press(qtbot, keyboard, "ab")
    assert edit.hasFocus() and all(k.focusPolicy() == Qt.FocusPolicy.NoFocus for k in keyboard.keys.values())


def test_keyboard_pops_up_when_the_box_gets_focus_and_hides_on_request(qtbot):
    page = QWidget()
    box = QVBoxLayout(page)
    other, edit = QLineEdit(page), QLineEdit(page)
    keyboard = OnScreenKeyboard(parent=page)
    for widget in (other, edit, keyboard):
        box.addWidget(widget)
    qtbot.addWidget(page)
    page.show()
    keyboard.follow_focus(edit)
    assert not keyboard.isVisible()
    page.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(keyboard.isVisible, timeout=1000)
    with qtbot.waitSignal(keyboard.hide_requested, timeout=1000):
        qtbot.mouseClick(keyboard.hide_key, Qt.MouseButton.LeftButton)
    assert not keyboard.isVisible()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)  # the box still has the focus: a touch is enough
    assert keyboard.isVisible()


def test_keys_are_big_enough_for_a_finger(search):
    _, keyboard = search
    for key in keyboard.keys.values():
        assert key.minimumHeight() >= 44 and key.minimumWidth() >= 44
        assert key.height() >= 44 and key.width() >= 44


def test_every_key_has_an_accessible_name_and_description(search):
    _, keyboard = search
    from PySide6.QtWidgets import QPushButton

    for key in keyboard.findChildren(QPushButton):
        assert QAccessible.queryAccessibleInterface(key).text(QAccessible.Text.Name), key.text()
        assert QAccessible.queryAccessibleInterface(key).text(QAccessible.Text.Description), key.text()
    assert QAccessible.queryAccessibleInterface(keyboard.backspace_key).text(QAccessible.Text.Name) == "Delete"
    assert QAccessible.queryAccessibleInterface(keyboard).text(QAccessible.Text.Name) == "On-screen keyboard"


def test_reset_hides_the_extra_rows(qtbot, search):
    _, keyboard = search
    qtbot.mouseClick(keyboard.accents_toggle, Qt.MouseButton.LeftButton)
    keyboard.reset()
    assert not keyboard.isVisible() and not keyboard.accents_toggle.isChecked()
    keyboard.show()
    assert not keyboard.keys["á"].isVisible()


def test_install_keyboard_puts_it_below_the_window_content(qtbot):
    from PySide6.QtWidgets import QMainWindow, QTextBrowser

    from mbc_reader.ui.keyboard import install_keyboard

    window = QMainWindow()
    page = QWidget()
    box = QVBoxLayout(page)
    edit, article = QLineEdit(page), QTextBrowser(page)
    box.addWidget(edit)
    box.addWidget(article)
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    window.resize(900, 700)
    window.show()
    keyboard = install_keyboard(window, edit)
    assert page.parentWidget() is window.centralWidget() and not keyboard.isVisible()
    window.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(keyboard.isVisible, timeout=1000)
    assert keyboard.geometry().top() >= page.geometry().bottom()
    press(qtbot, keyboard, "hola")
    assert edit.text() == "hola"
