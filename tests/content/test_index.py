"""The index's life: built, kept current file by file, atomic, repaired, shared, shipped."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mbc_reader import paths
from mbc_reader.content.library import open_library
from mbc_reader.content.search import IndexBusy, Searcher, build_index, ensure_index, index_location, library_dirs, open_searcher
from mbc_reader.content.search import build as search_build
from mbc_reader.content.search import index as index_mod
from mbc_reader.content.search import searcher as search_mod
from mbc_reader.content.search.store import CURRENT, build_lock, current_version

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def content(tmp_path, write_article) -> Path:
    write_article("alpha.md", "## Start\n\nAlpha article about giraffes.\n\n## More\n\nNothing else.\n", title="Alpha")
    write_article("beta.md", "## Start\n\nBeta article about penguins.\n", title="Beta")
    return tmp_path / "content"


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "index"


def found(home: Path, query: str) -> list[str]:
    searcher = Searcher(home)
    try:
        return [hit.article_id for hit in searcher.search(query).results]
    finally:
        searcher.close()


def rewrite(path: Path, old: str, new: str) -> None:
    """Edit a file and make sure its modification time moves (file systems with coarse clocks)."""
    text = path.read_text(encoding="utf-8").replace(old, new)
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


# --- building and keeping current --------------------------------------------------------------


def test_a_missing_index_is_built_then_reported_current(content, home):
    library = open_library([content])
    status = ensure_index(library, home)
    assert (status.action, status.changed) == ("built", 2)
    assert found(home, "giraffes") == ["alpha"]
    again = ensure_index(library, home)
    assert (again.action, again.changed) == ("ok", 0)


def test_an_edited_file_is_detected_and_only_it_reindexed(content, home, monkeypatch):
    ensure_index(open_library([content]), home)
    rewrite(content / "beta.md", "penguins", "walruses")
    indexed: list[str] = []
    real = search_build.index_article
    monkeypatch.setattr(search_build, "index_article", lambda a, v: (indexed.append(a.id), real(a, v))[1])
    status = ensure_index(open_library([content]), home)
    assert (status.action, status.changed) == ("updated", 1)
    assert indexed == ["beta"]
    assert found(home, "walruses") == ["beta"]
    assert found(home, "penguins") == []
    assert found(home, "giraffes") == ["alpha"]


def test_a_touched_but_unchanged_file_is_not_reindexed(content, home):
    ensure_index(open_library([content]), home)
    rewrite(content / "alpha.md", "giraffes", "giraffes")  # same bytes, new time
    assert ensure_index(open_library([content]), home).action == "ok"


def test_removed_and_retired_articles_leave_the_index(content, home, write_article):
    ensure_index(open_library([content]), home)
    (content / "beta.md").unlink()
    rewrite(content / "alpha.md", "status: 'active'", "status: 'retired'")
    status = ensure_index(open_library([content]), home)
    assert status.action == "updated"
    assert found(home, "penguins") == [] and found(home, "giraffes") == []


def test_new_articles_and_their_glossary_terms_are_added(content, home, write_article):
    ensure_index(open_library([content]), home)
    link = "[lymph node](/publications/dictionaries/cancer-terms/def/45762)"
    write_article("gamma.md", f"## Nodes\n\nThe {link} was checked.\n", title="Gamma")
    status = ensure_index(open_library([content]), home)
    assert status.action == "updated" and status.changed == 2  # the article and the term
    assert "glossary:45762" in found(home, "lymph node")
    (content / "gamma.md").unlink()
    ensure_index(open_library([content]), home)
    assert found(home, "lymph node") == []


def test_the_parallel_build_finds_what_the_serial_build_finds(tmp_path, write_article):
    for i in range(6):
        write_article(f"a{i}.md", f"## Part\n\nShared words and the unique token tok{i}.\n", title=f"Article {i}")
    library = open_library([tmp_path / "content"])
    build_index(library, tmp_path / "serial", procs=1)
    build_index(library, tmp_path / "parallel", procs=2)
    for query in ("shared words", "tok3", "article"):
        assert sorted(found(tmp_path / "serial", query)) == sorted(found(tmp_path / "parallel", query))
    assert found(tmp_path / "parallel", "tok4") == ["a4"]


def test_a_failed_parallel_build_falls_back_to_one_process(content, home, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise search_build.BuildError("a worker died")

    monkeypatch.setattr(search_build, "write_parallel", broken)
    with caplog.at_level(logging.WARNING):
        build_index(open_library([content]), home, procs=2)
    assert "in one process" in caplog.text
    assert found(home, "giraffes") == ["alpha"]


# --- atomic builds -------------------------------------------------------------------------------


def test_a_build_that_fails_halfway_leaves_the_old_index(content, home, monkeypatch):
    build_index(open_library([content]), home)
    before = current_version(home)
    rewrite(content / "alpha.md", "giraffes", "zebras")
    real = search_build.index_article
    calls = []

    def dies_on_second(article, vocabulary):
        calls.append(article.id)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if the user pressed Ctrl+C mid-build
        return real(article, vocabulary)

    monkeypatch.setattr(search_build, "index_article", dies_on_second)
    with pytest.raises(KeyboardInterrupt):
        build_index(open_library([content]), home, procs=1)
    assert current_version(home) == before
    assert [p.name for p in home.iterdir() if p.name.startswith("v-")] == [before.name]
    assert found(home, "giraffes") == ["alpha"]


KILLED_BUILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from mbc_reader.content.search import build_index
    from mbc_reader.content.library import open_library

    def progress(done, total):
        print(done, flush=True)
        if done == total // 2:
            sys.stdin.readline()  # wait here until the test kills us

    build_index(open_library([Path(sys.argv[1])]), Path(sys.argv[2]), progress=progress, procs=1)
    """
)


