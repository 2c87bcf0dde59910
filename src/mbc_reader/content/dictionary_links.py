"""Links to NCI's dictionary of cancer terms, in every form the cancer.gov pages use.

The scraped pages name a dictionary term in several ways (counts from the 1,433-page corpus,
crawl of 2025-12-30, December 2025 survey):

* ``/Common/PopUps/popDefinition.aspx?id=46026&version=patient&language=English&dictionary=…``
  — the old PDQ pop-up with a bare id (about 42,000 links, also ``dictionary=genetic``);
* ``/Common/PopUps/popDefinition.aspx?id=CDR0000044163&version=Patient&language=en|English``
  — the same pop-up with a CDR id (2,785 links, three of them written ``../../Common/…``);
* ``/publications/dictionaries/cancer-terms/def/45323`` — the dictionary page by id (1,721);
* ``https://www.cancer.gov/publications/dictionaries/cancer-terms/def/locally-advanced-cancer``
  — by name slug (2), and ``…/genetics-dictionary/def/whole-exome-sequencing`` (2);
* ``https://www.cancer.gov/publications/dictionaries/cancer-terms?cdrid=635460`` (2).

Also understood, though the corpus has none: the Spanish dictionary
(``/espanol/publicaciones/diccionarios/diccionario-cancer/def/<id or slug>``, and
``diccionario-genetica``), the old ``/dictionary?CdrID=<id>`` and ``/diccionario?CdrID=<id>``
addresses and a pop-up's ``language=Spanish``. Every form may carry ``http(s)://(www.)cancer.gov``
or not, and any case. The drug dictionary (``/publications/dictionaries/cancer-drug/…``) is a
different dictionary, not in the bundled glossary: its links stay ordinary cancer.gov links, and
so do the dictionaries' home pages (they name no term).

:func:`parse` is pure: it says which term an address names (its id, or its name slug).
:func:`resolve` turns that into a term id of the bundled glossary: the address's own id, else the
slug, else the link's words, matched against the dictionary's English and Spanish names (accent-
and case-folded, a plural read as its singular). :func:`dictionary_problems` lists, per article,
the links to terms the bundled glossary does not have (``mbc-reader check`` reports them).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .models import Problem, Severity

#: The problem code ``mbc-reader check`` gives a link to a term the bundled glossary lacks.
PROBLEM_CODE = "unknown-dictionary-term"

# The path of a dictionary page, after the host: English or Spanish, terms or genetics.
_DICTIONARY_PATH = re.compile(
    r"^/(?:publications/dictionaries/(?:cancer-terms|genetics-dictionary)"
    r"|espanol/publicaciones/diccionarios/(?:diccionario-cancer|diccionario-genetica))"
    r"(?:/def/(?P<term>[^/]+))?/*$",
    re.I,
)
_OLD_DICTIONARY_PATH = re.compile(r"^/(?:dictionary|diccionario)/*$", re.I)  # ?CdrID=<id>
_POPUP_PATH = re.compile(r"^/common/popups/popdefinition\.aspx$", re.I)
_ID = re.compile(r"^(?:cdr)?0*(\d{1,12})$", re.I)  # "44163", "CDR0000044163"
_SPANISH_PATH = re.compile(r"^/espanol/", re.I)
_RELATIVE_PREFIX = re.compile(r"^(?:\.\.?/)+")  # "../../Common/PopUps/…": the scraper kept it relative
# A Markdown link's target (its words are found backwards from it). Each run of address
# characters is read once, so even a hostile file is scanned in linear time.
_LINK_TARGET = re.compile(r"\]\(\s*<?(?P<url>[^)\s>]{1,4000})")
_MARKUP = re.compile(r"!\[([^\]]*)\]\([^)]*\)|[*_`]+")


@dataclass(frozen=True)
class DictionaryLink:
    """The term a dictionary address names: by ``term_id`` (digits), or by ``name`` (the slug,
    hyphens and all, as the address writes it) when it has no id."""

    term_id: str | None
    name: str | None
    language: str  # "en" or "es": the dictionary the address opens


def parse(url: str | None) -> DictionaryLink | None:
    """The term a dictionary address names, or None when ``url`` is not a dictionary term.

    >>> parse("/Common/PopUps/popDefinition.aspx?id=CDR0000044163&version=Patient&language=English")
    DictionaryLink(term_id='44163', name=None, language='en')
    >>> parse("https://www.cancer.gov/publications/dictionaries/cancer-terms/def/treatment-summary")
    DictionaryLink(term_id=None, name='treatment-summary', language='en')
    """
    if not url:
        return None
    low = url.lower()
    if "dictionar" not in low and "popdefinition" not in low and "diccionario" not in low:
        return None  # the common case, in three substring tests
    text = url.strip().replace("&amp;", "&")
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        host = (parts.hostname or "").lower()
        on_cancer_gov = host == "cancer.gov" or host.endswith(".cancer.gov")
        if parts.scheme.lower() not in ("http", "https", "") or not on_cancer_gov:
            return None
        path = parts.path
    else:
        path = "/" + _RELATIVE_PREFIX.sub("", parts.path).lstrip("/")
    params = _query(parts.query)
    language = "es" if _SPANISH_PATH.match(path) else "en"

    m = _DICTIONARY_PATH.match(path)
    if m:
        term = unquote(m.group("term") or "").strip()
        if not term:  # the dictionary's home page or search, perhaps with ?cdrid=
            return _by_id(params.get("cdrid"), language)
        if ident := _ID.match(term):
            return DictionaryLink(str(int(ident.group(1))), None, language)
        return DictionaryLink(None, term, language)
    if _OLD_DICTIONARY_PATH.match(path):
        return _by_id(params.get("cdrid"), "es" if path.strip("/").lower() == "diccionario" else "en")
    if _POPUP_PATH.match(path):
        lang = params.get("language", "").strip().lower()
        language = "es" if lang in ("es", "spanish", "español", "espanol") else "en"
        found = _by_id(params.get("id"), language)
        if found is None and params.get("term", "").strip():
            found = DictionaryLink(None, params["term"].strip(), language)
        return found
    return None


def _query(query: str) -> dict[str, str]:
    """Query parameters, names in lower case, the first value of each (``CdrID`` = ``cdrid``)."""
    out: dict[str, str] = {}
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        out.setdefault(unquote(key).strip().lower(), unquote(value.replace("+", " ")))
    return out


def _by_id(value: str | None, language: str) -> DictionaryLink | None:
    m = _ID.match((value or "").strip())
    return DictionaryLink(str(int(m.group(1))), None, language) if m else None


def _bundled():
    from .glossary import Glossary

    return Glossary.bundled()


def resolve(link: DictionaryLink, text: str | None = None, glossary=None) -> str | None:
    """The glossary term id for a parsed link: its own id (even one the glossary lacks: the
    pop-up then looks the words up), else the term whose English or Spanish name the slug, else
    the link's words, spell. None when a name-only link matches no name (show only the words).
    ``glossary`` defaults to the bundled one."""
    if link.term_id is not None:
        return link.term_id
    return _term_for_names(glossary if glossary is not None else _bundled(), link.name, _words(text), link.language)


@functools.lru_cache(maxsize=4096)
def _term_for_names(glossary, name: str | None, words: str | None, language: str) -> str | None:
    for candidate in (name, words):
        if candidate:
            found = glossary.term_id_for_name(candidate, language)
            if found:
                return found
    return None


def glossary_term(url: str, text: str | None = None, glossary=None) -> str | None:
    """``parse`` then ``resolve``: the term id a link opens, or None."""
    link = parse(url)
    return resolve(link, text, glossary) if link else None


def _words(text: str | None) -> str | None:
    if not text:
        return None
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or "", text).split()) or None


# -- the report for `mbc-reader check` ---------------------------------------------------------------


@dataclass(frozen=True)
class FoundLink:
    url: str
    words: str
    link: DictionaryLink


def find_links(markdown: str) -> list[FoundLink]:
    """Every Markdown link to a dictionary term in ``markdown`` (raw article text), in order."""
    out: list[FoundLink] = []
    for m in _LINK_TARGET.finditer(markdown):
        link = parse(m.group("url"))  # None at once for the many links that name no dictionary
        if link is None:
            continue
        start = _opening_bracket(markdown, m.start())
        words = _words(markdown[start + 1 : m.start()]) if start is not None else None
        out.append(FoundLink(m.group("url"), words or "", link))
    return out


def _opening_bracket(text: str, close: int, limit: int = 2000) -> int | None:
    """The ``[`` that the ``]`` at ``close`` closes (nested brackets counted), or None."""
    depth = 0
    stop = max(-1, close - limit)
    for i in range(close - 1, stop, -1):
        ch = text[i]
        if ch == "]":
            depth += 1
        elif ch == "[":
            if depth == 0:
                return i
            depth -= 1
    return None


def unknown_links(markdown: str, glossary, language: str = "en") -> list[tuple[FoundLink, str]]:
    """The dictionary links of one article whose term the glossary does not have, each once (by
    address), with what the reader shows instead, in plain words."""
    out: list[tuple[FoundLink, str]] = []
    seen: set[str] = set()
    for found in find_links(markdown):
        if found.url in seen:
            continue
        seen.add(found.url)
        term = resolve(found.link, found.words, glossary)
        if term is None:
            out.append((found, "no term of that name: only the words are shown"))
            continue
        if glossary.has(term):
            continue
        entry = glossary.lookup(term, found.words or None, language)
        if entry is not None:
            out.append((found, f"the pop-up shows the closest name, '{entry.name}'"))
        else:
            out.append((found, "the pop-up says there is no offline definition"))
    return out


def dictionary_problems(articles: Iterable, glossary) -> list[Problem]:
    """One warning per article and link to a dictionary term the glossary lacks, naming the
    article's file and the link. Articles are read again from their files (``path`` and
    ``encoding``), as the repaired text no longer holds the addresses."""
    problems: list[Problem] = []
    if getattr(glossary, "error", None) is not None:
        return problems  # the loader already says the glossary is missing or damaged
    for article in articles:
        path = Path(article.path)
        try:
            text = path.read_bytes().decode(getattr(article, "encoding", None) or "utf-8", errors="replace")
        except (OSError, LookupError):
            continue  # the loader reports unreadable files
        for found, shown in unknown_links(text, glossary, getattr(article, "language", "en")):
            words = f"'{found.words}' " if found.words else ""
            problems.append(
                Problem(
                    path,
                    Severity.WARNING,
                    PROBLEM_CODE,
                    f"dictionary link {words}({found.url}) names a term that is not in the bundled dictionary; {shown}",
                    words=found.words or "",
                )
            )
    return problems
