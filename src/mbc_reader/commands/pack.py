"""``mbc-reader pack install|list|remove|rollback``: content packs for clinic staff.

Refusals name the files and the problems, like ``mbc-reader check``; exit 1 when refused.
After a change the search index is brought up to date, unless ``--no-index``. Installing the
content that is already current says so ("unchanged"), exits 0 and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path

from ..content.models import Severity
from ..content.packs import PackError, PackInfo, install_pack, list_packs, refresh_search_index, remove_pack, rollback_pack

MAX_LISTED = 20  # problems printed on a refusal before "... and N more"


def register(subparsers) -> None:
    parser = subparsers.add_parser("pack", help="install, list, remove or roll back content packs")
    actions = parser.add_subparsers(dest="pack_command", metavar="ACTION")

    install = actions.add_parser("install", help="check and install a folder or .zip of articles")
    install.add_argument("path", type=Path, help="a folder of articles or a .zip file")
    install.add_argument("--name", help="the pack's name (default: the folder or zip name)")
    install.add_argument("--force", action="store_true", help="install even with errors: only the files without errors")
    install.add_argument("--no-index", action="store_true", help="do not update the search index now")
    install.add_argument("--json", action="store_true", help="print the result as JSON")
    install.set_defaults(handler=run_install)

    listing = actions.add_parser("list", help="list the installed packs")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(handler=run_list)

    remove = actions.add_parser("remove", help="remove an installed pack")
    remove.add_argument("name")
    remove.add_argument("--no-index", action="store_true", help="do not update the search index now")
    remove.set_defaults(handler=run_remove)

    rollback = actions.add_parser("rollback", help="go back to a pack's previous version")
    rollback.add_argument("name")
    rollback.add_argument("--no-index", action="store_true", help="do not update the search index now")
    rollback.set_defaults(handler=run_rollback)

    parser.set_defaults(handler=lambda args: parser.print_help() or 2)


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso or "?"


def _refused(exc: PackError) -> int:
    print(f"mbc-reader: {exc}", file=sys.stderr)
    for problem in exc.problems[:MAX_LISTED]:
        print(f"  {problem.file}: {problem.severity.value}: {problem.message}", file=sys.stderr)
    if len(exc.problems) > MAX_LISTED:
        print(f"  ... and {len(exc.problems) - MAX_LISTED} more", file=sys.stderr)
    return 1


def _index(args: argparse.Namespace) -> None:
    if args.no_index:
        return
    started = time.perf_counter()
    updated, warning = refresh_search_index()
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    elif updated and not getattr(args, "json", False):
        print(f"search index up to date ({time.perf_counter() - started:.1f} s)")


def run_install(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        result = install_pack(args.path, args.name, force=args.force)
    except PackError as exc:
        return _refused(exc)
    seconds = time.perf_counter() - started
    pack = result.pack
    if args.json:
        print(json.dumps({**pack.to_json(), "replaced": result.replaced, "unchanged": result.unchanged,
                          "shadowed": result.shadowed, "seconds": round(seconds, 2)}, indent=2))  # fmt: skip
    elif result.unchanged:
        print(f"pack '{pack.name}' is unchanged: the version installed {_when(pack.installed)} ({pack.version}) "
              f"already has exactly this content; nothing was installed, no new version made")  # fmt: skip
        if pack.previous:
            print(f"  the previous version is still kept: 'mbc-reader pack rollback {pack.name}' restores it")
    else:
        verb = "updated" if result.replaced else "installed"
        print(f"{verb} pack '{pack.name}': {pack.articles} articles ({pack.version}) in {seconds:.1f} s")
        print(f"  problems: {pack.errors} errors, {pack.warnings} warnings, {pack.notes} notes")
        for problem in (p for p in result.problems if p.severity is Severity.ERROR):
            print(f"  left out: {problem.file}: error: {problem.message}")
        if result.replaced:
            print(f"  previous version kept: 'mbc-reader pack rollback {pack.name}' restores it")
        if result.shadowed:
            print(f"  warning: {len(result.shadowed)} article ids are already used by other content and stay hidden: "
                  + ", ".join(result.shadowed[:5]) + (" ..." if len(result.shadowed) > 5 else ""))  # fmt: skip
    if not result.unchanged:
        _index(args)  # nothing changed, nothing to index
    return 0


def _row(pack: PackInfo) -> str:
    problems = f"{pack.errors} errors, {pack.warnings} warnings"
    if pack.skipped:
        problems += f" ({len(pack.skipped)} files left out)"
    rollback = "yes" if pack.previous else "no"
    return f"{pack.name:<20} {pack.articles:>8} {_when(pack.installed):<17} {rollback:<9} {problems}"


def run_list(args: argparse.Namespace) -> int:
    packs = list_packs()
    if args.json:
        print(json.dumps({"packs": [p.to_json() for p in packs]}, indent=2))
        return 0
    if not packs:
        print("no content packs installed ('mbc-reader pack install FOLDER' adds one)")
        return 0
    print(f"{'name':<20} {'articles':>8} {'installed':<17} {'rollback':<9} problems")
    for pack in packs:
        print(_row(pack))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    try:
        pack = remove_pack(args.name)
    except PackError as exc:
        return _refused(exc)
    print(f"removed pack '{pack.name}' ({pack.articles} articles)")
    _index(args)
    return 0


def run_rollback(args: argparse.Namespace) -> int:
    try:
        pack = rollback_pack(args.name)
    except PackError as exc:
        return _refused(exc)
    print(f"pack '{pack.name}' rolled back: now showing the version installed {_when(pack.installed)} "
          f"({pack.version}, {pack.articles} articles)")  # fmt: skip
    if pack.previous:
        print(f"  the version it replaced ({pack.previous}) is kept: 'mbc-reader pack rollback {pack.name}' "
              "again returns to it")  # fmt: skip
    _index(args)
    return 0
