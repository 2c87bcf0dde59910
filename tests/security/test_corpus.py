"""The real 1,433 NCI pages through the whole pipeline, with the same invariants as hostile input.

Slow (run in CI with ``-m slow``): every file loads or is reported; every article renders
(``render_article``, ``render_body``, ``section_texts``) without raising; every page passes
``assert_safe_html``; no Markdown link syntax survives as text; section anchors are ids in the page;
pictures come only from inside the corpus folder. Prints the counts.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from safety import assert_safe_html, tags_of, text_of

from mbc_reader.content.glossary import Glossary
from mbc_reader.content.loader import iter_content_files, load_library
from mbc_reader.content.render import render_article, render_body, section_texts

pytestmark = pytest.mark.slow


def test_every_corpus_article_loads_renders_and_is_safe(corpus_dir):
    started = time.perf_counter()
    files = iter_content_files(corpus_dir)
    library = load_library(corpus_dir, glossary=Glossary.bundled())
    errors = {p.file for p in library.problems if p.severity.value == "error"}
    assert {a.path for a in library.articles} | errors == set(files)  # loaded or reported, each one

    root = corpus_dir.resolve()
    stats: Counter[str] = Counter()
    residue: list[str] = []
    for article in library.articles:
        page = render_article(article)
        body = render_body(article)
        sections = section_texts(article)
        assert_safe_html(page)
        assert_safe_html(body)
        visible = text_of(body)
        if "](" in visible or "[![" in visible:
            residue.append(article.id)
        ids = {value for _tag, attrs in tags_of(body) for name, value in attrs if name == "id"}
        missing = {s.anchor for s in article.flat_sections()} - ids
        assert not missing, (article.id, sorted(missing)[:5])
        assert all(f.local_path is None or f.local_path.resolve().is_relative_to(root) for f in article.figures)
        for tag, attrs in tags_of(page):
            stats[f"<{tag}>"] += 1
            for name, value in attrs:
                if name == "href":
                    stats["href " + (value or "").split(":", 1)[0] if ":" in (value or "") else "href #"] += 1
        stats["sections"] += len(sections)
        stats["html characters"] += len(page)
    assert not residue, f"Markdown link syntax left as text in: {residue[:10]}"

    counts = Counter(f"{p.severity.value}:{p.code}" for p in library.problems)
    print(
        f"\ncorpus: {len(files)} files, {len(library.articles)} loaded and rendered safely, "
        f"{len(errors)} reported as errors; problems {dict(sorted(counts.items()))}"
    )
    print(f"rendered: {dict(sorted(stats.items()))}")
    print(f"took {time.perf_counter() - started:.1f} s")
    assert len(files) == 1433 and len(library.articles) >= 1400
