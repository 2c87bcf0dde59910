"""Read-only content: reading, checking, rendering, indexing and searching never write into it.

Content folders may be on a read-only share or an installed pack; the start-up catalog and the
search index live in the cache folder. A snapshot of the content folder (names, sizes, times,
bytes) must be identical after the app has done everything it does with it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path

import pytest

from mbc_reader import cli
from mbc_reader.content.library import open_library
from mbc_reader.content.render import render_article, section_texts

from ..conftest import SEEDS


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    } | {str(p.relative_to(folder)) + "/": (0, 0, "") for p in folder.rglob("*") if p.is_dir()}


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    for seed in SEEDS.iterdir():
        shutil.copy2(seed, folder / seed.name)
    (folder / "broken.md").write_text("no front matter here\n", encoding="utf-8")
    (folder / "other.md").write_text("---\ntitle: Other\n---\n\n# Other\n\n## Part\n\nLymph nodes text.\n", encoding="utf-8")
    return folder


def test_everything_the_app_does_leaves_the_content_untouched(content, capsys):
    before = snapshot(content)
    library = open_library([content])  # writes the start-up catalog (in the cache folder)
    open_library([content])  # and reads it back
    for article in library.articles:
        render_article(article)
        section_texts(article)
    assert cli.main(["check", "--content", str(content)]) == 1  # broken.md is an error
    assert cli.main(["render", library.articles[0].id, "--content", str(content)]) == 0
    if importlib.util.find_spec("mbc_reader.commands.search") is not None:
        cli.main(["index", "--content", str(content), "--procs", "1"])
        cli.main(["search", "lymph", "--content", str(content)])
    capsys.readouterr()
    assert snapshot(content) == before


def test_a_read_only_content_folder_works(content, capsys):
    """Also as root (who may write anyway): the snapshot proves nothing was attempted to be kept."""
    before = snapshot(content)
    for path in [*content.rglob("*"), content]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        library = open_library([content])
        assert len(library.articles) == 2
        assert all(render_article(a) for a in library.articles)
        assert cli.main(["check", "--content", str(content)]) == 1
    finally:
        for path in [content, *content.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    capsys.readouterr()
    assert snapshot(content) == before
