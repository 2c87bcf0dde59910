"""Packs for every account: ``pack install --system`` into the system packs folder.

``MBC_READER_SYSTEM_PACKS`` points at a folder of each test's own (never the machine's
``/var/lib/mbc-reader/packs``; only tests/test_pack_deb.py's root-only dpkg test touches that).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
from pathlib import Path

import sys

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the built-pack tests' helpers (import mode importlib)
from test_pack_build import found, keys, make_source  # noqa: E402, F401 - keys is a fixture used here

from mbc_reader import cli, paths  # noqa: E402
from mbc_reader.commands import pack as pack_command  # noqa: E402, F401 - loaded before a child drops its ids
from mbc_reader.content import pack_index  # noqa: E402
from mbc_reader.content.library import content_dirs, content_state, open_library  # noqa: E402
from mbc_reader.content.pack_store import current_folder  # noqa: E402
from mbc_reader.content.pack_build import build_pack  # noqa: E402
from mbc_reader.content.pack_sign import KEYS_ENV  # noqa: E402
from mbc_reader.content.packs import PackError, install_pack, list_packs, rollback_pack  # noqa: E402


@pytest.fixture(autouse=True)
def folders(tmp_path, monkeypatch) -> dict[str, Path]:
    out = {name: tmp_path / name for name in ("data", "cache", "system", "trusted")}
    monkeypatch.setenv("MBC_READER_DATA_DIR", str(out["data"]))
    monkeypatch.setenv("MBC_READER_CACHE_DIR", str(out["cache"]))
    monkeypatch.setenv("MBC_READER_SYSTEM_PACKS", str(out["system"]))
    monkeypatch.setenv(KEYS_ENV, str(out["trusted"]))
    return out


def listed(capsys) -> list[dict]:
    capsys.readouterr()
    assert cli.main(["pack", "list", "--json"]) == 0
    return json.loads(capsys.readouterr().out)["packs"]


def test_a_system_pack_is_seen_ahead_of_this_accounts_packs(tmp_path, folders, capsys):
    shared = make_source(tmp_path / "src" / "shared", {"alpha": "zebrafish"}, tag="(every account)")
    own = make_source(tmp_path / "src" / "own", {"alpha": "wombat", "beta": "quokka"}, tag="(mine)")
    assert cli.main(["pack", "install", str(own), "--name", "aaa-own", "--no-index"]) == 0
    assert cli.main(["pack", "install", str(shared), "--name", "zzz-shared", "--system", "--no-index"]) == 0
    out = capsys.readouterr().out
    assert "installed pack 'zzz-shared' for every account: 1 articles" in out, out
    dirs = content_dirs()
    assert dirs[1] == current_folder(folders["system"] / "zzz-shared")  # after the bundled articles, before aaa-own
    assert dirs[2] == current_folder(folders["data"] / "packs" / "aaa-own")
    assert dirs[1].parent.name == dirs[2].parent.name == "versions"
    library = open_library()
    assert library.get("alpha").title == "About zebrafish (every account)"  # the system pack's article wins
    assert library.get("beta").title == "About quokka (mine)"
    rows = {row["name"]: row for row in listed(capsys)}
    assert rows["zzz-shared"]["system"] is True and rows["aaa-own"]["system"] is False
    assert {"version", "pack_version", "signed_by"} <= set(rows["zzz-shared"])
    assert list(rows) == ["zzz-shared", "aaa-own"]  # as the app loads them
    assert cli.main(["pack", "list"]) == 0
    table = capsys.readouterr().out
    assert "zzz-shared" in table and " system " in table and " user " in table


def test_system_files_are_readable_by_every_account_whatever_the_umask(tmp_path, folders):
    old = os.umask(0o077)
    try:
        install_pack(make_source(tmp_path / "clinic", {"alpha": "zebrafish"}), "clinic", system=True)
    finally:
        os.umask(old)
    for path in [folders["system"], *folders["system"].rglob("*")]:
        if path.is_symlink() or path.name == ".lock":
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


def test_system_update_rollback_and_remove(tmp_path, folders, capsys):
    first = install_pack(make_source(tmp_path / "v1" / "clinic", {"alpha": "zebrafish"}), "clinic", system=True)
    second = install_pack(make_source(tmp_path / "v2" / "clinic", {"alpha": "wombat"}), "clinic", system=True)
    assert second.replaced == first.pack.version and second.pack.system
    assert open_library().get("alpha").title == "About wombat"
    with pytest.raises(PackError, match="installed for every account: add --system"):
        rollback_pack("clinic")
    back = rollback_pack("clinic", system=True)
    assert back.version == first.pack.version and back.system
    assert open_library().get("alpha").title == "About zebrafish"
    assert cli.main(["pack", "remove", "clinic", "--system", "--no-index"]) == 0
    assert "removed pack 'clinic' (every account)" in capsys.readouterr().out
    assert list_packs(system=None) == [] and not (folders["system"] / "clinic").exists()


def test_a_failed_system_install_leaves_what_every_account_sees(tmp_path, folders):
    install_pack(make_source(tmp_path / "v1" / "clinic", {"alpha": "zebrafish"}), "clinic", system=True)
    before = content_state()
    calls = []

    def copy_then_fail(src, dst):
        calls.append(src)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return shutil.copy2(src, dst)

    newer = make_source(tmp_path / "v2" / "clinic", {"alpha": "wombat", "beta": "quokka"})
    with pytest.raises(PackError, match="failed while copying"):
        install_pack(newer, "clinic", system=True, copy_file=copy_then_fail)
    assert content_state() == before and open_library().get("alpha").title == "About zebrafish"
    assert not list((folders["system"] / "clinic" / "versions").glob(".incoming-*"))


def _as_nobody(argv: list[str]) -> tuple[int, str]:
    """Run the CLI in a child process whose effective ids are nobody's (the test runs as root)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 99
        try:
            os.close(read)
            os.setegid(65534)
            os.seteuid(65534)
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = cli.main(argv)
            os.write(write, err.getvalue().encode())
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        err = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), err


