"""Every kind of bad input becomes a Problem naming the file; good files always load."""

from __future__ import annotations


from mbc_reader.content.glossary import Glossary
from mbc_reader.content.loader import load_library
from mbc_reader.content.models import Severity

GOOD = "# Good Page\n\n## Part\n\nSome text.\n"


def codes(library, name: str) -> set[tuple[str, str]]:
    return {(p.severity.value, p.code) for p in library.problems if p.file.name == name}


def test_good_and_bad_files_side_by_side(tmp_path, write_article):
    folder = tmp_path / "content"
    write_article("good.md", GOOD, title="Good Page - NCI", url="https://www.cancer.gov/types/lung")
    write_article("broken-yaml.md", "", raw="---\ntitle: [unclosed\n---\n\nText\n")
    write_article("no-front.md", "", raw="# Just Markdown\n\nText.\n")
    write_article("no-title.md", "Text without any heading.\n", title="")
    write_article("empty.md", "\n\n", title="Empty")
    write_article("notes.txt", "Plain text article.\n", title="Notes", folder=folder / "sub")
    write_article("ignored.pdf", "", raw="not content")
    library = load_library(folder)

    assert sorted(a.id for a in library.articles) == ["good", "notes"]
    assert codes(library, "broken-yaml.md") == {("error", "yaml")}
    assert codes(library, "no-front.md") == {("error", "no-front-matter")}
    assert codes(library, "no-title.md") == {("error", "no-title")}
    assert codes(library, "empty.md") == {("error", "empty-body")}
    assert not codes(library, "ignored.pdf")
    for problem in library.problems:
        assert problem.file.is_absolute() or problem.file.exists()
        assert problem.message and "Traceback" not in problem.message


def test_yaml_error_message_names_the_line(tmp_path, write_article):
    write_article("bad.md", "", raw="---\ntitle: ok\nlanguage: [en\n---\nText\n")
    library = load_library(tmp_path / "content")
    (problem,) = library.problems
    assert problem.severity is Severity.ERROR and "line" in problem.message


def test_same_names_in_two_folders_both_load_under_folder_ids(tmp_path, write_article):
    folder = tmp_path / "content"
    write_article("same.md", GOOD, folder=folder / "a")
    write_article("same.txt", GOOD, folder=folder / "b")
    library = load_library(folder)
    assert [a.id for a in library.articles] == ["a/same", "b/same"]
    assert {(p.code, p.file.parent.name) for p in library.problems} == {("same-name", "a"), ("same-name", "b")}


def test_an_id_an_earlier_content_folder_uses_is_an_error_in_the_later_one(tmp_path, write_article):
    first, second = tmp_path / "first", tmp_path / "second"
    write_article("same.md", GOOD, folder=first)
    write_article("same.md", GOOD, folder=second)
    library = load_library([first, second])
    assert [a.path.parent.name for a in library.articles] == ["first"]
    assert {(p.code, p.file.parent.name) for p in library.problems} == {("duplicate-id", "second")}


def test_latin1_file_is_decoded_and_warned(tmp_path, write_article):
    text = "---\ntitle: Cáncer de hígado\nlanguage: es\n---\n\n## ¿Qué es?\n\nEl hígado está aquí.\n"
    write_article("latin.md", "", raw=text.encode("latin-1"))
    library = load_library(tmp_path / "content")
    (article,) = library.articles
    assert article.title == "Cáncer de hígado"
    assert "hígado" in article.body
    assert article.sections[0].title == "¿Qué es?"
    assert codes(library, "latin.md") == {("warning", "encoding")}


def test_utf8_bom_is_fine(tmp_path, write_article):
    write_article("bom.md", "", raw=b"\xef\xbb\xbf---\ntitle: BOM\n---\n\nText.\n")
    library = load_library(tmp_path / "content")
    assert [a.title for a in library.articles] == ["BOM"] and library.problems == []


def test_bad_date_is_a_warning_and_the_article_still_shows(tmp_path, write_article):
    write_article("date.md", GOOD, lastReviewed="next spring")
    library = load_library(tmp_path / "content")
    assert library.articles[0].last_reviewed is None
    assert codes(library, "date.md") == {("warning", "bad-date")}


def test_retired_article_is_loaded_for_staff_but_not_for_patients(tmp_path, write_article):
    write_article("old.md", GOOD, status="retired")
    library = load_library(tmp_path / "content")
    assert [a.id for a in library.articles] == ["old"]
    assert library.patient_articles == []
    assert codes(library, "old.md") == {("info", "not-active")}


def test_unknown_glossary_ids_are_warned(tmp_path, write_article):
    body = "Text with [lymph nodes](/publications/dictionaries/cancer-terms/def/45762) and [x](/publications/dictionaries/cancer-terms/def/999999999).\n"
    write_article("terms.md", body)
    library = load_library(tmp_path / "content", glossary=Glossary.bundled())
    (problem,) = library.problems
    assert problem.code == "unknown-glossary-id" and "999999999" in problem.message and "45762" not in problem.message


def test_local_image_found_and_missing_local_image_warned(tmp_path, write_article):
    folder = tmp_path / "content"
    (folder / "media").mkdir(parents=True)
    (folder / "media" / "Lung Drawing.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    body = "![Lung](/sites/x/Lung%20Drawing.png?h=1)\n\n![Local](media/missing.png)\n\nText.\n"
    write_article("img.md", body, folder=folder)
    library = load_library(folder)
    found, missing = library.articles[0].figures
    assert found.local_path == (folder / "media" / "Lung Drawing.png").resolve()
    assert missing.local_path is None
    assert codes(library, "img.md") == {("warning", "missing-image")}


def test_image_outside_the_content_folder_is_refused(tmp_path, write_article):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG")
    folder = tmp_path / "content"
    write_article("img.md", "![x](../secret.png)\n\n![y](/etc/passwd)\n\nText.\n", folder=folder)
    (figure_a, figure_b) = load_library(folder).articles[0].figures
    assert figure_a.local_path is None and figure_b.local_path is None


def test_links_between_articles_resolve_by_url(tmp_path, write_article):
    write_article("a.md", "See [the other page](/types/lung/other).\n", url="https://www.cancer.gov/types/lung/a")
    write_article("b.md", "Back to [a](https://www.cancer.gov/types/lung/a/).\n", url="https://www.cancer.gov/types/lung/other")
    library = load_library(tmp_path / "content")
    assert [link.target for link in library.get("a").links] == ["article:b"]
    assert [link.target for link in library.get("b").links] == ["article:a"]


def test_missing_folder_is_a_problem_not_an_exception(tmp_path):
    library = load_library(tmp_path / "nowhere")
    assert library.articles == [] and [p.code for p in library.problems] == ["no-folder"]


def test_topics_from_url_not_noisy_cancer_types(tmp_path, write_article):
    write_article("t.md", GOOD, url="https://www.cancer.gov/about-cancer/treatment/side-effects/fatigue")
    write_article("u.md", GOOD, url="https://www.cancer.gov/types/breast/stages", cancerTypes="['lung', 'liver']")
    library = load_library(tmp_path / "content")
    assert library.get("t").topics == ("Side effects",)
    assert library.get("u").topics == ("Breast cancer",)
