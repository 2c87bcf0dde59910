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
