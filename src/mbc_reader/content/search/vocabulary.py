"""The index's own vocabulary: completing the unfinished word and correcting misspellings.

The words are the terms of the unstemmed spelling field (``spell``), read once per index
state into a sorted list with their frequencies. Unstemmed words make good completions and
good corrections (``metastatc`` -> ``metastatic``, not the stem ``metastat``).

Whoosh's own corrector walks a Levenshtein automaton over the term index in Python: 30-130 ms
a word on the corpus, too slow while typing. Here candidates come from a bisect on the first
two letters (misspellings rarely start wrong), within two letters of the length, most frequent
first, cheaply filtered by their letters before the edit distance is computed; if nothing is
found that way, the first letter alone is tried. Results are cached per word.
"""

from __future__ import annotations

import bisect
import heapq
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .analysis import stemmer

#: Completions of the unfinished last word count a little less than the word itself.
COMPLETION_FACTOR = 0.85
#: How many completions an unfinished word expands to, by its length (1, 2, 3+ letters).
EXPANSIONS = {1: 3, 2: 5}
EXPANSIONS_DEFAULT = 8
#: How many of the most frequent vocabulary words with a prefix are stemmed to pick those.
PREFIX_SCAN = 48
#: How many candidates (most frequent first) get an edit distance computed.
CORRECTION_SCAN = 600
EDIT_PENALTY = 0.05
_TOP = "\U0010ffff"


@dataclass(frozen=True)
class Alternative:
    term: str
    factor: float = 1.0


Group = tuple[Alternative, ...]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of two letters counts once), or ``limit + 1``
    as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        row_min = i
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def segment_words(segreader: Any) -> dict[str, float]:
    """One segment's spelling words and their counts (segments never change: cache this)."""
    out: dict[str, float] = {}
    for btext, info in segreader.iter_field("spell"):
        out[btext.decode("utf-8") if isinstance(btext, bytes) else btext] = info.weight()
    return out


