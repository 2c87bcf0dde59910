"""Test-wide set-up: no display, no network, and throw-away user folders.

QT_QPA_PLATFORM is set before anything imports Qt. Settings, cache and data folders point into a
temporary directory so no test reads or writes the real ones. Any socket connection or DNS lookup
fails the test that makes it: the app must never touch the network.
"""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
_USER_DIRS = Path(tempfile.mkdtemp(prefix="mbc-reader-tests-"))
for _name in ("CACHE", "DATA", "CONFIG"):
    os.environ[f"MBC_READER_{_name}_DIR"] = str(_USER_DIRS / _name.lower())
os.environ["MBC_READER_TRUSTED_KEYS"] = str(_USER_DIRS / "trusted-keys")  # none: not the machine's /etc/mbc-reader
os.environ["MBC_READER_SYSTEM_PACKS"] = str(_USER_DIRS / "system-packs")  # not the machine's /var/lib/mbc-reader
os.environ["XDG_CONFIG_HOME"] = str(_USER_DIRS / "xdg-config")  # QSettings' native folder
os.environ["XDG_CACHE_HOME"] = str(_USER_DIRS / "xdg-cache")
os.environ["XDG_DATA_HOME"] = str(_USER_DIRS / "xdg-data")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = REPO / "seeds"
SEED_ID = "000_af7ffd754fc95063"
CORPUS = SHARED / "corpus" / "nci-core"


class NetworkUsed(AssertionError):
    pass


def _no_network(*args, **kwargs):
    raise NetworkUsed(f"the app tried to use the network: {args!r}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail any socket connection or name lookup (local socketpairs for Qt's event loop still work)."""
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", _no_network)
    monkeypatch.setattr(socket, "getaddrinfo", _no_network)
    monkeypatch.setattr(socket, "gethostbyname", _no_network)
    monkeypatch.setattr(socket, "create_connection", _no_network)


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the real corpus is not here ({CORPUS}): ../shared is absent")
    return CORPUS


@pytest.fixture
def write_article(tmp_path):
    """Write a small article into a content folder: write_article("name.md", body, **front_matter)."""

    def write(name: str, body: str, folder: Path | None = None, raw: str | None = None, **meta) -> Path:
        folder = folder or tmp_path / "content"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        if raw is not None:
            path.write_bytes(raw.encode("utf-8") if isinstance(raw, str) else raw)
            return path
        meta.setdefault("title", "A test article - NCI")
        meta.setdefault("language", "en")
        meta.setdefault("status", "active")
        lines = ["---"] + [f"{k}: {v!r}" if isinstance(v, str) else f"{k}: {v}" for k, v in meta.items()] + ["---", ""]
        path.write_text("\n".join(lines) + body, encoding="utf-8")
        return path

    return write


# --- nothing outlives its test: windows, worker threads, garbage ------------------------------

#: Worker threads the app starts are named so (ui/workers.py): none may outlive its test.
APP_THREAD_PREFIX = "mbc-"


def _qt_application():
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return None
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def _flush_deletes(app) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()


def _app_threads():
    import threading

    return [t for t in threading.enumerate() if t.name.startswith(APP_THREAD_PREFIX) and t.is_alive()]


def _live_top_levels(app):
    from shiboken6 import Shiboken

    return [w for w in app.topLevelWidgets() if Shiboken.isValid(w) and w.isVisible()]


def leftovers(app, wait_s: float = 60.0) -> list[str]:
    """What a test left alive once its widgets were closed: visible windows and app threads
    (threads get ``wait_s`` to end: a closing window stops its worker, which gives up at its next
    step; on a loaded machine a corpus-sized index build can take that long to reach one)."""
    import gc
    import time

    problems = []
    _flush_deletes(app)
    gc.collect()  # on this, the GUI thread (see ui/lifetime.py)
    _flush_deletes(app)
    deadline = time.monotonic() + wait_s
    while _app_threads() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    problems += [f"thread {t.name!r} still running" for t in _app_threads()]
    problems += [f"window {type(w).__name__} {w.objectName()!r} still open" for w in _live_top_levels(app)]
    return problems


@pytest.fixture(autouse=True)
def nothing_left_behind(request):
    """Fail a test that leaves a window shown or an app worker thread running after its own
    widgets were closed (set up first, so torn down after pytest-qt closed the test's widgets).
    What it finds is closed, so the next test starts clean either way."""
    yield
    app = _qt_application()
    if app is None:
        if _app_threads():
            pytest.fail(f"left behind: {[t.name for t in _app_threads()]}", pytrace=False)
        return
    problems = leftovers(app)
    for widget in _live_top_levels(app):
        widget.close()
        widget.deleteLater()
    _flush_deletes(app)
    if problems and "allow_leftovers" not in request.keywords:
        pytest.fail("the test left behind: " + "; ".join(problems), pytrace=False)


@pytest.fixture
def leftover_check():
    """leftover_check(app, wait_s) -> what is left alive (the check nothing_left_behind runs)."""
    return leftovers
