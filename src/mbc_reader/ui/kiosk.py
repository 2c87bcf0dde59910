"""Kiosk mode: full screen with no way out, a privacy reset when idle, and touch-friendly scrolling.

The window stays in charge of *what* a reset clears (history, search, popups, zoom, text size): it
passes that as ``reset``. The controller decides *when*: after ``idle_seconds`` with no touch, key
or wheel it shows "Still reading?" with a countdown; at zero, or on "Done — start over", it resets.
An untouched kiosk (nobody used it since the last reset) is never interrupted.

Time comes from ``clock`` (``time.monotonic`` by default). A ``QTimer`` calls :meth:`poll` twice a
second; tests pass a fake clock, move it on and call :meth:`poll` themselves.

Staff leave with Ctrl+Alt+Shift+Q and the PIN from ``kiosk.ini`` (see ``content/kiosk_config.py``). With no
PIN set, exit is off: the dialog says how to set one. Close events (Alt+F4, the window manager)
are refused while kiosk mode is on. Desktop shortcuts handled outside Qt (Alt+Tab, Ctrl+Alt+Del)
need the operating system's own kiosk settings (docs/INSTALL.md, installer/kiosk/).

No way to the desktop: in kiosk mode the window and every dialog is frameless (no title bar, so
no minimise, maximise or close button; :func:`make_kiosk_window`) and stays on top, and context
menus are off. Should the window still be minimised or hidden (a window-manager key, a script),
it comes back full screen within ``RESTORE_MS``, with any minimised dialog over it.
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

from ..content.kiosk_config import KioskConfig, load_kiosk_config
from .kiosk_widgets import DialogBorder, DialogScrim, StaffPinDialog, StartOverButton, StillReadingOverlay
from .lifetime import alive, built, guarded

log = logging.getLogger(__name__)

STAFF_EXIT_KEYS = "Ctrl+Alt+Shift+Q"
MAX_WRONG_PINS = 5
LOCKOUT_SECONDS = 300
MIN_TARGET = 44
RESTORE_MS = 100  # a minimised or hidden kiosk window is back on screen after this

#: What a window manager draws and offers on a title bar: none of it in kiosk mode.
_TITLE_BAR_HINTS = (
    Qt.WindowType.WindowTitleHint | Qt.WindowType.WindowSystemMenuHint | Qt.WindowType.WindowMinimizeButtonHint
    | Qt.WindowType.WindowMaximizeButtonHint | Qt.WindowType.WindowCloseButtonHint
    | Qt.WindowType.WindowContextHelpButtonHint | Qt.WindowType.WindowShadeButtonHint
    | Qt.WindowType.WindowFullscreenButtonHint
)
#: Window types a window manager frames (and can minimise); popups, menus and tooltips it never does.
_MANAGED_TYPES = (Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet, Qt.WindowType.Drawer,
                  Qt.WindowType.Tool)

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
        self._flags_before: dict[QWidget, Qt.WindowType] = {}  # put back when kiosk mode ends
        self.restored = 0  # how often the window came back from minimised or hidden (logs, tests)
        self._restore_timer = QTimer(self)
        self._restore_timer.setSingleShot(True)
        self._restore_timer.setInterval(RESTORE_MS)
        self._restore_timer.timeout.connect(self.restore_window)
        self.scrim = DialogScrim(window)
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
        """Full screen and frameless on top, close refused, idle timer running, staff shortcut armed."""
        if self._active:
            return
        self._used = False
        self._last_activity = self._clock()
        windows = [w for w in [self._window, *self._window.findChildren(QWidget)]
                   if w.isWindow() and is_managed_window(w) and not is_kiosk_window(w)]
        for widget in windows:  # before the filter: new flags hide a shown window
            self._flags_before[widget] = widget.windowFlags()
            make_kiosk_window(widget)
        self._active = True
        app = QApplication.instance()
        app.installEventFilter(self)
        self._window.installEventFilter(self)
        self._shortcut.setEnabled(True)
        self._window.showFullScreen()
        self._window.raise_()
        self._window.activateWindow()
        self._timer.start()
        log.info("kiosk mode on (idle %d s, countdown %d s, staff exit %s)", self._config.idle_seconds,
                 self._config.countdown_seconds, "armed" if self._config.pin_set else "off: no PIN set")

    def stop(self) -> None:
        """Leave kiosk mode (staff exit, or the app shutting down in tests)."""
        if not self._active:
            return
        self._active = False
        self._timer.stop()
        self._restore_timer.stop()
        self._shortcut.setEnabled(False)
        QApplication.instance().removeEventFilter(self)
        self._window.removeEventFilter(self)
        self._hide_warning()
        self.scrim.hide()
        if self.pin_dialog is not None:
            self.pin_dialog.close()
        for widget, flags in self._flags_before.items():
            if alive(widget) and widget is not self._window:
                widget.setWindowFlags(flags)  # hides a shown one: staff see it framed when it opens again
        flags = self._flags_before.get(self._window)
        self._flags_before = {}
        if flags is not None:
            self._window.setWindowFlags(flags)
        self._window.showNormal()
        log.info("kiosk mode off")

    # -- always on screen -----------------------------------------------------------------------
    def restore_soon(self) -> None:
        """Bring the window back (full screen, on top, active) after ``RESTORE_MS``."""
        if self._active and not self._restore_timer.isActive():
            self._restore_timer.start()

    @Slot()
    def restore_window(self) -> None:
        """Full screen, raised and active again, with any minimised dialog shown over it."""
        if not self._active or not alive(self._window):
            return
        window = self._window
        if window.isMinimized() or not window.isFullScreen() or not window.isVisible():
            self.restored += 1
            log.warning("kiosk window was %s: shown full screen again",
                        "minimised" if window.isMinimized() else "hidden" if not window.isVisible() else "not full screen")
            window.setWindowState(Qt.WindowState.WindowFullScreen)  # clears "minimised": the window is mapped again
            window.showFullScreen()
        window.raise_()
        window.activateWindow()
        for other in QApplication.topLevelWidgets():
            if other is not window and other.isVisible() and other.isMinimized() and is_managed_window(other):
                other.showNormal()
        on_top = QApplication.activeModalWidget()
        if on_top is not None and on_top is not window:
            on_top.raise_()
            on_top.activateWindow()

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
            self._close_stray_windows()  # a dialog (they are centred too) would hide the question
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

    def reset_if_untouched(self, reason: str) -> bool:
        """Reset now if nobody has used the kiosk since the last reset (e.g. to show content
        installed meanwhile); a patient who is reading is never interrupted. True if it reset."""
        if not self._active or self._used:
            return False
        self._do_reset(reason)
        return True

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
            self.restore_window()  # the next patient finds it on screen, whatever happened to it
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
        make_kiosk_window(dialog)
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
            if kind in (QEvent.Type.WindowStateChange, QEvent.Type.Hide) and self._active:
                if self._window.isMinimized() or not self._window.isFullScreen() or not self._window.isVisible():
                    self.restore_soon()
        elif kind == QEvent.Type.WindowStateChange and self._active and isinstance(watched, QWidget):
            if watched.isWindow() and watched.isMinimized():
                self.restore_soon()  # a dialog minimised takes the window with it on most window managers
        elif kind in (QEvent.Type.Show, QEvent.Type.Hide) and self._active and isinstance(watched, QWidget):
            if watched.isWindow() and is_managed_window(watched):
                QTimer.singleShot(0, self._update_scrim)
                if kind == QEvent.Type.Show and not is_kiosk_window(watched):
                    # A window opened without make_kiosk_window: frame it off now (after its show is done).
                    QTimer.singleShot(0, lambda widget=watched: self._frame_off(widget))
        if kind == QEvent.Type.ContextMenu and self._active:
            return True  # no menus in kiosk mode: their Undo, Copy and Paste only carry one reader's text to the next
        if kind in _ACTIVITY or (kind == QEvent.Type.MouseMove and QApplication.mouseButtons()):
            if self._warned_at is None:  # while warning, only the overlay's own answer counts
                self.note_activity()
        return False


    @Slot()
    def _update_scrim(self) -> None:
        """The window dimmed while a dialog of its own is open over it."""
        if not self._active or not alive(self.scrim):
            return
        if any(w is not self._window and w.isVisible() and is_managed_window(w) for w in QApplication.topLevelWidgets()):
            self.scrim.cover()
            if self.overlay.isVisible():
                self.overlay.raise_()
        else:
            self.scrim.hide()

    def _frame_off(self, widget: QWidget) -> None:
        if self._active and alive(widget) and widget.isVisible() and not is_kiosk_window(widget):
            log.warning("%s %r opened with a title bar in kiosk mode: made frameless",
                        type(widget).__name__, widget.objectName())
            make_kiosk_window(widget)


def kiosk_window_flags(flags: Qt.WindowType) -> Qt.WindowType:
    """``flags`` without a title bar or its buttons, frameless and on top: the kiosk's windows."""
    return ((flags & ~_TITLE_BAR_HINTS) | Qt.WindowType.FramelessWindowHint | Qt.WindowType.CustomizeWindowHint
            | Qt.WindowType.WindowStaysOnTopHint)


