"""``review --mark-reviewed``: set an article's ``lastReviewed`` to a day, changing nothing else.

Staff keep their files in version control and compare them; so the file is edited as bytes, line
by line, never re-written from parsed YAML: the ``lastReviewed`` line (or ``last_reviewed``) gets
the new date in the same quotes, after the same key and spacing, before the same comment and line
ending. With no such line, one is added right after the title (after a title that continues on
indented lines), else at the end of the front matter; with no front matter, a front matter of that
one line is put before the text. Any other encoding that keeps ASCII as ASCII is kept as it is.
The new bytes are written to a temporary file beside the article and moved over it; if the front
matter does not then read as that date, the old bytes are put back. No Qt here.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .storage import write_bytes

BOM = b"\xef\xbb\xbf"
_KEY = re.compile(rb"^(?P<key>lastReviewed|last_reviewed)(?P<colon>[ \t]*:[ \t]*)(?P<value>[^\r\n]*?)(?P<eol>\r\n|\n|\r)?$")
_VALUE = re.compile(rb"^(?P<quoted>'[^']*'|\"[^\"]*\"|[^\s#'\"][^\s#]*)(?P<rest>(?:[ \t]+#[^\r\n]*)?[ \t]*)$")
_TITLE = re.compile(rb"^title[ \t]*:")


class MarkRefused(Exception):
    """The date cannot be set safely; the message names the file and why."""


@dataclass(frozen=True)
class Marked:
    file: Path
    day: date
    previous: str | None  # the value as it was written, without quotes (None: there was none)
    added: bool  # a new line (or front matter) was added


def _eol(line: bytes) -> bytes:
    for ending in (b"\r\n", b"\n", b"\r"):
        if line.endswith(ending):
            return ending
    return b"\n"


def _front_matter_end(lines: list[bytes]) -> int | None:
    """The index of the closing ``---``/``...`` line, when the first line opens a front matter."""
    if not lines or lines[0].rstrip() != b"---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in (b"---", b"..."):
            return i
    return -1


def marked_bytes(data: bytes, day: date, name: str = "the file") -> tuple[bytes, str | None]:
    """``data`` with ``lastReviewed`` set to ``day``; and the value it had (None when added)."""
    bom = BOM if data.startswith(BOM) else b""
    lines = data[len(bom):].splitlines(keepends=True)
    stamp = day.isoformat().encode()
    end = _front_matter_end(lines)
    if end is None:  # no front matter: one of this line
        eol = _eol(lines[0]) if lines else b"\n"
        return bom + b"---" + eol + b"lastReviewed: '" + stamp + b"'" + eol + b"---" + eol + b"".join(lines), None
    if end < 0:
        raise MarkRefused(f"{name}: the front matter has no closing '---' line; fix it first (mbc-reader check)")
    found = [i for i in range(1, end) if _KEY.match(lines[i])]
    if len(found) > 1:
        raise MarkRefused(f"{name}: 'lastReviewed' is there {len(found)} times (lines "
                          f"{', '.join(str(i + 1) for i in found)}); keep one, then mark it again")  # fmt: skip
    if found:
        i = found[0]
        m = _KEY.match(lines[i])
        value = _VALUE.match(m["value"])
        if value is None:
            raise MarkRefused(f"{name}: line {i + 1}: 'lastReviewed' is not a date on one line; edit it by hand")
        quoted = value["quoted"]
        quote = quoted[:1] if quoted[:1] in (b"'", b'"') else b""
        lines[i] = m["key"] + m["colon"] + quote + stamp + quote + value["rest"] + (m["eol"] or b"")
        return bom + b"".join(lines), quoted.strip(b"'\"").decode("utf-8", "replace")
    at = end  # before the closing line, unless there is a title
    for i in range(1, end):
        if _TITLE.match(lines[i]):
            at = i + 1
            while at < end and lines[at][:1] in (b" ", b"\t"):  # the title goes on, indented
                at += 1
            break
    eol = _eol(lines[at - 1]) if at > 0 else b"\n"
    if not lines[at - 1].endswith((b"\n", b"\r")):  # cannot happen before a closing line, but be sure
        lines[at - 1] += eol
    lines.insert(at, b"lastReviewed: '" + stamp + b"'" + eol)
    return bom + b"".join(lines), None


def _reads_as(data: bytes, day: date) -> bool:
    """Whether the front matter of ``data`` now says ``lastReviewed`` is ``day``."""
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    parts = re.split(r"^(?:---|\.\.\.)[ \t]*\r?$", text, maxsplit=2, flags=re.M)
    if len(parts) < 3:
        return False
    try:
        meta = yaml.safe_load(parts[1])
    except yaml.YAMLError:
        return False
    if not isinstance(meta, dict):
        return False
    value = meta.get("lastReviewed", meta.get("last_reviewed"))
    return str(value).strip() == day.isoformat()


def mark_reviewed(path: Path, day: date | None = None) -> Marked:
    """Set ``lastReviewed`` in ``path`` to ``day`` (today by default), keeping every other byte."""
    day = day or date.today()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MarkRefused(f"{path}: cannot be read ({exc.strerror or exc})") from None
    new, previous = marked_bytes(data, day, str(path))
    if new == data:
        return Marked(path, day, previous, False)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)  # the file keeps its permissions
        write_bytes(path, new, permissions=mode)
    except OSError as exc:
        raise MarkRefused(f"{path}: cannot be written ({exc.strerror or exc}); it is unchanged") from None
    if not _reads_as(new, day):
        write_bytes(path, data, permissions=mode)
        raise MarkRefused(f"{path}: after the change its front matter did not read as 'lastReviewed: "
                          f"{day.isoformat()}', so it was put back as it was; edit it by hand")  # fmt: skip
    return Marked(path, day, previous, previous is None)
