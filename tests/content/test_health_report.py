"""The content health report: what check lists, where in the article each problem is, and the
report written as CSV or HTML (safely: a content file's name and title are whatever its writer chose)."""

from __future__ import annotations

import csv
import io
from datetime import date

from mbc_reader.content.glossary import Glossary
from mbc_reader.content.health_report import (
    ReportRow,
    build_report,
    find_place,
    health_problems,
    section_at,
    to_csv,
    to_html,
    write_report,
)
from mbc_reader.content.loader import load_library

from ..conftest import SEEDS


def test_a_dropped_link_knows_its_section_and_words(write_article):
    path = write_article("a.md", "Intro with [a lost page](lost.md).\n\n## Tests\n\nAsk about [the old leaflet](old.md).\n")
    library = load_library(path.parent)
    by_words = {p.words: p for p in library.problems}
    assert by_words["a lost page"].anchor == "" and by_words["the old leaflet"].anchor == "tests"
    (article,) = library.articles
    assert find_place(article, by_words["the old leaflet"]) == ("tests", "the old leaflet")


def test_dictionary_problems_carry_the_links_words_and_are_placed_by_them():
    library = load_library(SEEDS)
    problems = health_problems(library, Glossary.bundled())
    terms = [p for p in problems if p.code == "unknown-dictionary-term"]
    assert sorted(p.words for p in terms) == ["HER2", "hormone receptor\u2013positive", "lymph system"]
    assert not any(p.code == "unknown-glossary-id" for p in problems)  # said link by link instead
    (article,) = library.articles
    (lymph,) = [p for p in terms if p.words == "lymph system"]
    assert find_place(article, lymph) == ("what-is-metastatic-breast-cancer", "lymph system")


def test_section_at():
    body = "Intro.\n\n## One {#one}\n\nText.\n\n### Two {#two}\n\nMore.\n"
    assert section_at(body, 0) == "" and section_at(body, body.index("Text")) == "one"
    assert section_at(body, body.index("More")) == "two"


def test_report_rows_cover_problems_and_review_dates(write_article):
    write_article("late.md", "Text with [gone](gone.md).\n", lastReviewed="2020-01-01", reviewFrequency="yearly")
    library = load_library(write_article("bad.md", "", raw="no front matter\n").parent)
    rows = build_report(library, None, as_of=date(2026, 1, 1))
    assert [(r.category, r.severity) for r in rows] == [("file", "error"), ("link", "warning"), ("review", "overdue")]
    assert rows[2].article_id == "late" and "days overdue" in rows[2].message


def test_csv_cells_never_read_as_formulas_and_html_is_escaped(tmp_path):
    rows = [ReportRow("file", "warning", "=HYPERLINK(\"http://x\")", "a", "+1 title", "code",
                      "<script>alert(1)</script> & more")]  # fmt: skip
    table = list(csv.reader(io.StringIO(to_csv(rows))))
    assert table[1][2].startswith("'=") and table[1][4] == "'+1 title"
    page = to_html(rows, summary="1 file <b>")
    assert "<script>" not in page and "&lt;script&gt;" in page and "1 file &lt;b&gt;" in page
    assert write_report(tmp_path / "r.HTML", rows) == "html" and write_report(tmp_path / "r.txt", rows) == "csv"
    assert (tmp_path / "r.txt").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
