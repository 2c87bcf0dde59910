"""Search the library: a query in, section hits grouped by article out.

``open_searcher(library)`` makes sure the index is current (see ``index.ensure_index``) and
returns a :class:`Searcher`. ``Searcher.search`` may be called from any thread (e.g. a worker
QThread): each thread gets its own Whoosh reader, refreshed when the index changes; decoded
posting lists and the vocabulary are shared. It never raises on user text, nor on an index
that breaks under it (it logs and answers nothing).

Words become term groups in ``search_plan``, are scored in ``search_engine``, and this module
turns the scores into :class:`Hit`s:
at most ``PER_ARTICLE`` sections of one article, kept together under the article's best
section, with a snippet of the section and a "did you mean" when little or nothing is found.
"""

from __future__ import annotations

import heapq
import logging
import pickle
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.reading import CorruptIndexError

from .index import IndexStatus, ensure_index
from .models import Library
from .search_build import BuildError
from .search_engine import Evaluator, PostingsCache, idf, top_documents
from .search_plan import SUGGEST_BELOW, groups_of, own_terms, suggest
from .search_query import parse
from .search_schema import unpack_text
from .search_snippet import contains_phrase, make_snippet
from .search_store import IndexBroken, IndexBusy, current_version, mark_damaged, open_version, state_from_reader
from .search_text import LANGUAGES
from .search_vocab import Group, Vocabulary

log = logging.getLogger(__name__)

#: Sections of one article shown together, and how close to its best one the others must score.
PER_ARTICLE = 3
PER_ARTICLE_RATIO = 0.5
#: Candidates looked at per hit wanted (grouping and phrase checks need some to spare).
CANDIDATES_PER_HIT = 6
#: How often (seconds) a thread checks whether the index on disk changed.
REFRESH_EVERY = 1.0
#: What reading a damaged index raises (Whoosh checks little itself): the next ensure_index rebuilds.
DAMAGE_ERRORS = (
    IndexBroken, CorruptIndexError, zlib.error, EOFError, struct.error, pickle.UnpicklingError, OSError, ValueError
)
#: How many of the commonest words have their posting lists decoded by ``warm_up``.
WARM_TERMS = 150
#: Dictionary definitions are short, so they score high on any word they contain; they rank
#: below article sections unless the query asks what something means.
GLOSSARY_FACTOR = 0.6
DEFINITION_FACTOR = 3.0
@dataclass(frozen=True)
class Hit:
    article_id: str  # for a glossary-term hit: "glossary:<termId>"
    title: str  # article title (or the term's name)
    section: str  # section title ("" for the intro; "Dictionary" for a term)
    anchor: str  # section anchor in the rendered HTML ("" = top)
    snippet: str  # short HTML: text escaped, matched words wrapped in <b>…</b>, nothing else
    score: float

    def to_json(self) -> dict:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "section": self.section,
            "anchor": self.anchor,
            "snippet": self.snippet,
            "score": self.score,
        }


@dataclass(frozen=True)
class SearchResponse:
    query: str
    total: int  # matching sections (and glossary terms), before grouping and the limit
    suggestion: str | None
    results: list[Hit] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "suggestion": self.suggestion,
            "results": [hit.to_json() for hit in self.results],
        }


class _Generation:
    """What belongs to one state of the index on disk: the vocabulary and languages."""

    def __init__(self, reader: Any, cache: PostingsCache) -> None:
        self.vocabulary = Vocabulary([cache.words(r, segid) for r, segid, _ in _leaves(reader)])
        languages = ["en"]
        try:
            state = state_from_reader(reader)
            languages = [lang for lang in state.get("languages", ["en"]) if lang in LANGUAGES] or ["en"]
        except IndexBroken as exc:
            log.warning("%s", exc)
        self.languages = tuple(languages)


class _ThreadState:
    def __init__(self) -> None:
        self.version: Path | None = None
        self.ix: Any = None
        self.searcher: Any = None
        self.checked = 0.0


