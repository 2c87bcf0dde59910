"""Content packs: install, update, rollback, remove, broken packs, interrupted installs, zips."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import sys
import types
import zipfile
from pathlib import Path

import pytest

from mbc_reader import cli
from mbc_reader.content import packs, search
from mbc_reader.content.library import content_dirs, open_library
from mbc_reader.content.pack_store import current_folder
from mbc_reader.content.pack_zip import ZipPackError, safe_member_path
from mbc_reader.content.packs import PackError, install_pack, list_packs, remove_pack, rollback_pack

BODY = "Some plain words about care and treatment.\n"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    """Each test gets its own data folder, so packs never leak between tests."""
    folder = tmp_path / "data"
    monkeypatch.setenv("MBC_READER_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def make_pack(tmp_path, write_article):
    def make(name: str, ids: list[str], broken: list[str] = (), image: bool = False) -> Path:
        folder = tmp_path / "sources" / name
        for article_id in ids:
            write_article(f"{article_id}.md", BODY, folder=folder / "topic", title=f"Title of {article_id}")
        for article_id in broken:
            write_article(f"{article_id}.md", BODY, folder=folder, raw="no front matter here\n")
        if image:
            (folder / "media").mkdir(parents=True, exist_ok=True)
            (folder / "media" / "picture.png").write_bytes(b"\x89PNG fake")
        return folder

    return make


def pack_ids() -> set[str]:
    return {a.id for a in open_library().articles}


def installed_files(name: str) -> set[str]:
    current = current_folder(packs.packs_root() / name)
    return {str(p.relative_to(current)) for p in current.rglob("*") if p.is_file()}


def test_install_shows_the_articles_in_the_app(make_pack, data_dir):
    result = install_pack(make_pack("clinic", ["a1", "a2"]))
    assert result.pack.name == "clinic" and result.pack.articles == 2 and result.replaced is None
    assert current_folder(data_dir / "packs" / "clinic") in content_dirs()
    assert {"a1", "a2"} <= pack_ids()
    [info] = list_packs()
    assert (info.name, info.articles, info.errors, info.previous) == ("clinic", 2, 0, None)
    assert info.installed


def test_update_keeps_the_previous_version_for_rollback(make_pack, tmp_path):
    first = install_pack(make_pack("v1", ["a1", "a2"]), "clinic")
    second = install_pack(make_pack("v2", ["a1", "b3"]), "clinic")
    assert second.replaced == first.pack.version
    assert {"a1", "b3"} <= pack_ids() and "a2" not in pack_ids()
    assert list_packs()[0].previous == first.pack.version

    rolled = rollback_pack("clinic")
    assert rolled.version == first.pack.version and rolled.previous == second.pack.version
    assert {"a1", "a2"} <= pack_ids() and "b3" not in pack_ids()
    rollback_pack("clinic")  # a second rollback undoes the first
    assert "b3" in pack_ids()


def test_only_current_and_previous_versions_are_kept(make_pack):
    for n in range(3):
        install_pack(make_pack(f"v{n}", [f"a{n}"]), "clinic")
    assert len(list((packs.packs_root() / "clinic" / "versions").iterdir())) == 2


def test_rollback_without_a_previous_version_is_refused(make_pack):
    install_pack(make_pack("clinic", ["a1"]))
    with pytest.raises(PackError, match="no previous version"):
        rollback_pack("clinic")


def test_remove_hides_and_deletes_the_pack(make_pack, data_dir):
    install_pack(make_pack("v1", ["a1"]), "clinic")
    install_pack(make_pack("v2", ["a2"]), "clinic")
    removed = remove_pack("clinic")
    assert removed.name == "clinic"
    assert not any("clinic" in str(d) for d in content_dirs())
    assert list_packs() == [] and "a2" not in pack_ids()
    assert [p.name for p in (data_dir / "packs").iterdir() if not p.name.startswith(".")] == []
    with pytest.raises(PackError, match="no pack named 'clinic'"):
        remove_pack("clinic")


def test_a_pack_with_broken_files_is_refused(make_pack):
    source = make_pack("clinic", ["good"], broken=["bad"], image=True)
    with pytest.raises(PackError) as caught:
        install_pack(source)
    assert "nothing was installed" in str(caught.value)
    assert [str(p.file) for p in caught.value.problems] == ["bad.md"]
    assert list_packs() == [] and "good" not in pack_ids()


def test_force_installs_only_the_good_files(make_pack):
    source = make_pack("clinic", ["good"], broken=["bad"], image=True)
    result = install_pack(source, force=True)
    assert result.pack.skipped == ["bad.md"] and result.pack.errors == 1 and result.pack.forced
    assert installed_files("clinic") == {"topic/good.md", "media/picture.png", ".mbc-pack.json"}
    assert "good" in pack_ids()


def test_a_failed_copy_leaves_the_previous_pack_intact(make_pack):
    before = install_pack(make_pack("v1", ["a1", "a2"]), "clinic")
    files_before = installed_files("clinic")
    copied = []

    def disk_fills_up(src: Path, dst: Path) -> None:
        if copied:
            raise OSError(errno.ENOSPC, "No space left on device")
        copied.append(shutil.copy2(src, dst))

    with pytest.raises(PackError, match="No space left on device.*unchanged"):
        install_pack(make_pack("v2", ["b1", "b2", "b3"]), "clinic", copy_file=disk_fills_up)
    assert copied  # it really stopped half-way
    [info] = list_packs()
    assert info.version == before.pack.version and installed_files("clinic") == files_before
    assert {"a1", "a2"} <= pack_ids() and "b1" not in pack_ids()
    assert list((packs.packs_root() / "clinic" / "versions").glob(".incoming-*")) == []


def test_an_interrupted_install_is_cleaned_up_and_reraised(make_pack):
    before = install_pack(make_pack("v1", ["a1"]), "clinic")

    def killed(src: Path, dst: Path) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        install_pack(make_pack("v2", ["b1"]), "clinic", copy_file=killed)
    assert list_packs()[0].version == before.pack.version and "a1" in pack_ids()


def test_a_half_copy_left_by_a_killed_install_is_ignored_then_removed(make_pack):
    before = install_pack(make_pack("v1", ["a1"]), "clinic")
    half = packs.packs_root() / "clinic" / "versions" / ".incoming-20990101T000000000000Z-dead"
    shutil.copytree(make_pack("v2", ["b1", "b2"]), half)  # as a killed process leaves it: no manifest
    orphan = packs.packs_root() / "never-finished" / "versions" / ".incoming-x"
    orphan.mkdir(parents=True)
    assert list_packs()[0].version == before.pack.version and "b1" not in pack_ids()
    assert all("never-finished" not in str(d) for d in content_dirs())
    with pytest.raises(PackError, match="no previous version"):
        rollback_pack("clinic")  # the half copy is not a version to roll back to
    assert not half.exists() and not orphan.parent.parent.exists()


def test_an_interrupted_first_install_leaves_no_pack(make_pack, data_dir):
    def fails(src: Path, dst: Path) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(PackError):
        install_pack(make_pack("clinic", ["a1"]), copy_file=fails)
    assert list_packs() == [] and not (data_dir / "packs" / "clinic").exists()


def test_not_enough_space_is_refused_before_copying(make_pack, monkeypatch):
    monkeypatch.setattr(packs.shutil, "disk_usage", lambda _p: types.SimpleNamespace(free=1000))
    with pytest.raises(PackError, match="not enough disk space"):
        install_pack(make_pack("clinic", ["a1"]))
    assert list_packs() == []


@pytest.mark.parametrize("name", ["../evil", "a/b", ".hidden", "", "x" * 65])
def test_bad_pack_names_are_refused(make_pack, name):
    with pytest.raises(PackError, match="cannot be a pack name"):
        install_pack(make_pack("clinic", ["a1"]), name or " ")


# -- zips ------------------------------------------------------------------------------------------


def zip_folder(folder: Path, out: Path, prefix: str = "", extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, prefix + str(path.relative_to(folder)))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out


def test_a_zip_pack_installs(make_pack, tmp_path):
    archive = zip_folder(make_pack("src", ["z1", "z2"], image=True), tmp_path / "clinic-2026.zip", prefix="clinic/")
    result = install_pack(archive)
    assert result.pack.name == "clinic-2026" and result.pack.articles == 2
    assert installed_files("clinic-2026") == {"topic/z1.md", "topic/z2.md", "media/picture.png", ".mbc-pack.json"}
    assert not list(packs.packs_root().glob(".unpack-*"))


@pytest.mark.parametrize("evil", ["../escaped.md", "topic/../../escaped.md", "/tmp/escaped.md", "..\\escaped.md", "C:/escaped.md"])
def test_a_zip_slip_entry_refuses_the_whole_zip(make_pack, tmp_path, evil):
    archive = zip_folder(make_pack("src", ["z1"]), tmp_path / "evil.zip", extra={evil: b"---\ntitle: x\n---\nhi\n"})
    with pytest.raises(PackError, match="unsafe path"):
        install_pack(archive)
    assert list_packs() == []
    assert not (tmp_path / "escaped.md").exists() and not Path("/tmp/escaped.md").exists()
    assert not list(packs.packs_root().glob(".unpack-*"))


def test_a_zip_with_a_symlink_is_refused(make_pack, tmp_path):
    archive = zip_folder(make_pack("src", ["z1"]), tmp_path / "link.zip")
    with zipfile.ZipFile(archive, "a") as zf:
        info = zipfile.ZipInfo("topic/link.md")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(PackError, match="symbolic link"):
        install_pack(archive)


def test_a_zip_bomb_is_refused(make_pack, tmp_path):
    archive = zip_folder(make_pack("src", ["z1"]), tmp_path / "bomb.zip", extra={"topic/huge.md": b"a" * (8 * 1024**2)})
    with pytest.raises(PackError, match="zip bomb"):
        install_pack(archive)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    fake = tmp_path / "pack.zip"
    fake.write_text("not a zip")
    with pytest.raises(PackError, match="not a readable zip"):
        install_pack(fake)


@pytest.mark.parametrize(("name", "expected"), [("a/b.md", "a/b.md"), ("./a//b.md", "a/b.md"), ("dir/", None)])
def test_safe_member_paths(name, expected):
    result = safe_member_path(name)
    assert (str(result) if result else None) == expected


def test_safe_member_path_refuses_parent_links():
    with pytest.raises(ZipPackError):
        safe_member_path("a/../../b.md")


# -- the command and the search index ----------------------------------------------------------------


def test_pack_commands(make_pack, capsys):
    source = make_pack("clinic", ["good"], broken=["bad"])
    assert cli.main(["pack", "install", str(source), "--no-index"]) == 1
    assert "bad.md: error:" in capsys.readouterr().err
    assert cli.main(["pack", "install", str(source), "--force", "--no-index"]) == 0
    assert "left out: bad.md" in capsys.readouterr().out
    assert cli.main(["pack", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["packs"]
    assert [(p["name"], p["articles"], p["problems"]["errors"], p["skipped"]) for p in listed] == [
        ("clinic", 1, 1, ["bad.md"])
    ]
    assert {"installed", "version", "previous", "source"} <= set(listed[0])
    assert cli.main(["pack", "rollback", "clinic", "--no-index"]) == 1
    assert "no previous version" in capsys.readouterr().err
    assert cli.main(["pack", "remove", "clinic", "--no-index"]) == 0
    assert cli.main(["pack", "list"]) == 0
    assert "no content packs installed" in capsys.readouterr().out


def test_an_index_failure_is_a_warning_not_a_failed_install(make_pack, monkeypatch, capsys):
    def ensure_index(library, index_dir=None, progress=None):
        raise RuntimeError("index is locked")

    monkeypatch.setattr(search, "ensure_index", ensure_index)
    assert cli.main(["pack", "install", str(make_pack("clinic", ["a1"]))]) == 0
    assert "search index could not be updated (index is locked)" in capsys.readouterr().err
    assert list_packs()[0].name == "clinic"


def test_the_index_is_updated_with_the_new_content(make_pack, monkeypatch):
    seen = []
    monkeypatch.setattr(search, "ensure_index", lambda library, index_dir=None, progress=None: seen.append({a.id for a in library.articles}))
    assert cli.main(["pack", "install", str(make_pack("clinic", ["a1"]))]) == 0
    assert seen and "a1" in seen[0]


def test_a_refused_switch_leaves_the_previous_pack_and_no_stray_version(make_pack, monkeypatch):
    before = install_pack(make_pack("v1", ["a1"]), "clinic")

    real_replace = os.replace

    def current_refused(src, dst):  # the switch's one step: CURRENT replaced (a full disk, say)
        if os.path.basename(dst) == "CURRENT":
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", current_refused)
    with pytest.raises(PackError, match="cannot switch the pack.*CURRENT cannot be written.*No space"):
        install_pack(make_pack("v2", ["b1"]), "clinic")
    assert list_packs()[0].version == before.pack.version and list_packs()[0].previous is None


def test_one_pack_operation_at_a_time(make_pack):
    fcntl = pytest.importorskip("fcntl")
    root = packs.packs_root()
    root.mkdir(parents=True)
    with open(root / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as another process would hold it
        with pytest.raises(PackError, match="another pack install"):
            install_pack(make_pack("clinic", ["a1"]))
    assert install_pack(make_pack("clinic", ["a1"])).pack.articles == 1


KILLED_INSTALL = """
import shutil, sys, time
from pathlib import Path
from mbc_reader.content.packs import install_pack

