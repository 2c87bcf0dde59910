"""Pathological Markdown at 100 kB: load + repair + render, against Python-Markdown alone.

    .venv/bin/python benchmarks/pathological.py [--size 100000] [--repeat 5] [--timeout 120]
                                                [--only NAME ...] [--src DIR] [--no-reference] [--json OUT]

Each generated file holds one kind of input that makes a pattern backtrack or a parser look ahead
again and again: the classes of cmark's test/pathological_tests.py and marked's test/specs/redos,
and the inputs that made repair.py's own patterns quadratic or cubic (a heading with a long run of
spaces took 60 s for 2 kB). The file, with front matter, is written to a temporary content folder,
loaded, repaired and rendered (every part) as the reader does; Python-Markdown alone converts the
same text with the reader's extensions. Median and p95 of --repeat runs, and the ratio of the
medians. Each side runs in its own process, stopped after --timeout seconds (its runs so far are
kept). --src runs the reader from another source tree, e.g. an older commit for a before/after:

    git archive <commit> src | tar -x -C /tmp/before && benchmarks/pathological.py --src /tmp/before/src

(--no-reference skips Python-Markdown alone, which does not depend on --src.)

A script, not a test: pytest never collects it. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTENSIONS = ["tables", "attr_list", "def_list", "fenced_code", "abbr", "footnotes", "sane_lists"]  # the reader's

CLASSES: dict[str, Callable[[int], str]] = {
    # repair.py's own patterns, before they were rewritten
    "heading: '## Contents' + spaces + '1'": lambda n: "## Contents" + " " * n + "1",
    "heading: '## a' + '# ' runs": lambda n: "## a" + "# " * n + "x",
    "heading: attribute lists '{x}{x}…'": lambda n: "## a " + "{x}" * n + "y",
    "link target: '[a](' + spaces": lambda n: "[a](" + " " * n + "x",
    "credit line with a space run": lambda n: "![a](/i.jpg)\n\nCredit: a" + " " * n + "b",
    "'<' + letters, never closed": lambda n: "<" + "a" * n,
    "'[![' openers, one per paragraph": lambda n: "[![a\n\n" * n,
    # cmark's pathological tests
    "cmark: nested strong emph": lambda n: "*a **a " * n + "b" + " a** a*" * n,
    "cmark: emph openers '_a '": lambda n: "_a " * n,
    "cmark: link openers '[a'": lambda n: "[a" * n,
    "cmark: nested brackets": lambda n: "[" * n + "a" + "]" * n,
    "cmark: unclosed links '[a](b'": lambda n: "[a](b" * n,
    "cmark: backtick runs 'e`…'": lambda n: "".join("e" + "`" * x for x in range(1, n)),
    "cmark: many references": lambda n: "".join(f"[{i}]: u\n" for i in range(n)) + "[0] " * n,
    # marked's ReDoS specs
    "marked: '[](' + spaces": lambda n: "[](" + " " * n,
    "marked: 'a[b](c' runs": lambda n: "a[b](c" * n,
    # raw HTML and code left open
    "open tags '<a '": lambda n: "<a " * n,
    "'<![CDATA[' never closed": lambda n: "<![CDATA[" * n,
    "fences never closed": lambda n: "```\na\n\n" * n,
    # plenty of ordinary things
    "headings, a paragraph each": lambda n: "## heading\n\ntext\n\n" * n,
    "links in a row": lambda n: "[a](/types/breast) " * n,
    "footnotes": lambda n: "".join(f"x[^{i}] " for i in range(n)) + "\n\n" + "".join(f"[^{i}]: n\n" for i in range(n)),
}

WORKER = r"""
import json, sys, time
from pathlib import Path
kind, folder, warm, repeat = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
if kind == "reader":
    from mbc_reader.content.loader import load_library
    from mbc_reader.content.pages import paginate, render_page

    def once(where):
        for article in load_library(where).articles:
            parts = paginate(article)
            for index in range(len(parts)):
                render_page(article, parts, index)
