"""The start-up catalog: fast, but never stale, never fatal."""

from __future__ import annotations

import os

from mbc_reader.content.catalog import catalog_path, load_library_cached
from mbc_reader.content.loader import FileText

BODY = "# Page\n\n## Part one\n\nText about [nodes](/publications/dictionaries/cancer-terms/def/45762).\n"


def snapshot(folder):
    return sorted((str(p), p.stat().st_size) for p in folder.rglob("*")) if folder.exists() else []


def test_second_load_comes_from_catalog_with_lazy_text(tmp_path, write_article):
    write_article("a.md", BODY)
    content, cache = tmp_path / "content", tmp_path / "cache"
    first = load_library_cached([content], cache_dir=cache)
    assert catalog_path([content], cache).exists()
    second = load_library_cached([content], cache_dir=cache)
    article = second.get("a")
    assert isinstance(article.text_source, FileText)  # text not stored: read again on demand
    assert [s.title for s in article.flat_sections()] == ["Part one"]
    assert article.glossary_ids == ["45762"] and "Text about" in article.body
    assert [a.id for a in first.articles] == [a.id for a in second.articles]


def test_edited_file_invalidates_catalog(tmp_path, write_article):
    path = write_article("a.md", BODY)
    content, cache = tmp_path / "content", tmp_path / "cache"
    load_library_cached([content], cache_dir=cache)
    path.write_text(path.read_text().replace("Part one", "Renamed part"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    again = load_library_cached([content], cache_dir=cache)
    assert [s.title for s in again.get("a").flat_sections()] == ["Renamed part"]
    write_article("b.md", BODY)
    assert sorted(a.id for a in load_library_cached([content], cache_dir=cache).articles) == ["a", "b"]


def test_corrupt_catalog_is_rebuilt(tmp_path, write_article):
    write_article("a.md", BODY)
    content, cache = tmp_path / "content", tmp_path / "cache"
    load_library_cached([content], cache_dir=cache)
    catalog_path([content], cache).write_bytes(b"\x80\x05garbage")
    assert [a.id for a in load_library_cached([content], cache_dir=cache).articles] == ["a"]


def test_unwritable_cache_and_kiosk_mode_write_nothing(tmp_path, write_article):
    write_article("a.md", BODY)
    content = tmp_path / "content"
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")  # a cache "folder" that is a file: every write fails
    assert [a.id for a in load_library_cached([content], cache_dir=blocked).articles] == ["a"]
    cache = tmp_path / "cache"
    load_library_cached([content], cache_dir=cache, write=False)
    assert snapshot(cache) == []


def test_file_removed_after_catalog_gives_plain_message(tmp_path, write_article):
    path = write_article("a.md", BODY)
    content, cache = tmp_path / "content", tmp_path / "cache"
    load_library_cached([content], cache_dir=cache)
    article = load_library_cached([content], cache_dir=cache).get("a")
    path.unlink()
    assert "cannot be shown" in article.body
