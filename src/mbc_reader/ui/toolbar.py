"""The reading toolbar: actions with their shortcuts, laid out calmly (navigation left, size and
find right). The window creates the actions with its own (translatable) words; this module only
builds and arranges them, so kiosk mode can add a button without knowing the window's insides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QSizePolicy, QToolBar, QWidget

from . import style


def make_action(owner: QWidget, text: str, icon: str | None, tip: str, shortcuts: Sequence[QKeySequence], slot: Callable) -> QAction:
    """An action of the window (its shortcuts work wherever focus is in the window)."""
    action = QAction(style.icon(icon), text, owner) if icon else QAction(text, owner)
    action.setToolTip(tip)
    unique = {sequence.toString(): sequence for sequence in shortcuts if not sequence.isEmpty()}
    action.setShortcuts(list(unique.values()))  # a key twice would make Qt call it ambiguous
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(slot)
    owner.addAction(action)
    return action


def reading_toolbar(
    parent: QWidget, title: str, left: Sequence[QAction], size: Sequence[QAction], right: Sequence[QAction]
) -> QToolBar:
    """``left`` | stretch | ``size`` (shown as big bold "A−"/"A+") | ``right``."""
    toolbar = QToolBar(title, parent)
    toolbar.setObjectName("mainToolBar")
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.setIconSize(QSize(22, 22))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
    for action in left:
        toolbar.addAction(action)
    spacer = QWidget(toolbar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    for action in size:
        toolbar.addAction(action)
    toolbar.addSeparator()
    for action in right:
        toolbar.addAction(action)
    font = QFont(toolbar.font())
    font.setPointSizeF(max(font.pointSizeF(), 11.5))
    toolbar.setFont(font)
    for action in size:
        button = toolbar.widgetForAction(action)
        if button is not None:
            big = QFont(font)
            big.setBold(True)
            big.setPointSizeF(font.pointSizeF() + 1.5)
            button.setFont(big)
            button.setMinimumWidth(44)
            button.setAccessibleName(action.toolTip())
    return toolbar