class Searcher:
    """Searches one index home (see ``search_store``); cheap to share between threads."""

    def __init__(self, index_dir: Path, status: IndexStatus | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.status = status
        self._cache = PostingsCache()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[_ThreadState] = []
        self._generations: dict[tuple[str, int], _Generation] = {}
        self._closed = False

    # -- per-thread readers ----------------------------------------------------------------

    def _state(self) -> _ThreadState | None:
        state = getattr(self._local, "state", None)
        if state is None:
            state = self._local.state = _ThreadState()
            with self._lock:
                self._open.append(state)
        now = time.monotonic()
        if state.searcher is not None and now - state.checked < REFRESH_EVERY:
            return state
        state.checked = now
        version = current_version(self.index_dir)
        if version is None:
            self._drop(state)
            return None
        if state.searcher is not None and version == state.version:
            if not state.searcher.up_to_date():
                state.searcher = state.searcher.refresh()
            return state
        self._drop(state)
        state.ix = open_version(version, readonly=True)
        state.version = version
        state.searcher = state.ix.searcher()
        return state

    @staticmethod
    def _drop(state: _ThreadState) -> None:
        for obj in (state.searcher, state.ix):
            if obj is not None:
                try:
                    obj.close()
                except Exception:  # already closed, or its files are gone: nothing to keep
                    pass
        state.searcher = state.ix = state.version = None

    def _generation(self, state: _ThreadState) -> _Generation:
        reader = state.searcher.reader()
        key = (str(state.version), _toc_generation(reader))
        with self._lock:
            gen = self._generations.get(key)
        if gen is None:
            gen = _Generation(reader, self._cache)
            with self._lock:
                self._generations = {key: gen}  # older generations are no longer needed
        return gen

    def warm_up(self, terms: int = WARM_TERMS) -> None:
        """Read the vocabulary and decode the posting lists of the most common words now, so the
        first keystrokes are as fast as the later ones (the window calls this on its search
        thread while the reader looks at the first article). Never raises."""
        try:
            state = self._state()
            if state is None:
                return
            gen = self._generation(state)
            vocabulary = gen.vocabulary
            top = heapq.nlargest(terms, range(len(vocabulary.words)), key=vocabulary.freqs.__getitem__)
            wanted = {t for i in top for t in own_terms(vocabulary.words[i], gen.languages)}
            for segreader, segid, _ in _leaves(state.searcher.reader()):
                self._cache.articles(segreader, segid)
                if segreader.doc_count_all():
                    segreader.stored_fields(0)  # opens the stored fields' tables (~10 ms each)
                for term in wanted:
                    self._cache.get(segreader, segid, "body", term)
                    self._cache.get(segreader, segid, "head", term)
        except Exception as exc:
            log.warning("preparing the search index in advance failed: %s: %s", type(exc).__name__, exc)
            log.debug("warm-up failure", exc_info=True)

    def close(self) -> None:
        with self._lock:
            states, self._open = self._open, []
            self._closed = True
        for state in states:
            self._drop(state)

    # -- searching -------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> SearchResponse:
        """Never raises: an unusable index answers nothing (and says so in the log)."""
        text = query if isinstance(query, str) else ""
        try:
            limit = max(0, min(int(limit), 200))
        except (TypeError, ValueError):
            limit = 20
        try:
            return self._search(text, limit)
        except Exception as exc:
            log.warning("search for %r failed: %s: %s", text[:80], type(exc).__name__, exc)
            log.debug("search failure", exc_info=True)
            if isinstance(exc, DAMAGE_ERRORS):
                mark_damaged(self.index_dir, f"{type(exc).__name__}: {exc}"[:300])
            return SearchResponse(text, 0, None, [])

    def _search(self, text: str, limit: int) -> SearchResponse:
        parsed = parse(text)
        if parsed.empty or limit == 0 or self._closed:
            return SearchResponse(text, 0, None, [])
        state = self._state()
        if state is None:
            return SearchResponse(text, 0, None, [])
        gen = self._generation(state)
        reader = state.searcher.reader()
        groups, phrase_groups, definition = groups_of(parsed, gen.vocabulary, gen.languages)
        leaves = _leaves(reader)
        n_docs = max(1, reader.doc_count())
        weights = {}
        for group in groups:
            for alt in group:
                if alt.term not in weights:
                    weights[alt.term] = idf(reader.doc_frequency("body", alt.term), n_docs)
        scored: list[tuple[float, int, int]] = []  # score, leaf, docnum
        total = 0
        fell_back = False
        found = [g for g in groups if g]  # a group is empty when nothing starts as typed
        if found:
            # AND first; OR when that finds nothing, or when some word cannot match at all.
            modes = ("and", "or") if len(found) == len(groups) else ("or",)
            fell_back = len(found) < len(groups)
            for mode in modes:
                scored, total = self._evaluate(leaves, found, weights, mode, limit)
                if scored or len(found) < 2:
                    break
                fell_back = True
        terms = {alt.term for group in groups for alt in group}
        scored = self._rank_glossary(leaves, scored, definition)
        hits, total = self._hits(leaves, scored, limit, terms, gen.languages, phrase_groups, total)
        if hits and not definition and hits[0].article_id.startswith("glossary:"):
            hits = _article_first(hits)
        suggestion = None
        if total < SUGGEST_BELOW or fell_back:
            suggestion = suggest(parsed, gen.vocabulary, gen.languages)
        return SearchResponse(text, total, suggestion, hits)

    def _evaluate(
        self, leaves: list[tuple[Any, str, int]], groups: list[Group], weights: dict[str, float], mode: str, limit: int
    ) -> tuple[list[tuple[float, int, int]], int]:
        wanted = max(limit * CANDIDATES_PER_HIT, 60)
        scored: list[tuple[float, int, int]] = []
        total = 0
        for i, (segreader, segid, _base) in enumerate(leaves):
            result = Evaluator(self._cache, segreader, segid, weights).run(groups, mode)
            total += len(result.scores)
            scored += [(s, i, d) for s, d in top_documents(result, len(groups), wanted)]
        scored.sort(key=lambda item: -item[0])
        return scored[:wanted], total

    def _rank_glossary(
        self, leaves: list[tuple[Any, str, int]], scored: list[tuple[float, int, int]], definition: bool
    ) -> list[tuple[float, int, int]]:
        factor = DEFINITION_FACTOR if definition else GLOSSARY_FACTOR
        out = []
        for score, leaf, doc in scored:
            segreader, segid, _ = leaves[leaf]
            if self._cache.articles(segreader, segid)[doc].startswith("glossary:"):
                score *= factor
            out.append((score, leaf, doc))
        out.sort(key=lambda item: -item[0])
        return out

    def _hits(
        self,
        leaves: list[tuple[Any, str, int]],
        scored: list[tuple[float, int, int]],
        limit: int,
        terms: set[str],
        languages: tuple[str, ...],
        phrase_groups: list[list[set[str]]],
        total: int,
    ) -> tuple[list[Hit], int]:
        by_article: dict[str, list[tuple[float, int, int]]] = {}
        checked = rejected = 0
        for score, leaf, doc in scored:
            segreader, segid, _ = leaves[leaf]
            article = self._cache.articles(segreader, segid)[doc]
            group = by_article.setdefault(article, [])
            if len(group) >= PER_ARTICLE or (group and score < group[0][0] * PER_ARTICLE_RATIO):
                continue
            if phrase_groups:
                checked += 1
                text = unpack_text(segreader.stored_fields(doc).get("text"))
                if not all(contains_phrase(text, p, languages) for p in phrase_groups):
                    rejected += 1
                    if not group:
                        del by_article[article]
                    continue
            group.append((score, leaf, doc))
            if len(by_article) >= limit or sum(len(g) for g in by_article.values()) >= 2 * limit:
                break
        if phrase_groups and checked:
            total = round(total * (checked - rejected) / checked) if checked < len(scored) else checked - rejected
            total = max(total, sum(len(g) for g in by_article.values()))
        hits: list[Hit] = []
        for article_hits in by_article.values():
            for score, leaf, doc in article_hits:
                if len(hits) >= limit:
                    break
                fields = leaves[leaf][0].stored_fields(doc)
                text = unpack_text(fields.get("text"))
                hits.append(
                    Hit(
                        article_id=str(fields.get("article", "")),
                        title=str(fields.get("title", "")),
                        section=str(fields.get("section", "")),
                        anchor=str(fields.get("anchor", "")),
                        snippet=make_snippet(text, terms, languages),
                        score=round(score, 3),
                    )
                )
        return hits, total


def _article_first(hits: list[Hit]) -> list[Hit]:
    """Move the best article's sections before any dictionary term that outscored them."""
    first = next((h.article_id for h in hits if not h.article_id.startswith("glossary:")), None)
    if first is None:
        return hits
    return [h for h in hits if h.article_id == first] + [h for h in hits if h.article_id != first]


def _toc_generation(reader: Any) -> int:
    segments = reader.segments() or []
    return hash(tuple(sorted((s.segment_id(), s.deleted_count()) for s in segments)))


def _leaves(reader: Any) -> list[tuple[Any, str, int]]:
    leaves = reader.leaf_readers() if not reader.is_atomic() else [(reader, 0)]
    return [(r, r.segment().segment_id(), base) for r, base in leaves]


def open_searcher(
    library: Library,
    index_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    warm: bool = True,
) -> Searcher:
    """Ensure an up-to-date index for the library (build or incrementally update it), then open it.

    If the index cannot be made current (another process holds it for minutes, the disk is
    full), the searcher still opens on whatever usable index there is, and ``status`` says why.
    ``warm`` (for a session of many searches, e.g. the window) prepares it with ``warm_up``.
    """
    try:
        status = ensure_index(library, index_dir, progress)
    except (IndexBusy, IndexBroken, BuildError, OSError) as exc:
        log.warning("the search index could not be brought up to date: %s", exc)
        from .index import index_location, library_dirs

        home = Path(index_dir) if index_dir is not None else index_location(library_dirs(library))
        status = IndexStatus("failed", 0, f"search index not updated: {exc}", home)
    searcher = Searcher(status.index_dir, status)
    if warm:
        searcher.warm_up()
    return searcher


__all__ = ["Hit", "SearchResponse", "Searcher", "open_searcher"]
