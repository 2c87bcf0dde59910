"""Search the library: a query in, section hits grouped by article out.

``open_searcher(library)`` makes sure the index is current (see ``index.ensure_index``) and
returns a :class:`Searcher`. ``Searcher.search`` may be called from any thread (e.g. a worker
QThread): each thread gets its own Whoosh reader, refreshed when the index changes; decoded
posting lists and the vocabulary are shared. It never raises on user text, nor on an index
that breaks under it (it logs and answers nothing).

Words become term groups in ``plan``, are scored in ``scoring``, and this module
ranks and turns the scores into hits (:class:`Hit`), one per article (its best section; further good
sections folded under it in ``Hit.sections``), with a snippet and a "did you mean" when little
or nothing is found. When the query finds nothing (or one of its words is found nowhere) and
its correction finds something, the correction's results are returned, with
``SearchResponse.corrected_query`` saying so; a quoted word is never corrected.

Each query is searched as typed and, when some of its words have other names
(``synonyms``: everyday words, the dictionary's other names and Spanish names), also with
those (``plan.readings_of``); the words searched as well are listed in
``SearchResponse.also_searched``. A candidate section keeps its best ranking value over these
readings; a synonym counts 0.9 of a typed word.

Ranking, strongest rule first:

1. **bands**: a section with every word of a reading ranks above one with only some (those
   come after, by how many they have, when fewer than five have every word). Among those
   with every word, an article whose title *is* the query (its terms, give or take generic
   title words and the "Patient Version" decorations: ``rank``) ranks above one whose
   title merely has every word, which ranks above a section whose heading has every word, which
   ranks above body text only. The band is the thousands of ``Hit.score``: 7, 6, 5, 4 for
   those, 0 to 3 for some of the words;
2. within a band, the BM25 score of the words (heading and title words count more), the
   title's own score (short titles first), times 1.3 when the words stand side by side in
   order, times 0.5 for health-professional versions, research news and video or infographic
   pages (their video or picture is not part of the offline content);
3. a health-professional version goes right after the patient version of the same topic;
4. dictionary terms: first when the query asks what a word means, after the articles titled
   so for "what is X", never first otherwise.
"""

from __future__ import annotations

import functools
import heapq
import logging
import pickle
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.reading import CorruptIndexError

from .index import IndexStatus, ensure_index
from .scoring import Evaluator, PostingsCache, idf, top_documents
from .plan import SUGGEST_BELOW, own_terms, readings_of, suggest
from .query import parse
from .schema import unpack_text
from .rank import ROLE_MEDIA, ROLE_PATIENT, ROLE_PRO, ROLE_RESEARCH, is_title, title_names
from .snippets import contains_phrase, make_snippet
from .synonyms import read_map
from .store import (
    BuildError,
    IndexBroken,
    IndexBusy,
    current_version,
    mark_damaged,
    open_version,
    shared_state,
    state_from_reader,
)
from .analysis import LANGUAGES
from .vocabulary import Group, TermVocabulary, Vocabulary

if TYPE_CHECKING:  # annotations only: a one-shot search loads no article models
    from ..models import Library

log = logging.getLogger(__name__)