def test_a_build_killed_halfway_leaves_the_old_index_usable(tmp_path, write_article, home):
    content = tmp_path / "content"
    for i in range(10):
        write_article(f"n{i}.md", f"## Part\n\nOld words number{i}.\n", title=f"Note {i}")
    build_index(open_library([content]), home)
    before = current_version(home)
    for i in range(10):
        rewrite(content / f"n{i}.md", "Old words", "New words")
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(content), str(home)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO / "src")),
    )
    try:
        for line in proc.stdout:
            if int(line) == 5:
                break
        proc.kill()  # SIGKILL on POSIX: no cleanup code runs
    finally:
        proc.wait(timeout=30)
    assert current_version(home) == before
    assert found(home, "old") and found(home, "new") == []
    status = ensure_index(open_library([content]), home)  # the next run finishes the job
    assert status.action in ("updated", "built")
    assert sorted(found(home, "new")) == [f"n{i}" for i in range(10)]
    assert [p.name for p in home.iterdir() if p.name.startswith("v-")] == [current_version(home).name]


# --- damage --------------------------------------------------------------------------------------


def _segment_files(home: Path) -> list[Path]:
    return [p for p in current_version(home).iterdir() if p.suffix == ".seg"]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "no-toc", "bad-pointer", "no-version"])
def test_a_damaged_index_is_rebuilt_with_a_message(content, home, caplog, damage):
    ensure_index(open_library([content]), home)
    version = current_version(home)
    if damage == "truncate":
        seg = _segment_files(home)[0]
        seg.write_bytes(seg.read_bytes()[:100])
    elif damage == "garbage":
        for seg in _segment_files(home):
            seg.write_bytes(b"\x00garbage" * 50)
    elif damage == "no-toc":
        for toc in version.glob("*.toc"):
            toc.unlink()
    elif damage == "bad-pointer":
        (home / CURRENT).write_text("../../etc\n")
    else:
        shutil.rmtree(version)
    with caplog.at_level(logging.WARNING):
        status = ensure_index(open_library([content]), home)
    assert status.action == "rebuilt"
    assert "rebuilding" in caplog.text
    assert "Traceback" not in caplog.text
    assert found(home, "giraffes") == ["alpha"]


