"""Build the NCI content pack for ``make dist``: the corpus folder -> one built pack (and its .deb).

    python installer/build_content_pack.py [--corpus DIR] [--dist DIR] [--sign KEY] [--no-deb]

Writes ``dist/nci-core-<version>.zip`` (``mbc-reader pack build --force``: the crawl has one
page with no title, left out and reported) and, unless ``--no-deb``,
``dist/mbc-reader-content-nci-core_<version>_all.deb`` (``mbc-reader pack deb``). Artifacts,
never committed. The version is the last commit's date (``SOURCE_DATE_EPOCH`` when set), so two
builds of one commit name their packs alike.

Signed with ``--sign KEY`` (or the key named by ``MBC_PACK_SIGNING_KEY``), made by
``mbc-reader pack keygen``; without one the pack is unsigned, and the build says so: computers
with trusted keys refuse an unsigned pack, so staff sign their own with ``pack build --sign``.

When the corpus folder is absent (a checkout without ``../shared`` beside it), it says so in one
line and exits 0: the rest of ``make dist`` does not need the pack. The build runs the project's
own command line with throw-away user folders, so a packager's installed packs never leak in.
It takes minutes (it indexes 1,433 articles): ``make dist`` runs it after the smoke test, which
does not depend on it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "nci-core"
NAME = "nci-core"
KEY_ENV = "MBC_PACK_SIGNING_KEY"


def pack_version(epoch: int | None = None) -> str:
    """The last commit's date as a pack version (2026.12.3): the same for every build of it."""
    if epoch is None:
        if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
            epoch = int(os.environ["SOURCE_DATE_EPOCH"])
        else:
            done = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
                                  capture_output=True, text=True, check=False)  # fmt: skip
            epoch = int(done.stdout.strip()) if done.stdout.strip().isdigit() else int(time.time())
    day = datetime.fromtimestamp(epoch, timezone.utc)
    return f"{day.year}.{day.month}.{day.day}"


def _mbc_reader(args: list[str], scratch: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **{f"MBC_READER_{n}_DIR": str(scratch / n.lower()) for n in ("CACHE", "DATA", "CONFIG")}}
    env["MBC_READER_SYSTEM_PACKS"] = str(scratch / "system-packs")
    return subprocess.run([sys.executable, "-m", "mbc_reader", *args], env=env, cwd=ROOT, check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the articles (default: ../shared/corpus/nci-core)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--sign", type=Path, metavar="KEY", default=os.environ.get(KEY_ENV) or None,
                        help=f"sign it with this private key (default: ${KEY_ENV}, else unsigned)")
    parser.add_argument("--no-deb", action="store_true", help="only the pack, not its Debian package")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"content pack: skipped: no corpus folder at {args.corpus} (the NCI pack is built only where the "
              "shared corpus is beside the checkout)")  # fmt: skip
        return 0
    version = pack_version()
    args.dist.mkdir(parents=True, exist_ok=True)
    out = args.dist / f"{NAME}-{version}.zip"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mbc-dist-pack-") as tmp:
        build = ["pack", "build", str(args.corpus), "--out", str(out), "--name", NAME, "--version", version, "--force"]
        if args.sign is not None:
            build += ["--sign", str(args.sign)]
        if _mbc_reader(build, Path(tmp)).returncode != 0:
            print(f"content pack: error: the pack of {args.corpus} could not be built (see above)", file=sys.stderr)
            return 1
        built = time.perf_counter() - started
        print(f"content pack: {out} ({out.stat().st_size / 1e6:.1f} MB, {built:.0f} s)")
        if args.no_deb:
            return 0
        if _mbc_reader(["pack", "deb", str(out), "--out", str(args.dist)], Path(tmp)).returncode != 0:
            print(f"content pack: error: {out.name} could not be wrapped as a Debian package (see above)",
                  file=sys.stderr)  # fmt: skip
            return 1
    print(f"content pack: done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
