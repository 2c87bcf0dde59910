"""Content folders -> articles and problems. One broken page must never hide the rest.

Two passes: the first reads every file's front matter (so that links between articles can be
resolved by the address each page had on cancer.gov), the second repairs each body.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import repair as repair_mod
from .models import Article, ArticleText, Figure, Library, Problem, Severity
from .topics import derive_topics, url_path

log = logging.getLogger(__name__)

CONTENT_SUFFIXES = (".md", ".txt")
MAX_FILE_BYTES = 16 * 1024 * 1024  # the largest real page is ~1.1 MB
MAX_FRONT_MATTER_VALUES = 10_000  # real pages have ~15 keys, a few short lists


class GlossaryLike:  # the part of content.glossary.Glossary the loader needs
    def has(self, term_id: str) -> bool: ...


@dataclass
class _Raw:
    path: Path
    root: Path
    metadata: dict
    body: str
    encoding: str


def iter_content_files(root: Path) -> list[Path]:
    """Every ``.md``/``.txt`` under ``root``, in a stable order, skipping hidden folders and files."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: log.warning("cannot list %s", e)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(CONTENT_SUFFIXES) and not name.startswith("."):
                found.append(Path(dirpath) / name)
    return found


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was in. Scraped files are UTF-8; a few older ones are Windows-1252."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _too_big(value: object, budget: int = MAX_FRONT_MATTER_VALUES) -> bool:
    """True when the front matter holds more values than any real page does.

    YAML aliases make a few lines expand exponentially ("billion laughs"): PyYAML shares the
    repeated objects, so parsing is cheap, but turning such a value into a title or a date (``str()``)
    would hang the app. Values are counted as if expanded, stopping as soon as the budget is spent.
    """
    stack = [value]
    while stack:
        budget -= 1
        if budget < 0:
            return True
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)
    return False


def _inside(path: Path, root: Path) -> bool:
    """Whether the file, links followed, lies in the content folder (a pack cannot point at /etc)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte
        return False


_FENCE_END = re.compile(r"^-{3,}[ \t]*$", re.M)


def _body_only(stripped: str) -> str | None:
    """The text after the front matter, without parsing the YAML (for re-reading a known article)."""
    first_line_end = stripped.find("\n")
    if first_line_end < 0:
        return None
    end = _FENCE_END.search(stripped, first_line_end + 1)
    return stripped[end.end() :].lstrip("\n") if end else None


def _read(path: Path, root: Path, problems: list[Problem], parse_yaml: bool = True) -> _Raw | None:
    def error(code: str, message: str) -> None:
        problems.append(Problem(path, Severity.ERROR, code, message))

    if not _inside(path, root):
        error("outside", "the file is a link to a place outside the content folder; it is not shown")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            error("too-large", f"the file is {size // (1024 * 1024)} MB; articles over 16 MB are not shown")
            return None
        data = path.read_bytes()
    except OSError as exc:
        error("unreadable", f"the file cannot be read ({exc.strerror or exc})")
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Notepad's "Unicode"
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            error("encoding", "the file says it is UTF-16 but is not; save it as UTF-8")
            return None
        problems.append(Problem(path, Severity.WARNING, "encoding", "not UTF-8: read as UTF-16; save it as UTF-8"))
    if b"\x00" in data[:4096]:
        error("binary", "this is not a text file")
        return None
    text, encoding = decode(data)
    if encoding != "utf-8":
        problems.append(
            Problem(path, Severity.WARNING, "encoding", f"not UTF-8: read as {encoding}; save it as UTF-8")
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # old Mac files end lines with CR only
    stripped = text.lstrip("\ufeff \t\n")
    if not stripped.startswith("---"):
        error("no-front-matter", "no front matter: the file must start with a '---' block holding at least a title")
        return None
    if not parse_yaml:  # re-reading an article the catalog already knows: skip PyYAML (start-up)
        body = _body_only(stripped)
        if body is None:
            error("no-front-matter", "the front matter has no closing '---' line")
            return None
        return _Raw(path, root, {}, body, encoding)
    import frontmatter  # imported here: a start from the catalog never needs PyYAML
    import yaml

    try:
        post = frontmatter.loads(stripped)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 1})" if where is not None else ""
        error("yaml", f"the front matter is not valid YAML{at}: {getattr(exc, 'problem', None) or exc}")
        return None
    except (ValueError, TypeError, AttributeError) as exc:
        error("yaml", f"the front matter cannot be read: {exc}")
        return None
    if not isinstance(post.metadata, dict):
        error("yaml", "the front matter must be a set of 'key: value' lines")
        return None
    if _too_big(post.metadata):
        error("yaml", f"the front matter is too large (over {MAX_FRONT_MATTER_VALUES} values, or repeated '*' aliases)")
        return None
    return _Raw(path, root, dict(post.metadata), post.content, encoding)


def _parse_date(value: object) -> date | None | str:
    """A date, None when absent, or the string itself when it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return text


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _local_image(src: str, raw: _Raw) -> Path | None:
    """The file in the content folder for an image address, if it is there and stays inside it.

    Site paths (``/sites/…/Metastatic%20Breast%20Cancer.jpg?h=…``) are looked up by file name in
    ``media/`` beside the article or at the top of the folder; relative paths are taken as they are.
    Anything that would leave the content folder (``../``, absolute paths, symlinks) is refused.
    """
    try:
        parts = urlsplit(src.strip())
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        return None
    name = unquote(parts.path)
    if not name:
        return None
    candidates: list[Path] = []
    if name.startswith("/"):
        base = Path(name).name
        candidates = [raw.path.parent / "media" / base, raw.root / "media" / base]
    else:
        candidates = [raw.path.parent / name]
    root = raw.root.resolve()
    for candidate in candidates:
        try:
            real = candidate.resolve()
        except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte in the name
            continue
        if real.is_file() and real.is_relative_to(root):
            return real
    return None


