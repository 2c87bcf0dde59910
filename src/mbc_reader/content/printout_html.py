"""The take-home printout as HTML: what a patient carries home on paper. No Qt here.

Paper cannot follow links, so the screen HTML from :mod:`render` is rewritten for print: links
become plain text (an outside address is written out after its text), glossary terms are
underlined and explained in a "Words to know" list at the end, figure cards keep their
description but lose the on-screen "Enlarge" link, and the source page gets a QR code a phone
can scan. Type is large (14 pt body) for readers with low vision. Images are named resources
(``figure:N`` = a local image file, ``qr:source`` = PNG bytes) that the Qt printer loads; nothing
remote is ever referenced.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from .labels import LABELS, format_day
from .models import Article
from .render import render_body
from .source import Source, article_source, host_of, license_words

QR_URL = "qr:source"
_VOID = {"br", "img", "hr"}
IMAGE_WIDTH = 420  # px at 96 dpi: about 11 cm on paper



STYLE = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 14pt; color: #000000; }
h1 { font-size: 24pt; font-weight: bold; margin-bottom: 4px; }
h2 { font-size: 18pt; font-weight: bold; margin-top: 18px; margin-bottom: 6px; }
h3, h4, h5, h6 { font-size: 15pt; font-weight: bold; margin-top: 12px; margin-bottom: 4px; }
p, li { line-height: 135%; margin-top: 4px; margin-bottom: 6px; }
p.meta { font-size: 13pt; color: #333333; }
p.note { font-size: 12pt; font-style: italic; color: #333333; }
p.credit, p.small { font-size: 11pt; color: #333333; }
p.term { margin-bottom: 10px; }
span.term { font-weight: bold; }
span.address { font-size: 12pt; }
span.glossary { text-decoration: underline; }
span.label { font-weight: bold; }
table.figure { margin-top: 6px; margin-bottom: 10px; }
table.data { border-collapse: collapse; border-color: #777777; margin-top: 6px; margin-bottom: 10px; }
th { background-color: #e8e8e8; }
"""


@dataclass(frozen=True)
class TermDefinition:
    name: str
    pronunciation: str | None  # without the dictionary's parentheses
    definition: str
    as_written: str | None = None  # the article's words, when only a similar term was found


@dataclass
class Printout:
    title: str
    html: str
    images: dict[str, Path | bytes] = field(default_factory=dict)  # resource url -> file or PNG bytes
    terms: list[TermDefinition] = field(default_factory=list)


def _labels(language: str) -> dict[str, str]:
    """The printout's words (``print_*`` of the one catalogue, labels.py), by their short names."""
    words = LABELS.get(language, LABELS["en"])
    return {key[len("print_"):]: text for key, text in words.items() if key.startswith("print_")}


format_date = format_day  # the printout's dates, as the article's


