"""The take-home printout: its HTML (Qt-free), the PDF read back, and the export command."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from mbc_reader import cli
from mbc_reader.content.glossary import Glossary
from mbc_reader.content.library import open_library
from mbc_reader.content.printout_html import QR_URL, build_printout, format_date

SEED_ID = "000_af7ffd754fc95063"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
LYMPH_NODE = "A small bean-shaped structure that is part of the body"  # the dictionary's 45762


@pytest.fixture(scope="module")
def seed_article():
    return open_library([SEEDS]).get(SEED_ID)


def flat(text: str) -> str:
    """PDF text with line breaks (and breaks after a hyphen) undone."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def pdf_text(path: Path) -> str:
    return flat(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


# -- the HTML ----------------------------------------------------------------------------------------


def test_printout_html_has_header_terms_and_source(seed_article):
    printout = build_printout(seed_article, Glossary.bundled(), printed_on=date(2026, 1, 5))
    page = printout.html
    assert "<h1>Metastatic Breast Cancer</h1>" in page
    assert "Last reviewed: December 30, 2025" in page
    assert "Words to know" in page and "bean-shaped structure" in page
    assert '<span class="glossary">lymph nodes</span>' in page
    assert "Printed: January 5, 2026." in page
    assert seed_article.source_url in page and f'src="{QR_URL}"' in page
    assert printout.images[QR_URL].startswith(b"\x89PNG")


def test_printout_is_for_paper(seed_article):
    page = build_printout(seed_article, Glossary.bundled()).html
    assert "<a " not in page  # nothing to click on paper
    assert "Enlarge" not in page and "Show picture description larger" not in page
    assert "Picture: </span>" in page  # the figure's alt text stays
    assert "(www.cancer.gov/types/metastatic-cancer)" in page  # outside addresses written out
    assert all(src in ("figure:0", "figure:1", QR_URL) for src in re.findall(r'src="([^"]+)"', page))
    assert "http" not in "".join(re.findall(r'src="([^"]+)"', page))


def test_terms_are_a_to_z_once_each_with_the_articles_words_for_near_matches(seed_article):
    terms = build_printout(seed_article, Glossary.bundled()).terms
    keys = [(t.as_written or t.name).casefold() for t in terms]
    assert keys == sorted(keys) and len({t.name for t in terms}) == len(terms)
    by_words = {t.as_written: t for t in terms if t.as_written}
    assert by_words["lymph system"].name == "lymphatic system"  # 793442 is newer than the dictionary
    assert all(not (t.pronunciation or "").startswith("(") for t in terms)


def test_no_glossary_no_words_to_know(seed_article):
    printout = build_printout(seed_article, glossary=None)
    assert "Words to know" not in printout.html and "Underlined words" not in printout.html


def test_spanish_labels():
    assert format_date(date(2026, 3, 1), "es") == "1 de marzo de 2026"


def test_printout_html_does_not_import_qt():
    code = "import sys, mbc_reader.content.printout_html; print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# -- the PDF -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory, seed_article) -> Path:
    from mbc_reader.ui.printout import export_pdf

    return export_pdf(seed_article, tmp_path_factory.mktemp("pdf") / "seed.pdf", printed_on=date(2026, 1, 5))


def test_pdf_has_title_dates_definitions_and_address(seed_pdf):
    reader = PdfReader(str(seed_pdf))
    assert reader.metadata.title == "Metastatic Breast Cancer"
    first = flat(reader.pages[0].extract_text())
    assert first.startswith("Metastatic Breast Cancer") and "Last reviewed: December 30, 2025" in first
    text = pdf_text(seed_pdf)
    assert "Words to know" in text and LYMPH_NODE in text
    assert "www.cancer.gov/types/breast/stages/metastatic-breast-cancer" in text.replace("/ ", "/")


def test_pdf_pages_are_numbered(seed_pdf):
    reader = PdfReader(str(seed_pdf))
    assert len(reader.pages) > 1
    for number, page in enumerate(reader.pages, start=1):
        assert page.extract_text().split()[-1] == str(number)


def test_pdf_carries_the_qr_code_as_an_image(seed_pdf):
    last = PdfReader(str(seed_pdf)).pages[-1]
    assert len(last.images) == 1  # the QR code; the seed has no local pictures


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_first_page_renders_with_ink_on_it(seed_pdf, tmp_path, qapp):
    from PySide6.QtGui import QImage

    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile", str(seed_pdf), str(tmp_path / "p1")], check=True)
    image = QImage(str(tmp_path / "p1.png"))
    assert not image.isNull() and image.height() > image.width()  # portrait
    dark = sum(image.pixelColor(x, y).lightness() < 128 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3))
    assert dark > 200


