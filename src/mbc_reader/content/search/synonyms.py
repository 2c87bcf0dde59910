"""Other words for what a patient types: everyday words, the dictionary's other names, Spanish.

Built when the index is (``synonyms_document``, written beside the state document) and kept in
it, so the searcher reads it once per index state:

- **everyday words**, curated in ``resources/everyday-words.json`` (``"chemo"`` ->
  chemotherapy, ``"throwing up"`` -> vomiting, ``"swollen arm"`` -> lymphedema, …);
- the bundled **dictionary**: each "Also called X, Y and Z." of an English definition makes X,
  Y and Z other names of the term; its Spanish name and each "También se llama …" of its Spanish
  definition lead to its English name (the articles are English);
- the dictionary's **definitions**: a query that describes a term without naming it ("not
  enough red blood cells") leads to the term (anemia), see ``describe``.

A key is a phrase's words made comparable: English stems with stop words kept as typed
(``"throwing up"`` -> ``throw up``, not just ``throw``) or Spanish stems without stop words
(``"qué es la metástasis"`` -> ``metastasis``). At query time (``expansions``) the longest
phrases of the query that are keys are found and widened with their targets; a dictionary name
(English or Spanish) only leads to a target that the articles use more than the typed words, so
a common word is never widened with a rarer one ("tumor" is also a Spanish name of neoplasm).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analysis import TOKEN, fold, stop_words, term_of
from .describe import Describer, build_table

log = logging.getLogger(__name__)

KIND_SYNONYMS = "synonyms"
#: Part of the map's signature: a new way of reading definitions (describe) rewrites it.
DESCRIBE_VERSION = b"describe-1"
CURATED_NAME = "everyday-words.json"
#: The longest phrase looked up, in words.
MAX_SPAN = 5
#: Kinds of target: from the curated list, an English other name, a Spanish name.
CURATED, DICTIONARY, SPANISH = "c", "d", "s"

_ALSO = re.compile(r"\bAlso called ([^.;]+)\.")
_TAMBIEN = re.compile(r"\bTambi[eé]n se llaman? ([^.;]+)\.")
_SPLIT = re.compile(r",\s*(?:and|or|y|o)\s+|,\s*|\s+(?:and|or|y|o)\s+")


def key_of(words: Sequence[str], language: str) -> str:
    """The lookup key of a phrase's (folded) words in ``language`` ("en" or "es"), or ""."""
    return _key(tuple(words), language)


@functools.lru_cache(maxsize=65536)
def _key(words: tuple[str, ...], language: str) -> str:
    if language == "es":
        stops = stop_words("es")
        parts = [term_of(w, "es") or w for w in words if w not in stops]
    else:
        parts = [term_of(w, "en") or w for w in words]
    return " ".join(p for p in parts if p)


def phrase_words(text: str) -> list[str]:
    return TOKEN.findall(fold(text))


def curated_path() -> Path:
    from ... import paths

    return paths.resource(CURATED_NAME)


def load_curated(path: Path | None = None) -> list[dict[str, Any]]:
    """The curated entries: ``{"say": [phrases], "means": [targets]}`` each (bad ones skipped)."""
    path = path or curated_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("the everyday words for search could not be read from %s: %s", path, exc)
        return []
    out = []
    for entry in data.get("entries", []) if isinstance(data, dict) else []:
        say = [s for s in entry.get("say", []) if isinstance(s, str) and s.strip()]
        means = [m for m in entry.get("means", []) if isinstance(m, str) and m.strip()]
        if say and means:
            out.append({"say": say, "means": means})
    return out


def _names(text: str) -> list[str]:
    return [n.strip(" .") for n in _SPLIT.split(text) if n.strip(" .")]


def dictionary_pairs(rows: Sequence[tuple[str, str, str | None, str | None]]) -> list[tuple[str, str, str, str]]:
    """(typed phrase, its language, target English name, kind) from dictionary rows of
    (English name, English definition, Spanish name, Spanish definition)."""
    out = []
    for en_name, en_def, es_name, es_def in rows:
        if not en_name:
            continue
        for match in _ALSO.findall(en_def or ""):
            for alias in _names(match):
                out.append((alias, "en", en_name, DICTIONARY))
        if es_name:
            out.append((es_name, "es", en_name, SPANISH))
        for match in _TAMBIEN.findall(es_def or ""):
            for alias in _names(match):
                out.append((alias, "es", en_name, SPANISH))
    return out


