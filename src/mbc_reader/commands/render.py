"""``mbc-reader render ID``: the article's sanitised HTML, as the window shows it."""

from __future__ import annotations

import argparse

from ..content.library import open_library
from ..content.render import render_article
from . import add_content_option, article_or_report, selected_content


def register(subparsers) -> None:
    parser = subparsers.add_parser("render", help="print an article as HTML")
    parser.add_argument("id", help="the article id (its file name without extension)")
    add_content_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    library = open_library(selected_content(args))
    article = article_or_report(library, args.id)
    if article is None:
        return 1
    print(render_article(article))
    return 0