else:
    import markdown

    def once(where):
        text = (where / "a.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
        markdown.markdown(text, extensions=json.loads(kind))

once(warm)  # imports done and caches filled on a small file, as in a running reader
for _ in range(repeat):
    start = time.perf_counter()
    once(folder)
    print(time.perf_counter() - start, flush=True)
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def sized(make: Callable[[int], str], chars: int) -> str:
    """The text of about ``chars`` characters (the smallest repeat count that reaches it)."""
    low, high = 1, 1
    while len(make(high)) < chars:
        high *= 2
    while low < high:
        mid = (low + high) // 2
        low, high = (mid + 1, high) if len(make(mid)) < chars else (low, mid)
    return make(low)


def write(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.md").write_text(f"---\ntitle: Pathological\nlanguage: en\n---\n\n{body}\n", encoding="utf-8")
    return folder


def measure(kind: str, folder: Path, warm: Path, repeat: int, timeout: float, src: Path | None) -> dict:
    """Seconds of each run, in a process of its own (stopped after ``timeout`` seconds)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, kind, str(folder), str(warm), str(repeat)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    times: list[float] = []
    timed_out = False
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        timed_out = True
    times = [float(line) for line in out.split()]
    result = {"runs": len(times), "timed_out": timed_out}
    if times:
        result.update(median_ms=1000 * statistics.median(times), p95_ms=1000 * percentile(times, 0.95))
    return result


def run(size: int, repeat: int, timeout: float, only: list[str], src: Path | None, work: Path,
        reference: bool = True) -> dict:
    warm = write(work / "warm", "# Warm\n\nA [link](/types/breast) and *some* text.\n")
    report: dict = {"size": size, "repeat": repeat, "timeout_s": timeout, "src": str(src or ROOT / "src"),
                    "load_average": list(os.getloadavg()), "cases": {}}  # fmt: skip
    for name, make in CLASSES.items():
        if only and not any(word.lower() in name.lower() for word in only):
            continue
        body = sized(make, size)
        folder = write(work / f"case{len(report['cases'])}", body)
        reader = measure("reader", folder, warm, repeat, timeout, src)
        alone = {"runs": 0, "timed_out": False}
        if reference:
            alone = measure(json.dumps(EXTENSIONS), folder, warm, repeat, timeout, None)
        case = {"chars": len(body), "reader": reader, "python_markdown": alone}
        if "median_ms" in reader and "median_ms" in alone:
            case["ratio"] = reader["median_ms"] / alone["median_ms"]
        report["cases"][name] = case
        print(line(name, case), file=sys.stderr, flush=True)
    return report


def figure(side: dict, timeout: float) -> str:
    if not side["runs"] and not side["timed_out"]:
        return "not run"
    if "median_ms" not in side:
        return f"> {timeout:.0f} s"
    flag = f" ({side['runs']} runs, then > {timeout:.0f} s)" if side["timed_out"] else ""
    return f"{side['median_ms']:9.1f} / {side['p95_ms']:9.1f}{flag}"


def line(name: str, case: dict, timeout: float = 0) -> str:
    ratio = f"{case['ratio']:.2f}" if "ratio" in case else "-"
    reader, alone = figure(case["reader"], timeout), figure(case["python_markdown"], timeout)
    return f"| {name:<38} | {case['chars']:>7} | {reader:>21} | {alone:>21} | {ratio:>6} |"


def table(report: dict) -> str:
    titles = ("input", "chars", "reader ms (med / p95)", "Markdown ms (med/p95)", "ratio")
    head = "| {:<38} | {:>7} | {:>21} | {:>21} | {:>6} |".format(*titles)
    rule = "|" + "-" * 40 + "|" + "-" * 9 + "|" + "-" * 23 + "|" + "-" * 23 + "|" + "-" * 8 + "|"
    rows = [line(name, case, report["timeout_s"]) for name, case in report["cases"].items()]
    return "\n".join([head, rule, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="characters per file (default 100,000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds for all runs of one figure (default 120)")
    parser.add_argument("--only", nargs="*", default=[], metavar="NAME", help="inputs whose name holds one of these")
    parser.add_argument("--src", type=Path, help="run the reader from this source folder (default: this checkout)")
    parser.add_argument("--no-reference", action="store_true", help="skip Python-Markdown alone")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the JSON report here")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mbc-pathological-") as tmp:
        report = run(args.size, args.repeat, args.timeout, args.only, args.src, Path(tmp), not args.no_reference)
    report["total_s"] = round(time.perf_counter() - start, 1)
    text = json.dumps(report, indent=2)
    print(table(report))
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
