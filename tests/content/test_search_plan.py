"""Unit tests of ``content/search/plan.py`` (term groups, readings, "did you mean") and of the
synonym look-up it uses (``content/search/synonyms.py``)."""

from __future__ import annotations

import pytest

from mbc_reader.content.search.plan import SYNONYM_FACTOR, groups_of, own_terms, readings_of, suggest
from mbc_reader.content.search.query import parse
from mbc_reader.content.search.synonyms import CURATED, DICTIONARY, build_map, expansions, key_of
from mbc_reader.content.search.vocabulary import COMPLETION_FACTOR, Alternative, Vocabulary

EN = ("en",)


@pytest.fixture
def vocabulary() -> Vocabulary:
    return Vocabulary(
        [
            {
                "cancer": 100.0, "cancers": 20.0, "chemotherapy": 50.0, "radiation": 40.0, "therapy": 30.0,
                "chemoterapy": 1.0, "metastasis": 9.0, "vomiting": 25.0, "nausea": 20.0, "lymphedema": 12.0,
                "arm": 8.0, "swollen": 2.0, "surgery": 30.0, "neoplasm": 1.0, "tumor": 60.0,
            }
        ]
    )


def terms(group) -> list[str]:
    return [alt.term for alt in group]


def test_each_word_is_a_group_of_its_stems_the_last_one_expanded(vocabulary):
    groups, phrases, definition = groups_of(parse("radiation ther"), vocabulary, EN)
    assert groups == [(Alternative("radiat"),), (Alternative("therapi", COMPLETION_FACTOR),)]
    assert (phrases, definition) == ([], False)


def test_stop_words_make_no_group(vocabulary):
    groups, _, _ = groups_of(parse("the cancer and"), vocabulary, EN)
    assert [terms(g) for g in groups] == [["cancer"]]  # "and" being typed: a stop word most likely


def test_a_prefix_that_starts_no_word_is_an_empty_group(vocabulary):
    groups, _, _ = groups_of(parse("cancer zqx"), vocabulary, EN)
    assert [terms(g) for g in groups] == [["cancer"], []]  # AND then finds nothing


def test_a_quoted_phrase_gives_its_term_sets_in_order(vocabulary):
    groups, phrases, _ = groups_of(parse('"radiation therapy" cancer '), vocabulary, EN)
    assert [terms(g) for g in groups] == [["radiat"], ["therapi"], ["cancer"]]
    assert phrases == [[{"radiat"}, {"therapi"}]]


def test_asking_what_a_word_means_drops_the_cue_words(vocabulary):
    groups, _, definition = groups_of(parse("what does metastasis mean"), vocabulary, EN)
    assert [terms(g) for g in groups] == [["metastasi"]] and definition
    groups, _, definition = groups_of(parse("mean "), vocabulary, EN)
    assert [terms(g) for g in groups] == [["mean"]] and not definition  # only the cue: searched


def test_own_terms_has_a_stem_per_language():
    assert own_terms("tratamientos", ("en", "es")) == {"tratamiento", "tratamient"}
    assert own_terms("the", EN) == set()


def test_a_rare_misspelling_is_suggested_its_common_spelling(vocabulary):
    assert suggest(parse("chemoterapy "), vocabulary, EN) == "chemotherapy"
    assert suggest(parse("radiation chemoterapy "), vocabulary, EN) == "radiation chemotherapy"


def test_no_suggestion_for_quoted_common_or_still_typed_words(vocabulary):
    assert suggest(parse('"chemoterapy"'), vocabulary, EN) is None  # quoted: as typed
    assert suggest(parse("cancer "), vocabulary, EN) is None  # common enough
    assert suggest(parse("chemot"), vocabulary, EN) is None  # being typed, and starts real words
    assert suggest(parse("zz "), vocabulary, EN) is None  # too short to judge


@pytest.fixture
def table():
    curated = [{"say": ["throwing up"], "means": ["vomiting"]}, {"say": ["swollen arm"], "means": ["lymphedema"]}]
    pairs = [("tumor", "en", "neoplasm", DICTIONARY)]  # "Also called tumor": neoplasm is rarer
    return build_map(curated, pairs)


def test_the_synonym_table_is_keyed_by_stems_with_stop_words_kept(table):
    assert key_of(["throwing", "up"], "en") == "throw up"
    assert table["en"]["throw up"] == [["vomiting", CURATED]]


def test_a_curated_phrase_is_found_in_the_query(table, vocabulary):
    spans = expansions(parse("throwing up after chemo").words, table, vocabulary.frequency)
    assert [(s.start, s.length, s.targets) for s in spans] == [(0, 2, ("vomiting",))]


def test_a_dictionary_name_never_leads_to_a_rarer_word(table, vocabulary):
    assert expansions(parse("tumor ").words, table, vocabulary.frequency) == []


def test_a_one_word_synonym_joins_its_word_s_group(vocabulary):
    table = build_map([{"say": ["chemo"], "means": ["chemotherapy"]}], [])
    readings, _, _ = readings_of(parse("chemo "), vocabulary, EN, table)
    assert len(readings) == 1
    assert readings[0].groups == [(Alternative("chemo"), Alternative("chemotherapi", SYNONYM_FACTOR))]
    assert readings[0].targets == ("chemotherapy",)


def test_a_longer_synonym_is_a_second_reading_in_place_of_its_phrase(table, vocabulary):
    readings, _, _ = readings_of(parse("swollen arm after surgery "), vocabulary, EN, table)
    assert [[terms(g) for g in r.groups] for r in readings] == [
        [["swollen"], ["arm"], ["surgeri"]],
        [["lymphedema"], ["surgeri"]],
    ]
    assert readings[1].factor == SYNONYM_FACTOR and readings[1].targets == ("lymphedema",)


def test_the_lazy_map_finds_what_the_parsed_map_holds(table):
    """A one-shot search reads only the keys it asks for from the stored JSON text."""
    import json

    from mbc_reader.content.search.synonyms import LazyMap

    table = build_map(
        [{"say": ["throwing up", "vomiting"], "means": ["vomiting", "emesis"]}, {"say": ["chemo"], "means": ["chemotherapy"]}],
        [("náuseas", "es", "nausea", "s"), ("es", "en", "estrogen", DICTIONARY), ("tumor", "es", "neoplasm", "s")],
    )
    from mbc_reader.content.search.describe import build_table

    table = dict(table, describe=build_table([("anemia", "A condition in which the number of red blood cells is below normal.", None, None)]))
    lazy = LazyMap(json.dumps(table, ensure_ascii=False, separators=(",", ":")))
    assert lazy.get("describe").names == ["anemia"]
    table.pop("describe")
    keys = {k for part in table.values() for k in part} | {"missing", "vomit", "nause", "es", "emesis"}
    for language in ("en", "es"):
        for key in sorted(keys):
            assert lazy.get(language, {}).get(key, ()) == table[language].get(key, ()), (language, key)
    assert lazy.get("fr") is None and lazy
    assert lazy.get("en", {}).get("vomit") == [["vomiting", CURATED], ["emesis", CURATED]]
