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
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from . import repair as repair_mod
from .files import CONTENT_SUFFIXES, iter_content_files  # noqa: F401 - used here and re-exported
from .links import LinkResolver, page_keys
from .models import Article, ArticleText, Figure, Library, Problem, Severity
from .source import site_of
from .topics import derive_topics

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 16 * 1024 * 1024  # the largest real page is ~1.1 MB
MAX_FRONT_MATTER_VALUES = 10_000  # real pages have ~15 keys, a few short lists
MAX_DUPLICATE_WARNINGS = 20  # one per repeated key, up to this many


class GlossaryLike:  # the part of content.glossary.Glossary the loader needs
    def has(self, term_id: str) -> bool: ...


@dataclass
class _Raw:
    path: Path
    root: Path
    metadata: dict
    body: str
    encoding: str
    scalars: dict[str, str] = field(default_factory=dict)  # top-level values as written (``yes``, ``010``)
    items: dict[str, list[str | None]] = field(default_factory=dict)  # top-level list items as written


def _id_choices(path: Path, root: Path) -> tuple[str, str, str]:
    """The ids a file may get, plainest first: ``intro``, ``a/intro``, ``a/intro.md``."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return path.stem, rel.with_suffix("").as_posix(), rel.as_posix()


def article_ids(files: Sequence[Path], root: Path) -> dict[Path, str]:
    """The article id of each content file of one content folder.

    An id is the file name without its suffix (``intro``), as it always was. Only when two files of
    the folder share that name (``a/intro.md`` and ``b/intro.md``) do they take their path in the
    folder instead (``a/intro``, ``b/intro``; a file at the top keeps ``intro``), and the suffix
    too when even that is shared (``intro.md`` beside ``intro.txt``). So no file is lost to a
    name clash, and ids depend only on the file names: the same folder always gives the same ids.
    """
    choices = {path: _id_choices(path, root) for path in files}
    level = dict.fromkeys(choices, 0)
    while True:
        groups: dict[str, list[Path]] = {}
        for path, options in choices.items():
            groups.setdefault(options[level[path]], []).append(path)
        bumped = False
        for members in groups.values():
            if len(members) > 1:
                for path in members:
                    if level[path] < 2:
                        level[path] += 1
                        bumped = True
        if not bumped:
            return {path: options[level[path]] for path, options in choices.items()}


class Decoded(NamedTuple):
    text: str
    encoding: str  # "utf-8", "windows-1252" or "latin-1"
    bad_lines: tuple[int, ...] = ()  # lines holding bytes that are not UTF-8 (shown as U+FFFD)
    bad_bytes: int = 0


_ASCII = bytes(range(128))
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def decode(data: bytes) -> Decoded:
    """Text and the encoding it was in. Scraped files are UTF-8; a few older ones are Windows-1252.

    A UTF-8 file with a few bad bytes (a pasted word from an old document) stays UTF-8: only
    those bytes become U+FFFD, and their lines are reported. A file is read as Windows-1252 (or
    Latin-1) only when it is not UTF-8 as a whole: most of its non-ASCII bytes are invalid UTF-8.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", "surrogateescape")  # each bad byte -> one lone surrogate
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n")  # line numbers as the loader counts them
    bad = [m.start() for m in _ESCAPED_BYTE.finditer(escaped)]
    non_ascii = len(data.translate(None, _ASCII))
    if 2 * len(bad) > non_ascii:  # mostly not UTF-8: a legacy file
        try:
            return Decoded(data.decode("cp1252"), "windows-1252")
        except UnicodeDecodeError:
            return Decoded(data.decode("latin-1"), "latin-1")
    lines: list[int] = []
    line, counted_to = 1, 0
    for pos in bad:
        line += escaped.count("\n", counted_to, pos)
        counted_to = pos
        if not lines or lines[-1] != line:
            lines.append(line)
    return Decoded(_ESCAPED_BYTE.sub("\ufffd", escaped), "utf-8", tuple(lines), len(bad))


