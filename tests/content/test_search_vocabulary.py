"""Unit tests of ``content/search/vocabulary.py``: edit distance, completing, correcting."""

from __future__ import annotations

import pytest

from mbc_reader.content.search.vocabulary import (
    COMPLETION_FACTOR,
    EXPANSIONS,
    Alternative,
    Vocabulary,
    edit_distance,
)


@pytest.mark.parametrize(
    "a, b, limit, expected",
    [
        ("kitten", "sitting", 5, 3),
        ("metastatc", "metastatic", 2, 1),  # one letter left out
        ("ab", "ba", 2, 1),  # two letters swapped count once (optimal string alignment)
        ("chemoterapy", "chemotherapy", 2, 1),
        ("same", "same", 2, 0),
        ("", "abc", 3, 3),
    ],
)
def test_edit_distance(a, b, limit, expected):
    assert edit_distance(a, b, limit) == expected
    assert edit_distance(b, a, limit) == expected


def test_edit_distance_stops_at_the_limit():
    assert edit_distance("abcdef", "ghijkl", 2) == 3  # limit + 1: "more than the limit"
    assert edit_distance("a", "abcd", 1) == 2  # the lengths alone say so


@pytest.fixture
def vocabulary() -> Vocabulary:
    return Vocabulary(
        [
            {"cancer": 100.0, "cancers": 20.0, "canal": 3.0, "chemotherapy": 50.0},
            {"cancer": 5.0, "metastatic": 30.0, "metastasis": 40.0, "can": 2.0},
        ]
    )


def test_segments_are_merged_with_their_counts_added(vocabulary):
    assert len(vocabulary) == 7
    assert vocabulary.frequency("cancer") == 105.0
    assert vocabulary.frequency("nothing") == 0.0
    assert "metastasis" in vocabulary and "metastas" not in vocabulary
    assert vocabulary.words == sorted(vocabulary.words)


def test_completions_are_the_commonest_words_with_the_prefix(vocabulary):
    assert vocabulary.completions("canc") == [("cancer", 105.0), ("cancers", 20.0)]
    assert vocabulary.completions("ca", 2) == [("cancer", 105.0), ("cancers", 20.0)]
    assert vocabulary.completions("zz") == []


def test_an_unfinished_word_expands_to_the_stems_of_its_completions(vocabulary):
    # "cancer" and "cancers" share a stem: one alternative, their counts added
    assert vocabulary.expand("canc", ("en",)) == (Alternative("cancer", COMPLETION_FACTOR),)


def test_a_whole_word_counts_fully_and_comes_first(vocabulary):
    group = vocabulary.expand("can", ("en",))
    assert group[0] == Alternative("can", 1.0)
    assert {a.term for a in group} == {"can", "cancer", "canal"}
    assert all(a.factor == COMPLETION_FACTOR for a in group[1:])


def test_one_letter_expands_to_few_alternatives(vocabulary):
    group = vocabulary.expand("c", ("en",))
    assert len(group) == EXPANSIONS[1]
    assert [a.term for a in group] == ["cancer", "chemotherapi", "canal"]  # commonest first


def test_an_unknown_prefix_expands_to_nothing(vocabulary):
    assert vocabulary.expand("qq", ("en",)) == ()


def test_a_misspelling_is_corrected_to_a_close_common_word(vocabulary):
    assert vocabulary.correct("chemoterapy") == "chemotherapy"
    assert vocabulary.correct("cancr") == "cancer"
    assert vocabulary.correct("cabcer") == "cancer"


def test_fewer_edits_beat_a_commoner_word(vocabulary):
    # metastasis is commoner, but two edits away; metastatic is one
    assert vocabulary.correct("metastatc") == "metastatic"


def test_nothing_close_is_no_correction(vocabulary):
    assert vocabulary.correct("xyzzy") is None


def test_a_word_is_never_its_own_correction(vocabulary):
    # the closest *other* word; whether to offer it is the planner's call (by frequency)
    assert vocabulary.correct("cancer") == "cancers"


def test_a_wrong_first_letter_is_found_through_the_first_letter_alone():
    vocabulary = Vocabulary([{"lymphedema": 10.0}])
    assert vocabulary.correct("lymphadema") == "lymphedema"
    assert vocabulary.correct("lumphedema") == "lymphedema"  # second letter wrong: first letter only


def test_corrections_are_cached_per_word(vocabulary):
    assert vocabulary.correct("cancr") == "cancer"
    vocabulary.words.clear()  # the cache answers without looking again
    assert vocabulary.correct("cancr") == "cancer"


def test_the_term_vocabulary_gives_the_same_answers_read_from_the_index(tmp_path):
    """What a one-shot searcher uses (read by prefix from the index) answers as the full one."""
    from whoosh import index as whoosh_index

    from mbc_reader.content.search.schema import codec, make_schema
    from mbc_reader.content.search.vocabulary import TermVocabulary, segment_words

    parts = [
        {"cancer": 100, "cancers": 20, "canal": 3, "chemotherapy": 50},
        {"cancer": 5, "metastatic": 30, "metastasis": 40, "can": 2},
    ]
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    for part in parts:  # one segment each
        writer = ix.writer(codec=codec())
        writer.add_document(kind="vocab", article="", spell=part)
        writer.commit(merge=False)
    with ix.reader() as reader:
        segments = [r for r, _ in reader.leaf_readers()]
        assert len(segments) == 2
        full = Vocabulary([segment_words(r) for r in segments])
        lazy = TermVocabulary(segments)
        for word in ("c", "ca", "canc", "cancer", "chemoterapy", "metastatc", "meta", "cabcer", "zz", "m"):
            assert lazy.completions(word) == full.completions(word), word
            assert lazy.expand(word, ("en",)) == full.expand(word, ("en",)), word
            assert lazy.correct(word) == full.correct(word), word
            assert lazy.frequency(word) == full.frequency(word), word
            assert (word in lazy) == (word in full), word
        assert len(lazy) == len(full) == 7
    ix.close()
