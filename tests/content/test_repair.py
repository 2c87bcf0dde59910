"""Each repair rule on tiny synthetic inputs, then the seed as a whole."""

from __future__ import annotations

from mbc_reader.content import repair
from mbc_reader.content.repair import FIGURE_MARK_RE


def no_articles(_path: str) -> None:
    return None


def fix(body: str, title: str | None = "Front Matter Title - NCI", resolve=no_articles) -> repair.RepairResult:
    return repair.repair(body, title, resolve)


# --- empty headings --------------------------------------------------------------------------


def test_empty_h2_takes_text_of_next_paragraph():
    result = fix("##\n\nWhat is it?\n\nBody text here.\n")
    assert [s.title for s in result.sections] == ["What is it?"]
    assert "## What is it? {#what-is-it}" in result.markdown
    assert "Body text here." in result.markdown


def test_empty_h3_with_blank_lines_and_spaces():
    result = fix("## Parent\n\nText.\n\n###   \n\n\n  Child heading  \n\nMore.\n")
    parent = result.sections[0]
    assert parent.title == "Parent"
    assert [(c.title, c.level) for c in parent.children] == [("Child heading", 3)]


def test_empty_heading_before_a_list_is_dropped_not_filled():
    result = fix("Intro.\n\n##\n\n- item one\n- item two\n")
    assert result.sections == ()
    assert "- item one" in result.markdown
    assert "##" not in result.markdown


def test_empty_heading_before_long_paragraph_does_not_swallow_body():
    long = "word " * 80
    result = fix(f"##\n\n{long}\n")
    assert result.sections == ()
    assert long.strip() in result.markdown


def test_empty_heading_at_end_of_file():
    result = fix("Text.\n\n##\n")
    assert result.sections == ()
    assert result.markdown.strip() == "Text."


# --- titles ----------------------------------------------------------------------------------


def test_doubled_title_becomes_one_title_not_a_section():
    result = fix("# Lung Cancer - NCI\n\n# Lung Cancer\n\nText.\n\n## Symptoms\n\nCough.\n")
    assert result.title == "Lung Cancer"
    assert [s.title for s in result.sections] == ["Symptoms"]
    assert "# Lung Cancer" not in result.markdown


def test_single_title_heading_and_front_matter_fallback():
    assert fix("# Only Heading\n\nText.\n").title == "Only Heading"
    assert fix("Text only.\n", title="Page Title | Site Part - NCI").title == "Page Title"


def test_later_h1_is_a_section():
    result = fix("# Title\n\nText.\n\n# Another part\n\nMore.\n")
    assert [(s.title, s.level) for s in result.sections] == [("Another part", 2)]


def test_duplicate_headings_get_unique_anchors():
    result = fix("## Overview\n\nA.\n\n## Overview\n\nB.\n")
    assert [s.anchor for s in result.sections] == ["overview", "overview-2"]


# --- figures ---------------------------------------------------------------------------------


def test_image_with_caption_credit_and_enlarge():
    body = (
        "![A drawing of a lung.](/sites/x/Lung%20Drawing.jpg?h=1)\n\n"
        "The lungs are in the chest.\n\n"
        "Credit: © Some Artist\n\n"
        "[Enlarge Image](/sites/x/big/Lung%20Drawing.jpg)\n\n"
        "Body paragraph.\n"
    )
    result = fix(body)
    assert len(result.figures) == 1
    fig = result.figures[0]
    assert fig.alt == "A drawing of a lung."
    assert fig.credit == "© Some Artist"
    assert fig.enlarge_src == "/sites/x/big/Lung%20Drawing.jpg"
    assert fig.caption == "The lungs are in the chest."
    assert "Enlarge Image" not in result.markdown and "Credit:" not in result.markdown
    assert "Body paragraph." in result.markdown
    assert "The lungs are in the chest." not in result.markdown  # it moved into the figure


def test_image_without_credit_keeps_following_paragraphs_as_text():
    result = fix("![Alt text.](/img.png)\n\nJust the next paragraph.\n\nAnd another.\n")
    assert result.figures[0].caption is None
    assert "Just the next paragraph." in result.markdown