def _lines_text(lines: Sequence[int], most: int = 10) -> str:
    """``line 4``, ``lines 4 and 9``, ``lines 4, 9, 12``, ``lines 1, …, 10 and 90 more``."""
    if len(lines) == 1:
        return f"line {lines[0]}"
    if len(lines) == 2:
        return f"lines {lines[0]} and {lines[1]}"
    more = f" and {len(lines) - most:,} more" if len(lines) > most else ""
    return "lines " + ", ".join(str(n) for n in lines[:most]) + more


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


def _broken_link(path: Path) -> str | None:
    """Why a link cannot be followed (its target is missing, or it loops), or None when it can."""
    try:
        if not path.is_symlink():
            return None
        path.resolve(strict=True)
    except FileNotFoundError:
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"the file is a broken link: it points to '{target}', which does not exist; it is not shown"
    except (OSError, RuntimeError):  # ELOOP (RuntimeError before Python 3.13)
        return "the file is a link that leads back to itself (a loop); it is not shown"
    return None


class _Unreadable(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# --- front matter: split and parsed by python-frontmatter -----------------------------------------
#
# python-frontmatter splits the front matter from the body and parses it, through ``_handler()``, a
# subclass of its ``YAMLHandler``: the library's ``split()`` (``FM_BOUNDARY.split(text, 2)``) with
# our ``_FM_BOUNDARY`` below (it also accepts '...', YAML's own end-of-document line, and an opening
# line such as '--- yaml'), and the library's ``load()`` (``yaml.load``) given our
# ``FrontMatterLoader`` (duplicate keys, too-long numbers, impossible dates).
#
# The loader calls ``handler.split`` and ``handler.load`` itself, as ``frontmatter.parse`` does,
# not ``frontmatter.loads``, which would lose what the loader says about a bad file: a front matter
# with no closing line comes back as all body and no metadata (nothing to tell "never closed" by),
# a front matter that is a list is dropped without a word, and ``Post(content, handler, **metadata)``
# raises TypeError for a key that is not text (``1: x``) or is named ``content`` or ``handler``.
#
# What the library has no equivalent of stays here, around it: the first line is checked before
# splitting (TOML '+++', '--- toml', '--- json', other words, no '---' at all: each its own message;
# '--- yaml': a warning), the library's ValueError on a missing closing line becomes "never closed,
# starting on line N", and YAML error lines are counted from the top of the file.
#
# The catalog's re-read of an article's text (``parse_yaml=False``) splits with the same
# ``_FM_BOUNDARY``, the same way, without the library: importing python-frontmatter imports PyYAML
# (about 40 ms here), which showing an article from the start-up catalog has never needed.

# The rest of the line is taken whole and its blanks stripped in Python: a lazy group before
# "[ \t]*$" retried the trailing blanks at every length (a 16 kB first line took 11 s).
_FIRST_LINE = re.compile(r"-{3,}(?P<rest>[^\n]*)(?:\n|$)")
# The first line (already checked by _check_first_line), with its newline, so that the YAML text
# starts on the line below it; then the first line holding only '---' or '...'.
_FM_BOUNDARY = re.compile(r"\A-{3,}.*(?:\n|\Z)|^(?:-{3,}|\.{3})[ \t]*$", re.M)


@dataclass
class _FrontMatter:
    yaml: str
    body: str
    first_line: int  # the file's line number of the first YAML line
    notes: list[str] = field(default_factory=list)  # warnings about the fences


def _check_first_line(stripped: str) -> list[str]:
    """Warnings about the opening line of ``stripped``; raises ``_Unreadable`` (with a specific
    message) when it does not open a YAML front matter."""
    if stripped.startswith("+++"):
        raise _Unreadable(
            "no-front-matter", "the front matter is in TOML ('+++'); write it as YAML between two '---' lines"
        )
    opening = _FIRST_LINE.match(stripped)
    if opening is None:
        raise _Unreadable(
            "no-front-matter", "no front matter: the file must start with a '---' block holding at least a title"
        )
    first = stripped[: opening.end()].strip()
    rest = opening.group("rest").strip(" \t\r")
    if rest.lower() == "yaml":
        return [f"the first line is '{first}': write just '---' (it was read as YAML)"]
    if rest.lower() in ("toml", "json"):
        raise _Unreadable(
            "no-front-matter", f"the front matter is marked as {rest.upper()} ('{first}'); only YAML is read"
        )
    if rest:
        raise _Unreadable(
            "no-front-matter",
            f"the first line must be '---' alone, with the front matter on the lines below it (it is '{first[:60]}')",
        )
    return []


def _split_without_library(text: str) -> tuple[str, str]:
    """What python-frontmatter's ``BaseHandler.split`` does with ``_FM_BOUNDARY``, for the catalog's
    re-read, which must not import PyYAML (see above); a test keeps the two the same."""
    _, fm, content = _FM_BOUNDARY.split(text, 2)
    return fm, content


def _split_front_matter(stripped: str, first_line: int, split) -> _FrontMatter:
    """The front matter block and the text after it; ``stripped`` starts at the opening line,
    which is line ``first_line`` of the file. ``split`` is the handler's ``split``. Raises
    ``_Unreadable`` with a specific message."""
    notes = _check_first_line(stripped)
    try:
        fm, content = split(stripped)
    except ValueError:  # no closing line: the library finds no second boundary
        raise _Unreadable(
            "unclosed-front-matter",
            f"the front matter that starts on line {first_line} is never closed: add a line holding only '---' "
            "after its last 'key: value' line",
        ) from None
    return _FrontMatter(fm, _without_blank_lines_before(content), first_line + 1, notes)


def _without_blank_lines_before(content: str) -> str:
    """``content`` without the blank lines that open it and the blanks that end it. Only whole
    blank lines go: the first text line keeps its indent (a leading indented code block)."""
    start = 0
    while True:
        end = content.find("\n", start)
        if end < 0 or content[start:end].strip(" \t\r"):
            break
        start = end + 1
    return content[start:].rstrip()


@cache
def _yaml_loader() -> type:
    """PyYAML's safe loader (the C one when there), recording what the plain one hides.

    It notes duplicate keys (PyYAML silently keeps the last), and reads a number too long for
    Python (over 4,300 digits) or an impossible date (2025-13-45) as the text written, noted,
    instead of failing the whole front matter.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class FrontMatterLoader(base):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.duplicates: list[tuple[str, int, int, object]] = []  # key, first line, line, mapping node
            self.long_numbers: list[tuple[object, int]] = []  # node, digits
            self.document = None  # the root node, kept for the lines and the values as written

        def get_single_node(self):
            self.document = super().get_single_node()
            return self.document

        def construct_mapping(self, node, deep=False):
            if isinstance(node, yaml.MappingNode):
                seen: dict[str, int] = {}
                for key_node, _value in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                        line = key_node.start_mark.line
                        if key_node.value in seen:
                            self.duplicates.append((key_node.value, seen[key_node.value], line, node))
                        else:
                            seen[key_node.value] = line
            return super().construct_mapping(node, deep=deep)

        def construct_long_int(self, node):
            try:
                return self.construct_yaml_int(node)
            except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
                self.long_numbers.append((node, sum(c.isdigit() for c in node.value)))
                return self.construct_scalar(node)

        def construct_odd_timestamp(self, node):
            try:
                return self.construct_yaml_timestamp(node)
            except ValueError:  # 2025-13-45: the text as written, for the date check to name
                return self.construct_scalar(node)

    FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", FrontMatterLoader.construct_long_int)
    FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", FrontMatterLoader.construct_odd_timestamp)
    return FrontMatterLoader


class _Loaded(NamedTuple):
    data: object  # what yaml.load gives
    loader: object  # the FrontMatterLoader that read it: .document, .duplicates, .long_numbers


@cache
def _handler():
    """python-frontmatter's YAML handler, splitting on ``_FM_BOUNDARY`` and loading with
    ``FrontMatterLoader`` (one instance: it keeps no state between files)."""
    from frontmatter.default_handlers import YAMLHandler

    loader_class = _yaml_loader()

    class FrontMatterHandler(YAMLHandler):
        def load(self, fm: str, **kwargs) -> _Loaded:  # type: ignore[override]
            """The library's ``load`` (``yaml.load(fm, Loader=...)``), and the loader it used."""
            made: list = []

            def loader(stream: str):
                made.append(loader_class(stream))
                return made[-1]

            kwargs.setdefault("Loader", loader)
            data = super().load(fm, **kwargs)
            return _Loaded(data, made[0])

    return FrontMatterHandler(fm_boundary=_FM_BOUNDARY)


def _top_key(root, node) -> str | None:
    """The top-level key whose value holds ``node`` (a mapping or value somewhere inside it)."""
    index = node.start_mark.index
    for key_node, value_node in getattr(root, "value", ()):
        if value_node.start_mark.index <= index <= value_node.end_mark.index and hasattr(key_node, "value"):
            return str(key_node.value)
    return None


@dataclass
class _Parsed:
    metadata: dict
    scalars: dict[str, str]  # top-level key -> its value as written, when a plain value
    items: dict[str, list[str | None]]  # top-level key -> each item as written, when a list


def _parse_yaml(fm: _FrontMatter, warn) -> _Parsed:
    import yaml

    def line_of(mark) -> int:
        return mark.line + fm.first_line

    try:
        data, loader = _handler().load(fm.yaml)
        root = loader.document
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {line_of(where)})" if where is not None else ""
        reason = getattr(exc, "problem", None) or exc
        raise _Unreadable("yaml", f"the front matter is not valid YAML{at}: {reason}") from None
    except RecursionError:
        raise _Unreadable("yaml", "the front matter nests too deeply to read") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise _Unreadable("yaml", f"the front matter cannot be read: {exc}") from None
    if root is None or data is None:
        return _Parsed({}, {}, {})
    if not isinstance(data, dict):
        warn("yaml", "the front matter must be a set of 'key: value' lines; it is ignored")
        return _Parsed({}, {}, {})
    if _too_big(data):
        raise _Unreadable(
            "yaml", f"the front matter is too large (over {MAX_FRONT_MATTER_VALUES} values, or repeated '*' aliases)"
        )
    repeated: dict[tuple[int, str], list[int]] = {}  # (mapping, key) -> its lines: one warning per key
    mappings = {}
    for key, first, line, mapping in loader.duplicates:
        mappings[id(mapping)] = mapping
        repeated.setdefault((id(mapping), key), [first + fm.first_line]).append(line + fm.first_line)
    for (mapping_id, key), lines in list(repeated.items())[:MAX_DUPLICATE_WARNINGS]:
        mapping = mappings[mapping_id]
        outer = _top_key(root, mapping) if mapping is not root else None
        inside = f" inside '{outer}'" if outer else ""
        times = "twice" if len(lines) == 2 else f"{len(lines):,} times"
        warn(
            "duplicate-key",
            f"'{key[:80]}' is given {times}{inside} in the front matter ({_lines_text(lines)}); "
            "only the last one is used",
        )
    if len(repeated) > MAX_DUPLICATE_WARNINGS:
        warn("duplicate-key", f"{len(repeated) - MAX_DUPLICATE_WARNINGS:,} more keys are given more than once")
    for node, digits in loader.long_numbers:
        key = _top_key(root, node)
        named = f"'{key}' holds" if key else "the front matter holds"
        warn(
            "long-number",
            f"{named} a number {digits:,} digits long (line {line_of(node.start_mark)}), too long to be a number; "
            "it is kept as text",
        )
    scalars: dict[str, str] = {}
    items: dict[str, list[str | None]] = {}
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        if isinstance(value_node, yaml.ScalarNode):
            scalars[key_node.value] = value_node.value
        elif isinstance(value_node, yaml.SequenceNode):
            items[key_node.value] = [n.value if isinstance(n, yaml.ScalarNode) else None for n in value_node.value]
    return _Parsed(dict(data), scalars, items)


