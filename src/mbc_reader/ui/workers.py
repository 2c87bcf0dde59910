"""Search off the UI thread: one worker thread owns the searcher; stale queries are dropped.

Whoosh searchers must not be shared across threads (PITFALLS), and opening the index can take
seconds the first time (it is built then), so a single daemon thread opens the searcher and runs
every query. Requests are numbered; the thread skips any request that is no longer the latest
and the panel ignores answers to older ones, so fast typing never queues up stale work. Workers
only emit signals (queued to the UI thread); a daemon thread never holds up quitting.
"""

from __future__ import annotations

import importlib.util
import logging
import queue
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_STOP = object()


def search_available() -> bool:
    """Whether this build has ``mbc_reader.content.search`` (found, not imported: importing it
    pulls in Whoosh, which the first article should not wait for)."""
    try:
        return importlib.util.find_spec("mbc_reader.content.search") is not None
    except (ImportError, ValueError):
        return False


def search_module() -> ModuleType | None:
    """``mbc_reader.content.search`` if this build has it (the window works without it)."""
    try:
        from ..content import search
    except ImportError as exc:
        log.info("search is not available: %s", exc)
        return None
    if not hasattr(search, "open_searcher"):
        log.info("search is not available: content.search has no open_searcher")
        return None
    return search


class SearchService(QObject):
    """Runs ``opener()`` then ``searcher.search(query, limit)`` on a worker thread."""

    ready = Signal()  # the searcher is open: queries will be answered
    unavailable = Signal(str)  # it could not be opened (plain words for the reader)
    progress = Signal(str)  # while the index is being prepared
    results_ready = Signal(int, object)  # request number, SearchResponse
    failed = Signal(int, str)  # request number, what went wrong

    def __init__(self, opener: Callable[[Callable[..., None]], Any], parent: QObject | None = None) -> None:
        """``opener(progress)`` returns a Searcher; ``progress`` may be called with anything."""
        super().__init__(parent)
        self._opener = opener
        self._queue: queue.Queue = queue.Queue()
        self._latest = 0
        self._thread: threading.Thread | None = None
        self._ready = False
        pending = self._queue
        self.destroyed.connect(lambda *_: pending.put(_STOP))  # the thread ends with its window

    def is_ready(self) -> bool:
        return self._ready

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="mbc-search", daemon=True)
            self._thread.start()

    def request(self, query: str, limit: int = 20) -> int:
        """Queue a query; returns its number (only the answer to the latest one matters)."""
        self._latest += 1
        self._queue.put((self._latest, query, limit))
        return self._latest

    def latest(self) -> int:
        return self._latest

    def stop(self) -> None:
        self._queue.put(_STOP)

    # -- on the worker thread --------------------------------------------------------------------

    def _emit(self, signal_name: str, *args: object) -> None:
        try:
            getattr(self, signal_name).emit(*args)
        except RuntimeError:  # the window (and this object) went away meanwhile
            log.debug("search result dropped: receiver gone")

    def _on_progress(self, *args: object, **kwargs: object) -> None:
        numbers = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
        if len(numbers) >= 2 and numbers[1]:
            self._emit("progress", f"{min(100, round(100 * numbers[0] / numbers[1]))} %")
        elif numbers and isinstance(numbers[0], float) and 0 <= numbers[0] <= 1:
            self._emit("progress", f"{round(100 * numbers[0])} %")
        else:
            self._emit("progress", "")

    def _run(self) -> None:
        try:
            searcher = self._opener(self._on_progress)
        except Exception as exc:  # any failure of the index must leave the reader usable
            log.warning("search could not be opened: %s", exc, exc_info=True)
            self._emit("unavailable", str(exc))
            return
        self._ready = True
        self._emit("ready")
        while True:
            item = self._queue.get()
            while True:  # only the newest request is worth answering
                try:
                    newer = self._queue.get_nowait()
                except queue.Empty:
                    break
                item = newer if item is not _STOP else item
            if item is _STOP:
                return
            number, query, limit = item
            if number != self._latest:
                continue
            try:
                response = searcher.search(query, limit=limit)
            except Exception as exc:
                log.warning("search for %r failed: %s", query, exc, exc_info=True)
                self._emit("failed", number, str(exc))
                continue
            self._emit("results_ready", number, response)
