"""Ranking rules, each on a small library written for the test (see ``content/search.py``)."""

from __future__ import annotations

import pytest

from mbc_reader.content.library import open_library
from mbc_reader.content.search import SearchResponse, open_searcher

GOV = "https://www.cancer.gov"


@pytest.fixture
def search(tmp_path):
    """search(query) over the articles written so far (the index is built on the first call)."""
    opened = []

    def run(query: str, limit: int = 20) -> SearchResponse:
        if not opened:
            library = open_library([tmp_path / "content"])
            opened.append(open_searcher(library, index_dir=tmp_path / "index"))
        return opened[0].search(query, limit=limit)

    yield run
    for searcher in opened:
        searcher.close()


def ids(response: SearchResponse) -> list[str]:
    return [hit.article_id for hit in response.results]


def filler(n: int, word: str = "care") -> str:
    return " ".join(f"Sentence {i} about {word} and daily life." for i in range(n))


# --- title and headings dominate the body --------------------------------------------------------


def test_a_title_that_is_the_query_comes_first(write_article, search):
    # Five treatment summaries with a "Chemotherapy" section full of the word, as the PDQ pages have.
    for i in range(5):
        body = f"## Chemotherapy\n\nChemotherapy uses drugs. Chemotherapy kills cells. Chemotherapy may be given. {filler(3)}\n"
        write_article(f"summary{i}.md", body, title=f"Rare Tumor {i} Treatment")
    write_article("breast.md", f"## Overview\n\nChemotherapy for breast cancer. {filler(20)}\n", title="Chemotherapy for Breast Cancer")
    write_article("chemo.md", f"## What it is\n\nA treatment that uses drugs. {filler(20)}\n", title="Chemotherapy to Treat Cancer")
    order = ids(search("chemotherapy"))
    assert order[0] == "chemo"
    assert order[1] == "breast"  # the title has the word: above the sections headed so
    assert set(order) == {"chemo", "breast", *(f"summary{i}" for i in range(5))}


def test_question_words_do_not_stop_a_title_from_being_the_query(write_article, search):
    write_article("work.md", f"## Talking\n\nHow to plan the return. {filler(10)}\n", title="Going Back to Work")
    for i in range(3):
        body = f"## Going back to work\n\nCan I go back to work? Going back to work: work hours, work places. {filler(1)}\n"
        write_article(f"o{i}.md", body, title=f"Other {i}")
    assert ids(search("can I go back to work"))[0] == "work"
    assert ids(search("how do I go back to work"))[0] == "work"


def test_a_title_match_outranks_a_heading_match_which_outranks_the_body(write_article, search):
    write_article("body.md", "## Notes\n\n" + "Lymphedema is swelling. " * 12 + "\n", title="Notes")
    write_article("heading.md", "## Lymphedema\n\nSwelling of an arm. Lymphedema may last.\n", title="After surgery")
    write_article("title.md", f"## Overview\n\nSwelling that can follow lymph node surgery. {filler(10)}\n", title="Lymphedema")
    assert ids(search("lymphedema")) == ["title", "heading", "body"]


def test_whole_phrase_matches_beat_scattered_words(write_article, search):
    scattered = "## Part\n\nThe therapy was planned with care. Radiation doses were checked by the team.\n"
    together = "## Part\n\nThe radiation therapy was planned with care. Doses were checked by the team.\n"
    # Same words, same length; on a tie the later document would come first, so the phrase is
    # written first.
    write_article("a.md", together, title="Visit one")
    write_article("b.md", scattered, title="Visit two")
    response = search("radiation therapy")
    assert ids(response) == ["a", "b"]
    assert response.results[0].score > response.results[1].score


# --- patient pages before health-professional versions and research news -------------------------


def test_the_patient_version_ranks_ahead_of_the_health_professional_version(write_article, search):
    write_article(
        "pro.md",
        "## Lymphedema\n\n" + "Lymphedema incidence and lymphedema management in trials. " * 20 + "\n",
        title="Lymphedema (PDQ®)–Health Professional Version",
        url=f"{GOV}/about-cancer/treatment/side-effects/lymphedema/lymphedema-hp-pdq",
    )
    write_article(
        "patient.md",
        f"## About\n\nLymphedema is swelling. {filler(10)}\n",
        title="Lymphedema (PDQ®)–Patient Version",
        url=f"{GOV}/about-cancer/treatment/side-effects/lymphedema/lymphedema-pdq",
    )
    assert ids(search("lymphedema")) == ["patient", "pro"]  # both found, the patient's first


