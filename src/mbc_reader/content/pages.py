"""Very long articles are shown in parts, so a 1 MB page opens as fast as a short one.

Rendering Markdown costs ~0.6 s per MB on a clinic PC and QTextBrowser lays out the whole
document at once; the longest PDQ summaries are over 1 MB. Splitting at ``##`` headings (then
``###`` inside an oversized section) into parts of at most ``limit`` characters keeps each part
well under the 300 ms budget. Short articles are one part, rendered exactly as before.
Parts link to each other with ordinary ``article:<id>#<anchor>`` links, so the reader needs no
new kind of link: opening an anchor opens the part that holds it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .models import Article, ArticleText
from .labels import label, label_language
from .render import header_html, render_body, sanitize

PAGE_LIMIT = 120_000  # characters of Markdown per part

_H2 = re.compile(r"^## .*$", re.M)
_H3 = re.compile(r"^### .*$", re.M)
_HEADING = re.compile(r"^#{2,6} .*$", re.M)


def _anchored(line: str) -> tuple[str, str] | None:
    r"""``## Title {#anchor}`` (as repair writes headings) -> (``Title``, ``anchor``), else None.

    String methods, not ``^#{2,6} (.*?)\s*\{#([^}]+)\}\s*$``: on a heading line holding many
    ``{#`` or long runs of spaces that pattern tried every split (quadratic). The title is the
    heading as shown: repair escaped it for Markdown (``&amp;``, ``\{``), which is undone here.
    """
    text = line.rstrip()
    if not text.endswith("}"):
        return None
    start = text.rfind("{#", 0, len(text) - 2)  # the anchor is not empty
    anchor = text[start + 2 : -1] if start >= 0 else ""
    if not anchor or "}" in anchor:
        return None
    title = text[text.index(" ") + 1 : start].rstrip()
    return html.unescape(title.replace("\\{", "{").replace("\\}", "}")), anchor


def _anchors(chunk: str) -> list[tuple[str, str]]:
    """(title, anchor) of every anchored heading in a piece of the article, in order."""
    return [found for m in _HEADING.finditer(chunk) if (found := _anchored(m.group(0)))]


@dataclass(frozen=True)
class Page:
    index: int
    start: int  # character offsets into the article's Markdown
    end: int
    anchors: frozenset[str]
    first_anchor: str  # "" for the opening part
    title: str  # the first heading in the part ("" for the opening part)


def _cut(body: str, start: int, end: int, heading: re.Pattern, limit: int) -> list[tuple[int, int]]:
    """Offsets of pieces no longer than ``limit`` where headings allow."""
    cuts = [m.start() for m in heading.finditer(body, start, end) if m.start() > start]
    bounds = [start, *cuts, end]
    pieces = list(zip(bounds, bounds[1:]))
    if heading is _H2:  # an oversized section is cut again at its sub-headings
        pieces = [p for a, b in pieces for p in (_cut(body, a, b, _H3, limit) if b - a > limit else [(a, b)])]
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        if merged and (b - merged[-1][0]) <= limit:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def paginate(article: Article, limit: int = PAGE_LIMIT, text: ArticleText | None = None) -> list[Page]:
    body = (text or article.text).body
    pages: list[Page] = []
    for index, (start, end) in enumerate(_cut(body, 0, len(body), _H2, limit) if len(body) > limit else [(0, len(body))]):
        chunk = body[start:end]
        heading = _HEADING.match(chunk.lstrip("\n"))
        first = _anchored(heading.group(0)) if heading else None
        pages.append(
            Page(index, start, end, frozenset(a for _, a in _anchors(chunk)), first[1] if first else "", first[0] if first else "")
        )
    return pages


def page_of(pages: list[Page], anchor: str) -> int:
    """The part that holds ``anchor`` (the first part when none does)."""
    for page in pages:
        if anchor in page.anchors:
            return page.index
    return 0


def render_page(article: Article, pages: list[Page], index: int, image_width: int = 560,
                interface_language: str | None = None) -> str:
    """One part as sanitised HTML: the header and, around the text, links to the parts beside it
    (the app's own words in :func:`~.labels.label_language`)."""
    text = article.text
    head = sanitize(header_html(article, interface_language))
    if len(pages) <= 1:
        return head + render_body(article, image_width, text, interface_language)
    lang = label_language(article.language, interface_language)
    page = pages[index]
    part = ArticleText(text.body[page.start : page.end], text.figures, text.glossary_refs, text.links)
    out = [head]
    part_label = label(lang, "part", n=index + 1, total=len(pages))
    if index > 0:
        prev = pages[index - 1]
        out.append(_nav(article.id, prev, label(lang, "previous", title=prev.title or article.title), part_label))
    else:
        out.append(f'<p class="parts">{html.escape(part_label)}</p>')
    out.append(render_body(article, image_width, part, interface_language))
    if index + 1 < len(pages):
        nxt = pages[index + 1]
        out.append(_nav(article.id, nxt, label(lang, "next", title=nxt.title or article.title), ""))
    return "".join(out)


def _nav(article_id: str, target: Page, text: str, label: str) -> str:
    href = f"article:{article_id}#{target.first_anchor}" if target.first_anchor else f"article:{article_id}"
    prefix = f"{html.escape(label)} · " if label else ""
    return sanitize(f'<p class="parts">{prefix}<a href="{html.escape(href)}">{html.escape(text)}</a></p>')
