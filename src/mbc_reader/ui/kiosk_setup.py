"""Kiosk mode on the reader window in one call, through the window's public API only.

``mbc-reader gui --kiosk`` (or ``enabled = yes`` in kiosk.ini) does::

    begin_private_session()            # before the window exists: its settings stay in memory
    window = build_window(content, kiosk=True)
    session = start_kiosk(window)      # full screen, idle reset, keyboard, touch, "Done" button

The reset is the window's own ``reset_to_home()`` (history, search, popups) plus what a patient
may have changed: the text size staff set, the keyboard folded away, the clipboard emptied.
Content packs installed meanwhile are shown from the reset on (never to a patient mid-reading):
the window's content watch loads them aside; the reset switches to them, and one that becomes
ready while nobody uses the kiosk resets it at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QMainWindow, QPushButton

from ..content.kiosk_config import KioskConfig, load_kiosk_config
from . import privacy
from .appearance import Appearance
from .keyboard import OnScreenKeyboard, install_keyboard
from .kiosk import KioskController, enable_touch, start_over_button

log = logging.getLogger(__name__)


@dataclass
class KioskSession:
    controller: KioskController
    keyboard: OnScreenKeyboard
    start_over: QPushButton


def kiosk_requested(flag: bool) -> bool:
    """``--kiosk`` on the command line, or staff turned it on in kiosk.ini."""
    return flag or load_kiosk_config().enabled


def begin_private_session() -> None:
    """Call before building the window, so its settings object is the in-memory one."""
    privacy.set_private_session(True)


def start_kiosk(window: QMainWindow, *, config: KioskConfig | None = None,
                clock: Callable[[], float] = time.monotonic, appearance: Appearance | None = None) -> KioskSession:
    """Wire kiosk mode onto a built ``ReaderWindow`` and start it (full screen).

    A reset also puts back the staff's theme, print size and language (``appearance``, by default
    the one ``build_window`` gave the window).
    """
    appearance = appearance or getattr(window, "appearance", None)
    if not privacy.private_session():
        log.warning("kiosk mode started without a private session: call begin_private_session() first")
        privacy.set_private_session(True)
    keyboard = install_keyboard(window, window.search_panel.search_edit)
    home_page = getattr(window, "home_page", None)
    if home_page is not None:  # the home page's "What would you like to learn about?" box too
        keyboard.follow_focus(home_page.search_edit)
        keyboard.set_target(window.search_panel.search_edit)
    start_scale = window.text_scale()  # staff's choice, from the settings file

    def reset() -> None:
        if appearance is not None:
            appearance.reset()
        keyboard.reset()
        watch = getattr(window, "content_watch", None)
        if watch is not None:  # packs installed since the last patient: this one starts with them
            watch.check()  # (the file-system watch may have missed a change)
            window.take_new_content(keep_place=False)
        window.reset_to_home()
        window.set_text_scale(start_scale)
        focus_start = getattr(window, "focus_start", None)
        if focus_start is not None:  # the home page, where each patient starts
            focus_start()
        else:
            window.article_view.setFocus()

    controller = KioskController(window, reset, config=config, clock=clock)
    watch = getattr(window, "content_watch", None)
    if watch is not None:  # loaded while nobody uses the kiosk: shown now, else at the next reset
        watch.ready.connect(lambda: controller.reset_if_untouched("new content"))
    button = start_over_button(controller, window.toolbar)
    rows = getattr(window, "toolbar_rows", None)
    if rows is not None:
        rows.add_widget(button)  # beside the reading-comfort bar; a second row if it does not fit
    else:
        window.toolbar.addWidget(button)
    for widget in (window, getattr(window, "glossary_popup", None), getattr(window, "image_viewer", None)):
        if widget is not None:
            enable_touch(widget)
    controller.staff_exited.connect(window.close)
    read_aloud = getattr(window, "read_aloud", None)
    if read_aloud is not None:  # a patient listening is using the kiosk: no "Still reading?" mid-article
        read_aloud.sentence_started.connect(controller.note_activity)
    controller.start()
    # The first patient starts where every later one does: from a reset of the full-screen window
    # (the window was laid out off screen before; its contents tree and focus keep traces of that).
    reset()
    return KioskSession(controller, keyboard, button)