def test_image_card_spread_over_paragraphs_becomes_linked_figure():
    body = (
        "Before.\n\n"
        "[![Alt of card](/sites/card.jpg)\n\nCard Title\n\nCard description text.](/types/lung/diagnosis)\n\n"
        "After.\n"
    )
    result = fix(body, resolve=lambda p: "lung-diagnosis" if p == "/types/lung/diagnosis" else None)
    assert len(result.figures) == 1
    fig = result.figures[0]
    assert fig.alt == "Alt of card"
    assert fig.caption == "Card Title — Card description text."
    assert fig.link == "article:lung-diagnosis"
    assert "[![" not in result.markdown and "](" not in result.markdown.replace("](<", "")
    assert result.markdown.index("Before.") < result.markdown.index("{{figure:0}}") < result.markdown.index("After.")


def test_figures_are_numbered_in_reading_order():
    body = "![First](/a.jpg)\n\nText.\n\n[![Second](/b.jpg)\n\nCard](/x)\n\n![Third](/c.jpg)\n"
    result = fix(body)
    assert [f.alt for f in result.figures] == ["First", "Second", "Third"]
    marks = [int(m.group(1)) for line in result.markdown.splitlines() if (m := FIGURE_MARK_RE.match(line))]
    assert marks == [0, 1, 2]


def test_credit_without_figure_stays_text_and_stray_enlarge_is_dropped():
    result = fix("Credit: the authors\n\n[Enlarge Image](/big.jpg)\n\nText.\n")
    assert "Credit: the authors" in result.markdown
    assert "Enlarge" not in result.markdown


# --- links -----------------------------------------------------------------------------------


def test_glossary_links_in_all_three_forms():
    body = (
        "[lymph nodes](/publications/dictionaries/cancer-terms/def/45762), "
        "[ganglio](/espanol/publicaciones/diccionarios/diccionario-cancer/def/45762) and "
        "[cancer](/Common/PopUps/popDefinition.aspx?id=45333&version=patient&language=English)."
    )
    result = fix(body)
    assert [(g.term_id, g.text) for g in result.glossary_refs] == [
        ("45762", "lymph nodes"),
        ("45762", "ganglio"),
        ("45333", "cancer"),
    ]
    assert result.markdown.count("glossary:") == 3


def test_site_relative_link_to_library_article_becomes_in_app_link():
    result = fix(
        "See [stages](/types/breast/stages#tnm) and [other](/types/other).",
        resolve=lambda p: "breast-stages" if p == "/types/breast/stages" else None,
    )
    targets = [(link.target, link.kind) for link in result.links]
    assert ("article:breast-stages#tnm", "article") in targets
    assert ("https://www.cancer.gov/types/other", "external") in targets
    assert "](</" not in result.markdown


def test_unsafe_link_schemes_keep_only_their_text():
    result = fix("[click](javascript:alert(1)) and [file](file:///etc/passwd) and [rel](notes/x.html)")
    assert "javascript" not in result.markdown and "file:" not in result.markdown
    assert "click" in result.markdown and "rel" in result.markdown
    assert result.links == []


def test_missing_space_after_link_is_restored():
    result = fix("- [**chemotherapy**](/publications/dictionaries/cancer-terms/def/45214)to damage cells")
    assert "](<glossary:45214>) to damage" in result.markdown


def test_space_not_added_before_punctuation():
    result = fix("A [term](/publications/dictionaries/cancer-terms/def/1), then more.")
    assert "](<glossary:1>), then" in result.markdown


def test_slugify_folds_accents_and_punctuation():
    assert repair.slugify("¿Qué es el cáncer de hígado?") == "que-es-el-cancer-de-higado"
    assert repair.slugify("???") == "section"


def test_placeholder_in_angle_brackets_stays_text_but_tags_and_autolinks_do_not():
    text = repair.keep_pseudo_tags_as_text(
        "Accessed <MM/DD/YYYY>. A <b>bold</b> word, <https://www.cancer.gov>, [x](</types/x>), age <18 y."
    )
    assert "Accessed &lt;MM/DD/YYYY>." in text
    assert "<b>bold</b>" in text and "<https://www.cancer.gov>" in text and "[x](</types/x>)" in text
    assert "age <18 y." in text


def test_pdq_citation_placeholder_survives_rendering(tmp_path, write_article):
    from mbc_reader.content.loader import load_library
    from mbc_reader.content.render import render_body

    write_article("cite.md", "## References\n\nPDQ summary. Accessed <MM/DD/YYYY>. [PMID: 1]\n")
    html = render_body(load_library(tmp_path / "content").articles[0])
    assert "Accessed &lt;MM/DD/YYYY&gt;." in html or "Accessed &lt;MM/DD/YYYY>." in html
