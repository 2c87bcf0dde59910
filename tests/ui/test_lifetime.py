"""Lifetimes: no handler before __init__ is done, no handler on a dead object, garbage freed on the
GUI thread only, workers stopped and joined when their window closes, and a check that fails a
test which leaves a window or worker behind."""

from __future__ import annotations

import gc
import threading
import time

import pytest
from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QWidget

from mbc_reader.ui import lifetime
from mbc_reader.ui.workers import SearchCancelled, SearchService


class _EarlyResize(QWidget):
    """Gets a resize event before its own __init__ has set what its handler reads."""

    def __init__(self) -> None:
        super().__init__()
        QApplication.sendEvent(self, QResizeEvent(QSize(300, 200), QSize(10, 10)))
        self._width_seen: list[int] = []
        lifetime.built(self)

    @lifetime.guarded
    def resizeEvent(self, event):  # noqa: N802
        self._width_seen.append(event.size().width())
        super().resizeEvent(event)


def test_an_event_before_init_is_done_goes_to_the_qt_handler_not_ours(qtbot):
    widget = _EarlyResize()
    qtbot.addWidget(widget)
    assert widget._width_seen == []  # ours did not run (it would have raised AttributeError)
    QApplication.sendEvent(widget, QResizeEvent(QSize(320, 200), QSize(300, 200)))
    assert widget._width_seen == [320]


def test_every_event_handler_of_the_app_widgets_is_guarded():
    import inspect
    import pkgutil
    import re

    import mbc_reader.ui as ui

    handler = re.compile(r"^[a-z][A-Za-z]*Event$|^eventFilter$")
    unguarded = []
    for info in pkgutil.iter_modules(ui.__path__):
        module = __import__(f"mbc_reader.ui.{info.name}", fromlist=["_"])
        for _, klass in inspect.getmembers(module, inspect.isclass):
            if klass.__module__ != module.__name__ or not issubclass(klass, QObject):
                continue
            for name, member in vars(klass).items():
                if handler.match(name) and callable(member) and not hasattr(member, "__wrapped__"):
                    unguarded.append(f"{klass.__name__}.{name}")
    assert unguarded == []


class _Filter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = 0
        lifetime.built(self)

    @lifetime.guarded
    def eventFilter(self, watched, event):  # noqa: N802
        self.seen += 1
        return True  # would swallow every event


def test_an_event_filter_whose_object_is_gone_lets_events_through(qtbot):
    from shiboken6 import Shiboken

    target = QWidget()
    qtbot.addWidget(target)
    filt = _Filter()
    target.installEventFilter(filt)
    assert not QApplication.sendEvent(target, QEvent(QEvent.Type.User)) or filt.seen == 1
    Shiboken.delete(filt)
    assert not lifetime.alive(filt)
    assert filt.eventFilter(target, QEvent(QEvent.Type.User)) is False  # no RuntimeError


def test_garbage_holding_a_widget_is_freed_on_the_gui_thread_while_a_worker_allocates(qapp, qtbot):
    """The crash on a busy machine: a worker's allocations started the cyclic collector, which
    destroyed a window off the GUI thread. With the collector on the GUI thread it cannot."""
    lifetime.collect_on_main_thread(qapp)
    assert lifetime.main_thread_gc_active()
    destroyed_on: list[str] = []

    class Holder:
        pass

    widget = QWidget()
    widget.destroyed.connect(lambda *_: destroyed_on.append(threading.current_thread().name))
    holder = Holder()
    holder.widget, holder.me = widget, holder  # a cycle: only the collector can free it
    del widget, holder

    stop = threading.Event()

    def allocate() -> None:  # what the index builder does: many container objects
        while not stop.is_set():
            junk = [[i] for i in range(5000)]
            junk.append(junk)
            del junk

    worker = threading.Thread(target=allocate, name="allocator")
    worker.start()
    try:
        time.sleep(0.5)
        assert destroyed_on == []  # the worker's allocations collected nothing
        qtbot.waitUntil(lambda: destroyed_on != [], timeout=10000)  # the GUI thread's timer did
    finally:
        stop.set()
        worker.join()
    assert destroyed_on == [threading.main_thread().name]


