"""A start-up catalog: the library's articles without their text, read back in milliseconds.

Loading and repairing 1,433 pages takes seconds on a clinic PC; the navigator only needs titles,
topics and sections. The catalog keeps those (and every problem found) in the cache folder,
keyed to the content folders and checked against each file's size and modification time; any
change rebuilds it. Article texts are re-read from their files on demand (``FileText``).

The catalog is a cache, never the truth: an unreadable, corrupt or foreign catalog is rebuilt,
and a cache folder that cannot be written (read-only, full disk, kiosk mode) only costs speed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .. import __version__, paths
from .loader import FileText, GlossaryLike, iter_content_files, link_resolver, load_library
from .models import Library
from .storage import fingerprint, write_with

log = logging.getLogger(__name__)

CATALOG_FORMAT = 10  # bump when Article/Section/Problem change shape, or the loader reads files differently


def _fingerprint(roots: Sequence[Path]) -> list[tuple[str, int, int]]:
    """Each content file's path, size and modification time (-1s for what cannot be read)."""
    prints: list[tuple[str, int, int]] = []
    for root in roots:
        if not root.is_dir():
            prints.append((str(root), -1, -1))
            continue
        for path in iter_content_files(root):
            print_ = fingerprint(path) or (-1, -1)
            prints.append((str(path), *print_))
    return prints


def catalog_path(roots: Sequence[Path], cache_dir: Path | None = None) -> Path:
    key = "\n".join(str(Path(r).resolve()) for r in roots)
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return (cache_dir or paths.cache_dir()) / "catalog" / f"{digest}.pickle"


def _read_catalog(path: Path, stamp: tuple) -> Library | None:
    try:
        with path.open("rb") as fh:
            stored_stamp = pickle.load(fh)
            if stored_stamp != stamp:
                return None
            library = pickle.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError) as exc:
        log.warning("the start-up catalog %s is unreadable (%s); rebuilding it", path, exc)
        return None
    return library if isinstance(library, Library) else None


def _lean(library: Library) -> Library:
    """The same library with each article's text left in its file, to be read when opened.

    Texts are read from resolved paths: a pack updated while the app runs keeps serving the
    version it listed. They are kept as strings: rebuilding a ``Path`` costs ~13 µs, thousands of
    them at every start.
    """
    roots = {root: str(root.resolve()) for root in library.roots}
    folders: dict[str, str] = {}  # each folder resolved once: a full resolve per file cost ~2 ms on a loaded PC

    def resolved(path: Path) -> str:
        parent, name = os.path.split(str(path))
        real = folders.get(parent)
        if real is None:
            real = folders[parent] = os.path.realpath(parent)
        whole = os.path.join(real, name)
        return os.path.realpath(whole) if os.path.islink(whole) else whole  # the loader reads through links

    def lean(a):
        folder = _root_of(a.path, library.roots)
        root = roots.get(folder) or str(a.path.parent)
        links = link_resolver(library, a, folder, library.file_ids.get(roots[folder], {}) if folder in roots else None)
        return replace(a, text_source=FileText(resolved(a.path), root, library.url_map, a.title, links))

    return Library(
        root=library.root,
        articles=[lean(a) for a in library.articles],
        problems=library.problems,
        roots=library.roots,
        url_map=library.url_map,
        file_ids=library.file_ids,
    )


def _write_catalog(path: Path, stamp: tuple, library: Library) -> None:
    """Written atomically (a reader never sees half a catalog) and private to this account."""

    def write(fh) -> None:
        pickle.dump(stamp, fh, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(library, fh, protocol=pickle.HIGHEST_PROTOCOL)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_with(path, write, permissions=0o600)
    except OSError as exc:
        log.info("could not save the start-up catalog (%s); the next start will be slower", exc)


def _root_of(path: Path, roots: Sequence[Path]) -> Path:
    for root in roots:
        try:
            path.relative_to(root)
            return root
        except ValueError:
            continue
    return path.parent


def store_catalog(library: Library, glossary_used: bool = True, cache_dir: Path | None = None) -> Path:
    """Keep ``library`` (loaded, or read from a trusted pack's data-only catalog) as the catalog
    of its folders as they are now, so the next :func:`load_library_cached` of them reads it."""
    roots = [Path(r) for r in library.roots]
    stamp = (CATALOG_FORMAT, __version__, glossary_used, _fingerprint(roots))
    path = catalog_path(roots, cache_dir)
    _write_catalog(path, stamp, _lean(library))
    return path


def load_library_cached(
    roots: Sequence[Path],
    glossary: GlossaryLike | None = None,
    cache_dir: Path | None = None,
    write: bool = True,
) -> Library:
    """``load_library``, answered from the catalog when no content file has changed.

    ``write=False`` never touches the disk (kiosk sessions keep nothing).
    """
    roots = [Path(r) for r in roots]
    stamp = (CATALOG_FORMAT, __version__, glossary is not None, _fingerprint(roots))
    path = catalog_path(roots, cache_dir)
    cached = _read_catalog(path, stamp)
    if cached is not None:
        return cached
    library = _lean(load_library(roots, glossary=glossary))
    if write:
        _write_catalog(path, stamp, library)
    return library
