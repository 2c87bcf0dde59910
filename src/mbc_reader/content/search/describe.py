"""A query that describes a condition reaches the dictionary term whose definition says so.

"not enough red blood cells" names no term, but the bundled NCI dictionary defines anemia as "A
condition in which the number of red blood cells is below normal." At index time each term's
first definition sentence becomes a set of **marks**: English (or Spanish) stems without stop
words or words every definition uses ("condition", "type"), and the few phrases of amount
patients and definitions word differently brought together ("not enough", "too few", "below
normal", "low" are all ``~low``). At query time a query of at least :data:`MIN_MARKS` marks
whose every mark is in some term's first sentence leads to that term — the one with the
shortest such sentence, since a definition that says little else is about just that — unless
the query already names the term. The search then looks for the term's name as well ("also
searched: anemia"), through the synonym machinery (``synonyms.expansions``).

Stored in the synonyms document as ``{"names": [...], "sizes": [...], "marks": {"en": {mark:
[term numbers]}, "es": {...}}}``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

from .analysis import MAX_WORD, TOKEN, fold, stemmer, stop_words

#: A description needs this many marks: fewer is a name or a topic, which search finds itself;
#: an amount and one thing ("low platelets") is a description too.
MIN_MARKS = 3
MIN_MARKS_WITH_AMOUNT = 2
#: First sentences longer than this (in marks) are not definitions of one thing.
MAX_SENTENCE_MARKS = 24

#: Phrases of amount, as patients say them and as definitions do (folded words).
AMOUNTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "~low": ("not enough", "too few", "too little", "below normal", "lower than normal", "less than normal",
                 "fewer than normal", "low", "lower", "lack of", "lack", "shortage of", "decrease in", "decreased",
                 "reduced"),
        "~high": ("too many", "too much", "above normal", "higher than normal", "more than normal", "high",
                  "higher", "increase in", "increased", "excess", "excessive"),
    },
    "es": {
        "~low": ("no suficientes", "no suficiente", "muy pocos", "muy pocas", "menos de lo normal",
                 "por debajo de lo normal", "bajo", "baja", "bajos", "bajas", "falta de", "disminucion de",
                 "disminucion", "menor que el normal", "menor que lo normal", "menor de lo normal", "menor",
                 "inferior a lo normal", "pocas", "pocos"),
        "~high": ("demasiados", "demasiadas", "demasiado", "mas de lo normal", "por encima de lo normal", "alto",
                  "alta", "altos", "altas", "exceso de", "aumento de", "aumento", "mayor que el normal",
                  "mayor que lo normal", "mayor de lo normal", "mayor", "superior a lo normal"),
    },
}  # fmt: skip
#: Words nearly every definition uses, which say nothing about which term it is.
GENERIC = {
    "en": frozenset("condition type kind form number amount level count part normal usually often may also called "
                    "refers term get got feel feeling".split()),
    "es": frozenset("afeccion tipo clase forma numero cantidad nivel parte normal generalmente tambien llama "
                    "llaman tengo tiene tienen tener siento sentir".split()),
}  # fmt: skip
#: Words that turn a sentence around ("may not have spread"): a definition holding one (outside
#: an amount phrase) is only what a query means if the query has one too.
NEGATIONS = {"en": frozenset("not no never without cannot don doesn didn isn aren wasn weren haven hasn".split()), "es": frozenset("no sin nunca ni".split())}
NOT = "~not"
#: "not" and then, within a few words, "enough": an amount ("I don't have enough red blood cells").
ENOUGH = {"en": frozenset({"enough"}), "es": frozenset({"suficiente", "suficientes", "bastante", "bastantes"})}
ENOUGH_WITHIN = 3

#: Words that take "high" and "low" as plain adjectives ("high risk", "low-grade tumor"): a query
#: holding one asks about that, never describes a condition.
GRADED = {"en": frozenset("risk grade dose stage rate chance survival".split()),
          "es": frozenset("riesgo grado dosis estadio tasa probabilidad supervivencia".split())}  # fmt: skip

_SENTENCE_END = re.compile(r"(?<=[a-z)\]])[.;](?=\s|$)")
#: Each word of a term's name beyond the first weighs like this many marks of its definition:
#: "metastasis" is meant, not "stage IV esophageal adenocarcinoma" ("cancer has spread to other
#: parts of the body"); between equals, the name the articles use most.
NAME_WORD_COST = 2


def first_sentence(definition: str) -> str:
    found = _SENTENCE_END.search(definition or "")
    return (definition or "")[: found.start()] if found else (definition or "")


@functools.lru_cache(maxsize=4)
def _amounts(language: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> [(phrase words, mark)], longest phrase first."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for mark, said in AMOUNTS[language].items():
        for phrase in said:
            words = tuple(phrase.split())
            table.setdefault(words[0], []).append((words, mark))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


def marks(words: Sequence[str], language: str) -> frozenset[str]:
    """The marks of a text's folded words in ``language`` ("en" or "es")."""
    amounts = _amounts(language)
    stops, generic = stop_words(language), GENERIC[language]
    stem = stemmer(language)
    out: set[str] = set()
    i, n = 0, len(words)
    while i < n:
        word = words[i]
        for phrase, mark in amounts.get(word, ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                out.add(mark)
                i += len(phrase)
                break
        else:
            i += 1
            if word in NEGATIONS[language]:
                ahead = [k for k in range(i, min(n, i + ENOUGH_WITHIN)) if words[k] in ENOUGH[language]]
                if ahead:  # "no tengo suficientes": the words between say nothing of what
                    out.add("~low")
                    i = ahead[0] + 1
                else:
                    out.add(NOT)
                continue
            if word in stops or word in generic or word.isdigit() or len(word) > MAX_WORD:
                continue
            found = stem(word)
            if found and found not in generic:
                out.add(found)
    return frozenset(out)


def _words(text: str) -> list[str]:
    return TOKEN.findall(fold(text))


def build_table(rows: Sequence[tuple[str, str, str | None, str | None]]) -> dict[str, Any]:
    """From the dictionary's (en_name, en_def, es_name, es_def) rows."""
    names: list[str] = []
    sizes: dict[str, list[int]] = {"en": [], "es": []}
    postings: dict[str, dict[str, list[int]]] = {"en": {}, "es": {}}
    for en_name, en_def, _es_name, es_def in rows:
        if not en_name:
            continue
        number = len(names)
        names.append(en_name)
        for language, definition in (("en", en_def), ("es", es_def)):
            found = marks(_words(first_sentence(definition or "")), language)
            usable = bool(found) and len(found) <= MAX_SENTENCE_MARKS
            sizes[language].append(len(found) if usable else 0)
            for mark in found if usable else ():
                postings[language].setdefault(mark, []).append(number)
    named = sorted({_key(marks(_words(name), "en")) for name in names} - {""})
    return {"names": names, "sizes": sizes, "marks": postings, "named": named}


def _key(found: frozenset[str]) -> str:
    return " ".join(sorted(found))


class Describer:
    """The stored table, ready for queries (sets made once per index state)."""

    def __init__(self, table: dict[str, Any] | None) -> None:
        table = table or {}
        self.names: list[str] = list(table.get("names") or [])
        self.sizes: dict[str, list[int]] = dict(table.get("sizes") or {})
        self._postings = {lang: {m: frozenset(ids) for m, ids in found.items()}
                          for lang, found in (table.get("marks") or {}).items()}  # fmt: skip
        self._named: dict[tuple[int, str], frozenset[str]] = {}
        self._names_as_marks = frozenset(table.get("named") or ())  # every term name's marks (keys)
        self._answers: dict[tuple[tuple[str, ...], bool], str | None] = {}

    def __bool__(self) -> bool:
        return bool(self.names)

    def _name_marks(self, number: int, language: str) -> frozenset[str]:
        key = (number, language)
        if key not in self._named:
            words = _words(self.names[number])
            self._named[key] = marks(words, "en") | (marks(words, language) if language != "en" else frozenset())
        return self._named[key]

    def _names_something(self, wanted: frozenset[str]) -> bool:
        """Whether a term's name makes up two thirds or more of the query's marks (and no amount
        is asked about: "not enough red blood cells" names red blood cells, and describes anemia)."""
        if any(mark in wanted for mark in AMOUNTS["en"]):
            return False
        plain = sorted(wanted - {NOT})
        least = -(-2 * len(plain) // 3)
        return any(_key(frozenset(part)) in self._names_as_marks
                   for size in range(len(plain), max(least, 1) - 1, -1)
                   for part in itertools.combinations(plain, size))  # fmt: skip

    def term(self, words: Sequence[str], frequency: Callable[[str], float] | None = None) -> str | None:
        """The English name of the term the query's folded ``words`` describe, or None.

        ``frequency(word)`` is how common a word is in the articles: a term whose words the
        articles do not use would find nothing, and among terms the query describes about as
        well, the one whose name the articles use most is the one meant ("anemia", not
        "Blackfan-Diamond anemia")."""
        key = (tuple(words), frequency is not None)
        if key not in self._answers:
            if len(self._answers) > 512:
                self._answers.clear()
            self._answers[key] = self._term(words, frequency)
        return self._answers[key]

    def _term(self, words: Sequence[str], frequency: Callable[[str], float] | None) -> str | None:
        if not self or not words:
            return None
        candidates: list[tuple[int, int]] = []  # (size, number)
        for language in ("en", "es"):
            if GRADED[language].intersection(words):
                continue
            wanted = marks(list(words), language)
            amount = any(mark in wanted for mark in AMOUNTS[language])
            if len(wanted) < (MIN_MARKS_WITH_AMOUNT if amount else MIN_MARKS):
                continue
            if language == "en" and self._names_something(wanted):
                return None  # "breast cancer treatment", "red blood cells": a topic, not a description
            postings = self._postings.get(language, {})
            sets = sorted((postings.get(mark, frozenset()) for mark in wanted), key=len)
            common = sets[0].intersection(*sets[1:]) if sets[0] else frozenset()
            negated = postings.get(NOT, frozenset()) if NOT not in wanted else frozenset()
            sizes = self.sizes.get(language) or []
            short = len(wanted) < MIN_MARKS  # an amount and one thing: a condition's own one-word name only
            for number in common - negated:
                name = self.names[number]
                if name.isupper() or (short and len(_words(name)) > 1):
                    continue  # an abbreviation ("MDS") is another name of a term with its own row
                named = self._name_marks(number, language)
                if named and named <= wanted:
                    continue  # the query names the term itself: search finds it by its words
                candidates.append((sizes[number] if number < len(sizes) else MAX_SENTENCE_MARKS, number))
        if not candidates:
            return None
        def weight(entry: tuple[int, int]) -> tuple:
            size, number = entry
            name_words = [w for w in _words(self.names[number]) if w not in stop_words("en")]
            used = min((frequency(w) for w in name_words), default=0.0) if frequency is not None else 1.0
            # a short definition under a short name: the general term, not a stage or a kind of it
            return (size + NAME_WORD_COST * max(0, len(name_words) - 1), -used, self.names[number])

        best = min(candidates, key=weight)
        if frequency is not None and weight(best)[1] >= 0:
            return None  # the articles never use its name
        return self.names[best[1]]


def described_term(
    words: Sequence[str], table: dict[str, Any], frequency: Callable[[str], float] | None = None
) -> str | None:
    """:meth:`Describer.term` of a stored table (tests and tools; the searcher keeps a Describer)."""
    return Describer(table).term(words, frequency)
