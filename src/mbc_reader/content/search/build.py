"""Writing articles into a Whoosh index: serially, or split over worker processes.

A full build of the 1,432-article corpus is dominated by turning Markdown into section text
(``render.section_texts``, ~24 s of CPU) and by Whoosh's pure-Python posting writer. Both
parallelise by article, so on a multi-core machine the articles are split into balanced shares
and each worker process renders its share and writes its own Whoosh segment into the new index
folder; the parent then commits one table of contents listing every segment. This is how
Whoosh's own ``MpWriter(multisegment=True)`` works, minus the parent rendering everything
itself. The segments are not merged afterwards: a merge would cost as much as the build, and
the searcher reads each segment's postings separately anyway.

Workers are plain ``python -c`` processes (a GUI process with threads must never fork, and
``multiprocessing``'s "spawn" would re-run ``python -m mbc_reader``); any failure of the
parallel path falls back to a serial build.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue as queue_mod
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from ._whoosh_compat import commit_segments, finish_segment, segment_writer
from ..models import Article
from ..render import render_body, section_texts
from .schema import SectionDoc, article_documents, make_schema, vocabulary_document

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
#: The glossary links of an article: (term id, link text, language) each.
TermRefs = list[tuple[str, str, str]]
#: Given every article's glossary links, the documents to add last (glossary terms, state).
Finisher = Callable[[dict[str, TermRefs]], list[dict[str, Any]]]

#: Memory for Whoosh's in-memory posting pool, per writer, before it spills to disk.
LIMIT_MB = 256
#: Postings per block: larger than Whoosh's 128, since the searcher reads whole lists, never
#: skips within them (decoding "cancer" is ~25% faster, the index a little smaller).
BLOCK_LIMIT = 512


def codec() -> W3Codec:
    return W3Codec(blocklimit=BLOCK_LIMIT)

#: Below this many articles a worker pool costs more (process start-up) than it saves.
PARALLEL_MIN_ARTICLES = 60


class BuildError(Exception):
    """The index could not be written; the message says why in plain words."""


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

    ``MBC_READER_INDEX_PROCS`` overrides. A frozen app (PyInstaller) always builds in-process:
    its executable cannot run ``python -c``.
    """
    if getattr(sys, "frozen", False):
        return 1
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


def worker_main(job_path: str, result_path: str) -> int:
    """Worker process: write one segment of the index and hand it back through a file.

    Started as ``python -c`` (see :func:`write_parallel`), never through ``multiprocessing``:
    its "spawn" re-imports the parent's ``__main__``, which for ``python -m mbc_reader`` would
    run the whole command again. Progress goes to stdout, one "progress N" line at a time.
    """
    with open(job_path, "rb") as fh:
        job = pickle.load(fh)
    ix = whoosh_index.open_dir(job["folder"], schema=make_schema())
    writer = segment_writer(ix, limitmb=LIMIT_MB, codec=codec())
    count = 0

    def tick() -> None:
        nonlocal count
        count += 1
        if count % 8 == 0:
            print("progress 8", flush=True)

    refs = add_articles(writer, job["articles"], tick)
    print(f"progress {count % 8}", flush=True)
    segment = finish_segment(writer)  # the same steps as whoosh.multiproc's sub-writers
    tmp = result_path + ".tmp"
    with open(tmp, "wb") as fh:
        pickle.dump((segment, refs), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, result_path)
    print(f"cpu {time.process_time():.3f}", flush=True)
    return 0


_BOOTSTRAP = (
    "import sys; from mbc_reader.content.search.build import worker_main; "
    "sys.exit(worker_main(sys.argv[1], sys.argv[2]))"
)


def write_parallel(ix: Any, articles: Sequence[Article], finish: Finisher, procs: int, progress: Progress | None) -> None:
    """Worker processes each write a segment; this process adds what ``finish`` gives and
    commits one table of contents over all the segments (raises BuildError on any failure)."""
    folder = Path(ix.storage.folder)
    shares = balanced_shares(articles, procs)
    writer = ix.writer(limitmb=64, codec=codec())
    workers: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="mbc-index-jobs-") as jobs:
        try:
            results = []
            lines: queue_mod.Queue[str | None] = queue_mod.Queue()
            env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
            for i, share in enumerate(shares):
                job = Path(jobs) / f"job{i}.pickle"
                with job.open("wb") as fh:
                    pickle.dump({"folder": str(folder), "articles": share}, fh, protocol=pickle.HIGHEST_PROTOCOL)
                results.append(Path(jobs) / f"result{i}.pickle")
                proc = subprocess.Popen(
                    [sys.executable, "-c", _BOOTSTRAP, str(job), str(results[-1])],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    stdin=subprocess.DEVNULL,
                    text=True,
                    env=env,
                )
                workers.append(proc)
                threading.Thread(target=_pump, args=(proc, lines), daemon=True).start()
            _follow(workers, lines, len(articles), progress)
            segments: list[Any] = []
            refs: dict[str, TermRefs] = {}
            for result in results:
                with result.open("rb") as fh:
                    segment, part = pickle.load(fh)
                segments.append(segment)
                refs.update(part)
            for doc in finish(refs):
                writer.add_document(**doc)
            commit_segments(ix, writer, segments)
        except BaseException:
            for proc in workers:
                if proc.poll() is None:
                    proc.kill()
            try:
                writer.cancel()
            except Exception:  # the writer may already be half-closed; the folder is discarded anyway
                log.debug("cancelling the parent writer failed", exc_info=True)
            raise
        finally:
            for proc in workers:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()


def _pump(proc: subprocess.Popen, lines: queue_mod.Queue) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.put(line)
    lines.put(None)


#: CPU seconds each worker of the last parallel build used (for the benchmark's report).
last_worker_cpu: list[float] = []


def _follow(workers: list[subprocess.Popen], lines: queue_mod.Queue, total: int, progress: Progress | None) -> None:
    done = 0
    open_streams = len(workers)
    last_worker_cpu.clear()
    while open_streams:
        try:
            line = lines.get(timeout=0.5)
        except queue_mod.Empty:  # the workers are between reports: let a caller that is stopping say so
            if progress is not None:
                progress(min(done, total), total)
            continue
        if line is None:
            open_streams -= 1
            continue
        if line.startswith("progress "):
            done += int(line.split()[1])
            if progress is not None:
                progress(min(done, total), total)
        elif line.startswith("cpu "):
            last_worker_cpu.append(float(line.split()[1]))
    for proc in workers:
        code = proc.wait()
        if code != 0:
            err = proc.stderr.read().strip().splitlines() if proc.stderr else []
            raise BuildError(f"an indexing worker failed (exit code {code}): {err[-1] if err else 'no message'}")
