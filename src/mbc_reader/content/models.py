"""The content model: what an article is once it has been loaded and repaired.

Frozen dataclasses, no Qt, no Whoosh: the UI, the CLI, the index and the tests all read these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import NamedTuple


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
    anchor: str = ""  # the section of the article it is in, when known (a dropped link's)
    words: str = ""  # the article's words it is about (a link's text), to find them there

    def to_json(self) -> dict:
        return {
            "file": str(self.file),
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


class Section(NamedTuple):
    """A heading of an article (a named tuple: 24,000 of them are read back at every start)."""

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
class ArticleText:
    """The heavy part of an article: loaded on demand, so 1,433 articles start in milliseconds."""

    body: str  # repaired Markdown, ready for render.py
    figures: tuple[Figure, ...] = ()
    glossary_refs: tuple[GlossaryRef, ...] = ()
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, eq=False)
class Article:
    id: str  # the file stem; "folder/stem" when another file of its content folder has that stem
    path: Path
    title: str
    language: str = "en"  # the primary language, for grouping: "es" for "es-MX"
    status: str = "active"
    audience: str | None = None
    topics: tuple[str, ...] = ()
    last_reviewed: date | None = None
    review_frequency: str | None = None
    source_url: str | None = None  # the page online: the front matter's 'url' (or 'sourceUrl')
    version: str | None = None
    sections: tuple[Section, ...] = ()  # tree: level-2 sections with their sub-sections
    encoding: str = "utf-8"
    language_tag: str | None = None  # the BCP 47 tag as the front matter gives it ("es-MX"), when valid
    source: str | None = None  # who published it, as the front matter names it ('source: WHO'); see source.py
    license: str | None = None  # as the front matter gives it ('public_domain', 'CC BY-NC-SA 3.0 IGO')
    owner: str | None = None  # who reviews it ('owner: Nurse Ana Ruiz'), for the review list
    # The text itself, or a picklable callable that produces it again from the file (the catalog).
    text_source: ArticleText | Callable[[], ArticleText] = field(default=ArticleText(""), repr=False)

    def load_text(self) -> ArticleText:
        """The article's text, without keeping it (for one-pass work such as indexing)."""
        source = self.text_source
        return source() if callable(source) else source

    @cached_property
    def text(self) -> ArticleText:
        return self.load_text()

    @property
    def body(self) -> str:
        return self.text.body

    @property
    def figures(self) -> tuple[Figure, ...]:
        return self.text.figures

    @property
    def glossary_refs(self) -> tuple[GlossaryRef, ...]:
        return self.text.glossary_refs

    @property
    def links(self) -> tuple[Link, ...]:
        return self.text.links

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

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("text", None)  # the cached text is not part of what is stored
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)


@dataclass
class Library:
    """Every article of a content folder, with the problems found on the way."""

    root: Path
    articles: list[Article] = field(default_factory=list)  # all that can be shown (any status)
    problems: list[Problem] = field(default_factory=list)
    roots: tuple[Path, ...] = ()  # every content folder it was loaded from
    url_map: dict[str, str] = field(default_factory=dict)  # links.page_key of each page's url -> article id
    file_ids: dict[str, dict[str, str]] = field(default_factory=dict)  # folder -> file in it (lower case) -> id

    def __post_init__(self) -> None:
        self._by_id = {a.id: a for a in self.articles}

    def get(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    @property
    def patient_articles(self) -> list[Article]:
        """What patients see: active articles only."""
        return [a for a in self.articles if a.is_active]
