"""What an index holds, file by file: the record that makes incremental updates possible.

The state (stored in the index itself, see ``store.state_document``) lists every content
file with its size, modification time, SHA-1, the active articles it holds and the glossary
terms they link; plus the schema version, the glossary's signature and the languages. Comparing
it with the files on disk tells which files changed: size and time first, the hash only when
those differ, so a copied-but-identical file is not re-indexed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..glossary import Glossary
from .schema import SCHEMA_VERSION, glossary_document
from .store import state_document
from .synonyms import signature as synonyms_signature
from .synonyms import synonyms_document
from .analysis import language_of



if TYPE_CHECKING:  # annotations only: a one-shot search loads no article models
    from ..models import Library

def file_key(path: Path, dirs: Sequence[Path]) -> str:
    """A file's name relative to its content folder, so a prebuilt index matches on any machine."""
    resolved = path.resolve()
    for i, d in enumerate(dirs):
        if resolved.is_relative_to(d):
            return f"{i}:{resolved.relative_to(d).as_posix()}"
    return f"-:{resolved.as_posix()}"


def sha1_of(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def glossary_signature() -> str:
    meta = Glossary.bundled().meta()
    return hashlib.sha1(repr(sorted(meta.items())).encode("utf-8")).hexdigest()[:16]


def used_terms(files: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Glossary terms the indexed articles link: term id -> (link text, language)."""
    used: dict[str, tuple[str, str]] = {}
    for entry in files.values():
        for term_id, text, language in entry.get("terms", []):
            used.setdefault(term_id, (text, language))
    return used


def snapshot(library: Library, dirs: Sequence[Path], previous: dict[str, Any] | None) -> tuple[dict[str, Any], set[str]]:
    """The state describing the library now, and the keys of the files that changed since
    ``previous`` (hashing only files whose size or modification time differ). Changed files
    get their glossary links ("terms") when they are indexed."""
    old_files = (previous or {}).get("files", {})
    files: dict[str, Any] = {}
    changed: set[str] = set()
    for article in library.articles:
        key = file_key(article.path, dirs)
        try:
            st = article.path.stat()
        except OSError:
            continue
        entry = files.get(key)
        if entry is None:
            old = old_files.get(key)
            if old and old["size"] == st.st_size and old["mtime"] == st.st_mtime_ns:
                sha = old["sha1"]
            else:
                try:
                    sha = sha1_of(article.path)
                except OSError:
                    continue
            if not old or old["sha1"] != sha:
                changed.add(key)
            entry = files[key] = {"size": st.st_size, "mtime": st.st_mtime_ns, "sha1": sha, "articles": [], "terms": []}
            if old and key not in changed:
                entry["terms"] = old.get("terms", [])
        if article.is_active:
            entry["articles"].append(article.id)
    for key, old in old_files.items():
        new = files.get(key)
        if new is None or sorted(new["articles"]) != sorted(old.get("articles", [])):
            changed.add(key)
    state = {
        "schema": SCHEMA_VERSION,
        "glossary": glossary_signature(),
        "languages": sorted({language_of(a.language) for a in library.patient_articles} or {"en"}),
        "synonyms": synonyms_signature(),
        "dirs": [str(d) for d in dirs],
        "files": files,
        "built": (previous or {}).get("built") or time.time(),
        "updated": time.time(),
    }
    return state, changed


def finisher(state: dict[str, Any], dirs: Sequence[Path], library: Library, glossary_changes: Callable[[dict], list]):
    """Record each indexed article's glossary links in ``state`` and return the last documents."""
    key_of = {a.id: file_key(a.path, dirs) for a in library.patient_articles}

    def finish(refs: dict[str, list[tuple[str, str, str]]]) -> list[dict[str, Any]]:
        for article_id, article_refs in refs.items():
            entry = state["files"].get(key_of.get(article_id, ""))
            if entry is not None:
                entry["terms"] = [list(r) for r in article_refs]
        used = used_terms(state["files"])
        state["terms"] = sorted(used)
        return glossary_changes(used) + [synonyms_document(), state_document(state)]

    return finish


def glossary_docs(terms: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    glossary = Glossary.bundled()
    docs = []
    for term_id, (text, language) in sorted(terms.items()):
        entry = glossary.lookup(term_id, text, language=language)
        if entry is not None and entry.definition:
            docs.append(glossary_document(term_id, entry.name, entry.definition, entry.language))
    return docs


def changed_share(library: Library, dirs: Sequence[Path], state: dict[str, Any]) -> float:
    """Roughly what share of the files changed, from sizes and times alone (no hashing)."""
    old = state.get("files", {})
    if not old:
        return 1.0
    differ = 0
    seen = 0
    for article in library.articles:
        seen += 1
        entry = old.get(file_key(article.path, dirs))
        try:
            st = article.path.stat()
        except OSError:
            differ += 1
            continue
        if entry is None or entry["size"] != st.st_size:
            differ += 1
    return (differ + abs(len(old) - seen)) / max(1, len(old))