#: Further sections of an article folded under its best one, and how close to it they must score.
MAX_FOLDED = 2
FOLD_RATIO = 0.2
#: Candidates looked at per hit wanted (grouping and phrase checks need some to spare).
CANDIDATES_PER_HIT = 6
#: How often (seconds) a thread checks whether the index on disk changed.
REFRESH_EVERY = 1.0
#: What reading a damaged index raises (Whoosh checks little itself): the next ensure_index rebuilds.
DAMAGE_ERRORS = (
    IndexBroken, CorruptIndexError, zlib.error, EOFError, struct.error, pickle.UnpicklingError, OSError, ValueError
)
#: How many of the commonest words have their posting lists decoded by ``warm_up``.
WARM_TERMS = 150
#: Dictionary definitions are short, so they score high on any word they contain; they rank
#: below article sections unless the query asks what something means.
GLOSSARY_FACTOR = 0.6
DEFINITION_FACTOR = 3.0
#: Words asking what a word *means*: the dictionary's term comes first even before an article
#: whose title is the word ("what is X" puts that article first).
MEANING_CUES = frozenset("mean means meaning meanings definition definitions define defined significa significado definicion definir".split())
#: Rank bands, added to the score so that a higher band always ranks first: sections with
#: every word are in FULL_BAND plus their tier, those with some words below (see _evaluate).
TIER_STEP = 1000.0
FULL_BAND = 4
TIER_TITLE_IS_QUERY = 3
TIER_TITLE_HAS_WORDS = 2
TIER_HEADING_HAS_WORDS = 1
#: Health-professional versions and research news score this much of a patient page.
ROLE_FACTOR = {ROLE_PRO: 0.5, ROLE_RESEARCH: 0.5, ROLE_MEDIA: 0.5}
#: The title's own score (short titles that are all query words score most) counts this much.
TITLE_WEIGHT = 1.0
#: Words side by side (in order) in the title, heading or text of a candidate: times this.
PHRASE_BOOST = 1.3
PHRASE_CHECK = 16
PHRASE_SCAN_CHARS = 2_000
#: Titles sharing this share of their terms are about the same topic (patient and professional).
SAME_TOPIC = 0.75
#: Fewer sections than this with every word: those with most of the words come after them
#: (a second evaluation, for a few queries only: "chemo is making me sick" has every word in
#: one professional page, most of them in the nausea article).
AND_ENOUGH = 5
#: Candidates taken by plain score before roles and tiers re-rank them (times those wanted).
PRESELECT = 2
@dataclass(frozen=True)
class SectionHit:
    """A further matching section of a result's article (folded under it). Its snippet is
    made when first asked for (the window lists the best sections only)."""

    section: str
    anchor: str
    score: float
    text: str = field(default="", repr=False, compare=False)
    terms: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    languages: tuple[str, ...] = field(default=("en",), repr=False, compare=False)

    @functools.cached_property
    def snippet(self) -> str:
        return make_snippet(self.text, set(self.terms), self.languages)

    def to_json(self) -> dict:
        return {"section": self.section, "anchor": self.anchor, "snippet": self.snippet, "score": self.score}


@dataclass(frozen=True)
class Hit:
    article_id: str  # for a glossary-term hit: "glossary:<termId>"
    title: str  # article title (or the term's name)
    section: str  # the best section's title ("" for the intro; "Dictionary" for a term)
    anchor: str  # that section's anchor in the rendered HTML ("" = top)
    snippet: str  # short HTML: text escaped, matched words wrapped in <b>…</b>, nothing else
    score: float  # the ranking value: thousands are the rank tier (see the module docstring)
    sections: tuple[SectionHit, ...] = ()  # further matching sections of the same article

    def to_json(self) -> dict:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "section": self.section,
            "anchor": self.anchor,
            "snippet": self.snippet,
            "score": self.score,
            "sections": [s.to_json() for s in self.sections],
        }


@dataclass(frozen=True)
class SearchResponse:
    query: str
    total: int  # matching sections (and glossary terms), before grouping and the limit
    suggestion: str | None  # "did you mean", when there are results and a better spelling is likely
    results: list[Hit] = field(default_factory=list)
    corrected_query: str | None = None  # the query searched instead, when the typed one found nothing
    also_searched: tuple[str, ...] = ()  # words searched as well as the typed ones (synonyms)

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "suggestion": self.suggestion,
            "results": [hit.to_json() for hit in self.results],
            "corrected_query": self.corrected_query,
            "also_searched": list(self.also_searched),
        }


