"""Kiosk mode: full screen with no way out, a privacy reset when idle, and touch-friendly scrolling.

The window stays in charge of *what* a reset clears (history, search, popups, zoom, text size): it
passes that as ``reset``. The controller decides *when*: after ``idle_seconds`` with no touch, key
or wheel it shows "Still reading?" with a countdown; at zero, or on "Done — start over", it resets.
An untouched kiosk (nobody used it since the last reset) is never interrupted.

Time comes from ``clock`` (``time.monotonic`` by default). A ``QTimer`` calls :meth:`poll` twice a
second; tests pass a fake clock, move it on and call :meth:`poll` themselves.

Staff leave with Ctrl+Alt+Shift+Q and the PIN from ``kiosk.ini`` (see ``kiosk_config``). With no
PIN set, exit is off: the dialog says how to set one. Close events (Alt+F4, the window manager)
are refused while kiosk mode is on. Desktop shortcuts handled outside Qt (Alt+Tab, Ctrl+Alt+Del)
need the operating system's own kiosk settings.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QAbstractScrollArea, QApplication, QDialog, QMenu, QPushButton, QScroller,
    QScrollerProperties, QWidget,
)

from .kiosk_config import KioskConfig, load_kiosk_config
from .kiosk_widgets import StaffPinDialog, StartOverButton, StillReadingOverlay
from .lifetime import built, guarded

log = logging.getLogger(__name__)

STAFF_EXIT_KEYS = "Ctrl+Alt+Shift+Q"
MAX_WRONG_PINS = 5
LOCKOUT_SECONDS = 300
MIN_TARGET = 44

_ACTIVITY = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.KeyPress, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
}


class KioskController(QObject):
    """Locks ``window`` into kiosk mode from :meth:`start` until staff exit or :meth:`stop`."""

    warning_shown = Signal()  # "Still reading?" is on screen
    session_reset = Signal(str)  # "idle" or "done": after the window's reset ran
    staff_exited = Signal()  # the right PIN: kiosk mode is off, the window may close

    def __init__(self, window: QWidget, reset: Callable[[], None], *, config: KioskConfig | None = None,
                 clock: Callable[[], float] = time.monotonic, poll_ms: int = 500) -> None:
        super().__init__(window)
        self._window = window
        self._reset = reset
        self._config = config or load_kiosk_config()
        self._clock = clock
        self._active = False
        self._used = False  # someone touched it since the last reset
        self._last_activity = clock()
        self._warned_at: float | None = None
        self._wrong_pins = 0
        self._locked_until = 0.0
        self.pin_dialog: StaffPinDialog | None = None
        self.overlay = StillReadingOverlay(window)
        self.overlay.keep_reading.connect(self.keep_reading)
        self.overlay.start_over.connect(self.start_over)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)
        self._shortcut = QShortcut(QKeySequence(STAFF_EXIT_KEYS), window)
        self._shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self._shortcut.setEnabled(False)
        self._shortcut.activated.connect(self.request_staff_exit)
        built(self)  # guarded event handlers run from here on (lifetime.py)

    # -- state ----------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._active

    @property
    def config(self) -> KioskConfig:
        return self._config

    def seconds_left(self) -> int | None:
        """Seconds on the countdown, or None when "Still reading?" is not showing."""
        if self._warned_at is None:
            return None
        return max(0, math.ceil(self._config.countdown_seconds - (self._clock() - self._warned_at)))

    def start(self) -> None:
        """Full screen, close refused, idle timer running, staff shortcut armed."""
        if self._active:
            return
        self._active = True
        self._used = False
        self._last_activity = self._clock()
        app = QApplication.instance()
        app.installEventFilter(self)
        self._window.installEventFilter(self)
        self._shortcut.setEnabled(True)
        self._window.showFullScreen()
        self._timer.start()
        log.info("kiosk mode on (idle %d s, countdown %d s, staff exit %s)", self._config.idle_seconds,
                 self._config.countdown_seconds, "armed" if self._config.pin_set else "off: no PIN set")

    def stop(self) -> None:
        """Leave kiosk mode (staff exit, or the app shutting down in tests)."""
        if not self._active:
            return
        self._active = False
        self._timer.stop()
        self._shortcut.setEnabled(False)
        QApplication.instance().removeEventFilter(self)
        self._window.removeEventFilter(self)
        self._hide_warning()
        if self.pin_dialog is not None:
            self.pin_dialog.close()
        self._window.showNormal()
        log.info("kiosk mode off")

    # -- idle -----------------------------------------------------------------------------------
    @Slot()
    def poll(self) -> None:
        """Compare the clock with the last activity; the timer calls this, tests may too."""
        if not self._active:
            return
        now = self._clock()
        if self._warned_at is not None:
            left = self.seconds_left() or 0
            if left <= 0:
                self._do_reset("idle")
            else:
                self.overlay.set_seconds(left)
            return
        if not self._used:
            return
        idle = now - self._last_activity
        if idle >= self._config.idle_seconds + self._config.countdown_seconds:
            self._do_reset("idle")  # the machine slept through the countdown: reset at once
        elif idle >= self._config.idle_seconds:
            self._warned_at = now
            if self.pin_dialog is not None:
                self.pin_dialog.reject()
            self.overlay.popup(self._config.countdown_seconds)
            self.warning_shown.emit()

    def note_activity(self) -> None:
        self._last_activity = self._clock()
        self._used = True

    @Slot()
    def keep_reading(self) -> None:
        self._hide_warning()
        self.note_activity()

    @Slot()
    def start_over(self) -> None:
        """The "Done — start over" button: reset now."""
        self._do_reset("done")

    def _hide_warning(self) -> None:
        self._warned_at = None
        self.overlay.hide()

    def _do_reset(self, reason: str) -> None:
        self._hide_warning()
        self._close_stray_windows()
        try:
            self._reset()
        finally:
            clear_clipboards()
            self._used = False
            self._last_activity = self._clock()
            self._window.activateWindow()
            log.info("kiosk reset (%s)", reason)
            self.session_reset.emit(reason)

    def _close_stray_windows(self) -> None:
        """Dialogs and menus the window forgot: the next patient must not see them."""
        for widget in QApplication.topLevelWidgets():
            if widget is self._window or not widget.isVisible():
                continue
            if isinstance(widget, QDialog):
                widget.reject()
            elif isinstance(widget, QMenu) or widget.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
                widget.close()

    # -- staff exit -----------------------------------------------------------------------------
    @Slot()
    def request_staff_exit(self) -> StaffPinDialog:
        """Open the PIN dialog (non-blocking); it explains itself when no PIN is set."""
        if self.pin_dialog is not None and self.pin_dialog.isVisible():
            return self.pin_dialog
        dialog = StaffPinDialog(self._window, pin_set=self._config.pin_set)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.pin_entered.connect(self.try_staff_exit)
        dialog.finished.connect(lambda _result: setattr(self, "pin_dialog", None))
        if self._clock() < self._locked_until:
            dialog.show_wrong_pin(locked=True)
        self.pin_dialog = dialog
        dialog.open()
        return dialog

    @Slot(str)
    def try_staff_exit(self, pin: str) -> bool:
        """True and kiosk mode off for the right PIN; anything else keeps kiosk mode on."""
        if not self._active or not self._config.pin_set:
            return False
        if self._clock() < self._locked_until or not self._config.check_pin(pin):
            self._wrong_pins += 1
            locked = self._wrong_pins >= MAX_WRONG_PINS or self._clock() < self._locked_until
            if locked and self._clock() >= self._locked_until:
                self._locked_until = self._clock() + LOCKOUT_SECONDS
                self._wrong_pins = 0
            log.warning("wrong staff PIN%s", "; staff exit locked for a while" if locked else "")
            if self.pin_dialog is not None:
                self.pin_dialog.show_wrong_pin(locked)
            return False
        self._wrong_pins = 0
        if self.pin_dialog is not None:
            self.pin_dialog.accept()
        self.stop()
        self.staff_exited.emit()
        return True

    # -- events ---------------------------------------------------------------------------------
    @guarded
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if watched is self._window:
            if kind == QEvent.Type.Close and self._active:
                event.ignore()
                log.info("close refused: kiosk mode is on")
                return True
            if kind == QEvent.Type.WindowStateChange and self._active and not self._window.isFullScreen():
                QTimer.singleShot(0, self._window.showFullScreen)
        if kind == QEvent.Type.ContextMenu and self._active:
            return True  # no menus in kiosk mode: their Undo, Copy and Paste only carry one reader's text to the next
        if kind in _ACTIVITY or (kind == QEvent.Type.MouseMove and QApplication.mouseButtons()):
            if self._warned_at is None:  # while warning, only the overlay's own answer counts
                self.note_activity()
        return False


def clear_clipboards() -> None:
    """Empty the clipboard, the X11 primary selection (what a middle click pastes) and the macOS
    find buffer, each where the platform has it."""
    clipboard = QGuiApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)
    if clipboard.supportsFindBuffer():
        clipboard.clear(QClipboard.Mode.FindBuffer)


def touch_stylesheet(min_target: int = MIN_TARGET) -> str:
    """Finger-sized targets and wide scroll bars, set on the window in kiosk mode.

    Colours come from the palette (``palette(dark)``), so it suits every theme. A text box's own
    icons (search, clear) are tool buttons too: they keep their size, or Qt misplaces them.
    """
    m = max(MIN_TARGET, min_target)
    return f"""
