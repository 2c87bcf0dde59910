"""Unit tests of ``content/search/build.py``: the pool of spawned index workers.

Progress comes back as batches complete (and in between, so a caller can stop); a caller that
stops gets its exception back promptly and no half index; a worker that dies makes the build
fall back to one process; nothing of the pool is left running afterwards.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from mbc_reader.content.library import open_library
from mbc_reader.content.search import Searcher, build_index, current_version
from mbc_reader.content.search import build as search_build
from mbc_reader.content.search.build import BATCHES_PER_WORKER, balanced_shares, default_procs


class Stop(Exception):
    """What a window's progress callback raises when it closes (SearchCancelled)."""


@pytest.fixture
def many(tmp_path, write_article) -> Path:
    for i in range(80):
        write_article(f"a{i:02d}.md", f"## Part\n\nShared words and the token tok{i}.\n\n" + "More text. " * 40,
                      title=f"Article {i}")
    return tmp_path / "content"


def found(home: Path, query: str) -> list[str]:
    searcher = Searcher(home)
    try:
        return [hit.article_id for hit in searcher.search(query, limit=100).results]
    finally:
        searcher.close()


def test_a_parallel_build_writes_a_segment_per_batch_and_reports_each(many, tmp_path, caplog):
    library = open_library([many])
    seen: list[tuple[int, int]] = []
    with caplog.at_level(logging.WARNING):
        build_index(library, tmp_path / "index", progress=lambda d, t: seen.append((d, t)), procs=2)
    assert "in one process" not in caplog.text  # the pool did the work
    assert seen[-1] == (80, 80) and all(t == 80 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    # one figure per worker process that ran a batch (a quick one may take both batches first)
    assert 1 <= len(search_build.last_worker_cpu) <= 2 and all(s > 0 for s in search_build.last_worker_cpu)
    from mbc_reader.content.search.store import open_version

    ix = open_version(current_version(tmp_path / "index"), readonly=True)
    try:
        with ix.reader() as reader:
            assert len(reader.leaf_readers()) == 2 * BATCHES_PER_WORKER + 1  # + the parent's (state, terms)
    finally:
        ix.close()
    assert found(tmp_path / "index", "tok7 ") == ["a07"]
    assert len(found(tmp_path / "index", "shared words")) == 80
    assert multiprocessing.active_children() == []


def test_a_caller_that_stops_gets_its_exception_promptly_and_no_half_index(many, tmp_path):
    library = open_library([many])
    home = tmp_path / "index"
    build_index(library, home, procs=1)
    before = current_version(home)
    calls: list[float] = []

    def stop(done: int, total: int) -> None:
        calls.append(time.monotonic())
        raise Stop("the window closed")

    started = time.monotonic()
    with pytest.raises(Stop):
        build_index(library, home, progress=stop, procs=2)
    assert len(calls) == 1
    assert calls[0] - started < 5 * search_build.REPORT_EVERY + 10  # asked within the first report interval (and start-up)
    assert time.monotonic() - calls[0] < 10  # the workers stopped at their next article
    assert current_version(home) == before
    assert [p.name for p in home.iterdir() if p.name.startswith("v-")] == [before.name]
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_worker_that_dies_makes_the_build_fall_back_to_one_process(many, tmp_path, caplog):
    library = open_library([many])
    killed: list[int] = []

    def kill_a_worker(done: int, total: int) -> None:
        if not killed:
            children = multiprocessing.active_children()
            if children:
                killed.append(children[0].pid)
                os.kill(children[0].pid, signal.SIGKILL)

    with caplog.at_level(logging.WARNING):
        build_index(library, tmp_path / "index", progress=kill_a_worker, procs=2)
    assert killed
    assert "in one process" in caplog.text and "worker stopped unexpectedly" in caplog.text
    assert found(tmp_path / "index", "tok42 ") == ["a42"]
    assert multiprocessing.active_children() == []


def test_batches_are_balanced_by_size(tmp_path):
    class Sized:
        def __init__(self, number: int, size: int) -> None:
            self.path = tmp_path / f"{number}.md"
            self.path.write_bytes(b"x" * size)

    articles = [Sized(i, s) for i, s in enumerate((4000, 8000, 4000, 4000, 8000, 4000))]
    shares = balanced_shares(articles, 2)
    assert [sum(a.path.stat().st_size for a in share) for share in shares] == [16000, 16000]
    assert [len(share) for share in shares] == [3, 3]
    assert all(share[0].path.stat().st_size == 8000 for share in shares)  # largest first
    assert sorted(len(s) for s in balanced_shares(articles, 10)) == [1] * 6  # never an empty batch


def test_the_number_of_workers(monkeypatch):
    monkeypatch.delenv("MBC_READER_INDEX_PROCS", raising=False)
    assert default_procs(10) == 1  # too few articles to pay for the start-up
    assert default_procs(1000) == max(1, min(2, os.cpu_count() or 1))
    monkeypatch.setenv("MBC_READER_INDEX_PROCS", "3")
    assert default_procs(10) == 3
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # the installed bundle builds in parallel too
    assert default_procs(10) == 3