def test_damage_found_while_searching_is_rebuilt_at_the_next_start(content, home, caplog, monkeypatch):
    """Opening checks little; a bad posting block shows only when read. The searcher answers
    nothing (no exception, no traceback) and leaves a note, so the next start rebuilds."""
    from whoosh.reading import CorruptIndexError

    from mbc_reader.content.search import scoring as search_engine

    ensure_index(open_library([content]), home)

    def bad_block(*args):
        raise CorruptIndexError("Bad postings block tag")

    with monkeypatch.context() as patch:
        patch.setattr(search_engine, "_decode", bad_block)
        searcher = Searcher(home)
        with caplog.at_level(logging.WARNING):
            assert searcher.search("giraffes").results == []
        searcher.close()
    assert "Bad postings block" in caplog.text and "Traceback" not in caplog.text
    status = ensure_index(open_library([content]), home)
    assert status.action == "rebuilt" and "damaged" in status.message
    assert found(home, "giraffes") == ["alpha"]
    assert ensure_index(open_library([content]), home).action == "ok"


def test_a_searcher_whose_index_breaks_answers_nothing_and_does_not_raise(content, home, monkeypatch):
    ensure_index(open_library([content]), home)
    monkeypatch.setattr(search_mod, "REFRESH_EVERY", 0.0)
    searcher = Searcher(home)
    assert searcher.search("giraffes").results
    shutil.rmtree(home)
    assert searcher.search("penguins").results == []
    searcher.close()


# --- sharing -------------------------------------------------------------------------------------


def test_a_searcher_sees_an_update_made_while_it_is_open(content, home, monkeypatch):
    ensure_index(open_library([content]), home)
    monkeypatch.setattr(search_mod, "REFRESH_EVERY", 0.0)
    searcher = Searcher(home)
    assert searcher.search("walruses").results == []
    rewrite(content / "beta.md", "penguins", "walruses")
    ensure_index(open_library([content]), home)
    assert [h.article_id for h in searcher.search("walruses").results] == ["beta"]
    build_index(open_library([content]), home)  # a full rebuild switches folders under it
    assert [h.article_id for h in searcher.search("giraffes").results] == ["alpha"]
    searcher.close()


TWO_BUILDERS = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from mbc_reader.content.search import ensure_index
    from mbc_reader.content.library import open_library

    status = ensure_index(open_library([Path(sys.argv[1])], write_cache=False), Path(sys.argv[2]))
    print(status.action)
    """
)


def test_two_processes_building_at_once_do_not_corrupt_it(tmp_path, write_article, home):
    content = tmp_path / "content"
    for i in range(30):
        write_article(f"p{i}.md", f"## Part\n\nShared text, item{i}.\n", title=f"Page {i}")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), MBC_READER_INDEX_PROCS="1")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", TWO_BUILDERS, str(content), str(home)], stdout=subprocess.PIPE, text=True, env=env
        )
        for _ in range(2)
    ]
    outcomes = sorted(p.communicate(timeout=120)[0].strip() for p in procs)
    assert [p.returncode for p in procs] == [0, 0]
    assert outcomes == ["built", "ok"]  # the second waited for the first, then found it current
    assert len(found(home, "shared")) == 20  # the default limit: no duplicates, nothing lost
    assert sorted(found(home, "item7")) == ["p7"]


def test_a_held_lock_makes_others_wait_then_give_up_cleanly(content, home, monkeypatch):
    monkeypatch.setattr(index_mod, "build_lock", lambda h: build_lock(h, timeout=0.3))
    with build_lock(home):
        with pytest.raises(IndexBusy, match="another program is still updating"):
            ensure_index(open_library([content]), home)
    assert ensure_index(open_library([content]), home).action == "built"  # free again


def test_open_searcher_still_opens_when_the_index_is_busy(content, home, monkeypatch):
    ensure_index(open_library([content]), home)
    monkeypatch.setattr(index_mod, "build_lock", lambda h: build_lock(h, timeout=0.1))
    with build_lock(home):
        searcher = open_searcher(open_library([content]), index_dir=home)
    assert searcher.status.action == "failed"
    assert [h.article_id for h in searcher.search("giraffes").results] == ["alpha"]
    searcher.close()


# --- where it lives ------------------------------------------------------------------------------


def test_a_read_only_content_folder_is_fine_and_untouched(content, home):
    before = sorted(p.name for p in content.iterdir())
    os.chmod(content, 0o555)
    try:
        assert ensure_index(open_library([content]), home).action == "built"
        assert found(home, "penguins") == ["beta"]
    finally:
        os.chmod(content, 0o755)
    assert sorted(p.name for p in content.iterdir()) == before


def test_the_cache_folder_is_keyed_to_the_content(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert index_location([a]) != index_location([b])
    assert index_location([a]) == index_location([tmp_path / "x" / ".." / "a"])
    assert index_location([a]).is_relative_to(paths.cache_dir())


def test_an_unwritable_cache_folder_falls_back_to_the_temporary_folder(content, tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("MBC_READER_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(index_mod.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    with caplog.at_level(logging.WARNING):
        status = ensure_index(open_library([content], write_cache=False))
    assert status.action == "built"
    assert status.index_dir.is_relative_to(tmp_path / "tmp")
    assert "cannot write the search index" in caplog.text


def test_library_dirs_are_the_folders_it_was_loaded_from(tmp_path, write_article):
    write_article("a.md", "## A\n\nText.\n", folder=tmp_path / "one")
    write_article("b.md", "## B\n\nText.\n", folder=tmp_path / "two")
    library = open_library([tmp_path / "one", tmp_path / "two"])
    assert library_dirs(library) == [(tmp_path / "one").resolve(), (tmp_path / "two").resolve()]


@pytest.fixture
def app_home(tmp_path, monkeypatch) -> Path:
    """An installed app's folder: the seed, the glossary, and (built here) the shipped index."""
    home = tmp_path / "app"
    shutil.copytree(REPO / "seeds", home / "seeds")
    (home / "resources").mkdir(parents=True)
    shutil.copy(REPO / "resources" / "glossary.sqlite", home / "resources" / "glossary.sqlite")
    monkeypatch.setenv("MBC_READER_HOME", str(home))
    monkeypatch.setenv("MBC_READER_DATA_DIR", str(tmp_path / "data"))  # no content packs
    return home


