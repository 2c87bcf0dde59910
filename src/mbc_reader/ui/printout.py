"""Printing and PDF export of an article with Qt's own text engine (no browser, no network).

The HTML and its images come from the Qt-free :mod:`content.printout_html`; this module only
puts them in a ``QTextDocument`` and prints it. ``QTextDocument.print_`` paginates a document
that has no page size of its own and then draws page numbers at the foot of each page, which is
what we want, so the document is left unpaginated on purpose.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale, QUrl
from PySide6.QtGui import QFont, QGuiApplication, QImage, QPageSize, QPagedPaintDevice, QPdfWriter, QTextDocument

from ..content.models import Article
from ..content.printout_html import STYLE, Printout, build_printout
from ..content.storage import replacing

log = logging.getLogger(__name__)

_APP: QGuiApplication | None = None  # kept alive when we had to create it ourselves


def ensure_gui_app() -> QGuiApplication:
    """Fonts and text layout need a QGuiApplication; the command line has none, and may have no
    display either, so it gets an offscreen one. A QApplication, so that whatever runs later in
    the same process (a test, a dialog) can still make widgets."""
    global _APP
    app = QGuiApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    if not os.environ.get("QT_QPA_PLATFORM") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication  # not a bare QGuiApplication: widgets may follow

    _APP = QApplication(["mbc-reader"])
    return _APP


def default_page_size() -> QPageSize:
    """US Letter where the locale measures in inches, A4 elsewhere."""
    imperial = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return QPageSize(QPageSize.PageSizeId.Letter if imperial else QPageSize.PageSizeId.A4)


def make_document(printout: Printout) -> QTextDocument:
    """A QTextDocument holding the printout, its images added as resources."""
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", 12))  # also the page numbers' font
    doc.setDefaultStyleSheet(STYLE)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, printout.title)
    for url, source in printout.images.items():
        image = QImage.fromData(source) if isinstance(source, bytes) else QImage(str(source))
        if image.isNull():
            log.warning("cannot read the image %s for the printout; it is left out", url)
            continue
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(url), image)
    doc.setHtml(printout.html)
    return doc


def print_document(doc: QTextDocument, device: QPagedPaintDevice) -> None:
    """Qt lays the unpaginated document out with 2 cm margins inside the device's own."""
    doc.print_(device)


def export_pdf(article: Article, out_path: Path, *, glossary=None, printed_on: date | None = None) -> Path:
    """Write the article's printout as a PDF. The file appears complete or not at all: it is
    written beside the target and renamed, so a failure never leaves half a PDF."""
    ensure_gui_app()
    if glossary is None:
        from ..content.glossary import Glossary

        glossary = Glossary.bundled()
    printout = build_printout(article, glossary, printed_on or date.today())
    out_path = Path(out_path)
    with replacing(out_path) as tmp:  # an ordinary new file: the umask applies
        writer = QPdfWriter(str(tmp))
        writer.setPageSize(default_page_size())
        writer.setResolution(300)
        writer.setTitle(article.title)
        writer.setCreator("mbc-reader")
        print_document(make_document(printout), writer)
        del writer  # the PDF is finished when the writer goes
        if tmp.stat().st_size == 0:
            raise OSError(f"Qt wrote an empty PDF for {article.id}")
    return out_path


def print_article(article: Article, parent_widget=None, *, glossary=None) -> bool:
    """Show the print dialog and print the article; False when the user cancels.

    For the staff window only: a kiosk must not open a print dialog."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialog

    if glossary is None:
        from ..content.glossary import Glossary

        glossary = Glossary.bundled()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(default_page_size())
    printer.setDocName(article.title)
    dialog = QPrintDialog(printer, parent_widget)
    dialog.setWindowTitle(f"Print “{article.title}”")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_document(make_document(build_printout(article, glossary, date.today())), printer)
    return True
