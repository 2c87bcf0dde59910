"""The search index of a library: where it lives, building it, keeping it up to date.

- :func:`index_location`: the prebuilt index shipped with the app when the content is exactly
  the bundled articles and that index is current; otherwise a folder in the user's cache keyed
  to the content folders.
- :func:`ensure_index`: build it when missing, damaged or of another format (with a logged
  message, never a traceback); otherwise re-index only the files whose size, modification
  time and then hash say they changed (plus the glossary terms that came or went).
- :func:`build_index`: a full, atomic build (see ``store`` for the on-disk layout).

The content folders are only ever read, so a read-only content folder is fine. If the cache
folder cannot be written, the index goes to the system's temporary folder instead.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import paths
from ..files import iter_content_files
from .state import (
    changed_share,
    file_key,
    finisher,
    glossary_docs,
    glossary_signature,
    sha1_of,
    snapshot,
)
from .schema import KIND_STATE, SCHEMA_VERSION
from .schema import codec as search_codec
from .store import (
    BuildError,
    IndexBroken,
    IndexBusy,
    build_lock,
    current_version,
    damage_reason,
    new_version,
    open_version,
    read_state,
    remove_stale,
    shared_state,
    state_document,
    switch_to,
)
from .synonyms import KIND_SYNONYMS
from .synonyms import signature as synonyms_signature

if TYPE_CHECKING:  # annotations only: a one-shot search loads no article models
    from ..models import Library

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

#: The prebuilt index of the bundled articles, as the installed app carries it.
PREBUILT_NAME = "search-index"

#: Re-index incrementally up to this share of the library; beyond it a full build is faster.
INCREMENTAL_LIMIT = 0.25

__all__ = [
    "IndexBroken",
    "IndexBusy",
    "IndexStatus",
    "adopt_index",
    "build_index",
    "ensure_index",
    "cache_location",
    "current_index",
    "index_format",
    "index_location",
    "library_dirs",
    "prebuilt_location",
]


@dataclass(frozen=True)
class IndexStatus:
    action: str  # "ok" (already current), "built", "updated", "rebuilt" (was damaged/other format)
    changed: int  # articles (and glossary terms) re-indexed or removed; all of them for a build
    message: str  # one plain sentence for the log or the status bar
    index_dir: Path  # the index home
    seconds: float = 0.0
    prebuilt: bool = False  # the read-only index shipped with the app


# --- where ----------------------------------------------------------------------------------


def prebuilt_location() -> Path:
    return paths.resource(PREBUILT_NAME)


def _resolved(dirs: Sequence[Path]) -> list[Path]:
    out = []
    for d in dirs:
        try:
            out.append(Path(d).resolve())
        except OSError:
            out.append(Path(os.path.abspath(d)))
    return out


def content_key(dirs: Sequence[Path]) -> str:
    joined = "\n".join(sorted(str(d) for d in _resolved(dirs)))
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def index_location(library_dirs: Sequence[Path]) -> Path:
    """The index home for these content folders (see the module docstring)."""
    dirs = _resolved(library_dirs)
    if dirs == _resolved([paths.bundled_content_dir()]) and prebuilt_is_current(dirs):
        return prebuilt_location()
    return cache_location(dirs)


def cache_location(library_dirs: Sequence[Path]) -> Path:
    """The index home for these content folders in the user's cache folder."""
    return paths.cache_dir() / "index" / content_key(library_dirs)


def library_dirs(library: Library) -> list[Path]:
    """The content folders a library was loaded from."""
    roots = list(getattr(library, "roots", ()) or ())
    if roots:
        return _resolved(roots)
    known = _resolved([library.root, *_default_dirs()])  # an older Library kept only the first
    found: list[Path] = [known[0]]
    for article in library.articles:
        try:
            path = article.path.resolve()
        except OSError:
            continue
        home = next((d for d in known if path.is_relative_to(d)), path.parent)
        if home not in found:
            found.append(home)
    return found


def _default_dirs() -> list[Path]:
    from ..library import content_dirs

    try:
        return content_dirs()
    except OSError:
        return [paths.bundled_content_dir()]


# --- what is indexed --------------------------------------------------------------------------


def prebuilt_is_current(dirs: Sequence[Path]) -> bool:
    """Whether the shipped index matches the bundled files byte for byte (size and hash)."""
    home = prebuilt_location()
    version = current_version(home)
    if version is None:
        return False
    try:
        ix = open_version(version, readonly=True)
        try:
            state = read_state(ix)
        finally:
            ix.close()
        if state.get("glossary") != glossary_signature():
            return False
        files = state.get("files", {})
        present = {}
        for root in dirs:
            for path in iter_content_files(root):
                present[file_key(path, dirs)] = path
        if set(present) != set(files):
            return False
        for key, path in present.items():
            entry = files[key]
            if path.stat().st_size != entry["size"] or sha1_of(path) != entry["sha1"]:
                return False
        return True
    except (IndexBroken, OSError, KeyError, TypeError) as exc:
        log.info("the bundled search index is not usable (%s); using the cache instead", exc)
        return False


