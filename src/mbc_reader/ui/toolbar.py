"""The reading toolbar: actions with their shortcuts, laid out calmly (navigation left, size and
find right). The window creates the actions and words them (``ReaderWindow.retranslate``); this
module only builds and arranges them, so kiosk mode can add a button without knowing the window's
insides.

Large print, Spanish words and the kiosk's "Done — start over" button together are wider than a
1280 px screen. Qt would then hide buttons behind its "»" menu, two taps away and easy to miss, so
:class:`ToolbarRows` moves the right-hand group (reading comfort, kiosk button) to a second row
instead, and back when there is room again: every button stays on screen, with its words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QSizePolicy, QToolBar, QWidget, QWidgetAction

from . import style
from .lifetime import built, guarded

log = logging.getLogger(__name__)

TOOLBAR_POINT_SIZE = 11.5  # the toolbar's words at least this big, whatever the system font
WRAP_SLACK = 24  # px: only back to one row with this much to spare, so it never flickers


def set_by_key(widget: QObject, name: str, key: str) -> None:
    """Set an enum property by its key's name, e.g. ``("toolButtonStyle", "ToolButtonTextOnly")``.

    The same as the typed setter, but it needs no ``Qt.…`` value: the first use of Qt's namespace
    makes PySide create its ~90 enums (~13 ms), which the first frame does without (the start-up
    rules in first_page.py; tests/ui/test_first_page.py).
    """
    if not widget.setProperty(name, key):
        log.warning("cannot set %s to %s on %s", name, key, widget.objectName())


def make_action(owner: QWidget, icon: str | None, shortcuts: Sequence[QKeySequence], slot: Callable) -> QAction:
    """An action of the window (its shortcuts work wherever focus is in the window); the owner
    sets its words, again on every language change."""
    action = QAction(style.icon(icon), "", owner) if icon else QAction(owner)
    unique = {sequence.toString(): sequence for sequence in shortcuts if not sequence.isEmpty()}
    action.setShortcuts(list(unique.values()))  # a key twice would make Qt call it ambiguous
    # (the shortcut context is the default, WindowShortcut)
    action.triggered.connect(slot)
    owner.addAction(action)
    return action


def _toolbar_font(toolbar: QToolBar) -> QFont:
    font = QFont(toolbar.font())
    font.setPointSizeF(max(font.pointSizeF(), TOOLBAR_POINT_SIZE))
    return font


def _bare_toolbar(parent: QWidget, name: str, title: str) -> QToolBar:
    toolbar = QToolBar(title, parent)
    toolbar.setObjectName(name)
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    set_by_key(toolbar, "contextMenuPolicy", "PreventContextMenu")  # no menu to hide the toolbar
    toolbar.setFont(_toolbar_font(toolbar))
    return toolbar


def _spacer(parent: QWidget) -> QWidget:
    spacer = QWidget(parent)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return spacer


def reading_toolbar(
    parent: QWidget, title: str, left: Sequence[QAction], size: Sequence[QAction], right: Sequence[QAction]
) -> QToolBar:
    """``left`` | stretch | ``size`` (shown as big bold "A−"/"A+") | ``right``."""
    toolbar = _bare_toolbar(parent, "mainToolBar", title)
    toolbar.setIconSize(QSize(22, 22))
    set_by_key(toolbar, "toolButtonStyle", "ToolButtonTextBesideIcon")
    for action in left:
        toolbar.addAction(action)
    toolbar.addWidget(_spacer(toolbar))
    for action in size:
        toolbar.addAction(action)
    toolbar.addSeparator()
    for action in right:
        toolbar.addAction(action)
    font = toolbar.font()
    for action in size:
        button = toolbar.widgetForAction(action)
        if button is not None:
            big = QFont(font)
            big.setBold(True)
            big.setPointSizeF(font.pointSizeF() + 1.5)
            button.setFont(big)
            button.setMinimumWidth(44)
    return toolbar


def name_buttons(toolbar: QToolBar) -> None:
    """Give every button a screen reader can name ("A+" alone says nothing, its tip does), and
    let Tab reach it: Qt's tool buttons take no keyboard focus of their own."""
    for action in toolbar.actions():
        button = toolbar.widgetForAction(action)
        if button is None or isinstance(action, QWidgetAction) or action.isSeparator():
            continue
        set_by_key(button, "focusPolicy", "StrongFocus")
        text = action.text()
        short = len(text.replace("&", "")) <= 2
        button.setAccessibleName(action.toolTip() if short and action.toolTip() else text)
        button.setAccessibleDescription(action.toolTip())


class ToolbarRows(QObject):
    """The toolbar in one row when it fits, else its right-hand group on a second row.

    The group is one widget behind one ``QWidgetAction``, which moves between the two toolbars;
    the decision is made again (once, after the events settle) whenever the window is resized or
    a toolbar's contents change size (large print, another language, a button added).
    """

    def __init__(self, window: QMainWindow, main: QToolBar) -> None:
        super().__init__(window)
        self._window = window
        self.main = main
        self.second = _bare_toolbar(window, "secondToolBar", main.windowTitle())
        self.second.addWidget(_spacer(self.second))  # the group keeps to the right, as in one row
        self.group = QWidget(main)
        self.group.setObjectName("toolbarGroup")
        self._box = QHBoxLayout(self.group)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(4)
        self._action = QWidgetAction(self)
        self._action.setDefaultWidget(self.group)
        self._wrapped = False
        main.addAction(self._action)
        window.addToolBar(main)  # at the top (the default), and the second row under it
        window.addToolBarBreak()
        window.addToolBar(self.second)
        self.second.hide()
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(0)
        self._refit_timer.timeout.connect(self.refit)
        for watched in (window, main, self.second, self.group):
            watched.installEventFilter(self)
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def add_widget(self, widget: QWidget) -> None:
        """A widget at the right-hand end of the toolbar (it moves to the second row with the rest)."""
        widget.setParent(self.group)
        self._box.addWidget(widget)
        self._refit_timer.start()

    def is_wrapped(self) -> bool:
        return self._wrapped

    def one_row_width(self) -> int:
        """How wide the whole toolbar would be on one row."""
        main = self.main.sizeHint().width()
        group = self.group.sizeHint().width()
        spacing = self.main.layout().spacing() if self.main.layout() is not None else 0
        return main + (group + spacing if self._wrapped else 0)

    def refit(self) -> None:
        """One row or two, for the window's width now."""
        self._refit_timer.stop()
        available = self._window.width()
        need = self.one_row_width()
        wrap = need > available if not self._wrapped else need + WRAP_SLACK > available
        if wrap == self._wrapped:
            return
        log.debug("toolbar: %s (needs %d px of %d)", "two rows" if wrap else "one row", need, available)
        self._wrapped = wrap
        (self.main if wrap else self.second).removeAction(self._action)
        (self.second if wrap else self.main).addAction(self._action)
        self.second.setVisible(wrap)
        self.group.show()

    @guarded
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest, QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Show):
            self._refit_timer.start()
        return super().eventFilter(watched, event)
