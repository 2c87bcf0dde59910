"""Unit tests of ``content/search/scoring.py`` (BM25 over bulk-decoded postings) and of the
impact weights ``content/search/schema.py`` writes into them."""

from __future__ import annotations

import math

import pytest
from whoosh import index as whoosh_index

from mbc_reader.content.search.schema import codec
from mbc_reader.content.search.schema import AVG_BODY, B_BODY, K1, ImpactField, make_schema, pack_text, unpack_text
from mbc_reader.content.search.scoring import HEAD_BOOST, Evaluator, PostingsCache, SegmentResult, idf, top_documents
from mbc_reader.content.search.vocabulary import Alternative

DOCS = [  # (article, body terms, head terms, title-name terms)
    ("d0", ["radiat", "therapi"], [], ["radiat", "therapi"]),
    ("d1", ["radiat"], [], []),
    ("d2", ["therapi", "therapi", "radiat"], ["therapi"], []),
    ("d3", ["cancer"], [], []),
]
WEIGHTS = {"radiat": 1.0, "therapi": 2.0, "cancer": 0.5}


def impact(tf: int, length: int) -> float:
    """BM25's term-frequency part, as ImpactField writes it (rounded to three places)."""
    norm = K1 * (1.0 - B_BODY + B_BODY * length / AVG_BODY)
    return round(tf * (K1 + 1.0) / (tf + norm), 3)


@pytest.fixture(scope="module")
def segment(tmp_path_factory):
    ix = whoosh_index.create_in(str(tmp_path_factory.mktemp("scoring")), make_schema())
    writer = ix.writer(codec=codec())
    for article, body, head, tname in DOCS:
        writer.add_document(kind="section", article=article, body=body, head=head, tname=tname)
    writer.commit()
    reader = ix.reader()
    yield reader, reader.segment().segment_id()
    reader.close()
    ix.close()


def group(*terms: str) -> tuple[Alternative, ...]:
    return tuple(Alternative(t) for t in terms)


def test_impact_weights_follow_bm25_term_frequency():
    field = ImpactField(B_BODY, AVG_BODY)
    postings = {term.decode(): (tf, weight) for term, tf, weight, _ in field.index(["a", "a", "b"])}
    assert postings == {"a": (2, impact(2, 3)), "b": (1, impact(1, 3))}
    assert impact(2, 3) > impact(1, 3)  # more occurrences, more weight ...
    assert impact(1, 3) > impact(1, 300)  # ... and a short section is more about its word


def test_stored_text_is_compressed_and_read_back():
    assert unpack_text(pack_text("Hígado \u2026")) == "Hígado \u2026"
    assert unpack_text(b"not zlib") == "" and unpack_text(None) == "" and unpack_text("plain") == "plain"


def test_idf_falls_as_a_term_gets_commoner():
    n = 100
    values = [idf(df, n) for df in (1, 10, 50, 100)]
    assert values == sorted(values, reverse=True)
    assert values[-1] > 0  # even a word in every section counts a little
    assert math.isclose(idf(1, 100), math.log(1 + 99.5 / 1.5))


def test_postings_are_decoded_in_bulk_and_cached(segment):
    reader, segid = segment
    cache = PostingsCache()
    ids, weights = cache.get(reader, segid, "body", "therapi")
    assert list(ids) == [0, 2]
    assert [round(w, 3) for w in weights] == [impact(1, 2), impact(2, 3)]
    assert cache.get(reader, segid, "body", "therapi")[0] is ids  # the same arrays again
    assert list(cache.get(reader, segid, "body", "absent")[0]) == []


def test_the_cache_keeps_only_so_many_postings(segment):
    reader, segid = segment
    cache = PostingsCache(capacity=3)
    first = cache.get(reader, segid, "body", "radiat")  # 3 postings
    cache.get(reader, segid, "body", "therapi")  # 2 more: "radiat" goes
    assert cache.get(reader, segid, "body", "radiat") is not first


