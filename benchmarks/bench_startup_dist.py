"""Start-up time of the packaged app next to the checkout's (``make run``), measured in one run.

Why: staff judge the installer by how fast the reader opens on an old clinic PC; a frozen app can
be slower (unpacking, more files to map) or faster (no site-packages scan). Both are measured here
alternately, with the same empty environment and throw-away user folders, for the same commands:

    python benchmarks/bench_startup_dist.py [--runs 7] [--bundle dist/mbc-reader] [--json-only]

``gui --screenshot`` is the whole path a patient waits for: start, load the library, lay out the
window and the first article, paint, exit. Prints a table and, last, one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "installer"))
from smoke_test import clean_env  # noqa: E402 - the same empty environment as the smoke test


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_once(exe: Path, args: list[str], home: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run([str(exe), *args], env=clean_env(home), cwd=home,
                            capture_output=True, text=True, check=False, timeout=300)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{exe} {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()[-400:]}")
    return elapsed


def has_gui(exe: Path, home: Path) -> bool:
    out = subprocess.run([str(exe), "--help"], env=clean_env(home), capture_output=True, text=True, check=False).stdout
    return any(line.split()[:1] == ["gui"] for line in out.splitlines())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "mbc-reader")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv")
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args(argv)
    apps = {"bundle": args.bundle / "mbc-reader", "venv": args.venv / "bin" / "mbc-reader"}
    for name, exe in apps.items():
        if not exe.exists():
            print(f"bench_startup_dist: error: no {name} at {exe} (make dist / make setup)", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory(prefix="mbc-bench-") as tmp:
        home = Path(tmp)
        commands = {"--version": ["--version"], "check": ["check"]}
        if has_gui(apps["bundle"], home) and has_gui(apps["venv"], home):
            commands["gui --screenshot"] = ["gui", "--screenshot", str(home / "shot.png")]
        rows = []
        for label, command in commands.items():
            samples: dict[str, list[float]] = {name: [] for name in apps}
            first: dict[str, float] = {name: time_once(exe, command, home) for name, exe in apps.items()}
            for _ in range(args.runs):  # alternate, so drift in the machine's load hits both alike
                for name, exe in apps.items():
                    samples[name].append(time_once(exe, command, home))
            row = {"command": label, "runs": args.runs}
            for name in apps:
                row[f"{name}_first_s"] = round(first[name], 3)
                row[f"{name}_median_s"] = round(statistics.median(samples[name]), 3)
                row[f"{name}_p95_s"] = round(p95(samples[name]), 3)
            row["ratio_bundle_to_venv"] = round(row["bundle_median_s"] / row["venv_median_s"], 2)
            rows.append(row)
    if not args.json_only:
        print(f"{'command':18} {'bundle median':>13} {'p95':>7} {'venv median':>12} {'p95':>7} {'ratio':>6}")
        for r in rows:
            print(f"{r['command']:18} {r['bundle_median_s']:>12.3f}s {r['bundle_p95_s']:>6.3f}s "
                  f"{r['venv_median_s']:>11.3f}s {r['venv_p95_s']:>6.3f}s {r['ratio_bundle_to_venv']:>6.2f}")
        print("(first runs, not in the medians: " + ", ".join(
            f"{r['command']} {r['bundle_first_s']:.2f}s/{r['venv_first_s']:.2f}s" for r in rows) + ")")
    print(json.dumps({"benchmark": "startup_dist", "bundle": str(args.bundle), "results": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