marker = Path(sys.argv[2])

def copy_then_hang(src, dst):
    shutil.copy2(src, dst)
    marker.touch()  # one file is copied: the test may kill us now
    time.sleep(60)

install_pack(Path(sys.argv[1]), "clinic", copy_file=copy_then_hang)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_process_killed_mid_copy_leaves_the_previous_pack(make_pack, tmp_path, data_dir):
    import os
    import signal
    import subprocess
    import time

    before = install_pack(make_pack("v1", ["a1"]), "clinic")
    marker = tmp_path / "copied-one"
    env = {**os.environ, "MBC_READER_DATA_DIR": str(data_dir)}
    child = subprocess.Popen([sys.executable, "-c", KILLED_INSTALL, str(make_pack("v2", ["b1", "b2"])), str(marker)], env=env)
    try:
        for _ in range(600):  # wait for the child to be mid-copy (not a timing assertion)
            if marker.exists() or child.poll() is not None:
                break
            time.sleep(0.05)
        assert marker.exists(), "the install never started copying"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    [info] = list_packs()
    assert info.version == before.pack.version and "a1" in pack_ids() and "b1" not in pack_ids()
    assert list((packs.packs_root() / "clinic" / "versions").glob(".incoming-*"))  # the half copy is there...
    install_pack(make_pack("v3", ["c1"]), "clinic")  # ...until the next operation removes it
    assert not list((packs.packs_root() / "clinic" / "versions").glob(".incoming-*"))
