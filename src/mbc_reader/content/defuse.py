"""Hostile or broken text costs bounded work: no input may hang or crash the Markdown renderer.

Python-Markdown is fine on real pages but recurses once per nesting level and is quadratic in
several ways (marks per paragraph, brackets left open, depth of lists); nh3 is quadratic in the
depth of raw HTML, and Python's html.parser (which Python-Markdown reads raw HTML with) in the
number of tags left open. These rules run in ``repair.repair`` (``bound_text`` first, then
``defuse_raw_html`` once code is set aside) and never change a real NCI page: each limit is far
above what the 1,433-page corpus holds (see the numbers beside them).
"""

from __future__ import annotations

import html
import re

MAX_RUN = 10_000  # characters in one paragraph (real pages: lines up to 5,828)
MAX_NESTING = 16  # quote and list markers one line may open (real pages: 1)
MAX_INDENT = 64  # columns of indentation kept (real pages: 2)
MAX_OPEN_BRACKETS = 64  # "[" or "(" nested or left open in one paragraph (real pages: a few)
MAX_RAW_TAGS = 2000  # raw HTML tags in one article (real pages: none)
_CONTAINERS_RE = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+")
_MARKER_RE = re.compile(r">|[-*+]|\d{1,9}[.)]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
_RAW_TAG_RE = re.compile(r"<(?=[A-Za-z/!?])")
# what html.parser takes for the start of markup, and the ">" that may close it
_MARKUP_TOKEN_RE = re.compile(r"<!--|<!\[|<\?|</?[A-Za-z]|<!|>")
_RAW_TEXT_OPEN_RE = re.compile(
    r"<(script|style|iframe|textarea|title|xmp|noscript|noembed|noframes|plaintext|template|math|svg)\b", re.I
)
_NOT_BRACKET = {"[": re.compile(r"[^\[\]]+"), "(": re.compile(r"[^()]+")}


def cut_huge_paragraphs(text: str) -> str:
    """A paragraph over ``MAX_RUN`` characters is cut into several.

    Python-Markdown's inline pass is quadratic in the marks per paragraph: a 5 MB line of
    ``*a* `` would take hours, in 10,000-character paragraphs it takes seconds.
    """
    if len(text) <= MAX_RUN:
        return text
    out: list[str] = []
    run = 0
    for line in text.split("\n"):
        if len(line) > MAX_RUN:
            start = 0
            while len(line) - start > MAX_RUN:
                cut = line.rfind(" ", start + 1, start + MAX_RUN)
                cut = cut if cut > start else start + MAX_RUN
                out += [line[start:cut], ""]
                start = cut
            line = line[start:]
            run = 0
        elif not line.strip():
            run = 0
        elif line[:1] in " \t|" or _CONTAINERS_RE.match(line):
            run = 0  # list items and table rows are laid out one by one
        elif run + len(line) > MAX_RUN:
            out.append("")
            run = 0
        run += len(line)
        out.append(line)
    return "\n".join(out)


def limit_nesting(text: str) -> str:
    """No line nests deeper than ``MAX_NESTING`` quote/list levels or ``MAX_INDENT`` columns.

    Python-Markdown recurses once per level (``1. 1. 1. …`` on one line overflows the stack) and
    slows with the square of the depth (2,000 ever more indented items take a minute).
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if len(line) - len(line.lstrip(" \t>-*+.)0123456789")) <= MAX_INDENT:
            continue  # the usual line: a short prefix cannot nest deeply
        m = _CONTAINERS_RE.match(line)
        head = line[: m.end()] if m else line[: len(line) - len(line.lstrip(" \t"))]
        indent = " " * min(MAX_INDENT, len(head.expandtabs(4)) - len(head.expandtabs(4).lstrip()))
        markers = _MARKER_RE.findall(head)[:MAX_NESTING] if m else []
        lines[i] = indent + "".join(f"{mark} " for mark in markers) + line[len(head) :].lstrip(" \t")
    return "\n".join(lines)


def _max_depth(text: str, opening: str) -> int:
    depth = deepest = 0
    for ch in "".join(_NOT_BRACKET[opening].split(text)):
        if ch == opening:
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest


def is_bracket_flood(block: str) -> bool:
    """Brackets piled up or left open, deeper than any real paragraph goes."""
    if block.count("[") + block.count("(") <= MAX_OPEN_BRACKETS:
        return False
    return _max_depth(block, "[") > MAX_OPEN_BRACKETS or _max_depth(block, "(") > MAX_OPEN_BRACKETS


def as_plain_paragraph(block: str) -> str:
    """The block as one raw, escaped ``<p>``, which Markdown passes through untouched."""
    text = html.escape(" ".join(block.split()), quote=False).replace("](", "]\u200b(").replace("![", "!\u200b[")
    return "<p>" + text + "</p>"  # no "](" or "![" left: the link patterns in repair.py pass it by


def defuse_bracket_floods(block: str) -> str:
    """A paragraph with brackets piled up or left open is shown as plain text, not parsed.

    Each ``[`` or ``](`` makes Python-Markdown (and the link patterns here) look ahead for its
    closing bracket: thousands left open take minutes (quadratic). Real paragraphs stay shallow.
    """
    return as_plain_paragraph(block) if is_bracket_flood(block) else block


def defuse_tag_floods(text: str) -> str:
    """Thousands of raw HTML tags are shown as text: the sanitiser slows with the square of their depth.

    Real articles hold no raw HTML at all; a few tags are still sanitised as usual.
    """
    if text.count("<") <= MAX_RAW_TAGS or len(_RAW_TAG_RE.findall(text)) <= MAX_RAW_TAGS:
        return text
    return _RAW_TAG_RE.sub("&lt;", text)


def escape_unclosed_raw_text(text: str) -> str:
    """An opening ``<script>``, ``<style>``, ``<iframe>``, ``<svg>``… or ``<!--`` never closed is shown as text.

    HTML reads everything after such a tag as its content, and the sanitiser drops it with that
    content: one stray ``<iframe>`` in a heading would blank the rest of the article.
    """
    if "<" not in text:
        return text
    lower = text.lower()
    for m in {m.group(1).lower() for m in _RAW_TEXT_OPEN_RE.finditer(text)}:
        opened = len(re.findall(rf"<{m}\b", lower))
        if m == "plaintext" or lower.count(f"</{m}") < opened:
            text = re.sub(rf"<(?={m}\b)", "&lt;", text, flags=re.I)
    if text.count("<!--") > text.count("-->"):
        text = text.replace("<!--", "&lt;!--")
    return text


def escape_unclosed_markup(text: str) -> str:
    """A ``<`` that opens a tag, ``<![CDATA[`` or ``<?`` that nothing closes is shown as text (``&lt;``).

    Python's html.parser looks ahead to the end of the text for the close of each one left open
    (CPython 3.11.7; fixed in later releases, CVE-2025-6069): 2,000 ``<a `` took a second, 2,000
    ``<![CDATA[`` forty. One pass here instead: a tag is closed when a ``>`` comes before the next
    tag opens; ``<![`` and ``<?`` when a ``]]>`` or ``?>`` comes anywhere after them. A ``<`` that
    opens no markup (``a < b``, ``<3``) is not markup for html.parser either; comments are left to
    :func:`escape_unclosed_raw_text`, which counts their closes, and to Python-Markdown, which
    searches for each close once.
    """
    if "<" not in text:
        return text
    cdata_end, pi_end = text.rfind("]]>"), text.rfind("?>")
    unclosed: list[int] = []
    tag = -1  # where the tag waiting for its ">" opened
    for m in _MARKUP_TOKEN_RE.finditer(text):
        token, at = m.group(), m.start()
        if token == ">":
            tag = -1
            continue
        if tag >= 0:
            unclosed.append(tag)  # another tag opens first
            tag = -1
        if token == "<![":
            if at > cdata_end:
                unclosed.append(at)
        elif token == "<?":
            if at > pi_end:
                unclosed.append(at)
        elif token != "<!--":
            tag = at
    if tag >= 0:
        unclosed.append(tag)
    if not unclosed:
        return text
    out, done = [], 0
    for at in unclosed:
        out += [text[done:at], "&lt;"]
        done = at + 1
    return "".join(out) + text[done:]


def drop_control_characters(text: str) -> str:
    """Control characters are not text; STX and ETX are Python-Markdown's own placeholder marks."""
    return _CONTROL_RE.sub("", text) if _CONTROL_RE.search(text) else text


def bound_text(text: str) -> str:
    """The first whole-text rules, in order: controls out, cut paragraphs, limit nesting."""
    return limit_nesting(cut_huge_paragraphs(drop_control_characters(text)))


def defuse_raw_html(text: str) -> str:
    """The rules on raw HTML, in order: tag floods, unclosed raw-text elements, unclosed markup.

    ``repair`` applies them once code is set aside: in code, Markdown shows ``<`` as it is.
    """
    return escape_unclosed_markup(escape_unclosed_raw_text(defuse_tag_floods(text)))
