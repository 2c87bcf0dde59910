"""Scoring queries over the index's posting lists, fast enough for every keystroke.

Whoosh's matcher tree scores one document at a time in Python: ~3 µs a posting, ~60 ms for a
word like "cancer" that 16,000 of the 27,000 sections contain, and far more for a prefix that
expands to several such words. Here each posting list is decoded once, in bulk, into two
arrays (document numbers, precomputed BM25 impacts; see ``search_schema``), kept in a shared
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

import bisect
import heapq
import math
import threading
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from whoosh.matching.wrappers import FilterMatcher

from .search_text import stemmer

HEAD_BOOST = 1.5
#: Completions of the unfinished last word count a little less than the word itself.
COMPLETION_FACTOR = 0.85
#: How many completions an unfinished word expands to, by its length (1, 2, 3+ letters).
EXPANSIONS = {1: 3, 2: 5}
EXPANSIONS_DEFAULT = 8
#: How many of the most frequent vocabulary words with a prefix are stemmed to pick those.
PREFIX_SCAN = 48
#: Upper bound on the decoded postings kept in memory (8 bytes each: about 24 MB).
CACHE_POSTINGS = 3_000_000


@dataclass(frozen=True)
class Alternative:
    term: str
    factor: float = 1.0


Group = tuple[Alternative, ...]


class PostingsCache:
    """Decoded posting lists, shared by every thread, keyed by (segment id, field, term)."""

    def __init__(self, capacity: int = CACHE_POSTINGS) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[str, str, str], tuple[array, array]] = OrderedDict()
        self._size = 0
        self.capacity = capacity
        self._tables: dict[str, list[str]] = {}

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

    def articles(self, segreader: Any, segid: str) -> list[str]:
        """The article id of every document of a segment (by document number)."""
        with self._lock:
            table = self._tables.get(segid)
        if table is None:
            column = segreader.column_reader("article")
            table = [value if isinstance(value, str) else "" for value in column]
            with self._lock:
                self._tables[segid] = table
        return table


_EMPTY = (array("I"), array("f"))


def _decode(segreader: Any, field: str, term: str) -> tuple[array, array]:
    """All (document number, weight) postings of a term in one segment, deletions included."""
    if (field, term) not in segreader:
        return _EMPTY
    m = segreader.postings(field, term)
    if isinstance(m, FilterMatcher):  # deletions are filtered by the caller, in bulk
        m = m.child
    ids = array("I")
    weights = array("f")
    if hasattr(m, "_read_ids") and hasattr(m, "_read_weights") and hasattr(m, "_next_block"):
        # Whoosh's own block reader, a block at a time (its per-posting API costs ~10x more).
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.extend(m._ids)
            weights.extend(m._weights)
            m._next_block()
    else:
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
    return ids, weights


class Vocabulary:
    """The index's unstemmed words (the spelling field) with their frequencies, sorted, for
    expanding the unfinished last word: ``metas`` -> metastatic, metastasis, ..."""

    def __init__(self, reader: Any) -> None:
        words: list[str] = []
        freqs: list[float] = []
        for btext, info in reader.iter_field("spell"):
            words.append(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
            freqs.append(info.weight())
        self.words = words
        self.freqs = freqs
        self._known = set(words)

    def __contains__(self, word: str) -> bool:
        return word in self._known

    def __len__(self) -> int:
        return len(self.words)

    def completions(self, prefix: str, limit: int = PREFIX_SCAN) -> list[tuple[str, float]]:
        """The most frequent words starting with ``prefix`` (most frequent first)."""
        lo = bisect.bisect_left(self.words, prefix)
        hi = bisect.bisect_left(self.words, prefix + "\U0010ffff", lo)
        if hi - lo > limit:
            indexes = heapq.nlargest(limit, range(lo, hi), key=self.freqs.__getitem__)
        else:
            indexes = sorted(range(lo, hi), key=self.freqs.__getitem__, reverse=True)
        return [(self.words[i], self.freqs[i]) for i in indexes]

    def expand(self, prefix: str, languages: Sequence[str], own_terms: set[str]) -> Group:
        """The unfinished word as alternatives: its own stem(s) first, then the stems of its most
        frequent completions, up to a cap that depends on how much has been typed."""
        cap = EXPANSIONS.get(len(prefix), EXPANSIONS_DEFAULT)
        scores: dict[str, float] = {}
        for word, freq in self.completions(prefix):
            for lang in languages:
                stem = stemmer(lang)(word)
                scores[stem] = scores.get(stem, 0.0) + freq
        ranked = sorted(scores, key=scores.__getitem__, reverse=True)
        out = [Alternative(t) for t in sorted(own_terms)]
        for term in ranked:
            if len(out) >= cap:
                break
            if term not in own_terms:
                out.append(Alternative(term, COMPLETION_FACTOR))
        return tuple(out)


@dataclass
class SegmentResult:
    scores: dict[int, float]
    coverage: dict[int, int] | None  # groups matched per document, in OR mode


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
        lists = []
        for alt in group:
            ids, ws = self._postings("body", alt.term)
            if ids:
                lists.append((alt, ids, ws))
        total = sum(len(ids) for _, ids, _ in lists)
        if within is not None and len(within) * len(lists) < total:
            # Few candidates left: look each one up rather than reading whole lists.
            out: dict[int, float] = {}
            for alt, ids, ws in lists:
                table = dict(zip(ids, ws))
                coef = self.weights.get(alt.term, 0.0) * alt.factor
                for doc in within.keys() & table.keys():
                    value = coef * table[doc]
                    if value > out.get(doc, 0.0):
                        out[doc] = value
            return out
        out = {}
        for alt, ids, ws in lists:
            coef = self.weights.get(alt.term, 0.0) * alt.factor
            if not out:
                out = dict(zip(ids, [coef * w for w in ws]))
                continue
            get = out.get
            for doc, w in zip(ids, ws):
                value = coef * w
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
                    return SegmentResult({}, None)
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
        self._add_heads(groups, scores)
        deleted = self.reader.deleted_docs_set if self.reader.has_deletions() else ()
        for doc in deleted:
            scores.pop(doc, None)
        return SegmentResult(scores, coverage)

    def _add_heads(self, groups: Sequence[Group], scores: dict[int, float]) -> None:
        if not scores:
            return
        for group in groups:
            best: dict[int, float] = {}
            for alt in group:
                ids, ws = self._postings("head", alt.term)
                if not ids:
                    continue
                coef = HEAD_BOOST * self.weights.get(alt.term, 0.0) * alt.factor
                for doc, w in zip(ids, ws):
                    if doc in scores:
                        value = coef * w
                        if value > best.get(doc, 0.0):
                            best[doc] = value
            for doc, value in best.items():
                scores[doc] += value


def top_documents(result: SegmentResult, n_groups: int, count: int) -> list[tuple[float, int]]:
    """The ``count`` best (score, document) pairs; in OR mode, more groups matched ranks first."""
    scores = result.scores
    if result.coverage is not None and n_groups > 1:
        coverage = result.coverage
        keyed = ((coverage[d] * 1000.0 + s, d) for d, s in scores.items())
        best = heapq.nlargest(count, keyed)
        return [(scores[d] * coverage[d] / n_groups, d) for _, d in best]
    best_items = heapq.nlargest(count, scores.items(), key=itemgetter(1))
    return [(s, d) for d, s in best_items]
