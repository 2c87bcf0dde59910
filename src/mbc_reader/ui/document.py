"""Helpers that read a laid-out QTextDocument: headings, links, pictures.

Kept apart from the widget because they are plain functions of a document (easy to test and to
reuse, e.g. by staff tools) and because QTextBrowser gives no direct answer to "where is this
heading" or "which words make up this link".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtGui import QColor, QImageReader, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextFragment

#: An ``<img>`` of a figure in the sanitised HTML (nh3 may put ``alt`` before ``src``).
FIGURE_IMG_RE = re.compile(r'<img\b[^>]*\bsrc="figure:(\d+)"[^>]*>')


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def image_size(path: Path | None) -> tuple[int, int] | None:
    """The size of a local picture if Qt can read it (header only, cheap), else None."""
    if path is None:
        return None
    reader = QImageReader(str(path))
    size = reader.size()
    if not reader.canRead() or size.width() <= 0 or size.height() <= 0:
        return None
    return size.width(), size.height()


def fragments(doc: QTextDocument) -> Iterator[tuple[object, QTextFragment]]:
    """Every (block, fragment) of the document, in order."""
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            yield block, it.fragment()
            it += 1
        block = block.next()


def anchor_positions(doc: QTextDocument) -> list[tuple[float, str]]:
    """(y, anchor) of every named place (heading ids), top to bottom, in document pixels."""
    layout = doc.documentLayout()
    found: list[tuple[float, str]] = []
    for block, fragment in fragments(doc):
        names = fragment.charFormat().anchorNames()
        if names:
            y = layout.blockBoundingRect(block).top()
            found += [(y, name) for name in names if name != "top"]
    found.sort(key=lambda item: item[0])
    return found


def anchor_position(doc: QTextDocument, anchor: str) -> int:
    """The text position where the named place (a heading id) starts (-1 if none)."""
    for block, fragment in fragments(doc):
        if anchor in fragment.charFormat().anchorNames():
            return block.position()
    return -1


def find_link(doc: QTextDocument, href: str) -> int:
    """The position of the first link to ``href`` (-1 if none)."""
    return next((f.position() for _b, f in fragments(doc) if f.charFormat().anchorHref() == href), -1)


def link_span(doc: QTextDocument, position: int, href: str) -> tuple[int, int, str]:
    """Start, end and words of the link to ``href`` at (or nearest in the block to) ``position``.

    One link may be several fragments (a bold word inside it), so touching ones are joined.
    """
    block = doc.findBlock(position)
    spans: list[tuple[int, int, str]] = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        if fragment.charFormat().anchorHref() == href:
            start, end = fragment.position(), fragment.position() + fragment.length()
            if spans and spans[-1][1] == start:
                spans[-1] = (spans[-1][0], end, spans[-1][2] + fragment.text())
            else:
                spans.append((start, end, fragment.text()))
        it += 1
    for start, end, text in spans:
        if start <= position <= end:
            return start, end, text
    return spans[0] if spans else (position, position, "")


def underline_links(doc: QTextDocument, prefix: str, colour: str) -> None:
    """A dotted underline for links starting with ``prefix`` (Qt's CSS cannot say "dotted")."""
    extra = QTextCharFormat()
    extra.setFontUnderline(True)
    extra.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    extra.setUnderlineColor(QColor(colour))
    spans = [
        (f.position(), f.position() + f.length())
        for _b, f in fragments(doc)
        if f.charFormat().isAnchor() and f.charFormat().anchorHref().startswith(prefix)
    ]
    cursor = QTextCursor(doc)
    for start, end in spans:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(extra)


def single_spaced_pictures(doc: QTextDocument) -> None:
    """Lines holding a picture get plain line height: the text's 155 % would add half the
    picture's height as empty space under it."""
    blocks = {block.position() for block, fragment in fragments(doc) if fragment.charFormat().isImageFormat()}
    cursor = QTextCursor(doc)
    for position in sorted(blocks):
        cursor.setPosition(position)
        fmt = cursor.blockFormat()
        fmt.setLineHeight(100.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.setBlockFormat(fmt)
