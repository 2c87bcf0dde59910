"""``mbc-reader import``: a clinic's own .docx, .odt and .html leaflets become articles.

Every document is made here (python-docx, odfpy, plain HTML); pandoc (the pypandoc_binary wheel)
reads it. Each import is loaded back through the loader and rendered: the title, the language,
the headings and the picture must all arrive.
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.shared import Inches
from odf.draw import Frame
from odf.draw import Image as OdfImage
from odf.opendocument import OpenDocumentText
from odf.text import H, P

from mbc_reader.cli import main
from mbc_reader.content import leaflet as leaflet_mod
from mbc_reader.content.loader import load_library
from mbc_reader.content.render import render_article


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def png(width: int = 12, height: int = 8, rgb: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def picture(tmp_path) -> Path:
    path = tmp_path / "made" / "clinic-door.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png())
    return path


@pytest.fixture(autouse=True)
def clinic_config(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("MBC_READER_CONFIG_DIR", str(folder))
    return folder / "clinic.ini"


def make_docx(path: Path, picture: Path, title: str | None = "Chemotherapy at Riverside") -> Path:
    document = docx.Document()
    if title:
        document.add_paragraph(title, style="Title")
    document.add_heading("Before your first visit", level=1)
    document.add_paragraph("Eat a light meal and bring the list of your medicines.")
    document.add_picture(str(picture), width=Inches(1))
    document.add_heading("Side effects", level=2)
    document.add_paragraph("Call the clinic if you have a fever.", style="List Bullet")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def make_odt(path: Path, picture: Path) -> Path:
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Horario de la clínica"))
    document.text.addElement(P(text="Abrimos de lunes a viernes, de 8 a 17 horas."))
    href = document.addPicture(str(picture))
    frame = Frame(width="3cm", height="2cm", anchortype="as-char", name="puerta")
    frame.addElement(OdfImage(href=href))
    paragraph = P()
    paragraph.addElement(frame)
    document.text.addElement(paragraph)
    document.text.addElement(H(outlinelevel=2, text="Cómo llegar"))
    document.text.addElement(P(text="El autobús 12 para enfrente."))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def loaded(into: Path, article_id: str):
    library = load_library([into])
    article = library.get(article_id)
    assert article is not None, [p.message for p in library.problems]
    return library, article


def test_docx_becomes_an_article_with_headings_picture_and_front_matter(capsys, tmp_path, picture, clinic_config):
    clinic_config.write_text("[clinic]\nname = Riverside Community Clinic\nowner = Nurse Ana Ruiz\n"
                             "review_frequency = quarterly\n", encoding="utf-8")  # fmt: skip
    source = make_docx(tmp_path / "in" / "Chemo leaflet.docx", picture)
    into = tmp_path / "content"
    code, out, err = run(capsys, "import", source, "--into", into)
    assert code == 0, err
    assert out.strip() == "chemo-leaflet"
    article_file = into / "chemo-leaflet.md"
    text = article_file.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Chemotherapy at Riverside\n")
    assert f"lastReviewed: '{date.today().isoformat()}'" in text
    assert "reviewFrequency: quarterly" in text and "source: Riverside Community Clinic" in text
    assert "owner: Nurse Ana Ruiz" in text
    assert "## Before your first visit" in text and "### Side effects" in text
    assert "![](chemo-leaflet-media/picture-1.png)" in text
    assert (into / "chemo-leaflet-media" / "picture-1.png").read_bytes() == picture.read_bytes()
    assert "Traceback" not in err and "problem" not in err  # the check found nothing to say

    library, article = loaded(into, "chemo-leaflet")
    assert article.title == "Chemotherapy at Riverside" and article.language == "en"
    assert article.source == "Riverside Community Clinic" and article.last_reviewed == date.today()
    assert [s.title for s in article.flat_sections()] == ["Before your first visit", "Side effects"]
    (figure,) = article.figures
    assert figure.local_path == (into / "chemo-leaflet-media" / "picture-1.png").resolve()
    html = render_article(article)
    assert 'src="figure:0"' in html and "Riverside Community Clinic" in html
    assert not [p for p in library.problems if p.file == article.path]


def test_json_title_override_and_spanish(capsys, tmp_path, picture):
    source = make_docx(tmp_path / "quimio.docx", picture, title=None)
    into = tmp_path / "content"
    code, out, err = run(capsys, "import", source, "--into", into, "--title", "Quimioterapia en la clínica",
                         "--language", "es", "--json")  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    assert set(report) == {"id", "path", "problems"}
    assert report["id"] == "quimio" and Path(report["path"]) == into / "quimio.md" and report["problems"] == []
    _, article = loaded(into, "quimio")
    assert article.title == "Quimioterapia en la clínica" and article.language == "es"
    html = render_article(article)
    assert "Última revisión" in html  # the article's own words are Spanish too
    assert "no source named" in err and "clinic.ini" in err  # no clinic.ini: said how to credit the clinic


def test_odt_with_a_picture_and_spanish_headings(capsys, tmp_path, picture):
    source = make_odt(tmp_path / "horario.odt", picture)
    into = tmp_path / "content"
    code, out, err = run(capsys, "import", source, "--into", into, "--language", "es")
    assert code == 0, err
    _, article = loaded(into, out.strip())
    assert article.title == "Horario de la clínica" and article.language == "es"  # the first heading
    assert [s.title for s in article.flat_sections()] == ["Cómo llegar"]
    (figure,) = article.figures
    assert figure.local_path is not None and figure.local_path.read_bytes() == picture.read_bytes()
    assert figure.local_path.parent == (into / "horario-media").resolve()
    assert 'src="figure:0"' in render_article(article)


def test_html_page_keeps_its_language_pictures_and_headings(capsys, tmp_path, picture):
    page = picture.parent / "apoyo.html"
    page.write_text(
        '<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Grupos de apoyo</title></head><body>'
        "<h1>Grupos de apoyo</h1><p>Nos reunimos los martes.</p><p><img src='clinic-door.png' alt='La puerta'></p>"
        "<h2>Dónde</h2><p>En la sala 3.</p><ul><li>Martes<ul><li>por la tarde</li></ul></li></ul><p><img src='https://example.org/far.png' alt='lejos'></p></body></html>",
        encoding="utf-8",
    )
    into = tmp_path / "content"
    code, out, err = run(capsys, "import", page, "--into", into)
    assert code == 0, err
    _, article = loaded(into, "apoyo")
    assert article.title == "Grupos de apoyo" and article.language == "es"
    assert [s.title for s in article.flat_sections()] == ["Dónde"]
    assert [f.alt for f in article.figures] == ["La puerta", "lejos"]
    assert article.figures[0].local_path == (into / "apoyo-media" / "clinic-door.png").resolve()
    assert article.figures[1].local_path is None  # on the web: never fetched, shown as its description
    assert "<li>Martes<ul>\n<li>por la tarde</li>" in render_article(article)  # a nested list stays nested


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("missing.docx", None, "no such file"),
        ("notes.pdf", b"%PDF-1.4", "cannot import '.pdf' files"),
        ("broken.docx", b"this is not a Word file", "damaged"),
        ("truncated.docx", "truncated", "damaged"),
        ("empty.odt", b"", "empty"),
    ],
)
def test_bad_input_is_one_plain_line_and_exit_2(capsys, tmp_path, picture, name, data, words):
    source = tmp_path / name
    if data == "truncated":
        source.write_bytes(make_docx(tmp_path / "whole.docx", picture).read_bytes()[:400])
    elif data is not None:
        source.write_bytes(data)
    into = tmp_path / "content"
    code, out, err = run(capsys, "import", source, "--into", into)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and str(source) in err and words in err and "Traceback" not in err
    assert not into.exists()


def test_a_zip_that_is_not_a_word_document_is_refused_by_pandoc(capsys, tmp_path):
    import zipfile

    source = tmp_path / "archive.docx"
    with zipfile.ZipFile(source, "w") as zf:
        zf.writestr("hello.txt", "hi")
    code, _, err = run(capsys, "import", source, "--into", tmp_path / "content")
    assert code == 2 and "cannot be read as a Word document (.docx)" in err and str(source) in err


def test_an_existing_article_or_picture_folder_is_never_overwritten(capsys, tmp_path, picture):
    source = make_docx(tmp_path / "leaflet.docx", picture)
    into = tmp_path / "content"
    into.mkdir()
    existing = into / "leaflet.md"
    existing.write_bytes(b"---\ntitle: Ours\n---\nKeep me.\n")
    code, out, err = run(capsys, "import", source, "--into", into)
    assert code == 2 and str(existing) in err and "already exists" in err
    assert existing.read_bytes() == b"---\ntitle: Ours\n---\nKeep me.\n" and not (into / "leaflet-media").exists()
    existing.unlink()
    (into / "leaflet-media").mkdir()
    (into / "leaflet-media" / "picture-1.png").write_bytes(b"ours")
    code, out, err = run(capsys, "import", source, "--into", into)
    assert code == 2 and "leaflet-media" in err and not existing.exists()
    assert (into / "leaflet-media" / "picture-1.png").read_bytes() == b"ours"


def test_the_check_on_the_result_is_reported(capsys, tmp_path):
    page = tmp_path / "links.html"
    page.write_text("<html><body><h1>Our leaflets</h1><p>See <a href='other-leaflet.md'>the other leaflet</a>."
                    "</p><p><img src='gone.png' alt='A missing picture'></p></body></html>", encoding="utf-8")  # fmt: skip
    code, out, err = run(capsys, "import", page, "--into", tmp_path / "content", "--json")
    assert code == 0
    codes = sorted(p["code"] for p in json.loads(out)["problems"])
    assert codes == ["missing-image", "missing-link-target"]
    code, out, err = run(capsys, "import", page, "--into", tmp_path / "other")
    assert out.strip() == "links" and "the check found 2 problems" in err and "gone.png" in err


def test_bad_options_and_clinic_file_exit_2(capsys, tmp_path, picture, clinic_config):
    source = make_docx(tmp_path / "leaflet.docx", picture)
    code, _, err = run(capsys, "import", source, "--into", tmp_path / "c", "--language", "Klingon")
    assert code == 2 and "--language 'Klingon'" in err
    clinic_config.write_text("[clinic]\nreview_frequency = sometimes\n", encoding="utf-8")
    code, _, err = run(capsys, "import", source, "--into", tmp_path / "c")
    assert code == 2 and str(clinic_config) in err and "review_frequency = sometimes" in err
    assert not (tmp_path / "c").exists()


def test_without_pandoc_the_command_says_how_to_get_it(capsys, tmp_path, picture, monkeypatch):
    source = make_docx(tmp_path / "leaflet.docx", picture)
    monkeypatch.setitem(sys.modules, "pypandoc", None)  # the wheel is not installed
    monkeypatch.setattr(leaflet_mod.shutil, "which", lambda name: None)  # and no pandoc on PATH
    code, out, err = run(capsys, "import", source, "--into", tmp_path / "content")
    assert code == 2 and out == ""
    assert "pip install 'mbc-reader[import]'" in err and "Traceback" not in err
    assert not (tmp_path / "content").exists()
