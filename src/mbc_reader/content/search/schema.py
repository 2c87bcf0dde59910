"""The Whoosh schema of the search index and the documents that go into it.

One document per section of an active article, one per glossary term the library uses, one
"vocabulary" document per batch of articles written together (their unstemmed words, the
spelling field for "did you mean" and for completing words), and one "state" document recording what was indexed (file hashes, versions), so that
the record of what the index holds is committed in the same Whoosh transaction as the index
itself and can never disagree with it.

The text fields are *pre-analysed* (``analysis.index_terms``) and carry a precomputed BM25
term weight ("impact") in each posting instead of positions: the searcher sums impacts over
posting lists it decodes in bulk, which is what makes as-you-type search fast in pure Python
(see ``scoring``). Phrases are checked against the stored section text instead of
positions, which also keeps the build inside its time budget.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh import columns, fields, formats
from whoosh.codec.whoosh3 import W3Codec

from .rank import pack_meta, role_of, title_forms, title_names
from .analysis import index_terms, is_spell_word, language_of, spell_words, stemmer, words

#: Bumped whenever the schema, the analysis or the impact formula changes: an index with
#: another version is rebuilt, never read.
SCHEMA_VERSION = 7

#: BM25 constants. The average lengths are fixed (the corpus's own averages, rounded) rather
#: than measured, so that an incremental update never changes the weights of other documents.
K1 = 1.2
B_BODY = 0.75
AVG_BODY = 130.0
B_HEAD = 0.5
AVG_HEAD = 6.0
#: The title field (``tname``): short titles are the most about their words.
B_TITLE = 0.75
AVG_TITLE = 4.0

#: Stored section text is capped (the longest real section has 130,000 characters): snippets
#: and phrase checks look no further.
MAX_STORED_CHARS = 250_000

KIND_SECTION = "section"
KIND_GLOSSARY = "glossary"
KIND_VOCAB = "vocab"
KIND_STATE = "state"


class ImpactField(fields.FieldType):
    """A field given a list of terms; each posting's weight is the BM25 term-frequency part,
    rounded, and there are no positions or per-document lengths to store."""

    def __init__(self, b: float, avg: float) -> None:
        self.format = formats.Existence()
        self.analyzer = None
        self.column_type = None
        self.scorable = False  # whoosh keeps no length statistics: the weight already has them
        self.stored = False
        self.unique = False
        self.indexed = True
        self.spelling = False
        self.vector = None
        self.b = b
        self.avg = avg

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        counts = Counter(value)
        norm = K1 * (1.0 - self.b + self.b * len(value) / self.avg)
        for term, tf in counts.items():
            yield term.encode("utf-8"), tf, round(tf * (K1 + 1.0) / (tf + norm), 3), b""


class WordCountField(fields.FieldType):
    """The spelling field: given a ``{word: count}`` mapping, one posting per word whose
    weight is the count, so ``reader.frequency("spell", w)`` is how common the word is."""

    def __init__(self) -> None:
        self.format = formats.Frequency()
        self.analyzer = None
        self.column_type = None
        self.scorable = False
        self.stored = False
        self.unique = False
        self.indexed = True
        self.spelling = False
        self.vector = None

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for word, count in value.items():
            yield word.encode("utf-8"), count, float(count), formats.pack_uint(count)


#: Postings per block: larger than Whoosh's 128, since the searcher reads whole lists, never
#: skips within them (decoding "cancer" is ~25% faster, the index a little smaller).
BLOCK_LIMIT = 512


def codec() -> W3Codec:
    """How every writer of the index writes it."""
    return W3Codec(blocklimit=BLOCK_LIMIT)


def make_schema() -> fields.Schema:
    return fields.Schema(
        kind=fields.ID,
        article=fields.ID(stored=True, sortable=True),
        anchor=fields.STORED,
        section=fields.STORED,
        title=fields.STORED,
        text=fields.STORED,  # zlib-compressed UTF-8 section text, for snippets and phrases
        lang=fields.ID(stored=True),
        state=fields.STORED,  # JSON, on the single state document
        body=ImpactField(B_BODY, AVG_BODY),
        head=ImpactField(B_HEAD, AVG_HEAD),
        tname=ImpactField(B_TITLE, AVG_TITLE),  # the article's title, on its first section only
        meta=fields.COLUMN(columns.VarBytesColumn()),  # role and title names (rank.pack_meta)
        spell=WordCountField(),
    )


def pack_text(text: str) -> bytes:
    return zlib.compress(text[:MAX_STORED_CHARS].encode("utf-8"), 1)


def unpack_text(data: Any) -> str:
    if isinstance(data, bytes):
        try:
            return zlib.decompress(data).decode("utf-8", "replace")
        except zlib.error:
            return ""
    return data if isinstance(data, str) else ""


@dataclass(frozen=True)
class SectionDoc:
    """A section as the index needs it: plain values, picklable for worker processes."""

    anchor: str
    title: str
    text: str


def article_documents(
    article_id: str,
    title: str,
    language: str,
    sections: list[SectionDoc],
    vocabulary: Counter[str],
    url: str | None = None,
) -> list[dict[str, Any]]:
    """The Whoosh documents of one article's sections; its words are counted into
    ``vocabulary`` (see :func:`vocabulary_document`).

    The article title is indexed (body, head and ``tname``) on the first section only, so a
    title match ranks that one place of the article rather than every section of it equally.
    Every section carries the article's role (patient, health professional, research: from
    ``url`` and the title) in ``meta``; the first also the title's names (``rank``).
    """
    lang = language_of(language)
    stem = stemmer(lang)
    cache = stem.cache
    title_words = words(title, lang)
    title_terms = [stem(w) for w in title_words]
    vocabulary.update(title_words)
    role = role_of(url, title)
    forms = title_forms(title)
    name_terms = index_terms(forms[0], lang) if forms else []
    first_meta = pack_meta(role, title_names(title, lang))
    other_meta = pack_meta(role)
    docs: list[dict[str, Any]] = []
    for i, section in enumerate(sections):
        head_words = words(section.title, lang)
        body_words = words(section.text, lang)
        vocabulary.update(head_words)
        vocabulary.update(body_words)
        head_terms = [cache.get(w) or stem(w) for w in head_words]
        body_terms = [cache.get(w) or stem(w) for w in body_words]
        lead = title_terms if i == 0 else []
        docs.append(
            {
                "kind": KIND_SECTION,
                "article": article_id,
                "anchor": section.anchor,
                "section": section.title,
                "title": title,
                "text": pack_text(section.text),
                "lang": lang,
                "body": lead + head_terms + body_terms,
                "head": lead + head_terms,
                "tname": name_terms if i == 0 else [],
                "meta": first_meta if i == 0 else other_meta,
            }
        )
    return docs


def vocabulary_document(vocabulary: Counter[str]) -> dict[str, Any] | None:
    """One document holding the spelling words of a batch of articles, with their counts.

    One per build worker (or per update) rather than one per article: a quarter fewer postings
    to write. The price: after an update, words of the old version of an article stay in the
    vocabulary (as completions and corrections that find nothing) until the next full build.
    """
    counts = {w: c for w, c in vocabulary.items() if is_spell_word(w)}
    if not counts:
        return None
    return {"kind": KIND_VOCAB, "article": "", "spell": counts}


def glossary_document(term_id: str, name: str, definition: str, language: str) -> dict[str, Any]:
    """A dictionary term: found by its name (as a heading) and by the words of its definition."""
    lang = language_of(language)
    name_terms = index_terms(name, lang)
    vocab = Counter(spell_words(words(name + " " + definition, lang)))  # few: kept per term
    doc = {
        "kind": KIND_GLOSSARY,
        "article": f"glossary:{term_id}",
        "anchor": "",
        "section": "Dictionary",
        "title": name,
        "text": pack_text(definition),
        "lang": lang,
        "body": name_terms + index_terms(definition, lang),
        "head": name_terms,
    }
    if vocab:
        doc["spell"] = dict(vocab)
    return doc
