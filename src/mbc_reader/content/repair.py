"""Fixes for the defects of scraped cancer.gov pages, as pure functions on Markdown text.

The pages were converted from HTML by a scraper that lost structure: headings whose text fell into
the next paragraph, the page title written twice, image "cards" whose link spans several
paragraphs, figure credits and "Enlarge Image" links as loose lines, site-relative links that
point nowhere offline, and no space after a link. Each rule is one named function, tested on its own.

Figures are lifted out of the text into ``Figure`` records and leave a ``{{figure:N}}`` line behind,
which ``render.py`` turns into a figure card. Headings get explicit ``{#anchor}`` ids, so the
section tree here and the rendered HTML always agree.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlsplit

from . import dictionary_links
from .defuse import as_plain_paragraph, bound_text, defuse_raw_html, is_bracket_flood
from .links import LinkResolver, Resolved
from .models import Figure, GlossaryRef, Link, Section

CANCER_GOV = "https://www.cancer.gov"

# Glossary links (the English and Spanish dictionary pages by id or name, the old PDQ pop-up by
# id or CDR id, …) are recognised by dictionary_links.parse.

FIGURE_MARK = "{{figure:%d}}"
FIGURE_MARK_RE = re.compile(r"^\{\{figure:(\d+)\}\}$")


def _target(url: str) -> str:
    r"""A link target, ``(url)``, ``(<url>)`` or ``(url "title")``, its address in group ``url``.

    Every pattern here must run in linear time on any text, so no run of characters may be split
    between two quantifiers in more than one way. The plain form, ``\(\s*<?url>?(?:\s+"…")?\s*\)``,
    could split a run of spaces between its three ``\s``: cubic on ``[a](`` + 2,000 spaces. The
    possessive quantifiers (``*+``, Python 3.11+) never give back what they took; the second branch
    is the one match the plain form found only by giving back spaces: an empty address before a
    title, ``( "a title")`` (its ``url`` group is then None).
    """
    return rf"\((?:\s*+<?(?P<{url}>[^)\s>]*+)>?(?:\s++\"[^\"]*+\")?\s*+\)|\s++\"[^\"]*+\"\s*+\))"


# An image's alt text holds no bracket: "[" inside it made one "![" scan to the next "]", across
# paragraphs, and every later "![" again (quadratic); Markdown itself wants them balanced there.
_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\[\]]*+)\]" + _target("url"))
_CARD_RE = re.compile(r"\[!\[(?P<alt>[^\[\]]*+)\]" + _target("src") + r"(?P<body>[^\[\]]*+)\]" + _target("link"))
_LINK_RE = re.compile(r"(?<!!)\[(?P<text>(?:[^\[\]]++|\[[^\[\]]*+\])*+)\]" + _target("url"))
_CREDIT_RE = re.compile(r"\s*+(?:\*\*|_)?(?:Credit|Crédito|Source)\s*+:\s*+(?P<credit>.+)", re.I)
_ENLARGE_RE = re.compile(r"^\s*+\[(?:Enlarge Image|Enlarge|Ampliar)\]" + _target("url") + r"\s*+$", re.I)
_INLINE_MARKUP = re.compile(r"[\[\]*_`]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*+\n\s*+")  # the spaces before it are stripped from the part
_BLANK_LINE_RE = re.compile(r"\n[ \t]*+\n")
# "](url)" then a letter: the address may hold "]" but no "](", so each "](" is scanned from once
_LINK_THEN_WORD_RE = re.compile(r"\]\((?:[^)\s\]]++|\](?!\())*+\)(?=[A-Za-z0-9(])")


class _Heading(NamedTuple):
    hashes: str
    text: str


def _heading(line: str) -> _Heading | None:
    r"""An ATX heading line -> its hashes and text (``## Title ##`` -> ``##``, ``Title``), or None.

    What ``^(#{1,6})[ \t]*(.*?)[ \t]*#*[ \t]*$`` matched, with string methods: that pattern tried
    every split of a run of spaces between its quantifiers (``## Contents`` + 2,000 spaces + ``1``
    took 60 s). A heading is one line; ``#`` with no space after it counts, as in Python-Markdown.
    """
    if not line.startswith("#"):
        return None
    if line.endswith("\n"):  # "$" also matched before a last newline
        line = line[:-1]
    if "\n" in line:
        return None
    level = min(6, len(line) - len(line.lstrip("#")))
    return _Heading(line[:level], line[level:].strip(" \t").rstrip("#").rstrip(" \t"))


def _credit(line: str) -> str | None:
    """``Credit: © Terese Winslow`` (or ``**Source:** …``, ``_Crédito: …_``) -> the credit, or None.

    The credit is the rest of the line less a closing ``**`` or ``_`` (the line is stripped).
    """
    m = _CREDIT_RE.fullmatch(line)
    if not m:
        return None
    credit = m.group("credit").rstrip()
    if credit.endswith("**") and len(credit) > 2:
        return credit[:-2]
    if credit.endswith("_") and len(credit) > 1:
        return credit[:-1]
    return credit


def _strip_attr_lists(text: str) -> str:
    r"""``Title {#id .class}`` -> ``Title``: attribute lists closing a heading go (ours are added later).

    ``re.sub(r"(?:\s*\{[^{}]*\})+\s*$", "", text)`` with string methods: that search restarted at
    every space of a long run and every ``{`` of ``{x}{x}{x}…`` (quadratic).
    """
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    cut = None
    while end and text[end - 1] == "}":
        start = max(text.rfind("{", 0, end - 1), text.rfind("}", 0, end - 1))
        if start < 0 or text[start] != "{":
            break
        end = start
        while end and text[end - 1].isspace():
            end -= 1
        cut = end
    return text if cut is None else text[:cut]


@dataclass
class RepairResult:
    title: str
    markdown: str
    sections: tuple[Section, ...]
    figures: list[Figure] = field(default_factory=list)
    glossary_refs: list[GlossaryRef] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    dropped: list[DroppedLink] = field(default_factory=list)  # links shown as their text only


class DroppedLink(NamedTuple):
    text: str  # the link's words
    url: str  # its address, as written
    reason: str  # why it cannot be followed (links.Resolved.reason)
    kind: str = "dropped"  # "missing": a file of the content folder that is not there
    anchor: str = ""  # the section it is in ("" before the first heading, or not known)


# site path -> article id (an NCI page's links, as they always were), or a LinkResolver
ArticleResolver = Callable[[str], str | None] | LinkResolver


# --- code and escapes: what no rule may touch ------------------------------------------------
#
# Markdown shows code as it is written, and "\[" as a bracket. So before the rules run, the
# characters they look for are moved, inside code and after a backslash, to a private plane
# ("[" -> U+F005B), and moved back at the end: "`[a](/b)`" is not rewritten, "\[x](/foo)" does
# not become a link, "# comment" in a code block is no heading and "<MM/DD>" in code stays as is.
_SHIFT = 0xF0000
_SPECIAL = "!#()<>[]{}"
_HIDE = {ord(c): _SHIFT + ord(c) for c in _SPECIAL}
_HIDE_LINES = {**_HIDE, ord("\n"): _SHIFT + ord("\n")}  # a fenced block: one line, so one block
_SHOW = {hidden: plain for plain, hidden in _HIDE_LINES.items()}
_HIDDEN_RE = re.compile("[\U000f0000-\U000f007f]")
_ESCAPABLE = frozenset("!#()>[]{}")  # of those, the ones a backslash escapes in Markdown (not "<")
_ESCAPE_RE = re.compile(r"\\(.)", re.S)
_BACKTICKS_RE = re.compile(r"`+")
_FENCE_RE = re.compile(r"(`{3,}|~{3,})[ ]*+(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=([\"'])[^\n]*\2[ ]*+)?)")
_LIST_START_RE = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ \t]|[ ]{0,3}\[\^[^\]\n]*\]:|[ ]{0,3}:[ \t]")
_LEADING_BLANK_LINES_RE = re.compile(r"\A(?:[ \t]*+\n)+")


def _show(text: str) -> str:
    """Hidden code and escapes back as they were written."""
    return text.translate(_SHOW) if _HIDDEN_RE.search(text) else text


def _hide_fenced_code(text: str) -> str:
    """Fenced code blocks hidden, each as one line (Python-Markdown's fences: at the start of a line,
    closed by a line of the same fence; one never closed is no fence)."""
    if "```" not in text and "~~~" not in text:
        return text
    lines = text.split("\n")
    closers: dict[str, list[int]] = {}  # fence -> the lines that are that fence alone (in order)
    for i, line in enumerate(lines):
        if line.startswith(("```", "~~~")):
            bare = line.rstrip(" ")
            if bare.count(bare[0]) == len(bare):
                closers.setdefault(bare, []).append(i)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        opening = _FENCE_RE.fullmatch(line) if line.startswith(("```", "~~~")) else None
        ends = closers.get(opening.group(1), []) if opening else []
        after = bisect.bisect_right(ends, i)  # the first closing line below: linear, however many fences
        if after < len(ends):
            out.append("\n".join(lines[i : ends[after] + 1]).translate(_HIDE_LINES))
            i = ends[after] + 1
        else:
            # A fence nothing closes is text, but Python-Markdown searches the rest of the text for
            # its close, once per such fence (quadratic): one space in front and it is no fence.
            out.append(" " + line if line.startswith(("```", "~~~")) else line)
            i += 1
    return "\n".join(out)


def _indent(block: str) -> int:
    head = block[: len(block) - len(block.lstrip(" \t"))]
    return len(head.expandtabs(4))


def _is_code_block(block: str) -> bool:
    """An indented block or a (hidden) fenced one: never a heading's text or a figure's caption."""
    block = _LEADING_BLANK_LINES_RE.sub("", block, count=1)
    return _indent(block) >= 4 or block.startswith(("```", "~~~"))


def _hide_indented_code(blocks: list[str]) -> list[str]:
    """Indented code blocks hidden, each run of them written as one fenced block.

    As in Python-Markdown: an indented block right after a list item (or a footnote or a
    definition) continues that item and is not code; code ends at its first line that is not
    indented, the rest being a paragraph of its own; code blocks with blank lines between are one.
    Fenced, the same ``<pre><code>`` is rendered, but Python-Markdown's raw HTML reader no longer
    sees it: it slows with the square of the tags left open, and in code ``<a`` is only text.
    """
    out: list[str] = []
    code: list[str] = []  # the run's blocks, each after the blank lines that came before it

    def end_code() -> None:
        if code:
            text = "".join(code).lstrip("\n")
            fence = "`" * max(3, 1 + max((len(m.group()) for m in _BACKTICKS_RE.finditer(text)), default=0))
            out.append(f"{fence}\n{text}\n{fence}".translate(_HIDE_LINES))
            code.clear()

    continues_item = False
    for block in blocks:
        bare = _LEADING_BLANK_LINES_RE.sub("", block, count=1)
        if _indent(bare) < 4:
            end_code()
            continues_item = bool(_LIST_START_RE.match(bare))
        if _indent(bare) < 4 or continues_item:
            out.append(block)
            continue
        lines = bare.split("\n")
        kept: list[str] = []
        for line in lines:
            wide = line.expandtabs(4)
            if wide.startswith("    "):
                kept.append(wide[4:])
            elif not wide.strip():
                kept.append("")
            else:
                break
        code.append("\n" * (2 + block[: len(block) - len(bare)].count("\n")) + "\n".join(kept).rstrip())
        rest = "\n".join(lines[len(kept) :])
        if rest:
            end_code()
            continues_item = bool(_LIST_START_RE.match(rest))
            out.append(rest)
    end_code()
    return out


def _hide_escapes(text: str) -> str:
    if "\\" not in text:
        return text
    def hide(m: re.Match) -> str:
        return "\\" + m.group(1).translate(_HIDE) if m.group(1) in _ESCAPABLE else m.group(0)

    return _ESCAPE_RE.sub(hide, text)


def _hide_inline(block: str) -> str:
    """Code spans and backslash escapes in one paragraph hidden, as Python-Markdown reads them.

    A span opens at a run of backticks not escaped (an odd number of backslashes before it escapes
    its first backtick) and closes at the next run of the same length; with none, the longest
    shorter length that has one (what Python-Markdown's pattern finds by backtracking). The runs
    are indexed by length first, so this is linear however many backticks there are.
    """
    if "`" not in block:
        return _hide_escapes(block)
    runs = [(m.start(), m.end()) for m in _BACKTICKS_RE.finditer(block)]
    starts_by_length: dict[int, list[int]] = {}
    for start, end in runs:
        starts_by_length.setdefault(end - start, []).append(start)
    out: list[str] = []
    done = 0  # block[:done] is in out
    for start, end in runs:
        if start < done:
            continue  # inside a span already hidden
        slashes = start
        while slashes > done and block[slashes - 1] == "\\":
            slashes -= 1
        opener = start + (start - slashes) % 2
        closer = None
        for length in range(end - opener, 0, -1):
            starts = starts_by_length.get(length)
            if starts:
                k = bisect.bisect_right(starts, opener + length)  # at least one character of code
                if k < len(starts):
                    closer = starts[k] + length
                    break
        if closer is None:
            continue
        out += [_hide_escapes(block[done:opener]), block[opener:closer].translate(_HIDE)]
        done = closer
    out.append(_hide_escapes(block[done:]))
    return "".join(out)


# --- text helpers -------------------------------------------------------------------------


def slugify(text: str) -> str:
    """A stable, readable anchor: ``What is metastatic breast cancer?`` -> ``what-is-metastatic-breast-cancer``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:80].rstrip("-") or "section"


def plain_text(markdown_inline: str) -> str:
    """Inline Markdown to plain words (for titles and link texts)."""
    if not _INLINE_MARKUP.search(markdown_inline):  # most link texts: nothing to strip
        return " ".join(_show(markdown_inline).split())
    text = _IMAGE_RE.sub(lambda m: m.group("alt"), markdown_inline)
    text = _LINK_RE.sub(lambda m: m.group("text"), text)
    text = re.sub(r"[*_`]+", "", _show(text))
    return re.sub(r"\s+", " ", text).strip()


def clean_title(title: str) -> str:
    """``Breast Cancer Stages | Understanding … - NCI`` -> ``Breast Cancer Stages``."""
    title = title.strip()
    # " - NCI" at the end goes (what re.sub(r"\s+-\s+NCI\s*$", "", …) did, without its quadratic search)
    if title.endswith("NCI"):
        dash = title[:-3].rstrip()
        if len(dash) < len(title) - 3 and dash.endswith("-") and dash[:-1].rstrip() != dash[:-1]:
            title = dash[:-1].rstrip()
    if " | " in title:
        title = title.split(" | ")[0]
    return title.strip()


def _blocks(text: str) -> list[str]:
    """Paragraph blocks, separated by blank lines."""
    return [b for b in _BLANK_LINE_RE.split(text.replace("\r\n", "\n").replace("\r", "\n")) if b.strip()]


# --- rules ---------------------------------------------------------------------------------


def split_title(blocks: list[str], front_matter_title: str | None) -> tuple[str | None, list[str]]:
    """Leading ``# …`` lines are the page title (often twice: ``# X - NCI`` then ``# X``).

    The last of them is the page's own heading and the best title; none becomes a section.
    """
    headings: list[str] = []
    rest = list(blocks)
    while rest:
        m = _heading(rest[0].strip())
        if not (m and len(m.hashes) == 1):
            break
        if m.text:
            headings.append(plain_text(m.text))
        rest.pop(0)
    title = headings[-1] if headings else None
    if not title and front_matter_title:
        title = front_matter_title
    return (clean_title(title) if title else None), rest


def fill_empty_headings(blocks: list[str]) -> list[str]:
    """``##`` alone, with its text in the next paragraph, becomes ``## text``.

    Only a short, single-line paragraph that reads like a heading is lifted; otherwise the empty
    heading is dropped rather than swallowing body text.
    """
    out: list[str] = []
    i = 0
    while i < len(blocks):
        block = blocks[i].strip()
        m = _heading(block)
        if m and not m.text:
            nxt = blocks[i + 1].strip() if i + 1 < len(blocks) and not _is_code_block(blocks[i + 1]) else ""
            if nxt and "\n" not in nxt and len(nxt) <= 200 and not re.match(r"^(#|[-*+] |\d+\. |!\[|\[!\[|>|\|)", nxt):
                out.append(f"{m.hashes} {nxt}")
                i += 2
                continue
            i += 1
            continue
        out.append(blocks[i])
        i += 1
    return out


def demote_inner_titles(blocks: list[str]) -> list[str]:
    """A ``# …`` heading after the title is a section, not a second title."""
    return [("#" + b.strip()) if re.match(r"^# \S", b.strip()) and "\n" not in b.strip() else b for b in blocks]


def lift_figures(blocks: list[str]) -> tuple[list[str], list[dict]]:
    """Image cards and stand-alone images become figure records; credits and enlarge links join them.

    A card is ``[![alt](img) Title Text](/link)`` spread over several paragraphs. A stand-alone
    image is followed by its caption, then ``Credit: …`` and ``[Enlarge Image](…)`` lines.
    """
    text = "\n\n".join(blocks)
    figures: list[dict] = []

    def card(m: re.Match) -> str:
        parts = [plain_text(p) for p in _blocks(m.group("body"))]
        figures.append(
            {
                "alt": _show(m.group("alt")).strip(),
                "src": _show(m.group("src") or ""),
                "caption": " — ".join(p for p in parts if p) or None,
                "link": _show(m.group("link") or ""),
                "credit": None,
                "enlarge": None,
            }
        )
        return "\n\n" + FIGURE_MARK % (len(figures) - 1) + "\n\n"

    text = _CARD_RE.sub(card, text)

    out: list[str] = []
    last_figure: int | None = None  # the figure that credits and enlarge links attach to
    pending_caption: list[int] = []  # indexes in `out` of paragraphs after that figure
    caption_open = False  # still collecting the paragraphs between an image and its credit
    for block in _blocks(text):
        stripped = block.strip()
        image = _IMAGE_RE.fullmatch(stripped)
        if image:
            figures.append(
                {
                    "alt": _show(image.group("alt")).strip(),
                    "src": _show(image.group("url") or ""),
                    "caption": None,
                    "link": None,
                    "credit": None,
                    "enlarge": None,
                }
            )
            out.append(FIGURE_MARK % (len(figures) - 1))
            last_figure, pending_caption, caption_open = len(figures) - 1, [], True
            continue
        credit = _credit(stripped) if "\n" not in stripped else None
        enlarge = _ENLARGE_RE.match(stripped)
        if (credit or enlarge) and last_figure is not None:
            fig = figures[last_figure]
            if credit:
                fig["credit"] = plain_text(credit)
            else:
                fig["enlarge"] = _show(enlarge.group("url") or "")
            # The paragraph between the image and its credit is the figure's caption.
            if pending_caption and not fig["caption"]:
                fig["caption"] = " ".join(plain_text(out[i]) for i in pending_caption)
                for i in reversed(pending_caption):
                    out.pop(i)
            pending_caption, caption_open = [], False
            continue
        if enlarge:  # an enlarge link with no figure before it is noise
            continue
        if FIGURE_MARK_RE.match(stripped):
            out.append(stripped)
            last_figure, pending_caption, caption_open = int(FIGURE_MARK_RE.match(stripped).group(1)), [], True
            continue
        if caption_open and len(pending_caption) < 2 and not stripped.startswith("#") and not _is_code_block(block):
            pending_caption.append(len(out))
        else:
            last_figure, pending_caption, caption_open = None, [], False
        out.append(block)
    return _in_reading_order(out, figures)


def _in_reading_order(blocks: list[str], figures: list[dict]) -> tuple[list[str], list[dict]]:
    """Number figures as they appear (cards are lifted in an earlier pass than plain images)."""
    order: list[int] = []
    for block in blocks:
        m = FIGURE_MARK_RE.match(block.strip())
        if m:
            order.append(int(m.group(1)))
    new_index = {old: new for new, old in enumerate(order)}
    renumbered = [
        FIGURE_MARK % new_index[int(m.group(1))] if (m := FIGURE_MARK_RE.match(b.strip())) else b for b in blocks
    ]
    return renumbered, [figures[old] for old in order]


_HTML_TAGS = frozenset(
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite "
    "code col colgroup data dd del details dfn dialog div dl dt em embed fieldset figcaption figure font "
    "footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd label "
    "legend li link main map mark math menu meta meter nav noscript object ol optgroup option output p "
    "param picture pre progress q rp rt ruby s samp script section select small source span strike strong "
    "style sub summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul "
    "var video wbr xmp".split()
)
# possessive: "<" + 5,000 letters and no ">" was quadratic (each shorter name was tried with the rest)
_PSEUDO_TAG_RE = re.compile(r"(?<!\]\()<(/?)([A-Za-z][A-Za-z0-9]*+)(?![:@])([^<>\n]*+)>")


def keep_pseudo_tags_as_text(text: str) -> str:
    """``Accessed <MM/DD/YYYY>.`` is a placeholder, not HTML: keep it as words.

    Markdown passes anything shaped like a tag through as HTML, and the sanitiser then drops
    it, so 838 PDQ citations lost their "<MM/DD/YYYY>". Only names of real HTML elements stay
    tags (the sanitiser decides about those); autolinks (``<https://…>``) and link targets
    (``](<…>)``) are left alone.
    """

    def repl(m: re.Match) -> str:
        return m.group(0) if m.group(2).lower() in _HTML_TAGS else "&lt;" + m.group(0)[1:]

    return _PSEUDO_TAG_RE.sub(repl, text)


def add_space_after_links(text: str) -> str:
    """``[**chemotherapy**](…)to damage`` -> ``… to damage``: the scraper ate the space."""
    return _LINK_THEN_WORD_RE.sub(r"\g<0> ", text)


def glossary_id(url: str, text: str | None = None) -> str | None:
    """The glossary term id a dictionary link opens (by its id, else its name slug or ``text``)."""
    return dictionary_links.glossary_term(url, text)


def resolve_link(url: str, resolve_article: ArticleResolver, text: str | None = None) -> Resolved:
    """A link target as the app can follow it, or why it cannot be (see :mod:`.links`).

    Glossary pages -> ``glossary:<id>`` (one naming a term the bundled dictionary lacks by name: the
    text only, never an outside link, and no reason given: ``dictionary_problems`` reports those;
    ``text`` is the link's words); pages and files of the library -> ``article:<id>[#anchor]``;
    other pages -> their absolute address (shown, never opened); unsafe schemes -> dropped.
    """
    resolver = resolve_article if isinstance(resolve_article, LinkResolver) else LinkResolver.from_callable(resolve_article)
    url = url.strip()
    if not url:
        return Resolved(None, "dropped", "the link has no address")
    try:
        parts = urlsplit(url)
    except ValueError:
        return Resolved(None, "dropped", f"'{url[:120]}' is not a valid address")
    # a dictionary path on another publisher's site ("/publications/dictionaries/…") is not NCI's
    if resolver.on_nci or parts.scheme or parts.netloc:
        link = dictionary_links.parse(url)
        if link is not None:
            term = dictionary_links.resolve(link, text)
            return Resolved(f"glossary:{term}", "glossary") if term else Resolved(None, "dropped")
    if url.startswith("#"):
        return Resolved(url, "anchor")
    if parts.scheme.lower() in ("mailto", "tel"):
        return Resolved(url, "external")
    return resolver.resolve(url, parts)


def resolve_target(url: str, resolve_article: ArticleResolver, text: str | None = None) -> tuple[str, str] | None:
    """:func:`resolve_link` as (target, kind), or None to keep only the text."""
    resolved = resolve_link(url, resolve_article, text)
    return None if resolved.target is None else (resolved.target, resolved.kind)


# --- reference-style links: [text][ref], [text][] and [ref], with "[ref]: /path" lines ---------

# Possessive throughout (linear time, as every pattern here); a label holds no bracket, and one
# starting with "^" is a footnote. Brackets inside code and escaped ones are hidden already.
_REF_DEFINITION_RE = re.compile(
    r"[ ]{0,3}\[(?P<label>[^\[\]\n^][^\[\]\n]*+)\]:[ \t]*+<?(?P<url>[^\s<>]++)>?"
    r"(?:[ \t]++(?:\"[^\"\n]*+\"|'[^'\n]*+'|\([^()\n]*+\)))?[ \t]*+"
)
_REF_USE_RE = re.compile(r"\[(?P<text>(?:[^\[\]]++|\[[^\[\]]*+\])*+)\](?:[ ]?\[(?P<ref>[^\[\]]*+)\])?")


def _ref_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def inline_references(blocks: list[str]) -> list[str]:
    """Reference-style links written as inline ones, their definition lines gone, so that every
    rule (site paths, files, glossary terms, figures) sees them: ``[the fact sheet][cancer]`` with
    ``[cancer]: /news/cancer "Cancer"`` -> ``[the fact sheet](/news/cancer)``. A reference that
    nothing defines is left as written (Markdown shows it as text)."""
    if not any("]:" in b for b in blocks):
        return blocks
    definitions: dict[str, str] = {}
    kept: list[str] = []
    for block in blocks:
        if "]:" not in block:
            kept.append(block)
            continue
        lines = []
        for line in block.split("\n"):
            m = _REF_DEFINITION_RE.fullmatch(line)
            if m:
                definitions.setdefault(_ref_label(m.group("label")), _show(m.group("url")))
            else:
                lines.append(line)
        if any(line.strip() for line in lines):
            kept.append("\n".join(lines))
    if not definitions:
        return blocks

    def repl(m: re.Match) -> str:
        words, ref = m.group("text"), m.group("ref")
        label = _ref_label(words if not ref else ref)
        url = definitions.get(label) if not label.startswith("^") else None
        followed = m.string[m.end() : m.end() + 1]
        if url is None or (ref is None and followed in ("(", ":")):
            inner = _REF_USE_RE.sub(repl, words)  # "[![alt][img]](/link)": the image inside
            return f"[{inner}]" + (f"[{ref}]" if ref is not None else "")
        # no "<…>" around it: the raw-HTML rules, which run later, would read "</x>" as a tag
        address = url.replace(")", "%29").replace("(", "%28")
        return f"[{_REF_USE_RE.sub(repl, words)}]({address})"

    return [_REF_USE_RE.sub(repl, block) if "[" in block else block for block in kept]


def rewrite_links(
    text: str, resolve_article: ArticleResolver, dropped: list[DroppedLink] | None = None
) -> tuple[str, list[GlossaryRef], list[Link]]:
    """Links rewritten to what the app follows; those it cannot are their text alone (and are
    added to ``dropped``, with the reason, when one is given)."""
    glossary: list[GlossaryRef] = []
    links: list[Link] = []
    section_at = _SectionAt(text)
    if not isinstance(resolve_article, LinkResolver):  # once for the page, not at every link
        resolve_article = LinkResolver.from_callable(resolve_article)

    def repl(m: re.Match) -> str:
        label = m.group("text")
        url = _show(m.group("url") or "")
        target, kind, reason = resolve_link(url, resolve_article, _show(label))
        if "\n" in label and (target is not None or reason):
            # a link card without a picture: "[Title\n\nText](url)" spans paragraphs
            parts = [part.rstrip(" \t") for part in _PARAGRAPH_BREAK.split(label.strip())]
            if 1 < len(parts) <= 3 and not any(part.startswith("#") for part in parts):
                label = " — ".join(parts)  # one paragraph, or Markdown leaves "…](url)" as text
        if target is None:
            if reason and dropped is not None:
                dropped.append(DroppedLink(plain_text(label), url, reason, kind, section_at(m.start())))
            return label
        words = plain_text(label)
        if kind == "glossary":
            glossary.append(GlossaryRef(target.split(":", 1)[1], words))
        elif kind != "anchor":
            links.append(Link(words, target, kind))
        return f"[{label}](<{target}>)"

    return _LINK_RE.sub(repl, text), glossary, links


class _SectionAt:
    """The ``{#anchor}`` of the last heading before a position (headings are anchored by then).

    Positions come in order (``re.sub`` meets links left to right), so the text is read forward
    once in all: searching back from each link was quadratic (32,000 dropped links took 5.6 s).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.searched = 0  # every heading line starting before this is counted
        self.anchor = ""

    def __call__(self, position: int) -> str:
        text = self.text
        while (start := text.find("\n#", self.searched, position)) >= 0:
            end = text.find("\n", start + 1)
            line = text[start + 1 : end if end >= 0 else len(text)].rstrip()
            if line.startswith("##") and line.endswith("}") and "{#" in line:
                self.anchor = line[line.rfind("{#") + 2 : -1]
            self.searched = start + 1
        self.searched = max(self.searched, position - 1)
        return self.anchor


def anchor_headings(blocks: list[str]) -> tuple[list[str], tuple[Section, ...]]:
    """Give every heading a unique ``{#anchor}`` and build the section tree from them."""
    used: dict[str, int] = {}
    out: list[str] = []
    flat: list[tuple[int, str, str]] = []
    for block in blocks:
        stripped = block.strip()
        m = _heading(stripped)
        if not m or not m.text:
            out.append(block)
            continue
        level = max(2, len(m.hashes))
        title = plain_text(_strip_attr_lists(m.text))
        if not title:
            continue
        base = slugify(title)
        used[base] = used.get(base, 0) + 1
        anchor = base if used[base] == 1 else f"{base}-{used[base]}"
        flat.append((level, title, anchor))
        # Headings are plain text (the navigator shows them so): no raw HTML, and a "{" before ours hides our id
        shown = html.escape(title, quote=False).replace("{", "\\{").replace("}", "\\}")
        out.append(f"{'#' * level} {shown} {{#{anchor}}}")
    return out, _tree(flat)


def _tree(flat: list[tuple[int, str, str]]) -> tuple[Section, ...]:
    def build(start: int, level: int) -> tuple[list[Section], int]:
        items: list[Section] = []
        i = start
        while i < len(flat) and flat[i][0] >= level:
            lvl, title, anchor = flat[i]
            children, i = build(i + 1, lvl + 1)
            items.append(Section(title, lvl, anchor, tuple(children)))
        return items, i

    roots: list[Section] = []
    i = 0
    while i < len(flat):
        items, i = build(i, flat[i][0])
        roots += items
    return tuple(roots)


# --- the whole repair ------------------------------------------------------------------------


def repair(body: str, front_matter_title: str | None, resolve_article: ArticleResolver) -> RepairResult:
    if _HIDDEN_RE.search(body):  # the private plane is ours (above): no article's text
        body = _HIDDEN_RE.sub("\ufffd", body)
    text = _hide_fenced_code(_LEADING_BLANK_LINES_RE.sub("", bound_text(body), count=1))
    blocks = [_hide_inline(b) for b in _hide_indented_code(_blocks(text))]
    # A '{{figure:N}}' written in the file itself is not one of ours: it would name no figure.
    blocks = inline_references(blocks)  # first: a bracket flood it leaves is still defused below
    blocks = [_defuse(b) for b in blocks if not FIGURE_MARK_RE.match(b.strip())]
    title, blocks = split_title(blocks, front_matter_title)
    blocks = fill_empty_headings(demote_inner_titles(blocks))
    blocks, raw_figures = lift_figures(blocks)
    blocks, sections = anchor_headings(blocks)
    text = keep_pseudo_tags_as_text(add_space_after_links(defuse_raw_html("\n\n".join(blocks))))
    dropped: list[DroppedLink] = []
    text, glossary, links = rewrite_links(text, resolve_article, dropped)

    figures: list[Figure] = []
    for raw in raw_figures:
        link = None
        if raw["link"]:
            target, kind, reason = resolve_link(raw["link"], resolve_article)
            link = (target, kind) if target else None
            if reason:
                dropped.append(DroppedLink(raw["caption"] or raw["alt"] or "", raw["link"], reason, kind))
        figures.append(
            Figure(
                alt=raw["alt"],
                credit=raw["credit"],
                src=raw["src"],
                enlarge_src=raw["enlarge"],
                caption=raw["caption"],
                link=link[0] if link else None,
            )
        )
    # Only blank lines go from the start: a first line indented by four spaces is a code block.
    return RepairResult(title or "", _show(text).rstrip() + "\n", sections, figures, glossary, links, dropped)


def _defuse(block: str) -> str:
    """A bracket flood becomes escaped text (``defuse.py``), its code and escapes as written."""
    return as_plain_paragraph(_show(block)) if is_bracket_flood(block) else block