def test_a_local_picture_is_printed(write_article, tmp_path, qapp):
    from PySide6.QtGui import QColor, QImage

    from mbc_reader.ui.printout import export_pdf

    folder = tmp_path / "content"
    (folder / "media").mkdir(parents=True)
    picture = QImage(120, 80, QImage.Format.Format_RGB32)
    picture.fill(QColor("#336699"))
    picture.save(str(folder / "media" / "chart.png"))
    write_article("pic.md", "Intro words.\n\n![A blue chart](media/chart.png)\n\nMore words.\n", folder=folder, url="https://www.cancer.gov/x")
    article = open_library([folder]).get("pic")
    out = export_pdf(article, tmp_path / "pic.pdf")
    assert len(PdfReader(str(out)).pages[0].images) == 2  # the picture and the QR code


def test_a_failed_export_leaves_no_partial_file(seed_article, tmp_path, monkeypatch, qapp):
    from mbc_reader.ui import printout

    target = tmp_path / "keep.pdf"
    target.write_bytes(b"old")

    def broken(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(printout, "print_document", broken)
    with pytest.raises(OSError):
        printout.export_pdf(seed_article, target)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["keep.pdf"]


def test_print_article_prints_when_the_dialog_is_accepted(seed_article, tmp_path, monkeypatch, qapp):
    import PySide6.QtPrintSupport as print_support
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QDialog

    from mbc_reader.ui.printout import print_article

    class FakeDialog:
        answer = QDialog.DialogCode.Accepted

        def __init__(self, printer, parent=None):
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(tmp_path / "printed.pdf"))

        def setWindowTitle(self, _title):
            pass

        def exec(self):
            return self.answer

    monkeypatch.setattr(print_support, "QPrintDialog", FakeDialog)
    assert print_article(seed_article) is True
    assert "Metastatic Breast Cancer" in pdf_text(tmp_path / "printed.pdf")
    FakeDialog.answer = QDialog.DialogCode.Rejected
    (tmp_path / "printed.pdf").unlink()
    assert print_article(seed_article) is False and not (tmp_path / "printed.pdf").exists()


# -- the command -------------------------------------------------------------------------------------


def test_export_command_writes_the_pdf(seeds_dir, tmp_path, capsys):
    out = tmp_path / "take-home.pdf"
    assert cli.main(["export", SEED_ID, "--content", str(seeds_dir), "--pdf", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert "Metastatic Breast Cancer" in pdf_text(out) and LYMPH_NODE in pdf_text(out)


def test_export_command_names_the_problem(seeds_dir, tmp_path, capsys):
    assert cli.main(["export", "no-such-page", "--content", str(seeds_dir), "--pdf", str(tmp_path / "x.pdf")]) == 1
    assert "no article 'no-such-page'" in capsys.readouterr().err
    assert cli.main(["export", SEED_ID, "--content", str(seeds_dir), "--pdf", str(tmp_path / "nope" / "x.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert cli.main(["export", SEED_ID, "--content", str(seeds_dir), "--pdf", str(tmp_path / "x.txt")]) == 2
    assert not list(tmp_path.iterdir())
