"""``mbc-reader index``: build or update the search index, with a progress bar and the time.

    mbc-reader index [--content DIR]      bring the index up to date (build it if needed)
    mbc-reader index --rebuild            build it again from scratch
    mbc-reader index --content seeds --out DIR
                                          build a self-contained index into DIR, e.g. the one
                                          the installer ships as resources/search-index

The window keeps its index current by itself; this is for staff (after copying articles in,
or when search says it could not be prepared) and for packaging.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..content.library import open_library
from ..content.search import IndexBusy, build_index, cache_location, ensure_index, library_dirs, strip_locks
from . import add_content_option, selected_content


class ProgressBar:
    """``progress(done, total)`` drawn on stderr: a bar on a terminal, a few lines otherwise."""

    def __init__(self, label: str, stream=None, width: int = 30) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last = -1
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        total = max(total, 1)
        share = min(1.0, done / total)
        if self.tty:
            filled = int(share * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
            self.stream.flush()
            self._drawn = True
        else:
            step = int(share * 10)
            if step != self._last:
                self._last = step
                self.stream.write(f"{self.label}: {done}/{total}\n")
                self.stream.flush()

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def register(subparsers) -> None:
    parser = subparsers.add_parser("index", help="build or update the search index")
    add_content_option(parser)
    parser.add_argument("--rebuild", action="store_true", help="build the index again from scratch")
    parser.add_argument("--out", type=Path, metavar="DIR", help="build a complete index into DIR (for packaging)")
    parser.add_argument("--procs", type=int, metavar="N", help="worker processes for a full build (default: auto)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    library = open_library(selected_content(args))
    articles = len(library.patient_articles)
    bar = ProgressBar("indexing articles")
    try:
        if args.out is not None:
            build_index(library, args.out, progress=bar, procs=args.procs)
            strip_locks(args.out)  # a shipped, read-only index needs no locks
            where, what = args.out, f"built for {articles} articles"
        elif args.rebuild:
            where = cache_location(library_dirs(library))  # never the read-only shipped one
            build_index(library, where, progress=bar, procs=args.procs)
            what = f"rebuilt for {articles} articles"
        else:
            from ..content.pack_index import use_shipped_index

            use_shipped_index(library)  # a trusted pack's own index (one for every account) before indexing here
            status = ensure_index(library, progress=bar)
            where, what = status.index_dir, status.message.removeprefix("search index ")
    except IndexBusy as exc:
        bar.finish()
        print(f"mbc-reader: {exc}; try again when it has finished", file=sys.stderr)
        return 1
    bar.finish()
    print(f"search index {what} in {time.perf_counter() - started:.1f} s: {where}")
    return 0
