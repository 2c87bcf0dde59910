"""``mbc-reader check``: is the content sound? Problems by file; exit 1 when any is an error."""

from __future__ import annotations

import argparse
import json

from ..content.glossary import Glossary
from ..content.health_report import LINK_CODES, health_problems
from ..content.loader import load_library, problems_by_file
from ..content.models import Article, Severity
from . import add_content_option, selected_content


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="check articles and list their problems")
    add_content_option(parser)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def article_json(article: Article) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "language": article.language,
        "status": article.status,
        "topics": list(article.topics),
        "sections": [{"title": s.title, "level": s.level, "anchor": s.anchor} for s in article.flat_sections()],
        "glossary_ids": article.glossary_ids,
        "figures": [{"alt": f.alt, "credit": f.credit, "src": f.src} for f in article.figures],
    }


def run(args: argparse.Namespace) -> int:
    glossary = Glossary.bundled()
    library = load_library(selected_content(args), glossary=glossary)  # fresh: no catalog
    # Every link to a dictionary term we lack, by file and link (this says more than the loader's list of ids).
    problems = health_problems(library, glossary)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    if args.json:
        report = {
            "articles": [article_json(a) for a in library.patient_articles],
            "problems": [p.to_json() for p in problems],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for path, in_file in problems_by_file(problems).items():
            print(path)
            for p in in_file:
                print(f"  {p.severity.value}: {p.message} [{p.code}]")
        warnings = sum(p.severity is Severity.WARNING for p in problems)
        notes = sum(p.severity is Severity.INFO for p in problems)
        print(
            f"{len(library.patient_articles)} articles for patients, {len(library.articles)} loaded; "
            f"{errors} errors, {warnings} warnings, {notes} notes"
        )
        dropped = [p for p in problems if p.code in LINK_CODES]
        if dropped:
            missing = sum(p.code == "missing-link-target" for p in dropped)
            files = len({p.file for p in dropped})
            print(
                f"Links shown as text only: {len(dropped)} in {files} file{'' if files == 1 else 's'}"
                + (f" ({missing} to files that are not in the content folder)" if missing else "")
            )
    return 1 if errors else 0
