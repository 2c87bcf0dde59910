"""What "Listen" reads: the article's words as the patient sees them, sentence by sentence.

Read from the sanitised HTML the view shows (``pages.render_page``), not from the Markdown: that is
the one place where the app's own words (picture cards' "Enlarge picture", credits, the review
date, part links) are marked by class and can be left out, and where dictionary links are already
plain words. Each sentence keeps its span in the page's plain text so the window can mark the
sentence being read; :meth:`SpeechText.rebased` moves the spans onto the text the view itself
holds (``QTextDocument.toPlainText()``), which lays out tables and blank lines its own way but has
the same visible characters in the same order.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, replace
from enum import Enum
from html.parser import HTMLParser
from typing import NamedTuple

from .labels import label, label_language

OBJECT = "\ufffc"  # what a picture is in QTextDocument's plain text

#: Blocks of the app's own words, never read: the review date and source, picture credits, the
#: "Enlarge picture" / "Show picture description larger" links, part links.
SKIPPED_CLASSES = frozenset({"meta", "credit", "enlarge", "parts"})
_BLOCKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "td", "th", "caption", "pre",
                     "blockquote", "div", "tr", "table", "ul", "ol", "dl"})
_VOID = frozenset({"br", "img", "hr", "wbr"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_ADDRESS = re.compile(r"\b(?:https?://|mailto:|tel:|www\.)[^\s<>\"“”]+", re.I)


class Kind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a list item or a table cell
    PICTURE = "picture"  # a picture's description (its alt text)
    CAPTION = "caption"  # the words under a picture


@dataclass(frozen=True)
class Sentence:
    start: int  # the span in SpeechText.plain that the sentence covers (for the highlight)
    end: int
    text: str  # what is spoken (a picture is its description; an address its site's name)
    kind: Kind


@dataclass(frozen=True)
class SpeechText:
    plain: str  # the page's visible text, blocks on their own lines
    sentences: tuple[Sentence, ...]
    language: str  # "en" or "es": the voice to read it with

    def index_at(self, position: int) -> int:
        """The first sentence that ends after ``position`` (len(sentences) when none does)."""
        ends = [s.end for s in self.sentences]
        return bisect.bisect_right(ends, position)

    def starting_from(self, position: int) -> int:
        """The first sentence that starts at or after ``position`` (where reading from the top of
        the view begins: a sentence cut off above it would start out of sight)."""
        return next((i for i, s in enumerate(self.sentences) if s.start >= position), len(self.sentences))

    def within(self, start: int, end: int) -> tuple[Sentence, ...]:
        """The sentences a selection touches, the first and last cut to the selected words (a
        patient who selects one word to hear it hears that word)."""
        out = []
        for sentence in self.sentences:
            if sentence.end <= start or sentence.start >= end:
                continue
            if start <= sentence.start and sentence.end <= end:
                out.append(sentence)
                continue
            a, b = max(start, sentence.start), min(end, sentence.end)
            words = " ".join(self.plain[a:b].replace(OBJECT, " ").split())
            if sentence.kind is Kind.PICTURE or not words:
                words = sentence.text if sentence.kind is Kind.PICTURE else ""
            if _has_words(words):
                out.append(Sentence(a, b, _speakable_addresses(words), sentence.kind))
        return tuple(out)

    def rebased(self, plain: str) -> SpeechText:
        """The same sentences with their spans in ``plain``, another layout of the same page (the
        view's own plain text): matched by visible characters, whitespace aside."""
        if plain == self.plain:
            return self
        mapping = _visible_mapping(self.plain, plain)
        sentences = []
        for sentence in self.sentences:
            start, end = mapping(sentence.start, sentence.end)
            sentences.append(replace(sentence, start=start, end=end))
        return SpeechText(plain, tuple(sentences), self.language)


def voice_language(article_language: str) -> str:
    """The language an article is read in: its own, when we can read it ("en" otherwise)."""
    return label_language(article_language)


# --- from the HTML to blocks of text ---------------------------------------------------------


class _Open(NamedTuple):
    tag: str
    skipped: bool  # the app's own words (SKIPPED_CLASSES), or inside them
    kind: Kind | None  # what a block tag holds
    picture: bool  # a link to a picture (its words describe the picture)


@dataclass
class _Block:
    kind: Kind
    spoken: list[str]  # what is read, piece by piece
    origin: list[int]  # for each spoken character, where it is in the plain text


class _Reader(HTMLParser):
    """The plain text of a page and, beside it, what is read of each block."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.plain: list[str] = []
        self.size = 0
        self.blocks: list[_Block] = []
        self._stack: list[_Open] = []
        self._block: _Block | None = None
        self._space = True  # the plain text ends in a space or a line (HTML collapses spaces)
        self._picture_links = 0  # inside <a href="figure:N"> outside an "enlarge" line
        self._label_at: int | None = None  # where a card's own "Picture:" label is (it is marked with it)

    # -- plain text ---------------------------------------------------------------------------------
    def _write(self, text: str) -> int:
        at = self.size
        self.plain.append(text)
        self.size += len(text)
        return at

    def _new_line(self) -> None:
        if self.size and not self.plain[-1].endswith("\n"):
            self._write("\n")
        self._space = True
        self._block = None

    def _skipped(self) -> bool:
        return bool(self._stack) and self._stack[-1].skipped

    def _kind(self) -> Kind:
        if self._picture_links:
            return Kind.PICTURE
        return next((o.kind for o in reversed(self._stack) if o.kind is not None), Kind.PARAGRAPH)

    def _open_block(self, at: int) -> None:
        """The block that words written at ``at`` belong to (a new one when the kind changes)."""
        kind = self._kind()
        if self._block is None or self._block.kind is not kind:
            self._block = _Block(kind, [], [])
            self.blocks.append(self._block)
            if kind is Kind.PICTURE:  # said in the voice's language, whatever the card shows
                self._say(label(self.language, "picture"), at if self._label_at is None else self._label_at)
        self._label_at = None

    def _say(self, text: str, start: int, end: int | None = None) -> None:
        """``text`` is read for the plain text from ``start`` (to ``end``: a replacement)."""
        block = self._block
        assert block is not None
        block.spoken.append(text)
        if end is None or not text:
            block.origin += range(start, start + len(text))
        else:
            block.origin += [start] * (len(text) - 1) + [end - 1]

    # -- the parser's events ------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _VOID:
            self._void(tag, values)
            return
        classes = set((values.get("class") or "").split())
        skipped = self._skipped() or bool(classes & SKIPPED_CLASSES) or "label" in classes
        if "label" in classes and not self._skipped():
            self._label_at = self.size
        kind = None
        if tag in _BLOCKS:
            self._new_line()
            kind = _block_kind(tag, classes)
        picture = tag == "a" and (values.get("href") or "").startswith("figure:") and not skipped
        self._picture_links += picture
        self._stack.append(_Open(tag, skipped, kind, picture))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(o.tag == tag for o in self._stack):
            return  # a stray end tag
        while self._stack:
            closed = self._stack.pop()
            if closed.picture:
                self._picture_links -= 1
                self._block = None  # the words after a picture are a block of their own
            if closed.tag in _BLOCKS:
                self._new_line()
            if closed.tag == tag:
                break

    def _void(self, tag: str, values: dict[str, str | None]) -> None:
        if tag == "br":
            self._write("\n")
            self._space = True
            if self._block is not None:
                self._say(" ", self.size - 1)
        elif tag == "img":
            at = self._write(OBJECT)
            self._space = False
            alt = " ".join((values.get("alt") or "").split())
            if alt and not self._skipped():
                self._block = _Block(Kind.PICTURE, [], [])
                self.blocks.append(self._block)
                self._say(label(self.language, "picture") + alt, at, at + 1)
                self._block = None
        elif tag == "hr":
            self._new_line()

    def handle_data(self, data: str) -> None:
        text = _HTML_SPACE.sub(" ", data)
        if self._space:
            text = text.lstrip(" ")
        if not text:
            return
        at = self._write(text)
        self._space = text.endswith(" ")
        if self._skipped():
            return
        self._open_block(at)
        position = 0
        for match in _ADDRESS.finditer(text):
            self._say(text[position:match.start()], at + position)
            self._say(_site(match.group(0)), at + match.start(), at + match.end())
            position = match.end()
        self._say(text[position:], at + position)


def _block_kind(tag: str, classes: set[str]) -> Kind | None:
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return Kind.HEADING
    if "caption" in classes or tag == "caption":
        return Kind.CAPTION
    if "figure-alt" in classes:
        return Kind.PICTURE
    if tag in ("li", "td", "th", "dt", "dd"):
        return Kind.ITEM
    if tag in ("p", "pre", "blockquote", "div"):
        return Kind.PARAGRAPH
    return None


def _site(address: str) -> str:
    """How an address is read: the site's name ("cancer.gov"), never its path."""
    address = address.rstrip(".,;:!?)»”’'\"")
    if address.lower().startswith(("mailto:", "tel:")):
        return address.split(":", 1)[1]
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", address, flags=re.I).split("/")[0].split("?")[0]
    return host or address


def _speakable_addresses(text: str) -> str:
    return _ADDRESS.sub(lambda m: _site(m.group(0)), text)


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# --- sentences -------------------------------------------------------------------------------

#: Words that end in a full stop without ending a sentence (lower case, without the stop).
ABBREVIATIONS = {
    "en": frozenset("""mr mrs ms dr drs prof sr jr st vs e.g i.e approx fig figs vol inc ltd dept est
                       mt ft u.s u.k a.m p.m ph.d m.d no nos jan feb mar apr jun jul aug sep sept oct nov dec
                       ca cf al""".split()),
    "es": frozenset("""sr sra sres srta dr dra drs dras ud uds vd vds prof profa lic ing p.ej ej pág págs
                       núm nro aprox fig etc ee uu máx mín cap dto av avda tel vol admón gral""".split()),
}
#: A possible end: full stop, question or exclamation mark or an ellipsis, any closing quotes or
#: brackets, then a space before something that can start a sentence.
_END = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(\s+)(?=[\"“‘'«(¿¡\[]*[A-ZÁÉÍÓÚÑÜ0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str, language: str = "en") -> list[tuple[int, int]]:
    """Spans of the sentences in ``text`` (one block: a paragraph, an item, a heading).

    A stop after an abbreviation ("Dr.", "e.g.", "Sra."), an initial ("J. Smith") or inside a
    number ("1.5") ends nothing.
    """
    known = ABBREVIATIONS.get(language, frozenset()) | ABBREVIATIONS["en"]
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if match.group(1) == ".":
            word = _WORD_BEFORE.search(text, 0, match.start())
            token = word.group(1).lower().strip(".") if word else ""
            if _abbreviation(token, known, text, match.end()):
                continue
        end = match.end(2)
        if _has_words(text[start:end]):
            spans.append((start, end))
        start = match.end()
    if _has_words(text[start:]):
        spans.append((start, len(text.rstrip())))
    return spans


def _abbreviation(token: str, known: frozenset[str], text: str, after: int) -> bool:
    if not token:
        return False
    if token in ("no", "nos", "núm", "nro"):
        return after < len(text) and text[after].isdigit()  # "No. 5"; "The answer is no. Then…" ends
    if token in known or token.replace(".", "") in known:
        return True
    if len(token) == 1 and token.isalpha():
        return True  # an initial
    return bool(re.fullmatch(r"(?:\w\.)+\w", token))  # U.S, e.g, p.ej: dotted initials


# --- the whole page --------------------------------------------------------------------------


def speech_from_html(html: str, language: str = "en") -> SpeechText:
    """What is read of a rendered page (``pages.render_page``, ``render.render_article``), in
    ``language`` ("en"/"es": the article's, :func:`voice_language`)."""
    language = voice_language(language)
    reader = _Reader(language)
    reader.feed(html)
    reader.close()
    sentences: list[Sentence] = []
    for block in reader.blocks:
        spoken = "".join(block.spoken)
        if not _has_words(spoken):
            continue
        spans = [(0, len(spoken))] if block.kind in (Kind.HEADING, Kind.PICTURE) else split_sentences(spoken, language)
        for a, b in spans:
            lead = len(spoken[a:b]) - len(spoken[a:b].lstrip())
            a += lead
            text = " ".join(spoken[a:b].replace("\xa0", " ").split())
            if not _has_words(text) or b <= a:
                continue
            sentences.append(Sentence(block.origin[a], block.origin[b - 1] + 1, text, block.kind))
    return SpeechText("".join(reader.plain), tuple(sentences), language)


def article_speech(article, interface_language: str | None = None) -> SpeechText:
    """The whole article (every part, as one page) for reading out in one go (``mbc-reader speak``)."""
    from .render import render_article

    return speech_from_html(render_article(article, interface_language=interface_language), article.language)


# --- spans on another layout of the same text ----------------------------------------------


def _visible(text: str) -> tuple[str, list[int]]:
    positions = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in positions), positions


def _visible_mapping(old: str, new: str):
    """A function (start, end) in ``old`` -> (start, end) in ``new``, by visible characters."""
    old_chars, old_at = _visible(old)
    new_chars, new_at = _visible(new)
    pairs: list[tuple[int, int]] | None = None
    new_at_by_old: dict[int, int] = {}
    if old_chars != new_chars:  # the view dropped or added something: match what is common, in order
        matcher = difflib.SequenceMatcher(None, old_chars, new_chars, autojunk=False)
        pairs = [(a + k, b + k) for a, b, size in matcher.get_matching_blocks() for k in range(size)]
        new_at_by_old = dict(pairs)

    def visible_index(position: int, forward: bool) -> int:
        """The visible character at or after (before, when not ``forward``) ``position`` in old."""
        k = bisect.bisect_left(old_at, position) if forward else bisect.bisect_right(old_at, position) - 1
        return max(0, min(k, len(old_at) - 1))

    def to_new(k: int) -> int | None:
        if pairs is None:
            return new_at[k] if k < len(new_at) else None
        b = new_at_by_old.get(k)
        return new_at[b] if b is not None else None

    def mapping(start: int, end: int) -> tuple[int, int]:
        if not old_at or not new_at:
            return 0, 0
        first, last = visible_index(start, True), visible_index(end - 1, False)
        a = next((p for k in range(first, last + 1) if (p := to_new(k)) is not None), None)
        b = next((p for k in range(last, first - 1, -1) if (p := to_new(k)) is not None), None)
        if a is None or b is None:
            return 0, 0  # nothing of it is on the page: an empty mark
        return a, b + 1

    return mapping