class Vocabulary:
    def __init__(self, parts: Sequence[dict[str, float]]) -> None:
        """``parts``: each segment's words and counts (see :func:`segment_words`)."""
        ordered = sorted(parts, key=len, reverse=True)
        merged: dict[str, float] = dict(ordered[0]) if ordered else {}
        for part in ordered[1:]:
            get = merged.get
            for word, count in part.items():
                merged[word] = get(word, 0.0) + count
        self.words = sorted(merged)
        self.freqs = [merged[w] for w in self.words]
        self._freq = merged
        self._lock = threading.Lock()
        self._corrections: OrderedDict[str, str | None] = OrderedDict()

    def __contains__(self, word: str) -> bool:
        return word in self._freq

    def frequency(self, word: str) -> float:
        return self._freq.get(word, 0.0)

    def __len__(self) -> int:
        return len(self.words)

    def _range(self, prefix: str) -> tuple[list[str], list[float], int, int]:
        """The words starting with ``prefix``: ``words[lo:hi]`` (sorted), and their counts."""
        lo = bisect.bisect_left(self.words, prefix)
        return self.words, self.freqs, lo, bisect.bisect_left(self.words, prefix + _TOP, lo)

    def completions(self, prefix: str, limit: int = PREFIX_SCAN) -> list[tuple[str, float]]:
        """The most frequent words starting with ``prefix`` (most frequent first)."""
        words, freqs, lo, hi = self._range(prefix)
        if hi - lo > limit:
            indexes = heapq.nlargest(limit, range(lo, hi), key=freqs.__getitem__)
        else:
            indexes = sorted(range(lo, hi), key=freqs.__getitem__, reverse=True)
        return [(words[i], freqs[i]) for i in indexes]

    def expand(self, prefix: str, languages: Sequence[str]) -> Group:
        """The unfinished word as alternatives: the stems of its most frequent completions (the
        word itself counting fully when it is a word of the index, completions a little less),
        up to a cap that depends on how much has been typed."""
        cap = EXPANSIONS.get(len(prefix), EXPANSIONS_DEFAULT)
        scores: dict[str, float] = {}
        exact: set[str] = set()
        candidates = self.completions(prefix)
        own = self.frequency(prefix)
        if own and all(w != prefix for w, _ in candidates):
            candidates.append((prefix, own))
        for word, freq in candidates:
            for lang in languages:
                stem = stemmer(lang)(word)
                scores[stem] = scores.get(stem, 0.0) + freq
                if word == prefix:
                    exact.add(stem)
        ranked = sorted(scores, key=lambda t: (t not in exact, -scores[t]))[:cap]
        return tuple(Alternative(t, 1.0 if t in exact else COMPLETION_FACTOR) for t in ranked)

    def correct(self, word: str) -> str | None:
        """The closest common word (at most two edits; one for three-letter words), or None."""
        with self._lock:
            if word in self._corrections:
                return self._corrections[word]
        found = None
        for prefix_len in (2, 1):
            if len(word) > prefix_len:
                found = self._closest(word, word[:prefix_len])
                if found is not None:
                    break
        with self._lock:
            self._corrections[word] = found
            while len(self._corrections) > 512:
                self._corrections.popitem(last=False)
        return found

    def _closest(self, word: str, prefix: str) -> str | None:
        limit = 1 if len(word) <= 3 else 2
        words, freqs, lo, hi = self._range(prefix)
        n = len(word)
        letters = set(word)
        candidates = [i for i in range(lo, hi) if abs(len(words[i]) - n) <= limit and len(words[i]) > 2 and words[i].isalpha()]
        if len(candidates) > CORRECTION_SCAN:
            candidates = heapq.nlargest(CORRECTION_SCAN, candidates, key=freqs.__getitem__)
        best: tuple[float, str] | None = None
        for i in candidates:
            candidate = words[i]
            if candidate == word or len(letters.symmetric_difference(candidate)) > 2 * limit:
                continue
            distance = edit_distance(word, candidate, limit)
            if distance <= limit:
                # How likely: common words, and fewer edits (each edit ~20x less likely).
                key = (-freqs[i] * EDIT_PENALTY**distance, candidate)
                if best is None or key < best:
                    best = key
        return best[1] if best is not None else None


class TermVocabulary(Vocabulary):
    """The same answers as :class:`Vocabulary`, read from the index's terms as a query asks
    (a prefix's words, a word's count) rather than all at once: for one query (``mbc-reader
    search``), reading the whole vocabulary would cost more than the search itself."""

    def __init__(self, segreaders: Sequence[Any]) -> None:
        self._readers = list(segreaders)
        self._lock = threading.Lock()
        self._corrections = OrderedDict()
        self._counts: dict[str, float] = {}
        self._prefixes: dict[str, tuple[list[str], list[float]]] = {}

    @property
    def words(self) -> list[str]:  # type: ignore[override]
        raise NotImplementedError("a TermVocabulary reads words by prefix only")

    def frequency(self, word: str) -> float:
        count = self._counts.get(word)
        if count is None:
            count = self._counts[word] = float(sum(r.frequency("spell", word) for r in self._readers))
        return count

    def __contains__(self, word: str) -> bool:
        return self.frequency(word) > 0

    def __len__(self) -> int:  # reads every word: for tests and reports, not for searching
        return len({w for r in self._readers for w in r.lexicon("spell")})

    def _range(self, prefix: str) -> tuple[list[str], list[float], int, int]:
        found = self._prefixes.get(prefix)
        if found is None:
            merged: dict[str, float] = {}
            for reader in self._readers:
                for btext, info in reader.iter_prefix("spell", prefix):
                    word = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                    merged[word] = merged.get(word, 0.0) + info.weight()
            words = sorted(merged)
            found = self._prefixes[prefix] = (words, [merged[w] for w in words])
            self._counts.update(merged)
        return found[0], found[1], 0, len(found[0])
