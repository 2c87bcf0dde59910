"""What the patients' home screen shows, worked out from the library itself (no Qt).

The home screen (``ui/home_page.py``) is a search box, a tile per topic with its article count
(grouped by language when the library has articles in more than one), a short row of common
questions, and, for a tapped tile, that topic's articles as cards: title and first sentence.
Everything here comes from the articles' own front matter, headings and first paragraphs, so any
content pack gets a home screen, not only NCI's.

- :func:`home_tiles`: the topics, by language, each with its count (the navigator's grouping:
  :func:`article_language`, :func:`article_topic`).
- :func:`topic_cards`: one topic's articles, by title; :func:`first_sentence` of each on demand
  (it reads the article's text, so only for the cards shown).
- :func:`common_questions`: headings and titles phrased as questions, side effects first, then
  coping, then treatment types, then the shortest others; one per article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .models import Article, Library
from .speech_text import split_sentences

ENGLISH = "en"
#: The topic of an article with none, in the article's own language (content, not interface).
GENERAL_TOPIC = {"en": "General information", "es": "Información general"}

SUMMARY_MAX = 220  # characters of a card's first sentence; longer ones end at a word with "…"
QUESTION_LIMIT = 6

#: The common questions' themes, in the order the row shows them: words that place a question (or
#: its article's topic) under a theme, most specific first, English and Spanish.
THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("side effects", ("side effect", "efectos secundarios", "efecto secundario", "efectos")),
    ("coping", ("coping", "cope", "feelings", "emotion", "afrontar", "sobrellevar", "sentimientos", "emociones")),
    ("treatment", ("types of treatment", "tipos de tratamiento", "types of", "tipos de", "treatment", "therapy",
                   "therapies", "tratamiento", "terapia")),
)


class Tile(NamedTuple):
    topic: str
    language: str
    count: int  # patient articles listed under it


class TileGroup(NamedTuple):
    language: str  # "en", "es", ...
    tiles: tuple[Tile, ...]


class Card(NamedTuple):
    article_id: str
    title: str


class Question(NamedTuple):
    text: str
    article_id: str
    anchor: str  # the section that answers it ("" for an article whose title is the question)
    theme: str  # one of THEMES' names, or "" for another question


def article_language(article: Article) -> str:
    """The article's language as a short code ("es" for "es-419"); English when unsaid."""
    code = (article.language or ENGLISH).replace("_", "-").split("-")[0].strip().lower()
    return code or ENGLISH


def article_topic(article: Article) -> str:
    """The one topic an article is listed under: its most specific (the first)."""
    general = GENERAL_TOPIC[ENGLISH]
    topic = article.topics[0] if article.topics else general
    if topic == general:
        return GENERAL_TOPIC.get(article_language(article), general)
    return topic


def languages(library: Library) -> list[str]:
    """The languages of the library's patient articles: English first, then the others by code."""
    found = {article_language(a) for a in library.patient_articles}
    return sorted(found, key=lambda code: (code != ENGLISH, code))


def language_order(library: Library, first_language: str = ENGLISH) -> list[str]:
    """The languages top to bottom: the interface's first when the library has it."""
    order = languages(library)
    if first_language in order:
        order.remove(first_language)
        order.insert(0, first_language)
    return order


def home_tiles(library: Library, first_language: str = ENGLISH) -> tuple[TileGroup, ...]:
    """A group of tiles per language (the interface's first), topics alphabetical in each."""
    counts: dict[tuple[str, str], int] = {}
    for article in library.patient_articles:
        key = (article_language(article), article_topic(article))
        counts[key] = counts.get(key, 0) + 1
    groups = []
    for code in language_order(library, first_language):
        topics = sorted((topic for lang, topic in counts if lang == code), key=str.casefold)
        groups.append(TileGroup(code, tuple(Tile(topic, code, counts[(code, topic)]) for topic in topics)))
    return tuple(groups)


def topic_articles(library: Library, language: str, topic: str) -> list[Article]:
    """The patient articles a tile stands for, by title."""
    found = [a for a in library.patient_articles if article_language(a) == language and article_topic(a) == topic]
    return sorted(found, key=lambda a: a.title.casefold())


def topic_cards(library: Library, language: str, topic: str) -> list[Card]:
    return [Card(a.id, a.title) for a in topic_articles(library, language, topic)]


