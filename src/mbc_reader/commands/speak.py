"""``mbc-reader speak ID --wav OUT.wav``: the article read aloud into a WAV file, as "Listen" reads it.

For staff to hear what patients will hear (and for the tests): the same sentences as the window,
the same voice, with nothing played.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import add_content_option, article_or_report, selected_content

SPEEDS = ("slower", "normal", "faster")


def register(subparsers) -> None:
    parser = subparsers.add_parser("speak", help="read an article aloud into a WAV file")
    parser.add_argument("id", help="the article id (its file name without extension)")
    parser.add_argument("--wav", type=Path, required=True, metavar="OUT.wav", help="the WAV file to write")
    parser.add_argument("--speed", choices=SPEEDS, default="normal", help="how fast to read (default: normal)")
    add_content_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from .. import speech

    engine = speech.find_engine()
    if engine is None:
        print("mbc-reader: cannot read aloud: the eSpeak NG voice is not installed "
              "(on Debian or Ubuntu: sudo apt-get install espeak-ng)", file=sys.stderr)
        return 2
    from ..content.library import open_library
    from ..content.speech_text import article_speech

    library = open_library(selected_content(args))
    article = article_or_report(library, args.id)
    if article is None:
        return 1
    text = article_speech(article)
    try:
        seconds = speech.render_wav(engine, [s.text for s in text.sentences], text.language, args.wav,
                                    speech.Speed[args.speed.upper()])
    except speech.EngineError as exc:
        print(f"mbc-reader: cannot read aloud: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"mbc-reader: cannot write {args.wav}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{args.wav}: {len(text.sentences)} sentences, {seconds:.1f} s")
    return 0