class _Generation:
    """What belongs to one state of the index on disk: the vocabulary, languages, synonyms."""

    def __init__(self, reader: Any, cache: PostingsCache, few: bool = False, folder: Path | None = None) -> None:
        leaves = _leaves(reader)
        if few:  # a query or two: read the words each one needs, not all of them
            self.vocabulary: Vocabulary = TermVocabulary([r for r, _, _ in leaves])
        else:
            self.vocabulary = Vocabulary([cache.words(r, segid) for r, segid, _ in leaves])
        languages = ["en"]
        try:
            state = shared_state(folder, reader) if folder is not None else state_from_reader(reader)
            languages = [lang for lang in state.get("languages", ["en"]) if lang in LANGUAGES] or ["en"]
        except IndexBroken as exc:
            log.warning("%s", exc)
        self.languages = tuple(languages)
        self.synonyms = read_map(reader, lazy=few)
        self._frequencies: dict[str, int] = {}

    def doc_frequency(self, reader: Any, term: str) -> int:
        """How many sections have ``term`` (cached: this state of the index never changes)."""
        df = self._frequencies.get(term)
        if df is None:
            if len(self._frequencies) > 50_000:
                self._frequencies.clear()
            df = self._frequencies[term] = reader.doc_frequency("body", term)
        return df


class _ThreadState:
    def __init__(self) -> None:
        self.version: Path | None = None
        self.ix: Any = None
        self.searcher: Any = None
        self.checked = 0.0