# --- first sentences -----------------------------------------------------------------------------

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]{0,400}>")
_CITATION = re.compile(r"\[\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*\]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_SPACE = re.compile(r"\s+")
#: "Posted: May 9, 2016", "Updated: 2024-01-05": a short line with a year is a date, not prose.
_DATE_LINE = re.compile(r"^(?=(?:\S+\s+){0,5}\S+$).*\b(?:1[89]|20)\d\d\b")
_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_NOT_PROSE = re.compile(r"^\s*(?:#|!\[|\||>|```|<figure|credit:|enlarge\b|crédito:|ampliar\b)", re.I)


def _plain(paragraph: str) -> str:
    text = _IMAGE.sub(" ", paragraph)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _CITATION.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _SPACE.sub(" ", text).strip()


def _paragraphs(body: str):
    block: list[str] = []
    for line in body.splitlines():
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _shorten(text: str, limit: int = SUMMARY_MAX) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "\u2026"


def first_sentence_of(body: str, title: str = "", language: str = ENGLISH) -> str:
    """The first sentence of the first paragraph of prose in a repaired Markdown body: headings,
    pictures, credits, tables and list items are passed over (a list is used only when the
    article has no paragraph at all). "" when the article has no words to show."""
    fallback = ""
    seen_title = _SPACE.sub(" ", title).strip().casefold()
    for block in _paragraphs(body):
        first = block[0]
        if _NOT_PROSE.match(first):
            continue
        if _LIST.match(first):
            if not fallback:
                fallback = _plain(_LIST.sub("", first, count=1))
            continue
        joined = " ".join(block)
        if not _plain(_LINK.sub(" ", joined)).strip(" .,;:|·-"):
            continue  # only links ("Go to Patient Version"): a way elsewhere, not what the page says
        text = _plain(joined)
        if len(text.split()) < 3 or text.casefold() == seen_title or _DATE_LINE.search(text):
            continue
        spans = split_sentences(text, language)
        if spans:
            start, end = spans[0]
            return _shorten(text[start:end].strip())
    return _shorten(fallback)


@lru_cache(maxsize=1024)
def first_sentence(article: Article) -> str:
    """The article's first sentence, for its card (read once per article; the text is not kept)."""
    try:
        body = article.load_text().body
    except (OSError, ValueError):
        return ""
    return first_sentence_of(body, article.title, article_language(article))


# --- common questions ----------------------------------------------------------------------------


def _is_question(text: str) -> bool:
    text = text.strip()
    return text.endswith("?") and 4 <= len(text.split()) <= 14


def _candidates(articles: list[Article]) -> list[Question]:
    found = []
    for article in articles:
        if _is_question(article.title):
            found.append(Question(article.title.strip(), article.id, "", ""))
        for section in article.sections:  # the level-2 headings: the questions an article answers
            if _is_question(section.title):
                found.append(Question(section.title.strip(), article.id, section.anchor, ""))
    return found


_PLAIN_START = ("what ", "how ", "can ", "qué ", "¿qué ", "cómo ", "¿cómo ", "puedo ", "¿puedo ")


def _plain_question(text: str) -> bool:
    """Asked as a patient would ("What is…?", "How can…?", "¿Qué es…?")."""
    return text.casefold().startswith(_PLAIN_START)


def _theme_rank(question: Question, topic: str, words: tuple[str, ...]) -> tuple[int, int] | None:
    """How well a question fits a theme (lower is better), or None when it does not."""
    text, topic = question.text.casefold(), topic.casefold()
    for rank, word in enumerate(words):
        if word in text:
            return (0, rank)
    for rank, word in enumerate(words):
        if word in topic:
            return (1, rank)
    return None


def common_questions(library: Library, language: str = ENGLISH, limit: int = QUESTION_LIMIT) -> list[Question]:
    """A short row of questions the library answers, in ``language`` when it has any there: one
    per theme in turn (side effects, coping, treatment types), then the shortest others; never
    two from the same article or the same words twice."""
    everything = library.patient_articles
    articles = [a for a in everything if article_language(a) == language]
    candidates = _candidates(articles)
    if not candidates:
        articles = everything
        candidates = _candidates(articles)
    topic_of = {a.id: article_topic(a) for a in articles}
    chosen: list[Question] = []
    used_articles: set[str] = set()
    used_texts: set[str] = set()

    def take(question: Question, theme: str) -> None:
        chosen.append(question._replace(theme=theme))
        used_articles.add(question.article_id)
        used_texts.add(question.text.casefold())

    def free(question: Question) -> bool:
        return question.article_id not in used_articles and question.text.casefold() not in used_texts

    ranked = {}
    for theme, words in THEMES:
        fits = []
        for question in candidates:
            rank = _theme_rank(question, topic_of.get(question.article_id, ""), words)
            if rank is not None:
                fits.append((rank, not _plain_question(question.text), len(question.text), question.text.casefold(), question))
        ranked[theme] = [q for *_, q in sorted(fits)]
    while len(chosen) < limit:
        added = False
        for theme, _ in THEMES:
            question = next((q for q in ranked[theme] if free(q)), None)
            if question is not None and len(chosen) < limit:
                take(question, theme)
                added = True
        if not added:
            break
    for question in sorted(candidates, key=lambda q: (not _plain_question(q.text), len(q.text), q.text.casefold())):
        if len(chosen) >= limit:
            break
        if free(question):
            take(question, "")
    return chosen