def test_a_health_professional_page_goes_after_the_same_topic_even_across_tiers(write_article, search):
    # The professional summary's section is headed with both words; the patient page has them in
    # its body only: the tiers alone would put the professional version first.
    write_article(
        "pro.md",
        "## Bone pain\n\nBone pain management.\n",
        title="Living with Myeloma—Health Professional Version",
        url=f"{GOV}/types/myeloma/hp",
    )
    write_article(
        "patient.md",
        "## Overview\n\nPain in the bone is common. Bone scans help.\n",
        title="Living with Myeloma—Patient Version",
        url=f"{GOV}/types/myeloma",
    )
    write_article("other.md", "## Bone pain\n\nBone pain and more bone pain.\n", title="Notes on pain")
    order = ids(search("bone pain"))
    assert order.index("patient") + 1 == order.index("pro")


def test_research_news_ranks_below_the_article_that_explains_the_topic(write_article, search):
    write_article(
        "news.md",
        "## Results\n\n" + "Targeted therapy results in the trial: targeted therapy worked. " * 10 + "\n",
        title="Targeted Therapy Shows Promise in Trial",
        url=f"{GOV}/types/lung/research/targeted-therapy-trial",
    )
    write_article(
        "explains.md",
        f"## How it works\n\nTargeted therapy acts on what helps cancer grow. {filler(15)}\n",
        title="Targeted Therapy Basics and Uses",
        url=f"{GOV}/about-cancer/treatment/types/targeted-therapy-basics",
    )
    assert ids(search("targeted therapy")) == ["explains", "news"]


def test_roles_come_from_the_address_and_the_title():
    from mbc_reader.content.search.rank import ROLE_PATIENT, ROLE_PRO, ROLE_RESEARCH, role_of

    assert role_of(f"{GOV}/types/lung/hp", "Lung Cancer") == ROLE_PRO
    assert role_of(f"{GOV}/about-cancer/treatment/cam/hp/acupuncture-pdq", "Acupuncture") == ROLE_PRO
    assert role_of(None, "Anal Cancer—Health Professional Version") == ROLE_PRO
    assert role_of(f"{GOV}/types/breast/research/altto", "The ALTTO Trial") == ROLE_RESEARCH
    assert role_of(f"{GOV}/news-events/cancer-currents-blog/2024/x", "News") == ROLE_RESEARCH
    assert role_of(f"{GOV}/types/cervical/screening/abnormal-hpv-pap-test-results", "HPV") == ROLE_PATIENT
    assert role_of(None, None) == ROLE_PATIENT


def test_title_names_drop_decorations_and_keep_the_short_forms():
    from mbc_reader.content.search.rank import is_title, title_names

    names = title_names("CAR T Cells: Engineering Patients’ Immune Cells to Treat Their Cancers")
    assert ("car", "cell") in names
    assert title_names("Leukemia—Patient Version") == (("leukemia",),)
    assert ("lumpectomi",) in title_names("Lumpectomy (Breast-Conserving Surgery)")
    chemo = tuple(frozenset(n) for n in title_names("Chemotherapy to Treat Cancer"))
    assert is_title([{"chemotherapi"}], chemo)
    assert not is_title([{"chemotherapi"}], tuple(frozenset(n) for n in title_names("Chemotherapy for Breast Cancer")))


# --- one row per article ------------------------------------------------------------------------


def test_the_top_results_are_distinct_articles(write_article, search):
    body = "".join(f"## Nausea {i}\n\nNausea and nausea again, part {i}.\n\n" for i in range(6))
    write_article("big.md", body, title="Nausea handbook")
    for i in range(4):
        write_article(f"small{i}.md", f"## Tips\n\nGinger may ease nausea, tip {i}.\n", title=f"Tips {i}")
    response = search("nausea", limit=5)
    assert len(ids(response)) == len(set(ids(response))) == 5
    big = response.results[ids(response).index("big")]
    assert big.sections  # its other sections fold under it
    assert {big.anchor, *(s.anchor for s in big.sections)} <= {f"nausea-{i}" for i in range(6)}


# --- the dictionary ---------------------------------------------------------------------------------


def test_what_is_puts_the_article_titled_so_before_the_dictionary_term(write_article, search):
    link = "[immunotherapy](/publications/dictionaries/cancer-terms/def/45729)"
    write_article("immuno.md", f"## Overview\n\nHow {link} helps the immune system. {filler(8)}\n", title="Immunotherapy to Treat Cancer")
    write_article("other.md", "## Immunotherapy\n\nImmunotherapy is one option; immunotherapy again.\n", title="Options")
    order = ids(search("what is immunotherapy"))
    assert order[:2] == ["immuno", "glossary:45729"]
    assert ids(search("what does immunotherapy mean"))[0] == "glossary:45729"
    assert not ids(search("immunotherapy"))[0].startswith("glossary:")