def test_an_account_that_is_not_root_is_refused(tmp_path, folders, monkeypatch):
    """The real rule: an account that cannot write the system folder is refused, exit 2, one
    line, before anything is read. As root, the command runs in a child as 'nobody' on the
    machine's own (untouched) /var/lib/mbc-reader/packs; otherwise on a read-only folder."""
    source = make_source(tmp_path / "clinic", {"alpha": "zebrafish"})
    if os.geteuid() == 0:
        monkeypatch.delenv("MBC_READER_SYSTEM_PACKS")  # the default folder: nobody may not write it
        system = paths.SYSTEM_PACKS
        before = os.path.lexists(system) and sorted(os.listdir(system))
        run = _as_nobody
    else:
        system = folders["system"]
        system.mkdir()
        system.chmod(0o555)
        before = []

        def run(argv):
            code = cli.main(argv)
            return code, capsys_err()

        err_box = io.StringIO()

        def capsys_err():
            return err_box.getvalue()

        monkeypatch.setattr("sys.stderr", err_box)
    for argv in (["pack", "install", str(source), "--system"], ["pack", "remove", "clinic", "--system"],
                 ["pack", "rollback", "clinic", "--system"]):
        code, err = run(argv)
        assert code == 2, (argv, err)
        line = err.strip()
        assert "\n" not in line and line.startswith("mbc-reader: refused "), line
        assert "needs an administrator" in line and "run it as root" in line and str(system) in line, line
    assert (os.path.lexists(system) and sorted(os.listdir(system))) == before  # nothing written
    assert list_packs(system=None) == []


def test_each_account_puts_a_trusted_system_packs_index_in_place(tmp_path, folders, keys, capsys, monkeypatch):
    """root's install cannot fill every account's cache: the reader's first search does, from
    the pack's own index (checked again), with nothing indexed here."""
    folders["trusted"].mkdir()
    shutil.copy(keys["public"], folders["trusted"] / "publisher.pub")
    source = make_source(tmp_path / "clinic", {"alpha": "zebrafish", "beta": "quokka"})
    pack = build_pack(source, tmp_path / "clinic.zip", version="1.0", sign_key=keys["private"], procs=1).path
    result = install_pack(pack, "clinic", system=True)
    assert result.pack.search_index == "shipped" and not result.index_ready
    from mbc_reader.content.search import index as index_mod

    library = open_library()
    assert pack_index.use_shipped_index(library) is True
    assert pack_index.use_shipped_index(library) is False  # there is one now
    monkeypatch.setattr(index_mod, "_build_locked", lambda *a, **k: pytest.fail("indexed here"))
    assert index_mod.ensure_index(library).action == "ok"
    assert found("quokka", capsys) == {"beta"}


def test_a_system_packs_index_is_not_used_once_its_key_is_no_longer_trusted(tmp_path, folders, keys):
    folders["trusted"].mkdir()
    shutil.copy(keys["public"], folders["trusted"] / "publisher.pub")
    source = make_source(tmp_path / "clinic", {"alpha": "zebrafish"})
    pack = build_pack(source, tmp_path / "clinic.zip", version="1.0", sign_key=keys["private"], procs=1).path
    install_pack(pack, "clinic", system=True)
    (folders["trusted"] / "publisher.pub").unlink()
    (folders["trusted"] / "other.pub").write_text("not a key\n")  # keys configured, none of them this one
    assert pack_index.use_shipped_index(open_library()) is False


def test_search_and_index_commands_use_a_trusted_system_packs_index(tmp_path, folders, keys, capsys, monkeypatch):
    folders["trusted"].mkdir()
    shutil.copy(keys["public"], folders["trusted"] / "publisher.pub")
    source = make_source(tmp_path / "clinic", {"alpha": "zebrafish", "beta": "quokka"})
    install_pack(build_pack(source, tmp_path / "clinic.zip", version="1.0", sign_key=keys["private"], procs=1).path,
                 "clinic", system=True)  # fmt: skip
    from mbc_reader.content.search import index as index_mod

    monkeypatch.setattr(index_mod, "_build_locked", lambda *a, **k: pytest.fail("indexed here"))
    assert found("zebrafish", capsys) == {"alpha"}  # this account's first search: the pack's own index
    shutil.rmtree(folders["cache"])
    assert cli.main(["index"]) == 0 and "up to date" in capsys.readouterr().out
