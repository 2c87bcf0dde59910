"""What ranking knows about an article beyond its words: its role and the names its title gives.

Computed once per article when it is indexed (and kept in the index's ``meta`` column, see
``schema``), read back by the searcher:

- the **role**: ``"p"`` a page for patients, ``"h"`` a health-professional version (its title
  says "Health Professional", or its address has an ``hp`` part: ``/types/lung/hp``,
  ``…/cam/hp/…``, ``…-hp-pdq``), ``"r"`` research news (an address with a ``research``,
  ``news-events`` or ``cancer-currents`` part: ``/types/breast/research/…``), ``"v"`` a page
  around a video or infographic (``…-video``, ``…-infographic``: the offline content has
  neither). These rank after the patient pages that match as well; they stay findable;
- the **title names**: the title's terms, and those of its shorter forms — without the "(PDQ®)"
  and "Patient Version" / "Health Professional Version" decorations, the part before a colon
  ("CAR T Cells: Engineering…" -> "CAR T Cells"), without or only a parenthesis ("Lumpectomy
  (Breast-Conserving Surgery)" -> "Lumpectomy", "Breast-Conserving Surgery"). A query *is* a
  title when its terms are exactly one of these names, give or take generic title words
  ("Chemotherapy to Treat Cancer" is the query ``chemotherapy``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .analysis import index_terms

ROLE_PATIENT = "p"
ROLE_PRO = "h"
ROLE_RESEARCH = "r"
ROLE_MEDIA = "v"

#: Title words that do not make a title about something else: "Chemotherapy to Treat Cancer"
#: is about chemotherapy. Stemmed, as the index has them.
GENERIC_TITLE_TERMS = frozenset(index_terms("cancer cancers treat treatment treatments nci", "en"))

_VERSION = re.compile(
    r"\s*(?:\(PDQ®?\)|\(PDQ\))?\s*[-–—:]*\s*(?:Patient|Health Professional)s?\s+Version\b.*$", re.IGNORECASE
)
_PDQ = re.compile(r"\(PDQ®?\)|PDQ®", re.IGNORECASE)
_NCI = re.compile(r"\s+-\s+NCI\s*$")
_PAREN = re.compile(r"\(([^()]*)\)")
_INCLUDING = re.compile(r"^(?:including|includes|or|also called)\s+", re.IGNORECASE)
_RESEARCH_PARTS = frozenset({"research", "news-events", "cancer-currents"})


def role_of(url: str | None, title: str | None) -> str:
    """``"h"``, ``"r"`` or ``"p"`` (see the module docstring)."""
    title = title or ""
    path = urlsplit(url or "").path.lower().strip("/")
    parts = [p for p in path.split("/") if p]
    if "health professional" in title.lower() or any(p == "hp" or p.startswith("hp-") or p.endswith("-hp") or "-hp-" in p for p in parts):
        return ROLE_PRO
    if any(p in _RESEARCH_PARTS for p in parts):
        return ROLE_RESEARCH
    if parts and (parts[-1].endswith(("-video", "-infographic")) or parts[-1] in ("video", "infographic")):
        return ROLE_MEDIA
    return ROLE_PATIENT


def title_forms(title: str) -> list[str]:
    """The title and its shorter forms (see the module docstring), longest first."""
    base = _NCI.sub("", title or "").strip()
    base = _VERSION.sub("", base).strip()
    base = _PDQ.sub(" ", base).strip(" -–—:")
    forms = [base]
    if ":" in base:
        forms.append(base.split(":", 1)[0])
    for form in list(forms):
        inner = _PAREN.findall(form)
        if inner:
            forms.append(_PAREN.sub(" ", form))
            forms.extend(_INCLUDING.sub("", i) for i in inner)
    out = []
    for form in forms:
        form = " ".join(form.split())
        if form and form not in out:
            out.append(form)
    return out


def title_names(title: str, language: str = "en") -> tuple[tuple[str, ...], ...]:
    """The term sets of the title's forms (each sorted, no duplicates), the whole title first."""
    out: list[tuple[str, ...]] = []
    for form in title_forms(title):
        terms = tuple(sorted(set(index_terms(form, language))))
        if terms and terms not in out:
            out.append(terms)
    return tuple(out)


def pack_meta(role: str, names: tuple[tuple[str, ...], ...] = ()) -> bytes:
    """The ``meta`` column value: the role, then each title name (terms joined by spaces)."""
    return "\x1f".join([role] + [" ".join(n) for n in names]).encode("utf-8")


def unpack_meta(data: bytes | str | None) -> tuple[str, tuple[frozenset[str], ...]]:
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    if not data:
        return "", ()
    role, *names = data.split("\x1f")
    return role, tuple(frozenset(n.split()) for n in names if n)


def covers(groups: list[set[str]], terms: frozenset[str]) -> bool:
    """Whether every group (a query word's alternative terms) has a term in ``terms``."""
    return bool(groups) and all(g & terms for g in groups)


def is_title(groups: list[set[str]], names: tuple[frozenset[str], ...]) -> bool:
    """Whether the query is one of the title's names: every word in it, and nothing in it
    but those words and generic title words."""
    if not groups:
        return False
    wanted = set().union(*groups)
    for name in names:
        if covers(groups, name) and not (name - wanted - GENERIC_TITLE_TERMS):
            return True
    return False