QPushButton, QToolButton {{ min-height: {m}px; min-width: {m}px; }}
QLineEdit QToolButton {{ min-height: 0px; min-width: 0px; }}
QLineEdit {{ padding-top: 10px; padding-bottom: 10px; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 28px; height: 28px; }}
QAbstractItemView::item {{ min-height: {m}px; }}
QScrollBar:vertical {{ width: 28px; background: palette(window); border: none; margin: 0px; }}
QScrollBar:horizontal {{ height: 28px; background: palette(window); border: none; margin: 0px; }}
QScrollBar::handle {{ background: palette(dark); border-radius: 8px; margin: 5px; }}
QScrollBar::handle:vertical {{ min-height: {m}px; }}
QScrollBar::handle:horizontal {{ min-width: {m}px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0px; height: 0px; border: none; background: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
""".strip()


_TOUCH_MARK = "/* kiosk touch */"


def enable_touch(widget: QWidget, min_target: int = MIN_TARGET) -> list[QWidget]:
    """Finger scrolling on every scroll area under ``widget`` and touch-sized controls.

    A one-finger drag then scrolls instead of selecting text. Call again for widgets created later
    (popups). Returns the viewports that now scroll kinetically.
    """
    areas = [widget] if isinstance(widget, QAbstractScrollArea) else []
    areas += widget.findChildren(QAbstractScrollArea)
    viewports = []
    for area in areas:
        viewport = area.viewport()
        QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        scroller = QScroller.scroller(viewport)
        props = scroller.scrollerProperties()
        off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
        props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
        props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
        scroller.setScrollerProperties(props)
        if isinstance(area, QAbstractItemView):
            area.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
            area.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        viewports.append(viewport)
    sheet = widget.styleSheet()
    if _TOUCH_MARK not in sheet:
        widget.setStyleSheet(f"{sheet}\n{_TOUCH_MARK}\n{touch_stylesheet(min_target)}".strip())
    return viewports


def start_over_button(controller: KioskController, parent: QWidget | None = None) -> QPushButton:
    """The always-visible "Done — start over" button for the window's toolbar in kiosk mode."""
    button = StartOverButton(parent)
    button.clicked.connect(controller.start_over)
    return button
