"""The kiosk's own screens: the "Still reading?" countdown and the staff PIN dialog.

Both are driven by :class:`~mbc_reader.ui.kiosk.KioskController`; they only show things and report
what was touched. The overlay covers the whole window, so one touch anywhere on it means "I am
still here"; its buttons are big (the primary one is the default and has the focus).

Kiosk dialogs have no title bar (the window manager's would offer a minimise button), so they
get a :class:`DialogBorder` of their own, and the window is dimmed behind them
(:class:`DialogScrim`): the dialog stands out as a desktop would show it.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QDialog, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from .keyboard import DIGITS
from .lifetime import built, guarded

BUTTON_HEIGHT = 64
# Palette roles, so the card follows the theme: white on light themes, black with white in high
# contrast; the main answer is filled with the highlight colour (yellow in high contrast).
_OVERLAY_QSS = """
QFrame#stillReadingCard { background-color: palette(base); border: 2px solid palette(mid); border-radius: 14px; }
QFrame#stillReadingCard QLabel { background: transparent; color: palette(text); }
QPushButton#keepReadingButton { background-color: palette(highlight); color: palette(highlighted-text); }
QPushButton { min-height: 48px; }
"""


def _scaled(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0) * factor)
    font.setBold(bold)
    return font


class StillReadingOverlay(QWidget):
    """A dimmed cover over the window with a card: question, big countdown, two big buttons."""

    keep_reading = Signal()  # the button, a touch anywhere, or a key
    start_over = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("stillReadingOverlay")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.card = QFrame(self)
        self.card.setObjectName("stillReadingCard")
        self.card.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet(_OVERLAY_QSS)
        self.card.setMinimumWidth(460)
        self.card.setMaximumWidth(640)
        box = QVBoxLayout(self.card)
        box.setContentsMargins(40, 32, 40, 32)
        box.setSpacing(14)
        self.title = QLabel(self.card)
        self.title.setFont(_scaled(self, 2.2, bold=True))
        self.message = QLabel(self.card)
        self.message.setWordWrap(True)
        self.message.setFont(_scaled(self, 1.25))
        self.countdown_caption = QLabel(self.card)
        self.countdown_caption.setFont(_scaled(self, 1.25))
        self.countdown = QLabel(self.card)
        self.countdown.setObjectName("stillReadingCountdown")
        self.countdown.setFont(_scaled(self, 6.0, bold=True))
        self.keep_button = QPushButton(self.card)
        self.keep_button.setObjectName("keepReadingButton")
        self.keep_button.setDefault(True)
        self.done_button = QPushButton(self.card)
        self.done_button.setObjectName("startOverButton")
        for button in (self.keep_button, self.done_button):
            button.setMinimumHeight(BUTTON_HEIGHT)
            button.setFont(_scaled(self, 1.4, bold=button is self.keep_button))
        for label in (self.title, self.message, self.countdown_caption, self.countdown):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(label)
        box.addSpacing(8)
        box.addWidget(self.keep_button)
        box.addWidget(self.done_button)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 3, Qt.AlignmentFlag.AlignVCenter)
        outer.addStretch(1)
        self.keep_button.clicked.connect(self.keep_reading)
        self.done_button.clicked.connect(self.start_over)
        window.installEventFilter(self)
        self.retranslate()
        self.hide()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Still reading?"))
        self.message.setText(self.tr("For your privacy, this screen will clear itself and start over."))
        self.countdown_caption.setText(self.tr("Starting over in"))
        self.keep_button.setText(self.tr("Yes, keep reading"))
        self.done_button.setText(self.tr("Done — start over"))
        self.setAccessibleName(self.tr("Still reading?"))
        self.setAccessibleDescription(self.tr("Touch the screen to keep reading, or the screen starts over soon."))
        self.card.setAccessibleName(self.tr("Still reading?"))
        self.countdown.setAccessibleName(self.tr("Seconds left"))
        self.keep_button.setAccessibleName(self.tr("Yes, keep reading"))
        self.keep_button.setAccessibleDescription(self.tr("Closes this message so you can keep reading."))
        self.done_button.setAccessibleName(self.tr("Done — start over"))
        self.done_button.setAccessibleDescription(
            self.tr("Clears what you read and searched, and goes back to the start."))
        self.countdown.setAccessibleDescription(self.tr("Seconds until the screen starts over."))

    def set_seconds(self, seconds: int) -> None:
        self.countdown.setText(str(max(0, seconds)))

    def seconds(self) -> int:
        return int(self.countdown.text() or 0)

    def popup(self, seconds: int) -> None:
        """Cover the window, take the focus, and tell screen readers (an alert)."""
        self.set_seconds(seconds)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.keep_button.setFocus(Qt.FocusReason.OtherFocusReason)
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))

    @guarded
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 150))

    @guarded
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """A touch anywhere but "Done" means the reader is still here."""
        event.accept()
        self.keep_reading.emit()

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            super().keyPressEvent(event)
            return
        event.accept()
        self.keep_reading.emit()

    @guarded
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return super().eventFilter(watched, event)

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class DialogScrim(QWidget):
    """Dims the kiosk window while one of its dialogs is open (they have no title bar to show
    they are on top). Touches go through to the window (a modal dialog refuses them anyway)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("kioskDialogScrim")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        window.installEventFilter(self)
        self.hide()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    @guarded
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        QPainter(self).fillRect(self.rect(), QColor(0, 0, 0, 110))

    @guarded
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return super().eventFilter(watched, event)


