"""The bundled offline glossary: the NCI Dictionary of Cancer Terms (2015 snapshot).

The terms live in ``resources/glossary.sqlite``, built by ``scripts/build_glossary.py`` from the
JSON export of the dictionary. Articles link their terms as
``/publications/dictionaries/cancer-terms/def/<ID>`` and in several other forms (the old pop-up
``popDefinition.aspx?id=CDR0000…``, name slugs, the Spanish dictionary: see
``dictionary_links``); :meth:`Glossary.lookup` finds the term by that id, and when the snapshot
lacks the id (newer terms such as 793177 "HER2") it falls back to the link text and marks the
result ``closest_match=True``. :meth:`Glossary.term_id_for_name` finds a term by its exact name
(what a name-slug link gives).

No Qt here. The database is opened lazily, read-only and immutable (the install folder may be
read-only, and no ``-journal`` / ``-wal`` file is ever created). One connection is shared behind a
lock, so the UI thread and worker threads may call in at the same time. A missing or damaged file
never raises out of the public methods: the glossary behaves as empty, logs a warning, and
:attr:`Glossary.error` says what is wrong in plain words.
"""

from __future__ import annotations

import functools
import logging
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

log = logging.getLogger(__name__)

#: Bumped when the layout of the database or the name normalisation changes; the build script
#: writes it as ``PRAGMA user_version`` and the reader refuses a file with another value.
SCHEMA_VERSION = 1

CREDIT = "NCI Dictionary of Cancer Terms"

_LANGUAGES = ("en", "es")
_APOSTROPHES = re.compile(r"['\u2019\u02bc`\u00b4]")
_NOT_WORD = re.compile(r"[\W_]+")
_CDR_ID = re.compile(r"^cdr0*(\d+)$", re.IGNORECASE)
# The highest code point: "norm < prefix + _TOP" bounds a prefix range in a binary-ordered index.
_TOP = "\U0010ffff"


@dataclass(frozen=True)
class GlossaryEntry:
    term_id: str
    name: str  # in the requested language (falls back to English if no Spanish)
    pronunciation: str | None
    definition: str  # plain text
    language: str  # "en" or "es": the language actually returned
    closest_match: bool = False  # True when found by name/prefix fallback, not by id


