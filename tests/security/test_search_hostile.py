"""Hostile content through the search index: indexing never raises, hidden text is never findable.

Search indexes what the reader shows (``section_texts`` of the sanitised HTML), so a script's
source, a style sheet or an HTML comment is not searchable, and a snippet is plain text with only
``<b>`` marks, whatever the article held.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_xss import MARKDOWN, RAW_HTML

from mbc_reader.content import search
from mbc_reader.content.loader import load_library

HIDDEN = (
    "<script>var zqxscript = 1;</script>\n\n"
    "<style>.zqxstyle { color: red }</style>\n\n"
    "<!-- zqxcomment -->\n\n"
    '<a href="javascript:zqxhref()">zqxvisible link</a>\n\n'
    '<img src="x" alt="zqximgalt" onerror="zqxhandler()">\n\n'
    "[zqxlabel](javascript:zqxjs)\n\n"
    "Plain zqxplain words.\n"
)


def _write(folder: Path, name: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\ntitle: Page {name}\n---\n\n# Page {name}\n\n## Part\n\n{body}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "content"
    _write(folder, "hidden.md", HIDDEN)
    for i, attack in enumerate(RAW_HTML + MARKDOWN):
        _write(folder, f"attack-{i:03d}.md", f"Text zqxattack{i}.\n\n{attack}\n\nAfter.")
    for i, stress in enumerate(["[" * 200_000, "".join("  " * n + "- x\n" for n in range(1500)), "word " * 200_000]):
        _write(folder, f"stress-{i}.md", stress)
    library = load_library(folder)
    home = tmp_path_factory.mktemp("index")
    search.ensure_index(library, home)  # must not raise on any of it
    searcher = search.Searcher(home)
    yield library, searcher
    searcher.close()


def _ids(searcher, query: str) -> list[str]:
    return [hit.article_id for hit in searcher.search(query).results]


def test_visible_words_are_found(hostile_index):
    _library, searcher = hostile_index
    assert "hidden" in _ids(searcher, "zqxplain")
    assert "hidden" in _ids(searcher, "zqxvisible")
    assert "attack-000" in _ids(searcher, "zqxattack0")


@pytest.mark.parametrize("word", ["zqxscript", "zqxstyle", "zqxcomment", "zqxhref", "zqxhandler", "zqxjs"])
def test_script_style_comment_and_attribute_text_is_never_found(hostile_index, word):
    _library, searcher = hostile_index
    assert _ids(searcher, word) == []


@pytest.mark.parametrize("query", ["alert", "javascript", "script", "onerror", "<script>", "x' OR 1=1 --", "*", "\x00", "a" * 500])
def test_hostile_queries_answer_with_plain_snippets(hostile_index, query):
    _library, searcher = hostile_index
    response = searcher.search(query)
    for hit in response.results:
        assert not re.search(r"<(?!/?b>)", hit.snippet), hit.snippet  # only <b>…</b> marks
        assert not hit.anchor or re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.:-]*", hit.anchor)
