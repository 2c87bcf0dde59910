"""Unit tests of ``content/search/query.py``: what the user typed, as words and phrases."""

from __future__ import annotations

from mbc_reader.content.search.query import MAX_CHARS, MAX_WORDS, QueryWord, parse


def texts(parsed) -> list[str]:
    return [w.text for w in parsed.words]


def test_words_are_folded_and_the_unfinished_last_word_is_a_prefix():
    parsed = parse("Hígado CANC")
    assert texts(parsed) == ["higado", "canc"]
    assert [w.prefix for w in parsed.words] == [False, True]


def test_a_trailing_space_or_punctuation_finishes_the_last_word():
    assert not parse("cancer ").words[-1].prefix
    assert not parse("cancer?").words[-1].prefix
    assert parse("cancer_").words[-1].prefix  # still a word character


def test_a_quoted_phrase_is_kept_in_order_and_taken_as_typed():
    parsed = parse('chemo "lymph nodes" sid')
    assert parsed.phrases == (("lymph", "nodes"),)
    assert parsed.words[1:3] == (QueryWord("lymph", phrase=0, exact=True), QueryWord("nodes", phrase=0, exact=True))
    assert parsed.words[0] == QueryWord("chemo") and parsed.words[3] == QueryWord("sid", prefix=True)


def test_curly_quotes_are_quotes():
    assert parse("\u201cradiation therapy\u201d").phrases == (("radiation", "therapy"),)
    assert parse("\u00abcancer de mama\u00bb").phrases == (("cancer", "de", "mama"),)


def test_a_quoted_single_word_is_exact_but_not_a_phrase():
    parsed = parse('"chemotheraphy"')
    assert parsed.phrases == ()
    assert parsed.words == (QueryWord("chemotheraphy", exact=True),)


def test_an_unclosed_quote_is_ignored():
    parsed = parse('"unclosed quote')
    assert parsed.phrases == ()
    assert texts(parsed) == ["unclosed", "quote"]
    assert not any(w.exact for w in parsed.words)


def test_a_closing_quote_finishes_the_last_word():
    assert not any(w.prefix for w in parse('"lymph nodes"').words)


def test_empty_and_wordless_input_is_empty():
    for text in ("", None, "   ", "*", '""', "!!!", "\u2764\ufe0f"):
        assert parse(text).empty, text


def test_long_input_is_cut_to_a_sane_size():
    parsed = parse(" ".join(f"w{i}" for i in range(50)))
    assert len(parsed.words) == MAX_WORDS
    assert texts(parsed)[0] == "w0"
    huge = parse("a" * (MAX_CHARS * 10))
    assert len(huge.words) == 1 and len(huge.words[0].text) == MAX_CHARS
