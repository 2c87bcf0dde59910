"""``mbc-reader``: the command line staff and tests use; the same Qt-free core as the window.

Each sub-command lives in ``mbc_reader/commands/<name>.py`` with ``register(subparsers)``; its
handler returns the exit status. No traceback ever reaches the user: content problems are
reported by file, and anything unexpected becomes one plain line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from . import __version__

COMMANDS = ["check", "render", "search", "index", "review", "pack", "export", "gui", "kiosk", "speak", "import"]

log = logging.getLogger(__name__)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for ``command`` alone (only its module is imported: ``mbc-reader gui`` must not
    load the search engine or Markdown before its window), or for every command when None."""
    parser = argparse.ArgumentParser(
        prog="mbc-reader",
        description="Offline reader of patient cancer information (National Cancer Institute articles).",
    )
    parser.add_argument("--version", action="version", version=f"mbc-reader {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show diagnostic messages")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in [command] if command in COMMANDS else COMMANDS:
        importlib.import_module(f"mbc_reader.commands.{name}").register(subparsers)
    return parser


def chosen_command(argv: list[str]) -> str | None:
    """The sub-command named on the command line (the first word that is one), if any."""
    return next((word for word in argv if word in COMMANDS), None)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(chosen_command(argv))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s")
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last guard: a plain message, never a traceback
        log.debug("unexpected failure", exc_info=True)
        print(f"mbc-reader: {args.command} failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
