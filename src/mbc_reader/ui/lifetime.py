"""Qt objects' lifetimes in one place: event handlers that wait for ``__init__`` and never outlive
their C++ object, and garbage collection that only ever runs on the window's thread.

Two crashes seen on a busy machine are behind this module:

- Qt may deliver an event to a widget while its base class's ``__init__`` is still running (a
  scroll area resizes its viewport as it is made), before our ``__init__`` has set the attributes
  its handler reads; and it may deliver an event to an event filter whose C++ object is being
  destroyed (a child's focus-out, sent while its parent goes). :func:`guarded` makes such a
  handler do what the Qt base class does, or nothing for a filter, until the object is built and
  as long as it is alive. A class marks itself built with :func:`built` at the end of
  ``__init__``.
- Python's cyclic garbage collector runs in whichever thread happens to allocate when its
  threshold is reached. When that is a worker thread (the search index builder allocates a lot)
  and the garbage holds a window, Qt destroys widgets off the GUI thread and the process
  segfaults. :func:`collect_on_main_thread` turns off automatic collection and collects from a
  timer on the GUI thread instead, with the same generation thresholds.
"""

from __future__ import annotations

import functools
import gc
import logging
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

_BUILT = "_mbc_built"


def built(obj: object) -> None:
    """Say that ``obj``'s ``__init__`` is done: its guarded handlers run from now on."""
    setattr(obj, _BUILT, True)


def is_built(obj: object) -> bool:
    return bool(getattr(obj, _BUILT, False))


def alive(obj: object) -> bool:
    """Whether ``obj``'s C++ object still exists (a plain Python object always does)."""
    try:
        from shiboken6 import Shiboken
    except ImportError:  # pragma: no cover - PySide6 always ships shiboken6
        return True
    try:
        return bool(Shiboken.isValid(obj))
    except TypeError:  # not a Qt wrapper
        return True


def _qt_base_method(obj: object, name: str) -> Callable[..., Any] | None:
    for klass in type(obj).__mro__:
        if klass.__module__.startswith(("PySide6", "shiboken6")) and name in klass.__dict__:
            return getattr(klass, name)
    return None


def guarded(handler: F) -> F:
    """Decorate an event handler (``resizeEvent``, ``eventFilter``, …): before the object is
    :func:`built`, or once its C++ object is gone, the Qt base class's handler runs instead
    (an event filter lets the event through)."""
    name = handler.__name__

    @functools.wraps(handler)
    def wrapper(self: Any, *args: Any) -> Any:
        if is_built(self) and alive(self):
            return handler(self, *args)
        if name == "eventFilter" or not alive(self):
            return False
        base = _qt_base_method(self, name)
        return base(self, *args) if base is not None else None

    return wrapper  # type: ignore[return-value]


# --- garbage collection on the GUI thread ------------------------------------------------------

#: How often the GUI thread looks at the collector's counts (ms): cheap when nothing is due.
COLLECT_INTERVAL_MS = 400

_collector: Any = None


def collect_due(threshold: tuple[int, int, int] | None = None) -> int:
    """Collect the generations whose counts passed their thresholds, as the automatic collector
    would (to be called on the GUI thread); returns the number of objects found unreachable."""
    t0, t1, t2 = threshold or gc.get_threshold()
    c0, c1, c2 = gc.get_count()
    if c0 <= t0:
        return 0
    if c1 > t1:
        return gc.collect(2 if c2 > t2 else 1)
    return gc.collect(0)


def collect_on_main_thread(app: Any) -> None:
    """Turn off automatic garbage collection and collect on ``app``'s thread instead (once per
    process; the timer belongs to ``app``). Call it before starting any Python thread."""
    global _collector
    if _collector is not None and alive(_collector):
        return
    from PySide6.QtCore import QTimer

    gc.disable()
    timer = QTimer(app)
    timer.setObjectName("mbcMainThreadGc")
    timer.setInterval(COLLECT_INTERVAL_MS)
    timer.timeout.connect(collect_due)
    timer.start()
    _collector = timer
    log.debug("garbage collection moved to the GUI thread")


def main_thread_gc_active() -> bool:
    return _collector is not None and alive(_collector) and not gc.isenabled()
