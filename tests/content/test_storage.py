"""content/storage.py: atomic writes, the lock between processes, the current version, fingerprints.

* A write that fails midway (the writer raises after writing part of the new content) leaves the
  old file whole and no temporary file; a successful one replaces it, with the umask's permissions
  or the ones asked for.
* The lock excludes a second process (a real one, started with ``subprocess``), and is free again
  once the first lets go; waiting calls ``on_wait`` once.
* ``switch_version`` replaces ``CURRENT`` in one rename (a switch that fails midway leaves the old
  version named), ``current_version`` refuses names outside the folder, and reads an older app's
  ``current`` symbolic link when there is no ``CURRENT``.
* ``fingerprint`` changes with the size or the modification time, and is None for a missing file.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mbc_reader.content import storage


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- atomic writes ---------------------------------------------------------------------------------


def test_write_text_and_bytes_replace_the_file(tmp_path):
    path = tmp_path / "notes.txt"
    storage.write_text(path, "first\n")
    storage.write_text(path, "second, with ñ\n")
    assert path.read_text(encoding="utf-8") == "second, with ñ\n"
    storage.write_bytes(path, b"\x00\xffbytes")
    assert path.read_bytes() == b"\x00\xffbytes"
    assert _names(tmp_path) == ["notes.txt"]


class WriterFailed(Exception):
    pass


def test_a_writer_failing_midway_leaves_the_old_file_whole(tmp_path):
    path = tmp_path / "catalog.bin"
    storage.write_bytes(path, b"old content " * 1000)

    def half_then_fail(handle) -> None:
        handle.write(b"new content " * 500)
        handle.flush()
        raise WriterFailed("disk full, say")

    with pytest.raises(WriterFailed):
        storage.write_with(path, half_then_fail)
    assert path.read_bytes() == b"old content " * 1000
    assert _names(tmp_path) == ["catalog.bin"]  # no temporary file left


def test_replacing_gives_a_file_name_and_cleans_up_on_failure(tmp_path):
    path = tmp_path / "out.pdf"
    with pytest.raises(WriterFailed):
        with storage.replacing(path) as tmp:
            assert tmp.parent == tmp_path and tmp.name.startswith(".out.pdf.") and storage.is_leftover(tmp)
            tmp.write_bytes(b"%PDF half")
            raise WriterFailed
    assert not path.exists() and _names(tmp_path) == []
    with storage.replacing(path) as tmp:
        tmp.write_bytes(b"%PDF whole")
    assert path.read_bytes() == b"%PDF whole" and _names(tmp_path) == ["out.pdf"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_permissions_follow_the_umask_unless_given(tmp_path):
    old = os.umask(0o022)
    try:
        plain = storage.write_text(tmp_path / "plain.txt", "x")
        private = storage.write_text(tmp_path / "private.ini", "x", permissions=0o600)
        exact = storage.write_text(tmp_path / "exact.md", "x", permissions=0o664)  # wider than the umask allows
    finally:
        os.umask(old)
    assert stat.S_IMODE(plain.stat().st_mode) == 0o644
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(exact.stat().st_mode) == 0o664


def test_a_folder_that_cannot_hold_the_file_raises_oserror(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError):
        storage.write_text(blocker / "inside.txt", "x")


# -- the lock --------------------------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from mbc_reader.content import storage
    with storage.locked(Path(sys.argv[1])):
        print("held", flush=True)
        sys.stdin.readline()  # hold it until told to let go
    print("released", flush=True)
    """
)


def _hold_in_another_process(lock: Path) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    return holder


def _let_go(holder: subprocess.Popen) -> None:
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "released"
    assert holder.wait(timeout=30) == 0


def test_the_lock_excludes_a_second_process(tmp_path):
    lock = tmp_path / "sub" / "build.lock"
    holder = _hold_in_another_process(lock)
    try:
        with pytest.raises(storage.LockBusy, match="build.lock"):
            with storage.locked(lock):
                pytest.fail("the lock was taken while another process held it")
        waits = []
        started = time.monotonic()
        with pytest.raises(storage.LockBusy, match="still locked"):
            with storage.locked(lock, timeout=0.3, on_wait=lambda: waits.append(1)):
                pytest.fail("the lock was taken while another process held it")
        assert waits == [1] and time.monotonic() - started >= 0.3
    finally:
        _let_go(holder)
    with storage.locked(lock):  # free once the other process let go
        pass


