"""The app's own words on articles and printouts: one catalogue, both languages, dates by Babel."""

from __future__ import annotations

from datetime import date

from mbc_reader.content import labels, printout_html
from mbc_reader.content.labels import LABELS, format_day, label


def test_every_label_is_in_both_languages():
    assert set(LABELS["en"]) == set(LABELS["es"])
    assert all(LABELS["es"][key] and LABELS["es"][key] != LABELS["en"][key] or "{" in LABELS["en"][key]
               for key in LABELS["en"])  # fmt: skip


def test_dates_are_written_by_the_locale_library():
    assert format_day(date(2025, 12, 30), "en") == "December 30, 2025"
    assert format_day(date(2025, 12, 30), "es") == "30 de diciembre de 2025"
    assert format_day(date(2026, 3, 1), "xx") == "March 1, 2026"  # an unknown language: English
    assert label("es", "reviewed", date=format_day(date(2026, 3, 1), "es")) == "Última revisión: 1 de marzo de 2026"


def test_no_month_names_of_our_own_are_left():
    assert not hasattr(labels, "MONTHS") and not hasattr(printout_html, "MONTHS_ES")


def test_the_printout_takes_its_words_from_the_same_catalogue():
    words = printout_html._labels("es")
    assert words["reviewed"] == LABELS["es"]["print_reviewed"] and words["words"] == "Palabras que debe saber"
    assert not hasattr(printout_html, "LABELS") or printout_html.LABELS is LABELS
