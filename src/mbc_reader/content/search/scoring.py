"""Scoring queries over the index's posting lists, fast enough for every keystroke.

Whoosh's matcher tree scores one document at a time in Python: ~3 µs a posting, ~60 ms for a
word like "cancer" that 16,000 of the 27,000 sections contain, and far more for a prefix that
expands to several such words. Here each posting list is decoded once, in bulk, into two
arrays (document numbers, precomputed BM25 impacts; see ``schema``), kept in a shared
LRU cache keyed by Whoosh segment (segments never change once written, so the cache survives
index updates), and combined with dict and set operations that run in C:

- each query word is a *group* of alternative index terms (its stem in each language of the
  library; for the unfinished last word, the most frequent completions from the vocabulary);
- groups are ANDed, smallest first, so the work is bounded by the rarest word; when AND finds
  nothing, the groups are ORed, documents matching more of them ranking first;
- a word's score in a section is ``idf * impact``, plus ``HEAD_BOOST`` times that when the
  word is in the section heading or the article title (those rank above body text).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
import math
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ._whoosh_compat import blocks, reads_blocks, unfiltered
from .rank import unpack_meta
from .vocabulary import Group, segment_words


HEAD_BOOST = 1.5
#: Upper bound on the decoded postings kept in memory (8 bytes each: about 24 MB).
CACHE_POSTINGS = 3_000_000


class LazyColumn:
    """A segment's column read a document at a time, each value once: a query or two need a
    few hundred of the 27,000 values that reading the whole column (in Python) would decode."""

    def __init__(self, segreader: Any, name: str, convert: Callable[[Any], Any], default: Any) -> None:
        try:
            self._column: Any = segreader.column_reader(name)
        except Exception:  # no such column: every document has the default
            self._column = None
        self._convert = convert
        self._default = default
        self._values: dict[int, Any] = {}
        self._n = segreader.doc_count_all()

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, doc: int) -> Any:
        value = self._values.get(doc, _MISSING)
        if value is _MISSING:
            raw = self._column[doc] if self._column is not None else None
            value = self._values[doc] = self._convert(raw) if raw is not None else self._default
        return value

    def get(self, doc: int, default: Any = None) -> Any:
        value = self[doc] if 0 <= doc < self._n else None
        return value if value else default


_MISSING = object()


class _Part:
    """One part of each value of a :class:`LazyColumn` of tuples (the role, the title names)."""

    def __init__(self, column: LazyColumn, index: int) -> None:
        self._column, self._index = column, index

    def __len__(self) -> int:
        return len(self._column)

    def __getitem__(self, doc: int) -> Any:
        return self._column[doc][self._index]

    def get(self, doc: int, default: Any = None) -> Any:
        value = self[doc] if 0 <= doc < len(self._column) else None
        return value if value else default


def _article_of(value: Any) -> str:
    return value if isinstance(value, str) else ""


class PostingsCache:
    """Decoded posting lists, shared by every thread, keyed by (segment id, field, term).

    ``lazy_columns`` (a query or two): a segment's article ids and roles are read a document at
    a time, as :class:`LazyColumn`, rather than all at once."""

    def __init__(self, capacity: int = CACHE_POSTINGS, lazy_columns: bool = False) -> None:
        self.lazy_columns = lazy_columns
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[str, str, str], tuple[array, array]] = OrderedDict()
        self._size = 0
        self.capacity = capacity
        self._tables: dict[str, Sequence[str]] = {}
        self._metas: dict[str, tuple[Sequence[str], Any]] = {}
        self._words: dict[str, dict[str, float]] = {}

    def get(self, segreader: Any, segid: str, field: str, term: str) -> tuple[array, array]:
        key = (segid, field, term)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit
        value = _decode(segreader, field, term)
        with self._lock:
            if key not in self._items:
                self._items[key] = value
                self._size += len(value[0])
                while self._size > self.capacity and len(self._items) > 1:
                    _, old = self._items.popitem(last=False)
                    self._size -= len(old[0])
        return value

    def articles(self, segreader: Any, segid: str) -> Sequence[str]:
        """The article id of every document of a segment (by document number)."""
        with self._lock:
            table = self._tables.get(segid)
        if table is None:
            if self.lazy_columns:
                table = LazyColumn(segreader, "article", _article_of, "")
            else:
                table = [_article_of(value) for value in segreader.column_reader("article")]
            with self._lock:
                self._tables[segid] = table
        return table

    def meta(self, segreader: Any, segid: str) -> tuple[Sequence[str], Any]:
        """A segment's role of every document (by number) and the title names of the documents
        that have them (first sections; ``.get(doc, ())``): see ``rank``."""
        with self._lock:
            table = self._metas.get(segid)
        if table is None and self.lazy_columns:
            both = LazyColumn(segreader, "meta", unpack_meta, ("", ()))
            table = (_Part(both, 0), _Part(both, 1))
            with self._lock:
                self._metas[segid] = table
        if table is None:
            roles: list[str] = []
            names: dict[int, tuple[frozenset[str], ...]] = {}
            try:
                column = segreader.column_reader("meta")
            except Exception:  # no such column: every document is a plain page
                column = [b""] * segreader.doc_count_all()
            for doc, value in enumerate(column):
                role, doc_names = unpack_meta(value)
                roles.append(role)
                if doc_names:
                    names[doc] = doc_names
            table = (roles, names)
            with self._lock:
                self._metas[segid] = table
        return table

    def words(self, segreader: Any, segid: str) -> dict[str, float]:
        """A segment's spelling words with their counts."""
        with self._lock:
            words = self._words.get(segid)
        if words is None:
            words = segment_words(segreader)
            with self._lock:
                self._words[segid] = words
        return words


