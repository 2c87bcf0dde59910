"""Odd bytes, odd files and resource bombs: every file loads or is reported, nothing raises or hangs.

A content pack comes from outside the clinic. Whatever its files hold (another encoding, NUL
bytes, invalid or explosive YAML, a 5 MB line, 10,000 levels of nesting) or whatever they are (a
folder, unreadable, a dangling link, empty), ``load_library`` returns articles and problems, and
every article it returns renders to safe HTML.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safety import check_article, load_text, no_hang, text_of

from mbc_reader.content.loader import MAX_FILE_BYTES, load_library
from mbc_reader.content.models import Severity

BODY = "# Café au lait\n\nNaïve text — “quoted” · 5 µg · señal.\n"
FRONT = "---\ntitle: Café crème\nlanguage: en\n---\n\n"


def _one(library, code: str | None = None):
    """The single problem with this code, or the single article when code is None."""
    if code is None:
        assert len(library.articles) == 1, library.problems
        return library.articles[0]
    found = [p for p in library.problems if p.code == code]
    assert found, library.problems
    assert all(p.message and p.file for p in found)
    return found[0]


@pytest.mark.parametrize(
    ("encoding", "warned"),
    [("utf-8", False), ("utf-8-sig", False), ("cp1252", True), ("latin-1", True), ("utf-16", True),
     ("utf-16-le", None), ("utf-16-be", None)],
)  # fmt: skip
def test_other_encodings_load_or_are_reported(tmp_path, encoding, warned):
    text = FRONT + (BODY if encoding != "latin-1" else "# Café au lait\n\nNaïve text · 5 µg · señal.\n")
    data = text.encode(encoding)  # utf-16-le/be carry no BOM: they cannot be told from binary data
    library = load_text(tmp_path / "c", data)
    if warned is None:
        assert _one(library, "binary").severity is Severity.ERROR
        return
    article = _one(library)
    html = check_article(article)
    assert "Café au lait" in text_of(html) or "Caf" in text_of(html)
    assert any(p.code == "encoding" for p in library.problems) == warned
    if encoding in ("utf-8", "utf-8-sig", "utf-16"):
        assert "Naïve text — “quoted” · 5 µg · señal." in text_of(html)


def test_mixed_encodings_in_one_file_load_with_a_warning(tmp_path):
    data = FRONT.encode("utf-8") + "Résumé ".encode("utf-8") + "déjà vu €".encode("cp1252") + b"\n"
    library = load_text(tmp_path / "c", data)
    check_article(_one(library))
    assert _one(library, "encoding").severity is Severity.WARNING


def test_undefined_windows_1252_bytes_still_load(tmp_path):
    library = load_text(tmp_path / "c", FRONT.encode() + bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) + b" text\n")
    check_article(_one(library))


def test_nul_bytes_are_refused_or_harmless(tmp_path):
    early = load_text(tmp_path / "a", FRONT.encode() + b"text\x00more\n")
    assert _one(early, "binary").severity is Severity.ERROR
    late = load_text(tmp_path / "b", FRONT.encode() + b"x" * 5000 + b"\n\nNUL\x00here [a\x00](https://x.example/\x00)\n")
    html = check_article(_one(late))
    assert "\x00" not in html


def test_bad_utf16_is_reported(tmp_path):
    library = load_text(tmp_path / "c", codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate
    assert library.problems and not library.articles


@pytest.mark.parametrize(
    "front",
    [
        "title: [unclosed\n",
        "title: 'unterminated\n",
        "title: a\n  bad: indent\n",
        "\tx: tab\n",
        "title: !!python/object/apply:os.system ['echo pwned']\n",
        "title: !!python/name:os.system\n",
        "title: !!binary AAAA\n",
        "title: &a [*a]\n",  # a self-referencing list
        "lastReviewed: 2024-02-30\ntitle: Bad day\n",
        "? [complex, key]\n: value\ntitle: T\n",
        "- a list\n- not a mapping\n",
        "just a scalar\n",
        "",
        "title:\n",
        "title: 12345\n",
        "title: true\n",
        "title: {a: 1}\n",
        "title: [a, b]\n",
        "title: 1e400\n",
        "title: .nan\n",
        "title: T\nurl: [1, 2]\ntopics: {x: y}\nlastReviewed: [2020]\nstatus: [active]\nlanguage: 7\n",
        "title: T\n" + "k: v\n" * 20000,
        "title: T\nx: " + "[" * 10000 + "]" * 10000 + "\n",
        "title: T\nx: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n",
        "title: T\nx: " + "a" * 5_000_000 + "\n",
    ],
)
def test_odd_or_invalid_front_matter_loads_or_is_reported(tmp_path, front):
    with no_hang():
        library = load_text(tmp_path / "c", f"---\n{front}---\n\n# Heading\n\nText.\n")
    assert library.articles or [p for p in library.problems if p.severity is Severity.ERROR]
    for article in library.articles:
        check_article(article)
    assert not (tmp_path / "pwned").exists()


BILLION_LAUGHS = "".join(
    f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}" if i else '"lol"'] * 9) + "]\n" for i in range(10)
)


@pytest.mark.parametrize("field", ["title", "url", "topics", "lastReviewed", "status", "language", "reviewFrequency"])
def test_yaml_alias_bombs_are_refused_at_once(tmp_path, field):
    title = "" if field == "title" else "title: T\n"
    with no_hang(60):
        library = load_text(tmp_path / "c", f"---\n{BILLION_LAUGHS}{title}{field}: *j\n---\n\n# T\n\nText.\n")
    problem = _one(library, "yaml")
    assert problem.severity is Severity.ERROR and "too large" in problem.message
    assert not library.articles


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("word " * 1_000_000, id="5MB-line-of-words"),
        pytest.param("[" * 5_000_000, id="5MB-line-of-open-brackets"),
        pytest.param("[a](" * 1_250_000, id="5MB-line-of-unclosed-links"),
        pytest.param("![" * 2_500_000, id="5MB-line-of-unclosed-images"),
        pytest.param("](" * 2_500_000, id="5MB-line-of-closers"),
        pytest.param("[a\n\n" * 20_000, id="20k-paragraphs-opening-brackets"),
        pytest.param("![a\n\n" * 20_000, id="20k-paragraphs-opening-images"),
        pytest.param('[a](b "\n\n' * 20_000, id="20k-unclosed-link-titles"),
        pytest.param("*a* " * 25_000, id="100kB-of-emphasis"),
        pytest.param("&amp;" * 20_000, id="100kB-of-entities"),
        pytest.param("<" * 1_000_000, id="1MB-of-angles"),
        pytest.param("<div>" * 100_000, id="100k-nested-divs"),
        pytest.param("<ul><li>" * 50_000, id="50k-nested-lists-html"),
        pytest.param('<div markdown="1">\n\n' * 2000, id="2000-nested-markdown-divs"),
        pytest.param(">" * 10_000 + " deep", id="10000-quote-markers"),
        pytest.param("".join(">" * i + " x\n" for i in range(1, 2000)), id="2000-growing-quotes"),
        pytest.param("".join("  " * i + "- x\n" for i in range(2_500)), id="2500-list-levels"),
        pytest.param("".join("    " * i + "1. x\n" for i in range(2000)), id="2000-ordered-levels"),
        pytest.param("1. " * 10_000 + "x", id="10000-markers-on-a-line"),
        pytest.param("> - " * 5000 + "x", id="5000-quote-list-pairs"),
        pytest.param("- " * 10_000 + "x", id="10000-bullets-on-a-line"),
        pytest.param("#" * 10_000 + " x", id="10000-hashes"),
        pytest.param("|" * 100_000 + "\n|---|\n", id="table-of-bars"),
        pytest.param("\n".join(["line"] * 200_000), id="200k-short-lines"),
        pytest.param("\t" * 100_000 + "x", id="100k-tabs"),
        pytest.param("\r" * 100_000 + "x", id="100k-carriage-returns"),
        pytest.param("\u202e\u200b\ufeff" * 10_000 + "x", id="bidi-and-zero-width"),
    ],
)
def test_huge_lines_and_deep_nesting_render_safely(tmp_path, body):
    with no_hang():
        library = load_text(tmp_path / "c", f"---\ntitle: Stress\n---\n\n# Stress\n\nIntro.\n\n{body}\n\nEnd.\n")
        article = _one(library)
        html = check_article(article)
    assert "Intro." in html


def test_a_folder_named_like_an_article_is_walked_not_read(tmp_path):
    folder = tmp_path / "c"
    (folder / "looks-like.md").mkdir(parents=True)
    (folder / "looks-like.md" / "real.md").write_text(FRONT + BODY, encoding="utf-8")
    library = load_library(folder)
    assert [a.id for a in library.articles] == ["real"] and not library.problems


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    folder = tmp_path / "c"
    load_text(folder, FRONT + BODY, name="good.md")
    bad = folder / "locked.md"
    bad.write_text(FRONT + BODY, encoding="utf-8")
    bad.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the read fail the way it would for a user
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self.name == "locked.md":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    try:
        library = load_library(folder)
    finally:
        bad.chmod(0o644)
    assert [a.id for a in library.articles] == ["good"]
    problem = _one(library, "unreadable")
    assert problem.file == bad and "Permission denied" in problem.message


def test_unreadable_folder_does_not_stop_the_rest(tmp_path, monkeypatch):
    folder = tmp_path / "c"
    load_text(folder, FRONT + BODY, name="good.md")
    (folder / "locked").mkdir()
    (folder / "locked" / "x.md").write_text(FRONT + BODY, encoding="utf-8")
    (folder / "locked").chmod(0)
    try:
        library = load_library(folder)
    finally:
        (folder / "locked").chmod(0o755)
    assert "good" in [a.id for a in library.articles]


def test_broken_and_looping_links_are_reported(tmp_path):
    folder = tmp_path / "c"
    load_text(folder, FRONT + BODY, name="good.md")
    os.symlink(folder / "missing.md", folder / "dangling-inside.md")
    os.symlink(tmp_path / "nowhere.md", folder / "dangling-outside.md")
    os.symlink(folder / "loop.md", folder / "loop.md")
    library = load_library(folder)
    assert [a.id for a in library.articles] == ["good"]
    reported = {p.file.name for p in library.problems if p.severity is Severity.ERROR}
    assert reported == {"dangling-inside.md", "dangling-outside.md", "loop.md"}


@pytest.mark.parametrize(
    "data",
    [b"", b"\n\n", b"---", b"---\n", b"---\n---\n", b"---\n---\n\n", b"\xef\xbb\xbf", b"   \t\r\n",
     b"---\ntitle: T\n", b"---\ntitle: T\n---\n", b"---\ntitle: T\n---\n# T\n", b"---\ntitle: T\n---\n\n## \n"],
)  # fmt: skip
def test_empty_and_truncated_files_are_reported(tmp_path, data):
    library = load_text(tmp_path / "c", data)
    assert not library.articles
    assert [p.severity for p in library.problems] == [Severity.ERROR]


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    with (folder / "huge.md").open("wb") as fh:  # sparse: no 16 MB written to disk
        fh.truncate(MAX_FILE_BYTES + 1)
    assert _one(load_library(folder), "too-large").severity is Severity.ERROR


def test_line_endings_of_every_kind(tmp_path):
    for i, newline in enumerate(("\r\n", "\r", "\n\r")):
        text = (FRONT + BODY + "\n## Part\n\nMore text.\n").replace("\n", newline)
        article = _one(load_text(tmp_path / f"c{i}", text))
        html = check_article(article)
        assert "More text." in html


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), prefix=st.sampled_from([b"", b"---\ntitle: T\n---\n\n", b"---\n"]))
def test_any_bytes_load_or_are_reported(tmp_path, data, prefix):
    folder = tmp_path / "bytes"
    library = load_text(folder, prefix + data)
    for article in library.articles:
        check_article(article)
    assert library.articles or library.problems
