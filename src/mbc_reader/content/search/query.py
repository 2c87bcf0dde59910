"""What the user typed, as words, phrases and the unfinished last word.

Any text is accepted (empty, ``*``, unbalanced quotes, emoji, 10 kB of paste): it is cut to a
sane length, folded like the index, and split into words. A quoted phrase ("lymph nodes", also
with curly quotes) must appear in that order; an unclosed quote is ignored. A quoted word is
taken as typed: never corrected, never widened with synonyms (``"chemotheraphy"`` searches that
spelling only). The last word is a prefix while the user is still typing it, i.e. unless the
text ends with a space, a closing quote or punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .analysis import TOKEN, fold

#: Longer input is cut: nobody types more, and a paste must not cost seconds.
MAX_CHARS = 300
MAX_WORDS = 12

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
_PHRASE = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class QueryWord:
    text: str  # folded
    prefix: bool = False  # the unfinished last word
    phrase: int = -1  # index of the phrase it belongs to, -1 for a free word
    exact: bool = False  # quoted: taken as typed (no correction, no synonyms)


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[QueryWord, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = field(default=())  # folded words of each phrase

    @property
    def empty(self) -> bool:
        return not self.words


def parse(text: str | None) -> ParsedQuery:
    raw = (text or "")[:MAX_CHARS].translate(_QUOTES)
    if raw.count('"') % 2:
        raw = raw.replace('"', " ")  # an unclosed quote: the user is still typing it
    words: list[QueryWord] = []
    phrases: list[tuple[str, ...]] = []
    pos = 0
    for match in _PHRASE.finditer(raw):
        words += [QueryWord(w) for w in TOKEN.findall(fold(raw[pos : match.start()]))]
        phrase_words = tuple(TOKEN.findall(fold(match.group(1))))
        if len(phrase_words) > 1:
            words += [QueryWord(w, phrase=len(phrases), exact=True) for w in phrase_words]
            phrases.append(phrase_words)
        else:
            words += [QueryWord(w, exact=True) for w in phrase_words]
        pos = match.end()
    tail = raw[pos:]
    tail_words = [QueryWord(w) for w in TOKEN.findall(fold(tail))]
    words += tail_words
    words = words[:MAX_WORDS]
    if tail_words and words and words[-1] is tail_words[-1] and tail and (tail[-1].isalnum() or tail[-1] == "_"):
        words[-1] = QueryWord(words[-1].text, prefix=True)
    return ParsedQuery(tuple(words), tuple(phrases))
