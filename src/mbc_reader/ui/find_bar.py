"""Find in the article (Ctrl+F): every match lightly marked, the current one selected.

A bar under the article rather than a dialog, as in browsers: it never hides the text being
searched. Enter / F3 go to the next match, Shift+Enter / Shift+F3 to the previous one, Esc closes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

from . import style, theme
from .lifetime import built, guarded

MAX_MARKS = 2000  # marking more would only slow a huge page down


MATCH = "#fbeeb8"  # the other matches: a light yellow under dark letters
MATCH_HIGH_CONTRAST = "#7a5c00"  # on black: a dark amber under white letters (the current one is yellow)


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, view: QTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._view = view
        self._matches: list[QTextCursor] = []
        self._current = -1

        self.label = QLabel(self)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(240)
        self.label.setBuddy(self.edit)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.edit.installEventFilter(self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCount")
        self.count_label.setMinimumWidth(110)
        self.previous_button = self._button("up")
        self.next_button = self._button("down")
        self.close_button = self._button("close")
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.count_label)
        layout.addStretch(0)
        layout.addWidget(self.close_button)
        self.retranslate()
        self.hide()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def _button(self, icon: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(style.icon(icon))
        button.setIconSize(QSize(20, 20))
        button.setAutoRaise(True)
        return button

    def retranslate(self) -> None:
        self.label.setText(self.tr("Find in this article:"))
        self.edit.setAccessibleName(self.tr("Find in this article"))
        for button, tip in ((self.previous_button, self.tr("Previous match (Shift+Enter)")),
                            (self.next_button, self.tr("Next match (Enter)")),
                            (self.close_button, self.tr("Close (Esc)"))):
            button.setToolTip(tip)
            button.setAccessibleName(tip)
        self._show_count()

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        if self.edit.text():
            self.refresh()

    def close_bar(self) -> None:
        self._view.set_marks("find", [])
        self.hide()
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def reset(self) -> None:
        """Closed and empty, as built (a kiosk reset): the next Find shows no old text or marks,
        and Undo in the box brings nothing back (``setText`` forgets the undo history)."""
        self.edit.setText("")
        self._matches = []
        self._current = -1
        self._show_count()
        self.close_bar()

    def match_count(self) -> int:
        return len(self._matches)

    def current_match(self) -> int:
        return self._current

    @Slot()
    def refresh(self) -> None:
        """Find the text again (the article changed, or the text did)."""
        text = self.edit.text()
        self._matches = []
        self._current = -1
        if text:
            doc = self._view.document()
            cursor = QTextCursor(doc)
            while len(self._matches) < MAX_MARKS:
                cursor = doc.find(text, cursor, QTextDocument.FindFlag(0))
                if cursor.isNull():
                    break
                self._matches.append(QTextCursor(cursor))
        if self._matches:
            top = self._view.cursorForPosition(self._view.viewport().rect().topLeft()).position()
            self._current = next((i for i, m in enumerate(self._matches) if m.selectionStart() >= top), 0)
        self._show_current()

    @Slot(str)
    def _on_edit_text_changed(self, _text: str) -> None:
        self.refresh()

    def find_next(self) -> None:
        if self._matches:
            self._current = (self._current + 1) % len(self._matches)
            self._show_current()

    def find_previous(self) -> None:
        if self._matches:
            self._current = (self._current - 1) % len(self._matches)
            self._show_current()

    def _show_current(self) -> None:
        """Every match lightly marked; the current one in the theme's focus colour, drawn last,
        so it is the most visible thing on the page (it was the fainter of two yellows)."""
        current = theme.current_theme()
        ink = QColor(current.highlighted_text)
        selections, on_top = [], []
        for i, match in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = match
            if i == self._current:
                selection.format.setBackground(QColor(current.focus))
                selection.format.setForeground(QColor("#000000" if current.high_contrast else current.base))
                on_top.append(selection)
            else:
                selection.format.setBackground(QColor(MATCH_HIGH_CONTRAST if current.high_contrast else MATCH))
                selection.format.setForeground(QColor("#ffffff") if current.high_contrast else ink)
                selections.append(selection)
        self._view.set_marks("find", selections + on_top)
        if self._current >= 0:
            self._view.setTextCursor(self._matches[self._current])
            self._view.ensureCursorVisible()
        self._show_count()

    def _show_count(self) -> None:
        if self._current >= 0:
            self.count_label.setText(self.tr("%1 of %2").replace("%1", str(self._current + 1)).replace("%2", str(len(self._matches))))
        else:
            self.count_label.setText(self.tr("Not found") if self.edit.text() else "")

    @guarded
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.find_previous()
                else:
                    self.find_next()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
