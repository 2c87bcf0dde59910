"""Unit tests of ``content/search/rank.py``: an article's role and its title's names."""

from __future__ import annotations

import pytest

from mbc_reader.content.search.rank import (
    ROLE_MEDIA,
    ROLE_PATIENT,
    ROLE_PRO,
    ROLE_RESEARCH,
    covers,
    is_title,
    pack_meta,
    role_of,
    title_forms,
    title_names,
    unpack_meta,
)


@pytest.mark.parametrize(
    "url, role",
    [
        ("https://www.cancer.gov/types/lung/hp/lung-treatment-pdq", ROLE_PRO),
        ("/about-cancer/treatment/cam/hp/acupuncture-pdq", ROLE_PRO),
        ("/types/skin/melanoma-hp-pdq", ROLE_PRO),
        ("/news-events/cancer-currents-blog/2020/some-news", ROLE_RESEARCH),
        ("/types/breast/research/new-drugs", ROLE_RESEARCH),
        ("/types/breast/mammograms-video", ROLE_MEDIA),
        ("/types/breast", ROLE_PATIENT),
        (None, ROLE_PATIENT),
    ],
)
def test_the_role_comes_from_the_address(url, role):
    assert role_of(url, "Some Title") == role


def test_a_health_professional_title_is_that_role_whatever_the_address():
    assert role_of("/types/lung", "Lung Cancer Treatment (PDQ®)–Health Professional Version") == ROLE_PRO


def test_title_forms_drop_decorations_and_add_shorter_names():
    assert title_forms("Breast Cancer Treatment (PDQ®)–Patient Version") == ["Breast Cancer Treatment"]
    assert title_forms("Lung Cancer - NCI") == ["Lung Cancer"]
    assert title_forms("CAR T Cells: Engineering Immune Cells") == ["CAR T Cells: Engineering Immune Cells", "CAR T Cells"]
    assert title_forms("Lumpectomy (Breast-Conserving Surgery)") == [
        "Lumpectomy (Breast-Conserving Surgery)", "Lumpectomy", "Breast-Conserving Surgery"]
    assert title_forms("") == []


def test_title_names_are_sorted_term_sets_without_repeats():
    assert title_names("Radiation Therapy and Radiation") == (("radiat", "therapi"),)


def test_the_meta_column_round_trips():
    names = (("a", "b"), ("c",))
    assert unpack_meta(pack_meta(ROLE_PRO, names)) == (ROLE_PRO, (frozenset({"a", "b"}), frozenset({"c"})))
    assert unpack_meta(pack_meta(ROLE_PATIENT)) == (ROLE_PATIENT, ())
    assert unpack_meta(None) == ("", ()) and unpack_meta(b"") == ("", ())


def test_a_query_is_a_title_when_it_has_its_words_and_only_generic_others():
    names = tuple(frozenset(n) for n in title_names("Chemotherapy to Treat Cancer"))
    assert is_title([{"chemotherapi"}], names)  # "to treat cancer" is generic
    assert not is_title([{"chemotherapi"}, {"side"}], names)  # a word the title lacks
    lung = tuple(frozenset(n) for n in title_names("Lung Cancer Screening"))
    assert not is_title([{"lung"}], lung)  # the title is about more than the query
    assert not is_title([], names)


def test_covers_needs_a_term_of_every_group():
    assert covers([{"a", "x"}, {"b"}], frozenset({"a", "b"}))
    assert not covers([{"a"}, {"z"}], frozenset({"a", "b"}))
    assert not covers([], frozenset({"a"}))
