"""``mbc-reader review``: which articles are overdue for review, nearly due, or cannot tell.

Always exits 0: overdue content is a to-do list for staff, not a failure of the command. Each
article is listed with its owner (the front matter's ``owner``, else its pack's: ``pack install
--owner``), who is to review it. A review
date that cannot be right (in the future) is listed with a warning naming the file; with
``--json`` the warnings also go to stderr, where a person sees them.

``review --mark-reviewed ID`` sets the article's ``lastReviewed`` to today in its file, changing
no other byte of it (:mod:`..content.review_mark`); exit 2, with the file and the reason, when it
cannot (no such article, a file it cannot write, a front matter it cannot safely change).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from ..content.library import open_library
from ..content.review import DUE_SOON_DAYS, ReviewItem, review_library
from . import add_content_option, article_or_report, selected_content


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: use YYYY-MM-DD, e.g. 2026-01-31") from None


def register(subparsers) -> None:
    parser = subparsers.add_parser("review", help="list articles overdue or nearly due for review")
    add_content_option(parser)
    parser.add_argument("--as-of", type=_iso_date, metavar="DATE", help="the day to check against (default: today)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--mark-reviewed", metavar="ID", help="set the article's lastReviewed to today in its file")
    parser.set_defaults(handler=run)


def _mark(args: argparse.Namespace) -> int:
    from ..content.review_mark import MarkRefused, mark_reviewed

    if args.as_of is not None:
        print("mbc-reader: review: --mark-reviewed always records today; --as-of is for listing", file=sys.stderr)
        return 2
    library = open_library(selected_content(args))
    article = article_or_report(library, args.mark_reviewed)
    if article is None:
        return 2
    try:
        marked = mark_reviewed(article.path)
    except MarkRefused as exc:
        print(f"mbc-reader: review: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"id": article.id, "file": str(marked.file), "last_reviewed": marked.day.isoformat(),
                          "previous": marked.previous}, ensure_ascii=False, indent=2))  # fmt: skip
    else:
        was = f" (was {marked.previous})" if marked.previous else " (added: it had none)"
        print(f"{article.id}: lastReviewed {marked.day.isoformat()}{was} in {marked.file}")
    return 0


def _line(item: ReviewItem) -> str:
    owner = f"  [owner: {item.owner}]" if item.owner else "  [no owner]"
    if item.warning is not None:
        return f"  {item.id}  {item.title}: {item.warning}" + (f" (also: {item.reason})" if item.reason else "") + owner
    if item.due is None:
        return f"  {item.id}  {item.title}: {item.reason}{owner}"
    days = item.days_overdue or 0
    when = f"{days} days overdue" if days > 0 else ("due today" if days == 0 else f"due in {-days} days")
    return f"  due {item.due.isoformat()} ({when}, {item.frequency})  {item.id}  {item.title}{owner}"


def run(args: argparse.Namespace) -> int:
    if args.mark_reviewed is not None:
        return _mark(args)
    library = open_library(selected_content(args))
    report = review_library(library, args.as_of or date.today())
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        for warning in report.warnings:
            print(f"mbc-reader: warning: {warning}", file=sys.stderr)
        return 0
    groups = (
        ("Overdue for review", report.overdue),
        (f"Due within {DUE_SOON_DAYS} days", report.due_soon),
        ("Review date unknown", report.unknown),
        ("Review date implausible, not counted as due", report.implausible),
    )
    for heading, items in groups:
        if items:
            print(f"{heading} ({len(items)}):")
            for item in items:
                print(_line(item))
    print(
        f"as of {report.as_of.isoformat()}: {len(report.overdue)} overdue, {len(report.due_soon)} due soon, "
        f"{len(report.unknown)} unknown, {len(report.implausible)} implausible, {report.current} up to date"
    )
    return 0
