"""A running reader notices content packs installed, updated or removed, and loads them aside.

:class:`ContentWatch` watches the packs folders (the system one every account sees and this
account's, and each pack's folder, where ``current`` is switched) with a
:class:`QFileSystemWatcher`. A change is looked at once things settle (an install touches many
files): when the content folders resolve differently (:func:`content.library.content_state`),
the new library is loaded on an ``mbc-content-load`` thread and :attr:`ContentWatch.ready` is
emitted. It never shows anything itself: the window switches to it between patients (kiosk:
at the session reset, :meth:`check` there too, in case a change was missed) or when the reader
has been idle a while or asks for it (staff), never in the middle of one's reading.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from .. import paths
from .lifetime import built, guarded

log = logging.getLogger(__name__)

SETTLE_MS = 1500  # a change is looked at once no other change came for this long
#: A staff window switches on its own after this long with no key, click or wheel in the app.
IDLE_SWITCH_SECONDS = 300.0

_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.TouchBegin}


def watched_roots() -> list[Path]:
    """The packs folders the window's default content comes from, system first."""
    return [paths.system_packs_dir(), paths.data_dir() / "packs"]


class ContentWatch(QObject):
    """Watches the packs folders; loads a changed library aside; ``take()`` hands it over."""

    ready = Signal()  # a library for the new content is loaded: take() returns it
    _loaded = Signal(object, object)  # from the load thread: library, state

    #: How long load threads are waited for when the window closes (s).
    JOIN_TIMEOUT = 20.0

    def __init__(self, state: tuple[str, ...], *, kiosk: bool = False, parent: QObject | None = None,
                 idle_seconds: float = IDLE_SWITCH_SECONDS) -> None:  # fmt: skip
        super().__init__(parent)
        self._state = state  # what the window shows
        self._kiosk = kiosk
        self.idle_seconds = idle_seconds
        self._last_input = time.monotonic()
        self._pending: tuple[object, tuple[str, ...]] | None = None  # (library, state) loaded, not yet shown
        self._loading: tuple[str, ...] | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_watcher_directory_changed)
        self._loaded.connect(self._on_loaded)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.check)
        self._idle = QTimer(self)
        self._idle.setInterval(5000)
        self._idle.timeout.connect(self._on_idle_timeout)
        self._watch_folders()
        app = QApplication.instance()
        if app is not None and not kiosk:  # a kiosk's idle reset is the controller's
            app.installEventFilter(self)
        built(self)  # guarded event handlers run from here on (lifetime.py)

    # -- what is watched ----------------------------------------------------------------------

    def _watch_folders(self) -> None:
        """The packs folders and each pack's folder; for a packs folder not made yet, the
        nearest folder above it that exists (its creation is the change)."""
        wanted: set[str] = set()
        for root in watched_roots():
            probe = root
            while not probe.is_dir() and probe.parent != probe:
                probe = probe.parent
            wanted.add(str(probe))
            if probe == root:
                try:
                    wanted.update(str(p) for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
                except OSError:
                    pass
        have = set(self._watcher.directories())
        if have - wanted:
            self._watcher.removePaths(sorted(have - wanted))
        if wanted - have:
            self._watcher.addPaths(sorted(p for p in wanted - have if os.access(p, os.R_OK)))

    def watched(self) -> list[str]:
        return sorted(self._watcher.directories())

    @Slot(str)
    def _on_watcher_directory_changed(self, _path: str) -> None:
        self._settle.start()  # restart: look once the install (many files) is done

    # -- noticing a change ----------------------------------------------------------------------

    def changed(self) -> bool:
        """Whether the content folders are not what the window shows (cheap: a few stat calls)."""
        from ..content.library import content_state

        return content_state() != self._state

    @Slot()
    def check(self) -> bool:
        """Look now: when the content changed, load it aside (once). True when the new content
        is loaded and waiting (``take()``), or being loaded."""
        from ..content.library import content_dirs, content_state

        self._watch_folders()
        dirs = content_dirs()
        state = content_state(dirs)
        if state == self._state:
            self._pending = None
            return False
        if self._pending is not None and self._pending[1] == state:
            return True
        if self._loading == state:
            return True
        self._start_load(dirs, state)
        return True

    def has_pending(self) -> bool:
        return self._pending is not None

    def take(self):
        """The new content's (library, dirs), once, if it is loaded and still current."""
        from ..content.library import content_state

        pending, self._pending = self._pending, None
        if pending is None:
            return None
        library, state = pending
        if content_state() != state:  # changed again meanwhile: load that instead
            self.check()
            return None
        self._state = state
        self._idle.stop()
        return library, [Path(d) for d in state]

    # -- loading aside --------------------------------------------------------------------------

    def _start_load(self, dirs: list[Path], state: tuple[str, ...]) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._settle.start()  # one load at a time: look again after this one
            return
        from .lifetime import collect_on_main_thread

        app = QApplication.instance()
        if app is not None:
            collect_on_main_thread(app)  # before any thread: garbage is only ever freed there
        self._loading = state
        kiosk = self._kiosk

        def run() -> None:
            from . import load_library

            library = load_library(kiosk=kiosk, dirs=dirs)  # never raises
            with self._lock:
                if self._stopping.is_set():
                    return
                try:
                    self._loaded.emit(library, state)
                except RuntimeError:  # the window went away meanwhile
                    pass

        self._thread = threading.Thread(target=run, name="mbc-content-load", daemon=True)
        self._thread.start()

    @Slot(object, object)
    def _on_loaded(self, library, state) -> None:
        self._loading = None
        from ..content.library import content_state

        if content_state() != state:
            self.check()  # changed again while it loaded
            return
        log.info("new content loaded aside: %d articles", len(library.articles))
        self._pending = (library, state)
        if not self._kiosk:
            self._idle.start()
        self.ready.emit()

    # -- idle (staff windows) -------------------------------------------------------------------

    def idle_for(self) -> float:
        return time.monotonic() - self._last_input

    @Slot()
    def _on_idle_timeout(self) -> None:
        if self._pending is not None and self.idle_for() >= self.idle_seconds:
            self.ready.emit()  # the window switches now that nobody is reading

    @guarded
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT:
            self._last_input = time.monotonic()
        return False

    def shutdown(self) -> None:
        """Stop watching and wait for a load in flight (the window is closing)."""
        self._stopping.set()
        self._settle.stop()
        self._idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            with self._lock:
                pass  # an emit in flight is done
            thread.join(self.JOIN_TIMEOUT)
