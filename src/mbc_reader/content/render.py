"""Repaired Markdown -> safe HTML that QTextBrowser shows well, and plain text per section.

A Python-Markdown extension turns ``{{figure:N}}`` marks into figure cards (tables: QTextBrowser
only draws boxes around tables) and marks glossary and outside links; nh3 then sanitises with an
allow-list, last, so whatever the content holds, only the small HTML subset we emit survives:
no script, no event handlers, no remote or ``file:`` addresses, images only from ``figure:N``.
"""

from __future__ import annotations

import html
import logging
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

from .labels import format_day, label, label_language
from .models import Article, ArticleText, Figure
from .repair import FIGURE_MARK_RE
from .source import Source, article_source, license_words

log = logging.getLogger(__name__)

ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "caption", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "width", "height"},
    "table": {"class", "width", "cellpadding", "cellspacing", "border", "bgcolor"},
    "td": {"colspan", "rowspan", "align", "valign", "width", "bgcolor", "class"},
    "th": {"colspan", "rowspan", "align", "valign", "width", "bgcolor"},
    "p": {"class", "align"},
    "span": {"class"},
    "div": {"class"},
    "ol": {"start"},
    **{f"h{n}": {"id"} for n in range(1, 7)},
}
LINK_SCHEMES = ("article:", "glossary:", "figure:", "https://", "http://", "mailto:", "tel:", "#")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,120}$")
_SCRIPT_LIKE = re.compile(r"(?:javascript|vbscript|livescript|data|file):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\u200b-\u200f\u2028\u2029\ufeff]+")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    """The last word on addresses: links only to places the app handles, images only ``figure:N``.

    No attribute at all may read as a script or local address (a ``title`` or ``alt`` of
    ``javascript:…``): harmless in QTextBrowser, but never worth keeping.
    """
    if _SCRIPT_LIKE.match(_INVISIBLE.sub("", value)):
        return None
    if attr == "href":
        return value if value.lower().startswith(LINK_SCHEMES) and "\\" not in value else None
    if attr == "src":
        return value if re.fullmatch(r"figure:\d{1,4}", value) else None
    if attr == "id":
        return value if _SAFE_ID.match(value) else None
    if attr in ("width", "height"):
        return value if re.fullmatch(r"\d{1,4}%?", value) else None
    if attr == "bgcolor":
        return value if re.fullmatch(r"#[0-9a-fA-F]{6}", value) else None
    return value


_IMG_WITHOUT_SRC = re.compile(r'<img(?![^>]*\ssrc="figure:\d)[^>]*>')  # values hold no raw '"'


def sanitize(fragment: str) -> str:
    """Allow-list sanitising; an image whose address was refused goes too (no broken-image icon)."""
    clean = nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"article", "glossary", "figure", "https", "http", "mailto", "tel"},
        attribute_filter=_attribute_filter,
        link_rel=None,
        strip_comments=True,
    )
    return _IMG_WITHOUT_SRC.sub("", clean)


# --- the Markdown extension -------------------------------------------------------------------


class _FigureProcessor(BlockProcessor):
    """``{{figure:N}}`` paragraphs -> a figure card for ``figures[N]``."""

    def __init__(self, parser, figures: tuple[Figure, ...], image_width: int, labels: str = "en") -> None:
        super().__init__(parser)
        self.figures = figures
        self.image_width = image_width
        self.labels = labels

    def test(self, parent, block) -> bool:
        return bool(FIGURE_MARK_RE.match(block.strip()))

    def run(self, parent, blocks) -> None:
        index = int(FIGURE_MARK_RE.match(blocks.pop(0).strip()).group(1))
        if 0 <= index < len(self.figures):
            _figure_card(parent, index, self.figures[index], self.image_width, self.labels)


