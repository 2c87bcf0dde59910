"""Snippets: a short, escaped piece of a section with the matched words in ``<b>``.

Only a bounded piece of the section is ever looked at (highlighting a whole 100 kB section in
Python is slow). Candidate words are found with one C-speed regular expression built from the
query's stems, then confirmed by stemming each candidate the way the index did, so ``fractures``
is bold for the query ``fracture`` and ``therapy`` for ``therapies``, and nothing else is.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Sequence

from .analysis import FOLD, term_of

#: How much of a section is searched for the first match (folded a chunk at a time, the chunk
#: doubling), and how long a snippet is.
SCAN_CHARS = 250_000
CHUNK_CHARS = 2_000
SNIPPET_CHARS = 220
LEAD_CHARS = 70


def fold_same_length(text: str) -> str:
    """``fold`` that keeps every character's position (for mapping matches back)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(FOLD)


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """Words that could stem to one of ``terms``: each term minus its last letter, as a word
    start (stemmers change at most the end of a word: therapy -> therapi)."""
    return _compiled(frozenset(t[:-1] if len(t) > 3 else t for t in terms if t))


@functools.lru_cache(maxsize=256)
def _compiled(starts: frozenset[str]) -> re.Pattern[str] | None:
    if not starts:
        return None
    ordered = sorted(starts, key=lambda s: (-len(s), s))
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in ordered) + r")\w*")


def matches(text: str, terms: set[str], languages: Sequence[str], limit: int = 200, stop: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the words in ``text`` whose index term is in ``terms`` (up to ``limit``).

    The text is folded a chunk at a time, and ``stop`` (a position) ends the scan early once a
    match is found before it: a snippet needs the first match and its neighbours only.
    """
    pattern = _pattern(terms)
    if pattern is None:
        return []
    found: list[tuple[int, int]] = []
    start = 0
    chunk = CHUNK_CHARS
    while start < len(text) and len(found) < limit:
        end = min(len(text), start + chunk)
        if end < len(text):  # do not cut a word in two
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        folded = fold_same_length(text[start:end])
        for m in pattern.finditer(folded):
            word = m.group(0)
            if word in terms or any(term_of(word, lang) in terms for lang in languages):
                found.append((start + m.start(), start + m.end()))
                if len(found) >= limit:
                    break
        if found and (stop is None or end >= found[0][0] + stop):
            break
        start = end
        chunk *= 2
    return found


def make_snippet(text: str, terms: set[str], languages: Sequence[str]) -> str:
    """The snippet HTML: escaped text, matched words in ``<b>…</b>``, nothing else."""
    text = text[:SCAN_CHARS]
    spans = matches(text, terms, languages, stop=SNIPPET_CHARS)
    if spans:
        first = spans[0][0]
        start = max(0, first - LEAD_CHARS)
        if start:
            space = text.rfind(" ", 0, start + 1)
            start = space + 1 if space >= 0 and first - space < LEAD_CHARS + 30 else start
    else:
        start = 0
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start + SNIPPET_CHARS // 2, end)
        end = space if space > 0 else end
    out = ["\u2026"] if start > 0 else []
    pos = start
    for s, e in spans:
        if s < start:
            continue
        if e > end:
            break
        out.append(html.escape(text[pos:s], quote=False))
        out.append("<b>" + html.escape(text[s:e], quote=False) + "</b>")
        pos = e
    out.append(html.escape(text[pos:end], quote=False))
    if end < len(text):
        out.append("\u2026")
    return "".join(out).strip()


def contains_phrase(text: str, phrase_terms: Sequence[set[str]], languages: Sequence[str]) -> bool:
    """Whether the words of a phrase occur in order, only stop words between them (as indexed)."""
    from .analysis import TOKEN, stop_words

    if not phrase_terms:
        return True
    folded = fold_same_length(text)
    pattern = _pattern(phrase_terms[0])
    if pattern is None:
        return False
    stops = set().union(*(stop_words(lang) for lang in languages))
    for m in pattern.finditer(folded):
        if not _is_term(m.group(0), phrase_terms[0], languages):
            continue
        tokens = TOKEN.finditer(folded, m.end())
        ok = True
        for wanted in phrase_terms[1:]:
            for token in tokens:
                word = token.group(0)
                if word in stops:
                    continue
                ok = _is_term(word, wanted, languages)
                break
            else:
                ok = False
            if not ok:
                break
        if ok:
            return True
    return False


def _is_term(word: str, terms: set[str], languages: Sequence[str]) -> bool:
    return word in terms or any(term_of(word, lang) in terms for lang in languages)
