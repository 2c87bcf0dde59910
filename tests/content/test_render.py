"""Rendering: clean HTML for QTextBrowser, sanitised whatever the content holds."""

from __future__ import annotations

import re

import pytest

from mbc_reader.content.loader import load_library
from mbc_reader.content.render import render_article, render_body, sanitize, section_texts

from ..conftest import SEEDS


@pytest.fixture(scope="module")
def seed_html() -> str:
    return render_article(load_library(SEEDS).articles[0])


def test_seed_html_has_anchored_headings_and_no_markdown_residue(seed_html):
    assert '<h1 id="top">Metastatic Breast Cancer</h1>' in seed_html
    assert '<h2 id="what-are-the-symptoms-of-metastatic-breast-cancer">' in seed_html
    assert '<h3 id="clinical-trials">Clinical trials</h3>' in seed_html
    for residue in ("](", "[![", "##", 'href="/', "{#", "{{figure"):
        assert residue not in seed_html


def test_seed_glossary_links_and_header(seed_html):
    assert '<a class="glossary" href="glossary:45762">lymph nodes</a>' in seed_html
    assert "Last reviewed: December 30, 2025" in seed_html
    assert "<strong>chemotherapy</strong></a> to damage" in seed_html


def test_seed_figures_are_cards_without_remote_images(seed_html):
    assert "<img" not in seed_html  # the seed's images are not in the folder: cards, no broken icons
    assert seed_html.count('class="figure"') == 2
    assert "Credit: © Terese Winslow" in seed_html
    assert 'href="figure:0"' in seed_html and 'href="figure:1"' in seed_html


def test_local_image_is_referenced_only_as_figure_resource(tmp_path, write_article):
    folder = tmp_path / "content"
    (folder / "media").mkdir(parents=True)
    (folder / "media" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write_article("a.md", "![A picture](media/pic.png)\n\nText.\n", folder=folder)
    html = render_article(load_library(folder).articles[0])
    (img,) = re.findall(r"<img [^>]*>", html)
    assert 'src="figure:0"' in img and 'alt="A picture"' in img and re.search(r'width="\d+"', img)


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="file:///etc/passwd">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<img src="https://evil.example/track.png">',
        '<a href="/relative/site/path">x</a>',
        '<p onclick="x()">hi</p>',
    ],
)
def test_sanitizer_removes_dangerous_markup(evil):
    clean = sanitize(evil).lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "file:", "<iframe", "<style", "evil.example", 'href="/'):
        assert bad not in clean


def test_raw_html_in_markdown_is_sanitised(tmp_path, write_article):
    body = 'Hello <script>steal()</script> world.\n\n## Head {onclick="x()"}\n\n<img src=x onerror=alert(1)>\n'
    write_article("x.md", body)
    article = load_library(tmp_path / "content").articles[0]
    html = render_body(article).lower()
    assert "<script" not in html and "onerror" not in html and "<img" not in html
    assert '<h2 id="head">head</h2>' in html
    assert "steal()" not in " ".join(t.text for t in section_texts(article))


def test_section_texts_split_at_headings_without_urls():
    article = load_library(SEEDS).articles[0]
    texts = section_texts(article)
    assert [t.anchor for t in texts] == [""] + [s.anchor for s in article.flat_sections()]
    symptoms = texts[2]
    assert symptoms.title == "What are the symptoms of metastatic breast cancer?"
    assert "pain and fractures" in symptoms.text
    assert all("http" not in t.text and "glossary:" not in t.text for t in texts)


def test_section_text_separates_list_items_and_survives_void_tags(tmp_path, write_article):
    body = "## Signs\n\n- pain and fractures\n- shortness of breath\n\n![A drawing](media/none.png)\n\nLast words.\n"
    write_article("x.md", body)
    article = load_library(tmp_path / "content").articles[0]
    (signs,) = [t for t in section_texts(article) if t.anchor == "signs"]
    assert "pain and fractures; shortness of breath;" in signs.text
    assert signs.text.endswith("Last words.")


def test_header_speaks_the_articles_language(tmp_path, write_article):
    write_article("es.md", "# Cáncer de hígado\n\nTexto.\n", language="es", lastReviewed="2025-12-30", url="https://www.cancer.gov/espanol/tipos/higado")
    html = render_article(load_library(tmp_path / "content").articles[0])
    assert "Última revisión: 30 de diciembre de 2025" in html
    assert "Fuente: Instituto Nacional del Cáncer" in html and "Last reviewed" not in html


def test_a_spanish_article_is_labelled_in_spanish_whatever_the_interface(write_article):
    path = write_article("es.md", "# Título\n\n![Un dibujo](media/x.png)\n\nCredit: Alguien\n\nTexto.\n",
                         title="Título de prueba", language="es", lastReviewed="2025-06-30",
                         url="https://www.cancer.gov/espanol/x")
    article = load_library(path.parent).articles[0]
    html_en = render_article(article)
    assert "Última revisión: 30 de junio de 2025" in html_en and "Fuente: Instituto Nacional del Cáncer" in html_en
    assert "Last reviewed" not in html_en and "Credit:" not in html_en
    html_es_ui = render_article(article, interface_language="es")
    assert "Crédito: Alguien" in html_es_ui


def test_an_english_article_under_a_spanish_interface_gets_spanish_labels(write_article):
    path = write_article("en.md", "# Title\n\nText.\n", title="A test article - NCI", lastReviewed="2025-06-30",
                         url="https://www.cancer.gov/x")
    article = load_library(path.parent).articles[0]
    assert "Last reviewed: June 30, 2025" in render_article(article)
    spanish = render_article(article, interface_language="es")
    assert "Última revisión: 30 de junio de 2025" in spanish and "Last reviewed" not in spanish