def test_shutdown_stops_an_opener_in_flight_at_its_next_step(qtbot):
    steps = []
    started = threading.Event()

    def opener(progress):
        started.set()
        for i in range(10_000):
            time.sleep(0.01)
            progress(i, 10_000)  # raises SearchCancelled once the service stops
            steps.append(i)
        raise AssertionError("never cancelled")

    holder = QObject()
    service = SearchService(opener, holder)
    service.start()
    assert started.wait(10)
    qtbot.waitUntil(lambda: len(steps) > 2, timeout=10000)
    assert service.shutdown(timeout=10)
    assert not service.is_running()
    assert len(steps) < 10_000


def test_a_service_destroyed_mid_build_emits_nothing_afterwards(qtbot):
    """The window went away without closing (deleted): the worker stops emitting before the
    C++ object is gone, and then stops at its next step."""
    from shiboken6 import Shiboken

    proceed = threading.Event()
    finished = threading.Event()
    outcome: list[object] = []

    def opener(progress):
        progress(1, 2)
        proceed.wait(10)
        try:
            progress(2, 2)
        except SearchCancelled as exc:
            outcome.append(exc)
        finally:
            finished.set()
        raise SearchCancelled("stopped")

    holder = QObject()
    service = SearchService(opener, holder)
    service.start()
    qtbot.waitUntil(lambda: service._shared.queue is not None and service.is_running(), timeout=5000)
    Shiboken.delete(holder)  # deletes the service's C++ object too
    assert not lifetime.alive(service)
    proceed.set()
    assert finished.wait(10)
    thread = service._thread
    thread.join(10)
    assert not thread.is_alive()
    assert outcome and isinstance(outcome[0], SearchCancelled)


def _many_articles(folder, n):
    folder.mkdir(parents=True, exist_ok=True)
    words = "lymph node biopsy chemotherapy radiation surgery fatigue nausea screening".split()
    for i in range(n):
        body = "\n\n".join(f"## Part {j}\n\n" + " ".join(words[(i + j + k) % len(words)] for k in range(400)) for j in range(6))
        (folder / f"a{i:03d}.md").write_text(
            f"---\ntitle: Article {i} - test\nlanguage: en\nstatus: active\n---\n\n# Article {i}\n\n{body}\n", encoding="utf-8")
    return folder


def test_closing_the_window_while_its_index_builds_stops_and_joins_the_worker(make_window, tmp_path, qtbot, monkeypatch):
    """No crash, no worker left, no half-written index: the next open builds a complete one."""
    from mbc_reader.content.search import index as index_mod
    from mbc_reader.content.library import open_library
    from mbc_reader.content.search import current_version

    monkeypatch.setenv("MBC_READER_INDEX_PROCS", "1")
    content = _many_articles(tmp_path / "many", 150)
    window = make_window(content)
    service = window._search_service
    assert service is not None
    progress: list[str] = []
    service.progress.connect(progress.append)
    unavailable: list[str] = []
    service.unavailable.connect(unavailable.append)
    qtbot.waitUntil(lambda: len(progress) >= 3 or bool(unavailable), timeout=60000)  # the build is in flight
    assert unavailable == []
    assert not service.is_ready()
    window.close()
    assert not service.is_running()  # closeEvent stopped and joined it
    library = open_library([content], write_cache=False)
    home = index_mod.index_location(index_mod.library_dirs(library))
    assert current_version(home) is None  # nothing half-built was switched to
    status = index_mod.ensure_index(library)
    assert status.action in ("built", "rebuilt")
    assert current_version(home) is not None


@pytest.mark.allow_leftovers
def test_the_leftover_check_names_a_window_left_open_and_a_running_worker(qapp, leftover_check):
    widget = QWidget()
    widget.setObjectName("forgotten")
    widget.show()
    release = threading.Event()
    worker = threading.Thread(target=release.wait, name="mbc-test-worker")
    worker.start()
    try:
        found = leftover_check(qapp, wait_s=0.2)
        assert "window QWidget 'forgotten' still open" in found
        assert "thread 'mbc-test-worker' still running" in found
    finally:
        release.set()
        worker.join()
        widget.close()
        widget.deleteLater()
    gc.collect()
    assert leftover_check(qapp, wait_s=1) == []
