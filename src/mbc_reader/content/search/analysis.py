"""Text analysis shared by the index and the searcher: folding, tokens, stop words, stems.

Whoosh's own analyzer chain (``RegexTokenizer | LowercaseFilter | CharsetFilter | StopFilter |
StemFilter``) costs about 3 µs a token in pure Python; the corpus has five million tokens, which
alone would blow the 30 s build budget. So the index and the query side both call
:func:`index_terms` here instead: one C-speed ``str.translate`` (case and accent folding) and one
``re.findall`` per text, then a dict-cached stem per token. Index and queries share this one
function, so a word is always analysed the same way on both sides.

English text gets the Snowball English stemmer and stop words; Spanish text the Snowball Spanish
ones; anything else is folded but not stemmed. Accents are folded *before* stemming, so
``hígado`` and ``higado`` meet in the same stem.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

from whoosh.lang import stemmer_for_language, stopwords_for_language

#: The languages with a stemmer and stop words; other languages are folded only.
LANGUAGES = ("en", "es")

#: Whoosh's default token pattern: words, keeping "e.g" and "3.5" whole. Whoosh writes it
#: ``\w+(?:\.?\w+)*``, which finds the same tokens but can split a run of letters between its two
#: ``\w+`` in many ways (harmless only while nothing can fail after it); here no run can be split.
TOKEN = re.compile(r"\w++(?:\.\w++)*+")

#: Words longer than this are not language (gene sequences, run-together URLs): not indexed.
MAX_WORD = 40


def _fold_table() -> dict[int, str]:
    """Lower case plus accents dropped, one character for one (``Á`` -> ``a``, ``ñ`` -> ``n``).

    Built from Unicode decompositions of the Latin blocks, so it covers Spanish and the odd
    French or German name in the articles; characters that do not decompose to a single base
    letter (``ß``, ``æ``) are only lower-cased.
    """
    table: dict[int, str] = {}
    ranges = [(0x00C0, 0x0250), (0x1E00, 0x1F00)]
    for start, stop in ranges:
        for code in range(start, stop):
            char = chr(code)
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            base = base.lower()
            if len(base) == 1 and base != char:
                table[code] = base
    return table


FOLD = _fold_table()


def fold(text: str) -> str:
    """Case and accent folding: ``"Hígado"`` -> ``"higado"``."""
    return text.lower().translate(FOLD)


def language_of(code: str | None) -> str:
    code = (code or "en").strip().lower()[:2]
    return code if code in LANGUAGES else "xx"


@functools.cache
def stop_words(language: str) -> frozenset[str]:
    if language not in LANGUAGES:
        return frozenset()
    return frozenset(fold(w) for w in stopwords_for_language(language))


class _Stemmer:
    """A stemmer with an unbounded cache: the corpus has ~150k distinct words, stemming each
    once costs well under a second, and every later token is a dict lookup."""

    def __init__(self, language: str) -> None:
        self._fn: Callable[[str], str] | None = stemmer_for_language(language) if language in LANGUAGES else None
        self.cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        stem = self.cache.get(word)
        if stem is None:
            stem = self._fn(word) if self._fn is not None and not word[:1].isdigit() else word
            self.cache[word] = stem or word
        return stem or word


@functools.cache
def stemmer(language: str) -> _Stemmer:
    return _Stemmer(language)


def words(text: str, language: str) -> list[str]:
    """Folded words of a text, stop words and over-long tokens left out (unstemmed)."""
    stops = stop_words(language)
    return [w for w in TOKEN.findall(fold(text)) if w not in stops and len(w) <= MAX_WORD]


def index_terms(text: str, language: str) -> list[str]:
    """The terms a text is indexed under, in order (the list index is the token position)."""
    stem = stemmer(language)
    cache = stem.cache
    out = []
    for w in words(text, language):
        s = cache.get(w)
        out.append(s if s is not None else stem(w))
    return out


def term_of(word: str, language: str) -> str | None:
    """The index term of one (already folded) word, or None when it is a stop word."""
    if not word or word in stop_words(language) or len(word) > MAX_WORD:
        return None
    return stemmer(language)(word)


def is_spell_word(word: str) -> bool:
    """Worth offering as a completion or a "did you mean" correction: two to thirty characters,
    starting with a letter, not a dotted abbreviation or number."""
    return 2 <= len(word) <= 30 and word[0].isalpha() and "." not in word


def spell_words(text_words: Iterable[str]) -> set[str]:
    return {w for w in text_words if is_spell_word(w)}
