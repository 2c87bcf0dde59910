"""The data-only catalog that travels in built packs: JSON in, the same library out, or a refusal."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from mbc_reader import paths
from mbc_reader.content.catalog import _lean, load_library_cached, store_catalog
from mbc_reader.content.catalog_data import CatalogDataError, folder_hashes, from_data, misfit, stamp_here, to_data
from mbc_reader.content.glossary import Glossary
from mbc_reader.content.loader import load_library

PAGE = """---
title: 'Nodes {n}'
language: 'es-MX'
lastReviewed: '2025-01-0{n}'
topics: ['a', 'b']
owner: 'Nurse Ana'
---
# Nodes {n}

## Part one

See [the other page](other.md) and [nodes](/publications/dictionaries/cancer-terms/def/45762).

### Deeper

More text, and [a missing page](nowhere.md).
"""


def _fields(library):
    articles = [(a.id, str(a.path), a.title, a.language, a.language_tag, a.status, a.topics, a.last_reviewed,
                 a.sections, a.owner, a.source_url, a.encoding) for a in library.articles]  # fmt: skip
    problems = [(str(p.file), p.severity, p.code, p.message, p.anchor, p.words) for p in library.problems]
    return articles, problems, library.url_map, library.file_ids, library.roots


@pytest.fixture
def two_roots(tmp_path) -> list[Path]:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, n in ((first, 1), (second, 2)):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "page.md").write_text(PAGE.format(n=n), encoding="utf-8")
        (folder / "other.md").write_text(PAGE.format(n=n + 2).replace("other.md", "sub/page.md"), encoding="utf-8")
    (second / "broken.md").write_text("---\ntitle: [unclosed\n---\nText\n", encoding="utf-8")
    return [first, second]


def test_the_data_gives_back_the_library_the_loader_reads(two_roots, tmp_path):
    loaded = load_library(two_roots, glossary=Glossary.bundled())
    assert loaded.problems and any(a.sections for a in loaded.articles)  # something to carry
    data = json.loads(json.dumps(to_data(loaded, stamp_here())))  # through JSON text, as in a pack
    moved = [tmp_path / "elsewhere" / "one", tmp_path / "elsewhere" / "two"]
    for src, dst in zip(two_roots, moved):
        dst.parent.mkdir(exist_ok=True)
        src.rename(dst)
    again = from_data(data, moved)
    reloaded = load_library(moved, glossary=Glossary.bundled())
    assert _fields(again) == _fields(reloaded)  # the files in their new place, as the loader reads them there
    article = _lean(again).get("other")
    assert "See" in article.body and any(link.target == "article:page" for link in article.links)


def test_a_stored_catalog_is_what_the_next_start_reads(two_roots, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    loaded = load_library(two_roots, glossary=Glossary.bundled())
    store_catalog(from_data(to_data(loaded, stamp_here()), two_roots), cache_dir=cache)
    import mbc_reader.content.catalog as catalog_mod

    monkeypatch.setattr(catalog_mod, "load_library", lambda *a, **k: pytest.fail("loaded the articles again"))
    read = load_library_cached(two_roots, glossary=Glossary.bundled(), cache_dir=cache)
    assert _fields(read) == _fields(loaded)


@pytest.mark.parametrize("damage", [
    lambda d: d["articles"][0].update(path=[1, "../../etc/passwd.md"]),
    lambda d: d["articles"][0].update(path=[7, "a.md"]),
    lambda d: d["articles"][0].update(path="/etc/passwd"),
    lambda d: d["articles"][0].update(title=None),
    lambda d: d["articles"][0].update(topics="a"),
    lambda d: d["articles"][0].update(last_reviewed="not a date"),
    lambda d: d["articles"][0].update(sections=[["x", "2", "x", []]]),
    lambda d: d["problems"][0].update(severity="fatal"),
    lambda d: d.update(url_map={"a": 1}),
    lambda d: d.update(file_ids={"9": {}}),
    lambda d: d.update(roots=3),
    lambda d: d.update(format=99),
    lambda d: d.update(articles={"py/object": "os.system"}),
])  # fmt: skip
def test_any_value_of_the_wrong_kind_makes_it_unusable(two_roots, damage):
    data = to_data(load_library(two_roots, glossary=Glossary.bundled()), stamp_here())
    bad = copy.deepcopy(data)
    damage(bad)
    with pytest.raises(CatalogDataError):
        from_data(bad, two_roots)


def test_it_fits_only_the_reader_that_would_read_the_same(tmp_path):
    bundled = paths.bundled_content_dir()
    good = {"format": 1, **stamp_here(), "bundled": folder_hashes(bundled)}
    assert misfit(good, bundled) is None
    assert "mbc-reader 0.0.1" in misfit({**good, "app": "0.0.1"}, bundled)
    assert "catalog format" in misfit({**good, "catalog_format": -1}, bundled)
    assert "dictionary" in misfit({**good, "glossary": "x"}, bundled)
    other = tmp_path / "seeds"
    other.mkdir()
    (other / "seed.md").write_text("---\ntitle: 'Other'\n---\nText\n", encoding="utf-8")
    assert "bundled" in misfit(good, other)
    assert misfit([], bundled) is not None