def _read(path: Path, root: Path, problems: list[Problem], parse_yaml: bool = True) -> _Raw | None:
    def error(code: str, message: str) -> None:
        problems.append(Problem(path, Severity.ERROR, code, message))

    def warn(code: str, message: str) -> None:
        problems.append(Problem(path, Severity.WARNING, code, message))

    broken = _broken_link(path)
    if broken:
        error("broken-link", broken)
        return None
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
        warn("encoding", "not UTF-8: read as UTF-16; save it as UTF-8")
    if b"\x00" in data[:4096]:
        error("binary", "this is not a text file")
        return None
    decoded = decode(data)
    encoding = decoded.encoding
    if encoding != "utf-8":
        warn("encoding", f"not UTF-8: read as {encoding}; save it as UTF-8")
    elif decoded.bad_bytes:
        count = "1 byte is" if decoded.bad_bytes == 1 else f"{decoded.bad_bytes} bytes are"
        warn(
            "encoding",
            f"{count} not valid UTF-8 ({_lines_text(decoded.bad_lines)}), shown as '\ufffd'; "
            "the rest of the file is fine: retype those characters and save the file as UTF-8",
        )
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")  # old Mac files end lines with CR only
    stripped = text.lstrip("\ufeff \t\n")
    first_line = text.count("\n", 0, len(text) - len(stripped)) + 1
    try:
        fm = _split_front_matter(stripped, first_line, _handler().split if parse_yaml else _split_without_library)
        for note in fm.notes:
            warn("front-matter", note)
        if not parse_yaml:  # re-reading an article the catalog already knows: skip PyYAML (start-up)
            return _Raw(path, root, {}, fm.body, encoding)
        parsed = _parse_yaml(fm, warn)
    except _Unreadable as bad:
        error(bad.code, bad.message)
        return None
    return _Raw(path, root, parsed.metadata, fm.body, encoding, parsed.scalars, parsed.items)


