"""Where an index lives on disk, and switching to a new one atomically.

An index *home* is a folder holding one or more complete Whoosh indexes in version folders
(``v-<time>-<random>/``) and a small ``CURRENT`` file naming the one in use. A full build
writes a new version folder beside the current one, and only when it is complete does it
replace ``CURRENT`` (write a temporary file, then ``os.replace``: atomic on POSIX and Windows).
A build killed halfway therefore leaves ``CURRENT`` pointing at the old, intact index; the
orphan folder is removed by the next build. Renaming folders instead would not be atomic, and
fails on Windows while a reader has files open.

Incremental updates happen inside the current version through Whoosh's own commit, which is
atomic too (a new table of contents is written aside, then renamed).

``build.lock`` (an OS file lock, released by the OS if the process dies) serialises builds and
updates between processes; readers never take it.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.util.filelock import FileLock

from .schema import KIND_STATE, SCHEMA_VERSION, make_schema, unpack_text

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
LOCK = "build.lock"
DAMAGED = "DAMAGED"
VERSION_PREFIX = "v-"


class IndexBroken(Exception):
    """The index is missing, unreadable or of another format (the message says which)."""


class IndexBusy(Exception):
    """Another process holds the build lock for longer than we are willing to wait."""


class BuildError(Exception):
    """The index could not be written; the message says why in plain words."""


def current_version(home: Path) -> Path | None:
    """The version folder ``CURRENT`` names, or None when there is none (or it is gone)."""
    try:
        name = (home / CURRENT).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not name.startswith(VERSION_PREFIX) or "/" in name or "\\" in name:
        return None
    folder = home / name
    return folder if folder.is_dir() else None


def new_version(home: Path) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    folder = home / f"{VERSION_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(4)}"
    folder.mkdir()
    return folder


def switch_to(home: Path, version: Path) -> None:
    """Make ``version`` the index in use, atomically, then remove the versions no longer used."""
    tmp = home / f"{CURRENT}.{secrets.token_hex(4)}.tmp"
    tmp.write_text(version.name + "\n", encoding="utf-8")
    os.replace(tmp, home / CURRENT)
    (home / DAMAGED).unlink(missing_ok=True)
    remove_stale(home, keep=version)


def mark_damaged(home: Path, reason: str) -> None:
    """Note that searching found the index damaged, so the next ``ensure_index`` rebuilds it
    (best effort: a read-only shipped index cannot be marked, and is checked again instead)."""
    try:
        (home / DAMAGED).write_text(reason + "\n", encoding="utf-8")
    except OSError:
        pass


def damage_reason(home: Path) -> str | None:
    try:
        return (home / DAMAGED).read_text(encoding="utf-8").strip() or "unknown damage"
    except (OSError, UnicodeDecodeError):
        return None


def remove_stale(home: Path, keep: Path | None) -> None:
    """Delete every version folder but ``keep`` (best effort: on Windows a folder still open by
    a reader cannot go, and is retried next time)."""
    try:
        entries = list(home.iterdir())
    except OSError:
        return
    for entry in entries:
        stale_version = entry.name.startswith(VERSION_PREFIX) and (keep is None or entry.name != keep.name)
        stale_tmp = entry.name.startswith(CURRENT + ".") and entry.name.endswith(".tmp")
        if stale_version:
            shutil.rmtree(entry, ignore_errors=True)
        elif stale_tmp:
            try:
                entry.unlink()
            except OSError:
                pass


@contextmanager
def build_lock(home: Path, timeout: float = 600.0) -> Iterator[None]:
    """Hold the home's build lock (waiting up to ``timeout`` seconds for another process)."""
    home.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(home / LOCK))
    deadline = time.monotonic() + timeout
    waited = False
    while not lock.acquire(blocking=False):
        if not waited:
            log.info("waiting for another process to finish updating the search index in %s", home)
            waited = True
        if time.monotonic() >= deadline:
            raise IndexBusy(f"another program is still updating the search index in {home}")
        time.sleep(0.1)
    try:
        yield
    finally:
        lock.release()


