"""Dictionary links in every form the cancer.gov pages use open the glossary, never a QR code.

The addresses below are copied from the real corpus (``../shared/corpus/nci-core``; the file each
comes from is named) and resolved against the real bundled glossary.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from mbc_reader.cli import main
from mbc_reader.content import dictionary_links as dl
from mbc_reader.content import repair
from mbc_reader.content.glossary import Glossary
from mbc_reader.content.loader import load_library
from mbc_reader.content.render import render_article

from ..conftest import CORPUS

# (address, link words, term id, English name, file of the corpus it is taken from)
REAL_FORMS = [
    # the old pop-up with a CDR id: 157 articles, 2,785 links (all shown as outside links before)
    (
        "/Common/PopUps/popDefinition.aspx?id=CDR0000044163&version=Patient&language=English",
        "primary endpoint", "44163", "primary endpoint", "cancer-types/types-lung-research-crizotinib.md",
    ),
    (
        "/Common/PopUps/popDefinition.aspx?id=CDR0000045885&version=Patient&language=en",
        "stage", "45885", "stage", "cancer-types/types-stomach-screening.md",
    ),
    (
        "../../Common/PopUps/popDefinition.aspx?id=CDR0000044708&version=Patient&language=English",
        "physical therapy", "44708", "physical therapy", "cancer-types/types-head-and-neck-head-neck-fact-sheet.md",
    ),
    # the old pop-up with a bare id
    (
        "/Common/PopUps/popDefinition.aspx?id=46026&version=patient&language=English&dictionary=Cancer.gov",
        "larynx", "46026", "larynx", "cancer-types/types-thyroid-patient-thyroid-treatment-pdq.md",
    ),
    # the dictionary page by id
    (
        "/publications/dictionaries/cancer-terms/def/45323",
        "non-small cell lung cancer", "45323", "non-small cell lung cancer",
        "cancer-types/types-lung-research-pd-1-immunotherapy.md",
    ),
    # by name slug (terms and genetics dictionaries), with the host
    (
        "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/locally-advanced-cancer",
        "locally advanced", "45955", "locally advanced cancer",
        "cancer-types/types-prostate-understanding-prostate-changes.md",
    ),
    (
        "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/cediranib-maleate",
        "cediranib maleate (Recentin)", "597183", "cediranib maleate", "cancer-types/types-uterine-research.md",
    ),
    (
        "https://www.cancer.gov/publications/dictionaries/genetics-dictionary/def/whole-exome-sequencing",
        "whole-exome sequencing", "740459", "whole-exome sequencing",
        "cancer-types/about-cancer-treatment-types-biomarker-testing-cancer-treatment.md",
    ),
    # the dictionary's search by CDR id
    (
        "https://www.cancer.gov/publications/dictionaries/cancer-terms?cdrid=635460",
        "Health Insurance Portability and Accountability Act", "635460",
        "Health Insurance Portability and Accountability Act",
        "coping/about-cancer-coping-adjusting-to-cancer-talk-with-doctors.md",
    ),
]

# Forms the corpus does not use but cancer.gov does: Spanish, other hosts and cases, old addresses.
ES = "/espanol/publicaciones/diccionarios/diccionario-cancer/def"
OTHER_FORMS = [
    ("/espanol/publicaciones/diccionarios/diccionario-cancer/def/45762", "ganglio", "45762", "es"),
    (f"https://www.cancer.gov{ES}/ganglio-linfatico", "ganglio", "45762", "es"),
    (f"{ES}/criterio-principal-de-valoración", "x", "44163", "es"),  # the Spanish name, accented
    (f"{ES}/criterio-principal-de-valoraci%C3%B3n", "x", "44163", "es"),  # and percent-encoded
    ("HTTPS://WWW.CANCER.GOV/ESPANOL/PUBLICACIONES/DICCIONARIOS/DICCIONARIO-CANCER/DEF/45762", "", "45762", "es"),
    ("/Common/PopUps/popDefinition.aspx?id=CDR0000044163&version=Patient&language=Spanish", "", "44163", "es"),
    ("http://cancer.gov/publications/dictionaries/cancer-terms/def/CDR0000045762/", "", "45762", "en"),
    ("/PUBLICATIONS/DICTIONARIES/CANCER-TERMS/DEF/Lymph-Node", "", "45762", "en"),
    # a slug the 2015 snapshot lacks: the link's words then name the term
    ("https://www.cancer.gov/publications/dictionaries/cancer-terms/def/treatment-summary?redirect=true", "lymph nodes",
     "45762", "en"),
    ("/common/popups/popdefinition.aspx?version=Patient&amp;language=English&amp;id=CDR0000044163", "", "44163", "en"),
    ("https://www.cancer.gov/dictionary?CdrID=44163", "", "44163", "en"),
    ("/diccionario?cdrid=44163", "", "44163", "es"),
]

NOT_TERMS = [
    "https://www.cancer.gov/publications/dictionaries/cancer-drug/def/706364",  # the drug dictionary
    "https://www.cancer.gov/drugdictionary?CdrID=564399",
    "https://www.cancer.gov/publications/dictionaries/cancer-terms/",  # home pages name no term
    "https://www.cancer.gov/dictionary",
    "https://evil.example/publications/dictionaries/cancer-terms/def/45762",  # not cancer.gov
    "javascript:alert('/publications/dictionaries/cancer-terms/def/45762')",
    "/types/breast",
]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.bundled()


@pytest.mark.parametrize(("url", "words", "term_id", "name", "source"), REAL_FORMS)
def test_real_forms_resolve_to_the_right_term(glossary, url, words, term_id, name, source) -> None:
    assert dl.glossary_term(url, words) == term_id
    assert repair.resolve_target(url, lambda _p: None, words) == (f"glossary:{term_id}", "glossary")
    entry = glossary.lookup(term_id, words)
    assert entry is not None and entry.name == name and not entry.closest_match
    if CORPUS.is_dir():  # the example really is in the corpus
        assert f"]({url}" in (CORPUS / source).read_text(encoding="utf-8")


@pytest.mark.parametrize(("url", "words", "term_id", "language"), OTHER_FORMS)
def test_other_forms_resolve(url, words, term_id, language) -> None:
    link = dl.parse(url)
    assert link is not None and link.language == language
    assert dl.glossary_term(url, words) == term_id


@pytest.mark.parametrize("url", NOT_TERMS)
def test_addresses_that_name_no_term_are_not_glossary_links(url) -> None:
    assert dl.parse(url) is None
    resolved = repair.resolve_target(url, lambda _p: None, "words")
    assert resolved is None or resolved[1] != "glossary"


def test_spanish_forms_give_spanish_definitions(glossary) -> None:
    for url in (
        "/espanol/publicaciones/diccionarios/diccionario-cancer/def/44163",
        "/espanol/publicaciones/diccionarios/diccionario-cancer/def/criterio-principal-de-valoracion",
    ):
        link = dl.parse(url)
        entry = glossary.lookup(dl.resolve(link, "criterio principal"), language=link.language)
        assert entry is not None and entry.language == "es"
        assert entry.name == "criterio principal de valoración"
        assert entry.definition != glossary.lookup("44163").definition


def test_a_spanish_article_opens_spanish_definitions(tmp_path, write_article, glossary) -> None:
    write_article(
        "es.md",
        "# Ganglios\n\nLos [ganglios linfáticos](/espanol/publicaciones/diccionarios/diccionario-cancer/def/"
        "ganglio-linfatico) y el [criterio principal](https://www.cancer.gov/espanol/publicaciones/diccionarios/"
        "diccionario-cancer/def/44163).\n",
        language="es",
    )
    (article,) = load_library(tmp_path / "content").articles
    assert re.findall(r'href="([^"]*)"', render_article(article)) == ["glossary:45762", "glossary:44163"]
    # what the window does with a click: the article's language picks the definition
    entries = [glossary.lookup(ref.term_id, ref.text, article.language) for ref in article.glossary_refs]
    assert [(e.name, e.language) for e in entries] == [
        ("ganglio linfático", "es"),
        ("criterio principal de valoración", "es"),
    ]


def test_a_name_only_link_to_no_term_keeps_only_its_words() -> None:
    url = "/publications/dictionaries/cancer-terms/def/no-such-term-anywhere"
    assert dl.parse(url) == dl.DictionaryLink(None, "no-such-term-anywhere", "en")
    assert dl.glossary_term(url, "zzz qqq") is None
    result = repair.repair(f"Read [zzz qqq]({url}) here.\n", "T", lambda _p: None)
    assert "Read zzz qqq here." in result.markdown
    assert result.links == [] and result.glossary_refs == []


def test_every_dictionary_term_link_of_the_corpus_names_a_term_id() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the real corpus is not here ({CORPUS}): ../shared is absent")
    forms: dict[str, int] = {}
    unresolved = []
    for path in sorted(CORPUS.rglob("*.md")):
        for found in dl.find_links(path.read_text(encoding="utf-8", errors="replace")):
            key = re.sub(r"\d+", "N", found.url.split("?")[0])
            forms[key] = forms.get(key, 0) + 1
            if dl.resolve(found.link, found.words) is None:
                unresolved.append((path.name, found.url))
    assert unresolved == []
    assert sum(forms.values()) > 48_000  # 48,633 in the crawl of 2025-12-30
    assert forms["/Common/PopUps/popDefinition.aspx"] > 40_000


def test_corpus_articles_with_each_form_load_with_glossary_links_only(tmp_path) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the real corpus is not here ({CORPUS}): ../shared is absent")
    folder = tmp_path / "content"
    folder.mkdir()
    for source in sorted({form[4] for form in REAL_FORMS}):
        shutil.copy(CORPUS / source, folder / Path(source).name)
    library = load_library(folder, glossary=Glossary.bundled())
    assert len(library.articles) == len({form[4] for form in REAL_FORMS})
    ids = {ref.term_id for article in library.articles for ref in article.glossary_refs}
    assert {form[2] for form in REAL_FORMS} <= ids
    for article in library.articles:
        outside = [link.target for link in article.links if dl.parse(link.target)]
        assert outside == [], article.path.name
        assert not re.search(r"popDefinition|cancer-terms/def|genetics-dictionary/def", article.body, re.I)


# -- rendering, end to end ---------------------------------------------------------------------


def _hrefs(html: str) -> dict[str, str]:
    return {text: href for href, text in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html)}


def test_an_article_with_every_form_renders_glossary_links(tmp_path, write_article) -> None:
    forms = [(words, url, term_id) for url, words, term_id, *_rest in REAL_FORMS]
    forms += [(words or "term", url, term_id) for url, words, term_id, _lang in OTHER_FORMS]
    body = "# Forms\n\n" + "\n\n".join(f"See [{words}]({url}) here." for words, url, _id in forms) + "\n"
    write_article("forms.md", body)
    (article,) = load_library(tmp_path / "content").articles
    html = render_article(article)
    assert re.findall(r'<a [^>]*href="([^"]*)"', html) == [f"glossary:{term_id}" for *_rest, term_id in forms]
    assert html.count('<a class="glossary"') == len(forms)


def test_unknown_terms_render_as_words_or_glossary_links_never_outside(tmp_path, write_article) -> None:
    body = (
        "# Unknown\n\n"
        "A [new term](/publications/dictionaries/cancer-terms/def/999999991) and "
        "[another](/Common/PopUps/popDefinition.aspx?id=CDR0000999999992&version=Patient&language=en) and "
        "[zzz qqq](https://www.cancer.gov/publications/dictionaries/cancer-terms/def/zzz-qqq).\n"
    )
    write_article("unknown.md", body)
    (article,) = load_library(tmp_path / "content").articles
    html = render_article(article)
    hrefs = _hrefs(html)
    assert hrefs["new term"] == "glossary:999999991"
    assert hrefs["another"] == "glossary:999999992"
    assert "zzz qqq" in html and "zzz qqq" not in hrefs
    assert "cancer.gov" not in html and article.links == ()


# -- mbc-reader check --------------------------------------------------------------------------


def test_check_warns_of_each_link_to_a_term_we_lack(capsys, tmp_path, write_article) -> None:
    unknown_id = "/Common/PopUps/popDefinition.aspx?id=CDR0000999999991&version=Patient&language=en"
    unknown_slug = "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/zzz-qqq"
    closest = "/publications/dictionaries/cancer-terms/def/793177"  # HER2: newer than the snapshot
    path = write_article(
        "terms.md",
        f"# Terms\n\n[primary endpoint]({REAL_FORMS[0][0]}), [new term]({unknown_id}), "
        f"[zzz qqq]({unknown_slug}), [HER2]({closest}) and [new term]({unknown_id}) again.\n",
    )
    write_article("fine.md", f"# Fine\n\n[primary endpoint]({REAL_FORMS[0][0]}).\n")

    assert main(["check", "--json", "--content", str(tmp_path / "content")]) == 0  # warnings only
    problems = json.loads(capsys.readouterr().out)["problems"]
    mine = [p for p in problems if p["code"] == dl.PROBLEM_CODE]
    assert all(p["file"] == str(path) and p["severity"] == "warning" for p in mine)
    messages = [p["message"] for p in mine]
    assert len(messages) == 3  # each link once, the known term not at all
    assert unknown_id in messages[0] and "'new term'" in messages[0] and "no offline definition" in messages[0]
    assert unknown_slug in messages[1] and "only the words" in messages[1]
    assert closest in messages[2] and "closest name, 'HER2/neu'" in messages[2]
    assert not any(p["code"] == "unknown-glossary-id" for p in problems)  # said per link instead

    assert main(["check", "--content", str(tmp_path / "content")]) == 0
    out = capsys.readouterr().out
    assert f"{path}\n  warning: dictionary link 'new term' ({unknown_id})" in out
    assert "fine.md" not in out
