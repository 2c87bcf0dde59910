"""Build resources/glossary.sqlite from the JSON export of the NCI Dictionary of Cancer Terms.

    .venv/bin/python scripts/build_glossary.py [--source PATH] [--out PATH]

Defaults: ``../shared/glossary/nci-dictionary-2015.json`` and ``resources/glossary.sqlite``, both
relative to the repository root. The output is deterministic: the same input and the same SQLite
library give a byte-identical file (rows inserted in sorted order, VACUUMed, no build time
recorded; the only dates are the source's own, from its ``meta``).

Tables (read by ``mbc_reader.content.glossary``):

* ``terms(term_id TEXT PRIMARY KEY, en_name, en_pron, en_def, es_name, es_pron, es_def)`` — one
  definition per language: audience "Patient" from the "Cancer.gov" dictionary when there is
  one, else any "Patient" one, else the first.
* ``names(norm, lang, term_id)``, a WITHOUT ROWID table keyed (and so indexed) on
  ``(norm, lang, term_id)`` — every English and Spanish name, normalised by ``mbc_reader.content.glossary.normalise_name``.
* ``meta(key, value)`` — credit, licence, source repo/commit/dates, counts.

``PRAGMA user_version`` holds ``glossary.SCHEMA_VERSION``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "glossary" / "nci-dictionary-2015.json"
DEFAULT_OUT = REPO_ROOT / "resources" / "glossary.sqlite"

try:
    from mbc_reader.content import glossary
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(REPO_ROOT / "src"))
    from mbc_reader.content import glossary

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE terms (
    term_id TEXT PRIMARY KEY,
    en_name TEXT NOT NULL,
    en_pron TEXT,
    en_def  TEXT NOT NULL,
    es_name TEXT,
    es_pron TEXT,
    es_def  TEXT
);
CREATE TABLE names (
    norm    TEXT NOT NULL,
    lang    TEXT NOT NULL,
    term_id TEXT NOT NULL,
    PRIMARY KEY (norm, lang, term_id)  -- the lookup index itself
) WITHOUT ROWID;
"""


class SourceError(Exception):
    """The JSON is not shaped as expected."""


