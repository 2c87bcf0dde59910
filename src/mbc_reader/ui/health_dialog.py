"""The "Content health" window for staff: :class:`~.health.ContentHealthView` with an Export button.

Opened from the reader window's ``openContentHealth`` action, which kiosk mode never has. It
lists what ``mbc-reader check`` lists (problems by file, links shown as text only, dictionary
terms the bundled glossary lacks) and review dates; a row opens its article at the problem
(``place_requested``). "Export…" writes the same report to a file the staff choose, as CSV for a
spreadsheet or as a web page (:mod:`..content.health_report`); nothing is written otherwise.
Not modal: staff can read the article a row opened and come back to the list.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDir, QEvent, QObject, Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from ..content.dictionary_links import dictionary_problems
from ..content.health_report import health_problems, report_rows, write_report
from ..content.models import Library
from . import privacy
from .health import ContentHealthView
from .lifetime import built, guarded

log = logging.getLogger(__name__)


class _Shared:
    """What the worker and the window's thread share; never a Qt object, so the worker can read
    it after the check's C++ object is gone (as in :mod:`.workers`)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # held around every emit, and while the check is destroyed
        self.alive = True
        self.stopping = threading.Event()  # the current run's

    def gone(self, *_: object) -> None:
        with self.lock:
            self.alive = False
        self.stopping.set()


class _TermCheck(QObject):
    """Finds every dictionary link the glossary lacks on a worker thread (``mbc-health-terms``):
    it reads each content file again, seconds on the whole collection, which the window must not
    wait for. ``finished(generation, problems)`` is queued to the window's thread; :meth:`stop`
    asks the worker to give up (between two files) and waits for it."""

    finished = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._shared = _Shared()
        self.destroyed.connect(self._shared.gone)

    def start(self, generation: int, articles: list, glossary) -> None:
        self.stop()
        shared = self._shared
        shared.stopping = stopping = threading.Event()
        emit = self.finished.emit

        def run() -> None:
            found = []
            try:
                for article in articles:
                    if stopping.is_set():
                        return
                    found += dictionary_problems([article], glossary)
            except Exception:  # noqa: BLE001 - a staff view must not take the reader down
                log.exception("checking dictionary links failed")
            with shared.lock:
                if shared.alive and not stopping.is_set():
                    emit(generation, found)

        self._thread = threading.Thread(target=run, name="mbc-health-terms", daemon=True)
        self._thread.start()

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        self._shared.stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None


class ContentHealthDialog(QDialog):
    place_requested = Signal(str, str, str)  # article id, anchor, words to find

    def __init__(self, library: Library, glossary=None, as_of: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contentHealthDialog")
        self.setModal(False)
        self._library = library
        self._glossary = glossary
        self._as_of = as_of
        self._generation = 0
        self._terms_done = -1
        self._base: list = []
        self._terms = _TermCheck(self)
        self._terms.finished.connect(self._on_terms_finished)
        self.view = ContentHealthView(parent=self)
        self.view.place_requested.connect(self.place_requested)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("healthExportStatus")
        self.status_label.setWordWrap(True)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportHealthReport")
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        self.resize(960, 560)
        self.refresh(as_of)
        self.retranslate()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Content health"))
        self.export_button.setText(self.tr("Export\u2026"))
        self.export_button.setToolTip(self.tr("Save this report as a spreadsheet (CSV) or a web page (HTML)"))
        self.export_button.setEnabled(not privacy.private_session())

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self, as_of: date | None = None, library: Library | None = None) -> None:
        """Check again (after a pack install, or a new day): the loader's problems and review
        dates at once, the dictionary links when the worker has read them (:meth:`terms_checked`)."""
        if library is not None:
            self._library = library
        self._as_of = as_of
        self._generation += 1
        self._base = health_problems(self._library, None)
        checking = self._glossary is not None and getattr(self._glossary, "error", None) is None
        self.view.checking_terms = checking  # the tab says so, in any language, until the worker is done
        self.view.set_library(self._library, as_of, self._base)
        if checking:
            self._terms.start(self._generation, list(self._library.articles), self._glossary)

    def terms_checked(self) -> bool:
        """Whether the dictionary links are in the lists (the worker is done)."""
        return not self._terms.running() and self._terms_done == self._generation

    @Slot(int, object)
    def _on_terms_finished(self, generation: int, problems: list) -> None:
        if generation != self._generation:
            return  # an older check's answer
        self._terms_done = generation
        self.view.checking_terms = False
        place = self.view.tabs.currentIndex()
        self.view.set_library(self._library, self._as_of, self._base + list(problems))
        self.view.tabs.setCurrentIndex(place)

    def stop(self) -> None:
        """Stop and wait for the dictionary check (closing, or the window going)."""
        self._terms.stop()

    def done(self, result: int) -> None:  # Close, Esc: the worker stops with the dialog
        self.stop()
        super().done(result)

    def report_rows(self):
        return report_rows(self._library, self.view.problems, self.view.report)

    def export_to(self, path: Path) -> bool:
        """Write the report to ``path`` (HTML for .html/.htm, else CSV); says how it went below
        the list. Nothing is written in a private session (kiosk mode keeps nothing)."""
        if privacy.private_session():
            return False
        try:
            write_report(path, self.report_rows(), self.view.summary())
        except OSError as exc:
            log.warning("cannot write the content health report to %s: %s", path, exc)
            self.status_label.setText(
                self.tr("The report could not be saved to %1: %2").replace("%1", str(path))
                .replace("%2", exc.strerror or str(exc))
            )  # fmt: skip
            return False
        self.status_label.setText(self.tr("Report saved to %1").replace("%1", str(path)))
        return True

    def choose_export_file(self) -> Path | None:
        """Ask where to save the report (Qt's own file dialog: the same on every system)."""
        csv_filter = self.tr("Spreadsheet (*.csv)")
        html_filter = self.tr("Web page (*.html)")
        suggested = str(Path(QDir.homePath()) / f"content-health-{date.today().isoformat()}.csv")
        name, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export the content health report"), suggested, f"{csv_filter};;{html_filter}",
            "", QFileDialog.Option.DontUseNativeDialog,
        )  # fmt: skip
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in (".csv", ".html", ".htm"):
            path = path.with_name(path.name + (".html" if chosen == html_filter else ".csv"))
        return path

    @Slot()
    def _on_export_button_clicked(self) -> None:
        if privacy.private_session():
            return
        path = self.choose_export_file()
        if path is not None:
            self.export_to(path)