def current_index(content_dirs: Sequence[Path]) -> Path | None:
    """The index home of these content folders, when its own record says it holds exactly their
    files as they are now (names, sizes, modification times), made with this dictionary, these
    synonyms and this schema: then one search needs neither the library loaded nor
    :func:`ensure_index`. None when in any doubt (and :func:`ensure_index` decides)."""
    dirs = _resolved(content_dirs)
    home = index_location(dirs)
    if home == prebuilt_location():
        return home  # what ensure_index would use as it is
    version = current_version(home)
    if version is None or damage_reason(home) is not None:
        return None
    try:
        ix = open_version(version, readonly=True)
        try:
            with ix.reader() as reader:
                state = shared_state(version, reader)  # the searcher reads it from here next
        finally:
            ix.close()
        if state.get("dirs") != [str(d) for d in dirs] or state.get("glossary") != glossary_signature():
            return None
        if state.get("synonyms") != synonyms_signature():
            return None
        files = state.get("files", {})
        seen = 0
        for i, root in enumerate(dirs):
            start = len(str(root)) + 1
            for path in iter_content_files(root):
                # file_key without resolving each file: a symlinked file then misses (in doubt)
                entry = files.get(f"{i}:{str(path)[start:].replace(os.sep, '/')}")
                st = path.stat()
                if entry is None or entry["size"] != st.st_size or entry["mtime"] != st.st_mtime_ns:
                    return None
                seen += 1
        return home if seen == len(files) else None
    except (IndexBroken, OSError, KeyError, TypeError) as exc:
        log.debug("the search index's record cannot vouch for it (%s)", exc)
        return None


# --- building and updating -----------------------------------------------------------------------


def build_index(
    library: Library, index_dir: Path, progress: Progress | None = None, procs: int | None = None
) -> None:
    """A full build into a new version folder of ``index_dir``, switched to only when complete."""
    with build_lock(index_dir):
        _build_locked(library, index_dir, library_dirs(library), progress, procs)


def _build_locked(
    library: Library, home: Path, dirs: Sequence[Path], progress: Progress | None, procs: int | None
) -> None:
    from whoosh import index as whoosh_index

    from .build import default_procs, write_parallel, write_serial  # the renderer: only to build
    from .schema import make_schema

    remove_stale(home, keep=current_version(home))  # leftovers of killed builds
    articles = library.patient_articles
    procs = default_procs(len(articles)) if procs is None else max(1, procs)

    def finish_with_state() -> Callable[[dict], list[dict[str, Any]]]:
        state, _ = snapshot(library, dirs, None)
        return finisher(state, dirs, library, glossary_docs)

    with _new_version(home) as folder:
        if procs > 1:
            try:
                ix = whoosh_index.create_in(str(folder), make_schema())
                write_parallel(ix, articles, finish_with_state(), procs, progress)
            except (BuildError, OSError, EOFError, RuntimeError, pickle.PickleError) as exc:
                log.warning("building the search index in parallel failed (%s); building it in one process", exc)
                _clear(folder)
                procs = 1
        if procs == 1:
            write_serial(whoosh_index.create_in(str(folder), make_schema()), articles, finish_with_state(), progress)
        ix = open_version(folder)
        try:
            read_state(ix)
        finally:
            ix.close()


@contextmanager
def _new_version(home: Path) -> Iterator[Path]:
    """A new version folder of ``home``, switched to when the block completes, removed when
    it raises (whatever it raises: a cancelled build leaves no half index)."""
    folder = new_version(home)
    try:
        yield folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    switch_to(home, folder)


def _clear(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def _update_locked(library: Library, dirs: Sequence[Path], version: Path, state: dict[str, Any]) -> int:
    """Re-index only what changed, in one Whoosh commit (atomic: all of it or none); returns
    how many articles and glossary terms changed (0: nothing to do)."""
    new_state, changed_keys = snapshot(library, dirs, state)
    old_files = state.get("files", {})
    removed: set[str] = set()
    to_add: set[str] = set()
    for key in changed_keys:
        removed.update(old_files.get(key, {}).get("articles", []))
        to_add.update(new_state["files"].get(key, {}).get("articles", []))
    if not changed_keys:
        same = new_state["files"] == old_files and new_state["languages"] == state.get("languages")
        if same and new_state["synonyms"] == state.get("synonyms"):
            return 0
    from .build import add_articles  # the renderer: only when something is to be indexed

    articles = [a for a in library.patient_articles if a.id in to_add]
    old_terms = set(state.get("terms", []))
    counts = {"terms": 0}

    def glossary_changes(used: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
        added = {t: v for t, v in used.items() if t not in old_terms}
        gone = old_terms - set(used)
        counts["terms"] = len(added) + len(gone)
        for term_id in gone:
            writer.delete_by_term("article", f"glossary:{term_id}")
        return glossary_docs(added)

    ix = open_version(version)
    try:
        writer = ix.writer(timeout=30.0, limitmb=64, codec=search_codec())
        try:
            for article_id in sorted(removed | to_add):
                writer.delete_by_term("article", article_id)
            writer.delete_by_term("kind", "state")
            writer.delete_by_term("kind", KIND_SYNONYMS)  # written again with the state
            refs = add_articles(writer, articles)
            for doc in finisher(new_state, dirs, library, glossary_changes)(refs):
                writer.add_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=_merge_small_only)
    finally:
        ix.close()
    return len(removed | to_add) + counts["terms"]


def _merge_small_only(writer: Any, segments: list[Any]) -> list[Any]:
    """Fold the small segments that updates leave behind into the new one, but never touch the
    big segments of the full build (merging those would cost as much as a build)."""
    from whoosh.reading import SegmentReader

    small = [s for s in segments if s.doc_count_all() < 2000]
    if len(small) < 4:
        return segments
    for seg in small:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in small]


