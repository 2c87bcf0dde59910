"""Sub-commands of ``mbc-reader``; each module has ``register(subparsers)``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..content.library import content_dirs


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="a folder of articles (default: the bundled articles plus installed content packs)",
    )


def selected_content(args: argparse.Namespace) -> list[Path]:
    return [args.content] if getattr(args, "content", None) else content_dirs()