_EMPTY = (array("I"), array("f"))


def _decode(segreader: Any, field: str, term: str) -> tuple[array, array]:
    """All (document number, weight) postings of a term in one segment, deletions included."""
    if (field, term) not in segreader:
        return _EMPTY
    m = unfiltered(segreader.postings(field, term))  # deletions are filtered by the caller, in bulk
    ids = array("I")
    weights = array("f")
    if reads_blocks(m):
        # Whoosh's own block reader, a block at a time: each block is a pickled tuple of (id
        # deltas, weights, values); its per-posting API costs ~10x more.
        for block_ids, block_weights, n in blocks(m):
            ids.extend(block_ids)
            if block_weights is None:
                weights.extend([1.0] * n)
            elif isinstance(block_weights, float):
                weights.extend([block_weights] * n)
            else:
                weights.extend(block_weights)
        if len(ids) != len(weights):
            raise ValueError(f"unexpected posting block layout for {field}:{term}")
    else:
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
    return ids, weights


@dataclass
class SegmentResult:
    scores: dict[int, float]
    coverage: dict[int, int] | None  # groups matched per document, in OR mode
    heads: dict[int, int] | None = None  # groups matched in the heading (or title) per document


def idf(df: int, n: int) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


class Evaluator:
    """Scores groups of alternatives over one segment."""

    def __init__(self, cache: PostingsCache, segreader: Any, segid: str, weights: dict[str, float]) -> None:
        self.cache = cache
        self.reader = segreader
        self.segid = segid
        self.weights = weights  # term -> idf, over the whole index

    def _postings(self, field: str, term: str) -> tuple[array, array]:
        return self.cache.get(self.reader, self.segid, field, term)

    def _group_scores(self, group: Group, within: dict[int, float] | None) -> dict[int, float]:
        """Best alternative's score per document (only documents in ``within``, if given)."""
        out: dict[int, float] = {}
        for alt in group:
            ids, ws = self._postings("body", alt.term)
            if not ids:
                continue
            coef = self.weights.get(alt.term, 0.0) * alt.factor
            if within is not None:
                if len(within) * 8 < len(ids):
                    # Few candidates left: find each by bisection rather than read the whole list.
                    pairs = _lookup(ids, ws, within)
                else:
                    table = dict(zip(ids, ws))  # in C; then only the common documents in Python
                    pairs = [(doc, table[doc]) for doc in table.keys() & within.keys()]
            elif not out:
                out = dict(zip(ids, [coef * w for w in ws]))
                continue
            else:
                pairs = zip(ids, ws)
            get = out.get
            for doc, weight in pairs:
                value = coef * weight
                if value > get(doc, 0.0):
                    out[doc] = value
        return out

    def run(self, groups: Sequence[Group], mode: str) -> SegmentResult:
        if mode == "and":
            order = sorted(groups, key=lambda g: sum(len(self._postings("body", a.term)[0]) for a in g))
            scores: dict[int, float] | None = None
            for group in order:
                part = self._group_scores(group, scores)
                if scores is None:
                    scores = part
                else:
                    scores = {doc: scores[doc] + part[doc] for doc in scores.keys() & part.keys()}
                if not scores:
                    return SegmentResult({}, None, {})
            scores = scores or {}
            coverage = None
        else:
            scores = {}
            coverage = {}
            for group in groups:
                part = self._group_scores(group, None)
                for doc, value in part.items():
                    scores[doc] = scores.get(doc, 0.0) + value
                    coverage[doc] = coverage.get(doc, 0) + 1
        heads = self._add_heads(groups, scores)
        deleted = self.reader.deleted_docs_set if self.reader.has_deletions() else ()
        for doc in deleted:
            scores.pop(doc, None)
        return SegmentResult(scores, coverage, heads)

    def titles(self, groups: Sequence[Group]) -> dict[int, tuple[int, float]]:
        """Documents whose article title has query words: (groups matched, title score) each.

        Titles are indexed on an article's first section only, and are short: these lists are
        small even for common words."""
        out: dict[int, tuple[int, float]] = {}
        for group in groups:
            best: dict[int, float] = {}
            for alt in group:
                ids, ws = self._postings("tname", alt.term)
                if not ids:
                    continue
                coef = self.weights.get(alt.term, 0.0) * alt.factor
                for doc, weight in zip(ids, ws):
                    value = coef * weight
                    if value > best.get(doc, 0.0):
                        best[doc] = value
            for doc, value in best.items():
                count, total = out.get(doc, (0, 0.0))
                out[doc] = (count + 1, total + value)
        return out

    def _add_heads(self, groups: Sequence[Group], scores: dict[int, float]) -> dict[int, int]:
        """Add the heading (and title) part of each document's score; returns how many groups
        each document matched there."""
        matched: dict[int, int] = {}
        if not scores:
            return matched
        for group in groups:
            best: dict[int, float] = {}
            for alt in group:
                ids, ws = self._postings("head", alt.term)
                if not ids:
                    continue
                coef = HEAD_BOOST * self.weights.get(alt.term, 0.0) * alt.factor
                if len(scores) * 8 < len(ids):
                    pairs = _lookup(ids, ws, scores)
                else:
                    table = dict(zip(ids, ws))
                    pairs = ((doc, table[doc]) for doc in table.keys() & scores.keys())
                for doc, weight in pairs:
                    value = coef * weight
                    if value > best.get(doc, 0.0):
                        best[doc] = value
            for doc, value in best.items():
                scores[doc] += value
                matched[doc] = matched.get(doc, 0) + 1
        return matched


