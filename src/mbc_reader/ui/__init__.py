"""The Qt window: a thin layer over the Qt-free ``mbc_reader.content`` core.

``build_window`` is the one entry point the command line, kiosk mode, staff tools, benchmarks and
tests use. Importing this package is cheap; Qt modules load when a window is built.
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

__all__ = ["build_window", "ensure_app", "load_library"]


def ensure_app() -> QApplication:
    """The running QApplication, or a new one with our palette and style."""
    from PySide6.QtWidgets import QApplication

    from .style import apply_app_style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("mbc-reader")
    app.setApplicationDisplayName(app.translate("mbc-reader", "Cancer information"))
    apply_app_style(app)
    return app  # type: ignore[return-value]


def load_library(content_dir: Path | str | None = None, kiosk: bool = False) -> Library:
    """The articles to show. Never raises: a failure gives an empty library with the reason."""
    from ..content.library import open_library
    from ..content.models import Library, Problem, Severity

    dirs = [Path(content_dir)] if content_dir else None
    try:
        return open_library(dirs, write_cache=not kiosk)
    except Exception as exc:  # bad content must never keep the window from opening
        log.warning("the library could not be loaded: %s", exc, exc_info=True)
        root = Path(content_dir) if content_dir else Path(".")
        return Library(root=root, problems=[Problem(root, Severity.ERROR, "load-failed", f"the articles could not be loaded: {exc}")])


def build_window(content_dir: Path | str | None = None, kiosk: bool = False) -> ReaderWindow:
    """The reader's main window (not yet shown), on ``content_dir`` or the default library.

    Object names for tests and tools: ``navigator``, ``articleView``, ``searchBox``,
    ``searchResults``, ``glossaryPopup``, ``imageViewer``.
    """
    app = ensure_app()
    from .appearance import AccessibilityBar, appearance_for, follow_appearance
    from .style import app_style_sheet
    from .window import ReaderWindow

    appearance = appearance_for(app, app_style_sheet())  # theme and language before the window's words
    window = ReaderWindow(load_library(content_dir, kiosk), kiosk=kiosk)
    window.toolbar_rows.add_widget(AccessibilityBar(appearance))
    follow_appearance(window, appearance)
    return window