def _clean(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    text = " ".join(text.split())
    return text or None


def pick_definition(definitions: object) -> str | None:
    """The patient-facing definition: audience "Patient" in the "Cancer.gov" dictionary, else
    any "Patient" one, else the first that has text."""
    if not isinstance(definitions, list):
        return None
    usable = [d for d in definitions if isinstance(d, dict) and _clean(d.get("text"))]
    if not usable:
        return None

    def rank(d: dict) -> int:
        patient = str(d.get("audience", "")).casefold() == "patient"
        cancer_gov = str(d.get("dictionary", "")).casefold() == "cancer.gov"
        return 0 if (patient and cancer_gov) else 1 if patient else 2

    return _clean(min(usable, key=rank)["text"])  # min() keeps the first among equals


def _language_block(block: object) -> tuple[str, str | None, str] | None:
    if not isinstance(block, dict):
        return None
    name = _clean(block.get("termName"))
    definition = pick_definition(block.get("definitions"))
    if not name or not definition:
        return None
    return name, _clean(block.get("pronunciation")), definition


def convert(data: dict) -> tuple[list[tuple], list[tuple], dict[str, str], dict[str, int]]:
    """(terms rows, names rows, meta, stats) from the parsed JSON."""
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise SourceError('expected an object with a "terms" list')
    stats = dict.fromkeys(
        ["terms", "skipped", "duplicate_ids", "no_spanish", "en_not_patient", "es_not_patient", "no_en_pron"], 0
    )
    terms: dict[int, tuple] = {}
    for raw in data["terms"]:
        if not isinstance(raw, dict):
            stats["skipped"] += 1
            continue
        try:
            term_id = int(raw.get("termId"))
        except (TypeError, ValueError):
            stats["skipped"] += 1
            continue
        en = _language_block(raw.get("en"))
        if en is None:
            stats["skipped"] += 1
            continue
        es = _language_block(raw.get("es"))
        if term_id in terms:
            stats["duplicate_ids"] += 1  # keep the first
            continue
        stats["no_spanish"] += es is None
        stats["no_en_pron"] += en[1] is None
        for lang, block in (("en", raw.get("en")), ("es", raw.get("es"))):
            if isinstance(block, dict) and not any(
                isinstance(d, dict) and str(d.get("audience", "")).casefold() == "patient"
                for d in block.get("definitions") or []
            ):
                stats[f"{lang}_not_patient"] += 1
        terms[term_id] = (str(term_id), *en, *(es or (None, None, None)))
    stats["terms"] = len(terms)

    term_rows = [terms[k] for k in sorted(terms)]
    names: set[tuple[str, str, str]] = set()
    for row in term_rows:
        for lang, name in (("en", row[1]), ("es", row[4])):
            norm = glossary.normalise_name(name) if name else ""
            if norm:
                names.add((norm, lang, row[0]))
    name_rows = sorted(names, key=lambda r: (r[0], r[1], int(r[2])))

    source_meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    source = source_meta.get("source") if isinstance(source_meta.get("source"), dict) else {}
    meta = {
        "credit": glossary.CREDIT,
        "publisher": "National Cancer Institute",
        "licence": str(source_meta.get("licence") or "US Government work; credit NCI."),
        "source_repo": str(source.get("repo") or ""),
        "source_commit": str(source.get("commit") or ""),
        "source_path": str(source.get("path") or ""),
        "source_commit_date": str(source.get("commitDate") or ""),
        "newest_date_in_data": str(source.get("newestDateInData") or ""),
        "term_count": str(len(term_rows)),
        "spanish_count": str(len(term_rows) - stats["no_spanish"]),
        "schema_version": str(glossary.SCHEMA_VERSION),
    }
    return term_rows, name_rows, meta, stats


def write_database(out: Path, term_rows: list[tuple], name_rows: list[tuple], meta: dict[str, str]) -> None:
    """Write the database to ``out`` atomically (a temporary file beside it, then a rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        leftover.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA page_size = 8192")
        conn.execute("PRAGMA journal_mode = DELETE")  # rollback journal: read-only readers need no -wal/-shm
        conn.execute(f"PRAGMA user_version = {int(glossary.SCHEMA_VERSION)}")
        conn.executescript(SCHEMA)
        with conn:
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", sorted(meta.items()))
            conn.executemany("INSERT INTO terms VALUES (?, ?, ?, ?, ?, ?, ?)", term_rows)
            conn.executemany("INSERT INTO names (norm, lang, term_id) VALUES (?, ?, ?)", name_rows)
        conn.execute("ANALYZE")
        conn.execute("VACUUM")
        problems = conn.execute("PRAGMA integrity_check").fetchall()
        if problems != [("ok",)]:
            raise RuntimeError(f"integrity check failed: {problems}")
    finally:
        conn.close()
    os.replace(tmp, out)


def build(source: Path, out: Path) -> dict[str, int]:
    with open(source, encoding="utf-8") as fh:
        data = json.load(fh)
    term_rows, name_rows, meta, stats = convert(data)
    if not term_rows:
        raise SourceError("no usable terms")
    write_database(out, term_rows, name_rows, meta)
    stats["names"] = len(name_rows)
    stats["bytes"] = out.stat().st_size
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help=f"JSON export (default {DEFAULT_SOURCE})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"database to write (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    try:
        stats = build(args.source, args.out)
    except (OSError, ValueError, SourceError) as exc:  # json.JSONDecodeError is a ValueError
        print(f"build_glossary: cannot build from {args.source}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({stats['bytes']:,} bytes)")
    print(
        f"  {stats['terms']:,} terms, {stats['names']:,} names; {stats['no_spanish']:,} without Spanish; "
        f"no patient definition: {stats['en_not_patient']:,} English, {stats['es_not_patient']:,} Spanish; "
        f"{stats['no_en_pron']:,} without English pronunciation; "
        f"{stats['skipped']:,} skipped, {stats['duplicate_ids']:,} duplicate ids"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
