"""Writing articles into a Whoosh index: serially, or split over worker processes.

A full build of the 1,432-article corpus is dominated by turning Markdown into section text
(``render.section_texts``, ~24 s of CPU) and by Whoosh's pure-Python posting writer. Both
parallelise by article, so on a multi-core machine the articles are split into balanced batches
and a pool of worker processes renders them, each batch written as its own Whoosh segment into
the new index folder; the parent then commits one table of contents listing every segment. This
is how Whoosh's own ``MpWriter(multisegment=True)`` works, minus the parent rendering everything
itself. The segments are not merged afterwards: a merge would cost as much as the build, and
the searcher reads each segment's postings separately anyway.

The pool is a ``concurrent.futures.ProcessPoolExecutor`` with the "spawn" context (a GUI
process with threads must never fork); entry points call ``multiprocessing.freeze_support()``,
so the frozen app builds in parallel too. Progress is the batches completing, and the parent
asks its progress callback every ``REPORT_EVERY`` seconds in between, so a caller that is
stopping (its callback raises) stops the build promptly: the workers see a shared event at
their next article. Any failure of the parallel path falls back to a serial build.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from whoosh import index as whoosh_index

from ._whoosh_compat import commit_segments, finish_segment, segment_writer
from ..models import Article
from ..render import render_body, section_texts
from .schema import SectionDoc, article_documents, codec, make_schema, vocabulary_document
from .store import BuildError

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


def index_article(article: Article, vocabulary: Counter[str]) -> tuple[list[dict[str, Any]], TermRefs]:
    """The article's documents and glossary links (its words counted into ``vocabulary``),
    reading its text once and keeping none of it (the catalog's articles read their file on
    demand)."""
    text = article.load_text()
    html = render_body(article, text=text)
    sections = [SectionDoc(s.anchor, s.title, s.text) for s in section_texts(article, body_html=html)]
    refs = list(dict.fromkeys((r.term_id, r.text, article.language) for r in text.glossary_refs))
    docs = article_documents(article.id, article.title, article.language, sections, vocabulary, article.source_url)
    return docs, refs


def default_procs(n_articles: int) -> int:
    """How many worker processes a full build should use (1 = in this process).

    ``MBC_READER_INDEX_PROCS`` overrides.
    """
    override = os.environ.get("MBC_READER_INDEX_PROCS", "").strip()
    if override.isdigit() and int(override) > 0:
        return int(override)
    if n_articles < PARALLEL_MIN_ARTICLES:
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
    """Add each article's documents, then one vocabulary document for them all; returns each
    article's glossary links."""
    refs: dict[str, TermRefs] = {}
    vocabulary: Counter[str] = Counter()
    for article in articles:
        docs, refs[article.id] = index_article(article, vocabulary)
        for doc in docs:
            writer.add_document(**doc)
        if tick is not None:
            tick()
    vocab_doc = vocabulary_document(vocabulary)
    if vocab_doc is not None:
        writer.add_document(**vocab_doc)
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

    writer = ix.writer(limitmb=LIMIT_MB, codec=codec())
    try:
        refs = add_articles(writer, articles, tick)
        for doc in finish(refs):
            writer.add_document(**doc)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)


class BuildCancelled(Exception):
    """In a worker: the parent gave the build up (its progress callback raised)."""


#: In a worker process: the parent's event, set when the build is given up.
_given_up: Any = None


def _start_worker(given_up: Any) -> None:
    global _given_up
    _given_up = given_up


def write_batch(folder: str, articles: list[Article]) -> tuple[Any, dict[str, TermRefs], tuple[int, float]]:
    """In a worker process: write one segment of ``articles`` into the index in ``folder``.

    Returns the segment (for the parent's table of contents), each article's glossary links,
    and (this process's id, the CPU seconds it has used so far)."""
    ix = whoosh_index.open_dir(folder, schema=make_schema())
    writer = segment_writer(ix, limitmb=LIMIT_MB, codec=codec())

    def tick() -> None:
        if _given_up is not None and _given_up.is_set():
            raise BuildCancelled("the index build was given up")

    try:
        refs = add_articles(writer, articles, tick)
        segment = finish_segment(writer)  # the same steps as whoosh.multiproc's sub-writers
    except BaseException:
        writer.cancel()
        raise
    return segment, refs, (os.getpid(), time.process_time())


#: Batches per worker process: each is one task of the pool and one segment of the index. More
#: would report progress more often, but leave more segments for every search, which then
#: scores a little slower (2 a worker, 5 segments on the corpus: p95 per keystroke +9%, opening
#: +13%) and breaks exact ties in another order; one a worker keeps the index as it always was.
BATCHES_PER_WORKER = 1
#: How often (seconds) the parent asks its progress callback while no batch completes.
REPORT_EVERY = 0.5


def write_parallel(ix: Any, articles: Sequence[Article], finish: Finisher, procs: int, progress: Progress | None) -> None:
    """A pool of worker processes each writes batches as segments; this process adds what
    ``finish`` gives and commits one table of contents over all the segments (raises
    BuildError on any failure of a worker, and what ``progress`` raises when it gives up)."""
    folder = str(ix.storage.folder)
    batches = balanced_shares(articles, procs * BATCHES_PER_WORKER)
    total = len(articles)
    context = multiprocessing.get_context("spawn")
    given_up = context.Event()
    writer = ix.writer(limitmb=64, codec=codec())
    pool = ProcessPoolExecutor(
        max_workers=max(1, min(procs, len(batches))),
        mp_context=context,
        initializer=_start_worker,
        initargs=(given_up,),
    )
    last_worker_cpu.clear()
    pending: dict[Future, int] = {}
    try:
        pending = {pool.submit(write_batch, folder, batch): i for i, batch in enumerate(batches)}
        results: dict[int, tuple[Any, dict[str, TermRefs]]] = {}
        cpu: dict[int, float] = {}
        done = 0
        while pending:
            finished, _ = wait(pending, timeout=REPORT_EVERY, return_when=FIRST_COMPLETED)
            for future in finished:
                i = pending.pop(future)
                segment, refs, (pid, seconds) = _outcome(future)
                results[i] = (segment, refs)
                cpu[pid] = max(cpu.get(pid, 0.0), seconds)
                done += len(batches[i])
            if progress is not None:  # also between batches: a caller that is stopping says so
                progress(min(done, total), total)
        last_worker_cpu.extend(cpu.values())
        refs_all: dict[str, TermRefs] = {}
        for i in range(len(batches)):
            refs_all.update(results[i][1])
        for doc in finish(refs_all):
            writer.add_document(**doc)
        commit_segments(ix, writer, [results[i][0] for i in range(len(batches))])
    except BaseException:
        given_up.set()  # running batches stop at their next article
        for future in pending:
            future.cancel()
        try:
            writer.cancel()
        except Exception:  # the writer may already be half-closed; the folder is discarded anyway
            log.debug("cancelling the parent writer failed", exc_info=True)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _outcome(future: Future) -> Any:
    """A batch's result; a worker's failure as a BuildError that says what went wrong."""
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise BuildError(f"an indexing worker stopped unexpectedly ({exc})") from exc
    except Exception as exc:
        raise BuildError(f"an indexing worker failed: {type(exc).__name__}: {exc}") from exc


#: CPU seconds each worker of the last parallel build used (for the benchmark's report).
last_worker_cpu: list[float] = []
