"""What every rendered page must satisfy, whatever the content file held (shared by tests/security).

The article view is a QTextBrowser: it runs no script, but it follows links, asks for images and
shows whatever tags it understands. So the rule is an allow-list on the HTML itself, checked by
parsing it (as the view does) and also by plain string search (in case a parser and Qt disagree).
"""

from __future__ import annotations

import re
import signal
import threading
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from mbc_reader.content.loader import load_library
from mbc_reader.content.models import Article, Library
from mbc_reader.content.render import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_article, render_body, section_texts

FORBIDDEN_TAGS = ("script", "iframe", "object", "embed", "style", "base", "meta", "form", "svg", "link", "frame")
HREF_PREFIXES = ("article:", "glossary:", "figure:", "https:", "http:", "mailto:", "tel:", "#")
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "livescript:", "file:", "data:")
_FORBIDDEN_RE = re.compile(r"<\s*/?\s*(?:%s)\b" % "|".join(FORBIDDEN_TAGS), re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\u200b-\u200f\u2028\u2029\ufeff]+")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # attribute values come back decoded, as Qt sees them
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def tags_of(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_safe_html(html: str, strict: bool = False) -> None:
    """The sanitiser's promise. ``strict``: no dangerous scheme even inside an attribute value."""
    assert not _FORBIDDEN_RE.search(html), f"forbidden tag in: {html[:300]!r}"
    for tag, attrs in tags_of(html):
        assert tag in ALLOWED_TAGS, f"tag <{tag}> is not allowed"
        for name, value in attrs:
            assert not re.fullmatch(r"on\w+", name), f"event handler {name}= on <{tag}>"
            assert name in ALLOWED_ATTRIBUTES.get(tag, ()), f"attribute {name} on <{tag}>"
            value = value or ""
            bare = _INVISIBLE.sub("", value).lower()
            assert not bare.startswith(DANGEROUS_SCHEMES), f"{name}={value!r} on <{tag}>"
            if strict:
                assert not any(s in bare for s in DANGEROUS_SCHEMES), f"{name}={value!r} on <{tag}>"
            if name == "href":
                assert value.startswith(HREF_PREFIXES), f"href={value!r}"
                assert "\\" not in value
            if name == "src":
                assert tag == "img" and re.fullmatch(r"figure:\d+", value), f"src={value!r}"
        if tag == "img":
            assert any(n == "src" for n, _ in attrs), "an <img> with no source (a broken-image icon)"


def check_article(article: Article, strict: bool = False) -> str:
    """Render the article every way the app does; nothing may raise and all HTML must be safe."""
    page = render_article(article)
    body = render_body(article)
    assert_safe_html(page, strict)
    assert_safe_html(body, strict)
    for section in section_texts(article):
        assert isinstance(section.text, str)
    return page


def load_text(folder: Path, text: str | bytes, name: str = "a.md") -> Library:
    """Write one content file into ``folder`` and load the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_library(folder)


def article_from(folder: Path, body: str, title: str = "Hostile") -> tuple[Article, Library]:
    library = load_text(folder, f"---\ntitle: {title}\n---\n\n# {title}\n\nIntro.\n\n{body}\n")
    assert len(library.articles) == 1, library.problems
    return library.articles[0], library


def text_of(html: str) -> str:
    """The visible text of sanitised HTML (tags dropped, entities decoded)."""

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data) -> None:
            self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


@contextmanager
def no_hang(seconds: int = 120):
    """Fail, rather than hang the suite, if hostile input sends the pipeline into a near-endless loop.

    A hang guard with a generous limit, not a speed assertion: speed is measured in benchmarks/.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def _expired(_signum, _frame):
        raise TimeoutError(f"still running after {seconds} s: the input made the pipeline hang")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
