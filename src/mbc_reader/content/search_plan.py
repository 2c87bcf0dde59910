"""From parsed words to what the engine scores, and "did you mean".

Each word becomes a group of alternative index terms: its stem in each language of the library,
or, for the unfinished last word, the stems of its commonest completions. Words that only ask
for a definition ("what does X mean") are dropped and make dictionary terms rank first. A
suggestion replaces words that are unknown or rare in the index by much commoner close words.
"""

from __future__ import annotations

from .search_query import ParsedQuery, QueryWord
from .search_text import term_of
from .search_vocab import Alternative, Group, Vocabulary

#: "Did you mean" is offered when a query finds fewer results than this (or only by OR), for
#: words seen fewer than SUGGEST_RARE times, when the correction is SUGGEST_MARGIN times commoner.
SUGGEST_BELOW = 3
SUGGEST_RARE = 5
SUGGEST_MARGIN = 10
#: Words that ask for a definition ("what does metastasis mean"): not searched for themselves.
DEFINITION_CUES = frozenset(
    "mean means meaning meanings definition definitions define defined what whats explain "
    "significa significado definicion definir que".split()
)


def own_terms(word: str, languages: tuple[str, ...]) -> set[str]:
    return {t for lang in languages if (t := term_of(word, lang))}


def groups_of(
    parsed: ParsedQuery, vocabulary: Vocabulary, languages: tuple[str, ...]
) -> tuple[list[Group], list[list[set[str]]], bool]:
    """The query's words as groups of alternative terms, each phrase as its term sets, and
    whether the query asks for a definition."""
    groups: list[Group] = []
    phrase_terms: dict[int, list[set[str]]] = {}
    free = [w for w in parsed.words if w.phrase < 0]
    cues = [w for w in free if w.text in DEFINITION_CUES]
    definition = bool(cues) and len(cues) < len(parsed.words)
    for word in parsed.words:
        if definition and word in cues:
            continue
        own = own_terms(word.text, languages)
        if word.phrase >= 0:
            if own:
                phrase_terms.setdefault(word.phrase, []).append(own)
                groups.append(tuple(Alternative(t) for t in sorted(own)))
            continue
        if word.prefix:
            if not own and len(free) > 1:
                continue  # "cancer and|": a stop word being typed, most likely a whole word
            group = vocabulary.expand(word.text, languages)
            groups.append(group)  # may be empty: nothing starts so, and AND finds nothing
        elif own:
            groups.append(tuple(Alternative(t) for t in sorted(own)))
    return groups, [p for _, p in sorted(phrase_terms.items()) if len(p) > 1], definition


def suggest(parsed: ParsedQuery, vocabulary: Vocabulary, languages: tuple[str, ...]) -> str | None:
    """The query with rare or unknown words replaced by much more common close words."""
    changed = False
    out: list[str] = []
    for word in parsed.words:
        replacement = word.text
        if _may_correct(word, vocabulary, languages):
            found = vocabulary.correct(word.text)
            own = vocabulary.frequency(word.text)
            if found and (own == 0 or vocabulary.frequency(found) >= SUGGEST_MARGIN * own):
                replacement = found
                changed = True
        out.append(replacement)
    return " ".join(out) if changed else None


def _may_correct(word: QueryWord, vocabulary: Vocabulary, languages: tuple[str, ...]) -> bool:
    text = word.text
    if word.exact:
        return False  # quoted: the user wants this spelling
    if len(text) < 3 or not text.isalpha() or text in DEFINITION_CUES or not own_terms(text, languages):
        return False  # too short to judge, a number or code, or a stop word
    if vocabulary.frequency(text) >= SUGGEST_RARE:
        return False
    if word.prefix and any(w != text for w, _ in vocabulary.completions(text, 2)):
        return False  # still being typed, and it does start real words
    return True