def strip_locks(home: Path) -> None:
    """Remove the lock files of a finished build (a shipped, read-only index needs none)."""
    for leftover in [home / LOCK, *home.glob("*/*WRITELOCK")]:
        leftover.unlink(missing_ok=True)


def iter_sections(home: Path) -> Iterator[tuple[str, str, str, str, str]]:
    """(article id, anchor, title, section, text) of every article section an index home
    holds, in index order (not the dictionary's terms, the vocabulary or the state)."""
    version = current_version(home)
    if version is None:
        raise IndexBroken(f"there is no search index in {home}")
    ix = open_version(version, readonly=True)
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            for docnum in reader.all_doc_ids():
                fields = reader.stored_fields(docnum)
                article = str(fields.get("article", ""))
                if not article or article.startswith("glossary:") or "title" not in fields:
                    continue
                yield (
                    article,
                    str(fields.get("anchor", "")),
                    str(fields.get("title", "")),
                    str(fields.get("section", "")),
                    unpack_text(fields.get("text")),
                )
    finally:
        ix.close()


def open_version(folder: Path, readonly: bool = False) -> Any:
    """Open the Whoosh index in a version folder (raises IndexBroken, never a Whoosh error).
    ``readonly`` for searching: nothing is ever created in the folder (the shipped index)."""
    try:
        # No mmap: Whoosh then copies each part of a compound segment into a BytesIO when it is
        # opened (~70 MB for the 1,433-article corpus); without it, parts are read on demand and
        # the decoded-postings cache (scoring) keeps what typing needs in memory.
        storage = FileStorage(str(folder), readonly=readonly, supports_mmap=False)
        ix = storage.open_index(schema=make_schema())
        ix.doc_count_all()
        return ix
    except Exception as exc:  # Whoosh raises many kinds on a damaged index: all mean "broken"
        raise IndexBroken(f"the search index in {folder} cannot be opened ({type(exc).__name__}: {exc})") from exc


def read_state(ix: Any) -> dict[str, Any]:
    """The state document of an index: what was indexed (raises IndexBroken if unreadable)."""
    try:
        reader = ix.reader()
    except Exception as exc:
        raise IndexBroken(f"the search index cannot be read ({type(exc).__name__}: {exc})") from exc
    try:
        return state_from_reader(reader)
    finally:
        reader.close()


#: States read for a caller that only reads them, by (version folder, table of contents
#: generation): a one-shot search checks the index is current, then searches it, from one parse.
_shared_states: dict[tuple[str, int | None], dict[str, Any]] = {}


def shared_state(folder: Path, reader: Any) -> dict[str, Any]:
    """``state_from_reader`` for callers that never change it: read once per state of the index
    (the record of the corpus is 1.5 MB of JSON)."""
    key = (str(folder), reader.generation())
    state = _shared_states.get(key)
    if state is None:
        state = state_from_reader(reader)
        _shared_states.clear()  # one at a time: an index in use is read once, and then kept
        _shared_states[key] = state
    return state


def state_from_reader(reader: Any) -> dict[str, Any]:
    try:
        docnums = [d for d in reader.postings("kind", KIND_STATE).all_ids() if not reader.is_deleted(d)]
        if not docnums:
            raise IndexBroken("the search index has no record of what it holds")
        state = json.loads(reader.stored_fields(docnums[-1])["state"])
    except IndexBroken:
        raise
    except Exception as exc:
        raise IndexBroken(f"the search index's record cannot be read ({type(exc).__name__}: {exc})") from exc
    if not isinstance(state, dict) or state.get("schema") != SCHEMA_VERSION:
        raise IndexBroken("the search index was made by another version of the reader")
    return state


def state_document(state: dict[str, Any]) -> dict[str, Any]:
    return {"kind": KIND_STATE, "state": json.dumps(state, sort_keys=True)}
