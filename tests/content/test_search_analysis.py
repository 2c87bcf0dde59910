"""Unit tests of ``content/search/analysis.py``: folding, tokens, stop words, stems."""

from __future__ import annotations

import pytest

from mbc_reader.content.search.analysis import (
    MAX_WORD,
    TOKEN,
    fold,
    index_terms,
    is_spell_word,
    language_of,
    spell_words,
    stemmer,
    stop_words,
    term_of,
    words,
)


def test_folding_drops_case_and_accents_one_character_for_one():
    assert fold("Hígado ÑANDÚ Ça") == "higado nandu ca"
    assert fold("Straße") == "straße"  # ß has no single-letter base: lower-cased only
    assert len(fold("Él está aquí")) == len("Él está aquí")


def test_tokens_keep_dotted_abbreviations_and_decimals_whole():
    assert TOKEN.findall("e.g. 3.5 mg, x-ray") == ["e.g", "3.5", "mg", "x", "ray"]


def test_a_long_run_of_letters_and_dots_is_tokenised_in_linear_time():
    import time

    text = "a." * 50_000 + "!"
    started = time.perf_counter()
    assert TOKEN.findall(text)[0].startswith("a.a.")
    assert time.perf_counter() - started < 1.0


def test_stop_words_and_overlong_tokens_are_left_out():
    assert words("The cancer and the " + "x" * (MAX_WORD + 1), "en") == ["cancer"]
    assert words("x" * MAX_WORD, "en") == ["x" * MAX_WORD]


def test_english_and_spanish_are_stemmed_each_its_own_way():
    assert index_terms("The therapies were running", "en") == ["therapi", "run"]
    assert index_terms("los tratamientos del hígado", "es") == ["tratamient", "hig"]
    assert index_terms("Hígado", "es") == index_terms("higado", "es")  # accents folded first


def test_other_languages_are_folded_but_not_stemmed():
    assert language_of("fr") == "xx"
    assert index_terms("Les Thérapies", "xx") == ["les", "therapies"]
    assert stop_words("xx") == frozenset()


def test_numbers_are_not_stemmed():
    assert stemmer("en")("123s") == "123s"
    assert term_of("3.5", "en") == "3.5"


@pytest.mark.parametrize("code, expected", [("en", "en"), ("ES-mx", "es"), (None, "en"), ("", "en"), ("de", "xx")])
def test_language_codes_are_reduced_to_the_known_ones(code, expected):
    assert language_of(code) == expected


def test_the_term_of_one_word_is_its_stem_or_none_for_a_stop_word():
    assert term_of("fractures", "en") == term_of("fracture", "en") == "fractur"
    assert term_of("the", "en") is None
    assert term_of("", "en") is None
    assert term_of("x" * (MAX_WORD + 1), "en") is None


def test_index_terms_and_term_of_agree_word_by_word():
    text = "Radiation therapy treats cancers of the lymph nodes"
    assert index_terms(text, "en") == [t for w in TOKEN.findall(fold(text)) if (t := term_of(w, "en"))]


def test_spell_words_are_words_worth_offering():
    assert is_spell_word("ab") and is_spell_word("chemotherapy")
    assert not is_spell_word("a") and not is_spell_word("e.g") and not is_spell_word("3d")
    assert not is_spell_word("x" * 31)
    assert spell_words(["ab", "3d", "e.g", "lymph"]) == {"ab", "lymph"}
