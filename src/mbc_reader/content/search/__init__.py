"""Full-text search of a library: the one face the UI, the CLI and the other content modules use.

    from mbc_reader.content.search import open_searcher
    searcher = open_searcher(library)          # builds or updates the index when needed
    response = searcher.search("radiation therapy")   # a SearchResponse of Hit, never raises

Inside, one module a job (none of them is imported by anything outside this package):

- ``analysis``: folding, tokens, stop words, stems (the same on the index and the query side);
- ``schema``: the Whoosh schema and the documents of sections, dictionary terms, vocabulary;
- ``rank``: an article's role and its title's names, computed when it is indexed;
- ``synonyms``: everyday words, the dictionary's other names and Spanish names;
- ``state``: the record of what an index holds, file by file (for incremental updates);
- ``store``: index homes on disk, version folders, the build lock, atomic switching;
- ``build``: writing articles into an index, in this process or in worker processes;
- ``index``: where an index lives, building it, keeping it up to date;
- ``query``: what the user typed, as words, phrases and the unfinished last word;
- ``vocabulary``: completing the unfinished word, correcting misspellings (edit distance);
- ``plan``: from parsed words to the term groups the engine scores, "did you mean";
- ``scoring``: BM25 over posting lists decoded in bulk;
- ``snippets``: a short piece of a section with the matched words in bold;
- ``searcher``: the :class:`Searcher`, ranking and grouping hits by article;
- ``_whoosh_compat``: every use of Whoosh's private internals.

Importing this package is cheap (nothing here imports Whoosh until a name is used): the
window's first frame may import it, and must not wait for the search engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Each public name and the module of this package that defines it.
_EXPORTS = {
    # searching
    "Searcher": "searcher",
    "Hit": "searcher",
    "SectionHit": "searcher",
    "SearchResponse": "searcher",
    "open_searcher": "searcher",
    # the index: where, building, keeping it current
    "IndexStatus": "index",
    "ensure_index": "index",
    "build_index": "index",
    "index_location": "index",
    "cache_location": "index",
    "prebuilt_location": "index",
    "library_dirs": "index",
    "index_format": "index",
    "current_index": "index",
    "adopt_index": "index",
    "PREBUILT_NAME": "index",
    "current_version": "store",
    "iter_sections": "store",
    "strip_locks": "store",
    "last_worker_cpu": "build",
    # text analysis, as the index does it
    "index_terms": "analysis",
    # errors
    "IndexBroken": "store",
    "IndexBusy": "store",
    "BuildError": "store",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .analysis import index_terms
    from .build import last_worker_cpu
    from .index import (
        PREBUILT_NAME,
        IndexStatus,
        adopt_index,
        build_index,
        cache_location,
        current_index,
        ensure_index,
        index_format,
        index_location,
        library_dirs,
        prebuilt_location,
    )
    from .searcher import Hit, SearchResponse, Searcher, SectionHit, open_searcher
    from .store import BuildError, IndexBroken, IndexBusy, current_version, iter_sections, strip_locks


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # once: later uses are plain attribute look-ups
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
