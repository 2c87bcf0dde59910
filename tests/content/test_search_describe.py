"""A query that describes a condition reaches the dictionary term whose definition says so:
on a small made-up dictionary (each rule) and on the bundled NCI dictionary (the issue's case)."""

from __future__ import annotations

import pytest

from mbc_reader.content.search import describe
from mbc_reader.content.search.describe import Describer, build_table, first_sentence, marks
from mbc_reader.content.search.synonyms import _rows, expansions, phrase_words

ROWS = [
    ("anemia", "A condition in which the number of red blood cells is below normal.",
     "anemia", "Afección en la que el número de glóbulos rojos está por debajo de lo normal."),
    ("Blackfan-Diamond anemia", "A rare inherited condition in which the bone marrow makes too few red blood "
     "cells at birth.", None, None),
    ("red blood cell", "A type of blood cell that carries oxygen.", "glóbulo rojo", "Tipo de célula de la sangre."),
    ("early-stage cancer", "Cancer that is early in its growth and may not have spread to other parts of the body.",
     None, None),
    ("metastasis", "The spread of cancer cells from the place where they first formed to another part of the body.",
     None, None),
    ("breast cancer", "Cancer that forms in tissues of the breast.", None, None),
    ("tamoxifen", "A drug used to treat breast cancer.", None, None),
]  # fmt: skip


def term(query: str, frequency=None, rows=ROWS) -> str | None:
    return Describer(build_table(rows)).term(phrase_words(query), frequency)


def test_the_issue_query_reaches_anemia():
    assert term("not enough red blood cells") == "anemia"


def test_amounts_are_brought_together_whatever_the_words():
    low = marks(phrase_words("too few"), "en")
    assert low == marks(phrase_words("below normal"), "en") == marks(phrase_words("not enough"), "en") == {"~low"}
    assert marks(phrase_words("I don't have enough"), "en") == {"~low"}  # words between "not" and "enough"
    assert marks(phrase_words("no tengo suficientes"), "es") == {"~low"}
    assert "~high" in marks(phrase_words("too many white blood cells"), "en")


def test_a_spanish_description_leads_to_the_english_name():
    assert term("no tengo suficientes glóbulos rojos") == "anemia"


def test_a_query_that_names_a_term_is_not_a_description():
    assert term("red blood cells") is None  # the term red blood cell is named: search finds it itself
    assert term("breast cancer drugs") is None  # two thirds of it is a name: a topic


def test_a_negated_definition_is_not_what_an_plain_query_means():
    assert term("cancer that has spread to other parts of the body") == "metastasis"


def test_fewer_than_three_marks_never_describe_unless_one_is_an_amount():
    assert term("blood cells") is None and term("spread") is None
    rows = ROWS + [("thrombocytopenia", "A condition in which there is a lower-than-normal number of platelets.",
                    None, None), ("platelet transfusion", "Platelets given when there are too few.", None, None)]
    assert term("low platelets", rows=rows) == "thrombocytopenia"  # one-word names only: a condition's
    assert term("high platelets", rows=rows) is None


def test_abbreviations_are_never_what_is_searched_as_well():
    rows = [("MDS", "Too few red blood cells made.", None, None)]
    assert term("too few red blood cells", rows=rows) is None


def test_the_commonest_name_wins_among_close_definitions():
    uses = {"anemia": 50.0, "blackfan": 1.0, "diamond": 1.0}
    assert term("too few red blood cells", uses.get) == "anemia"
    assert term("too few red blood cells", lambda w: 1.0) == "anemia"  # as common: the shorter definition
    rows = [row for row in ROWS if row[0] != "anemia"]
    assert term("too few red blood cells", lambda w: 1.0, rows) == "Blackfan-Diamond anemia"
    assert term("too few red blood cells", lambda w: 0.0) is None  # a name the articles never use finds nothing


def test_first_sentence_stops_at_the_first_full_stop():
    assert first_sentence("A drug. It is used (in trials).") == "A drug"
    assert first_sentence("No stop here") == "No stop here"


class Word:
    def __init__(self, text: str, exact: bool = False) -> None:
        self.text, self.exact = text, exact


def test_expansions_search_the_described_term_as_a_reading_of_the_whole_query():
    table = {"en": {}, "es": {}, "describe": Describer(build_table(ROWS))}
    words = [Word(w) for w in phrase_words("not enough red blood cells")]
    (span,) = expansions(words, table, lambda w: 1.0)
    assert (span.start, span.length, span.targets) == (0, len(words), ("anemia",))
    quoted = [Word(w.text, exact=True) for w in words]
    assert expansions(quoted, table, lambda w: 1.0) == []  # quoted: searched as typed


@pytest.fixture(scope="module")
def nci() -> Describer:
    rows = _rows()
    if not rows:
        pytest.skip("the bundled dictionary (resources/glossary.sqlite) is not there")
    return Describer(build_table(rows))


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("not enough red blood cells", "anemia"),
        ("too few white blood cells", "neutropenia"),
        ("low blood sugar", "hypoglycemia"),
        ("cancer that has spread to other parts of the body", "metastasis"),
        ("no tengo suficientes glóbulos rojos", "anemia"),
        ("low platelets", "thrombocytopenia"),  # an amount and one thing
        ("bajo nivel de plaquetas", "thrombocytopenia"),
        ("swelling caused by fluid in tissues", "edema"),
    ],
)
def test_on_the_nci_dictionary_descriptions_reach_their_terms(nci, query, meant):
    common = {"anemia", "neutropenia", "hypoglycemia", "metastasis", "thrombocytopenia", "edema"}
    assert nci.term(phrase_words(query), lambda w: 100.0 if w in common else 1.0) == meant


@pytest.mark.parametrize("query", ["breast cancer treatment", "chemotherapy side effects", "cancer in the lymph nodes",
                                   "red blood cells", "what is radiation therapy", "high risk", "low dose",
                                   "low grade tumor", "high grade"])  # fmt: skip
def test_on_the_nci_dictionary_topics_are_left_alone(nci, query):
    assert nci.term(phrase_words(query), lambda w: 1.0) is None


def test_limits_are_sane():
    assert describe.MIN_MARKS >= 3 and describe.MAX_SENTENCE_MARKS > describe.MIN_MARKS
