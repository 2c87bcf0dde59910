"""The Qt window: a thin layer over the Qt-free ``mbc_reader.content`` core.

``build_window`` is the entry point kiosk mode, staff tools, screenshots and tests use: it returns
the whole window. ``start_window`` is the reader's own start (``mbc-reader gui``): the first frame,
with the home article kept from the last run, then the rest once that frame is on screen.
Importing this package is cheap; Qt modules load when a window is built.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from ..content.models import Library
    from .window import ReaderWindow

log = logging.getLogger(__name__)

__all__ = ["build_window", "ensure_app", "load_library", "start_window"]


def ensure_app() -> QApplication:
    """The running QApplication, or a new one in the Fusion style (a window's Appearance then puts
    on the theme: palette, font and style sheet)."""
    from PySide6.QtWidgets import QApplication

    from .theme import FUSION_PROPERTY, use_fusion

    app = QApplication.instance()
    if app is None:
        app = QApplication([*sys.argv[:1], "-style", "Fusion"])  # cheaper than setStyle (theme.use_fusion)
        app.setProperty(FUSION_PROPERTY, True)
    app.setApplicationName("mbc-reader")
    app.setApplicationDisplayName(app.translate("mbc-reader", "Cancer information"))
    use_fusion(app)
    return app  # type: ignore[return-value]


def load_library(content_dir: Path | str | None = None, kiosk: bool = False, dirs: list[Path] | None = None) -> Library:
    """The articles to show. Never raises: a failure gives an empty library with the reason."""
    from ..content.library import content_dirs, open_library
    from ..content.models import Library, Problem, Severity

    try:
        return open_library(dirs or content_dirs(content_dir), write_cache=not kiosk)
    except Exception as exc:  # bad content must never keep the window from opening
        log.warning("the library could not be loaded: %s", exc, exc_info=True)
        root = Path(content_dir) if content_dir else Path(".")
        return Library(root=root, problems=[Problem(root, Severity.ERROR, "load-failed", f"the articles could not be loaded: {exc}")])


def build_window(content_dir: Path | str | None = None, kiosk: bool = False) -> ReaderWindow:
    """The reader's main window (not yet shown), on ``content_dir`` or the default library.

    Object names for tests and tools: ``navigator``, ``articleView``, ``searchBox``,
    ``searchResults``, ``glossaryPopup``, ``imageViewer``.
    """
    window, dirs = _first_frame(content_dir, kiosk)
    window.complete(load_library(content_dir, kiosk, dirs))
    return window


#: start_window builds the rest of a window that has not painted after this long: one that was never
#: shown, or is hidden or minimised. A window on screen whose first paint is late (a busy machine)
#: is waited for, so the first frame stays the kept page alone.
FALLBACK_MS = 1000


def start_window(content_dir: Path | str | None = None, kiosk: bool = False) -> ReaderWindow:
    """The reader as the reader starts it: show it, and it paints the home article kept from the
    last run (when still valid) in its first frame, then builds the rest (library, navigator,
    search) right after that frame; ``window.ready`` follows. What ``mbc-reader gui`` opens."""
    window, dirs = _first_frame(content_dir, kiosk)
    from PySide6.QtCore import QTimer

    fallback = QTimer(window)  # never painted (a hidden or minimised start): build the rest anyway
    fallback.setSingleShot(True)

    def rest() -> None:
        fallback.stop()
        if not window.is_complete():
            window.complete(load_library(content_dir, kiosk, dirs))

    def soon() -> None:  # after whatever else waits for the first frame
        QTimer.singleShot(0, window, rest)

    def waited() -> None:
        handle = window.windowHandle()
        if window.isVisible() and handle is not None and handle.isExposed():
            fallback.start()  # on screen, its paint is only late (a busy machine): the first frame first
        else:
            rest()

    window.first_frame_painted.connect(soon)
    fallback.timeout.connect(waited)
    fallback.start(FALLBACK_MS)
    return window


def _first_frame(content_dir: Path | str | None, kiosk: bool) -> tuple[ReaderWindow, list[Path]]:
    """The window's first step (see window.py), with its look, words and the kept first page."""
    # The kept page first, Qt-free, and before Qt is loaded: PySide's import hook reads the source
    # of every module imported after it (looking for "PySide6"), a few ms for these and platformdirs.
    from .. import paths
    from ..content.library import content_dirs
    from . import first_page

    dirs = content_dirs(content_dir)
    kept = first_page.load(paths.cache_dir() / first_page.FILE_NAME, dirs)

    app = ensure_app()
    from .appearance import AccessibilityBar, appearance_for, follow_appearance
    from .style import app_style_sheet
    from .window import ReaderWindow

    appearance = appearance_for(app, app_style_sheet())  # theme and language before the window's words
    window = ReaderWindow(None, kiosk=kiosk, first_page=kept)
    window.content_dirs = tuple(str(d) for d in dirs)
    window.follow_packs = not content_dir  # the default content: packs installed meanwhile are noticed
    window.toolbar_rows.add_widget(AccessibilityBar(appearance))
    follow_appearance(window, appearance)
    return window, dirs