def _figure_card(parent: etree.Element, index: int, fig: Figure, image_width: int, labels: str = "en") -> None:
    if not (fig.alt or fig.caption or fig.local_path):
        return  # a decorative thumbnail with nothing to say and nothing to show
    table = etree.SubElement(
        parent, "table",
        {"class": "figure", "width": "100%", "cellpadding": "14", "cellspacing": "0", "border": "0", "bgcolor": "#eef3f7"},
    )  # fmt: skip
    cell = etree.SubElement(etree.SubElement(table, "tr"), "td")
    if fig.local_path is not None:
        link = etree.SubElement(etree.SubElement(cell, "p"), "a", {"href": f"figure:{index}", "title": label(labels, "enlarge")})
        etree.SubElement(link, "img", {"src": f"figure:{index}", "alt": fig.alt, "width": str(image_width)})
    elif fig.alt:
        p = etree.SubElement(cell, "p", {"class": "figure-alt"})
        etree.SubElement(p, "span", {"class": "label"}).text = label(labels, "picture")
        etree.SubElement(p, "span").text = fig.alt
    if fig.caption:
        if fig.link:
            p = etree.SubElement(cell, "p", {"class": "caption"})
            a = etree.SubElement(p, "a", {"href": fig.link})
            a.text = fig.caption
        else:
            etree.SubElement(cell, "p", {"class": "caption"}).text = fig.caption
    if fig.credit:
        etree.SubElement(cell, "p", {"class": "credit"}).text = label(labels, "credit", credit=fig.credit)
    more = etree.SubElement(cell, "p", {"class": "enlarge"})
    etree.SubElement(more, "a", {"href": f"figure:{index}"}).text = (
        label(labels, "enlarge" if fig.local_path is not None else "describe")
    )


class _LinkClassProcessor(Treeprocessor):
    """Glossary terms and outside addresses look different from in-app links."""

    def run(self, root: etree.Element) -> None:
        for a in root.iter("a"):
            href = a.get("href", "")
            if href.startswith("glossary:"):
                a.set("class", "glossary")
            elif href.startswith(("http:", "https:", "mailto:", "tel:")):
                a.set("class", "external")


class ArticleExtension(Extension):
    def __init__(self, figures: tuple[Figure, ...] = (), image_width: int = 560, labels: str = "en") -> None:
        super().__init__()
        self.figures = figures
        self.image_width = image_width
        self.labels = labels

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.parser.blockprocessors.register(
            _FigureProcessor(md.parser, self.figures, self.image_width, self.labels), "mbc_figure", 105)
        md.treeprocessors.register(_LinkClassProcessor(md), "mbc_links", 5)


def render_body(article: Article, image_width: int = 560, text: ArticleText | None = None,
                interface_language: str | None = None) -> str:
    """The article's text as sanitised HTML, without the header (the app's own words on it in
    :func:`~.labels.label_language`)."""
    text = text or article.text
    labels = label_language(article.language, interface_language)
    md = markdown.Markdown(
        # instances, not names: naming them makes Markdown scan every installed package's entry points
        # (what "extra" gives, less raw-HTML-as-Markdown, which the sanitiser would drop anyway)
        extensions=[
            TableExtension(), AttrListExtension(), DefListExtension(), FencedCodeExtension(), AbbrExtension(),
            FootnoteExtension(), SaneListExtension(), ArticleExtension(text.figures, image_width, labels),
        ],  # fmt: skip
        output_format="html",
    )
    try:
        converted = md.convert(text.body)
    except RecursionError:  # nesting that repair.limit_nesting cannot see (e.g. <div markdown>)
        log.warning("%s: the text nests too deeply to lay out; shown as plain paragraphs", article.path)
        converted = "".join(f"<p>{html.escape(block)}</p>" for block in re.split(r"\n\s*\n", text.body))
    return sanitize(converted)


def review_date_text(article: Article, interface_language: str | None = None) -> str | None:
    """``Last reviewed: December 30, 2025`` (or the Spanish form: see :mod:`.labels`)."""
    if not article.last_reviewed:
        return None
    lang = label_language(article.language, interface_language)
    return label(lang, "reviewed", date=format_day(article.last_reviewed, lang))


