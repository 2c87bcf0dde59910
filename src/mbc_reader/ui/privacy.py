"""Kiosk privacy: nothing a patient reads or searches may reach the disk.

The window keeps its preferences (text size, last article, language) in a settings object. In a
kiosk session it gets a :class:`MemorySettings` instead of a ``QSettings``: it starts from what staff
saved, behaves like ``QSettings`` for the calls we use, and forgets everything when the app quits.
Code that would write a cache (recent articles, search history, thumbnails) asks
:func:`writes_allowed` first. :func:`snapshot` and :func:`changed_paths` let a test prove that a
whole kiosk session left the user folders untouched.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from .. import paths

log = logging.getLogger(__name__)

_private_session = False


def set_private_session(private: bool) -> None:
    """Turned on by kiosk mode before the window is built, off only when staff leave kiosk mode."""
    global _private_session
    _private_session = private
    log.info("private session %s", "on: nothing is saved" if private else "off")


def private_session() -> bool:
    return _private_session


def writes_allowed() -> bool:
    """Ask before writing anything derived from what the user did (history, caches, last article)."""
    return not _private_session


class SettingsStore(Protocol):
    """The part of ``QSettings`` the app uses, so the window can take either."""

    def value(self, key: str, defaultValue: Any = None, type: Any = None) -> Any: ...  # noqa: A002, N803
    def setValue(self, key: str, value: Any) -> None: ...  # noqa: N802
    def remove(self, key: str) -> None: ...
    def contains(self, key: str) -> bool: ...
    def sync(self) -> None: ...


def _convert(value: Any, wanted: Any) -> Any:
    """QSettings' ``type=`` argument, for the plain types a settings file holds."""
    if wanted is None or value is None or isinstance(value, wanted):
        return value
    if wanted is bool and isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "on"}
    try:
        return wanted(value)
    except (TypeError, ValueError):
        return None


class MemorySettings:
    """A ``QSettings`` look-alike that lives only in memory: the kiosk's settings for one run."""

    def __init__(self, initial: dict[str, Any] | None = None) -> None:
        self._values: dict[str, Any] = dict(initial or {})
        self._groups: list[str] = []

    @classmethod
    def copy_of(cls, settings: Any) -> MemorySettings:
        """Start from what staff saved (reading a QSettings never writes it)."""
        return cls({key: settings.value(key) for key in settings.allKeys()})

    def _key(self, key: str) -> str:
        return "/".join(part for part in [*self._groups, key.strip("/")] if part)

    def value(self, key: str, defaultValue: Any = None, type: Any = None) -> Any:  # noqa: A002, N803
        full = self._key(key)
        if full not in self._values:
            return defaultValue
        converted = _convert(self._values[full], type)
        return defaultValue if converted is None else converted

    def setValue(self, key: str, value: Any) -> None:  # noqa: N802
        self._values[self._key(key)] = value

    def remove(self, key: str) -> None:
        full = self._key(key)
        for existing in [k for k in self._values if k == full or k.startswith(full + "/") or not full]:
            del self._values[existing]

    def contains(self, key: str) -> bool:
        return self._key(key) in self._values

    def allKeys(self) -> list[str]:  # noqa: N802
        group = self._key("")
        prefix = group + "/" if group else ""
        return sorted(k[len(prefix):] for k in self._values if k.startswith(prefix))

    def clear(self) -> None:
        self.remove("")

    def beginGroup(self, prefix: str) -> None:  # noqa: N802
        self._groups.append(prefix.strip("/"))

    def endGroup(self) -> None:  # noqa: N802
        if self._groups:
            self._groups.pop()

    def sync(self) -> None:
        """Nothing to write: that is the point."""

    def isWritable(self) -> bool:  # noqa: N802
        return True

    def fileName(self) -> str:  # noqa: N802
        return ""


def session_settings(private: bool, file: Path | None = None) -> Any:
    """The settings for this run: the INI ``file`` normally; in kiosk mode a memory copy of it.

    ``file`` defaults to the window's ``reader.ini`` in the config folder. Reading it writes
    nothing, and a missing file is not created.
    """
    from PySide6.QtCore import QSettings

    file = Path(file) if file else paths.config_dir() / "reader.ini"
    if not private:
        return QSettings(str(file), QSettings.Format.IniFormat)
    if not file.is_file():
        return MemorySettings()
    return MemorySettings.copy_of(QSettings(str(file), QSettings.Format.IniFormat))


def user_dirs() -> list[Path]:
    """Every folder the app may write to on its own: the ones a kiosk session must leave alone."""
    return [paths.config_dir(), paths.cache_dir(), paths.data_dir()]


Snapshot = dict[str, tuple[int, int]]


def snapshot(roots: Iterable[Path] | Path | None = None) -> Snapshot:
    """Every file and folder under ``roots`` with its mtime (ns) and size; absent roots count as empty."""
    if isinstance(roots, Path):
        roots = [roots]
    result: Snapshot = {}
    for root in roots if roots is not None else user_dirs():
        root = Path(root)
        if not root.exists():
            continue
        stat = root.stat()
        result[str(root)] = (stat.st_mtime_ns, 0)
        for folder, dirs, files in os.walk(root):
            for name in dirs + files:
                full = os.path.join(folder, name)
                try:
                    stat = os.lstat(full)
                except OSError:
                    continue  # vanished between listing and stat: the diff will show it
                result[full] = (stat.st_mtime_ns, 0 if name in dirs else stat.st_size)
    return result


def changed_paths(before: Snapshot, after: Snapshot) -> list[str]:
    """Readable differences, for an assertion message: ``+ path``, ``- path``, ``~ path``."""
    lines = [f"+ {p}" for p in sorted(after.keys() - before.keys())]
    lines += [f"- {p}" for p in sorted(before.keys() - after.keys())]
    lines += [f"~ {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    return lines