def _short_address(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


class _PrintRewriter(HTMLParser):
    """Re-emits the sanitised screen HTML, changed for paper (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._links: list[tuple[str, str, list[str]]] = []  # (kind, href, text seen) per open <a>
        self._skip = 0  # inside <p class="enlarge">

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self._skip:
            self._skip += tag not in _VOID
            return
        if tag == "p" and attributes.get("class") == "enlarge":
            self._skip = 1
            return
        if tag == "a":
            href = attributes.get("href") or ""
            kind = "glossary" if href.startswith("glossary:") else "external" if href.startswith("http") else "plain"
            self._links.append((kind, href, []))
            if kind == "glossary":
                self.out.append('<span class="glossary">')
            return
        if tag == "table" and attributes.get("class") != "figure":
            attrs = [*attrs, ("class", "data"), ("border", "1"), ("cellpadding", "4"), ("cellspacing", "0")]
            attrs = list({k: v for k, v in attrs}.items())  # content tables get rules between cells
        self.out.append(self._tag(tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip:
            self.out.append(self._tag(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            self._skip -= 1
            return
        if tag == "a":
            if not self._links:
                return
            kind, href, text = self._links.pop()
            if kind == "glossary":
                self.out.append("</span>")
            elif kind == "external" and _short_address(href) not in _short_address("".join(text)):
                self.out.append(f' <span class="address">({html.escape(_short_address(href))})</span>')
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        for _kind, _href, text in self._links:
            text.append(data)
        self.out.append(html.escape(data, quote=False))

    @staticmethod
    def _tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
        rendered = "".join(f' {k}="{html.escape(v or "", quote=True)}"' for k, v in attrs)
        return f"<{tag}{rendered}>"


def print_body(article: Article, image_width: int = IMAGE_WIDTH) -> str:
    """The article's text as print HTML (no header, no glossary list)."""
    rewriter = _PrintRewriter()
    rewriter.feed(render_body(article, image_width))
    rewriter.close()
    return "".join(rewriter.out)


def glossary_terms(article: Article, glossary) -> list[TermDefinition]:
    """The terms the article links, each defined once, A to Z (how a reader looks one up).

    When the dictionary lacks the term's id and a similar name stands in ("lymph system" ->
    "lymphatic system"), the article's own words are kept too, so the reader finds them."""
    if glossary is None:
        return []
    seen: set[str] = set()
    terms: list[TermDefinition] = []
    first_text: dict[str, str] = {}
    for ref in article.glossary_refs:
        first_text.setdefault(ref.term_id, ref.text)
    for term_id, text in first_text.items():
        entry = glossary.lookup(term_id, text, article.language)
        if entry is None or entry.term_id in seen or not entry.definition:
            continue
        seen.add(entry.term_id)
        pronunciation = (entry.pronunciation or "").strip().strip("()").strip() or None
        written = " ".join(text.split())
        as_written = written if entry.closest_match and written.casefold() != entry.name.casefold() else None
        terms.append(TermDefinition(entry.name, pronunciation, entry.definition, as_written))
    return sorted(terms, key=lambda t: ((t.as_written or t.name).casefold(), t.name))


def qr_png(url: str, scale: int = 8) -> bytes:
    """A QR code of the address, as PNG bytes (segno is pure Python: no network, no Qt)."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def _public_domain(license: str) -> bool:
    return license_words(license) == "public domain"


def _credit(source: Source | None, label: dict[str, str], language: str) -> str:
    """``Text: World Health Organization, who.int (CC BY-NC-SA 3.0 IGO).``: whose text it is, from
    the front matter (NCI's own credit is for NCI's public-domain pages only)."""
    if source is None:
        return ""
    if source.nci:
        name = "National Cancer Institute" if language != "es" else "Instituto Nacional del Cáncer"
    else:
        name = source.name or ""
    words = [w for w in (name, host_of(source.url) if source.url else None) if w]
    if source.name and host_of(source.url) == source.name:
        words = [source.name]
    text = ", ".join(words)
    if source.license:
        shown = license_words(source.license, language)
        text = f"{text} ({shown})" if text else shown
    return label["credit_named"].format(name=text) if text else ""


def build_printout(article: Article, glossary=None, printed_on: date | None = None) -> Printout:
    """Everything the printer needs for one article: HTML plus its image resources."""
    language = article.language if article.language in LABELS else "en"
    label = _labels(language)
    esc = html.escape
    images: dict[str, Path | bytes] = {
        f"figure:{i}": fig.local_path for i, fig in enumerate(article.figures) if fig.local_path is not None
    }
    terms = glossary_terms(article, glossary)

    parts = [f"<html><head><title>{esc(article.title)}</title></head><body>", f"<h1>{esc(article.title)}</h1>"]
    meta = []
    if article.last_reviewed:
        meta.append(f"{label['reviewed']}: {format_date(article.last_reviewed, language)}")
    source = article_source(article.source, article.source_url, article.license)
    nci = source is not None and source.nci and (source.license is None or _public_domain(source.license))
    if source is not None and source.nci:
        meta.append(label["from"])
    elif source is not None and source.name:
        meta.append(label["from_named"].format(name=source.name))
    parts.append('<p class="meta">' + "<br>".join(esc(m) for m in meta) + "</p>")
    if terms:
        parts.append(f'<p class="note">{esc(label["underlined"])}</p>')
    parts.append(print_body(article))

    if terms:
        parts.append(f"<h2>{esc(label['words'])}</h2>")
        for term in terms:
            said = f" ({esc(term.pronunciation)})" if term.pronunciation else ""
            name = f'<span class="term">{esc(term.name)}</span>{said}'
            if term.as_written:
                name = f'<span class="term">{esc(term.as_written)}</span>: {esc(label["see"])} {name}'
            parts.append(f'<p class="term">{name}: {esc(term.definition)}</p>')
        parts.append(f'<p class="credit">{esc(label["words_credit"])}</p>')

    parts.append("<hr>")
    if article.source_url:
        images[QR_URL] = qr_png(article.source_url)
        parts.append(
            '<table cellpadding="6" cellspacing="0" border="0"><tr>'
            f'<td valign="top"><img src="{QR_URL}" width="130" height="130" alt=""></td>'
            f'<td valign="middle"><p><b>{esc(label["online"])}:</b><br>{esc(article.source_url)}</p>'
            f'<p class="small">{esc(label["scan"])}</p></td></tr></table>'
        )
    footer = label["credit"] if nci else _credit(source, label, language)
    if printed_on:
        footer = f"{footer} {label['printed']}: {format_date(printed_on, language)}.".strip()
    parts.append(f'<p class="credit">{esc(footer)}</p>')
    parts.append("</body></html>")
    return Printout(article.title, "".join(parts), images, terms)
