"""Long articles in parts: every section in exactly one part, parts linked in order."""

from __future__ import annotations

from mbc_reader.content.loader import load_library
from mbc_reader.content.pages import page_of, paginate, render_page


def long_article(write_article, tmp_path, sections: int = 12, size: int = 3000):
    paragraph = ("Words about treatment and care. " * (size // 32)).strip()
    body = "# Long\n\nIntro text.\n\n" + "".join(
        f"## Part {i}\n\n{paragraph}\n\n### Detail {i}\n\n{paragraph}\n\n" for i in range(sections)
    )
    write_article("long.md", body)
    return load_library(tmp_path / "content").get("long")


def test_short_article_is_one_part_rendered_as_whole(tmp_path, write_article):
    article = long_article(write_article, tmp_path, sections=2, size=200)
    pages = paginate(article)
    assert len(pages) == 1
    assert "Part 1 of" not in render_page(article, pages, 0)


def test_long_article_parts_cover_every_section_once(tmp_path, write_article):
    article = long_article(write_article, tmp_path)
    pages = paginate(article, limit=15_000)
    assert len(pages) > 2
    assert all(p.end - p.start <= 15_000 for p in pages)
    anchors = [a for p in pages for a in p.anchors]
    assert sorted(anchors) == sorted(s.anchor for s in article.flat_sections())
    assert pages[0].start == 0 and pages[-1].end == len(article.body)
    assert all(a.end == b.start for a, b in zip(pages, pages[1:]))


def test_oversized_section_is_cut_at_subheadings(tmp_path, write_article):
    article = long_article(write_article, tmp_path, sections=2, size=12_000)
    pages = paginate(article, limit=15_000)
    assert any(p.title.startswith("Detail") for p in pages)


def test_parts_link_to_neighbours_and_anchor_finds_its_part(tmp_path, write_article):
    article = long_article(write_article, tmp_path)
    pages = paginate(article, limit=15_000)
    last = pages[-1]
    anchor = sorted(last.anchors)[0]
    assert page_of(pages, anchor) == last.index
    assert page_of(pages, "no-such-anchor") == 0
    first_html = render_page(article, pages, 0)
    assert f'href="article:long#{pages[1].first_anchor}"' in first_html and "Continue reading" in first_html
    last_html = render_page(article, pages, last.index)
    assert "Previous part" in last_html and "Continue reading" not in last_html
    assert f'<h2 id="{last.first_anchor}">' in last_html or f'<h3 id="{last.first_anchor}">' in last_html