class DialogBorder(QWidget):
    """The edge a window manager would have drawn round a dialog, over a frameless one's rim."""

    WIDTH = 2

    def __init__(self, dialog: QWidget) -> None:
        super().__init__(dialog)
        self.setObjectName("kioskDialogBorder")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(dialog.rect())
        dialog.installEventFilter(self)
        self.raise_()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    @guarded
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        pen = painter.pen()
        pen.setColor(self.palette().color(self.palette().ColorRole.Dark))
        pen.setWidth(self.WIDTH)
        painter.setPen(pen)
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))  # a 2 px pen centred 1 px inside the edge

    @guarded
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget():
            kind = event.type()
            if kind == QEvent.Type.Resize:
                self.setGeometry(self.parentWidget().rect())
            elif kind in (QEvent.Type.Show, QEvent.Type.ChildAdded):
                self.raise_()  # over whatever the dialog put in since
        return super().eventFilter(watched, event)


class StartOverButton(QPushButton):
    """"Done — start over", always on screen in kiosk mode (the window puts it in its toolbar)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startOverButton")
        self.setMinimumHeight(48)
        self.retranslate()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def retranslate(self) -> None:
        self.setText(self.tr("Done — start over"))
        self.setAccessibleName(self.tr("Done — start over"))
        self.setAccessibleDescription(self.tr("Clears what you read and searched, and goes back to the start."))

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class StaffPinDialog(QDialog):
    """Staff type the PIN (hardware keys or the number pad). ``pin_entered`` carries it.

    With no PIN configured the dialog only explains how to set one: exit stays off.
    """

    pin_entered = Signal(str)

    def __init__(self, parent: QWidget | None, *, pin_set: bool) -> None:
        super().__init__(parent)
        self.setObjectName("staffPinDialog")
        self.setModal(True)
        self._pin_set = pin_set
        box = QVBoxLayout(self)
        box.setSpacing(10)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setFont(_scaled(self, 1.2))
        box.addWidget(self.message)
        self.pin_edit = QLineEdit(self)
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(12)
        self.pin_edit.setMinimumHeight(48)
        self.pin_edit.setFont(_scaled(self, 1.6))
        box.addWidget(self.pin_edit)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        self.pad = QWidget(self)
        pad_box = QHBoxLayout(self.pad)
        pad_box.setContentsMargins(0, 0, 0, 0)
        self.digit_keys: dict[str, QPushButton] = {}
        for digit in DIGITS:
            key = QPushButton(digit, self.pad)
            key.setMinimumSize(48, 48)
            key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            key.clicked.connect(lambda _=False, d=digit: self.pin_edit.insert(d))
            pad_box.addWidget(key)
            self.digit_keys[digit] = key
        box.addWidget(self.pad)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(self)
        self.ok_button = QPushButton(self)
        self.ok_button.setDefault(True)
        for button in (self.cancel_button, self.ok_button):
            button.setMinimumHeight(48)
            buttons.addWidget(button)
        box.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self._on_ok_button_clicked)
        self.pin_edit.returnPressed.connect(self._on_ok_button_clicked)
        for widget in (self.pin_edit, self.pad, self.ok_button):
            widget.setVisible(pin_set)
        self.retranslate()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Staff exit"))
        self.setAccessibleName(self.tr("Staff exit"))
        self.setAccessibleDescription(self.tr("For clinic staff: leave kiosk mode."))
        if self._pin_set:
            self.message.setText(self.tr("Clinic staff: enter the PIN to leave kiosk mode."))
        else:
            self.message.setText(self.tr(
                "Kiosk exit is turned off because no staff PIN is set. "
                "To set one, run: mbc-reader kiosk set-pin"))
        self.message.setAccessibleName(self.message.text())
        self.pin_edit.setAccessibleName(self.tr("Staff PIN"))
        self.pin_edit.setAccessibleDescription(self.tr("Digits only."))
        self.pad.setAccessibleName(self.tr("Number pad"))
        for digit, key in self.digit_keys.items():
            key.setAccessibleName(digit)
            key.setAccessibleDescription(self.tr("Types this number."))
        self.ok_button.setText(self.tr("Leave kiosk mode"))
        self.ok_button.setAccessibleName(self.tr("Leave kiosk mode"))
        self.ok_button.setAccessibleDescription(self.tr("Checks the PIN and leaves kiosk mode."))
        self.cancel_button.setText(self.tr("Cancel") if self._pin_set else self.tr("Close"))
        self.cancel_button.setAccessibleName(self.cancel_button.text())
        self.cancel_button.setAccessibleDescription(self.tr("Stays in kiosk mode."))
        self.status.setAccessibleName(self.tr("Message"))

    def show_wrong_pin(self, locked: bool) -> None:
        self.pin_edit.clear()
        if locked:
            self.status.setText(self.tr("Too many wrong tries. Try again in a few minutes."))
            for widget in (self.pin_edit, self.pad, self.ok_button):
                widget.setEnabled(False)
        else:
            self.status.setText(self.tr("That PIN is not right. Kiosk mode stays on."))
        QAccessible.updateAccessibility(QAccessibleEvent(self.status, QAccessible.Event.Alert))

    def _on_ok_button_clicked(self) -> None:
        if self._pin_set and self.ok_button.isEnabled():
            self.pin_entered.emit(self.pin_edit.text())

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