class Searcher:
    """Searches one index home (see ``store``); cheap to share between threads.

    ``few``: for a query or two (``mbc-reader search``): the vocabulary is read as each query
    needs it rather than all at once, and :meth:`warm_up` does nothing. The answers are the same.
    """

    def __init__(self, index_dir: Path, status: IndexStatus | None = None, few: bool = False) -> None:
        self.index_dir = Path(index_dir)
        self.status = status
        self.few = few
        self._cache = PostingsCache(lazy_columns=few)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[_ThreadState] = []
        self._generations: dict[tuple[str, int], _Generation] = {}
        self._role_factors: dict[tuple[str, float], Any] = {}
        self._closed = False

    # -- per-thread readers ----------------------------------------------------------------

    def _state(self) -> _ThreadState | None:
        state = getattr(self._local, "state", None)
        if state is None:
            state = self._local.state = _ThreadState()
            with self._lock:
                self._open.append(state)
        now = time.monotonic()
        if state.searcher is not None and now - state.checked < REFRESH_EVERY:
            return state
        state.checked = now
        version = current_version(self.index_dir)
        if version is None:
            self._drop(state)
            return None
        if state.searcher is not None and version == state.version:
            if not state.searcher.up_to_date():
                state.searcher = state.searcher.refresh()
            return state
        self._drop(state)
        state.ix = open_version(version, readonly=True)
        state.version = version
        state.searcher = _ReaderOnly(state.ix) if self.few else state.ix.searcher()
        return state

    @staticmethod
    def _drop(state: _ThreadState) -> None:
        for obj in (state.searcher, state.ix):
            if obj is not None:
                try:
                    obj.close()
                except Exception:  # already closed, or its files are gone: nothing to keep
                    pass
        state.searcher = state.ix = state.version = None

    def _generation(self, state: _ThreadState) -> _Generation:
        reader = state.searcher.reader()
        key = (str(state.version), _toc_generation(reader))
        with self._lock:
            gen = self._generations.get(key)
        if gen is None:
            gen = _Generation(reader, self._cache, self.few, state.version if self.few else None)
            with self._lock:
                self._generations = {key: gen}  # older generations are no longer needed
        return gen

    def warm_up(self, terms: int = WARM_TERMS) -> None:
        """Read the vocabulary and decode the posting lists of the most common words now, so the
        first keystrokes are as fast as the later ones (the window calls this on its search
        thread while the reader looks at the first article). Never raises."""
        if self.few:
            return
        try:
            state = self._state()
            if state is None:
                return
            gen = self._generation(state)
            vocabulary = gen.vocabulary
            top = heapq.nlargest(terms, range(len(vocabulary.words)), key=vocabulary.freqs.__getitem__)
            wanted = {t for i in top for t in own_terms(vocabulary.words[i], gen.languages)}
            for segreader, segid, _ in _leaves(state.searcher.reader()):
                self._cache.articles(segreader, segid)
                if segreader.doc_count_all():
                    segreader.stored_fields(0)  # opens the stored fields' tables (~10 ms each)
                for term in wanted:
                    self._cache.get(segreader, segid, "body", term)
                    self._cache.get(segreader, segid, "head", term)
        except Exception as exc:
            log.warning("preparing the search index in advance failed: %s: %s", type(exc).__name__, exc)
            log.debug("warm-up failure", exc_info=True)

    def close(self) -> None:
        with self._lock:
            states, self._open = self._open, []
            self._closed = True
        for state in states:
            self._drop(state)

    # -- searching -------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> SearchResponse:
        """Never raises: an unusable index answers nothing (and says so in the log)."""
        text = query if isinstance(query, str) else ""
        try:
            limit = max(0, min(int(limit), 200))
        except (TypeError, ValueError):
            limit = 20
        try:
            return self._search(text, limit)
        except Exception as exc:
            log.warning("search for %r failed: %s: %s", text[:80], type(exc).__name__, exc)
            log.debug("search failure", exc_info=True)
            if isinstance(exc, DAMAGE_ERRORS):
                mark_damaged(self.index_dir, f"{type(exc).__name__}: {exc}"[:300])
            return SearchResponse(text, 0, None, [])

    def _search(self, text: str, limit: int) -> SearchResponse:
        parsed = parse(text)
        if parsed.empty or limit == 0 or self._closed:
            return SearchResponse(text, 0, None, [])
        state = self._state()
        if state is None:
            return SearchResponse(text, 0, None, [])
        gen = self._generation(state)
        reader = state.searcher.reader()
        found = self._run(parsed, gen, reader, limit)
        suggestion = None
        if found.strict < SUGGEST_BELOW or found.fell_back:
            suggestion = suggest(parsed, gen.vocabulary, gen.languages)
        if suggestion and (not found.hits or found.unknown):
            # Nothing found, or a word found nowhere: show what the correction finds instead.
            last = parsed.words[-1]
            fixed = self._run(parse(suggestion if last.prefix else suggestion + " "), gen, reader, limit)
            if fixed.hits:
                return SearchResponse(text, fixed.total, None, fixed.hits, suggestion, fixed.also)
        return SearchResponse(text, found.total, suggestion, found.hits, None, found.also)

    def _run(self, parsed: Any, gen: _Generation, reader: Any, limit: int) -> _Found:
        """Search every reading of the query (the typed words, and with synonyms) and keep
        each candidate section's best ranking value."""
        readings, phrase_groups, definition = readings_of(parsed, gen.vocabulary, gen.languages, gen.synonyms)
        strong = definition and any(w.text in MEANING_CUES for w in parsed.words)
        leaves = _leaves(reader)
        n_docs = max(1, reader.doc_count())
        frequency: dict[str, int] = {}
        weights: dict[str, float] = {}
        out = _Found()
        best: dict[tuple[int, int], float] = {}
        stored = _Stored(leaves)
        terms: set[str] = set()
        also: list[str] = []
        for number, reading in enumerate(readings):
            groups = reading.groups
            for group in groups:
                for alt in group:
                    if alt.term not in frequency:
                        frequency[alt.term] = df = gen.doc_frequency(reader, alt.term)
                        weights[alt.term] = idf(df, n_docs)
            # A reading with synonyms counts only where it has every word (never OR).
            scored, total, strict, fell_back = self._reading(leaves, groups, weights, limit, definition, number == 0)
            if number == 0:
                out.fell_back = fell_back
                out.unknown = any(not any(frequency[alt.term] for alt in group) for group in groups)
                also += [t for t in reading.targets if any(frequency.get(x) for x in reading.alternatives.get(t, ()))]
            elif scored:
                also += [t for t in reading.targets if t not in also]
                out.unknown = out.unknown and not strict
            out.total = max(out.total, total)
            out.strict = max(out.strict, strict)
            if scored:
                terms |= {alt.term for group in groups for alt in group}
            word_sets = [{alt.term for alt in g} for g in groups if g]
            if len(word_sets) > 1 and scored:
                scored = self._boost_phrases(scored, stored, word_sets, gen.languages)
            for value, leaf, doc in scored:
                if reading.factor != 1.0:
                    value = _band(value) * TIER_STEP + _within(value) * reading.factor
                if value > best.get((leaf, doc), -1.0):
                    best[(leaf, doc)] = value
        if len(readings) > 1:
            out.fell_back = out.fell_back and not out.strict
        merged = sorted(((v, leaf, doc) for (leaf, doc), v in best.items()), key=lambda item: -item[0])
        hits, out.total = self._hits(leaves, merged, limit, terms, gen.languages, phrase_groups, out.total, stored)
        out.hits = _place_dictionary(hits, definition, strong)
        out.also = tuple(dict.fromkeys(also))
        return out

    def _reading(
        self,
        leaves: list[tuple[Any, str, int]],
        groups: list[Group],
        weights: dict[str, float],
        limit: int,
        definition: bool,
        fill_in: bool = True,
    ) -> tuple[list[tuple[float, int, int]], int, int, bool]:
        """One reading's candidates, how many sections matched, how many matched every word,
        and whether some word had to be left out (OR because AND found nothing)."""
        scored: list[tuple[float, int, int]] = []
        total = strict = 0
        found = [g for g in groups if g]  # a group is empty when nothing starts as typed
        if not found:
            return scored, 0, 0, bool(groups)
        # AND first; OR when that finds fewer than AND_ENOUGH sections, or when some word
        # cannot match at all: sections with more of the words rank first.
        modes = ("and", "or") if len(found) == len(groups) else ("or",)
        if not fill_in:
            if len(found) < len(groups):
                return scored, 0, 0, True
            modes = ("and",)
        fell_back = len(found) < len(groups)
        for mode in modes:
            scored, total = self._evaluate(leaves, found, weights, mode, limit, definition)
            if mode == "and":
                strict = total
            if len(found) < 2 or (scored and (mode == "or" or total >= AND_ENOUGH)):
                break
            fell_back = fell_back or not scored
        return scored, total, strict, fell_back

    def _factors(self, segreader: Any, segid: str, glossary_factor: float) -> Any:
        """Each document's role factor (dictionary terms: ``glossary_factor``), by number."""
        key = (segid, glossary_factor)
        table = self._role_factors.get(key)
        if table is None:
            roles, _ = self._cache.meta(segreader, segid)
            articles = self._cache.articles(segreader, segid)
            if self._cache.lazy_columns:
                table = _LazyFactors(articles, roles, glossary_factor)
            else:
                table = [
                    glossary_factor if article.startswith("glossary:") else ROLE_FACTOR.get(role, 1.0)
                    for article, role in zip(articles, list(roles) + [""] * (len(articles) - len(roles)))
                ]
            with self._lock:
                if len(self._role_factors) > 64:
                    self._role_factors.clear()
                self._role_factors[key] = table
        return table

    def _evaluate(
        self,
        leaves: list[tuple[Any, str, int]],
        groups: list[Group],
        weights: dict[str, float],
        mode: str,
        limit: int,
        definition: bool,
    ) -> tuple[list[tuple[float, int, int]], int]:
        """The best candidate sections as (ranking value, leaf, document), and how many matched.

        The ranking value is ``band * TIER_STEP`` plus the section's score (words, heading,
        title; times its article's role factor), so a higher band always ranks first. A section
        with every word is in band 4 + its tier: the query is the title (3), the title has every
        word (2), the heading has every word (1), the text only (0). One with only some of the
        words (OR) is in band ``4 * words matched // words`` (0 to 3)."""
        wanted = max(limit * CANDIDATES_PER_HIT, 60)
        glossary_factor = DEFINITION_FACTOR if definition else GLOSSARY_FACTOR
        n = len(groups)
        word_sets = [{alt.term for alt in g} for g in groups]
        scored: list[tuple[float, int, int]] = []
        total = 0
        for i, (segreader, segid, _base) in enumerate(leaves):
            evaluator = Evaluator(self._cache, segreader, segid, weights)
            result = evaluator.run(groups, mode)
            scores = result.scores
            total += len(scores)
            if not scores:
                continue
            coverage = result.coverage if n > 1 else None
            raw = {d: s for s, d in top_documents(result, n, wanted * PRESELECT)}
            titles = evaluator.titles(groups)
            heads = result.heads or {}
            tops = [d for d, (count, _) in titles.items() if count == n and d in scores]
            headed = [d for d, count in heads.items() if count == n and d not in raw and d in scores]
            if len(headed) > wanted:
                headed = heapq.nlargest(wanted, headed, key=scores.__getitem__)
            for d in tops + headed:
                if d not in raw:
                    raw[d] = scores[d] * (coverage[d] / n if coverage is not None else 1.0)
            factors = self._factors(segreader, segid, glossary_factor)
            names = self._cache.meta(segreader, segid)[1]
            full = FULL_BAND * TIER_STEP
            for doc, value in raw.items():
                title_count, title_score = titles.get(doc, (0, 0.0))
                within = factors[doc] * (value + TITLE_WEIGHT * title_score)
                if within > TIER_STEP - 1.0:
                    within = TIER_STEP - 1.0
                if coverage is not None and coverage.get(doc, n) < n:
                    band = (FULL_BAND * coverage[doc]) // n
                    scored.append((band * TIER_STEP + within, i, doc))
                elif title_count == n:
                    tier = TIER_TITLE_IS_QUERY if is_title(word_sets, names.get(doc, ())) else TIER_TITLE_HAS_WORDS
                    scored.append((full + tier * TIER_STEP + within, i, doc))
                elif heads.get(doc, 0) == n:
                    scored.append((full + TIER_HEADING_HAS_WORDS * TIER_STEP + within, i, doc))
                else:
                    scored.append((full + within, i, doc))
        scored.sort(key=lambda item: -item[0])
        return scored[: wanted + limit], total

    def _hits(
        self,
        leaves: list[tuple[Any, str, int]],
        scored: list[tuple[float, int, int]],
        limit: int,
        terms: set[str],
        languages: tuple[str, ...],
        phrase_groups: list[list[set[str]]],
        total: int,
        stored: _Stored,
    ) -> tuple[list[Hit], int]:
        """One hit per article (its best section), further good sections folded under it."""
        by_article: dict[str, list[tuple[float, int, int]]] = {}
        checked = rejected = 0
        for score, leaf, doc in scored:
            segreader, segid, _ = leaves[leaf]
            article = self._cache.articles(segreader, segid)[doc]
            group = by_article.get(article)
            if group is None and len(by_article) >= limit:
                continue  # only sections of the chosen articles from here on
            if group is not None and (len(group) > MAX_FOLDED or _within(score) < _within(group[0][0]) * FOLD_RATIO):
                continue
            if phrase_groups:
                checked += 1
                text = stored.text(leaf, doc)
                if not all(contains_phrase(text, p, languages) for p in phrase_groups):
                    rejected += 1
                    continue
            by_article.setdefault(article, []).append((score, leaf, doc))
        if phrase_groups and checked:
            total = round(total * (checked - rejected) / checked) if checked < len(scored) else checked - rejected
            total = max(total, sum(len(g) for g in by_article.values()))
        ranked = _patient_first(list(by_article.items()), leaves, self._cache, stored)
        hits: list[Hit] = []
        frozen = frozenset(terms)
        for _article, article_hits in ranked[:limit]:
            (score, leaf, doc), rest = article_hits[0], article_hits[1:]
            fields = stored(leaf, doc)
            snippet = make_snippet(stored.text(leaf, doc), terms, languages)
            folded = []
            for other_score, other_leaf, other_doc in rest:
                other = stored(other_leaf, other_doc)
                folded.append(
                    SectionHit(
                        str(other.get("section", "")),
                        str(other.get("anchor", "")),
                        round(other_score, 3),
                        stored.text(other_leaf, other_doc),
                        frozen,
                        languages,
                    )
                )
            hits.append(
                Hit(
                    article_id=str(fields.get("article", "")),
                    title=str(fields.get("title", "")),
                    section=str(fields.get("section", "")),
                    anchor=str(fields.get("anchor", "")),
                    snippet=snippet,
                    score=round(score, 3),
                    sections=tuple(folded),
                )
            )
        return hits, total

    @staticmethod
    def _boost_phrases(
        scored: list[tuple[float, int, int]],
        stored: _Stored,
        word_sets: list[set[str]],
        languages: tuple[str, ...],
    ) -> list[tuple[float, int, int]]:
        """The best candidates whose title, heading or text has the query's words side by side,
        in order, score PHRASE_BOOST times more (within their band)."""
        out = list(scored)
        for k, (score, leaf, doc) in enumerate(out[:PHRASE_CHECK]):
            fields = stored(leaf, doc)
            places = (str(fields.get("title", "")), str(fields.get("section", "")))
            if any(contains_phrase(p, word_sets, languages) for p in places) or contains_phrase(
                stored.text(leaf, doc)[:PHRASE_SCAN_CHARS], word_sets, languages
            ):
                out[k] = (_band(score) * TIER_STEP + min(_within(score) * PHRASE_BOOST, TIER_STEP - 1.0), leaf, doc)
        out.sort(key=lambda item: -item[0])
        return out


