"""The glossary popup: a word's plain-language definition, beside the word, not a dialog.

A frameless ``Qt.Popup``: it takes the keyboard while open, closes on Esc or on a click anywhere
else (Qt closes popups on an outside click), and hands focus back to whoever opened it. The
lookup itself is the Qt-free :class:`~mbc_reader.content.glossary.Glossary`; a missing
definition is said calmly, never as an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ..content.glossary import Glossary, GlossaryEntry
from . import style
from .lifetime import built, guarded

log = logging.getLogger(__name__)


class GlossaryPopup(QFrame):
    """Shows one term: name, pronunciation, definition, and where the definition comes from;
    a small speaker button beside the name reads the term and its definition aloud
    (``speak_requested``; the window's ReadAloud says it, greyed out with a tip when there is no
    voice: :meth:`set_speech_available`)."""

    closed = Signal()
    speak_requested = Signal(str, str)  # the words to say, their language ("en", "es")

    def __init__(self, glossary: Callable[[], Glossary] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("glossaryPopup")
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, False)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._glossary = glossary or Glossary.bundled
        self._scale = 1.0
        self._entry: GlossaryEntry | None = None
        self._words = ""
        self._language = "en"
        self._speech = False

        self.term_label = self._label("glossaryTerm")
        self.pronunciation_label = self._label("glossaryPronunciation")
        self.definition_label = self._label("glossaryDefinition")
        self.definition_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label = self._label("glossaryNote")
        self.credit_label = self._label("glossaryCredit")
        self.speak_button = QToolButton(self)
        self.speak_button.setObjectName("glossarySpeakButton")
        self.speak_button.setIcon(style.icon("listen"))
        self.speak_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.speak_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.speak_button.clicked.connect(self._on_speak_button_clicked)
        self.speak_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.term_label, 1)
        top.addWidget(self.speak_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        for label in (self.pronunciation_label, self.definition_label, self.note_label, self.credit_label):
            layout.addWidget(label)
        self._apply_fonts()
        self.retranslate()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def retranslate(self) -> None:
        """The popup's own words (the definition itself is in the article's language)."""
        self.setAccessibleName(self.tr("Definition"))
        self.setAccessibleDescription(self.tr("What this word means. Press Esc to close."))
        self.speak_button.setText(self.tr("Listen"))
        self.speak_button.setAccessibleName(self.tr("Listen to this word and its meaning"))
        self.speak_button.setToolTip(self.tr("Listen to this word and its meaning") if self._speech else
                                     self.tr("Listen is not available on this computer: its voice (eSpeak NG) is not installed."))
        if self.isVisible():
            self._fill(self._entry, self._words)
            self.adjustSize()
            self._announce()

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # definitions are text, never markup
        return label

    def set_speech_available(self, available: bool) -> None:
        """Whether there is a voice to read the definition with (else the button says why)."""
        self._speech = available
        self.speak_button.setEnabled(available)
        self.retranslate()

    def spoken_text(self) -> str:
        """What the speaker button reads: the term, then its definition (or that there is none)."""
        words = [self.term_label.text().strip(), self.definition_label.text().strip()]
        return " \n".join(w if w.endswith((".", "!", "?", "\u2026")) else w + "." for w in words if w)

    @Slot()
    def _on_speak_button_clicked(self) -> None:
        text = self.spoken_text()
        if text and self._speech:
            self.speak_requested.emit(text, self._language)

    def set_text_scale(self, scale: float) -> None:
        self._scale = style.clamp_scale(scale)
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        body = style.body_point_size(self._scale)
        self.term_label.setFont(style.ui_font(body * 1.25, bold=True))
        self.speak_button.setFont(style.ui_font(body * 0.82))
        self.pronunciation_label.setFont(style.ui_font(body * 0.9))
        self.definition_label.setFont(style.ui_font(body))
        self.note_label.setFont(style.ui_font(body * 0.82))
        self.credit_label.setFont(style.ui_font(body * 0.78))
        self.setFixedWidth(round(min(680, 38 * body + 40)))

    # -- content -------------------------------------------------------------------------------

    def entry(self) -> GlossaryEntry | None:
        return self._entry

    def lookup(self, term_id: str, words: str = "", language: str = "en") -> GlossaryEntry | None:
        try:
            return self._glossary().lookup(term_id, words or None, language)
        except Exception:  # the glossary promises not to raise; a popup must not break the window
            log.warning("glossary lookup failed for %s", term_id, exc_info=True)
            return None

    def show_term(self, term_id: str, words: str, language: str, near: QRect) -> None:
        """Look a term up and show it beside ``near`` (the word, in global coordinates)."""
        self._language = language or "en"
        self.show_entry(self.lookup(term_id, words, language), words, near)

    def show_entry(self, entry: GlossaryEntry | None, words: str, near: QRect) -> None:
        self._fill(entry, words)
        self.adjustSize()
        self.move(self._position_for(near))
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self._announce()

    def _announce(self) -> None:
        """The focused object carries the whole definition, and a screen reader is told that it
        appeared (it is a popup, not a dialog: nothing else would make it speak)."""
        from PySide6.QtGui import QAccessible, QAccessibleEvent

        self.setAccessibleName(self.tr("Definition: %1").replace("%1", self.term_label.text()))
        self.setAccessibleDescription("\n".join(
            [label.text() for label in (self.pronunciation_label, self.definition_label, self.note_label, self.credit_label)
             if not label.isHidden() and label.text()] + [self.tr("Press Esc to close.")]))
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.NameChanged))
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))

    def clear(self) -> None:
        """Closed and empty, as built (a kiosk reset: no definition kept from the last patient)."""
        self.close()
        self._entry = None
        self._words = ""
        self._language = "en"
        for label in (self.term_label, self.pronunciation_label, self.definition_label, self.note_label, self.credit_label):
            label.clear()
        self.retranslate()

    def _fill(self, entry: GlossaryEntry | None, words: str) -> None:
        self._entry = entry
        self._words = words
        if entry is None:
            self.term_label.setText(words or self.tr("This word"))
            self.pronunciation_label.hide()
            self.definition_label.setText(self.tr("No offline definition for this word."))
            self.note_label.setText(self.tr("Your care team can tell you what it means."))
            self.note_label.show()
            self.credit_label.hide()
        else:
            self.term_label.setText(entry.name)
            self.pronunciation_label.setText(entry.pronunciation or "")
            self.pronunciation_label.setVisible(bool(entry.pronunciation))
            self.definition_label.setText(entry.definition)
            if entry.closest_match:
                self.note_label.setText(
                    self.tr("Closest match in the dictionary for \u201c%1\u201d.").replace("%1", words or entry.name)
                )
            self.note_label.setVisible(entry.closest_match)
            # the dictionary's own name in the reader's language (NCI calls it so in Spanish)
            dictionary = self.tr("NCI Dictionary of Cancer Terms")
            self.credit_label.setText(self.tr("From the %1").replace("%1", dictionary))
            self.credit_label.show()

    def text(self) -> str:
        """Everything the popup says, as plain text (tests, accessibility)."""
        labels = (self.term_label, self.pronunciation_label, self.definition_label, self.note_label, self.credit_label)
        return "\n".join(label.text() for label in labels if not label.isHidden() and label.text())

    def _position_for(self, near: QRect) -> QPoint:
        """Below the word if it fits, else above; inside the window when the window is big enough
        (the popup belongs to the page), and never off the screen's edge."""
        screen = QGuiApplication.screenAt(near.center()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)
        owner = self.parentWidget().window() if self.parentWidget() is not None else None
        if owner is not None and owner.isVisible():
            inside = area.intersected(owner.geometry())
            if inside.width() >= self.width() + 16 and inside.height() >= 240:
                area = inside
        size = self.sizeHint().expandedTo(self.size())
        x = min(max(area.left() + 8, near.left() - 12), area.right() - size.width() - 8)
        y = near.bottom() + 8
        if y + size.height() > area.bottom() - 8:
            y = max(area.top() + 8, near.top() - size.height() - 8)
        return QPoint(x, y)

    # -- closing ---------------------------------------------------------------------------------

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.close()
            return
        super().keyPressEvent(event)

    @guarded
    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.closed.emit()