def source_words(source: Source, language: str) -> str | None:
    """``Source: National Cancer Institute`` for NCI's pages, ``Source: World Health Organization``
    (the front matter's name, else the host of its ``url``) for anyone else's."""
    if source.nci:
        return label(language, "source")
    return label(language, "source_named", name=source.name) if source.name else None


def header_html(article: Article, interface_language: str | None = None) -> str:
    parts = [f'<h1 id="top">{html.escape(article.title)}</h1>']
    meta: list[str] = []
    reviewed = review_date_text(article, interface_language)
    if reviewed:
        meta.append(html.escape(reviewed))
    lang = label_language(article.language, interface_language)
    source = article_source(article.source, article.source_url, article.license)
    if source is not None:
        words = source_words(source, lang)
        if source.url:
            address = html.escape(source.url)
            link = f'<a class="external" href="{address}">{address}</a>'
            meta.append(f"{html.escape(words)} ({link})" if words else link)
        elif words:
            meta.append(html.escape(words))
        if source.license:
            meta.append(html.escape(label(lang, "license", license=license_words(source.license, lang))))
    if meta:
        parts.append('<p class="meta">' + "<br>".join(meta) + "</p>")
    return "".join(parts)


def render_article(article: Article, image_width: int = 560, interface_language: str | None = None) -> str:
    """The whole article (header and text) as sanitised HTML."""
    return sanitize(header_html(article, interface_language)) + render_body(article, image_width, None, interface_language)


# --- plain text per section (for the search index) -------------------------------------------


@dataclass(frozen=True)
class SectionText:
    anchor: str  # "" for the text before the first heading
    title: str  # the section title ("" for the introduction)
    level: int
    text: str


_VOID = frozenset({"br", "img", "hr", "wbr"})


class _Splitter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, str, int, list[str]]] = [("", "", 1, [])]
        self._heading: tuple[str, int] | None = None
        self._heading_text: list[str] = []
        self._skip = 0  # inside app chrome ("Enlarge picture"), which is not the article's text

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _VOID:
            if not self._skip and tag == "br":
                self.parts[-1][3].append(" ")
            return
        if self._skip or dict(attrs).get("class") in ("enlarge", "label"):
            self._skip += 1
        elif re.fullmatch(r"h[2-6]", tag):
            self._heading = (dict(attrs).get("id") or "", int(tag[1]))
            self._heading_text = []
        elif tag in ("p", "li", "br", "td", "th", "tr", "dd", "dt"):
            self.parts[-1][3].append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in _VOID:
            return
        if self._skip:
            self._skip -= 1
        elif tag in ("li", "td", "th", "dd") and not self._heading:
            # list items have no full stop: without one, snippets read "pain and fractures shortness of…"
            chunks = self.parts[-1][3]
            tail = "".join(chunks[-3:]).rstrip()
            if tail and tail[-1] not in ".!?:;,":
                chunks.append(";")
        elif self._heading and re.fullmatch(r"h[2-6]", tag):
            anchor, level = self._heading
            self.parts.append((anchor, " ".join("".join(self._heading_text).split()), level, []))
            self._heading = None

    def handle_data(self, data) -> None:
        if self._skip:
            return
        (self._heading_text if self._heading else self.parts[-1][3]).append(data)


def section_texts(article: Article, body_html: str | None = None) -> list[SectionText]:
    """The rendered (sanitised) text split at headings: what search indexes, one entry per section."""
    splitter = _Splitter()
    # load_text(), not .text: indexing a whole library must not keep every text in memory
    splitter.feed(body_html if body_html is not None else render_body(article, text=article.load_text()))
    splitter.close()
    out = []
    for anchor, title, level, chunks in splitter.parts:
        text = " ".join("".join(chunks).split())
        if text or title:
            out.append(SectionText(anchor, title, level, text))
    return out
