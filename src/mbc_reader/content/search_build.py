"""Writing articles into a Whoosh index: serially, or split over worker processes.

A full build of the 1,432-article corpus is dominated by turning Markdown into section text
(``render.section_texts``, ~24 s of CPU) and by Whoosh's pure-Python posting writer. Both
parallelise by article, so on a multi-core machine the articles are split into balanced shares
and each worker process renders its share and writes its own Whoosh segment into the new index
folder; the parent then commits one table of contents listing every segment. This is how
Whoosh's own ``MpWriter(multisegment=True)`` works, minus the parent rendering everything
itself. The segments are not merged afterwards: a merge would cost as much as the build, and
the searcher reads each segment's postings separately anyway.

Workers are started with the "spawn" method (a GUI process with threads must never fork) and
only when asked for; any failure of the parallel path falls back to a serial build.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue as queue_mod
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from .models import Article
from .render import render_body, section_texts
from .search_schema import SectionDoc, article_documents, make_schema

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
#: The glossary links of an article: (term id, link text, language) each.
TermRefs = list[tuple[str, str, str]]
#: Given every article's glossary links, the documents to add last (glossary terms, state).
Finisher = Callable[[dict[str, TermRefs]], list[dict[str, Any]]]

#: Memory for Whoosh's in-memory posting pool, per writer, before it spills to disk.
LIMIT_MB = 256

#: Below this many articles a worker pool costs more (process start-up) than it saves.
PARALLEL_MIN_ARTICLES = 60


class BuildError(Exception):
    """The index could not be written; the message says why in plain words."""


def index_article(article: Article) -> tuple[list[dict[str, Any]], TermRefs]:
    """The article's documents and glossary links, reading its text once and keeping none of it
    (``load_text``: the catalog's articles read their file on demand)."""
    text = article.load_text()
    html = render_body(article, text=text)
    sections = [SectionDoc(s.anchor, s.title, s.text) for s in section_texts(article, body_html=html)]
    refs = list(dict.fromkeys((r.term_id, r.text, article.language) for r in text.glossary_refs))
    return article_documents(article.id, article.title, article.language, sections), refs


def default_procs(n_articles: int) -> int:
    """How many worker processes a full build should use (1 = in this process).

    ``MBC_READER_INDEX_PROCS`` overrides. A frozen app (PyInstaller) builds in-process unless
    told otherwise: spawning workers there needs ``multiprocessing.freeze_support()`` in its
    entry point, which is the packager's call.
    """
    override = os.environ.get("MBC_READER_INDEX_PROCS", "").strip()
    if override.isdigit() and int(override) > 0:
        return int(override)
    if getattr(sys, "frozen", False) or n_articles < PARALLEL_MIN_ARTICLES:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def balanced_shares(articles: Sequence[Article], n: int) -> list[list[Article]]:
    """Split articles into ``n`` shares of about equal text (largest first, into the lightest)."""
    shares: list[list[Article]] = [[] for _ in range(n)]
    loads = [0] * n
    for article in sorted(articles, key=_size, reverse=True):
        i = loads.index(min(loads))
        shares[i].append(article)
        loads[i] += _size(article) + 2000  # + a fixed cost per article
    return [s for s in shares if s]


def _size(article: Article) -> int:
    try:
        return article.path.stat().st_size
    except OSError:
        return 0


def add_articles(
    writer: Any, articles: Iterable[Article], tick: Callable[[], None] | None = None
) -> dict[str, TermRefs]:
    """Add each article's documents; returns each article's glossary links."""
    refs: dict[str, TermRefs] = {}
    for article in articles:
        docs, refs[article.id] = index_article(article)
        for doc in docs:
            writer.add_document(**doc)
        if tick is not None:
            tick()
    return refs


def write_serial(ix: Any, articles: Sequence[Article], finish: Finisher, progress: Progress | None) -> None:
    """One writer in this process: the articles, then what ``finish`` adds."""
    total = len(articles)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    writer = ix.writer(limitmb=LIMIT_MB)
    try:
        refs = add_articles(writer, articles, tick)
        for doc in finish(refs):
            writer.add_document(**doc)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)


def _worker_main(folder: str, articles: list[Article], results: Any) -> None:
    """Worker process: write one segment of the index in ``folder`` and hand it back."""
    try:
        ix = whoosh_index.open_dir(folder, schema=make_schema())
        writer = SegmentWriter(ix, _lk=False, limitmb=LIMIT_MB)
        refs: dict[str, TermRefs] = {}
        for count, article in enumerate(articles, 1):
            docs, refs[article.id] = index_article(article)
            for doc in docs:
                writer.add_document(**doc)
            if count % 8 == 0:
                results.put(("progress", 8))
        results.put(("progress", len(articles) % 8))
        results.put(("segment", (writer._finalize_segment(), refs)))
    except BaseException as exc:  # reported to the parent, which falls back to a serial build
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def write_parallel(ix: Any, articles: Sequence[Article], finish: Finisher, procs: int, progress: Progress | None) -> None:
    """Worker processes each write a segment; this process adds what ``finish`` gives and
    commits one table of contents over all the segments (raises BuildError on any failure)."""
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    shares = balanced_shares(articles, procs)
    workers = [
        ctx.Process(target=_worker_main, args=(str(ix.storage.folder), share, results), daemon=True)
        for share in shares
    ]
    writer = ix.writer(limitmb=64)
    try:
        for worker in workers:
            worker.start()
        segments, refs = _collect(workers, results, len(articles), progress)
        for doc in finish(refs):
            writer.add_document(**doc)
        final = list(ix._segments())  # an empty list for a new index
        final += segments
        if writer._added:  # noqa: SLF001 - the same steps as whoosh.multiproc.MpWriter._commit
            final.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc(final)
        writer._finish()
    except BaseException:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
        try:
            writer.cancel()
        except Exception:  # the writer may already be half-closed; the folder is discarded anyway
            log.debug("cancelling the parent writer failed", exc_info=True)
        raise
    finally:
        for worker in workers:
            worker.join(timeout=5)
        results.close()


def _collect(
    workers: list[Any], results: Any, total: int, progress: Progress | None
) -> tuple[list[Any], dict[str, TermRefs]]:
    segments: list[Any] = []
    refs: dict[str, TermRefs] = {}
    done = 0
    while len(segments) < len(workers):
        try:
            kind, value = results.get(timeout=0.5)
        except queue_mod.Empty:
            dead = [w for w in workers if not w.is_alive() and w.exitcode not in (0, None)]
            if dead:
                raise BuildError(f"an indexing worker stopped unexpectedly (exit code {dead[0].exitcode})")
            if all(not w.is_alive() for w in workers):
                time.sleep(0.2)
                if results.empty():
                    raise BuildError("the indexing workers finished without handing back their work")
            continue
        if kind == "progress":
            done += value
            if progress is not None:
                progress(min(done, total), total)
        elif kind == "segment":
            segments.append(value[0])
            refs.update(value[1])
        else:
            raise BuildError(f"an indexing worker failed: {value}")
    return segments, refs
