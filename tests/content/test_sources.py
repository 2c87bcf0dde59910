"""Each article is credited to its own source, from its front matter: NCI only where the page is NCI's.

The pages here are not cancer.gov scrapes: a WHO-style fact sheet, a hospital's own page, a page
with only a ``url``; each in the shape such publishers write them.
"""

from __future__ import annotations

from mbc_reader.content.catalog import load_library_cached
from mbc_reader.content.loader import load_library
from mbc_reader.content.printout_html import build_printout
from mbc_reader.content.render import header_html, render_article
from mbc_reader.content.source import article_source, host_of, license_words, site_of

WHO_FACT_SHEET = """---
title: "Breast cancer"
url: https://www.who.int/news-room/fact-sheets/detail/breast-cancer
source: World Health Organization
license: CC BY-NC-SA 3.0 IGO
lastReviewed: 2024-03-13
language: en
---

# Breast cancer

## Key facts

- In 2022, there were 2.3 million women diagnosed with breast cancer and 670 000 deaths globally.
- Breast cancer occurs in every country of the world in women at any age after puberty.

## Overview

Breast cancer is a disease in which abnormal breast cells grow out of control and form tumours.
See the [WHO Global Breast Cancer Initiative](/initiatives/global-breast-cancer-initiative) and
the [cancer fact sheet][cancer].

[cancer]: /news-room/fact-sheets/detail/cancer "Cancer"
"""


def _one(folder, name="page.md"):
    library = load_library(folder)
    (article,) = [a for a in library.articles if a.path.name == name]
    return library, article


def test_a_who_fact_sheet_is_credited_to_who_with_its_licence(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "page.md").write_text(WHO_FACT_SHEET, encoding="utf-8")
    library, article = _one(folder)
    assert article.source == "World Health Organization" and article.license == "CC BY-NC-SA 3.0 IGO"
    header = header_html(article)
    assert "Source: World Health Organization (" in header
    assert 'href="https://www.who.int/news-room/fact-sheets/detail/breast-cancer"' in header
    assert "License: CC BY-NC-SA 3.0 IGO" in header
    assert "National Cancer Institute" not in render_article(article)
    spanish = header_html(article, interface_language="es")
    assert "Fuente: World Health Organization (" in spanish and "Licencia: CC BY-NC-SA 3.0 IGO" in spanish
    assert "Instituto Nacional" not in spanish


def test_a_page_with_only_a_url_is_credited_to_its_site(write_article):
    path = write_article("page.md", "# Visiting hours\n\nWe are open every day.\n",
                         url="https://www.stmarys-hospital.example/patients/visiting")  # fmt: skip
    _library, article = _one(path.parent)
    header = header_html(article)
    assert "Source: stmarys-hospital.example (" in header and "National Cancer Institute" not in header


def test_nci_is_the_source_where_the_page_is_ncis(write_article):
    by_name = write_article("page.md", "# A\n\nText.\n", source="NCI")
    _library, article = _one(by_name.parent)
    assert "Source: National Cancer Institute" in header_html(article)
    assert "Fuente: Instituto Nacional del Cáncer" in header_html(article, interface_language="es")
    by_site = write_article("page.md", "# A\n\nText.\n", url="https://www.cancer.gov/types/lung",
                            license="public_domain")  # fmt: skip
    _library, article = _one(by_site.parent)
    header = header_html(article)
    assert "Source: National Cancer Institute (" in header and "License: public domain" in header
    assert "Licencia: dominio público" in header_html(article, interface_language="es")


def test_the_front_matter_source_wins_over_the_site(write_article):
    path = write_article("page.md", "# A\n\nText.\n", source="Mayo Clinic", url="https://www.cancer.gov/types/lung")
    _library, article = _one(path.parent)
    header = header_html(article)
    assert "Source: Mayo Clinic (" in header and "National Cancer Institute" not in header


def test_sourceurl_is_read_when_there_is_no_url(write_article):
    path = write_article("page.md", "# A\n\nText.\n", source="Cancer Council", sourceUrl="https://www.cancer.org.au/x")
    _library, article = _one(path.parent)
    assert article.source_url == "https://www.cancer.org.au/x"
    assert "Source: Cancer Council (" in header_html(article)


def test_an_article_that_says_nothing_of_its_source_gets_no_source_line(write_article):
    path = write_article("page.md", "# A\n\nText.\n")
    _library, article = _one(path.parent)
    assert "Source" not in header_html(article)


def test_a_source_that_is_not_text_is_a_warning_naming_file_and_key(write_article):
    path = write_article("page.md", "# A\n\nText.\n", raw=(
        "---\ntitle: A\nsource: [WHO, NCI]\nlicense: yes\nurl: https://www.who.int/x\n---\n\nText.\n"))  # fmt: skip
    library, article = _one(path.parent)
    messages = [p.message for p in library.problems if p.file == path]
    assert any("'source' should be one line of text" in m for m in messages), messages
    assert any("'license: yes'" in m for m in messages), messages
    assert "Source: who.int (" in header_html(article)


def test_the_catalog_keeps_source_and_licence(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "page.md").write_text(WHO_FACT_SHEET, encoding="utf-8")
    cache = tmp_path / "cache"
    load_library_cached([folder], cache_dir=cache)
    (article,) = load_library_cached([folder], cache_dir=cache).articles
    assert (article.source, article.license) == ("World Health Organization", "CC BY-NC-SA 3.0 IGO")


def test_the_printout_credits_the_articles_own_source(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "page.md").write_text(WHO_FACT_SHEET, encoding="utf-8")
    _library, article = _one(folder)
    page = build_printout(article).html
    assert "From World Health Organization" in page
    assert "Text: World Health Organization, who.int (CC BY-NC-SA 3.0 IGO)." in page
    assert "National Cancer Institute" not in page


def test_source_helpers():
    assert host_of("https://WWW.Who.int:443/x") == "who.int" and host_of("who.int/x") is None
    assert site_of("https://www.who.int/news/x") == "https://www.who.int"
    assert site_of(None, "NCI") == "https://www.cancer.gov" and site_of(None, "WHO") is None
    assert article_source(None, None) is None
    assert article_source("national cancer institute", None).nci
    assert license_words("cc-by-4.0") == "CC BY 4.0" and license_words("CC_BY_NC_SA_3.0_IGO") == "CC BY-NC-SA 3.0 IGO"
    assert license_words("public_domain", "es") == "dominio público" and license_words("All rights reserved") == (
        "All rights reserved"
    )
