"""``mbc-reader export ID --pdf OUT.pdf``: the take-home printout of an article, as a PDF.

Qt lays the text out, offscreen: staff can run this over ssh or from a script, with no display.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from ..content.library import open_library
from . import add_content_option, article_or_report, selected_content


def register(subparsers) -> None:
    parser = subparsers.add_parser("export", help="save an article's take-home printout as a PDF")
    parser.add_argument("id", help="the article id (its file name without extension)")
    add_content_option(parser)
    parser.add_argument("--pdf", type=Path, required=True, metavar="OUT.pdf", help="where to write the PDF")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.pdf
    if out.suffix.lower() != ".pdf":
        print(f"mbc-reader: {out}: the file name must end in .pdf", file=sys.stderr)
        return 2
    if not out.parent.is_dir():
        print(f"mbc-reader: {out}: the folder {out.parent} does not exist", file=sys.stderr)
        return 1
    library = open_library(selected_content(args))
    article = article_or_report(library, args.id)
    if article is None:
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is ever shown
    from ..ui.printout import export_pdf  # Qt only now: the other commands stay light

    started = time.perf_counter()
    try:
        export_pdf(article, out)
    except OSError as exc:
        print(f"mbc-reader: {out}: cannot write the PDF ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print(f"wrote {out} ({out.stat().st_size // 1024} KB, {time.perf_counter() - started:.1f} s): {article.title}")
    return 0
