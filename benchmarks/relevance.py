"""Relevance benchmark: patient-worded queries against our search, SQLite FTS5 and Kiwix's Xapian.

    python benchmarks/relevance.py [--corpus ../shared/corpus/nci-core] [--queries FILE]
                                   [--work DIR] [--no-zim] [--json OUT] [--compare OLD.json]

Each query of ``relevance_queries.json`` lists the article ids a patient would accept. A query
is a success at k when one of them is among the first k *rows* the engine shows:

- ours: ``Searcher.search(query, limit=20)`` exactly as ``mbc-reader search`` calls it, in this
  process, on the index of the corpus (built once into ``MBC_READER_CACHE_DIR``, reused after);
  a row is a result as the window lists it (a dictionary-term row counts as a row, never as a
  success);
- FTS5: SQLite FTS5 with the porter tokenizer over the *same section texts* (read back from our
  index), columns title / section / body weighted ``bm25(…, 10, 4, 1)``, words ANDed and ORed
  when AND finds nothing; sections are grouped to their article (the best section's rank), so
  it gets distinct articles for free;
- Xapian: a ZIM file written with python-libzim (one HTML entry per article: title, section
  headings, section texts; full-text index on, English), searched with ``libzim.search`` as
  Kiwix does. Skipped when libzim is not installed (``pip install libzim``).

Reported: success@1, success@5 and MRR (first acceptable row within 20), per kind of query;
median / p95 time per query and per keystroke (every prefix of every query, the last word a
prefix, ours against FTS5 in the same run), and every query we lose with why.

Nothing outside ``--work`` (default: a folder in the system's temp folder) and the cache folder
is written; no network.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

LIMIT = 20
KS = (1, 5)
FTS5_WEIGHTS = (10.0, 4.0, 1.0)  # title, section, body


# --- helpers ---------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timing(times_s: list[float]) -> dict:
    ms = [t * 1000 for t in times_s]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 2) if ms else 0.0,
        "p95_ms": round(percentile(ms, 0.95), 2),
        "max_ms": round(max(ms), 2) if ms else 0.0,
    }


def first_hit(rows: list[str], accept: set[str]) -> int | None:
    """1-based rank of the first acceptable row, or None."""
    for i, row in enumerate(rows[:LIMIT], 1):
        if row in accept:
            return i
    return None


def scores(per_query: list[dict], engine: str) -> dict:
    n = len(per_query)
    ranks = [q[engine]["rank"] for q in per_query]
    out = {f"s@{k}": sum(1 for r in ranks if r is not None and r <= k) for k in KS}
    out["mrr"] = round(sum(1.0 / r for r in ranks if r is not None) / max(1, n), 3)
    out["n"] = n
    kinds: dict[str, list[int | None]] = defaultdict(list)
    for q, r in zip(per_query, ranks):
        kinds[q["kind"]].append(r)
    out["by_kind_s@5"] = {k: f"{sum(1 for r in v if r is not None and r <= 5)}/{len(v)}" for k, v in kinds.items()}
    return out


# --- the corpus as sections -------------------------------------------------------------------------


def read_sections(index_home: Path) -> list[tuple[str, str, str, str]]:
    """(article, title, section, text) of every indexed section, in index order."""
    from mbc_reader.content.search import IndexBroken, iter_sections

    try:
        return [(article, title, section, text) for article, _anchor, title, section, text in iter_sections(index_home)]
    except IndexBroken as exc:
        raise SystemExit(str(exc)) from exc


def signature(sections: list[tuple[str, str, str, str]]) -> str:
    h = hashlib.sha1()
    for row in sections:
        for part in row:
            h.update(part.encode("utf-8", "replace"))
            h.update(b"\0")
    return h.hexdigest()[:16]


# --- FTS5 -------------------------------------------------------------------------------------------


def fts5_build(db: Path, sections: list[tuple[str, str, str, str]]) -> float:
    started = time.perf_counter()
    if db.exists():
        db.unlink()
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE VIRTUAL TABLE sections USING fts5(article UNINDEXED, title, section, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    conn.executemany("INSERT INTO sections VALUES (?, ?, ?, ?)", sections)
    conn.execute("INSERT INTO sections(sections) VALUES ('optimize')")
    conn.commit()
    conn.close()
    return time.perf_counter() - started


def fts5_matches(text: str, prefix: bool) -> list[str]:
    words = re.findall(r"\w+", text.lower())
    if not words:
        return []
    terms = [f'"{w}"' for w in words]
    if prefix and text and text[-1].isalnum():
        terms[-1] += "*"
    return [" AND ".join(terms), " OR ".join(terms)] if len(terms) > 1 else [terms[0]]


def fts5_search(conn: sqlite3.Connection, text: str, prefix: bool = False) -> list[str]:
    """Distinct articles, best first (AND, then OR when AND finds nothing)."""
    w = FTS5_WEIGHTS
    sql = (
        f"SELECT article FROM sections WHERE sections MATCH ? "
        f"ORDER BY bm25(sections, 0.0, {w[0]}, {w[1]}, {w[2]}) LIMIT ?"
    )
    for match in fts5_matches(text, prefix):
        rows = conn.execute(sql, (match, LIMIT * 10)).fetchall()
        if rows:
            return list(dict.fromkeys(r[0] for r in rows))[:LIMIT]
    return []


# --- Xapian through libzim ----------------------------------------------------------------------------


def zim_build(path: Path, sections: list[tuple[str, str, str, str]]) -> float | None:
    try:
        from libzim.writer import Creator, Hint, Item, StringProvider
    except ImportError:
        return None
    import html

    by_article: dict[str, list[tuple[str, str, str]]] = {}
    for article, title, section, text in sections:
        by_article.setdefault(article, []).append((title, section, text))

    class Page(Item):
        def __init__(self, path: str, title: str, body: str) -> None:
            super().__init__()
            self._path, self._title, self._body = path, title, body

        def get_path(self) -> str:
            return self._path

        def get_title(self) -> str:
            return self._title

        def get_mimetype(self) -> str:
            return "text/html"

        def get_contentprovider(self):
            return StringProvider(self._body)

        def get_hints(self):
            return {Hint.FRONT_ARTICLE: True}

    started = time.perf_counter()
    tmp = path.with_suffix(".tmp.zim")
    if tmp.exists():
        tmp.unlink()
    with Creator(str(tmp)).config_indexing(True, "eng") as creator:
        creator.set_mainpath(next(iter(by_article)))
        for article, parts in by_article.items():
            title = parts[0][0]
            body = [f"<html><head><title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"]
            for _, section, text in parts:
                if section:
                    body.append(f"<h2>{html.escape(section)}</h2>")
                body.append("".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip()))
            body.append("</body></html>")
            creator.add_item(Page(article, title, "".join(body)))
        for key, value in {
            "Name": "nci-core", "Title": "NCI core", "Creator": "NCI", "Publisher": "benchmark",
            "Date": "2025-12-30", "Description": "relevance benchmark", "Language": "eng",
        }.items():
            creator.add_metadata(key, value)
    os.replace(tmp, path)
    return time.perf_counter() - started


class Xapian:
    def __init__(self, path: Path) -> None:
        from libzim.reader import Archive
        from libzim.search import Query, Searcher

        self._query = Query
        self._searcher = Searcher(Archive(str(path)))

    def search(self, text: str) -> list[str]:
        if not text.strip():
            return []
        try:
            result = self._searcher.search(self._query().set_query(text))
            return list(result.getResults(0, LIMIT))
        except RuntimeError:
            return []


# --- why we lose a query ----------------------------------------------------------------------------


def article_terms(sections: list[tuple[str, str, str, str]]) -> dict[str, set[str]]:
    from mbc_reader.content.search import index_terms

    out: dict[str, set[str]] = defaultdict(set)
    for article, title, section, text in sections:
        out[article].update(index_terms(f"{title} {section} {text[:200_000]}", "en"))
    return out


def why(entry: dict, terms_of: dict[str, set[str]], titles: dict[str, str]) -> str:
    from mbc_reader.content.search import index_terms

    ours = entry["ours"]
    accept = entry["accept"]
    query_terms = index_terms(entry.get("searched_for") or entry["q"], "en")
    parts = []
    if not ours["rows"]:
        parts.append("nothing found" + (f" (suggestion: {ours['suggestion']!r})" if ours.get("suggestion") else ""))
    elif ours["rank"] is not None:
        parts.append(f"acceptable at row {ours['rank']}")
    else:
        parts.append("no acceptable article in the 20 rows")
    missing = []
    for a in accept:
        lacking = [t for t in dict.fromkeys(query_terms) if t not in terms_of.get(a, set())]
        if lacking:
            missing.append(f"{a} lacks {lacking}")
    if missing and len(missing) == len(accept):
        parts.append("vocabulary: " + "; ".join(missing))
    top = ours["rows"][:5]
    counts = Counter(top)
    repeated = [a for a, c in counts.items() if c > 1]
    if repeated:
        parts.append(f"top five repeats {', '.join(repeated)}")
    kinds = []
    for a in top:
        t = titles.get(a, "")
        if "Health Professional" in t or re.search(r"(^|-)hp(-|$)", a):
            kinds.append("hp")
        elif "-research" in a:
            kinds.append("research")
    if kinds:
        parts.append(f"above: {Counter(kinds).most_common()}")
    return "; ".join(parts)


# --- the run ------------------------------------------------------------------------------------------


def run(corpus: Path, queries_file: Path, work: Path, use_zim: bool) -> dict:
    os.environ.setdefault("MBC_READER_CACHE_DIR", str(work / "cache"))
    from mbc_reader.content.library import open_library
    from mbc_reader.content.search import index_location, library_dirs, open_searcher

    spec = json.loads(queries_file.read_text(encoding="utf-8"))
    queries = spec["queries"]
    report: dict = {"corpus": str(corpus), "queries": len(queries), "load_average": os.getloadavg()}

    library = open_library([corpus], write_cache=False)
    known = {a.id for a in library.articles}
    unknown = sorted({a for q in queries for a in q["accept"] if a not in known})
    if unknown:
        raise SystemExit(f"unknown article ids in {queries_file}: {unknown}")
    titles = {a.id: a.title for a in library.articles}

    t = time.perf_counter()
    searcher = open_searcher(library, warm=True)  # builds or updates the index when needed
    report["open_s"] = round(time.perf_counter() - t, 2)
    report["index_status"] = searcher.status.message if searcher.status else ""
    home = index_location(library_dirs(library))

    sections = read_sections(home)
    report["sections"] = len(sections)
    sig = signature(sections)
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"fts5-{sig}.sqlite"
    report["fts5_build_s"] = round(fts5_build(db, sections), 2)
    zim = work / f"nci-core-{sig}.zim"
    xapian = None
    if use_zim:
        if not zim.exists():
            built = zim_build(zim, sections)
            report["zim_build_s"] = round(built, 1) if built is not None else None
        if zim.exists():
            xapian = Xapian(zim)
    report["engines"] = ["ours", "fts5"] + (["xapian"] if xapian else [])

    conn = sqlite3.connect(db)
    per_query = []
    times: dict[str, list[float]] = defaultdict(list)
    for spec_q in queries:
        text = spec_q["q"]
        accept = set(spec_q["accept"])
        entry = {"q": text, "kind": spec_q["kind"], "accept": sorted(accept)}
        t = time.perf_counter()
        response = searcher.search(text, limit=LIMIT)
        times["ours"].append(time.perf_counter() - t)
        rows = [h.article_id for h in response.results]
        extra = response.to_json()
        entry["ours"] = {
            "rank": first_hit(rows, accept),
            "rows": rows,
            "suggestion": response.suggestion,
            "corrected_query": extra.get("corrected_query"),
            "also_searched": extra.get("also_searched"),
        }
        if extra.get("corrected_query"):
            entry["searched_for"] = extra["corrected_query"]
        t = time.perf_counter()
        rows = fts5_search(conn, text)
        times["fts5"].append(time.perf_counter() - t)
        entry["fts5"] = {"rank": first_hit(rows, accept), "rows": rows}
        if xapian is not None:
            t = time.perf_counter()
            rows = xapian.search(text)
            times["xapian"].append(time.perf_counter() - t)
            entry["xapian"] = {"rank": first_hit(rows, accept), "rows": rows}
        per_query.append(entry)

    # Per keystroke: every prefix of every query, as typed.
    keys = [q["q"][:i] for q in queries for i in range(1, len(q["q"]) + 1)]
    key_times: dict[str, list[float]] = defaultdict(list)
    for text in keys:
        t = time.perf_counter()
        searcher.search(text, limit=LIMIT)
        key_times["ours"].append(time.perf_counter() - t)
        t = time.perf_counter()
        fts5_search(conn, text, prefix=True)
        key_times["fts5"].append(time.perf_counter() - t)
    conn.close()
    searcher.close()

    report["scores"] = {e: scores(per_query, e) for e in report["engines"]}
    report["query_time"] = {e: timing(times[e]) for e in report["engines"]}
    report["keystroke_time"] = {e: timing(key_times[e]) for e in ("ours", "fts5")}
    f5 = report["keystroke_time"]["fts5"]
    o = report["keystroke_time"]["ours"]
    report["keystroke_ratio"] = {
        "median": round(o["median_ms"] / max(f5["median_ms"], 1e-6), 2),
        "p95": round(o["p95_ms"] / max(f5["p95_ms"], 1e-6), 2),
    }
    first_five = [len(set(e["ours"]["rows"][:5])) for e in per_query if e["ours"]["rows"]]
    report["ours_distinct_articles_in_top5"] = round(sum(first_five) / max(1, len(first_five)), 2)
    terms_of = article_terms(sections)
    for entry in per_query:
        if entry["ours"]["rank"] is None or entry["ours"]["rank"] > 5:
            entry["why"] = why(entry, terms_of, titles)
    report["per_query"] = per_query
    report["titles"] = {a: titles.get(a, "") for e in per_query for a in e["ours"]["rows"][:5] + e["accept"]}
    return report


def show(report: dict, compare: dict | None) -> str:
    load = " ".join(f"{x:.2f}" for x in report["load_average"])
    lines = [f"{report['queries']} queries, {report['sections']} sections; index: {report['index_status']}; load {load}"]
    lines.append(f"{'engine':<8} {'s@1':>5} {'s@5':>5} {'MRR':>6}   s@5 by kind")
    for engine, s in report["scores"].items():
        kinds = " ".join(f"{k} {v}" for k, v in s["by_kind_s@5"].items())
        old = ""
        if compare and engine in compare.get("scores", {}):
            c = compare["scores"][engine]
            old = f"   (was {c['s@1']} / {c['s@5']} / {c['mrr']})"
        lines.append(f"{engine:<8} {s['s@1']:>5} {s['s@5']:>5} {s['mrr']:>6.3f}   {kinds}{old}")
    lines.append(f"ours: distinct articles among the first five rows, on average: {report['ours_distinct_articles_in_top5']}")
    for name, key in (("per query", "query_time"), ("per keystroke", "keystroke_time")):
        parts = [f"{e} median {t['median_ms']} ms p95 {t['p95_ms']} ms max {t['max_ms']} ms" for e, t in report[key].items()]
        lines.append(f"{name}: " + "; ".join(parts))
    lines.append(f"keystroke ratio ours/FTS5: median {report['keystroke_ratio']['median']}, p95 {report['keystroke_ratio']['p95']}")
    titles = report.get("titles", {})
    lost = [e for e in report["per_query"] if e["ours"]["rank"] is None or e["ours"]["rank"] > 5]
    lines.append(f"\nqueries we lose (no acceptable article in the first five rows): {len(lost)}")
    for e in lost:
        others = " ".join(f"{eng} {e[eng]['rank'] or '-'}" for eng in report["engines"] if eng != "ours")
        lines.append(f"- {e['q']!r} [{e['kind']}] ours {e['ours']['rank'] or '-'}; {others}")
        lines.append(f"    why: {e.get('why', '')}")
        for i, a in enumerate(e["ours"]["rows"][:5], 1):
            lines.append(f"    {i}. {a}  {titles.get(a, '')[:70]}")
    for engine in report["engines"][1:]:
        won = [e["q"] for e in report["per_query"] if (e[engine]["rank"] or 99) <= 5 < (e["ours"]["rank"] or 99)]
        lines.append(f"{engine} finds (top five) where we do not: {won}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "nci-core")
    parser.add_argument("--queries", type=Path, default=Path(__file__).with_name("relevance_queries.json"))
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "mbc-relevance")
    parser.add_argument("--no-zim", action="store_true", help="skip Xapian (libzim)")
    parser.add_argument("--json", type=Path, help="write the full report here")
    parser.add_argument("--compare", type=Path, help="an earlier --json report to show the change against")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING)
    compare = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None  # fail before the run
    report = run(args.corpus, args.queries, args.work, not args.no_zim)
    print(show(report, compare))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
