"""Unit tests of ``content/search/store.py``: index homes, versions, locks, the state record."""

from __future__ import annotations

import json
import threading

import pytest
from whoosh import index as whoosh_index

from mbc_reader.content.search.schema import codec
from mbc_reader.content.search.schema import SCHEMA_VERSION, make_schema, pack_text
from mbc_reader.content.search.store import (
    CURRENT,
    DAMAGED,
    LOCK,
    IndexBroken,
    IndexBusy,
    build_lock,
    current_version,
    damage_reason,
    iter_sections,
    mark_damaged,
    new_version,
    open_version,
    read_state,
    remove_stale,
    state_document,
    strip_locks,
    switch_to,
)


def _write_index(folder, state: dict | None = None, sections=()) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = ix.writer(codec=codec())
    for article, title, text in sections:
        writer.add_document(kind="section", article=article, anchor="", section="", title=title, text=pack_text(text),
                            body=[], head=[], tname=[])
    if state is not None:
        writer.add_document(**state_document(state))
    writer.commit()
    ix.close()


def test_no_current_file_is_no_index(tmp_path):
    assert current_version(tmp_path) is None


@pytest.mark.parametrize("name", ["../elsewhere", "v-x/../../etc", "other", "v-gone"])
def test_a_current_file_naming_no_version_folder_here_is_no_index(tmp_path, name):
    (tmp_path / "other").mkdir()
    (tmp_path / CURRENT).write_text(name + "\n", encoding="utf-8")
    assert current_version(tmp_path) is None


def test_switching_makes_a_version_current_and_removes_the_others(tmp_path):
    old = new_version(tmp_path)
    switch_to(tmp_path, old)
    mark_damaged(tmp_path, "bad block")
    assert damage_reason(tmp_path) == "bad block"
    new = new_version(tmp_path)
    (tmp_path / f"{CURRENT}.dead.tmp").write_text("x", encoding="utf-8")  # a killed switch
    switch_to(tmp_path, new)
    assert current_version(tmp_path) == new
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([CURRENT, new.name])
    assert damage_reason(tmp_path) is None and not (tmp_path / DAMAGED).exists()


def test_stale_versions_go_but_the_kept_one_stays(tmp_path):
    keep, stale = new_version(tmp_path), new_version(tmp_path)
    remove_stale(tmp_path, keep=keep)
    assert keep.is_dir() and not stale.exists()


def test_a_second_builder_waits_then_gives_up(tmp_path):
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with build_lock(tmp_path):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold, name="mbc-test-lock")
    thread.start()
    try:
        assert held.wait(10)
        with pytest.raises(IndexBusy, match="still updating"):
            with build_lock(tmp_path, timeout=0.2):
                pass
    finally:
        release.set()
        thread.join()
    with build_lock(tmp_path, timeout=1.0):  # free again
        assert (tmp_path / LOCK).exists()


def test_the_state_record_is_read_back(tmp_path):
    state = {"schema": SCHEMA_VERSION, "files": {"0:a.md": {"size": 1}}}
    _write_index(tmp_path, state)
    ix = open_version(tmp_path)
    try:
        assert read_state(ix) == state
    finally:
        ix.close()


def test_a_state_of_another_schema_or_none_is_a_broken_index(tmp_path):
    _write_index(tmp_path / "other", {"schema": SCHEMA_VERSION - 1})
    _write_index(tmp_path / "none", None)
    for folder, words in (("other", "another version"), ("none", "record")):
        ix = open_version(tmp_path / folder)
        try:
            with pytest.raises(IndexBroken, match=words):
                read_state(ix)
        finally:
            ix.close()


def test_what_is_not_an_index_cannot_be_opened(tmp_path):
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "_MAIN_1.toc").write_bytes(b"garbage")
    with pytest.raises(IndexBroken, match="cannot be opened"):
        open_version(tmp_path / "junk")


def test_sections_are_listed_without_the_other_documents(tmp_path):
    home = tmp_path / "home"
    version = new_version(home)
    _write_index(version, {"schema": SCHEMA_VERSION}, [("a1", "Title A", "Text of A"), ("glossary:1", "term", "def")])
    switch_to(home, version)
    assert list(iter_sections(home)) == [("a1", "", "Title A", "", "Text of A")]
    with pytest.raises(IndexBroken):
        list(iter_sections(tmp_path / "empty"))


def test_a_finished_build_s_locks_are_removed(tmp_path):
    version = new_version(tmp_path)
    (tmp_path / LOCK).write_text("", encoding="utf-8")
    (version / "MAIN_WRITELOCK").write_text("", encoding="utf-8")
    (version / "keep.seg").write_text("", encoding="utf-8")
    strip_locks(tmp_path)
    assert [p.name for p in version.iterdir()] == ["keep.seg"] and not (tmp_path / LOCK).exists()
    assert json.dumps(state_document({"a": 1})["state"]) == json.dumps('{"a": 1}')
