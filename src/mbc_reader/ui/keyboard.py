"""An on-screen keyboard for the search box, for kiosks with a touch screen and no keyboard.

Qt's Virtual Keyboard is GPL and needs Qt Quick, so this is a plain QWidget of big keys (at least
44 px, 56 by default). Keys never take the focus: the search box keeps its cursor, and each key
calls ``insert()`` / ``backspace()`` on it, so its ``textChanged`` drives search as typing does.
Spanish needs á é í ó ú ü ñ: one toggle shows that row; another shows the digits. Lower case only,
because search ignores case.

``follow_focus(line_edit)`` shows the keyboard whenever that box gets the focus (kiosk mode).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QApplication, QGridLayout, QLineEdit, QMainWindow, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from .lifetime import built, guarded

log = logging.getLogger(__name__)

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
ACCENTS = "áéíóúüñ"
DIGITS = "1234567890"
KEY_SIZE = 56  # px high: above the 44 px touch minimum, with room for a shaky finger
_COLUMNS = 20  # half-key grid columns: ten keys across, rows offset by half a key


class _Key(QPushButton):
    """A key that never steals the focus from the search box."""

    def __init__(self, label: str, parent: QWidget, *, name: str, description: str, size: int) -> None:
        super().__init__(label, parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(44, size)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)


class OnScreenKeyboard(QWidget):
    """Types into a target ``QLineEdit``; hidden until asked for."""

    text_typed = Signal(str)  # a letter, digit or space was typed
    submitted = Signal()  # the Search key: the target got a Return key press
    hide_requested = Signal()

    def __init__(self, target: QLineEdit | None = None, parent: QWidget | None = None, *,
                 key_size: int = KEY_SIZE) -> None:
        super().__init__(parent)
        self.setObjectName("onScreenKeyboard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._target: QLineEdit | None = None
        self._followed: list[QLineEdit] = []  # the boxes it pops up for (it types into the last focused)
        self._key_size = max(44, key_size)
        # Its own sheet wins over the window's (touch sizes, themes): keys keep their full size.
        self.setStyleSheet("QWidget#onScreenKeyboard { border-top: 2px solid palette(mid); }\n"
                           f"QPushButton {{ min-height: {self._key_size - 6}px; min-width: 44px; padding: 0px; }}")
        self.keys: dict[str, QPushButton] = {}  # by the text each key types (" " for space)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.5)
        self.setFont(font)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(8, 8, 8, 8)
        self._grid.setSpacing(6)
        for column in range(_COLUMNS):
            self._grid.setColumnStretch(column, 1)  # every key the same width, rows staggered
        self.digit_row = self._letters(0, DIGITS, 0)
        self._letters(1, LETTER_ROWS[0], 0)
        self._letters(2, LETTER_ROWS[1], 1)
        self.accent_row = self._letters(3, ACCENTS, 3)
        self._letters(4, LETTER_ROWS[2], 3)
        self.backspace_key = self._special(4, 17, 3, self._on_backspace)
        self.backspace_key.setAutoRepeat(True)
        self.digits_toggle = self._special(5, 0, 3, self._on_toggle_digits, checkable=True)
        self.accents_toggle = self._special(5, 3, 3, self._on_toggle_accents, checkable=True)
        self.space_key = self._special(5, 6, 6, lambda: self._type(" "))
        self.keys[" "] = self.space_key
        self.clear_key = self._special(5, 12, 3, self._on_clear)
        self.search_key = self._special(5, 15, 3, self._on_search)
        self.hide_key = self._special(5, 18, 2, self._on_hide)
        self._show_row(self.digit_row, False)
        self._show_row(self.accent_row, False)
        self.set_target(target)
        self.retranslate()
        self.hide()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    # -- building -------------------------------------------------------------------------------
    def _letters(self, row: int, chars: str, first_column: int) -> list[QPushButton]:
        """One row of keys, each two grid columns wide, starting half a key in for the stagger."""
        keys = []
        for i, ch in enumerate(chars):
            key = _Key(ch, self, name=ch, description="", size=self._key_size)
            key.clicked.connect(lambda _=False, c=ch: self._type(c))
            self._grid.addWidget(key, row, first_column + 2 * i, 1, 2)
            self.keys[ch] = key
            keys.append(key)
        return keys

    def _special(self, row: int, column: int, span: int, slot, *, checkable: bool = False) -> QPushButton:
        key = _Key("", self, name="", description="", size=self._key_size)
        key.setCheckable(checkable)
        key.clicked.connect(lambda _=False: slot())
        self._grid.addWidget(key, row, column, 1, span)
        return key

    @staticmethod
    def _show_row(keys: list[QPushButton], visible: bool) -> None:
        for key in keys:
            key.setVisible(visible)

    def retranslate(self) -> None:
        """Names screen readers say for each key; re-run on a language switch."""
        self.setAccessibleName(self.tr("On-screen keyboard"))
        self.setAccessibleDescription(self.tr("Touch the keys to type in the search box."))
        for ch, key in self.keys.items():
            if ch != " ":
                key.setAccessibleName(ch)
                key.setAccessibleDescription(self.tr("Types this letter in the search box."))
        for ch in DIGITS:
            self.keys[ch].setAccessibleDescription(self.tr("Types this number in the search box."))
        named = {
            self.space_key: (self.tr("Space"), self.tr("Space"), self.tr("Types a space between words.")),
            self.backspace_key: ("⌫", self.tr("Delete"), self.tr("Deletes the last letter.")),
            self.clear_key: (self.tr("Clear"), self.tr("Clear"), self.tr("Deletes everything in the search box.")),
            self.search_key: (self.tr("Search"), self.tr("Search"), self.tr("Searches for what you typed.")),
            self.hide_key: (self.tr("Hide"), self.tr("Hide keyboard"), self.tr("Hides this keyboard.")),
            self.digits_toggle: ("123", self.tr("Numbers"), self.tr("Shows or hides the number keys.")),
            self.accents_toggle: ("á é ñ", self.tr("Accents"), self.tr("Shows or hides the letters á é í ó ú ü ñ.")),
        }
        for key, (label, name, description) in named.items():
            key.setText(label)
            key.setAccessibleName(name)
            key.setAccessibleDescription(description)
            key.setToolTip(name)

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- target ---------------------------------------------------------------------------------
    def target(self) -> QLineEdit | None:
        return self._target

    def set_target(self, target: QLineEdit | None) -> None:
        self._target = target

    def follow_focus(self, line_edit: QLineEdit) -> None:
        """Type into ``line_edit`` and pop up whenever it gets the focus or a touch (kiosk mode).
        Called for several boxes (the sidebar's search and the home page's), it types into the
        one that last had the focus."""
        self.set_target(line_edit)
        if line_edit not in self._followed:
            self._followed.append(line_edit)
            line_edit.installEventFilter(self)

    @guarded
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched in self._followed and event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            self._target = watched  # type: ignore[assignment]
            self.show()  # a touch on the box brings it back after "Hide", though the box kept the focus
        return super().eventFilter(watched, event)

    def reset(self) -> None:
        """Back to letters only and hidden: a kiosk reset calls this."""
        self.digits_toggle.setChecked(False)
        self.accents_toggle.setChecked(False)
        self._show_row(self.digit_row, False)
        self._show_row(self.accent_row, False)
        self.hide()

    # -- keys -----------------------------------------------------------------------------------
    def _type(self, text: str) -> None:
        if self._target is not None:
            self._target.insert(text)
        self.text_typed.emit(text)

    @Slot()
    def _on_backspace(self) -> None:
        if self._target is not None:
            self._target.backspace()

    @Slot()
    def _on_clear(self) -> None:
        if self._target is not None:
            self._target.clear()

    @Slot()
    def _on_search(self) -> None:
        """A real Return key press, so the box behaves exactly as with a hardware keyboard."""
        if self._target is not None:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(self._target, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r"))
        self.submitted.emit()

    @Slot()
    def _on_toggle_digits(self) -> None:
        self._show_row(self.digit_row, self.digits_toggle.isChecked())

    @Slot()
    def _on_toggle_accents(self) -> None:
        self._show_row(self.accent_row, self.accents_toggle.isChecked())

    @Slot()
    def _on_hide(self) -> None:
        self.hide()
        self.hide_requested.emit()


def install_keyboard(window: QMainWindow, line_edit: QLineEdit) -> OnScreenKeyboard:
    """Put a keyboard across the bottom of ``window`` that pops up when ``line_edit`` gets the focus.

    The window's central widget is wrapped (not rebuilt), so the keyboard spans the whole width and
    pushes the content up instead of covering the article.
    """
    central = window.takeCentralWidget()
    wrapper = QWidget(window)
    wrapper.setObjectName("keyboardHost")
    box = QVBoxLayout(wrapper)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(0)
    if central is not None:
        box.addWidget(central, 1)
    keyboard = OnScreenKeyboard(parent=wrapper)
    box.addWidget(keyboard, 0)
    window.setCentralWidget(wrapper)
    keyboard.follow_focus(line_edit)
    return keyboard
