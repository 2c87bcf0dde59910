"""The content model: what an article is once it has been loaded and repaired.

Frozen dataclasses, no Qt, no Whoosh: the UI, the CLI, the index and the tests all read these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"  # the file cannot be shown
    WARNING = "warning"  # shown, with a defect
    INFO = "info"  # worth knowing for staff (e.g. a retired article)


@dataclass(frozen=True)
class Problem:
    file: Path
    severity: Severity
    code: str  # stable, machine-readable: "yaml", "no-title", "encoding", ...
    message: str  # plain words a clinic admin can act on

    def to_json(self) -> dict:
        return {
            "file": str(self.file),
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True)
class Section:
    title: str
    level: int  # 2 for "##", 3 for "###", ...
    anchor: str  # the id of the heading in the rendered HTML
    children: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Figure:
    alt: str
    credit: str | None
    src: str  # the image address as the content gives it (often site-relative)
    enlarge_src: str | None = None
    local_path: Path | None = None  # the image file in the content folder, when it has one
    caption: str | None = None  # the title/description of an image card
    link: str | None = None  # where an image card points (article:… or https://…)


@dataclass(frozen=True)
class GlossaryRef:
    term_id: str
    text: str  # the link text, as the article words it


@dataclass(frozen=True)
class Link:
    text: str
    target: str  # article:<ID>[#anchor], https://…, glossary:<ID>
    kind: str  # "article", "external", "glossary"


@dataclass(frozen=True)
class Article:
    id: str  # the file stem
    path: Path
    title: str
    body: str  # repaired Markdown, ready for render.py
    language: str = "en"
    status: str = "active"
    audience: str | None = None
    topics: tuple[str, ...] = ()
    last_reviewed: date | None = None
    review_frequency: str | None = None
    source_url: str | None = None
    version: str | None = None
    sections: tuple[Section, ...] = ()  # tree: level-2 sections with their sub-sections
    figures: tuple[Figure, ...] = ()
    glossary_refs: tuple[GlossaryRef, ...] = ()
    links: tuple[Link, ...] = ()
    encoding: str = "utf-8"

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def flat_sections(self) -> list[Section]:
        """Sections in reading order, sub-sections after their parent."""
        out: list[Section] = []

        def walk(items: tuple[Section, ...]) -> None:
            for item in items:
                out.append(item)
                walk(item.children)

        walk(self.sections)
        return out

    @property
    def glossary_ids(self) -> list[str]:
        """Distinct term ids, in order of first use."""
        return list(dict.fromkeys(ref.term_id for ref in self.glossary_refs))


@dataclass
class Library:
    """Every article of a content folder, with the problems found on the way."""

    root: Path
    articles: list[Article] = field(default_factory=list)  # all that can be shown (any status)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = {a.id: a for a in self.articles}

    def get(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    @property
    def patient_articles(self) -> list[Article]:
        """What patients see: active articles only."""
        return [a for a in self.articles if a.is_active]