def test_the_shipped_index_is_used_while_the_bundled_articles_match_it(app_home):
    shipped = app_home / "resources" / index_mod.PREBUILT_NAME
    build_index(open_library([app_home / "seeds"]), shipped)
    (shipped / "build.lock").unlink()
    os.chmod(shipped, 0o555)
    try:
        library = open_library()
        assert index_location(library_dirs(library)) == shipped
        searcher = open_searcher(library)
        assert searcher.status.prebuilt and searcher.index_dir == shipped
        assert searcher.search("fractures").results[0].anchor == "what-are-the-symptoms-of-metastatic-breast-cancer"
        searcher.close()
    finally:
        os.chmod(shipped, 0o755)
    seed = next((app_home / "seeds").iterdir())
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA local addition about capybaras.\n", encoding="utf-8")
    library = open_library()
    location = index_location(library_dirs(library))
    assert location != shipped and location.is_relative_to(paths.cache_dir())
    searcher = open_searcher(library)
    assert searcher.status.action == "built"
    assert searcher.search("capybaras").results
    searcher.close()


# --- the index's record vouches for the files (one-shot search) -----------------------------------


def test_a_current_index_is_recognised_from_its_record_alone(content, home, write_article, monkeypatch):
    from mbc_reader.content.search import current_index

    monkeypatch.setattr(index_mod, "index_location", lambda dirs: home)
    assert current_index([content]) is None  # nothing built yet
    ensure_index(open_library([content]), home)
    assert current_index([content]) == home
    rewrite(content / "alpha.md", "giraffes", "giraffes")  # same bytes, another time: in doubt
    assert current_index([content]) is None
    assert ensure_index(open_library([content]), home).action == "ok"  # records the new time
    assert current_index([content]) == home
    write_article("gamma.md", "## New\n\nA new one.\n", title="Gamma")
    assert current_index([content]) is None
    (content / "gamma.md").unlink()
    assert current_index([content]) == home
    (content / "beta.md").unlink()
    assert current_index([content]) is None  # a file the index holds is gone


def test_a_damaged_or_other_dictionary_index_is_not_vouched_for(content, home, monkeypatch):
    from mbc_reader.content.search import current_index
    from mbc_reader.content.search.store import mark_damaged

    monkeypatch.setattr(index_mod, "index_location", lambda dirs: home)
    ensure_index(open_library([content]), home)
    monkeypatch.setattr(index_mod, "glossary_signature", lambda: "another dictionary")
    assert current_index([content]) is None
    monkeypatch.undo()
    monkeypatch.setattr(index_mod, "index_location", lambda dirs: home)
    assert current_index([content]) == home
    mark_damaged(home, "bad block")
    assert current_index([content]) is None
