"""Sub-commands of ``mbc-reader``; each module has ``register(subparsers)``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.library import content_dirs

if TYPE_CHECKING:
    from ..content.models import Article, Library


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="a folder of articles (default: the bundled articles plus installed content packs)",
    )


def selected_content(args: argparse.Namespace) -> list[Path]:
    return content_dirs(getattr(args, "content", None))


def article_or_report(library: Library, article_id: str) -> Article | None:
    """The article, or None after saying on stderr why it is not there (naming the file when known)."""
    article = library.get(article_id)
    if article is None:
        reasons = [p for p in library.problems if p.file.stem == article_id]
        detail = f": {reasons[0].file}: {reasons[0].message}" if reasons else ""
        print(f"mbc-reader: no article '{article_id}'{detail}", file=sys.stderr)
    return article