def _lookup(ids: array, weights: array, docs: Iterable[int]) -> list[tuple[int, float]]:
    """(document, weight) for those of ``docs`` found in a sorted posting list."""
    out = []
    n = len(ids)
    for doc in docs:
        i = bisect_left(ids, doc)
        if i < n and ids[i] == doc:
            out.append((doc, weights[i]))
    return out


def top_documents(result: SegmentResult, n_groups: int, count: int) -> list[tuple[float, int]]:
    """The ``count`` best (score, document) pairs; in OR mode, more groups matched ranks first."""
    scores = result.scores
    if not scores:
        return []
    if result.coverage is not None and n_groups > 1:
        coverage = result.coverage
        keyed = {d: coverage[d] * 1000.0 + s for d, s in scores.items()}
        best = _largest(keyed, count)
        return [(scores[d] * coverage[d] / n_groups, d) for _, d in best]
    return _largest(scores, count)


def _largest(scores: dict[int, float], count: int) -> list[tuple[float, int]]:
    """Like ``heapq.nlargest`` on the items, but with the comparisons done in C."""
    if len(scores) > count:
        threshold = heapq.nlargest(count, scores.values())[-1]
        items = [(s, d) for d, s in scores.items() if s >= threshold]
    else:
        items = [(s, d) for d, s in scores.items()]
    items.sort(reverse=True)
    return items[:count]
