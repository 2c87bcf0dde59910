"""Build the interface translations: resources/translations/*.ts -> *.qm with pyside6-lrelease.

Run by the set-up (Makefile) and by the tests when a .qm is missing. The .qm files are build
outputs, never edited by hand. ``--update`` first re-collects the strings from src/mbc_reader/ui
with pyside6-lupdate (new strings appear in the .ts, unfinished, for a translator to fill in).

    python scripts/build_translations.py [--out DIR] [--update]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TS_DIR = REPO / "resources" / "translations"
UI_DIR = REPO / "src" / "mbc_reader" / "ui"


def tool(name: str) -> str:
    """The PySide6 wrapper next to this Python (the venv), else one on PATH."""
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    if beside.exists():
        return str(beside)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if not found:
        raise SystemExit(f"build_translations: pyside6-{name} not found (install PySide6 in this Python)")
    return found


def update(ts_files: list[Path]) -> None:
    sources = sorted(str(p) for p in UI_DIR.glob("*.py"))
    for ts in ts_files:
        subprocess.run([tool("lupdate"), *sources, "-no-obsolete", "-locations", "none", "-ts", str(ts)], check=True)


def build(ts_files: list[Path], out_dir: Path | None = None) -> list[Path]:
    built = []
    for ts in ts_files:
        qm = (out_dir or ts.parent) / ts.with_suffix(".qm").name
        qm.parent.mkdir(parents=True, exist_ok=True)
        result = subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True)
        if result.returncode != 0 or not qm.exists():
            raise SystemExit(f"build_translations: {ts}: lrelease failed: {(result.stderr or result.stdout).strip()}")
        built.append(qm)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the .qm files here (default: beside the .ts)")
    parser.add_argument("--update", action="store_true", help="re-collect strings from the UI code first")
    args = parser.parse_args(argv)
    ts_files = sorted(TS_DIR.glob("*.ts"))
    if not ts_files:
        print(f"build_translations: no .ts files in {TS_DIR}", file=sys.stderr)
        return 1
    if args.update:
        update(ts_files)
    for qm in build(ts_files, args.out):
        print(f"built {qm}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
