"""``mbc-reader search QUERY``: the same search as the window, for staff and scripts.

``--json`` prints exactly ``{"query", "total", "suggestion", "results": [{"article_id",
"title", "section", "anchor", "snippet", "score", "sections": [{"section", "anchor",
"snippet", "score"}]}], "corrected_query", "also_searched"}``: one result per article (its best
section), its further matching sections in ``sections``; ``corrected_query`` is the query
searched instead when the typed one found nothing (its results are the ``results``);
``also_searched`` lists the words searched as well as the typed ones. Without ``--json``, one
readable block per result.
The index is built or brought up to date first when needed (progress on stderr); when its own
record says it holds the content's files as they are, the articles are not even loaded.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys

from ..content.library import open_library
from ..content.search import Searcher, SearchResponse, current_index, open_searcher
from . import add_content_option, selected_content

_TAG = re.compile(r"</?b>")


def register(subparsers) -> None:
    parser = subparsers.add_parser("search", help="search the articles (as the window does)")
    parser.add_argument("query", help="what to look for (quote phrases: '\"lymph nodes\"')")
    add_content_option(parser)
    parser.add_argument("--limit", type=_limit, default=20, metavar="N", help="at most N results (default 20)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.set_defaults(handler=run)


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= value <= 200:
        raise argparse.ArgumentTypeError("must be between 1 and 200")
    return value


def plain_snippet(snippet: str, bold: bool) -> str:
    """The snippet HTML for a terminal: matched words in bold (or *stars*), entities decoded."""
    marks = ("\033[1m", "\033[0m") if bold else ("*", "*")
    return html.unescape(_TAG.sub(lambda m: marks[1] if m.group(0) == "</b>" else marks[0], snippet))


def human(response: SearchResponse, bold: bool) -> str:
    lines = []
    count = len(response.results)
    if response.corrected_query:
        lines.append(f"nothing found for {response.query!r}; showing results for {response.corrected_query!r}")
    if count:
        more = f" (of {response.total} matching sections)" if response.total > count else ""
        shown = response.corrected_query or response.query
        lines.append(f"{count} result{'s' if count != 1 else ''} for {shown!r}{more}")
    else:
        lines.append(f"nothing found for {response.query!r}")
    if response.also_searched:
        lines.append("also searched: " + ", ".join(response.also_searched))
    if response.suggestion:
        lines.append(f"did you mean: {response.suggestion}?")
    for i, hit in enumerate(response.results, 1):
        place = f"{hit.title} \u2014 {hit.section}" if hit.section else hit.title
        target = hit.article_id + (f"#{hit.anchor}" if hit.anchor else "")
        lines.append("")
        lines.append(f"{i:>2}. {place}")
        lines.append(f"    {plain_snippet(hit.snippet, bold)}")
        lines.append(f"    [{target}]  score {hit.score:g}")
        for part in hit.sections:
            where = hit.article_id + (f"#{part.anchor}" if part.anchor else "")
            lines.append(f"    also: {part.section or hit.title}  [{where}]")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    dirs = selected_content(args)
    home = current_index(dirs)
    if home is not None:  # the index vouches for the files as they are: no library to load
        searcher = Searcher(home, few=True)  # (and a pack's shipped index is only used when none is there)
    else:
        from ..content.pack_index import use_shipped_index
        from .index import ProgressBar

        library = open_library(dirs)
        bar = ProgressBar("indexing articles")
        use_shipped_index(library)  # a trusted pack's own index (one for every account) before indexing here
        searcher = open_searcher(library, progress=bar, warm=False)  # one query: nothing to prepare
        bar.finish()
    try:
        response = searcher.search(args.query, limit=args.limit)
    finally:
        searcher.close()
    if args.json:
        print(json.dumps(response.to_json(), ensure_ascii=False, indent=2))
    else:
        print(human(response, bold=sys.stdout.isatty()))
    return 0