def _article_text(result: repair_mod.RepairResult, raw: _Raw, problems: list[Problem]) -> ArticleText:
    figures: list[Figure] = []
    for fig in result.figures:
        local = _local_image(fig.src, raw)
        is_local_reference = bool(fig.src) and not fig.src.startswith(("/", "http:", "https:", "//"))
        if local is None and is_local_reference:
            problems.append(
                Problem(raw.path, Severity.WARNING, "missing-image", f"image '{fig.src}' is not in the content folder")
            )
        figures.append(Figure(fig.alt, fig.credit, fig.src, fig.enlarge_src, local, fig.caption, fig.link))
    return ArticleText(result.markdown, tuple(figures), tuple(result.glossary_refs), tuple(result.links))


@dataclass(frozen=True)
class FileText:
    """Reads and repairs an article's text again, on demand (what the catalog stores instead of it)."""

    path: str  # strings, not Paths: the catalog rebuilds thousands of these at every start
    root: str
    url_map: dict[str, str]
    title: str | None = None  # the article's title, for a page whose text has no heading

    def __call__(self) -> ArticleText:
        problems: list[Problem] = []
        raw = _read(Path(self.path), Path(self.root), problems, parse_yaml=False)
        if raw is None:
            reason = problems[0].message if problems else "it cannot be read"
            return ArticleText(f"This article cannot be shown now: {reason}.\n")
        result = repair_mod.repair(raw.body, self.title, self.url_map.get)
        return _article_text(result, raw, [])


def _build(raw: _Raw, article_id: str, resolve, glossary: GlossaryLike | None, problems: list[Problem]) -> Article | None:
    meta = raw.metadata
    fm_title = _str(meta.get("title"))
    result = repair_mod.repair(raw.body, fm_title, resolve)
    if not result.title:
        problems.append(Problem(raw.path, Severity.ERROR, "no-title", "no title: add 'title:' to the front matter"))
        return None
    if not result.markdown.strip() or not any(
        not line.startswith("#") for line in result.markdown.splitlines() if line.strip()
    ):
        problems.append(Problem(raw.path, Severity.ERROR, "empty-body", "the article has no text"))
        return None

    reviewed = _parse_date(meta.get("lastReviewed", meta.get("last_reviewed")))
    if isinstance(reviewed, str):
        problems.append(
            Problem(raw.path, Severity.WARNING, "bad-date", f"'lastReviewed: {reviewed}' is not a date (use YYYY-MM-DD)")
        )
        reviewed = None

    text = _article_text(result, raw, problems)

    if glossary is not None:
        unknown = sorted({ref.term_id for ref in result.glossary_refs if not glossary.has(ref.term_id)}, key=int)
        if unknown:
            problems.append(
                Problem(
                    raw.path,
                    Severity.WARNING,
                    "unknown-glossary-id",
                    "glossary terms not in the bundled dictionary (shown by closest name): " + ", ".join(unknown),
                )
            )

    status = (_str(meta.get("status")) or "active").lower()
    if status != "active":
        problems.append(
            Problem(raw.path, Severity.INFO, "not-active", f"status is '{status}': kept for staff, not listed for patients")
        )
    return Article(
        id=article_id,
        path=raw.path,
        title=result.title,
        language=(_str(meta.get("language")) or "en").lower()[:2],
        status=status,
        audience=_str(meta.get("audienceLevel", meta.get("audience"))),
        topics=derive_topics(_str(meta.get("url")), meta.get("topics")),
        last_reviewed=reviewed,
        review_frequency=_str(meta.get("reviewFrequency", meta.get("review_frequency"))),
        source_url=_str(meta.get("url")),
        version=_str(meta.get("version")),
        sections=result.sections,
        encoding=raw.encoding,
        text_source=text,
    )


def load_library(roots: Path | Sequence[Path], glossary: GlossaryLike | None = None) -> Library:
    """Load every article under one or more content folders (later folders may not reuse ids)."""
    root_list = [Path(roots)] if isinstance(roots, (str, Path)) else [Path(r) for r in roots]
    problems: list[Problem] = []
    raws: list[tuple[str, _Raw]] = []
    seen: dict[str, Path] = {}
    for root in root_list:
        if not root.is_dir():
            problems.append(Problem(root, Severity.ERROR, "no-folder", "the content folder does not exist"))
            continue
        for path in iter_content_files(root):
            raw = _read(path, root, problems)
            if raw is None:
                continue
            article_id = path.stem
            if article_id in seen:
                problems.append(
                    Problem(path, Severity.ERROR, "duplicate-id", f"id '{article_id}' is already used by {seen[article_id]}")
                )
                continue
            seen[article_id] = path
            raws.append((article_id, raw))

    by_url: dict[str, str] = {}
    for article_id, raw in raws:
        key = url_path(_str(raw.metadata.get("url")))
        if key and key not in by_url:
            by_url[key] = article_id

    articles = [
        article
        for article_id, raw in raws
        if (article := _build(raw, article_id, by_url.get, glossary, problems)) is not None
    ]
    return Library(
        root=root_list[0] if root_list else Path("."),
        articles=articles,
        problems=problems,
        roots=tuple(root_list),
        url_map=by_url,
    )


def problems_by_file(problems: Iterable[Problem]) -> dict[Path, list[Problem]]:
    grouped: dict[Path, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.file, []).append(problem)
    return grouped
