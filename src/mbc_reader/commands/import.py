"""``mbc-reader import FILE --into DIR``: a clinic's leaflet (.docx, .odt, .html) as a new article.

Writes ``DIR/<name>.md`` (front matter: title, language, the clinic's name as source from
``clinic.ini``, ``lastReviewed`` today, review frequency) and its pictures in ``DIR/<name>-media/``,
then checks the new article as ``check`` does and lists its problems. Prints the new article's id
(``--json``: ``{"id", "path", "problems"}``). Exit 0 when the article was written and loads; 1 when
the check finds an error in it; 2 when nothing was imported (a missing or damaged file, a type we
cannot read, a name already taken, no pandoc): one line on stderr naming the file and the problem.
Nothing that exists is ever overwritten.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from ..content.clinic import ClinicConfigError, clinic_file, load_clinic
from ..content.leaflet import SUPPORTED, ImportRefused, convert, document_kind, front_matter, slug, write_article


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="turn a leaflet (.docx, .odt, .html) into an article of a content folder"
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the document: " + ", ".join(sorted(SUPPORTED)))
    parser.add_argument("--into", type=Path, required=True, metavar="DIR", help="the content folder to add it to")
    parser.add_argument("--title", help="the article's title (default: the document's own, or its first heading)")
    parser.add_argument("--language", metavar="TAG", help="its language, e.g. es (default: the document's, else en)")
    parser.add_argument("--json", action="store_true", help='print {"id", "path", "problems"} as JSON')
    parser.set_defaults(handler=run)


def _fail(message: str) -> int:
    print(f"mbc-reader: import: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from ..content.loader import language_tag

    source: Path = args.file
    into: Path = args.into
    language = None
    if args.language is not None:
        language = language_tag(args.language)
        if language is None:
            return _fail(f"--language '{args.language}' is not a language tag (use e.g. en, es, es-MX)")
    if args.title is not None and not " ".join(args.title.split()):
        return _fail("--title is empty")
    if into.exists() and not into.is_dir():
        return _fail(f"{into}: not a folder (--into names the content folder to add the article to)")
    try:
        clinic = load_clinic()
        document_kind(source)
        name = slug(source.stem)
        article_path, media = into / f"{name}.md", into / f"{name}-media"
        with tempfile.TemporaryDirectory(prefix="mbc-import-") as work:
            leaflet = convert(source, Path(work), media.name, args.title)
            language = language or (language_tag(leaflet.language) if leaflet.language else None) or "en"
            head = front_matter(leaflet, language, clinic, date.today(), source)
            written = write_article(leaflet, head, article_path, media)
    except (ImportRefused, ClinicConfigError) as exc:
        return _fail(str(exc))
    if not clinic.name:
        print(f"mbc-reader: import: note: no source named: add 'name = …' under [clinic] in {clinic_file()} "
              "to credit the clinic's leaflets (see docs/INSTALL.md)", file=sys.stderr)  # fmt: skip
    return _report(written.article, into, args.json)


def _report(article_path: Path, into: Path, as_json: bool) -> int:
    """Check the new article as ``check`` does; print its id and its problems."""
    from ..content.glossary import Glossary
    from ..content.health_report import health_problems
    from ..content.loader import load_library
    from ..content.models import Severity

    glossary = Glossary.bundled()
    library = load_library([into], glossary=glossary)
    real = article_path.resolve()
    article = next((a for a in library.articles if a.path.resolve() == real), None)
    problems = [p for p in health_problems(library, glossary) if p.file.resolve() == real]
    article_id = article.id if article is not None else None
    if as_json:
        print(json.dumps({"id": article_id, "path": str(article_path), "problems": [p.to_json() for p in problems]},
                         ensure_ascii=False, indent=2))  # fmt: skip
    else:
        print(article_id if article_id is not None else f"(not loadable) {article_path}")
        if problems:
            print(f"{article_path}: the check found {len(problems)} problem{'' if len(problems) == 1 else 's'}:",
                  file=sys.stderr)  # fmt: skip
            for p in problems:
                print(f"  {p.severity.value}: {p.message} [{p.code}]", file=sys.stderr)
    if article is None or any(p.severity is Severity.ERROR for p in problems):
        return 1
    return 0
