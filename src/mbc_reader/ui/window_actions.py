"""The reader window's actions: what each does, its keys, and its words.

Apart from window.py so the window stays a thin wiring layer. The words are set by
:func:`word_actions`, which the window calls again on every language change; they keep the
``ReaderWindow`` translation context, so the Spanish catalogue has one place for the window.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from .toolbar import make_action


class ReaderActions(NamedTuple):
    back: QAction
    forward: QAction
    home: QAction
    smaller: QAction
    larger: QAction
    reset_size: QAction
    find: QAction
    search: QAction
    listen: QAction


def build_actions(window: Any) -> ReaderActions:
    """The window's actions, wired to its public methods (words come from :func:`word_actions`)."""
    key = QKeySequence
    return ReaderActions(
        back=make_action(window, "back", [key(key.StandardKey.Back)], window.go_back),
        forward=make_action(window, "forward", [key(key.StandardKey.Forward)], window.go_forward),
        home=make_action(window, "home", [key("Alt+Home")], window.go_home),
        smaller=make_action(window, None, [key(key.StandardKey.ZoomOut), key("Ctrl+-")], window.text_smaller),
        larger=make_action(window, None, [key(key.StandardKey.ZoomIn), key("Ctrl+="), key("Ctrl++")], window.text_larger),
        reset_size=make_action(window, None, [key("Ctrl+0")], window.text_normal),
        find=make_action(window, "find", [key(key.StandardKey.Find)], window.open_find_bar),
        search=make_action(window, None, [key("Ctrl+K"), key("Ctrl+L")], window.focus_search),
        listen=make_action(window, "listen", [key("F7"), key("Ctrl+Shift+L")], window.toggle_listening),
    )


def word_actions(actions: ReaderActions) -> None:
    """Each action's text and tip in the interface language."""
    # Spelled out in full each time: pyside6-lupdate only collects QCoreApplication.translate(...).
    words = (
        (actions.back,
         QCoreApplication.translate("ReaderWindow", "Back"),
         QCoreApplication.translate("ReaderWindow", "Back (Alt+Left)")),
        (actions.forward,
         QCoreApplication.translate("ReaderWindow", "Forward"),
         QCoreApplication.translate("ReaderWindow", "Forward (Alt+Right)")),
        (actions.home,
         QCoreApplication.translate("ReaderWindow", "Home"),
         QCoreApplication.translate("ReaderWindow", "Back to the first page (Alt+Home)")),
        (actions.smaller,
         QCoreApplication.translate("ReaderWindow", "A\u2212"),
         QCoreApplication.translate("ReaderWindow", "Smaller text (Ctrl+\u2212)")),
        (actions.larger,
         QCoreApplication.translate("ReaderWindow", "A+"),
         QCoreApplication.translate("ReaderWindow", "Larger text (Ctrl+=)")),
        (actions.reset_size,
         QCoreApplication.translate("ReaderWindow", "Normal text size"),
         QCoreApplication.translate("ReaderWindow", "Normal text size (Ctrl+0)")),
        (actions.find,
         QCoreApplication.translate("ReaderWindow", "Find"),
         QCoreApplication.translate("ReaderWindow", "Find in this article (Ctrl+F)")),
        (actions.search,
         QCoreApplication.translate("ReaderWindow", "Search"),
         QCoreApplication.translate("ReaderWindow", "Search all articles (Ctrl+K)")),
        (actions.listen,
         QCoreApplication.translate("ReaderWindow", "Listen"),
         QCoreApplication.translate("ReaderWindow", "Read this article aloud from here (F7)")),
    )
    for action, text, tip in words:
        action.setText(text)
        action.setToolTip(tip)