def test_the_segment_s_article_of_every_document(segment):
    reader, segid = segment
    assert PostingsCache().articles(reader, segid) == ["d0", "d1", "d2", "d3"]


def test_and_keeps_only_documents_with_every_word_and_adds_their_scores(segment):
    reader, segid = segment
    result = Evaluator(PostingsCache(), reader, segid, WEIGHTS).run([group("radiat"), group("therapi")], "and")
    assert set(result.scores) == {0, 2}
    assert result.coverage is None
    assert result.scores[0] == pytest.approx(1.0 * impact(1, 2) + 2.0 * impact(1, 2), abs=1e-3)
    head = HEAD_BOOST * 2.0 * round(_head_impact(), 3)  # "therapi" is also its one heading word
    assert result.scores[2] == pytest.approx(1.0 * impact(1, 3) + 2.0 * impact(2, 3) + head, abs=1e-3)
    assert result.heads == {2: 1}


def _head_impact() -> float:
    """The weight of a one-word heading's word (the ``head`` field's own BM25 constants)."""
    from mbc_reader.content.search.schema import AVG_HEAD, B_HEAD

    norm = K1 * (1.0 - B_HEAD + B_HEAD * 1 / AVG_HEAD)
    return 1 * (K1 + 1.0) / (1 + norm)


def test_or_counts_how_many_words_each_document_has(segment):
    reader, segid = segment
    result = Evaluator(PostingsCache(), reader, segid, WEIGHTS).run([group("radiat"), group("cancer")], "or")
    assert result.coverage == {0: 1, 1: 1, 2: 1, 3: 1}
    result = Evaluator(PostingsCache(), reader, segid, WEIGHTS).run([group("radiat"), group("therapi")], "or")
    assert result.coverage == {0: 2, 1: 1, 2: 2}


def test_the_best_alternative_of_a_word_counts_not_their_sum(segment):
    reader, segid = segment
    evaluator = Evaluator(PostingsCache(), reader, segid, WEIGHTS)
    alone = evaluator.run([group("therapi")], "and").scores[0]
    both = evaluator.run([(Alternative("therapi"), Alternative("radiat", 0.5))], "and").scores[0]
    assert both == pytest.approx(alone)


def test_a_word_found_nowhere_makes_and_find_nothing(segment):
    reader, segid = segment
    result = Evaluator(PostingsCache(), reader, segid, WEIGHTS).run([group("radiat"), group("zebra")], "and")
    assert result.scores == {}


def test_title_words_are_counted_per_document(segment):
    reader, segid = segment
    titles = Evaluator(PostingsCache(), reader, segid, WEIGHTS).titles([group("radiat"), group("therapi"), group("cancer")])
    assert set(titles) == {0} and titles[0][0] == 2


def test_deleted_documents_are_never_scored(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    writer = ix.writer(codec=codec())
    for article, body, head, tname in DOCS:
        writer.add_document(kind="section", article=article, body=body, head=head, tname=tname)
    writer.commit()
    writer = ix.writer(codec=codec())
    writer.delete_by_term("article", "d1")
    writer.commit(merge=False)
    with ix.reader() as reader:
        result = Evaluator(PostingsCache(), reader, reader.segment().segment_id(), WEIGHTS).run([group("radiat")], "and")
    ix.close()
    assert set(result.scores) == {0, 2}


def test_top_documents_rank_more_words_matched_first():
    result = SegmentResult(scores={1: 9.0, 2: 1.0, 3: 5.0}, coverage={1: 1, 2: 2, 3: 2})
    top = top_documents(result, 2, 3)
    assert [doc for _, doc in top] == [3, 2, 1]
    assert top[2] == (pytest.approx(9.0 * 1 / 2), 1)  # scaled by the share of words matched
    assert top_documents(SegmentResult({1: 1.0, 2: 3.0}, None), 1, 1) == [(3.0, 2)]
    assert top_documents(SegmentResult({}, None), 1, 5) == []
