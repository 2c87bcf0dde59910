"""Files on disk, done one way: atomic writes, a lock between processes, the current version of a
versioned folder, and a file's fingerprint.

* **Atomic write** (:func:`write_bytes`, :func:`write_text`, :func:`replacing`): the new content goes
  into a temporary file in the target's own folder (same file system), is flushed and fsynced, and
  then ``os.replace`` puts it in place, atomic on POSIX and Windows. A reader sees the old file or
  the new one, never half of either; a failure (or a crash) before the rename leaves the old file
  whole and removes the temporary one. A new file gets the permissions any new file would (the
  umask applies) unless ``permissions`` says otherwise.
* **Lock** (:func:`locked`): an OS lock on a file through the ``filelock`` library (``flock`` on
  POSIX, ``msvcrt.locking`` on Windows), released by the OS if the process dies.
* **Current version** (:func:`switch_version`, :func:`current_version`): a versioned folder holds
  complete versions in sub-folders and a small ``CURRENT`` file naming the one in use (its path
  relative to the folder, e.g. ``v-2025…`` or ``versions/2025…``). Switching writes ``CURRENT``
  atomically, so a switch interrupted at any point leaves the old version in use. A plain file,
  not a symbolic link: Windows makes symbolic links only with special rights. Folders made by older
  versions of the app named their version with a ``current`` symbolic link instead; it is still
  read when there is no ``CURRENT`` file (``legacy_link``).
* **Fingerprint** (:func:`fingerprint`): a file's size and modification time (ns), the cheap "has it
  changed" test; hash the bytes only when these differ.

Qt-free and light (standard library only until a lock is taken): ``ui.first_page`` uses it before
the first frame.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
TMP_SUFFIX = ".tmp"


class LockBusy(Exception):
    """Another process holds the lock for longer than the caller was willing to wait."""


# -- atomic writes ---------------------------------------------------------------------------------


def temporary_name(path: Path) -> Path:
    """A name for a temporary file beside ``path`` (hidden, unique, ending in ``.tmp``)."""
    return path.with_name(f".{path.name}.{os.urandom(4).hex()}{TMP_SUFFIX}")


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows: _commit needs write access
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder, nor needs to)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse to sync a folder: the data itself was synced
    finally:
        os.close(fd)


@contextlib.contextmanager
def replacing(path: Path | str, *, permissions: int | None = None) -> Iterator[Path]:
    """Yield the path of a new, empty temporary file beside ``path``, for a writer that wants a file
    name (a PDF writer, ``zipfile``). When the block ends normally the file is fsynced and renamed
    over ``path``; when it raises, the temporary file is removed and ``path`` is left as it was."""
    path = Path(path)
    tmp = temporary_name(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    os.close(os.open(tmp, flags, 0o666 if permissions is None else permissions & 0o777))
    try:
        if permissions is not None:
            os.chmod(tmp, permissions)  # exactly these, whatever the umask
        yield tmp
        _fsync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def write_with(path: Path | str, writer: Callable[[IO[bytes]], None], *, permissions: int | None = None) -> Path:
    """Atomically replace ``path`` with what ``writer`` writes into the open (binary) file it is given."""
    path = Path(path)
    with replacing(path, permissions=permissions) as tmp:
        with open(tmp, "wb") as handle:
            writer(handle)
    return path


def write_bytes(path: Path | str, data: bytes, *, permissions: int | None = None) -> Path:
    """Atomically replace ``path`` with ``data``."""
    return write_with(path, lambda handle: handle.write(data), permissions=permissions)


def write_text(path: Path | str, text: str, *, encoding: str = "utf-8", permissions: int | None = None) -> Path:
    """Atomically replace ``path`` with ``text`` (no newline translation: the text is written as is)."""
    return write_bytes(path, text.encode(encoding), permissions=permissions)


# -- a lock between processes ----------------------------------------------------------------------


@contextlib.contextmanager
def locked(path: Path | str, timeout: float = 0.0, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the OS lock on the file ``path`` (created with its folder if missing). When another
    process holds it, ``on_wait`` is called once and the lock is waited for up to ``timeout``
    seconds (0: not at all), then :class:`LockBusy` is raised."""
    from filelock import FileLock, Timeout  # only when a lock is taken (first_page imports this module)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if timeout <= 0:
            raise LockBusy(f"{path} is locked by another program") from None
        if on_wait is not None:
            on_wait()
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise LockBusy(f"{path} is still locked by another program after {timeout:g} s") from None
    try:
        yield
    finally:
        lock.release()


# -- the current version of a versioned folder -----------------------------------------------------


def _inside(home: Path, name: str) -> Path | None:
    rel = Path(name)
    if not name or rel.is_absolute() or rel.drive or any(part in ("", ".", "..") for part in rel.parts):
        return None
    folder = home / rel
    return folder if folder.is_dir() else None


def current_version(home: Path, legacy_link: str | None = None) -> Path | None:
    """The version folder ``home/CURRENT`` names, or None when there is none, it names a folder
    outside ``home`` or one that is gone. Without a ``CURRENT`` file, the symbolic link
    ``home/<legacy_link>`` made by older versions is followed (when given), on the same terms."""
    try:
        name = (home / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        name = None
    except (OSError, UnicodeDecodeError):
        return None
    if name is not None:
        return _inside(home, name.replace("\\", "/"))
    if legacy_link is None:
        return None
    try:
        target = os.readlink(home / legacy_link)
    except OSError:
        return None
    return _inside(home, target.replace("\\", "/"))


def switch_version(home: Path, version: Path) -> None:
    """Make ``version`` (a folder inside ``home``) the one in use, atomically. ``CURRENT`` is
    readable by every account whatever the umask (a system pack's is read by all of them)."""
    try:
        rel = version.relative_to(home).as_posix()
    except ValueError:
        rel = ""
    if _inside(home, rel) is None:
        raise ValueError(f"{version} is not a version folder inside {home}")
    write_text(home / CURRENT, rel + "\n", permissions=0o644)


def is_leftover(entry: Path) -> bool:
    """Whether ``entry`` is a temporary file an interrupted atomic write left behind."""
    return entry.name.startswith(".") and entry.name.endswith(TMP_SUFFIX)


# -- fingerprints ----------------------------------------------------------------------------------


def fingerprint(path: Path | str) -> tuple[int, int] | None:
    """``(size, modification time in ns)`` of the file (or folder) ``path``, None when it cannot be
    read: equal fingerprints mean "unchanged" for every cache of the app."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_size, info.st_mtime_ns