def is_managed_window(widget: QWidget) -> bool:
    """A window the window manager would frame (a main window, dialog or tool window)."""
    return widget.windowType() in _MANAGED_TYPES


def is_kiosk_window(widget: QWidget) -> bool:
    """Frameless, with no minimise or maximise button for the window manager to offer."""
    flags = widget.windowFlags()
    buttons = Qt.WindowType.WindowMinimizeButtonHint | Qt.WindowType.WindowMaximizeButtonHint
    return bool(flags & Qt.WindowType.FramelessWindowHint) and not flags & buttons


def make_kiosk_window(widget: QWidget) -> None:
    """Give a window or dialog the kiosk's flags (:func:`kiosk_window_flags`); best before it is
    shown (new flags hide a shown window: it is shown again). A frameless dialog gets no size grip:
    a patient has no reason to resize it."""
    wanted = kiosk_window_flags(widget.windowFlags())
    if widget.windowFlags() != wanted:
        shown = widget.isVisible()
        widget.setWindowFlags(wanted)
        if shown:
            widget.show()
    if isinstance(widget, QDialog):
        widget.setSizeGripEnabled(False)
        if widget.findChild(DialogBorder, options=Qt.FindChildOption.FindDirectChildrenOnly) is None:
            DialogBorder(widget)  # a dialog's edge, which the window manager no longer draws


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
