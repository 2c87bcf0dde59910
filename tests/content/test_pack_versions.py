"""Pack versions: installing the same content twice, and what rollback really restores.

Installing version B a second time used to make a new copy of B and prune A: ``pack rollback``
then reported success while B stayed and A was gone. Content is now compared by a hash of
relative paths and bytes: the same content again is "unchanged" and touches nothing.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from mbc_reader import cli
from mbc_reader.content import pack_store, packs
from mbc_reader.content.library import content_dirs
from mbc_reader.content.packs import PackError, install_pack, list_packs, rollback_pack
from mbc_reader.content.pack_store import MANIFEST, content_hash, current_version, versions_of


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("MBC_READER_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def make_pack(tmp_path, write_article):
    """A pack folder whose one article's text says which version it is: make_pack("A")."""

    def make(version: str, folder_name: str | None = None) -> Path:
        folder = tmp_path / "sources" / (folder_name or version)
        write_article("page.md", f"The text of version {version}.\n", folder=folder / "topic", title="Page")
        (folder / "media").mkdir(exist_ok=True)
        (folder / "media" / "picture.png").write_bytes(b"\x89PNG " + version.encode())
        return folder

    return make


def pack_dir() -> Path:
    return packs.packs_root() / "clinic"


def shown_text() -> str:
    """What the app shows now: the folder ``CURRENT`` names, as the app reads it."""
    [shown] = [d for d in content_dirs() if d.is_relative_to(pack_dir())]
    return (shown / "topic" / "page.md").read_text(encoding="utf-8")


def shows(version: str) -> bool:
    return f"The text of version {version}." in shown_text()


def test_installing_a_b_b_then_rollback_shows_a_again(make_pack):
    a = install_pack(make_pack("A"), "clinic")
    b = install_pack(make_pack("B"), "clinic")
    again = install_pack(make_pack("B", "B-copy"), "clinic")  # same bytes, another folder
    assert again.unchanged and again.replaced is None and again.pack.version == b.pack.version
    assert versions_of(pack_dir()) == [a.pack.version, b.pack.version]  # A was not pruned
    rolled = rollback_pack("clinic")
    assert rolled.version == a.pack.version == current_version(pack_dir())
    assert shows("A") and rolled.previous == b.pack.version


def test_installing_a_twice_keeps_one_version(make_pack):
    first = install_pack(make_pack("A"), "clinic")
    second = install_pack(make_pack("A"), "clinic")
    assert second.unchanged and second.pack.version == first.pack.version and second.pack.previous is None
    assert versions_of(pack_dir()) == [first.pack.version]
    with pytest.raises(PackError, match="no previous version"):
        rollback_pack("clinic")


def test_rollback_twice_returns_to_the_newer_version(make_pack):
    a = install_pack(make_pack("A"), "clinic")
    b = install_pack(make_pack("B"), "clinic")
    first = rollback_pack("clinic")
    assert (first.version, first.previous) == (a.pack.version, b.pack.version)
    assert current_version(pack_dir()) == a.pack.version and shows("A")
    second = rollback_pack("clinic")  # undoes the first
    assert (second.version, second.previous) == (b.pack.version, a.pack.version)
    assert current_version(pack_dir()) == b.pack.version
    assert shows("B") and versions_of(pack_dir()) == [a.pack.version, b.pack.version]


def test_after_a_rollback_reinstalling_the_shown_content_is_unchanged(make_pack):
    a = install_pack(make_pack("A"), "clinic")
    b = install_pack(make_pack("B"), "clinic")
    rollback_pack("clinic")
    again = install_pack(make_pack("A", "A-copy"), "clinic")
    assert again.unchanged and again.pack.version == a.pack.version and again.pack.previous == b.pack.version
    assert versions_of(pack_dir()) == [a.pack.version, b.pack.version]


def test_a_changed_byte_anywhere_is_a_new_version(make_pack):
    source = make_pack("A")
    first = install_pack(source, "clinic")
    (source / "media" / "picture.png").write_bytes(b"\x89PNG A, retouched")
    second = install_pack(source, "clinic")
    assert not second.unchanged and second.replaced == first.pack.version


def test_a_renamed_file_is_a_new_version(make_pack):
    source = make_pack("A")
    install_pack(source, "clinic")
    (source / "media" / "picture.png").rename(source / "media" / "photo.png")
    assert not install_pack(source, "clinic").unchanged


