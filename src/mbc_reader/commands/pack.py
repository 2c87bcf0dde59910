"""``mbc-reader pack build|keygen|install|list|remove|rollback``: content packs for clinic staff.

Refusals name the files and the problems, like ``mbc-reader check``; exit 1 when refused for
the articles' problems, exit 2 (one line naming the pack and the reason) when refused for what
the pack is: unsigned where keys are configured, signed by an unknown key, changed after it was
built, made for another app version, or older than the installed version.
After a change the search index is brought up to date, unless ``--no-index`` (a trusted built
pack brings its own index, so there is nothing to index). Installing the content that is
already current says so ("unchanged"), exits 0 and changes nothing.

``--system`` (install, remove, rollback) works on the packs every account sees
(``/var/lib/mbc-reader/packs``), as root; anyone else is refused (exit 2) before anything is
read. It leaves the search index alone: each account's reader puts the pack's own index in
place, or indexes, when it next starts. ``pack list`` shows both kinds (``system`` in JSON).
``pack deb FILE`` wraps a built pack as a Debian package that installs it for every account.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path

from ..content.models import Severity
from ..content.pack_sign import SignError, generate_keypair
from ..content.packs import PackError, PackInfo, install_pack, list_packs, refresh_search_index, remove_pack, rollback_pack

MAX_LISTED = 20  # problems printed on a refusal before "... and N more"


def register(subparsers) -> None:
    parser = subparsers.add_parser("pack", help="install, list, remove or roll back content packs")
    actions = parser.add_subparsers(dest="pack_command", metavar="ACTION")

    build = actions.add_parser("build", help="make one pack zip (articles, search index, manifest) from a folder")
    build.add_argument("path", type=Path, metavar="DIR", help="a folder of articles (and their pictures)")
    build.add_argument("--out", type=Path, required=True, metavar="FILE", help="the pack file to write (.zip)")
    build.add_argument("--name", help="the pack's name (default: the folder's name)")
    build.add_argument("--version", dest="pack_version", metavar="V", help="the pack's version, e.g. 2025.6 (default: today)")
    build.add_argument("--sign", type=Path, metavar="PRIVATE_KEY", help="sign it with this key (from 'pack keygen')")
    build.add_argument("--force", action="store_true", help="build even with errors: only the files without errors")
    build.add_argument("--owner", metavar="NAME", help="who reviews its articles (for those without an 'owner:' of their own)")
    build.add_argument("--json", action="store_true", help="print the result as JSON")
    build.set_defaults(handler=run_build)

    deb = actions.add_parser("deb", help="wrap a built pack as a Debian package that installs it for every account")
    deb.add_argument("path", type=Path, metavar="FILE", help="a pack file made by 'pack build'")
    deb.add_argument("--out", type=Path, default=Path("."), metavar="DIR", help="where to write the .deb (default: here)")
    deb.add_argument("--maintainer", metavar="'NAME <ADDRESS>'",
                     help="who the package names as its maintainer (default: $DEBFULLNAME <$DEBEMAIL>)")
    deb.set_defaults(handler=run_deb)

    keygen = actions.add_parser("keygen", help="make a key pair for signing packs")
    keygen.add_argument("--out", type=Path, required=True, metavar="DIR", help="where to write NAME.key and NAME.pub")
    keygen.add_argument("--name", default="pack-signing", help="the key's name (default: pack-signing)")
    keygen.set_defaults(handler=run_keygen)

    install = actions.add_parser("install", help="check and install a folder, a .zip of articles or a built pack")
    install.add_argument("path", type=Path, help="a folder of articles or a .zip file")
    install.add_argument("--name", help="the pack's name (default: the built pack's name, or the folder or zip name)")
    install.add_argument("--force", action="store_true", help="install even with errors: only the files without errors")
    install.add_argument("--allow-downgrade", action="store_true", help="install a pack older than the installed version")
    install.add_argument("--system", action="store_true", help="for every account of this computer (root only)")
    install.add_argument("--owner", metavar="NAME", help="who reviews its articles (default: the built pack's owner)")
    install.add_argument("--no-index", action="store_true", help="do not update the search index now")
    install.add_argument("--json", action="store_true", help="print the result as JSON")
    install.set_defaults(handler=run_install)

    listing = actions.add_parser("list", help="list the installed packs")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(handler=run_list)

    remove = actions.add_parser("remove", help="remove an installed pack")
    remove.add_argument("name")
    remove.add_argument("--system", action="store_true", help="a pack installed for every account (root only)")
    remove.add_argument("--no-index", action="store_true", help="do not update the search index now")
    remove.set_defaults(handler=run_remove)

    rollback = actions.add_parser("rollback", help="go back to a pack's previous version")
    rollback.add_argument("name")
    rollback.add_argument("--system", action="store_true", help="a pack installed for every account (root only)")
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
    return exc.exit_code


def run_build(args: argparse.Namespace) -> int:
    from ..content.pack_build import build_pack  # the index and Whoosh only for this action
    from .index import ProgressBar

    bar = ProgressBar("indexing articles")
    try:
        result = build_pack(args.path, args.out, name=args.name, version=args.pack_version, sign_key=args.sign,
                            force=args.force, progress=None if args.json else bar, owner=args.owner)  # fmt: skip
    except PackError as exc:
        bar.finish()
        return _refused(exc)
    bar.finish()
    manifest = result.manifest
    signed = f"signed with {result.key_id}" if result.key_id else "not signed"
    if args.json:
        summary = {k: manifest[k] for k in ("name", "version", "built", "languages", "articles", "content_hash", "app")}
        print(json.dumps({**summary, "path": str(result.path), "bytes": result.size, "members": len(manifest["members"]),
                          "key_id": result.key_id, "seconds": round(result.seconds, 2)}, indent=2))  # fmt: skip
        return 0
    print(f"built pack '{manifest['name']}' {manifest['version']}: {manifest['articles']} articles, "
          f"{len(manifest['members'])} files, {result.size / 1e6:.1f} MB, {signed}, in {result.seconds:.1f} s "
          f"(search index {result.index_seconds:.1f} s)")  # fmt: skip
    print(f"  {result.path}")
    print(f"  languages: {', '.join(manifest['languages'])}; for mbc-reader {manifest['app']['min']} up to "
          f"(not including) {manifest['app']['below']}")  # fmt: skip
    if manifest["skipped"]:
        print(f"  left out (errors): {', '.join(manifest['skipped'][:5])}" + (" ..." if len(manifest["skipped"]) > 5 else ""))
    if not result.key_id:
        print("  warning: not signed: computers with trusted keys will refuse it, and others will rebuild its "
              "search index ('--sign KEY' signs it)")  # fmt: skip
    return 0


def run_deb(args: argparse.Namespace) -> int:
    from ..content.debian import MAINTAINER
    from ..content.pack_deb import build_deb

    try:
        result = build_deb(args.path, args.out, args.maintainer)
    except PackError as exc:
        return _refused(exc)
    pack = result.pack
    print(f"made package {result.package} {result.version} ({result.size / 1e6:.1f} MB): pack '{pack.name}', "
          f"{pack.manifest.get('articles')} articles, {'signed' if pack.claimed_key else 'not signed'}")  # fmt: skip
    print(f"  {result.path}")
    print(f"  install it on each computer with: sudo apt install {result.path.resolve()} (or dpkg -i); it is checked "
          "there against /etc/mbc-reader/trusted-keys")  # fmt: skip
    if not pack.claimed_key:
        print("  warning: not signed: computers with trusted keys will refuse it when the package is configured")
    if result.maintainer == MAINTAINER:
        print(f"  warning: it names the placeholder maintainer {MAINTAINER}: give the clinic's contact with "
              "--maintainer 'Name <address>' (or set DEBFULLNAME and DEBEMAIL)")  # fmt: skip
    return 0


def run_keygen(args: argparse.Namespace) -> int:
    try:
        private, public, key_id = generate_keypair(args.out, args.name)
    except (SignError, OSError) as exc:
        print(f"mbc-reader: cannot make the key pair: {exc}", file=sys.stderr)
        return 1
    print(f"made key {key_id}")
    print(f"  private: {private} (keep it secret: sign packs with 'pack build --sign {private}')")
    print(f"  public:  {public} (copy it into /etc/mbc-reader/trusted-keys/ on each computer)")
    return 0


def _index(args: argparse.Namespace, shipped: bool = False) -> None:
    if args.no_index:
        return
    if getattr(args, "system", False):  # root's own index would serve no reader
        if not getattr(args, "json", False):
            print("  search index: each account's reader prepares it when it next starts")
        return
    started = time.perf_counter()
    updated, warning = refresh_search_index()
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    elif updated and not getattr(args, "json", False):
        how = "the pack's own, checked" if shipped else "up to date"
        print(f"search index {how} ({time.perf_counter() - started:.1f} s)")


def run_install(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        result = install_pack(args.path, args.name, force=args.force, allow_downgrade=args.allow_downgrade,
                              system=args.system, owner=args.owner)
    except PackError as exc:
        return _refused(exc)
    seconds = time.perf_counter() - started
    pack = result.pack
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps({**pack.to_json(), "replaced": result.replaced, "unchanged": result.unchanged,
                          "shadowed": result.shadowed, "warnings": result.warnings, "index_ready": result.index_ready,
                          "seconds": round(seconds, 2)}, indent=2))  # fmt: skip
    elif result.unchanged:
        print(f"pack '{pack.name}' is unchanged: the version installed {_when(pack.installed)} ({pack.version}) "
              f"already has exactly this content; nothing was installed, no new version made")  # fmt: skip
        if pack.previous:
            print(f"  the previous version is still kept: 'mbc-reader pack rollback {pack.name}' restores it")
    else:
        verb = "updated" if result.replaced else "installed"
        release = f"version {pack.pack_version}, " if pack.pack_version else ""
        where = " for every account" if pack.system else ""
        print(f"{verb} pack '{pack.name}'{where}: {pack.articles} articles ({release}{pack.version}) in {seconds:.1f} s")
        if pack.signed_by:
            print(f"  signed by {pack.signed_by} ({pack.key_id}); every file matched its signed manifest")
        if result.index_ready:
            print("  search index: the pack's own, ready (nothing to index)")
        if result.catalog_ready:
            print("  start-up catalog: the pack's own, ready (nothing to load)")
        print(f"  problems: {pack.errors} errors, {pack.warnings} warnings, {pack.notes} notes")
        for problem in (p for p in result.problems if p.severity is Severity.ERROR):
            print(f"  left out: {problem.file}: error: {problem.message}")
        if result.replaced:
            print(f"  previous version kept: 'mbc-reader pack rollback {pack.name}{_flag(pack)}' restores it")
        if result.shadowed:
            print(f"  warning: {len(result.shadowed)} article ids are already used by other content and stay hidden: "
                  + ", ".join(result.shadowed[:5]) + (" ..." if len(result.shadowed) > 5 else ""))  # fmt: skip
    if not result.unchanged and not (result.index_ready and result.catalog_ready):
        _index(args, shipped=result.index_ready)  # nothing changed, nothing to index
    return 0


def _row(pack: PackInfo) -> str:
    problems = f"{pack.errors} errors, {pack.warnings} warnings"
    if pack.skipped:
        problems += f" ({len(pack.skipped)} files left out)"
    rollback = "yes" if pack.previous else "no"
    version = pack.pack_version or "-"
    signed = pack.signed_by or "-"
    scope = "system" if pack.system else "user"
    return (f"{pack.name:<20} {version:<16} {pack.articles:>8} {_when(pack.installed):<17} {scope:<7} {rollback:<9} "
            f"{signed:<16} {problems}")  # fmt: skip


def _flag(pack: PackInfo) -> str:
    return " --system" if pack.system else ""


def run_list(args: argparse.Namespace) -> int:
    packs = list_packs(system=None)  # every account's first, as the app loads them
    if args.json:
        print(json.dumps({"packs": [p.to_json() for p in packs]}, indent=2))
        return 0
    if not packs:
        print("no content packs installed ('mbc-reader pack install FOLDER' adds one)")
        return 0
    print(f"{'name':<20} {'version':<16} {'articles':>8} {'installed':<17} {'for':<7} {'rollback':<9} {'signed by':<16} "
          "problems")  # fmt: skip
    for pack in packs:
        print(_row(pack))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    try:
        pack = remove_pack(args.name, system=args.system)
    except PackError as exc:
        return _refused(exc)
    print(f"removed pack '{pack.name}'{' (every account)' if pack.system else ''} ({pack.articles} articles)")
    _index(args)
    return 0


def run_rollback(args: argparse.Namespace) -> int:
    try:
        pack = rollback_pack(args.name, system=args.system)
    except PackError as exc:
        return _refused(exc)
    print(f"pack '{pack.name}' rolled back: now showing the version installed {_when(pack.installed)} "
          f"({pack.version}, {pack.articles} articles)")  # fmt: skip
    if pack.previous:
        print(f"  the version it replaced ({pack.previous}) is kept: 'mbc-reader pack rollback {pack.name}{_flag(pack)}' "
              "again returns to it")  # fmt: skip
    _index(args)
    return 0