class _ReaderOnly:
    """What ``Searcher`` uses of a Whoosh searcher, over a bare reader: a searcher of few
    queries does not import Whoosh's query language (``whoosh.searching``) for nothing."""

    def __init__(self, ix: Any) -> None:
        self._ix = ix
        self._reader = ix.reader()

    def reader(self) -> Any:
        return self._reader

    def up_to_date(self) -> bool:
        return self._ix.latest_generation() == self._reader.generation()

    def refresh(self) -> _ReaderOnly:
        self._reader.close()
        return _ReaderOnly(self._ix)

    def close(self) -> None:
        self._reader.close()


class _LazyFactors:
    """``Searcher._factors`` a document at a time (for a searcher of few queries)."""

    def __init__(self, articles: Any, roles: Any, glossary_factor: float) -> None:
        self.articles, self.roles, self.glossary_factor = articles, roles, glossary_factor

    def __getitem__(self, doc: int) -> float:
        if self.articles[doc].startswith("glossary:"):
            return self.glossary_factor
        return ROLE_FACTOR.get(self.roles[doc] if doc < len(self.roles) else "", 1.0)


@dataclass
class _Found:
    """What ``Searcher._run`` found."""

    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # sections matching some words
    strict: int = 0  # sections matching every word (of some reading)
    fell_back: bool = False  # some word had to be left out
    unknown: bool = False  # some typed word is found nowhere (nor its synonyms)
    also: tuple[str, ...] = ()  # synonyms searched that found something


