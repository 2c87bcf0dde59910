"""Path confinement: an article can show pictures from its own content folder and nothing else.

The view only ever loads ``Figure.local_path`` (through ``figure:N``), so the promise is: for any
image or link target a file may hold (``../``, absolute paths, ``file:`` URLs, URL-encoded dots,
symlinks), every ``local_path`` is a file inside the content folder, and the rendered HTML never
names a local path at all. The article files themselves obey the same rule.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from safety import check_article, tags_of

from mbc_reader.content.loader import load_library
from mbc_reader.content.models import Library, Severity

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def tree(tmp_path) -> tuple[Path, Path]:
    """A content folder with a good picture, and a secret picture beside it (outside)."""
    content = tmp_path / "content"
    (content / "media").mkdir(parents=True)
    (content / "media" / "good.png").write_bytes(PNG)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    return content, outside


def _write(content: Path, body: str, name: str = "a.md") -> Path:
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: Paths\n---\n\n# Paths\n\nIntro.\n\n{body}\n", encoding="utf-8")
    return path


def assert_confined(library: Library, content: Path, outside: Path) -> None:
    root = content.resolve()
    for article in library.articles:
        html = check_article(article)
        for figure in article.figures:
            if figure.local_path is not None:
                assert figure.local_path.is_file()
                assert figure.local_path.resolve().is_relative_to(root), figure
        for tag, attrs in tags_of(html):  # site paths become https://www.cancer.gov/… links: remote, never local
            for name, value in attrs:
                assert not (value or "").lower().startswith(("file:", "/", ".", "\\", "~", "$")), (tag, name, value)
                if name == "src":
                    assert str(outside) not in value and str(content) not in value


TRICKS = [
    "../secret.png",
    "../outside/secret.png",
    "../../secret.png",
    "media/../../secret.png",
    "media/../../outside/secret.png",
    "./../secret.png",
    "%2e%2e/secret.png",
    "%2E%2E%2Fsecret.png",
    "..%2fsecret.png",
    "%2e%2e%2f%2e%2e%2fsecret.png",
    "%252e%252e/secret.png",
    "..%5csecret.png",
    "..\\secret.png",
    "....//secret.png",
    "/etc/passwd",
    "/../secret.png",
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "FILE:///etc/hostname",
    "file:../secret.png",
    "//localhost/etc/passwd",
    "C:/Windows/win.ini",
    "C:\\Windows\\win.ini",
    "\\\\server\\share\\secret.png",
    "media/good.png%00.md",
    "media/good.png\0",
    "~/secret.png",
    "$HOME/secret.png",
]


@pytest.mark.parametrize("target", TRICKS)
def test_image_targets_never_leave_the_content_folder(tree, target):
    content, outside = tree
    absolute = [str(outside / "secret.png"), (outside / "secret.png").as_uri()]
    body = "\n\n".join(
        f"![Picture {i}]({t})\n\nCaption {i}.\n\nCredit: Someone" for i, t in enumerate([target, *absolute])
    )
    body += f"\n\n[![Card]({target}) Card title]({target})\n\nText ![inline]({target}) text."
    _write(content, body)
    library = load_library(content)
    if "\0" in target:  # a NUL byte in the file itself: refused as binary, with a reason
        assert [p.code for p in library.problems] == ["binary"] and not library.articles
        return
    assert len(library.articles) == 1
    assert_confined(library, content, outside)
    assert all(f.local_path is None for f in library.articles[0].figures)


@pytest.mark.parametrize("target", TRICKS)
def test_link_targets_never_point_at_local_files(tree, target):
    content, outside = tree
    _write(content, f"[A link]({target}) and [another](<{outside / 'secret.png'}>) and <{target}>.")
    library = load_library(content)
    assert_confined(library, content, outside)


def test_pictures_inside_the_folder_still_show(tree):
    content, outside = tree
    (content / "sub").mkdir()
    _write(content, "![Relative](../media/good.png)\n\n![Site path](/sites/default/files/good.png?h=1)", name="sub/b.md")
    _write(content, "![Beside](media/good.png)\n\n![Dots inside](media/../media/good.png)")
    library = load_library(content)
    assert_confined(library, content, outside)
    shown = {f.alt: f.local_path for a in library.articles for f in a.figures}
    assert shown["Beside"] == shown["Dots inside"] == (content / "media" / "good.png").resolve()
    assert shown["Relative"] == shown["Site path"] == (content / "media" / "good.png").resolve()
    assert all('src="figure:' in check_article(a) for a in library.articles)


def test_a_symlinked_picture_pointing_outside_is_not_shown(tree):
    content, outside = tree
    os.symlink(outside / "secret.png", content / "media" / "link.png")
    os.symlink(content / "media" / "good.png", content / "media" / "alias.png")  # inside: fine
    _write(content, "![Out](media/link.png)\n\n![Out by site path](/x/link.png)\n\n![In](media/alias.png)")
    library = load_library(content)
    assert_confined(library, content, outside)
    shown = {f.alt: f.local_path for f in library.articles[0].figures}
    assert shown["Out"] is None and shown["Out by site path"] is None
    assert shown["In"] == (content / "media" / "good.png").resolve()


def test_a_symlinked_media_folder_pointing_outside_is_not_used(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PNG)
    os.symlink(outside, content / "media")
    _write(content, "![Site path](/sites/secret.png)\n\n![Relative](media/secret.png)")
    library = load_library(content)
    assert_confined(library, content, outside)
    assert all(f.local_path is None for f in library.articles[0].figures)


def test_an_article_file_linking_outside_the_folder_is_refused(tree):
    content, outside = tree
    secret = outside / "private.md"
    secret.write_text("---\ntitle: Private notes\n---\n\nPatient data.\n", encoding="utf-8")
    os.symlink(secret, content / "evil.md")
    _write(content, "Good text.")
    library = load_library(content)
    assert [a.id for a in library.articles] == ["a"]
    (problem,) = [p for p in library.problems if p.file.name == "evil.md"]
    assert problem.severity is Severity.ERROR and problem.code == "outside"
    assert "outside the content folder" in problem.message


def test_a_symlinked_folder_of_articles_is_not_followed(tree):
    content, outside = tree
    (outside / "leak.md").write_text("---\ntitle: Leak\n---\n\nSecret.\n", encoding="utf-8")
    os.symlink(outside, content / "linked")
    _write(content, "Good text.")
    library = load_library(content)
    assert [a.id for a in library.articles] == ["a"]


def test_a_content_folder_reached_through_a_symlink_still_works(tree, tmp_path):
    content, outside = tree
    _write(content, "![Beside](media/good.png)")
    current = tmp_path / "current"
    os.symlink(content, current)  # packs/<name>/current may be a link to the installed version
    library = load_library(current)
    assert len(library.articles) == 1
    assert library.articles[0].figures[0].local_path == (content / "media" / "good.png").resolve()


def test_article_text_reread_later_is_confined_too(tree):
    """The catalog re-reads texts on demand: a file swapped for a link afterwards is not followed."""
    content, outside = tree
    path = _write(content, "Good text.")
    library = load_library(content)
    article = library.articles[0]
    secret = outside / "private.md"
    secret.write_text("---\ntitle: Private\n---\n\nPatient data.\n", encoding="utf-8")
    path.unlink()
    os.symlink(secret, path)
    from mbc_reader.content.loader import FileText

    text = FileText(path, content, {})()
    assert "Patient data" not in text.body
    check_article(article)
