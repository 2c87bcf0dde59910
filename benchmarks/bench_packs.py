"""Content packs at real scale: building one, installing it, and a first start on new content.

    .venv/bin/python benchmarks/bench_packs.py [--corpus DIR] [--repeat N] [--json OUT]

Each figure has its reference measured in the same run, on the same machine and load:

- ``pack build --force`` (signed) of the corpus (one NCI page has no title and is left out, by both sides): its time against indexing the same articles alone
  (what every clinic PC did on install until now), and the pack's size against the folder's.
- ``pack install`` of that signed pack on a computer that trusts the key (nothing to index)
  against ``pack install`` of the folder as today (copy, then build the search index there).
  Both are the real command line, in fresh user folders, run alternately.
- A first start on content this account has never opened (no start-up catalog, no index):
  ``gui --content DIR`` until its first frame and until the whole window is ready (navigator,
  article), against a bare Python start and a bare PySide6 window (benchmarks/run.py's); and,
  once, until search is ready (the index built in the background).

``--parts install`` measures only the build and the installs (no indexing alone, no first
start); ``--before SRC`` also installs the pack with another checkout's ``src`` folder (e.g. the
commit before a change, from ``git archive``), alternately with the others, in the same run.

A script, not a test. Everything is written under a temporary folder (keys, packs, user
folders, system packs folder); nothing else is touched.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "nci-core"

BARE_PYTHON = "import time; print(time.monotonic())"

# The first frame, as benchmarks/run.py's APP_START, but a new folder has no kept first page to show.
APP_FIRST_FRAME = """
w.first_frame_painted.connect(app.quit)
app.exec()
print(time.monotonic())
"""

# Until search answers: the window as gui starts it, then the search worker's "ready".
APP_SEARCH_READY = """
w.ready.connect(lambda: w._search_service.ready.connect(app.quit) if w._search_service else app.quit())
app.exec()
print(time.monotonic())
assert w._search_service is not None and w._search_service.is_ready()
"""


def _run_module():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def env_for(work: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.qpa.*=false")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in ("CACHE", "DATA", "CONFIG"):
        env[f"MBC_READER_{name}_DIR"] = str(work / name.lower())
    env["XDG_CONFIG_HOME"] = str(work / "xdg-config")
    env["MBC_READER_SYSTEM_PACKS"] = str(work / "system-packs")
    env["MBC_READER_TRUSTED_KEYS"] = str(work / "trusted-keys")
    return env


def cli_seconds(args: list[str], env: dict, src: Path | None = None) -> float:
    if src is not None:  # another checkout's code (its bundled files beside it)
        env = dict(env, PYTHONPATH=str(src))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mbc_reader", *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"benchmark: mbc-reader {' '.join(args)} failed (exit {done.returncode}): {done.stderr.strip()}")
    return time.perf_counter() - started


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def run(corpus: Path, repeat: int, work: Path, parts: set[str] | None = None, before: Path | None = None) -> dict:
    bench_run = _run_module()
    parts = parts or {"build", "install", "start"}
    report: dict = {"corpus": str(corpus), "repeat": repeat, "parts": sorted(parts)}
    base = env_for(work / "publisher")
    keys = work / "keys"
    subprocess.run([sys.executable, "-m", "mbc_reader", "pack", "keygen", "--out", str(keys), "--name", "publisher"],
                   env=base, check=True, capture_output=True)  # fmt: skip
    pack = work / "nci.zip"

    # Building: the signed pack, against indexing the same articles alone (bundled + corpus, as
    # the pack's index and a clinic PC's index after a folder install both hold).
    build = cli_seconds(["pack", "build", str(corpus), "--out", str(pack), "--name", "nci", "--version", "2026.12",
                         "--sign", str(keys / "publisher.key"), "--force"], base)  # fmt: skip
    report.update(build_s=build, pack_bytes=pack.stat().st_size, folder_bytes=folder_bytes(corpus),
                  size_ratio=pack.stat().st_size / folder_bytes(corpus))  # fmt: skip
    if "build" in parts:
        index_alone = cli_seconds(["index", "--content", str(corpus)], env_for(work / "index-alone"))
        report.update(index_alone_s=index_alone, build_ratio=build / index_alone)

    # Installing: the signed pack on a computer that trusts its key, against the folder as today.
    def trusting(kind: str, i: int) -> dict:
        env = env_for(work / f"install-{kind}-{i}")
        Path(env["MBC_READER_TRUSTED_KEYS"]).mkdir(parents=True)
        shutil.copy(keys / "publisher.pub", Path(env["MBC_READER_TRUSTED_KEYS"]) / "publisher.pub")
        return env

    zipped, folder, earlier = [], [], []
    for i in range(repeat):  # alternately, so a change in the machine's load touches both alike
        zipped.append(cli_seconds(["pack", "install", str(pack)], trusting("pack", i)))
        if before is not None:
            earlier.append(cli_seconds(["pack", "install", str(pack)], trusting("before", i), before))
        env = env_for(work / f"install-folder-{i}")
        folder.append(cli_seconds(["pack", "install", str(corpus), "--name", "nci", "--force"], env))
        for kind in ("pack", "before", "folder"):
            shutil.rmtree(work / f"install-{kind}-{i}", ignore_errors=True)
    report.update(install_pack_s=statistics.median(zipped), install_folder_s=statistics.median(folder),
                  install_ratio=statistics.median(zipped) / statistics.median(folder),
                  install_pack_runs=zipped, install_folder_runs=folder)  # fmt: skip
    if earlier:
        report.update(before_src=str(before), install_before_s=statistics.median(earlier), install_before_runs=earlier)
    if "start" not in parts:
        report["load_average"] = os.getloadavg()
        return report

    # A first start on new content: fresh user folders each time (no catalog, no kept page, no index).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=False, capture_output=True)
    python, bare, first, ready = [], [], [], []
    for i in range(repeat):
        env = env_for(work / f"start-{i}")
        python += bench_run.process_seconds(BARE_PYTHON, [], env, 1)
        bare += bench_run.process_seconds(bench_run.BARE_WINDOW, [], env, 1)
        first += bench_run.process_seconds(bench_run.GUI_PREFIX + APP_FIRST_FRAME, [str(corpus)], env, 1)
        shutil.rmtree(work / f"start-{i}", ignore_errors=True)
        env = env_for(work / f"ready-{i}")
        ready += bench_run.process_seconds(bench_run.APP_READY, [str(corpus)], env, 1)
        shutil.rmtree(work / f"ready-{i}", ignore_errors=True)
    env = env_for(work / "search-ready")
    search = bench_run.process_seconds(bench_run.GUI_PREFIX + APP_SEARCH_READY, [str(corpus)], env, 1)
    report.update(
        bare_python_s=statistics.median(python),
        bare_qt_start_s=statistics.median(bare),
        new_first_frame_s=statistics.median(first),
        new_ready_s=statistics.median(ready),
        new_ready_p95_s=bench_run.percentile(ready, 0.95),
        new_search_ready_s=search[0],
        new_ready_vs_python=statistics.median(ready) / statistics.median(python),
        new_ready_vs_qt=statistics.median(ready) / statistics.median(bare),
        load_average=os.getloadavg(),
    )
    return report


def table(r: dict) -> str:
    def row(name: str, value: str, reference: str = "") -> str:
        return f"| {name:<50} | {value:>12} | {reference:<44} |"

    rows = [
        row("figure", "this machine", "against (same run)"),
        "|" + "-" * 52 + "|" + "-" * 14 + "|" + "-" * 46 + "|",
        row("pack build, signed (index included)", f"{r['build_s']:.1f} s",
            f"{r['build_ratio']:.2f}x indexing it alone ({r['index_alone_s']:.1f} s)" if "build_ratio" in r else ""),
        row("pack size", f"{r['pack_bytes'] / 1e6:.1f} MB",
            f"{r['size_ratio']:.2f}x the folder ({r['folder_bytes'] / 1e6:.1f} MB)"),
        row("pack install, signed and trusted (nothing to index)", f"{r['install_pack_s']:.1f} s",
            f"{r['install_ratio']:.2f}x folder install + index ({r['install_folder_s']:.1f} s)"),
    ]
    if "install_before_s" in r:
        rows.append(row("the same pack's install by the code before", f"{r['install_before_s']:.1f} s",
                        f"{r['install_pack_s'] / r['install_before_s']:.2f}x: the line above against it"))
    if "new_first_frame_s" not in r:
        return "\n".join(rows)
    return "\n".join(rows + [
        row("new folder: first frame (process)", f"{r['new_first_frame_s'] * 1000:.0f} ms",
            f"bare Python {r['bare_python_s'] * 1000:.0f} ms, bare Qt window {r['bare_qt_start_s'] * 1000:.0f} ms"),
        row("new folder: window ready (navigator, article)", f"{r['new_ready_s']:.2f} s",
            f"{r['new_ready_vs_python']:.0f}x bare Python, {r['new_ready_vs_qt']:.1f}x bare Qt window"),
        row("new folder: search ready (index built behind)", f"{r['new_search_ready_s']:.1f} s", "(one run)"),
    ])  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="runs per install and start-up figure (default 3)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the JSON report here")
    parser.add_argument("--parts", default="build,install,start",
                        help="which figures: build (with indexing alone), install, start (default: all three)")
    parser.add_argument("--before", type=Path, metavar="SRC",
                        help="also install the pack with this src folder (another checkout's), alternately")
    args = parser.parse_args(argv)
    parts = {p.strip() for p in args.parts.split(",") if p.strip()}
    if not parts <= {"build", "install", "start"}:
        parser.error(f"--parts: unknown {', '.join(sorted(parts - {'build', 'install', 'start'}))}")
    if not args.corpus.is_dir():
        print(f"benchmark: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mbc-bench-packs-") as tmp:
        report = run(args.corpus, args.repeat, Path(tmp), parts, args.before)
    text = json.dumps(report, indent=2, default=str)
    print(table(report))
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
