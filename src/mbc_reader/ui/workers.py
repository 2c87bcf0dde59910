"""Search off the UI thread: one worker thread owns the searcher; stale queries are dropped.

Whoosh searchers must not be shared across threads (PITFALLS), and opening the index can take
seconds the first time (it is built then), so a single daemon thread opens the searcher and runs
every query. Requests are numbered; the thread skips any request that is no longer the latest
and the panel ignores answers to older ones, so fast typing never queues up stale work. Workers
only emit signals (queued to the UI thread). The window stops and joins the worker when it
closes (an index build in flight gives up at its next step); see :mod:`.lifetime` for why
garbage is then collected on the window's thread only.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

_STOP = object()


class SearchCancelled(Exception):
    """Raised inside the opener (through its progress callback) when the service is stopping:
    the index build gives up and removes its unfinished version folder."""


class _Shared:
    """What the worker thread and the window's thread share; never a Qt object, so the worker
    can read it after the service's C++ object is gone."""

    def __init__(self) -> None:
        self.queue: queue.Queue = queue.Queue()
        self.stopping = threading.Event()
        self.lock = threading.Lock()  # held around every emit, and while the service is destroyed
        self.alive = True

    def gone(self, *_: object) -> None:
        """The service's C++ object is being destroyed (on the window's thread): no more emits."""
        with self.lock:
            self.alive = False
        self.stopping.set()
        self.queue.put(_STOP)


class SearchService(QObject):
    """Runs ``opener()`` then ``searcher.search(query, limit)`` on a worker thread.

    :meth:`shutdown` (the window calls it when it closes, and when the application quits) asks
    the worker to stop — an index build in flight gives up at its next step — and waits for it.
    If the service's C++ object goes away first, the worker stops emitting before it is gone.
    """

    ready = Signal()  # the searcher is open: queries will be answered
    unavailable = Signal(str)  # it could not be opened (plain words for the reader)
    progress = Signal(str)  # while the index is being prepared
    results_ready = Signal(int, object)  # request number, SearchResponse
    failed = Signal(int, str)  # request number, what went wrong

    #: How long shutdown() waits for the worker (s); an index build stops within one article.
    JOIN_TIMEOUT = 20.0

    def __init__(self, opener: Callable[[Callable[..., None]], Any], parent: QObject | None = None) -> None:
        """``opener(progress)`` returns a Searcher; ``progress`` may be called with anything."""
        super().__init__(parent)
        self._opener = opener
        self._shared = _Shared()
        self._queue = self._shared.queue
        self._latest = 0
        self._thread: threading.Thread | None = None
        self._ready = False
        self.destroyed.connect(self._shared.gone)  # a plain object's method: safe during ~QObject

    def is_ready(self) -> bool:
        return self._ready

    def start(self) -> None:
        if self._thread is None and not self._shared.stopping.is_set():
            from PySide6.QtCore import QCoreApplication

            app = QCoreApplication.instance()
            if app is not None:
                from .lifetime import collect_on_main_thread

                collect_on_main_thread(app)  # before any thread: garbage is only ever freed here
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
        """Ask the worker to stop (without waiting): see :meth:`shutdown`."""
        self._shared.stopping.set()
        self._queue.put(_STOP)

    def shutdown(self, timeout: float | None = None) -> bool:
        """Stop the worker and wait for it (up to ``timeout`` s); True when it has ended."""
        self.stop()
        thread = self._thread
        if thread is None or thread is threading.current_thread():
            return True
        thread.join(self.JOIN_TIMEOUT if timeout is None else timeout)
        if thread.is_alive():
            log.warning("the search worker is still busy after %.0f s; it will stop on its own", timeout or self.JOIN_TIMEOUT)
            return False
        return True

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- on the worker thread --------------------------------------------------------------------

    def _emit(self, signal_name: str, *args: object) -> None:
        shared = self._shared
        with shared.lock:
            if not shared.alive:
                return
            try:
                getattr(self, signal_name).emit(*args)
            except RuntimeError:  # the window (and this object) went away meanwhile
                log.debug("search result dropped: receiver gone")

    def _on_progress(self, *args: object, **kwargs: object) -> None:
        if self._shared.stopping.is_set():
            raise SearchCancelled("the window closed")
        numbers = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
        if len(numbers) >= 2 and numbers[1]:
            self._emit("progress", f"{min(100, round(100 * numbers[0] / numbers[1]))} %")
        elif numbers and isinstance(numbers[0], float) and 0 <= numbers[0] <= 1:
            self._emit("progress", f"{round(100 * numbers[0])} %")
        else:
            self._emit("progress", "")

    def _run(self) -> None:
        shared = self._shared
        try:
            searcher = self._opener(self._on_progress)
        except SearchCancelled:
            log.info("opening search stopped: the window closed")
            return
        except Exception as exc:  # any failure of the index must leave the reader usable
            if shared.stopping.is_set():
                log.info("opening search stopped (%s)", exc)
                return
            log.warning("search could not be opened: %s", exc, exc_info=True)
            self._emit("unavailable", str(exc))
            return
        try:
            self._serve(searcher)
        finally:
            close = getattr(searcher, "close", None)
            if callable(close):
                try:
                    close()
                except Exception:  # closing a searcher must never take the app down
                    log.debug("closing the searcher failed", exc_info=True)

    def _serve(self, searcher: Any) -> None:
        shared = self._shared
        if shared.stopping.is_set():
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
            if item is _STOP or shared.stopping.is_set():
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