def index_format() -> dict[str, Any]:
    """What an index made elsewhere (a content pack's) must match to be used here, else
    :func:`ensure_index` would rebuild it: the schema's version and the dictionary's signature."""
    return {"schema": SCHEMA_VERSION, "glossary": glossary_signature()}


def adopt_index(
    files: Sequence[Path], home: Path, edit_state: Callable[[dict[str, Any]], dict[str, Any]], timeout: float = 30.0
) -> None:
    """Make a complete index made elsewhere (its version folder's ``files``) the index in use in
    ``home``, with its record of what it holds rewritten by ``edit_state`` (e.g. the keys of
    content folders that sit elsewhere here). All or nothing: on any failure ``home`` is as
    it was and the error is raised."""
    home.mkdir(parents=True, exist_ok=True)
    with build_lock(home, timeout=timeout), _new_version(home) as folder:
        for path in files:
            shutil.copy2(path, folder / path.name)
        ix = open_version(folder)
        try:
            state = edit_state(read_state(ix))
            writer = ix.writer(timeout=timeout, codec=search_codec())
            try:
                writer.delete_by_term("kind", KIND_STATE)
                writer.add_document(**state_document(state))
            except BaseException:
                writer.cancel()
                raise
            writer.commit(merge=False)
        finally:
            ix.close()


def _writable_home(home: Path, dirs: Sequence[Path]) -> Path:
    """``home``, or a folder in the system's temporary folder when ``home`` cannot be written."""
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe = home / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
        return home
    except OSError as exc:
        fallback = Path(tempfile.gettempdir()) / f"mbc-reader-index-{content_key(dirs)}"
        log.warning("cannot write the search index in %s (%s); using %s instead", home, exc, fallback)
        fallback.mkdir(parents=True, exist_ok=True)
        return fallback


def ensure_index(library: Library, index_dir: Path | None = None, progress: Progress | None = None) -> IndexStatus:
    """Make sure the index for ``library`` is complete and current (see the module docstring)."""
    started = time.perf_counter()
    dirs = library_dirs(library)
    home = Path(index_dir) if index_dir is not None else index_location(dirs)
    if index_dir is None and home == prebuilt_location():
        return IndexStatus("ok", 0, "using the search index shipped with the reader", home, 0.0, prebuilt=True)
    home = _writable_home(home, dirs)

    def done(action: str, changed: int, message: str) -> IndexStatus:
        seconds = time.perf_counter() - started
        log.info("%s (%.1f s)", message, seconds)
        return IndexStatus(action, changed, message, home, seconds)

    with build_lock(home):
        version = current_version(home)
        problem = None
        state = None
        if version is None:
            existed = any(p.name.startswith("v-") or p.name == "CURRENT" for p in home.iterdir())
            problem = "the search index is missing" if not existed else "the search index is incomplete"
        else:
            remove_stale(home, keep=version)  # what builds killed halfway left behind
            try:
                ix = open_version(version)
                try:
                    state = read_state(ix)
                finally:
                    ix.close()
            except IndexBroken as exc:
                problem = str(exc)
            if state is not None and state.get("glossary") != glossary_signature():
                state, problem = None, "the dictionary of terms changed"
            damage = damage_reason(home)
            if state is not None and damage is not None:
                state, problem = None, f"searching found the index damaged ({damage})"
        n_active = len(library.patient_articles)
        if state is None:
            fresh = problem == "the search index is missing"
            if not fresh:
                log.warning("%s; rebuilding it", problem)
            _build_locked(library, home, dirs, progress, None)
            if fresh:
                return done("built", n_active, f"search index built for {n_active} articles")
            return done("rebuilt", n_active, f"search index rebuilt for {n_active} articles ({problem})")
        assert version is not None
        if changed_share(library, dirs, state) > INCREMENTAL_LIMIT and n_active > 20:
            _build_locked(library, home, dirs, progress, None)
            return done("built", n_active, f"search index rebuilt for {n_active} articles (many changes)")
        changed = _update_locked(library, dirs, version, state)
        if changed == 0:
            return done("ok", 0, "search index is up to date")
        if progress is not None:
            progress(1, 1)
        return done("updated", changed, f"search index updated: {changed} changed")


