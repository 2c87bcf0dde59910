"""Property-based: random Markdown and random front matter through load -> repair -> render.

Whatever the text, ``load_library`` returns (never raises), every article renders to HTML that
passes ``assert_safe_html``, section anchors are real ids in the page, and well-formed links leave
no Markdown behind. Examples are bounded (``max_examples``, small sizes) to keep the suite fast.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from safety import check_article, load_text, no_hang, tags_of, text_of

from mbc_reader.content.models import Library
from mbc_reader.content.render import render_body, section_texts

SETTINGS = settings(max_examples=int(os.environ.get("MBC_HYPOTHESIS_EXAMPLES", "200")), deadline=None)

TOKENS = [
    "[", "]", "(", ")", "![", "[![", "](", "<", ">", "*", "**", "_", "`", "```", "~~~", "#", "## ", "### ",
    "\n", "\n\n", "\n\n## ", "\n> ", "\n- ", "\n1. ", "\n    ", "\t", "|", "\n|---|\n", ":", "\n: ", "{", "}",
    "{#", "{: ", "{.c}", "{onclick=alert(1)}", "{{figure:0}}", "{{figure:7}}", "\\", "&", "&#", "&#x6A;", ";",
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<a href=", "<iframe>",
    "<style>", "<div markdown=\"1\">", "</div>", "<!--", "-->", "<![CDATA[", "]]>", "<base href=//x>",
    "javascript:", "JaVaScRiPt:", "jav\tascript:", "vbscript:", "data:", "file:", "file:///etc/passwd",
    "http://", "https://", "//", "/", "../", "%2e%2e/", "mailto:", "tel:", "#", "?", "=", "\"", "'",
    "/publications/dictionaries/cancer-terms/def/45762", "https://www.cancer.gov/types/breast",
    "Credit: ", "[Enlarge Image](/x.jpg)", "Enlarge", "*[HTML]: ", "[^1]", "\n[^1]: ", "[1]", "\n[1]: ",
    "\u00a0", "\u200b", "\u202e", "\ufeff", "é", "ñ", "—", "\r\n", "\r", "\x0b", "\x0c",
]  # fmt: skip
WORDS = st.text(alphabet="abcdefghij ABC0123", min_size=1, max_size=12)
MARKDOWNISH = st.lists(st.one_of(st.sampled_from(TOKENS), WORDS, st.text(max_size=6)), max_size=60).map("".join)

SAFE_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFG0123456789,.'-?", min_size=1, max_size=40).filter(
    lambda s: s.strip()
)
URLS = st.one_of(
    st.sampled_from(
        [
            "https://www.cancer.gov/types/breast",
            "/types/breast/treatment",
            "/publications/dictionaries/cancer-terms/def/45762",
            "https://example.org/page?x=1&y=2",
            "mailto:nci@example.org",
            "#local-anchor",
            "javascript:alert(1)",
            "vbscript:x",
            "file:///etc/passwd",
            "data:text/html,x",
            "../../etc/passwd",
            "relative/page.html",
            "//evil.example/x",
        ]
    ),
    st.builds(lambda p: "/" + p, st.text(alphabet="abcdefgh-/", max_size=20)),
)


def load_string(text: str) -> Library:
    with tempfile.TemporaryDirectory() as folder, no_hang(120):
        return load_text(Path(folder) / "c", text)


def render_all(library: Library) -> list[str]:
    return [check_article(article) for article in library.articles]


@SETTINGS
@given(body=MARKDOWNISH)
def test_random_markdown_never_raises_and_renders_safely(body):
    library = load_string(f"---\ntitle: Random\n---\n\n# Random\n\nIntro.\n\n{body}\n")
    for html in render_all(library):
        assert "<script" not in html.lower()


@SETTINGS
@given(text=st.text(max_size=300))
def test_any_unicode_text_never_raises(text):
    render_all(load_string(text))
    render_all(load_string(f"---\ntitle: T\n---\n\n{text}"))


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
    st.dates(), st.datetimes(), st.sampled_from(["<script>alert(1)</script>", "javascript:alert(1)", "2024-02-30", ""]),
)  # fmt: skip
KEYS = st.one_of(
    st.sampled_from(
        ["title", "url", "language", "status", "audience", "audienceLevel", "topics", "lastReviewed",
         "last_reviewed", "reviewFrequency", "version", "source"]
    ),
    st.text(max_size=10),
)  # fmt: skip
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=12)


@SETTINGS
@given(meta=st.dictionaries(KEYS, VALUES, max_size=8), body=MARKDOWNISH)
def test_random_front_matter_never_raises(meta, body):
    front = yaml.safe_dump(meta, allow_unicode=True, default_flow_style=False)
    library = load_string(f"---\n{front}---\n\n{body}\n")
    render_all(library)
    for article in library.articles:
        assert isinstance(article.title, str) and article.title
        assert article.last_reviewed is None or isinstance(article.last_reviewed, dt.date)


@SETTINGS
@given(front=MARKDOWNISH)
def test_random_text_in_the_front_matter_block_never_raises(front):
    render_all(load_string(f"---\ntitle: T\n{front}\n---\n\nBody text.\n"))


HEADINGS = st.tuples(st.integers(1, 6), st.one_of(SAFE_TEXT, MARKDOWNISH.filter(lambda s: "\n" not in s and "\r" not in s)))


@SETTINGS
@given(headings=st.lists(HEADINGS, min_size=1, max_size=12), para=SAFE_TEXT)
def test_every_section_anchor_is_an_id_in_the_page(headings, para):
    body = "\n\n".join(f"{'#' * level} {text}\n\n{para}" for level, text in headings)
    library = load_string(f"---\ntitle: Sections\n---\n\n# Sections\n\nIntro.\n\n{body}\n")
    for article in library.articles:
        html = render_body(article)
        ids = {value for _tag, attrs in tags_of(html) for name, value in attrs if name == "id"}
        anchors = [s.anchor for s in article.flat_sections()]
        assert len(anchors) == len(set(anchors))  # unique: the navigator jumps to the right one
        assert set(anchors) <= ids, (anchors, ids)
        texts = section_texts(article)
        assert {t.anchor for t in texts if t.anchor} <= set(anchors)


LINK = st.builds(lambda text, url: f"[{text}]({url})", SAFE_TEXT, URLS)
IMAGE = st.builds(lambda alt, url: f"![{alt}]({url})", SAFE_TEXT, URLS)
CARD = st.builds(lambda alt, src, title, url: f"[![{alt}]({src}) {title}]({url})", SAFE_TEXT, URLS, SAFE_TEXT, URLS)
GLOSSARY = st.builds(
    lambda word, n: f"[{word}](/publications/dictionaries/cancer-terms/def/{n})", SAFE_TEXT, st.integers(1, 10**7)
)


@SETTINGS
@given(parts=st.lists(st.one_of(LINK, IMAGE, CARD, GLOSSARY, SAFE_TEXT), min_size=1, max_size=15), sep=st.sampled_from([" ", "\n\n", "\n"]))
def test_well_formed_links_and_images_leave_no_markdown_behind(parts, sep):
    library = load_string(f"---\ntitle: Links\n---\n\n# Links\n\nIntro.\n\n{sep.join(parts)}\n")
    for html in render_all(library):
        visible = text_of(html)
        assert "](" not in visible and "[![" not in visible, visible
        for _tag, attrs in tags_of(html):
            for name, value in attrs:
                if name == "href" and value.startswith("glossary:"):
                    assert value[len("glossary:"):].isdigit()
                if name == "href" and value.startswith("article:"):
                    assert "/" not in value and " " not in value
