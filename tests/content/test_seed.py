"""The bundled seed article, repaired as the issue describes it."""

from __future__ import annotations

import filecmp

import pytest

from mbc_reader.content.loader import load_library

from ..conftest import SEED_ID, SEEDS, SHARED

SEED = SEEDS / f"{SEED_ID}.txt"
SHARED_SEED = SHARED / "seeds" / f"{SEED_ID}.txt"


@pytest.fixture(scope="module")
def seed():
    library = load_library(SEEDS)
    return library.get("000_af7ffd754fc95063")


def test_seed_is_byte_identical_to_shared():
    if not SHARED_SEED.exists():
        pytest.skip("../shared/seeds is absent")
    assert filecmp.cmp(SEED, SHARED_SEED, shallow=False)


def test_seed_title_and_metadata(seed):
    assert seed.title == "Metastatic Breast Cancer"
    assert seed.language == "en" and seed.status == "active"
    assert seed.topics[0] == "Breast cancer"
    assert str(seed.last_reviewed) == "2025-12-30"
    assert seed.review_frequency == "quarterly"
    assert seed.source_url == "https://www.cancer.gov/types/breast/stages/metastatic-breast-cancer"


def test_seed_sections_in_order(seed):
    assert [(s.title, s.level) for s in seed.flat_sections()] == [
        ("What is metastatic breast cancer?", 2),
        ("What are the symptoms of metastatic breast cancer?", 2),
        ("How is metastatic breast cancer diagnosed?", 2),
        ("What is the prognosis for people with metastatic breast cancer?", 2),
        ("How is metastatic breast cancer treated?", 2),
        ("Clinical trials", 3),
    ]
    assert seed.sections[-1].children[0].title == "Clinical trials"


def test_seed_glossary_ids(seed):
    assert len(seed.glossary_ids) == 18
    assert {"45762", "793442", "793177", "788029"} <= set(seed.glossary_ids)


def test_seed_figures(seed):
    assert len(seed.figures) == 2
    first, second = seed.figures
    assert first.alt.startswith("Drawing of a female body shows where primary breast cancer may spread")
    assert first.credit == "© Terese Winslow"
    assert first.enlarge_src and "cgov_enlarged" in first.enlarge_src
    assert second.alt.startswith("MRI of the breast")
    assert second.caption.startswith("Breast Cancer Diagnosis")
    assert second.link == "https://www.cancer.gov/types/breast/diagnosis"


def test_seed_has_no_raw_markdown_defects(seed):
    body = seed.body
    assert "Enlarge Image" not in body and "Credit:" not in body and "[![" not in body
    assert not any(line.strip() in ("##", "###") for line in body.splitlines())
    assert "](/" not in body and "](</" not in body