def build_map(
    curated: list[dict[str, Any]], pairs: list[tuple[str, str, str, str]]
) -> dict[str, dict[str, list[list[str]]]]:
    """``{"en": {key: [[target, kind], ...]}, "es": {...}}``, curated targets first."""
    table: dict[str, dict[str, list[list[str]]]] = {"en": {}, "es": {}}

    def add(phrase: str, language: str, target: str, kind: str) -> None:
        words = phrase_words(phrase)
        if not words or len(words) > MAX_SPAN:
            return
        key = key_of(words, language)
        if not key or not key_of(phrase_words(target), "en"):
            return
        targets = table[language].setdefault(key, [])
        if all(t[0] != target for t in targets):
            targets.append([target, kind])

    for entry in curated:
        for phrase in entry["say"]:
            for target in entry["means"]:
                add(phrase, "en", target, CURATED)
    for phrase, language, target, kind in pairs:
        add(phrase, language, target, kind)
    # A dictionary name leads on to the everyday list's word for its target ("mamografía" ->
    # mammography -> mammogram): one step, never further.
    for language in ("en", "es"):
        for targets in table[language].values():
            for target, kind in list(targets):
                if kind == CURATED:
                    continue
                for further, further_kind in table["en"].get(key_of(phrase_words(target), "en"), ()):
                    if further_kind == CURATED and all(t[0] != further for t in targets):
                        targets.append([further, kind])
    return table


def signature(curated_file: Path | None = None) -> str:
    """Changes whenever the curated list or the dictionary does (the index then rewrites its
    synonyms document)."""
    from .state import glossary_signature

    h = hashlib.sha1(glossary_signature().encode("ascii"))
    h.update(DESCRIBE_VERSION)
    try:
        h.update((curated_file or curated_path()).read_bytes())
    except OSError:
        h.update(b"-")
    return h.hexdigest()[:16]


def synonyms_document() -> dict[str, Any]:
    """The index document holding the synonym map (zlib-compressed JSON)."""
    return {"kind": KIND_SYNONYMS, "article": "", "state": _blob(signature())}


