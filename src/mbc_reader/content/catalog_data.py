"""The start-up catalog in a data-only form (JSON), the one that travels in built packs.

The catalog this account keeps (:mod:`catalog`) is a pickle, and a pickle that came from outside
runs whatever it holds. A built pack therefore carries its library as plain JSON
(``.mbc-pack/catalog.json``): titles, topics, sections, problems, the link maps, each file named
by the index of its content folder and its path relative to it (``[1, "topic/a.md"]``). It is
turned back into a :class:`Library` here, field by field, every value checked for its type; a
value that is not what it should be makes the whole catalog unusable (:class:`CatalogDataError`)
and the computer loads the articles itself. Nothing in it is ever executed or imported.

What it holds is only right where the loader would read the same thing: the same app version
and catalog format, the same dictionary of terms, and the same bundled articles (their SHA-256
are recorded). :func:`misfit` says why not, or None. No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path, PurePosixPath

from .models import Article, Library, Problem, Section, Severity

DATA_FORMAT = 1
#: Article fields stored as they are (str or None), beside id, path, title, topics, sections, dates.
_TEXT_FIELDS = ("language", "status", "audience", "review_frequency", "source_url", "version", "encoding",
                "language_tag", "source", "license", "owner")  # fmt: skip
_MAX_DEPTH = 12  # sections nest at most this deep (## to ######, with room)


class CatalogDataError(ValueError):
    """The data is not a catalog this reader can use (the message says what is wrong)."""


def folder_hashes(folder: Path) -> dict[str, str]:
    """Every regular file of a folder (not hidden ones, not symlinks) -> its SHA-256."""
    from .pack_build import _sha256_file
    from .pack_store import pack_files

    return {rel.as_posix(): _sha256_file(folder / rel) for rel in pack_files(folder, set())}


# -- writing -------------------------------------------------------------------------------------


def _place(path: Path, roots: Sequence[Path]) -> list:
    for i, root in enumerate(roots):
        try:
            return [i, path.relative_to(root).as_posix()]
        except ValueError:
            continue
    return [-1, path.name]  # outside every content folder: only its name means anything elsewhere


def _section(s: Section) -> list:
    return [s.title, s.level, s.anchor, [_section(c) for c in s.children]]


def _mark(i: int) -> str:
    return f"\0root{i}\0"  # a NUL never occurs in the loader's messages (nor in text it keeps)


def _portable(message: str, roots: Sequence[Path]) -> str:
    """A message with the content folders' paths in it (a duplicate id names the other file)
    made to name them wherever they are: each folder's path becomes a mark of its index."""
    for i in sorted(range(len(roots)), key=lambda i: -len(str(roots[i]))):
        message = message.replace(str(roots[i]), _mark(i))
    return message


def _local(message: str, roots: Sequence[Path]) -> str:
    for i, root in enumerate(roots):
        message = message.replace(_mark(i), str(root))
    if "\0" in message:
        raise _fail("problem message")
    return message


def to_data(library: Library, stamp: dict) -> dict:
    """The library (without texts) as JSON-ready data; ``stamp`` says what it is valid for
    (:func:`stamp_here`'s keys, plus ``bundled``: the first folder's :func:`folder_hashes`)."""
    roots = list(library.roots)
    resolved = {str(Path(r).resolve()): i for i, r in enumerate(roots)}
    articles = []
    for a in library.articles:
        entry = {"id": a.id, "path": _place(a.path, roots), "title": a.title, "topics": list(a.topics),
                 "last_reviewed": a.last_reviewed.isoformat() if a.last_reviewed else None,
                 "sections": [_section(s) for s in a.sections]}  # fmt: skip
        entry.update({k: getattr(a, k) for k in _TEXT_FIELDS})
        articles.append(entry)
    problems = [{"file": _place(p.file, roots), "severity": p.severity.value, "code": p.code,
                 "message": _portable(p.message, roots), "anchor": p.anchor, "words": p.words}
                for p in library.problems]  # fmt: skip
    file_ids = {str(resolved[k]): v for k, v in library.file_ids.items() if k in resolved}
    return {"format": DATA_FORMAT, **stamp, "roots": len(roots), "articles": articles, "problems": problems,
            "url_map": library.url_map, "file_ids": file_ids}  # fmt: skip


def stamp_here() -> dict:
    """What a catalog made by this reader depends on, besides the bundled articles."""
    from .. import __version__
    from .catalog import CATALOG_FORMAT
    from .search import index_format

    return {"app": __version__, "catalog_format": CATALOG_FORMAT, "glossary": index_format()["glossary"]}


