"""Markdown that must reach the page as written: code blocks, code spans and escaped brackets.

repair.py rewrites links, headings and angle brackets before Markdown sees the text. None of
that may happen inside code (Markdown shows code as it is written) or to an escaped bracket
(``\\[`` is a bracket, not the start of a link). Each case goes through repair and the renderer;
the last ones through the loader too.
"""

from __future__ import annotations

import re

import pytest

from mbc_reader.content import repair
from mbc_reader.content.loader import load_library
from mbc_reader.content.models import ArticleText
from mbc_reader.content.render import render_body


def in_library(path: str) -> str | None:
    return "types-breast" if path == "/types/breast" else None


@pytest.fixture
def render(write_article, tmp_path):
    """render(body) -> (repair result, the body's HTML as the reader shows it)."""
    write_article("host.md", "Text.\n")
    host = load_library(tmp_path / "content").articles[0]

    def go(body: str) -> tuple[repair.RepairResult, str]:
        result = repair.repair(body, "Title", in_library)
        text = ArticleText(result.markdown, (), tuple(result.glossary_refs), tuple(result.links))
        return result, render_body(host, text=text)

    return go


def loaded_html(write_article, tmp_path, body: str) -> str:
    write_article("a.md", body)
    (article,) = load_library(tmp_path / "content").articles
    return render_body(article)


# --- (a) an indented code block at the very start -------------------------------------------


def test_leading_indented_code_block_stays_a_code_block(render):
    _, html = render("    line one\n    line two\n\nText.\n")
    assert "<pre><code>line one\nline two\n</code></pre>" in html
    assert "<p>line one" not in html


def test_blank_lines_before_a_leading_code_block_go_but_its_indent_stays(render):
    _, html = render("\n   \n    code\n\nText.\n")
    assert "<pre><code>code\n</code></pre>" in html


def test_leading_code_block_after_the_page_title_stays_a_code_block(render):
    result, html = render("# Title\n\n    code\n\nText.\n")
    assert result.title == "Title"
    assert "<pre><code>code\n</code></pre>" in html


def test_empty_heading_does_not_take_a_code_block_as_its_text(render):
    result, html = render("##\n\n    code\n\nText.\n")
    assert result.sections == ()
    assert "<pre><code>code\n</code></pre>" in html


def test_leading_indented_code_block_survives_loading(write_article, tmp_path):
    html = loaded_html(write_article, tmp_path, "    line one\n    line two\n\nText.\n")
    assert "<pre><code>line one\nline two\n</code></pre>" in html


# --- (b) escaped brackets ---------------------------------------------------------------------


def test_escaped_link_stays_literal_text(render):
    result, html = render("See \\[x](/foo) here.\n")
    assert "<a" not in html
    assert "[x](/foo)" in html
    assert result.links == []


def test_escaped_link_to_a_library_page_stays_literal_text(render):
    _, html = render("\\[x](/types/breast)\n")
    assert "<a" not in html and "[x](/types/breast)" in html


def test_escaped_backslash_before_a_link_leaves_the_link_live(render):
    _, html = render("\\\\[x](/types/breast)\n")
    assert '\\<a href="article:types-breast">x</a>' in html


def test_escaped_bracket_inside_link_text_keeps_the_link(render):
    _, html = render("[a \\] b](/types/breast)\n")
    assert '<a href="article:types-breast">a ] b</a>' in html


def test_escaped_heading_mark_is_no_heading(render):
    result, html = render("\\# Not a heading\n\nText.\n")
    assert result.sections == () and "<h" not in html
    assert "# Not a heading" in html


# --- (c) link syntax in code ----------------------------------------------------------------


def test_link_in_code_span_is_left_as_written(render):
    result, html = render("Use `[a](/b)` and `[c](/types/breast)` here.\n")
    assert "<code>[a](/b)</code>" in html and "<code>[c](/types/breast)</code>" in html
    assert result.links == [] and result.markdown == "Use `[a](/b)` and `[c](/types/breast)` here.\n"


def test_angle_placeholder_in_code_span_is_left_as_written(render):
    _, html = render("Write `<MM/DD/YYYY>` there.\n")
    assert "<code>&lt;MM/DD/YYYY&gt;</code>" in html


def test_double_backtick_code_span_holding_a_backtick(render):
    _, html = render("``a ` [b](/c)``\n")
    assert "<code>a ` [b](/c)</code>" in html


def test_lone_backtick_opens_no_code_span(render):
    _, html = render("a ` [b](/types/breast)\n")
    assert '<a href="article:types-breast">b</a>' in html


def test_escaped_backtick_opens_no_code_span(render):
    _, html = render("\\`[b](/types/breast)`\n")
    assert '`<a href="article:types-breast">b</a>`' in html


def test_link_in_fenced_code_is_left_as_written(render):
    result, html = render("Intro.\n\n```\n[a](/b)\n\n## Not a heading\n\n{{figure:0}}\n```\n\n[x](/types/breast)\n")
    assert "<pre><code>[a](/b)\n\n## Not a heading\n\n{{figure:0}}\n</code></pre>" in html
    assert result.sections == () and result.figures == []
    assert '<a href="article:types-breast">x</a>' in html  # after the block, links work again


def test_longer_fence_holds_a_shorter_one(render):
    _, html = render("````\n```\n[a](/b)\n````\n")
    assert "<pre><code>```\n[a](/b)\n</code></pre>" in html


def test_unclosed_fence_is_no_code(render):
    _, html = render("```\n[a](/types/breast)\n")
    assert '<a href="article:types-breast">a</a>' in html


def test_link_and_comment_in_indented_code_are_left_as_written(render):
    result, html = render("Intro.\n\n    [a](/b) <x>\n\n    # comment\n\nAfter.\n")
    assert "<pre><code>[a](/b) &lt;x&gt;\n\n# comment\n</code></pre>" in html
    assert result.sections == () and result.links == []


def test_indented_code_is_rendered_as_python_markdown_renders_it(render):
    """Runs of indented blocks are one block; a line not indented ends it (and is a paragraph)."""
    _, html = render('Intro.\n\n    a <b> & "c"\n    ```x```\n\n\n    second  \n\tthird\nnot code\n\nAfter.\n')
    assert '<pre><code>a &lt;b&gt; &amp; "c"\n```x```\n\n\nsecond  \nthird\n</code></pre>\n<p>not code</p>' in html


def test_indented_paragraph_of_a_list_item_is_not_code(render):
    _, html = render("- item\n\n    [more](/types/breast) text\n\nAfter.\n")
    assert re.search(r'<li>\s*<p>item</p>\s*<p><a href="article:types-breast">more</a> text</p>\s*</li>', html)


def test_code_in_a_heading_keeps_its_text(render):
    result, _ = render("## The `#` sign\n\nText.\n")
    assert [s.title for s in result.sections] == ["The # sign"]


def test_code_and_escapes_reach_the_page_through_the_loader(write_article, tmp_path):
    html = loaded_html(
        write_article,
        tmp_path,
        "# Title\n\nIntro.\n\nUse `[a](/b)`, not \\[c](/types/breast).\n\n```\n[d](/types/breast)\n```\n",
    )
    assert "<code>[a](/b)</code>" in html and "not [c](/types/breast)." in html
    assert "<pre><code>[d](/types/breast)\n</code></pre>" in html
    assert "<a" not in html


def test_characters_of_the_private_plane_in_a_file_do_not_turn_into_markup(render):
    """Hidden code uses U+F0000…: one already in the text must not come back as a bracket."""
    result, html = render("a \U000f005bx\U000f005d(/types/breast) b\n")
    assert "<a" not in html and "[" not in result.markdown