@functools.lru_cache(maxsize=2)
def _blob(_signature: str) -> bytes:
    """The map, built once per process for each state of its sources (~2 s: stemming every
    name of the dictionary in two languages)."""
    rows = _rows()
    table: dict[str, Any] = dict(build_map(load_curated(), dictionary_pairs(rows)))
    table["describe"] = build_table(rows)  # definitions that a query may describe (anemia)
    return zlib.compress(json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def _rows() -> list[tuple[str, str, str | None, str | None]]:
    """Every term's names and definitions, straight from the bundled dictionary database."""
    import sqlite3

    from ..glossary import Glossary

    path = Glossary.bundled().path
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            return list(conn.execute("SELECT en_name, en_def, es_name, es_def FROM terms"))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        log.warning("the dictionary's other names could not be read for search: %s", exc)
        return []


def read_map(reader: Any, lazy: bool = False) -> Any:
    """The synonym map stored in an index (empty when there is none). ``lazy`` (a query or two):
    a :class:`LazyMap` that finds only the keys asked for, rather than parsing all of it."""
    try:
        if ("kind", KIND_SYNONYMS) not in reader:
            return {"en": {}, "es": {}}
        docnums = [d for d in reader.postings("kind", KIND_SYNONYMS).all_ids() if not reader.is_deleted(d)]
        if not docnums:
            return {"en": {}, "es": {}}
        blob = reader.stored_fields(docnums[-1]).get("state")
        if lazy:
            return LazyMap(zlib.decompress(blob).decode("utf-8"))
        table = json.loads(zlib.decompress(blob).decode("utf-8"))
        return {"en": dict(table.get("en", {})), "es": dict(table.get("es", {})),
                "describe": Describer(table.get("describe"))}  # fmt: skip
    except Exception as exc:  # a damaged document only loses the synonyms
        log.warning("the search index's synonyms could not be read: %s: %s", type(exc).__name__, exc)
        return {"en": {}, "es": {}}


class LazyMap:
    """``read_map``'s table as the JSON text ``_blob`` wrote, each key's targets decoded when
    first asked for: ``table.get("en", {}).get(key, ())`` as on the dict. In that text a key is
    the only string followed by ``:[`` (targets are followed by ``,`` or ``]``); ``"es":{`` and
    ``"describe":{`` (the only keys whose value is an object) start the later parts."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._decoder = json.JSONDecoder()
        es = text.find('"es":{')
        describe = text.find('"describe":{')
        end = describe if describe >= 0 else len(text)
        self._parts = {"en": (0, es if es >= 0 else end), "es": (es, end) if es >= 0 else (0, 0)}
        self._describe_at = describe + len('"describe":') if describe >= 0 else -1
        self._describer: Describer | None = None

    def __bool__(self) -> bool:
        return True

    def get(self, language: str, default: Any = None) -> Any:
        if language == "describe":
            if self._describer is None:
                table = self._decoder.raw_decode(self._text, self._describe_at)[0] if self._describe_at >= 0 else None
                self._describer = Describer(table)
            return self._describer
        part = self._parts.get(language)
        return _LazyPart(self, part) if part is not None else default

    def _find(self, part: tuple[int, int], key: str) -> Any:
        needle = json.dumps(key, ensure_ascii=False) + ":["
        at = self._text.find(needle, part[0], part[1])
        if at < 0:
            return None
        value, _ = self._decoder.raw_decode(self._text, at + len(needle) - 1)
        return value


class _LazyPart:
    def __init__(self, owner: LazyMap, part: tuple[int, int]) -> None:
        self._owner, self._part = owner, part
        self._found: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self._found:
            self._found[key] = self._owner._find(self._part, key)
        value = self._found[key]
        return default if value is None else value


@dataclass(frozen=True)
class Span:
    start: int  # index of the first query word
    length: int  # how many words
    targets: tuple[str, ...]  # what to search as well (English phrases, best first)


def expansions(
    words: Sequence[Any], table: dict[str, dict[str, list[list[str]]]], frequency: Any
) -> list[Span]:
    """The longest phrases of the query (``QueryWord``\\ s; quoted ones are skipped) that have
    other words, left to right. ``frequency(word)`` is how common an unstemmed word is in the
    articles: a dictionary name only leads to a target that is commoner than the typed words."""
    spans: list[Span] = []
    i = 0
    n = len(words)
    while i < n:
        found = None
        for length in range(min(MAX_SPAN, n - i), 0, -1):
            part = words[i : i + length]
            if any(getattr(w, "exact", False) for w in part):
                continue
            texts = [w.text for w in part]
            typed = key_of(texts, "en")
            targets: list[str] = []
            keys = [("en", key_of(texts, "en")), ("es", key_of(texts, "es")), ("es", key_of(_singular(texts), "es"))]
            for language, key in keys:
                for target, kind in table.get(language, {}).get(key, ()):
                    if kind != CURATED and not _commoner(target, texts, frequency):
                        continue
                    if target not in targets and key_of(phrase_words(target), "en") != typed:
                        targets.append(target)
            if targets:
                found = Span(i, length, tuple(targets))
                break
        if found is not None:
            spans.append(found)
            i += found.length
        else:
            i += 1
    describer = table.get("describe")
    if not spans and describer and not any(getattr(w, "exact", False) for w in words):
        term = describer.term([w.text for w in words], frequency)  # "not enough red blood cells"
        if term:
            spans.append(Span(0, n, (term,)))
    return spans


def _singular(words: Sequence[str]) -> list[str]:
    """Spanish plurals as singulars ("náuseas" -> "nausea"): the stemmer does not always
    bring them together."""
    out = []
    for w in words:
        if len(w) > 4 and w.endswith("es") and w[-3] not in "aeiou":
            out.append(w[:-2])
        elif len(w) > 3 and w.endswith("s"):
            out.append(w[:-1])
        else:
            out.append(w)
    return out


def _commoner(target: str, typed: Sequence[str], frequency: Any) -> bool:
    """Whether the target's own words (those not typed) are commoner in the articles than
    the typed words: "irradiation" leads to radiation therapy, "tumor" not to neoplasm."""
    stops = stop_words("en")
    typed_words = [w for w in typed if w not in stops]
    target_words = [w for w in phrase_words(target) if w not in stops]
    own = [w for w in target_words if w not in typed_words]
    if not own:  # "qué es la metástasis" -> metastasis: the other words are dropped
        return len(typed_words) > len(target_words)
    return min(frequency(w) for w in own) > min((frequency(w) for w in typed_words), default=0.0)