class _Stored:
    """The stored fields of candidate sections, each read once per query."""

    def __init__(self, leaves: list[tuple[Any, str, int]]) -> None:
        self.leaves = leaves
        self.fields: dict[tuple[int, int], dict] = {}
        self.texts: dict[tuple[int, int], str] = {}

    def __call__(self, leaf: int, doc: int) -> dict:
        key = (leaf, doc)
        fields = self.fields.get(key)
        if fields is None:
            fields = self.fields[key] = self.leaves[leaf][0].stored_fields(doc)
        return fields

    def text(self, leaf: int, doc: int) -> str:
        key = (leaf, doc)
        text = self.texts.get(key)
        if text is None:
            text = self.texts[key] = unpack_text(self(leaf, doc).get("text"))
        return text


def _same_topic(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    """Titles about the same thing: most of their terms shared ("Nausea and Vomiting and Cancer
    Treatment", "Nausea and Vomiting Related to Cancer Treatment"), not "Lung Cancer" and "Lung
    Cancer Screening"."""
    if not a or not b:
        return False
    return len(a & b) >= SAME_TOPIC * len(a | b)


@functools.lru_cache(maxsize=4096)
def _topic(title: str) -> frozenset[str] | None:
    """What a title is about, decorations aside (for pairing patient and professional versions)."""
    names = title_names(title)
    return frozenset(names[0]) if names else None


def _band(score: float) -> float:
    return score // TIER_STEP


def _within(score: float) -> float:
    """The part of a ranking value below its band."""
    return score - (score // TIER_STEP) * TIER_STEP


def _patient_first(
    ranked: list[tuple[str, list[tuple[float, int, int]]]],
    leaves: list[tuple[Any, str, int]],
    cache: PostingsCache,
    stored: _Stored,
) -> list[tuple[str, list[tuple[float, int, int]]]]:
    """A health-professional version goes right after the patient version of the same topic
    (the same title, decorations aside) when that one is among the results too."""
    if len(ranked) < 2:
        return ranked
    roles = []
    for _article, article_hits in ranked:
        _score, leaf, doc = article_hits[0]
        segreader, segid, _ = leaves[leaf]
        table = cache.meta(segreader, segid)[0]
        roles.append(table[doc] if doc < len(table) else "")
    if ROLE_PRO not in roles[:-1]:
        return ranked
    topics = []
    for role, (_article, article_hits) in zip(roles, ranked):
        _score, leaf, doc = article_hits[0]
        title = str(stored(leaf, doc).get("title", "")) if role in (ROLE_PRO, ROLE_PATIENT) else ""
        topics.append((role, _topic(title) if title else None))
    out = list(range(len(ranked)))
    for i in range(len(ranked)):
        role, topic = topics[i]
        if role != ROLE_PRO or topic is None:
            continue
        pos = out.index(i)
        later = [j for j in out[pos + 1 :] if topics[j][0] == ROLE_PATIENT and _same_topic(topic, topics[j][1])]
        if later:
            out.remove(i)
            out.insert(out.index(later[0]) + 1, i)
    return [ranked[i] for i in out]


def _place_dictionary(hits: list[Hit], definition: bool, strong: bool) -> list[Hit]:
    """Where the dictionary's terms go. Asked what a word means ("what does X mean"): the best
    term first. Asked "what is X": the articles whose title is X first, then the best term.
    Otherwise no term before the best article."""
    terms = [h for h in hits if h.article_id.startswith("glossary:")]
    if not terms or not hits:
        return hits
    best = max(terms, key=lambda h: _within(h.score))
    rest = [h for h in hits if h is not best]
    if strong:
        return [best] + rest
    if definition:
        titled = [h for h in rest if not h.article_id.startswith("glossary:") and h.score >= (FULL_BAND + TIER_TITLE_IS_QUERY) * TIER_STEP]
        others = [h for h in rest if h not in titled]
        return titled + [best] + others
    if hits[0].article_id.startswith("glossary:"):
        first = next((h for h in hits if not h.article_id.startswith("glossary:")), None)
        if first is not None:
            return [first] + [h for h in hits if h is not first]
    return hits


def _toc_generation(reader: Any) -> int:
    segments = reader.segments() or []
    return hash(tuple(sorted((s.segment_id(), s.deleted_count()) for s in segments)))


def _leaves(reader: Any) -> list[tuple[Any, str, int]]:
    leaves = reader.leaf_readers() if not reader.is_atomic() else [(reader, 0)]
    return [(r, r.segment().segment_id(), base) for r, base in leaves]


def open_searcher(
    library: Library,
    index_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    warm: bool = True,
) -> Searcher:
    """Ensure an up-to-date index for the library (build or incrementally update it), then open it.

    If the index cannot be made current (another process holds it for minutes, the disk is
    full), the searcher still opens on whatever usable index there is, and ``status`` says why.
    ``warm`` (for a session of many searches, e.g. the window) prepares it with ``warm_up``;
    without it the searcher is one for a query or two (``Searcher(few=True)``).
    """
    try:
        status = ensure_index(library, index_dir, progress)
    except (IndexBusy, IndexBroken, BuildError, OSError) as exc:
        log.warning("the search index could not be brought up to date: %s", exc)
        from .index import index_location, library_dirs

        home = Path(index_dir) if index_dir is not None else index_location(library_dirs(library))
        status = IndexStatus("failed", 0, f"search index not updated: {exc}", home)
    searcher = Searcher(status.index_dir, status, few=not warm)
    if warm:
        searcher.warm_up()
    return searcher


__all__ = ["Hit", "SearchResponse", "SectionHit", "Searcher", "open_searcher"]