# --- front matter values -------------------------------------------------------------------------

_SCALARS = (str, int, float, date)  # bool is an int: told apart where it matters


def _kind(value: object) -> str:
    if isinstance(value, (list, tuple, set)):
        return "a list"
    if isinstance(value, dict):
        return "a set of 'key: value' lines"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (bytes, bytearray)):
        return "binary data"
    return "a " + type(value).__name__


def _as_text(value: object, written: str | None) -> str | None:
    """A plain value as text, the way it was written when known (``yes``, ``1e400``, ``010``)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return written.strip() if written else ("true" if value else "false")
    if isinstance(value, (int, float, date)):
        return written.strip() if written else str(value)
    return None


class _Fields:
    """Reads front matter values as the article needs them; each odd one is a warning naming
    its key, never Python's text for a list or a ``True``."""

    def __init__(self, raw: _Raw, problems: list[Problem] | None) -> None:
        self.raw = raw
        self.meta = raw.metadata
        self.problems = problems

    def warn(self, code: str, message: str) -> None:
        if self.problems is not None:
            self.problems.append(Problem(self.raw.path, Severity.WARNING, code, message))

    def key(self, *names: str) -> str | None:
        return next((n for n in names if self.meta.get(n) is not None), None)

    def value(self, *names: str) -> tuple[str | None, str | None, str | None]:
        """(key, text, what is wrong with it): text is None when the value is missing or unusable."""
        key = self.key(*names)
        if key is None:
            return None, None, None
        value = self.meta[key]
        written = self.raw.scalars.get(key)
        if isinstance(value, bool):
            return key, _as_text(value, written), "yes/no"
        if isinstance(value, _SCALARS):
            return key, _as_text(value, written), None
        if isinstance(value, (list, tuple)) and len(value) == 1 and isinstance(value[0], _SCALARS):
            items = self.raw.items.get(key) or [None]
            return key, _as_text(value[0], items[0]), "one-item list"
        return key, None, _kind(value)

    def text(self, *names: str, instead: str = "it is left out") -> str | None:
        key, text, wrong = self.value(*names)
        if wrong == "yes/no":
            self.warn(
                "not-text", f"'{key}: {text}' is read as yes/no, not as text; write it in quotes: {key}: \"{text}\""
            )
        elif wrong == "one-item list":
            self.warn("not-text", f"'{key}' is a list, not one value; its item '{text}' is used")
        elif wrong:
            self.warn("not-text", f"'{key}' should be one line of text, not {wrong}; {instead}")
        return text

    def title(self) -> tuple[str | None, bool]:
        """The front matter title, and whether one was given but cannot be used as it is."""
        key, text, wrong = self.value("title")
        if wrong == "one-item list":
            self.warn("not-text", f"'title' is a list, not one line of text; its item '{text}' is used")
            return text, False
        if wrong:  # yes/no, a list, a mapping: not a title anyone meant
            return None, True
        return text, False

    def date(self, *names: str) -> date | None:
        key = self.key(*names)
        if key is None:
            return None
        value = self.meta[key]
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _as_text(value, self.raw.scalars.get(key))
        if text is None:
            self.warn("bad-date", f"'{key}' should be a date such as 2025-06-30, not {_kind(value)}; it is left out")
            return None
        for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        self.warn(
            "bad-date", f"'{key}: {text[:80]}' is not a date (use YYYY-MM-DD, such as 2025-06-30); it is left out"
        )
        return None

    def language(self) -> tuple[str, str | None]:
        """(primary language for grouping, the BCP 47 tag as given); English when unsaid or unusable."""
        key, text, wrong = self.value("language")
        if key is None:
            return DEFAULT_LANGUAGE, None
        if wrong and wrong != "yes/no":  # yes/no: 'language: no' is Norwegian, read as written
            self.warn(
                "bad-language",
                f"'language' should be one language code such as 'en', 'es' or 'es-MX', not {wrong}; "
                f"it is shown as English ('{DEFAULT_LANGUAGE}')",
            )
            return DEFAULT_LANGUAGE, None
        tag = language_tag(text or "")
        if tag is None:
            hint = _LANGUAGE_NAMES.get((text or "").strip().lower())
            also = f" ('{hint}' for {text.strip()})" if hint else ""
            self.warn(
                "bad-language",
                f"'language: {(text or '')[:40]}' is not a language code such as 'en', 'es' or 'es-MX'{also}; "
                f"it is shown as English ('{DEFAULT_LANGUAGE}')",
            )
            return DEFAULT_LANGUAGE, None
        return tag.split("-")[0], tag

    def topics(self) -> tuple[str, ...] | None:
        value = self.meta.get("topics")
        if value is None:
            return None
        if isinstance(value, str):
            if "," not in value:
                return (value.strip(),) if value.strip() else None
            topics = tuple(t.strip() for t in value.split(",") if t.strip())
            shown = ", ".join(topics)
            self.warn(
                "topics-text",
                f"'topics' is one line of text, not a list: read as {len(topics)} topics ({shown}); "
                f"write it as a list: topics: [{shown}]",
            )
            return topics
        if isinstance(value, (list, tuple)):
            written = self.raw.items.get("topics") or []
            topics: list[str] = []
            odd = 0
            for i, item in enumerate(value):
                text = _as_text(item, written[i] if i < len(written) else None) if isinstance(item, _SCALARS) else None
                if text:
                    topics.append(text)
                elif item is not None and not isinstance(item, str):
                    odd += 1
            if odd:
                self.warn(
                    "not-text",
                    f"'topics' holds {odd} item(s) that are not text (a list or 'key: value' lines); they are left out",
                )
            return tuple(topics)
        text = _as_text(value, self.raw.scalars.get("topics"))
        if text is None:
            self.warn("not-text", f"'topics' should be a list of topics, not {_kind(value)}; it is left out")
            return None
        return (text,)