def test_content_hash_covers_relative_paths_and_bytes_not_times(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        (folder / "a").mkdir(parents=True)
        (folder / "a" / "x.md").write_bytes(b"same")
    (one / ".mbc-pack.json").write_text("{}")  # the manifest (hidden) is not content
    assert content_hash(one) == content_hash(two)
    (two / "a" / "x.md").rename(two / "x.md")
    assert content_hash(one) != content_hash(two)
    moved, joined = tmp_path / "moved", tmp_path / "joined"
    (moved / "ab").mkdir(parents=True)
    (moved / "ab" / "c").write_bytes(b"d")
    (joined / "a").mkdir(parents=True)
    (joined / "a" / "bc").write_bytes(b"d")
    assert content_hash(moved) != content_hash(joined)


def test_the_manifest_records_the_content_hash(make_pack):
    source = make_pack("A")
    result = install_pack(source, "clinic")
    manifest = json.loads((result.pack.path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["content_hash"] == content_hash(source) == content_hash(result.pack.path)


def test_a_version_installed_before_hashes_were_recorded_is_hashed_from_its_files(make_pack):
    first = install_pack(make_pack("A"), "clinic")
    manifest_file = first.pack.path / MANIFEST
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    del manifest["content_hash"]
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    assert install_pack(make_pack("A", "A-copy"), "clinic").unchanged


def test_rollback_to_a_kept_copy_of_the_same_content_is_refused_plainly(make_pack):
    """The state the old bug left (two copies of B, A pruned): rollback says so, changes nothing."""
    install_pack(make_pack("A"), "clinic")
    b = install_pack(make_pack("B"), "clinic")
    for vid in versions_of(pack_dir()):
        if vid != b.pack.version:
            shutil.rmtree(pack_dir() / "versions" / vid)
    copy = pack_store.new_version_id()
    shutil.copytree(b.pack.path, pack_dir() / "versions" / copy)
    pack_store.point_current(pack_dir(), copy)
    for vid in versions_of(pack_dir()):  # as the old code wrote them: no hash in the manifest
        manifest_file = pack_dir() / "versions" / vid / MANIFEST
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        manifest.pop("content_hash", None)
        manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(PackError, match="exactly the content of the current one.*nothing was changed"):
        rollback_pack("clinic")
    assert current_version(pack_dir()) == copy and shows("B")


@pytest.mark.skipif(os.name != "posix", reason="older apps' symbolic links: POSIX")
def test_a_pack_an_older_app_installed_is_shown_and_switched_to_current(make_pack):
    """Older apps named the shown version with a ``current`` symbolic link: it is still read, and
    the next install writes ``CURRENT`` and removes the link."""
    a = install_pack(make_pack("A"), "clinic")
    (pack_dir() / "CURRENT").unlink()
    os.symlink(os.path.join("versions", a.pack.version), pack_dir() / "current", target_is_directory=True)
    assert current_version(pack_dir()) == a.pack.version and shows("A")
    assert [p.name for p in list_packs()] == ["clinic"]
    b = install_pack(make_pack("B"), "clinic")
    assert b.replaced == a.pack.version and current_version(pack_dir()) == b.pack.version and shows("B")
    assert not (pack_dir() / "current").is_symlink()
    assert (pack_dir() / "CURRENT").read_text(encoding="utf-8") == f"versions/{b.pack.version}\n"
    assert rollback_pack("clinic").version == a.pack.version and shows("A")


def test_pack_install_says_unchanged_and_exits_0(make_pack, capsys):
    assert cli.main(["pack", "install", str(make_pack("A")), "--name", "clinic", "--no-index"]) == 0
    capsys.readouterr()
    assert cli.main(["pack", "install", str(make_pack("A", "A-copy")), "--name", "clinic", "--no-index"]) == 0
    out = capsys.readouterr().out
    assert "pack 'clinic' is unchanged" in out and "no new version made" in out and "updated" not in out
    assert cli.main(["pack", "install", str(make_pack("A")), "--name", "clinic", "--no-index", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unchanged"] is True and data["replaced"] is None and data["previous"] is None
    assert len(versions_of(pack_dir())) == 1


def test_pack_install_unchanged_does_not_reindex(make_pack, monkeypatch):
    assert cli.main(["pack", "install", str(make_pack("A")), "--name", "clinic", "--no-index"]) == 0
    calls = []
    monkeypatch.setattr("mbc_reader.commands.pack.refresh_search_index", lambda: calls.append(1) or (True, None))
    assert cli.main(["pack", "install", str(make_pack("A")), "--name", "clinic"]) == 0
    assert calls == []


def test_pack_rollback_reports_what_is_current_afterwards(make_pack, capsys):
    a = install_pack(make_pack("A"), "clinic")
    b = install_pack(make_pack("B"), "clinic")
    install_pack(make_pack("B", "B-copy"), "clinic")
    assert cli.main(["pack", "rollback", "clinic", "--no-index"]) == 0
    out = capsys.readouterr().out
    assert "now showing the version installed" in out and f"({a.pack.version}, 1 articles)" in out
    assert b.pack.version in out and shows("A")
    assert cli.main(["pack", "list", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)["packs"]
    assert (listed["version"], listed["previous"]) == (a.pack.version, b.pack.version)


def test_pack_rollback_without_a_previous_version_fails_plainly(make_pack, capsys):
    install_pack(make_pack("A"), "clinic")
    assert cli.main(["pack", "rollback", "clinic", "--no-index"]) == 1
    captured = capsys.readouterr()
    assert "has no previous version to roll back to" in captured.err and "nothing was changed" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert shows("A") and len(list_packs()) == 1


def test_pack_rollback_of_an_unknown_pack_fails_plainly(capsys):
    assert cli.main(["pack", "rollback", "nothing-here", "--no-index"]) == 1
    err = capsys.readouterr().err
    assert "no pack named 'nothing-here' is installed" in err and "Traceback" not in err
