"""Build the search index of the bundled articles, for the installer to ship read-only.

The installed app finds it at ``resources/<PREBUILT_NAME>`` (``mbc_reader.content.search``) and uses
it as long as the bundled articles match it byte for byte, so a fresh install searches at once
instead of indexing on a patient's first keystroke. Run by ``build_deb.py`` before PyInstaller,
which packs the folder (see ``MBC_READER_PREBUILT_INDEX`` in ``mbc-reader.spec``):

    python installer/prebuild_index.py build/search-index

Exit status 3 means "this version has no search engine" (no ``content/index.py``): the build goes on
without an index. Any other failure, an import error inside the search engine included, stops it.
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = 3

log = logging.getLogger("prebuild_index")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: prebuild_index.py OUT_DIR", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="prebuild_index: %(message)s")
    out = Path(args[0])
    # Index with the source tree being packaged (what PyInstaller bundles: pathex=src), not
    # whatever checkout the virtualenv's editable install points at.
    sys.path.insert(0, str(ROOT / "src"))
    if not (ROOT / "src" / "mbc_reader" / "content" / "index.py").is_file():
        log.warning("no search engine in this version (no mbc_reader/content/index.py)")
        return SKIPPED
    from mbc_reader.content.search import build_index
    from mbc_reader.content.library import open_library

    library = open_library([ROOT / "seeds"])
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    build_index(library, out, procs=1)  # one process: the seed is small, and no workers to freeze
    # Lock files are for writers; the shipped, read-only copy has none.
    for leftover in [*out.glob("*.lock"), *out.rglob("*WRITELOCK")]:
        leftover.unlink()
    files = [p for p in out.rglob("*") if p.is_file()]
    log.info("built %s: %d articles, %d files, %.1f KiB", out, len(library.patient_articles),
             len(files), sum(p.stat().st_size for p in files) / 1024)
    return 0


if __name__ == "__main__":
    sys.exit(main())