def test_a_waiting_lock_is_taken_when_the_other_process_lets_go(tmp_path):
    lock = tmp_path / "build.lock"
    holder = _hold_in_another_process(lock)
    waits = []

    def let_go_now() -> None:
        waits.append(1)
        holder.stdin.write("\n")
        holder.stdin.flush()

    try:
        with storage.locked(lock, timeout=30, on_wait=let_go_now):
            assert waits == [1]
    finally:
        holder.wait(timeout=30)


# -- the current version ---------------------------------------------------------------------------


def test_switch_version_names_the_new_version(tmp_path):
    home = tmp_path / "index"
    old, new = home / "v-1", home / "v-2"
    old.mkdir(parents=True)
    new.mkdir()
    assert storage.current_version(home) is None
    storage.switch_version(home, old)
    assert storage.current_version(home) == old
    storage.switch_version(home, new)
    assert storage.current_version(home) == new
    assert (home / storage.CURRENT).read_text(encoding="utf-8") == "v-2\n"
    assert _names(home) == [storage.CURRENT, "v-1", "v-2"]


def test_a_version_deeper_down_is_named_by_its_relative_path(tmp_path):
    pack = tmp_path / "pack"
    version = pack / "versions" / "20250101T000000Z-ab12"
    version.mkdir(parents=True)
    storage.switch_version(pack, version)
    assert (pack / storage.CURRENT).read_text(encoding="utf-8") == "versions/20250101T000000Z-ab12\n"
    assert storage.current_version(pack) == version


def test_a_switch_that_fails_midway_leaves_the_old_version_in_use(tmp_path, monkeypatch):
    home = tmp_path / "index"
    old, new = home / "v-1", home / "v-2"
    old.mkdir(parents=True)
    new.mkdir()
    storage.switch_version(home, old)

    def refused(src, dst):
        raise PermissionError(13, "refused", str(dst))

    monkeypatch.setattr(storage.os, "replace", refused)  # the one step that makes the switch
    with pytest.raises(PermissionError):
        storage.switch_version(home, new)
    monkeypatch.undo()
    assert storage.current_version(home) == old
    assert _names(home) == [storage.CURRENT, "v-1", "v-2"]  # the temporary CURRENT is gone too


def test_switching_to_a_folder_outside_or_missing_is_refused(tmp_path):
    home = tmp_path / "index"
    home.mkdir()
    with pytest.raises(ValueError):
        storage.switch_version(home, tmp_path)  # not inside
    with pytest.raises(ValueError):
        storage.switch_version(home, home / "v-gone")


@pytest.mark.parametrize("name", ["../elsewhere", "/etc", "v-gone", "", "v-1/../../elsewhere"])
def test_current_names_outside_the_folder_or_gone_give_none(tmp_path, name):
    home = tmp_path / "index"
    (home / "v-1").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (home / storage.CURRENT).write_text(name + "\n", encoding="utf-8")
    assert storage.current_version(home) is None


def test_an_unreadable_current_gives_none(tmp_path):
    home = tmp_path / "index"
    (home / "v-1").mkdir(parents=True)
    (home / storage.CURRENT).write_bytes(b"\xff\xfe v-1")
    assert storage.current_version(home) is None


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need special rights on Windows")
def test_an_older_apps_symbolic_link_is_read_when_there_is_no_current_file(tmp_path):
    pack = tmp_path / "pack"
    old, new = pack / "versions" / "a", pack / "versions" / "b"
    old.mkdir(parents=True)
    new.mkdir()
    os.symlink(Path("versions") / "a", pack / "current", target_is_directory=True)
    assert storage.current_version(pack) is None  # not asked to
    assert storage.current_version(pack, legacy_link="current") == old
    storage.switch_version(pack, new)
    assert storage.current_version(pack, legacy_link="current") == new  # CURRENT decides once written
    os.unlink(pack / "current")
    os.symlink(tmp_path, pack / "current")  # a link leading out of the folder
    (pack / storage.CURRENT).unlink()
    assert storage.current_version(pack, legacy_link="current") is None


# -- fingerprints ----------------------------------------------------------------------------------


def test_the_fingerprint_changes_with_size_or_time(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("one", encoding="utf-8")
    first = storage.fingerprint(path)
    assert first == (3, path.stat().st_mtime_ns)
    os.utime(path, ns=(first[1] + 10**9, first[1] + 10**9))
    assert storage.fingerprint(path) == (3, first[1] + 10**9)
    path.write_text("three", encoding="utf-8")
    assert storage.fingerprint(path)[0] == 5
    assert storage.fingerprint(str(path)) == storage.fingerprint(path)
    assert storage.fingerprint(tmp_path / "missing.md") is None