DEFAULT_LANGUAGE = "en"
# ISO 639-1: the two-letter codes a language tag starts with (plus a few three-letter ones
# with no two-letter code). Anything else ('xx', 'Spanish') is not a language the reader can name.
_LANGUAGES = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el "
    "en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it "
    "iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt "
    "my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl "
    "sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo "
    "za zh zu fil haw hmn yue chr".split()
)
_LANGUAGE_NAMES = {"english": "en", "inglés": "en", "ingles": "en", "spanish": "es", "español": "es",
                   "espanol": "es", "castellano": "es", "french": "fr", "chinese": "zh", "vietnamese": "vi",
                   "portuguese": "pt", "korean": "ko", "russian": "ru", "arabic": "ar"}  # fmt: skip
_BCP47 = re.compile(
    r"(?P<language>[a-z]{2,3})(?:-[a-z]{3}){0,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*(?:-x(?:-[a-z0-9]{1,8})+)?",
)


def language_tag(text: str) -> str | None:
    """A BCP 47 tag in its usual case (``es-MX``, ``zh-Hant-TW``), or None when ``text`` is not one
    of a language we know. ``es_MX`` (a locale name) is taken as ``es-MX``."""
    tag = text.strip().replace("_", "-").lower()
    m = _BCP47.fullmatch(tag)
    if not m or m.group("language") not in _LANGUAGES:
        return None
    parts = tag.split("-")
    out = [parts[0]]
    singleton = False
    for part in parts[1:]:
        singleton = singleton or len(part) == 1
        if not singleton and len(part) == 4 and part.isalpha():
            part = part.title()  # script: Hant
        elif not singleton and len(part) == 2 and part.isalpha():
            part = part.upper()  # region: MX
        out.append(part)
    return "-".join(out)


