"""From parsed words to what the engine scores, and "did you mean".

Each word becomes a group of alternative index terms: its stem in each language of the library,
or, for the unfinished last word, the stems of its commonest completions. Words that only ask
for a definition ("what does X mean") are dropped and make dictionary terms rank first. A
suggestion replaces words that are unknown or rare in the index by much commoner close words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .query import ParsedQuery, QueryWord
from .synonyms import expansions, phrase_words
from .analysis import term_of
from .vocabulary import Alternative, Group, Vocabulary

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


#: Other words for what was typed count this much of the typed words.
SYNONYM_FACTOR = 0.9


@dataclass
class Reading:
    """One way of searching the query: its term groups, how much its scores count, and the
    other words (synonyms) it searches as well as the typed ones."""

    groups: list[Group]
    factor: float = 1.0
    targets: tuple[str, ...] = ()
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)  # target -> its terms


def readings_of(
    parsed: ParsedQuery, vocabulary: Vocabulary, languages: tuple[str, ...], table: dict
) -> tuple[list[Reading], list[list[set[str]]], bool]:
    """The typed words (with one-word synonyms as alternatives of their word), then up to two
    readings with longer synonyms in place of their phrases ("swollen arm after surgery" ->
    "lymphedema after surgery"); each phrase's term sets; whether a definition is asked for."""
    groups, phrase_groups, definition, origins = _groups(parsed, vocabulary, languages)
    base = list(groups)
    base_targets: list[str] = []
    alternatives: dict[str, tuple[str, ...]] = {}
    longer = []
    for span in expansions(parsed.words, table, vocabulary.frequency) if table else []:
        idx = [k for k, origin in enumerate(origins) if span.start <= origin < span.start + span.length]
        multi = []
        for target in span.targets:
            target_groups = [
                tuple(Alternative(t, SYNONYM_FACTOR) for t in sorted(own_terms(w, languages)))
                for w in phrase_words(target)
            ]
            target_groups = [g for g in target_groups if g]
            if not target_groups:
                continue
            if len(target_groups) == 1 and len(idx) == 1:
                k = idx[0]
                have = {alt.term for alt in base[k]}
                base[k] = base[k] + tuple(a for a in target_groups[0] if a.term not in have)
                base_targets.append(target)
                alternatives[target] = tuple(a.term for a in target_groups[0])
            else:
                multi.append((target, target_groups))
        if multi:
            at = idx[0] if idx else sum(1 for origin in origins if origin < span.start)
            longer.append((set(idx), at, multi))
    readings = [Reading(base, 1.0, tuple(base_targets), alternatives)]
    for choice in range(2):
        if not longer or (choice and all(len(multi) < 2 for _, _, multi in longer)):
            break
        replaced: dict[int, list[Group]] = {}
        dropped: set[int] = set()
        targets = []
        for idx, at, multi in longer:
            target, target_groups = multi[min(choice, len(multi) - 1)]
            dropped |= idx
            replaced.setdefault(at, []).extend(target_groups)
            targets.append(target)
        new_groups: list[Group] = []
        for k in range(len(base) + 1):
            new_groups.extend(replaced.get(k, []))
            if k < len(base) and k not in dropped:
                new_groups.append(base[k])
        readings.append(Reading(new_groups, SYNONYM_FACTOR, tuple(targets)))
    return readings, phrase_groups, definition


def groups_of(
    parsed: ParsedQuery, vocabulary: Vocabulary, languages: tuple[str, ...]
) -> tuple[list[Group], list[list[set[str]]], bool]:
    """The query's words as groups of alternative terms, each phrase as its term sets, and
    whether the query asks for a definition."""
    groups, phrases, definition, _ = _groups(parsed, vocabulary, languages)
    return groups, phrases, definition


def _groups(
    parsed: ParsedQuery, vocabulary: Vocabulary, languages: tuple[str, ...]
) -> tuple[list[Group], list[list[set[str]]], bool, list[int]]:
    """``groups_of``, and the index of the query word each group comes from."""
    groups: list[Group] = []
    origins: list[int] = []
    phrase_terms: dict[int, list[set[str]]] = {}
    free = [w for w in parsed.words if w.phrase < 0]
    cues = [w for w in free if w.text in DEFINITION_CUES]
    definition = bool(cues) and len(cues) < len(parsed.words)
    for index, word in enumerate(parsed.words):
        if definition and word in cues:
            continue
        own = own_terms(word.text, languages)
        if word.phrase >= 0:
            if own:
                phrase_terms.setdefault(word.phrase, []).append(own)
                groups.append(tuple(Alternative(t) for t in sorted(own)))
                origins.append(index)
            continue
        if word.prefix:
            if not own and len(free) > 1:
                continue  # "cancer and|": a stop word being typed, most likely a whole word
            group = vocabulary.expand(word.text, languages)
            groups.append(group)  # may be empty: nothing starts so, and AND finds nothing
            origins.append(index)
        elif own:
            groups.append(tuple(Alternative(t) for t in sorted(own)))
            origins.append(index)
    return groups, [p for _, p in sorted(phrase_terms.items()) if len(p) > 1], definition, origins


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