def normalise_name(text: str) -> str:
    """The form names are compared in: lower case, accents folded, apostrophes dropped, every
    other run of punctuation, dashes or spaces made a single space.

    ``"Hormone receptor–positive"`` -> ``"hormone receptor positive"``; ``"**HER2/neu**"`` ->
    ``"her2 neu"``; ``"ganglio linfático"`` -> ``"ganglio linfatico"``. The build script uses
    this same function for the ``names`` table.
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    folded = _APOSTROPHES.sub("", folded)
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def term_id_from_href(href: str | int | None) -> str | None:
    """The term id in a dictionary link, or a bare id, as a string of digits.

    Accepts ``45762``, ``"45762"``, ``"CDR0000045762"``,
    ``"/publications/dictionaries/cancer-terms/def/45762"`` (with or without the host) and every
    other dictionary address ``dictionary_links.parse`` knows (the pop-up
    ``/Common/PopUps/popDefinition.aspx?id=CDR0000045762&…``, the Spanish dictionary, …).
    Returns None for anything else (including name slugs such as ``.../def/lymph-node``).
    """
    if href is None:
        return None
    text = str(href).strip()
    if text.isascii() and text.isdigit():
        return str(int(text))
    cdr = _CDR_ID.match(text)
    if cdr:
        return str(int(cdr.group(1)))
    if _names_a_dictionary(text):
        link = _parse_link(text)
        return link.term_id if link is not None else None  # the drug dictionary's ids are not ours
    last = _def_link_id(text)  # a bare ".../def/<id>"
    if last is not None and last.isascii() and last.isdigit():
        return str(int(last))
    return None


def _def_link_id(text: str) -> str | None:
    """``<id>`` of a text whose address part ends ``/def/<id>`` (``/`` allowed after it, then a
    ``?query`` or ``#anchor``), or None. Split, not a regular expression: ``/def/`` followed by a
    long tail was tried again at each of its occurrences."""
    cut = min((i for i in (text.find("?"), text.find("#")) if i >= 0), default=len(text))
    parts = text[:cut].rstrip("/").rsplit("/", 2)
    if len(parts) < 3 or parts[1].lower() != "def" or not parts[2] or any(c.isspace() for c in parts[2]):
        return None
    return parts[2]


def _slug_text(href: str | None) -> str | None:
    """``.../def/lymph-node`` -> ``"lymph-node"`` (newer cancer.gov links use name slugs)."""
    if not href:
        return None
    if _names_a_dictionary(str(href)):
        link = _parse_link(str(href))
        return link.name if link is not None else None
    last = _def_link_id(str(href).strip())
    if last is not None and not last.isdigit():
        return last
    return None


def _names_a_dictionary(text: str) -> bool:
    low = text.lower()
    return "dictionar" in low or "diccionario" in low or "popdefinition" in low


def _parse_link(text: str):
    from .dictionary_links import parse  # dictionary_links reads this module's Glossary

    return parse(text)


def _language(language: str | None) -> str:
    code = (language or "en").strip().lower()[:2]
    return code if code in _LANGUAGES else "en"


def _plural_variants(norm: str) -> list[str]:
    """Singular guesses for a normalised name: the last word de-pluralised (English and Spanish
    endings), then every word with a plain trailing "s" dropped (Spanish "ganglios linfaticos")."""
    words = norm.split(" ")
    last = words[-1]
    guesses: list[str] = []
    if len(last) > 4 and last.endswith("ies"):
        guesses.append(last[:-3] + "y")  # therapies -> therapy
    if len(last) > 4 and last.endswith("ses"):
        guesses.append(last[:-2] + "is")  # metastases -> metastasis
    if len(last) > 3 and last.endswith("es"):
        guesses.append(last[:-2])  # tumores -> tumor
    if len(last) > 2 and last.endswith("s") and not last.endswith("ss"):
        guesses.append(last[:-1])  # nodes -> node
    variants = [" ".join([*words[:-1], guess]) for guess in guesses]
    if len(words) > 1:
        variants.append(" ".join(w[:-1] if len(w) > 2 and w.endswith("s") and not w.endswith("ss") else w for w in words))
    seen = {norm}
    out = []
    for variant in variants:
        if variant and variant not in seen:
            seen.add(variant)
            out.append(variant)
    return out


class Glossary:
    """Read-only access to a glossary database built by ``scripts/build_glossary.py``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._opened = False
        self._error: str | None = None
        self._count = 0
        self._meta: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"Glossary({str(self.path)!r})"

    @classmethod
    @functools.cache
    def bundled(cls) -> Glossary:
        """The glossary shipped in ``resources/glossary.sqlite`` (one shared instance)."""
        from mbc_reader import paths

        return cls(paths.resource("glossary.sqlite"))

    # -- opening -------------------------------------------------------------------------------

    @property
    def error(self) -> str | None:
        """What is wrong with the glossary file, in plain words for staff; None when it is fine.

        Reading this opens the file if nothing has yet."""
        with self._lock:
            self._ensure_open()
            return self._error

    def _ensure_open(self) -> sqlite3.Connection | None:
        # Caller holds self._lock.
        if self._opened:
            return self._conn
        self._opened = True
        path = self.path
        try:
            if not path.is_file():
                self._fail(
                    f"The glossary file is missing ({path}). Definitions of medical words will "
                    "not be shown. Reinstalling the reader puts it back."
                )
                return None
            uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            self._fail(
                f"The glossary file could not be opened ({path}): {exc}. Definitions of medical "
                "words will not be shown. Reinstalling the reader should fix this."
            )
            return None
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                raise _WrongVersion(version)
            self._meta = dict(conn.execute("SELECT key, value FROM meta"))
            self._count = conn.execute("SELECT count(*) FROM terms").fetchone()[0]
            conn.execute("SELECT norm, lang, term_id FROM names LIMIT 1").fetchall()
            conn.execute(
                "SELECT term_id, en_name, en_pron, en_def, es_name, es_pron, es_def FROM terms LIMIT 1"
            ).fetchall()
        except _WrongVersion as exc:
            conn.close()
            self._fail(
                f"The glossary file ({path}) was made for a different version of the reader "
                f"(format {exc.args[0]}, expected {SCHEMA_VERSION}). Definitions of medical words "
                "will not be shown. Reinstalling the reader should fix this."
            )
            return None
        except sqlite3.Error as exc:
            conn.close()
            self._fail(
                f"The glossary file is damaged or is not a glossary ({path}): {exc}. Definitions "
                "of medical words will not be shown. Reinstalling the reader should fix this."
            )
            return None
        if self._count == 0:
            conn.close()
            self._fail(f"The glossary file has no terms in it ({path}). Reinstalling the reader should fix this.")
            return None
        self._conn = conn
        return conn

    def _fail(self, message: str) -> None:
        # Caller holds self._lock.
        self._error = message
        self._count = 0
        log.warning("%s", message)

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of one query; [] (and the glossary marked broken) if the file lets us down."""
        with self._lock:
            conn = self._ensure_open()
            if conn is None:
                return []
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                self._conn = None
                conn.close()
                self._fail(
                    f"The glossary file is damaged ({self.path}): {exc}. Definitions of medical "
                    "words will not be shown. Reinstalling the reader should fix this."
                )
                return []

    def close(self) -> None:
        """Close the file; the next call opens it again."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            self._opened = False
            self._error = None
            self._count = 0
            self._meta = {}

    # -- public reading ------------------------------------------------------------------------

    def __len__(self) -> int:
        with self._lock:
            self._ensure_open()
            return self._count

    def __bool__(self) -> bool:  # an empty glossary is still a Glossary object
        return True

    def credit(self) -> str:
        """The line to show under a definition: "NCI Dictionary of Cancer Terms"."""
        with self._lock:
            self._ensure_open()
            return self._meta.get("credit") or CREDIT

    def meta(self) -> dict[str, str]:
        """Everything the build recorded: credit, licence, source repo/commit/dates, counts."""
        with self._lock:
            self._ensure_open()
            return dict(self._meta)

    def has(self, term_id: str) -> bool:
        tid = term_id_from_href(term_id)
        if tid is None:
            return False
        return bool(self._query("SELECT 1 FROM terms WHERE term_id = ?", (tid,)))

    def lookup(self, term_id: str | None, text: str | None = None, language: str = "en") -> GlossaryEntry | None:
        """By id first; when the id is absent, fall back to the link text: exact normalised name,
        then a name starting with the text (`HER2` -> `HER2/neu`), then the text minus a trailing
        plural 's' etc.; such results have closest_match=True. None when nothing fits.

        In order, after the id: the exact name; the exact name of a singular form ("lymph nodes"
        -> "lymph node"); a name that starts with the text as whole words ("HER2" -> "HER2/neu",
        shortest first), also for the singular forms; a name whose words each start with the
        text's words ("lymph system" -> "lymphatic system"); finally the text with trailing words
        dropped, down to two words ("hormone receptor–positive" -> "hormone receptor"). Names in
        the requested language are preferred, but a match in the other language counts too.
        ``term_id`` may be a bare id or the dictionary link itself.
        """
        lang = _language(language)
        tid = term_id_from_href(term_id)
        if tid is not None:
            entry = self._entry(tid, lang, closest_match=False)
            if entry is not None:
                return entry
        if not text:
            text = _slug_text(term_id)
        if not text:
            return None
        norm = normalise_name(text)
        if not norm:
            return None
        found = self._match_text(norm, text, lang)
        if found is None:
            return None
        return self._entry(found, lang, closest_match=True)

    def term_id_for_name(self, name: str, language: str = "en") -> str | None:
        """The term whose English or Spanish name is ``name``, or None: compared normalised
        (case, accents, punctuation; so a slug such as ``treatment-summary`` or
        ``ganglio-linfatico`` is a name too), or as the singular of a plural ("lymph nodes").
        Names in ``language`` are preferred. Unlike :meth:`lookup`, nothing only close is taken."""
        lang = _language(language)
        norm = normalise_name(unquote(name or ""))
        if not norm:
            return None
        found = self._exact(norm, name, lang)
        for variant in _plural_variants(norm):
            if found is None:
                found = self._exact(variant, variant, lang)
        return found

    def find(self, text: str, language: str = "en", limit: int = 10) -> list[GlossaryEntry]:
        """Terms whose name starts with ``text`` (exact name first, then shorter names), then
        terms with a later word starting with it ("node" finds "lymph node"). Names in either
        language match; the entries come back in ``language``. ``closest_match`` is False only
        for a term whose name equals the text."""
        lang = _language(language)
        norm = normalise_name(text or "")
        if not norm or limit <= 0:
            return []
        prefix_rows = self._query(
            "SELECT term_id, lang, norm FROM names WHERE norm >= ? AND norm < ? "
            "ORDER BY lang != ?, length(norm), norm, length(term_id), term_id LIMIT ?",
            (norm, norm + _TOP, lang, limit * 4),
        )
        ranked: list[tuple[str, bool]] = []
        seen: set[str] = set()
        # Exact names first (either language), then the prefix matches in their SQL order.
        for want_exact in (True, False):
            for term_id, _lang, name_norm in prefix_rows:
                if (name_norm == norm) == want_exact and term_id not in seen:
                    seen.add(term_id)
                    ranked.append((term_id, not want_exact))
        if len(ranked) < limit:
            pattern = "% " + norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            inner_rows = self._query(
                "SELECT term_id FROM names WHERE norm LIKE ? ESCAPE '\\' "
                "ORDER BY lang != ?, length(norm), norm, length(term_id), term_id LIMIT ?",
                (pattern, lang, limit * 4),
            )
            for (term_id,) in inner_rows:
                if term_id not in seen:
                    seen.add(term_id)
                    ranked.append((term_id, True))
        out = []
        for term_id, closest in ranked[:limit]:
            entry = self._entry(term_id, lang, closest_match=closest)
            if entry is not None:
                out.append(entry)
        return out

    # -- helpers -------------------------------------------------------------------------------

    def _entry(self, term_id: str, lang: str, *, closest_match: bool) -> GlossaryEntry | None:
        rows = self._query(
            "SELECT en_name, en_pron, en_def, es_name, es_pron, es_def FROM terms WHERE term_id = ?",
            (term_id,),
        )
        if not rows:
            return None
        en_name, en_pron, en_def, es_name, es_pron, es_def = rows[0]
        if lang == "es" and es_name and es_def:
            return GlossaryEntry(term_id, es_name, es_pron or None, es_def, "es", closest_match)
        return GlossaryEntry(term_id, en_name, en_pron or None, en_def, "en", closest_match)

    def _exact(self, norm: str, raw: str, lang: str) -> str | None:
        rows = self._query(
            "SELECT n.term_id, n.lang, CASE n.lang WHEN 'es' THEN t.es_name ELSE t.en_name END "
            "FROM names AS n JOIN terms AS t ON t.term_id = n.term_id WHERE n.norm = ?",
            (norm,),
        )
        if not rows:
            return None
        wanted = raw.strip().strip("*_ ").casefold()
        # Prefer the requested language, then the name as written ("ER" over "ER+" and "ER-"),
        # then the shorter name, then the older (smaller) id.
        rows.sort(key=lambda r: (r[1] != lang, (r[2] or "").casefold() != wanted, len(r[2] or ""), len(r[0]), r[0]))
        return rows[0][0]

    def _word_prefix(self, norm: str, lang: str) -> str | None:
        rows = self._query(
            "SELECT term_id FROM names WHERE norm >= ? AND norm < ? "
            "ORDER BY lang != ?, length(norm), norm, length(term_id), term_id LIMIT 1",
            (norm + " ", norm + "!", lang),  # "!" sorts right after " "
        )
        return rows[0][0] if rows else None

    def _word_stems(self, norm: str, lang: str) -> str | None:
        """A name of as many words, each starting with the text's word ("lymph system" ->
        "lymphatic system"). Only for two or more words of three letters or more, where a
        clipped word is unlikely to be a different word."""
        words = norm.split(" ")
        if len(words) < 2 or any(len(w) < 3 for w in words):
            return None
        rows = self._query(
            "SELECT term_id, lang, norm FROM names WHERE norm >= ? AND norm < ? "
            "ORDER BY lang != ?, length(norm), norm, length(term_id), term_id LIMIT 2000",
            (words[0], words[0] + _TOP, lang),
        )
        for term_id, _lang, name_norm in rows:
            name_words = name_norm.split(" ")
            if len(name_words) == len(words) and all(n.startswith(w) for n, w in zip(name_words, words)):
                return term_id
        return None

    def _match_text(self, norm: str, raw: str, lang: str) -> str | None:
        singulars = _plural_variants(norm)
        found = self._exact(norm, raw, lang)
        for variant in singulars:
            if found is None:
                found = self._exact(variant, variant, lang)
        for variant in (norm, *singulars):
            if found is None:
                found = self._word_prefix(variant, lang)
        if found is None:
            found = self._word_stems(norm, lang)
        words = norm.split(" ")
        while found is None and len(words) > 2:
            words = words[:-1]
            found = self._exact(" ".join(words), " ".join(words), lang)
        return found


class _WrongVersion(Exception):
    pass