def misfit(data: object, bundled: Path) -> str | None:
    """Why this catalog cannot stand for what the loader would read here (None: it can)."""
    if not isinstance(data, dict) or data.get("format") != DATA_FORMAT:
        return "it is not a catalog of a format this reader knows"
    here = stamp_here()
    if data.get("app") != here["app"]:
        return f"it was made by mbc-reader {data.get('app')}, this is {here['app']}"
    if data.get("catalog_format") != here["catalog_format"]:
        return "it is of another catalog format"
    if data.get("glossary") != here["glossary"]:
        return "it was made with another dictionary of terms"
    try:
        if data.get("bundled") != folder_hashes(bundled):
            return "the articles bundled with this reader are not the ones it was made with"
    except OSError as exc:
        return f"the bundled articles cannot be read ({exc})"
    return None


# -- reading -------------------------------------------------------------------------------------


def _fail(what: str) -> CatalogDataError:
    return CatalogDataError(f"its {what} is not valid")


def _text(value: object, what: str, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _fail(what)
    return value


def _path(value: object, roots: Sequence[Path], what: str) -> Path:
    if not (isinstance(value, list) and len(value) == 2 and type(value[0]) is int and isinstance(value[1], str)):
        raise _fail(what)
    index, rel = value
    if index == -1:
        return Path(PurePosixPath(rel).name)
    pure = PurePosixPath(rel)
    if not 0 <= index < len(roots) or pure.is_absolute() or ".." in pure.parts or "\\" in rel:
        raise _fail(what)
    return roots[index] / pure if rel else roots[index]


def _sections(value: object, depth: int = 0) -> tuple[Section, ...]:
    if not isinstance(value, list) or depth > _MAX_DEPTH:
        raise _fail("sections")
    out = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 4 and isinstance(item[0], str) and type(item[1]) is int
                and isinstance(item[2], str)):  # fmt: skip
            raise _fail("sections")
        out.append(Section(item[0], item[1], item[2], _sections(item[3], depth + 1)))
    return tuple(out)


def _article(entry: object, roots: Sequence[Path]) -> Article:
    if not isinstance(entry, dict):
        raise _fail("list of articles")
    topics = entry.get("topics")
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise _fail("topics")
    reviewed = _text(entry.get("last_reviewed"), "review date", optional=True)
    try:
        when = date.fromisoformat(reviewed) if reviewed else None
    except ValueError:
        raise _fail("review date") from None
    values = {k: _text(entry.get(k), k.replace("_", " "), optional=True) for k in _TEXT_FIELDS}
    for k in ("language", "status", "encoding"):  # never None in a loaded article
        if values[k] is None:
            raise _fail(k)
    return Article(id=_text(entry.get("id"), "article id"), path=_path(entry.get("path"), roots, "article path"),
                   title=_text(entry.get("title"), "title"), topics=tuple(topics), last_reviewed=when,
                   sections=_sections(entry.get("sections")), **values)  # fmt: skip


def _problem(entry: object, roots: Sequence[Path]) -> Problem:
    if not isinstance(entry, dict):
        raise _fail("list of problems")
    try:
        severity = Severity(entry.get("severity"))
    except ValueError:
        raise _fail("problem severity") from None
    message = _local(_text(entry.get("message"), "problem message"), roots)
    return Problem(_path(entry.get("file"), roots, "problem's file"), severity, _text(entry.get("code"), "problem code"),
                   message, _text(entry.get("anchor"), "problem anchor"), _text(entry.get("words"), "problem words"))


def _str_map(value: object, what: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _fail(what)
    return dict(value)


def from_data(data: object, roots: Sequence[Path]) -> Library:
    """The library the data describes, its files in ``roots`` (as many as it was made with).
    Raises CatalogDataError when any part of it is not what it should be."""
    roots = [Path(r) for r in roots]
    if not isinstance(data, dict) or data.get("format") != DATA_FORMAT:
        raise CatalogDataError("it is not a catalog of a format this reader knows")
    if data.get("roots") != len(roots):
        raise CatalogDataError(f"it is for {data.get('roots')} content folders, not {len(roots)}")
    articles, problems = data.get("articles"), data.get("problems")
    if not isinstance(articles, list) or not isinstance(problems, list):
        raise _fail("list of articles")
    raw_ids = data.get("file_ids")
    if not isinstance(raw_ids, dict):
        raise _fail("list of files")
    file_ids = {}
    for key, value in raw_ids.items():
        if not (isinstance(key, str) and key.isdigit() and int(key) < len(roots)):
            raise _fail("list of files")
        file_ids[str(roots[int(key)].resolve())] = _str_map(value, "list of files")
    return Library(root=roots[0] if roots else Path("."), articles=[_article(a, roots) for a in articles],
                   problems=[_problem(p, roots) for p in problems], roots=tuple(roots),
                   url_map=_str_map(data.get("url_map"), "link map"), file_ids=file_ids)  # fmt: skip