def _title_from_name(path: Path) -> str | None:
    words = re.sub(r"[-_\s]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:] if words else None


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
    links: LinkResolver | None = None  # how the loader resolved its links (else: as an NCI page's)

    def __call__(self) -> ArticleText:
        problems: list[Problem] = []
        raw = _read(Path(self.path), Path(self.root), problems, parse_yaml=False)
        if raw is None:
            reason = problems[0].message if problems else "it cannot be read"
            return ArticleText(f"This article cannot be shown now: {reason}.\n")
        result = repair_mod.repair(raw.body, self.title, self.links if self.links is not None else self.url_map.get)
        return _article_text(result, raw, [])


_URL_KEYS = ("url", "sourceUrl", "source_url")
_SOURCE_KEYS = ("source", "publisher")


def _build(raw: _Raw, article_id: str, resolve, glossary: GlossaryLike | None, problems: list[Problem]) -> Article | None:
    fields = _Fields(raw, problems)
    fm_title, unusable_title = fields.title()
    # A title that cannot be used as it is ('title: yes', a list): the first heading, else the file name.
    result = repair_mod.repair(raw.body, fm_title or (_title_from_name(raw.path) if unusable_title else None), resolve)
    if unusable_title and result.title:
        value = raw.metadata["title"]
        if isinstance(value, bool):
            wrong = f"'title: {raw.scalars.get('title', value)}' is read as yes/no, not as a title"
        else:
            wrong = f"'title' should be one line of text, not {_kind(value)}"
        problems.append(
            Problem(raw.path, Severity.WARNING, "not-text", f"{wrong}; the article is shown as '{result.title}'")
        )
    if not result.title:
        problems.append(Problem(raw.path, Severity.ERROR, "no-title", "no title: add 'title:' to the front matter"))
        return None
    if not result.markdown.strip() or not any(
        not line.startswith("#") for line in result.markdown.splitlines() if line.strip()
    ):
        problems.append(Problem(raw.path, Severity.ERROR, "empty-body", "the article has no text"))
        return None
    problems += _dropped_link_problems(raw.path, result.dropped)

    reviewed = fields.date("lastReviewed", "last_reviewed")
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

    status = (fields.text("status", instead="the article is treated as active") or "active").lower()
    if status != "active":
        problems.append(
            Problem(raw.path, Severity.INFO, "not-active", f"status is '{status}': kept for staff, not listed for patients")
        )
    language, tag = fields.language()
    url = fields.text(*_URL_KEYS)
    return Article(
        id=article_id,
        path=raw.path,
        title=result.title,
        language=language,
        language_tag=tag,
        status=status,
        audience=fields.text("audienceLevel", "audience"),
        topics=derive_topics(url, fields.topics()),
        last_reviewed=reviewed,
        review_frequency=fields.text("reviewFrequency", "review_frequency"),
        source_url=url,
        version=fields.text("version"),
        sections=result.sections,
        encoding=raw.encoding,
        source=fields.text(*_SOURCE_KEYS),
        license=fields.text("license", "licence"),
        owner=fields.text("owner"),
        text_source=text,
    )


MAX_LINK_WARNINGS = 20  # per article: one per address, up to this many


def _dropped_link_problems(path: Path, dropped: Sequence[repair_mod.DroppedLink]) -> list[Problem]:
    """One warning per address an article links to and the reader cannot follow (a missing file,
    a site path with no site): its words are shown, with no link."""
    by_url: dict[str, list[repair_mod.DroppedLink]] = {}
    for link in dropped:
        by_url.setdefault(link.url, []).append(link)
    problems: list[Problem] = []
    for url, links in list(by_url.items())[:MAX_LINK_WARNINGS]:
        first = links[0]
        words = f"'{first.text[:80]}' " if first.text else ""
        times = f" ({len(links)} links)" if len(links) > 1 else ""
        code = "missing-link-target" if first.kind == "missing" else "dropped-link"
        problems.append(
            Problem(path, Severity.WARNING, code, f"the link {words}is shown as text only{times}: {first.reason}",
                    anchor=first.anchor, words=first.text)  # fmt: skip
        )
    if len(by_url) > MAX_LINK_WARNINGS:
        more = len(by_url) - MAX_LINK_WARNINGS
        problems.append(
            Problem(path, Severity.WARNING, "dropped-link", f"{more:,} more addresses are shown as text only")
        )
    return problems


def _relative_posix(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _make_resolver(pages: dict[str, str], files: dict[str, str], here: str, url: str | None,
                   source: str | None) -> LinkResolver:
    return LinkResolver(pages=pages, site=site_of(url, source), url=url, files=files, here=here)


def link_resolver(library: Library, article: Article, root: Path, files: dict[str, str] | None = None) -> LinkResolver:
    """How the links of a loaded article are resolved (the catalog re-reads texts with it).
    ``files``: ``library.file_ids`` of ``root``, when the caller has looked it up already."""
    if files is None:
        try:
            files = library.file_ids.get(str(root.resolve()), {})
        except (OSError, RuntimeError):
            files = {}
    here = _relative_posix(article.path, root)
    return _make_resolver(library.url_map, files, here, article.source_url, article.source)


def load_library(roots: Path | Sequence[Path], glossary: GlossaryLike | None = None) -> Library:
    """Load every article under one or more content folders (later folders may not reuse ids)."""
    root_list = [Path(roots)] if isinstance(roots, (str, Path)) else [Path(r) for r in roots]
    problems: list[Problem] = []
    raws: list[tuple[str, _Raw]] = []
    seen: dict[str, Path] = {}
    file_ids: dict[str, dict[str, str]] = {}
    for root in root_list:
        if not root.is_dir():
            problems.append(Problem(root, Severity.ERROR, "no-folder", "the content folder does not exist"))
            continue
        in_folder = file_ids.setdefault(str(root.resolve()), {})
        files = iter_content_files(root)
        ids = article_ids(files, root)
        namesakes: dict[str, list[Path]] = {}
        for path in files:
            namesakes.setdefault(path.stem, []).append(path)
        for path in files:
            raw = _read(path, root, problems)
            if raw is None:
                in_folder.setdefault(_relative_posix(path, root).lower(), "")  # there, but not shown
                continue
            article_id = ids[path]
            if article_id in seen:
                problems.append(
                    Problem(
                        path,
                        Severity.ERROR,
                        "duplicate-id",
                        f"id '{article_id}' is already used by {seen[article_id]} (in another content folder, "
                        "which comes first); this file is not shown",
                    )
                )
                continue
            if article_id != path.stem:
                others = ", ".join(_relative_text(p, root) for p in namesakes[path.stem] if p != path)
                problems.append(
                    Problem(
                        path,
                        Severity.INFO,
                        "same-name",
                        f"another file here has the same name ({others}): this article's id is '{article_id}'",
                    )
                )
            seen[article_id] = path
            in_folder.setdefault(_relative_posix(path, root).lower(), article_id)
            raws.append((article_id, raw))

    by_url: dict[str, str] = {}
    for article_id, raw in raws:
        for key in page_keys(_Fields(raw, None).text(*_URL_KEYS)):
            by_url.setdefault(key, article_id)

    articles = []
    for article_id, raw in raws:
        fields = _Fields(raw, None)
        resolver = _make_resolver(
            by_url, file_ids.get(str(raw.root.resolve()), {}), _relative_posix(raw.path, raw.root),
            fields.text(*_URL_KEYS), fields.text(*_SOURCE_KEYS),
        )  # fmt: skip
        article = _build(raw, article_id, resolver, glossary, problems)
        if article is not None:
            articles.append(article)
    return Library(
        root=root_list[0] if root_list else Path("."),
        articles=articles,
        problems=problems,
        roots=tuple(root_list),
        url_map=by_url,
        file_ids=file_ids,
    )


def _relative_text(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def problems_by_file(problems: Iterable[Problem]) -> dict[Path, list[Problem]]:
    grouped: dict[Path, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.file, []).append(problem)
    return grouped
