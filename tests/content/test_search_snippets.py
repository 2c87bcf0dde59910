"""Unit tests of ``content/search/snippets.py``: matched words in bold, the rest escaped."""

from __future__ import annotations

from mbc_reader.content.search.snippets import (
    LEAD_CHARS,
    SNIPPET_CHARS,
    contains_phrase,
    fold_same_length,
    make_snippet,
    matches,
)

EN = ("en",)


def test_words_are_matched_by_their_stem_whatever_their_form():
    text = "Bone Fractures happen. A fracture heals."
    assert [text[s:e] for s, e in matches(text, {"fractur"}, EN)] == ["Fractures", "fracture"]


def test_a_word_that_only_starts_like_a_term_is_not_matched():
    text = "Fractal patterns, and a fracture."
    assert [text[s:e] for s, e in matches(text, {"fractur"}, EN)] == ["fracture"]


def test_the_snippet_escapes_everything_but_its_bold_marks():
    snippet = make_snippet("A fracture <script> & therapies help.", {"fractur", "therapi"}, EN)
    assert snippet == "A <b>fracture</b> &lt;script&gt; &amp; <b>therapies</b> help."


def test_a_match_far_into_a_section_is_shown_with_some_text_before_it():
    text = "word " * 200 + "the target here " + "word " * 200
    snippet = make_snippet(text, {"target"}, EN)
    assert snippet.startswith("\u2026") and snippet.endswith("\u2026")
    assert "<b>target</b>" in snippet
    before = snippet[1 : snippet.index("<b>")]
    assert 0 < len(before) <= LEAD_CHARS + 1
    assert len(snippet.replace("<b>", "").replace("</b>", "")) <= SNIPPET_CHARS + 2


def test_without_a_match_the_snippet_is_the_start_of_the_section():
    assert make_snippet("No match here.", {"zebra"}, EN) == "No match here."
    long = "start " + "word " * 100
    snippet = make_snippet(long, {"zebra"}, EN)
    assert snippet.startswith("start word") and snippet.endswith("\u2026")


def test_accented_text_is_matched_and_shown_as_written():
    snippet = make_snippet("El hígado y el HÍGADO.", {"hig"}, ("es",))
    assert snippet == "El <b>hígado</b> y el <b>HÍGADO</b>."


def test_folding_keeps_every_character_in_place():
    for text in ("İstanbul Ça", "Straße ﬁne", "ÀÉÎÕÜ"):
        assert len(fold_same_length(text)) == len(text)
    assert fold_same_length("İstanbul Ça") == "istanbul ca"


def test_a_phrase_must_be_in_order_with_only_stop_words_between():
    phrase = [{"lymph"}, {"node"}]
    assert contains_phrase("Cancer in the lymph nodes.", phrase, EN)
    assert contains_phrase("lymph of the nodes", phrase, EN)  # stop words do not count
    assert not contains_phrase("nodes and lymph", phrase, EN)
    assert not contains_phrase("lymph big nodes", phrase, EN)
    assert not contains_phrase("lymph", phrase, EN)
    assert contains_phrase("anything", [], EN)  # no phrase: nothing to check
