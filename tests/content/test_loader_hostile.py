"""Hostile or careless content: each defect is a Problem naming the file, the key and what is wrong;
never a traceback, never Python's text for a value, and nothing good lost because of it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mbc_reader.content.catalog import load_library_cached
from mbc_reader.content.loader import article_ids, iter_content_files, language_tag, load_library
from mbc_reader.content.models import Severity
from mbc_reader.content.render import render_article

TEXT = "Some plain words about care.\n"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def problems_of(library, name: str) -> list:
    return [p for p in library.problems if p.file.name == name]


def only(library, name: str, code: str):
    found = [p for p in problems_of(library, name) if p.code == code]
    assert len(found) == 1, library.problems
    return found[0]


def assert_plain(problem) -> None:
    assert problem.message and "Traceback" not in problem.message and "sys." not in problem.message


# --- 1. encodings ---------------------------------------------------------------------------------


def test_three_bad_bytes_spoil_only_themselves_and_their_lines_are_named(tmp_path):
    text = "---\ntitle: Café crème\n---\n\n# Café au lait\n\nNaïve text · señal.\n\nLine eight.\n"
    data = text.encode("utf-8") + "Déjà vu €\n".encode("cp1252")  # line 10: three Windows-1252 bytes
    write(tmp_path, "mixed.md", data)
    library = load_library(tmp_path)
    (article,) = library.articles
    assert article.title == "Café au lait" and article.encoding == "utf-8"
    assert "Naïve text · señal." in article.body and "Ã" not in article.body
    assert "D\ufffdj\ufffd vu \ufffd" in article.body
    problem = only(library, "mixed.md", "encoding")
    assert problem.severity is Severity.WARNING
    assert "3 bytes" in problem.message and "line 10" in problem.message


def test_bad_bytes_on_several_lines_are_all_named(tmp_path):
    data = b"---\ntitle: T\n---\n\nCaf\xc3\xa9 \xe9\n\nna\xc3\xafve\n\nbad \x81 here\n"
    write(tmp_path, "two.md", data)
    problem = only(load_library(tmp_path), "two.md", "encoding")
    assert "lines 5 and 9" in problem.message


def test_a_file_mostly_not_utf8_is_still_read_as_windows_1252(tmp_path):
    text = "---\ntitle: Cáncer de hígado\nlanguage: es\n---\n\n## ¿Qué es?\n\nEl hígado está aquí — “sí”.\n"
    write(tmp_path, "legacy.md", text.encode("cp1252"))
    library = load_library(tmp_path)
    (article,) = library.articles
    assert article.title == "Cáncer de hígado" and "“sí”" in article.body and article.encoding == "windows-1252"
    assert "windows-1252" in only(library, "legacy.md", "encoding").message


# --- 2. front matter ------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["2025-13-45", "'2025-13-45'", "2025-02-30", "2025-01-01 25:00:00"])
def test_an_impossible_date_quoted_or_not_is_a_warning_naming_lastReviewed(tmp_path, written):
    write(tmp_path, "d.md", f"---\ntitle: Dated\nlastReviewed: {written}\n---\n\n{TEXT}")
    library = load_library(tmp_path)
    (article,) = library.articles
    assert article.title == "Dated" and article.last_reviewed is None
    problem = only(library, "d.md", "bad-date")
    assert problem.severity is Severity.WARNING and "lastReviewed" in problem.message
    assert written.strip("'") in problem.message


def test_a_5000_digit_number_is_a_plain_warning_naming_the_key(tmp_path):
    write(tmp_path, "n.md", f"---\ntitle: Numbers\nrecordId: {'7' * 5000}\n---\n\n{TEXT}")
    library = load_library(tmp_path)
    assert [a.title for a in library.articles] == ["Numbers"]
    problem = only(library, "n.md", "long-number")
    assert problem.severity is Severity.WARNING and "'recordId'" in problem.message and "5,000 digits" in problem.message
    assert_plain(problem)
    assert "set_int_max_str_digits" not in problem.message


def test_a_5000_digit_title_is_kept_as_the_text_written(tmp_path):
    write(tmp_path, "n.md", f"---\ntitle: {'7' * 5000}\n---\n\n{TEXT}")
    library = load_library(tmp_path)
    assert library.articles[0].title == "7" * 5000
    assert "'title'" in only(library, "n.md", "long-number").message


@pytest.mark.parametrize(
    ("front", "body", "shown"),
    [
        ("title: [A, B]", TEXT, "T list"),  # no heading: the file name
        ("title: yes", TEXT, "T list"),
        ("title: {a: 1}", TEXT, "T list"),
        ("title: [A, B]", "# The heading\n\n" + TEXT, "The heading"),
        ("title: true", "# The heading\n\n" + TEXT, "The heading"),
    ],
)
def test_a_title_that_is_a_list_or_yes_falls_back_to_heading_or_file_name_never_python_text(
    tmp_path, front, body, shown
):
    write(tmp_path, "t_list.md", f"---\n{front}\n---\n\n{body}")
    library = load_library(tmp_path)
    (article,) = library.articles
    assert article.title == shown
    problem = only(library, "t_list.md", "not-text")
    assert problem.severity is Severity.WARNING and "'title" in problem.message and shown in problem.message
    assert "['A', 'B']" not in problem.message and "True" not in problem.message


def test_a_title_list_of_one_item_uses_that_item(tmp_path):
    write(tmp_path, "one.md", f"---\ntitle: [Only one]\n---\n\n{TEXT}")
    library = load_library(tmp_path)
    assert library.articles[0].title == "Only one"
    assert "'title'" in only(library, "one.md", "not-text").message


@pytest.mark.parametrize(
    ("written", "language", "tag"),
    [("es-MX", "es", "es-MX"), ("es_mx", "es", "es-MX"), ("ES", "es", "es"), ("es-419", "es", "es-419"),
     ("zh-hant-tw", "zh", "zh-Hant-TW"), ("en", "en", "en"), ("no", "no", "no")],
)  # fmt: skip
def test_bcp47_language_tags_are_kept_and_grouped_by_primary_language(tmp_path, written, language, tag):
    write(tmp_path, "l.md", f"---\ntitle: L\nlanguage: {written}\n---\n\n{TEXT}")
    library = load_library(tmp_path)
    (article,) = library.articles
    assert (article.language, article.language_tag) == (language, tag)
    assert not library.problems


@pytest.mark.parametrize("written", ["[es, en]", "Spanish", "xx-YY", "7", "'e'", "{es: 1}", "es-", "español"])
def test_a_language_that_is_not_a_tag_warns_naming_the_key_and_falls_back_to_english(tmp_path, written):
    write(tmp_path, "l.md", f"---\ntitle: L\nlanguage: {written}\n---\n\n{TEXT}")
    library = load_library(tmp_path)
    (article,) = library.articles
    assert (article.language, article.language_tag) == ("en", None)
    problem = only(library, "l.md", "bad-language")
    assert problem.severity is Severity.WARNING and "'language" in problem.message and "'en'" in problem.message
    assert "['es', 'en']" not in problem.message


def test_a_language_name_gets_a_hint_of_its_code(tmp_path):
    write(tmp_path, "l.md", f"---\ntitle: L\nlanguage: Spanish\n---\n\n{TEXT}")
    assert "'es' for Spanish" in only(load_library(tmp_path), "l.md", "bad-language").message


def test_language_tag_syntax():
    assert language_tag("sr-Latn-RS") == "sr-Latn-RS"
    assert language_tag("en-US-x-clinic") == "en-US-x-clinic"
    assert language_tag("xx") is None and language_tag("english") is None and language_tag("") is None


def test_unclosed_front_matter_says_it_is_never_closed(tmp_path):
    write(tmp_path, "open.md", f"---\ntitle: Open\nlanguage: en\n\n# Open\n\n{TEXT}")
    library = load_library(tmp_path)
    problem = only(library, "open.md", "unclosed-front-matter")
    assert problem.severity is Severity.ERROR and "never closed" in problem.message and "line 1" in problem.message
    assert not problems_of(library, "open.md")[1:]  # not also "no title"


def test_a_dots_end_marker_closes_the_front_matter(tmp_path):
    write(tmp_path, "dots.md", f"---\ntitle: Dotted\nlanguage: es\n...\n\n{TEXT}")
    library = load_library(tmp_path)
    assert [(a.title, a.language) for a in library.articles] == [("Dotted", "es")] and not library.problems


@pytest.mark.parametrize("opening", ["--- yaml", "---yaml", "--- YAML "])
def test_a_yaml_word_on_the_opening_line_is_read_with_a_warning(tmp_path, opening):
    write(tmp_path, "y.md", f"{opening}\ntitle: Marked\n---\n\n{TEXT}")
    library = load_library(tmp_path)
    assert [a.title for a in library.articles] == ["Marked"]
    problem = only(library, "y.md", "front-matter")
    assert problem.severity is Severity.WARNING and "'---'" in problem.message


@pytest.mark.parametrize(
    ("text", "words"),
    [("+++\ntitle = 'T'\n+++\n\n", "TOML"), ("--- toml\ntitle = 'T'\n---\n\n", "TOML"),
     ("--- title: T\n---\n\n", "'---' alone")],
)  # fmt: skip
def test_other_front_matter_openings_get_their_own_message(tmp_path, text, words):
    write(tmp_path, "o.md", text + TEXT)
    library = load_library(tmp_path)
    (problem,) = library.problems
    assert problem.severity is Severity.ERROR and words in problem.message and "no title" not in problem.message


def test_yaml_error_lines_count_from_the_top_of_the_file(tmp_path):
    write(tmp_path, "e.md", f"\n\n---\ntitle: ok\nlanguage: [en\n---\n\n{TEXT}")
    (problem,) = load_library(tmp_path).problems
    assert problem.code == "yaml" and re.search(r"line [56]\b", problem.message)


def test_markdown_suffix_loads_like_md_everywhere_files_are_listed(tmp_path):
    content = tmp_path / "content"
    write(content, "long.markdown", f"---\ntitle: Long suffix\n---\n\n{TEXT}")
    write(content, "short.md", f"---\ntitle: Short suffix\n---\n\n{TEXT}")
    assert [p.name for p in iter_content_files(content)] == ["long.markdown", "short.md"]  # catalog, index, packs
    library = load_library(content)
    assert sorted(a.id for a in library.articles) == ["long", "short"] and not library.problems
    cached = load_library_cached([content], cache_dir=tmp_path / "cache")
    again = load_library_cached([content], cache_dir=tmp_path / "cache")
    assert cached.get("long") is not None and "Some plain words" in again.get("long").body


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_dangling_link_is_called_a_broken_link_not_outside(tmp_path):
    content = tmp_path / "content"
    write(content, "good.md", f"---\ntitle: Good\n---\n\n{TEXT}")
    os.symlink(content / "gone.md", content / "inside.md")
    os.symlink(tmp_path / "nowhere.md", content / "outside.md")
    os.symlink(content / "loop.md", content / "loop.md")
    library = load_library(content)
    assert [a.id for a in library.articles] == ["good"]
    for name in ("inside.md", "outside.md"):
        problem = only(library, name, "broken-link")
        assert problem.severity is Severity.ERROR and "broken link" in problem.message and "does not exist" in problem.message
        assert "outside the content folder" not in problem.message
    assert "loop" in only(library, "loop.md", "broken-link").message


def test_duplicate_keys_are_warned_by_name_and_the_last_one_is_used(tmp_path):
    text = f"---\ntitle: First\nstatus: active\ntitle: Second\nextra:\n  a: 1\n  a: 2\n---\n\n{TEXT}"
    write(tmp_path, "dup.md", text)
    library = load_library(tmp_path)
    assert library.articles[0].title == "Second"
    messages = sorted(p.message for p in problems_of(library, "dup.md") if p.code == "duplicate-key")
    assert len(messages) == 2
    assert "'a' is given twice inside 'extra'" in messages[0] and "lines 6 and 7" in messages[0]
    assert "'title' is given twice" in messages[1] and "lines 2 and 4" in messages[1]


def test_a_key_repeated_thousands_of_times_is_one_warning(tmp_path):
    write(tmp_path, "many.md", "---\ntitle: T\n" + "k: v\n" * 5000 + f"---\n\n{TEXT}")
    library = load_library(tmp_path)
    (problem,) = problems_of(library, "many.md")
    assert problem.code == "duplicate-key" and "5,000 times" in problem.message


def test_merge_keys_are_not_duplicates(tmp_path):
    write(tmp_path, "m.md", f"---\nbase: &b {{x: 1, y: 2}}\nother:\n  <<: *b\n  x: 3\ntitle: T\n---\n\n{TEXT}")
    assert not load_library(tmp_path).problems


def test_topics_as_a_comma_string_are_split_with_a_warning(tmp_path):
    write(tmp_path, "t.md", f'---\ntitle: T\ntopics: "Breast cancer, Coping"\n---\n\n{TEXT}')
    library = load_library(tmp_path)
    assert library.articles[0].topics == ("Breast cancer", "Coping")
    problem = only(library, "t.md", "topics-text")
    assert problem.severity is Severity.WARNING and "'topics'" in problem.message


def test_a_single_topic_string_is_fine(tmp_path):
    write(tmp_path, "t.md", f"---\ntitle: T\ntopics: Coping\n---\n\n{TEXT}")
    library = load_library(tmp_path)
    assert library.articles[0].topics == ("Coping",) and not library.problems


def test_odd_values_never_reach_the_reader_as_python_text(tmp_path):
    text = (
        "---\ntitle: T\nstatus: [retired]\naudience: {a: 1}\ntopics: [Coping, 12, yes, [x], {k: v}]\n"
        f"lastReviewed: [2020]\nreviewFrequency: no\nurl: [1, 2]\nversion: 010\n---\n\n{TEXT}"
    )
    write(tmp_path, "odd.md", text)
    library = load_library(tmp_path)
    (article,) = library.articles
    assert article.status == "retired"  # a one-item list: its item
    assert article.audience is None and article.source_url is None and article.last_reviewed is None
    assert article.topics == ("Coping", "12", "yes")
    assert article.review_frequency == "no" and article.version == "010"  # as written, not False or 8
    for problem in problems_of(library, "odd.md"):
        assert_plain(problem)
        assert not re.search(r"\[.*'|True|False|\{'", problem.message), problem.message
    keys = " ".join(p.message for p in problems_of(library, "odd.md"))
    for key in ("'status'", "'audience'", "'topics'", "'lastReviewed'", "'reviewFrequency: no'", "'url'"):
        assert key in keys


def test_front_matter_that_is_not_key_value_lines_is_ignored_with_a_warning(tmp_path):
    write(tmp_path, "list.md", f"---\n- a\n- b\n---\n\n# From the heading\n\n{TEXT}")
    library = load_library(tmp_path)
    assert [a.title for a in library.articles] == ["From the heading"]
    assert only(library, "list.md", "yaml").severity is Severity.WARNING


# --- 3. files with the same name ------------------------------------------------------------------


def two_intros(content: Path) -> None:
    write(content, "a/intro.md", f"---\ntitle: Intro A\nurl: https://www.cancer.gov/x/a\n---\n\nShort.\n")
    write(
        content,
        "b/intro.md",
        "---\ntitle: Intro B\nurl: https://www.cancer.gov/x/b\n---\n\nLonger.\n\n## More\n\nMore text.\n",
    )
    write(content, "c/other.md", f"---\ntitle: Other\n---\n\n{TEXT}")
    write(content, "linker.md", "---\ntitle: Linker\n---\n\nSee [A](/x/a#top) and [B](https://www.cancer.gov/x/b/).\n")


def test_same_named_files_in_two_folders_both_load_and_are_found_by_folder_id(tmp_path):
    content = tmp_path / "content"
    two_intros(content)
    library = load_library(content)
    assert sorted(a.id for a in library.articles) == ["a/intro", "b/intro", "linker", "other"]
    assert library.get("a/intro").title == "Intro A" and library.get("b/intro").title == "Intro B"
    assert not [p for p in library.problems if p.severity is not Severity.INFO]
    notes = [p for p in library.problems if p.code == "same-name"]  # staff learn why the id changed
    assert sorted(p.file.parent.name for p in notes) == ["a", "b"]
    assert "'a/intro'" in next(p.message for p in notes if p.file.parent.name == "a")


def test_a_link_to_each_same_named_article_resolves(tmp_path):
    content = tmp_path / "content"
    two_intros(content)
    library = load_library(content)
    linker = library.get("linker")
    assert [link.target for link in linker.links] == ["article:a/intro#top", "article:b/intro"]
    for link in linker.links:
        assert library.get(link.target.removeprefix("article:").partition("#")[0]) is not None
    html = render_article(linker)
    assert 'href="article:a/intro#top"' in html and 'href="article:b/intro"' in html


def test_unique_names_keep_their_plain_ids(tmp_path):
    content = tmp_path / "content"
    two_intros(content)
    write(content, "intro.md", f"---\ntitle: Top intro\n---\n\n{TEXT}")  # at the top: keeps 'intro'
    ids = article_ids(iter_content_files(content), content)
    assert {p.relative_to(content).as_posix(): i for p, i in ids.items()} == {
        "intro.md": "intro", "linker.md": "linker", "a/intro.md": "a/intro", "b/intro.md": "b/intro",
        "c/other.md": "other",
    }  # fmt: skip
    assert article_ids(list(reversed(iter_content_files(content))), content) == ids  # order does not matter


def test_same_name_with_another_suffix_in_one_folder_keeps_both(tmp_path):
    write(tmp_path, "x/same.md", f"---\ntitle: Md\n---\n\n{TEXT}")
    write(tmp_path, "x/same.txt", f"---\ntitle: Txt\n---\n\n{TEXT}")
    library = load_library(tmp_path)
    assert {a.id: a.title for a in library.articles} == {"x/same.md": "Md", "x/same.txt": "Txt"}


def test_same_named_articles_survive_the_start_up_catalog(tmp_path):
    content, cache = tmp_path / "content", tmp_path / "cache"
    two_intros(content)
    load_library_cached([content], cache_dir=cache)
    again = load_library_cached([content], cache_dir=cache)
    assert "Longer." in again.get("b/intro").body and "Short." in again.get("a/intro").body
    assert [link.target for link in again.get("linker").links] == ["article:a/intro#top", "article:b/intro"]


def test_a_pack_with_same_named_files_installs_both_without_force(tmp_path, monkeypatch):
    from mbc_reader.content.library import open_library
    from mbc_reader.content.packs import install_pack

    monkeypatch.setenv("MBC_READER_DATA_DIR", str(tmp_path / "data"))
    source = tmp_path / "clinic"
    two_intros(source)
    result = install_pack(source)
    assert result.pack.articles == 4 and not result.pack.skipped and not result.pack.forced
    ids = {a.id for a in open_library(write_cache=False).articles}
    assert {"a/intro", "b/intro"} <= ids


# --- 4. python-frontmatter splits and parses the front matter -----------------------------------


def test_front_matter_is_split_and_parsed_by_python_frontmatter(tmp_path, monkeypatch):
    from frontmatter.default_handlers import BaseHandler, YAMLHandler

    calls: list[str] = []
    split, load = BaseHandler.split, YAMLHandler.load
    monkeypatch.setattr(BaseHandler, "split", lambda self, text: calls.append("split") or split(self, text))
    monkeypatch.setattr(YAMLHandler, "load", lambda self, fm, **kw: calls.append("load") or load(self, fm, **kw))
    write(tmp_path, "a.md", f"---\ntitle: Dots\n...\n\n{TEXT}")
    write(tmp_path, "b.md", f"--- yaml\ntitle: Marked\n---\n\n{TEXT}")
    library = load_library(tmp_path)
    assert sorted(a.title for a in library.articles) == ["Dots", "Marked"]
    assert calls == ["split", "load"] * 2


@pytest.mark.parametrize(
    "text",
    ["---\ntitle: T\n---\nbody\n---\nmore", "--- yaml\ntitle: T\n...\n\nbody", "---\n---\n", "---\n...",
     "---\ntitle: T\n--- yaml\n----\nb", "---\ntitle: T\n....\n", "---", "---\n", "---\ntitle: T\n"],
)  # fmt: skip
def test_the_catalog_re_read_splits_exactly_as_python_frontmatter_does(text):
    """The re-read (``parse_yaml=False``) splits without importing the library: same pieces."""
    from mbc_reader.content import loader

    def pieces(split):
        try:
            return split(text)
        except ValueError:
            return "never closed"

    assert pieces(loader._split_without_library) == pieces(loader._handler().split)


def test_keys_a_python_frontmatter_post_cannot_hold_still_load(tmp_path):
    """``frontmatter.loads`` fails on these (``Post(content, handler, **metadata)``); the loader does not."""
    write(tmp_path, "k.md", f"---\ntitle: Keys\ncontent: c\nhandler: h\n1: one\n---\n\n{TEXT}")
    library = load_library(tmp_path)
    assert [a.title for a in library.articles] == ["Keys"] and not library.problems


def test_re_reading_an_article_from_the_catalog_imports_neither_yaml_nor_frontmatter(tmp_path):
    import subprocess
    import sys

    path = write(tmp_path, "a.md", f"---\ntitle: A\n...\n\n{TEXT}")
    code = (
        "import sys\nfrom mbc_reader.content.loader import FileText\n"
        "text = FileText(sys.argv[1], sys.argv[2], {}, 'A')()\n"
        "assert 'plain words' in text.body, text\n"
        "print(' '.join(m for m in ('yaml', 'frontmatter') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []
