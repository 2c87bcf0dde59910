"""The "Content health" view for staff: problems by file, broken links, missing dictionary terms
and articles due for review.

Thin over ``content/``: the problems ``check`` lists (:func:`content.health_report.health_problems`)
and :func:`content.review.review_articles` are put into ``QStandardItemModel``s; the views only
show them. Activating a row (Enter, double-click) asks for its article with
``article_requested(id)``, and for the place in it with ``place_requested(id, anchor, words)``
(the section a link or term is in, and its words); the main window opens it there. A file that
failed to load has no article to open, so its rows ask for nothing. Not for kiosk mode: the
main window decides whether to offer this view at all.

The view's own words are translated (context ``ContentHealthView``; the module's functions use
``translate`` with it, which lupdate reads like ``self.tr``) and its lists are built again when the
language changes. Counts are worded one/many by the code ("1 file", "%1 files"), so each language
words both. The problems' messages and the content's own values (frequencies) stay as written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QLocale, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTabWidget, QTreeView, QVBoxLayout, QWidget

from ..content.health_report import LINK_CODES, TERM_CODES, find_place
from ..content.loader import problems_by_file
from ..content.models import Library, Problem, Severity
from ..content.review import DUE_SOON_DAYS, ReviewItem, ReviewReport, review_library
from .lifetime import built, guarded
from .roles import Role

translate = QCoreApplication.translate

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _severity_word(severity: Severity) -> str:
    if severity is Severity.ERROR:
        return translate("ContentHealthView", "Error")
    if severity is Severity.WARNING:
        return translate("ContentHealthView", "Warning")
    return translate("ContentHealthView", "Note")


def _short(path: Path) -> str:
    """The folder and file name: enough to find it, short enough to read."""
    return str(Path(*path.parts[-2:])) if len(path.parts) > 1 else str(path)


def _count(n: int, one: str, many: str) -> str:
    """``one`` ("1 file") or ``many`` ("%1 files", %1 the number), as translated."""
    return one if n == 1 else many.replace("%1", str(n))


def _files(n: int) -> str:
    return _count(n, translate("ContentHealthView", "1 file"), translate("ContentHealthView", "%1 files"))


def _errors(n: int) -> str:
    return _count(n, translate("ContentHealthView", "1 error"), translate("ContentHealthView", "%1 errors"))


def _warnings(n: int) -> str:
    return _count(n, translate("ContentHealthView", "1 warning"), translate("ContentHealthView", "%1 warnings"))


def _notes(n: int) -> str:
    return _count(n, translate("ContentHealthView", "1 note"), translate("ContentHealthView", "%1 notes"))


def _count_words(problems: list[Problem]) -> str:
    counts = []
    for severity, words in ((Severity.ERROR, _errors), (Severity.WARNING, _warnings), (Severity.INFO, _notes)):
        n = sum(p.severity is severity for p in problems)
        if n:
            counts.append(words(n))
    return ", ".join(counts)


def _day(day: date) -> str:
    """A date in the interface's language: "March 15, 2026", "15 de marzo de 2026"."""
    pattern = translate("ContentHealthView", "MMMM d, yyyy", "a date (Qt's QDate format: d, MMMM, yyyy)")
    return QLocale().toString(QDate(day.year, day.month, day.day), pattern)


def _item(text: str, article_id: str | None = None, tooltip: str | None = None,
          problem: Problem | None = None) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    if article_id:
        item.setData(article_id, Role.ARTICLE_ID)
        if problem is not None:
            item.setData(problem, Role.PROBLEM)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def build_problem_model(library: Library, parent=None, problems: list[Problem] | None = None) -> QStandardItemModel:
    """One row per file (errors first), its problems as child rows (``problems``: the library's
    by default)."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels([translate("ContentHealthView", "File and problem"),
                                     translate("ContentHealthView", "Kind")])  # fmt: skip
    by_path = {article.path: article.id for article in library.articles}
    grouped = problems_by_file(library.problems if problems is None else problems)
    ordered = sorted(grouped.items(), key=lambda kv: (min(_SEVERITY_ORDER[p.severity] for p in kv[1]), str(kv[0])))
    for path, problems in ordered:
        article_id = by_path.get(path)
        hint = str(path) if article_id else f"{path}\n" + translate(
            "ContentHealthView", "This file could not be loaded: fix it, then check again.")  # fmt: skip
        file_item = _item(_short(path), article_id, hint)
        for problem in sorted(problems, key=lambda p: _SEVERITY_ORDER[p.severity]):
            file_item.appendRow(
                [_item(problem.message, article_id, problem.message, problem),
                 _item(_severity_word(problem.severity), article_id, None, problem)]
            )  # fmt: skip
        model.appendRow([file_item, _item(_count_words(problems), article_id)])
    return model


def build_problem_list_model(library: Library, problems: list[Problem], words_header: str,
                             parent=None) -> QStandardItemModel:
    """One row per problem, by file: the file, the article's words it is about, the problem."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels([translate("ContentHealthView", "File"), words_header,
                                     translate("ContentHealthView", "Problem")])  # fmt: skip
    by_path = {article.path: article.id for article in library.articles}
    for problem in sorted(problems, key=lambda p: str(p.file)):
        article_id = by_path.get(problem.file)
        model.appendRow([
            _item(_short(problem.file), article_id, str(problem.file), problem),
            _item(problem.words, article_id, problem.words or None, problem),
            _item(problem.message, article_id, problem.message, problem),
        ])  # fmt: skip
    return model


def _when(n: int) -> str:
    """Days overdue (``n`` > 0), today, or days left."""
    if n > 0:
        return _count(n, translate("ContentHealthView", "1 day overdue"),
                      translate("ContentHealthView", "%1 days overdue"))  # fmt: skip
    if n == 0:
        return translate("ContentHealthView", "due today")
    return _count(-n, translate("ContentHealthView", "in 1 day"), translate("ContentHealthView", "in %1 days"))


def _review_row(status: str, item: ReviewItem) -> list[QStandardItem]:
    note = ""
    if item.warning is not None:  # a date that cannot be right: not due, the warning says why
        due, days = (item.due.isoformat() if item.due else "?"), translate("ContentHealthView", "not due: date to check")
        note = item.warning.replace(str(item.file), _short(item.file), 1) if item.file else item.warning
        if item.reason:
            note += " " + translate("ContentHealthView", "(also: %1)").replace("%1", item.reason)
    elif item.due is None:
        days = (translate("ContentHealthView", "no review date") if item.last_reviewed is None
                else translate("ContentHealthView", "unknown frequency"))  # fmt: skip
        due, note = "?", item.reason or ""
    else:
        due, days = item.due.isoformat(), _when(item.days_overdue or 0)
    reviewed = item.last_reviewed.isoformat() if item.last_reviewed else translate("ContentHealthView", "never")
    frequency = item.frequency or translate("ContentHealthView", "frequency unknown")
    tip = f"{item.title}\n" + translate("ContentHealthView", "Last reviewed: %1; review %2").replace(
        "%1", reviewed).replace("%2", frequency)  # fmt: skip
    owner = item.owner or ""
    owner_tip = owner or translate("ContentHealthView", "No owner: add 'owner:' to the article's front matter")
    cells = [_item(status, item.id), _item(due, item.id), _item(days, item.id), _item(item.title, item.id, tip),
             _item(owner, item.id, owner_tip)]  # fmt: skip
    return [*cells, _item(note, item.id, item.warning or note or None)]


def build_review_model(report: ReviewReport, parent=None) -> QStandardItemModel:
    """Overdue (most overdue first), then due soon, then unknown dates, then dates to check; each
    with its owner (who is to review it)."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels([
        translate("ContentHealthView", "Status"), translate("ContentHealthView", "Due"),
        translate("ContentHealthView", "When"), translate("ContentHealthView", "Article"),
        translate("ContentHealthView", "Owner"), translate("ContentHealthView", "Note"),
    ])  # fmt: skip
    groups = (
        (translate("ContentHealthView", "Overdue"), report.overdue),
        (translate("ContentHealthView", "Due soon"), report.due_soon),
        (translate("ContentHealthView", "Unknown"), report.unknown),
        (translate("ContentHealthView", "Check date"), report.implausible),
    )
    for status, items in groups:
        for item in items:
            model.appendRow(_review_row(status, item))
    return model


class ContentHealthView(QWidget):
    """Problems by file and review dates; each row opens its article."""

    article_requested = Signal(str)  # article id
    place_requested = Signal(str, str, str)  # article id, anchor ("" for the top), words to find ("" for none)

    def __init__(self, library: Library | None = None, as_of: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contentHealth")
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.problems_view = self._make_view()
        self.review_view = self._make_view()
        self.links_view = self._make_view()
        self.terms_view = self._make_view()
        for view in (self.problems_view, self.review_view, self.links_view, self.terms_view):
            self.tabs.addTab(view, "")
            view.setRootIsDecorated(view is self.problems_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs)
        self.problems_view.activated.connect(self._on_problems_view_activated)
        self.review_view.activated.connect(self._on_review_view_activated)
        self.links_view.activated.connect(self._on_links_view_activated)
        self.terms_view.activated.connect(self._on_terms_view_activated)
        self.report: ReviewReport | None = None
        self.problems: list[Problem] = []
        self._library: Library | None = None
        self._as_of: date | None = None
        self.checking_terms = False  # set by ContentHealthDialog while its worker reads the dictionary links
        self.retranslate()
        if library is not None:
            self.set_library(library, as_of)
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def retranslate(self) -> None:
        """The view's own words in the interface's language; the lists are built again."""
        for view, name in ((self.problems_view, self.tr("Problems by file")), (self.review_view, self.tr("Review dates")),
                           (self.links_view, self.tr("Broken links")),
                           (self.terms_view, self.tr("Missing dictionary terms"))):  # fmt: skip
            view.setAccessibleName(name)
        self.tabs.setTabText(0, self.tr("Problems"))
        self.tabs.setTabText(1, self.tr("Review dates"))
        self.tabs.setTabText(2, self.tr("Broken links"))
        self.tabs.setTabText(3, self.tr("Dictionary terms"))
        if self._library is not None:
            place = self.tabs.currentIndex()
            self.set_library(self._library, self._as_of, self.problems)
            self.tabs.setCurrentIndex(place)

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _make_view(self) -> QTreeView:
        view = QTreeView(self)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setUniformRowHeights(True)  # hundreds of rows on the real collection
        view.setAlternatingRowColors(True)
        return view

    def set_library(self, library: Library, as_of: date | None = None, problems: list[Problem] | None = None) -> None:
        """Show this library's health (again): after a pack install, or a new day. ``problems``
        are what to list (``health_problems``: with each missing dictionary term); the loader's
        by default."""
        self._library = library
        self._as_of = as_of
        self.problems = problems = list(library.problems if problems is None else problems)
        self.report = review_library(library, as_of or date.today())
        links = [p for p in problems if p.code in LINK_CODES]
        terms = [p for p in problems if p.code in TERM_CODES]
        for view, model in (
            (self.problems_view, build_problem_model(library, self, problems)),
            (self.review_view, build_review_model(self.report, self)),
            (self.links_view, build_problem_list_model(library, links, self.tr("Link"), self)),
            (self.terms_view, build_problem_list_model(library, terms, self.tr("Words"), self)),
        ):
            old = view.model()
            view.setModel(model)
            if old is not None:
                old.deleteLater()  # one set of models at a time, however often it is refreshed
        header = self.problems_view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        for column in range(5):
            self.review_view.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for view in (self.links_view, self.terms_view):
            view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
            view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        files = self.problems_view.model().rowCount()
        errors = sum(p.severity is Severity.ERROR for p in problems)
        warnings = sum(p.severity is Severity.WARNING for p in problems)
        report = self.report
        articles = len(library.patient_articles)
        counts = {"%1": _count(articles, self.tr("1 article"), self.tr("%1 articles")), "%2": _files(files),
                  "%3": _errors(errors), "%4": _warnings(warnings), "%5": _day(report.as_of),
                  "%6": str(len(report.overdue)), "%7": str(len(report.due_soon)), "%8": str(DUE_SOON_DAYS),
                  "%9": str(len(report.unknown))}  # fmt: skip
        if report.implausible:
            text = self.tr("%1. Problems in %2: %3, %4. Review dates as of %5: %6 overdue, %7 due within %8 days, "
                           "%9 unknown, %10 with a date to check (in the future).")  # fmt: skip
            text = text.replace("%10", str(len(report.implausible)))
        else:
            text = self.tr("%1. Problems in %2: %3, %4. Review dates as of %5: %6 overdue, %7 due within %8 days, "
                           "%9 unknown.")  # fmt: skip
        for mark, value in counts.items():
            text = text.replace(mark, value)
        self.summary_label.setText(text)
        self.tabs.setTabText(0, self.tr("Problems (%1)").replace("%1", _files(files)))
        overdue = self.tr("Review dates (%1 overdue)").replace("%1", str(len(report.overdue)))
        if report.implausible:
            overdue = self.tr("Review dates (%1 overdue, %2 to check)").replace("%1", str(len(report.overdue))).replace(
                "%2", str(len(report.implausible)))  # fmt: skip
        self.tabs.setTabText(1, overdue)
        self.tabs.setTabText(2, self.tr("Broken links (%1)").replace("%1", str(len(links))))
        if self.checking_terms:
            self.tabs.setTabText(3, self.tr("Dictionary terms (checking…)"))
        else:
            self.tabs.setTabText(3, self.tr("Dictionary terms (%1)").replace("%1", str(len(terms))))

    def summary(self) -> str:
        return self.summary_label.text()

    def _request(self, index: QModelIndex) -> None:
        article_id = index.data(Role.ARTICLE_ID)
        if not article_id:
            return
        article_id = str(article_id)
        anchor, words = "", ""
        problem = index.data(Role.PROBLEM)
        article = self._library.get(article_id) if self._library is not None else None
        if isinstance(problem, Problem) and article is not None:
            anchor, words = find_place(article, problem)
        self.article_requested.emit(article_id)
        self.place_requested.emit(article_id, anchor, words)

    @Slot(QModelIndex)
    def _on_problems_view_activated(self, index: QModelIndex) -> None:
        self._request(index)

    @Slot(QModelIndex)
    def _on_review_view_activated(self, index: QModelIndex) -> None:
        self._request(index)

    @Slot(QModelIndex)
    def _on_links_view_activated(self, index: QModelIndex) -> None:
        self._request(index)

    @Slot(QModelIndex)
    def _on_terms_view_activated(self, index: QModelIndex) -> None:
        self._request(index)
