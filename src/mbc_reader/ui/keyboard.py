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
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
ACCENTS = "áéíóúüñ"
DIGITS = "1234567890"
KEY_SIZE = 56  # px: above the 44 px touch minimum, with room for a shaky finger


class _Key(QPushButton):
    """A key that never steals the focus from the search box."""

    def __init__(self, label: str, parent: QWidget, *, name: str, description: str, size: int) -> None:
        super().__init__(label, parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(size, size)
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
        self._key_size = max(44, key_size)
        self.keys: dict[str, QPushButton] = {}  # by the text each key types (" " for space)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.5)
        self.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.digit_row = self._row(layout, DIGITS)
        for letters in LETTER_ROWS[:2]:
            self._row(layout, letters)
        self.accent_row = self._row(layout, ACCENTS)
        bottom_letters = self._row(layout, LETTER_ROWS[2])
        self.backspace_key = self._special(bottom_letters.layout(), "⌫", self._on_backspace, stretch=2)
        self.backspace_key.setAutoRepeat(True)
        controls = QHBoxLayout()
        controls.setSpacing(6)
        layout.addLayout(controls)
        self.digits_toggle = self._special(controls, "123", self._on_toggle_digits, checkable=True)
        self.accents_toggle = self._special(controls, "á é ñ", self._on_toggle_accents, checkable=True)
        self.space_key = self._special(controls, "", lambda: self._type(" "), stretch=5)
        self.keys[" "] = self.space_key
        self.clear_key = self._special(controls, "", self._on_clear, stretch=2)
        self.search_key = self._special(controls, "", self._on_search, stretch=2)
        self.hide_key = self._special(controls, "⌄", self._on_hide)
        self.digit_row.hide()
        self.accent_row.hide()
        self.set_target(target)
        self.retranslate()
        self.hide()

    # -- building -------------------------------------------------------------------------------
    def _row(self, layout: QVBoxLayout, chars: str) -> QWidget:
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        for ch in chars:
            key = _Key(ch, row, name=ch, description="", size=self._key_size)
            key.clicked.connect(lambda _=False, c=ch: self._type(c))
            box.addWidget(key)
            self.keys[ch] = key
        layout.addWidget(row)
        return row

    def _special(self, box, label: str, slot, *, stretch: int = 1, checkable: bool = False) -> QPushButton:
        key = _Key(label, self, name="", description="", size=self._key_size)
        key.setCheckable(checkable)
        key.clicked.connect(lambda _=False: slot())
        box.addWidget(key, stretch)
        return key

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
            self.hide_key: ("⌄", self.tr("Hide keyboard"), self.tr("Hides this keyboard.")),
            self.digits_toggle: ("123", self.tr("Numbers"), self.tr("Shows or hides the number keys.")),
            self.accents_toggle: ("á é ñ", self.tr("Accents"), self.tr("Shows or hides the letters á é í ó ú ü ñ.")),
        }
        for key, (label, name, description) in named.items():
            key.setText(label)
            key.setAccessibleName(name)
            key.setAccessibleDescription(description)
            key.setToolTip(name)

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
        """Type into ``line_edit`` and pop up whenever it gets the focus (kiosk mode)."""
        self.set_target(line_edit)
        line_edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._target and event.type() == QEvent.Type.FocusIn:
            self.show()
        return super().eventFilter(watched, event)

    def reset(self) -> None:
        """Back to letters only and hidden: a kiosk reset calls this."""
        self.digits_toggle.setChecked(False)
        self.accents_toggle.setChecked(False)
        self.digit_row.hide()
        self.accent_row.hide()
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
        self.digit_row.setVisible(self.digits_toggle.isChecked())

    @Slot()
    def _on_toggle_accents(self) -> None:
        self.accent_row.setVisible(self.accents_toggle.isChecked())

    @Slot()
    def _on_hide(self) -> None:
        self.hide()
        self.hide_requested.emit()
