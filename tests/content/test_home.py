"""The home screen's data (content/home.py): tiles by topic and language with counts, a topic's
cards with each article's first sentence, and common questions taken from the library's headings.

Built from small libraries written here (any pack, not only NCI's) and from the bundled seed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mbc_reader.content import home
from mbc_reader.content.loader import load_library

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def pack(tmp_path, write_article) -> Path:
    """A made-up clinic pack: two English topics, one Spanish, one retired article, one with none."""
    folder = tmp_path / "content"
    w = write_article
    w("chemo.md", "# Chemotherapy\n\n## What are the side effects of chemotherapy?\n\nTiredness. Nausea.\n\n"
      "## How is chemotherapy given?\n\nBy mouth or by vein.\n", folder=folder, title="Chemotherapy",
      topics=["Treatment"])
    w("radiation.md", "# Radiation therapy\n\n![A machine](radiation.png)\n\nCredit: A clinic\n\n"
      "Radiation therapy uses high doses of radiation to kill cancer cells. It is also called radiotherapy.\n\n"
      "## What types of radiation therapy are there?\n\nTwo.\n", folder=folder, title="Radiation therapy",
      topics=["Treatment"])
    w("feelings.md", "# Feelings and cancer\n\n## How can I cope with fear and worry?\n\nTalk to someone.\n",
      folder=folder, title="Feelings and cancer", topics=["Coping"])
    w("old.md", "# An old page\n\n## What was this about?\n\nOld text.\n", folder=folder, title="An old page",
      topics=["Coping"], status="retired")
    w("misc.md", "# Visiting the clinic\n\nThe clinic is open from 8 a.m. to 5 p.m. on weekdays. Parking is free.\n",
      folder=folder, title="Visiting the clinic")
    w("quimio.md", "# Quimioterapia\n\n## ¿Cuáles son los efectos secundarios de la quimioterapia?\n\nCansancio.\n",
      folder=folder, title="Quimioterapia", topics=["Tratamiento"], language="es")
    w("tipos.md", "# Tipos de tratamiento\n\nHay muchos tipos de tratamiento. El médico le dirá cuál es el suyo.\n",
      folder=folder, title="Tipos de tratamiento", topics=["Tratamiento"], language="es")
    return folder


def test_tiles_are_the_topics_with_their_counts_grouped_by_language(pack):
    library = load_library(pack)
    groups = home.home_tiles(library)
    assert [g.language for g in groups] == ["en", "es"]
    english, spanish = groups
    assert [(t.topic, t.count) for t in english.tiles] == [("Coping", 1), ("General information", 1), ("Treatment", 2)]
    assert [(t.topic, t.count) for t in spanish.tiles] == [("Tratamiento", 2)]
    assert sum(t.count for g in groups for t in g.tiles) == len(library.patient_articles)  # the retired one is not


def test_the_interface_language_comes_first(pack):
    library = load_library(pack)
    assert [g.language for g in home.home_tiles(library, first_language="es")] == ["es", "en"]
    assert [g.language for g in home.home_tiles(library, first_language="fr")] == ["en", "es"]  # none in French


def test_a_library_in_one_language_has_one_group(tmp_path, write_article):
    write_article("a.md", "# A\n\nText.\n", topics=["Alpha"])
    groups = home.home_tiles(load_library(tmp_path / "content"), first_language="es")
    assert [g.language for g in groups] == ["en"] and [t.topic for t in groups[0].tiles] == ["Alpha"]


def test_an_empty_library_has_no_tiles_and_no_questions(tmp_path):
    (tmp_path / "empty").mkdir()
    library = load_library(tmp_path / "empty")
    assert home.home_tiles(library) == ()
    assert home.common_questions(library) == []


def test_a_tile_opens_its_articles_by_title(pack):
    library = load_library(pack)
    cards = home.topic_cards(library, "en", "Treatment")
    assert [c.title for c in cards] == ["Chemotherapy", "Radiation therapy"]
    assert home.topic_cards(library, "es", "Treatment") == []
    assert [c.article_id for c in home.topic_cards(library, "en", "Coping")] == ["feelings"]  # not the retired one


def test_the_first_sentence_skips_headings_pictures_and_credits(pack):
    library = load_library(pack)
    assert home.first_sentence(library.get("radiation")) == "Radiation therapy uses high doses of radiation to kill cancer cells."
    assert home.first_sentence(library.get("misc")) == "The clinic is open from 8 a.m. to 5 p.m. on weekdays."
    assert home.first_sentence(library.get("tipos")) == "Hay muchos tipos de tratamiento."
    # "Tiredness. Nausea." is too short to tell what the page is about: the next paragraph is
    assert home.first_sentence(library.get("chemo")) == "By mouth or by vein."


@pytest.mark.parametrize("body, expected", [
    ("[Go to Patient Version](article:x)\n\nPain is common. It can be treated.\n", "Pain is common."),
    ("Fatigue is common in survivors.[1] It passes.\n", "Fatigue is common in survivors."),
    ("**Bold** words and [a link](https://example.org) in a sentence here. More.\n",
     "Bold words and a link in a sentence here."),
    ("| a | b |\n|---|---|\n| 1 | 2 |\n\n- first item of a list\n- second\n", "first item of a list"),
    ("## Heading only\n", ""),
    ("Posted: May 9, 2016\n\nA new study looks at rare tumors. It is small.\n", "A new study looks at rare tumors."),
    ("<p>Some <b>HTML</b> text in a paragraph.</p>\n", "Some HTML text in a paragraph."),
])
def test_first_sentence_of_markdown(body, expected):
    assert home.first_sentence_of(body) == expected


def test_a_long_first_sentence_is_cut_at_a_word():
    sentence = " ".join(["word"] * 100) + "."
    summary = home.first_sentence_of(sentence)
    assert len(summary) <= home.SUMMARY_MAX and summary.endswith("word\u2026")


def test_the_title_repeated_as_a_paragraph_is_not_the_summary():
    assert home.first_sentence_of("Feelings and cancer\n\nFear is normal. Talk.\n", "Feelings and cancer") == "Fear is normal."


def test_common_questions_follow_the_themes_in_order(pack):
    library = load_library(pack)
    questions = home.common_questions(library, "en")
    assert [(q.text, q.theme) for q in questions] == [
        ("What are the side effects of chemotherapy?", "side effects"),
        ("How can I cope with fear and worry?", "coping"),
        ("What types of radiation therapy are there?", "treatment"),
    ]  # one per article: chemotherapy's second question is left for another row
    first = questions[0]
    assert (first.article_id, first.anchor) == ("chemo", library.get("chemo").sections[0].anchor)
    assert all(q.article_id != "old" for q in questions)  # retired articles are not asked about


def test_common_questions_are_in_the_interface_language_when_the_library_has_them(pack):
    library = load_library(pack)
    assert [q.text for q in home.common_questions(library, "es")] == [
        "¿Cuáles son los efectos secundarios de la quimioterapia?"]
    assert home.common_questions(library, "fr") == home.common_questions(load_library(pack), "fr")
    assert {q.article_id for q in home.common_questions(library, "fr")} >= {"chemo", "quimio"}  # any language then


def test_common_questions_are_limited_and_fill_in_without_a_theme(tmp_path, write_article):
    for i in range(8):
        write_article(f"q{i}.md", f"# Q{i}\n\n## What is thing number {i}?\n\nIt is.\n", topics=["Things"])
    questions = home.common_questions(load_library(tmp_path / "content"), limit=5)
    assert len(questions) == 5 and all(q.theme == "" for q in questions)
    assert len({q.article_id for q in questions}) == 5


def test_the_seed_gets_a_tile_and_a_first_sentence():
    library = load_library(SEEDS)
    (group,) = home.home_tiles(library)
    assert [(t.topic, t.count) for t in group.tiles] == [("Breast cancer", 1)]
    (card,) = home.topic_cards(library, "en", "Breast cancer")
    assert home.first_sentence(library.get(card.article_id)).startswith("In metastatic breast cancer, cancer cells have broken away")
