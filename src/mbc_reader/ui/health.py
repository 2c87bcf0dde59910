"""The "Content health" view for staff: problems by file, broken links, missing dictionary terms
and articles due for review.

Thin over ``content/``: the problems ``check`` lists (:func:`content.health_report.health_problems`)
and :func:`content.review.review_articles` are put into ``QStandardItemModel``s; the views only
show them. Activating a row (Enter, double-click) asks for its article with
``article_requested(id)``, and for the place in it with ``place_requested(id, anchor, words)``
(the section a link or term is in, and its words); the main window opens it there. A file that
failed to load has no article to open, so its rows ask for nothing. Not for kiosk mode: the
main window decides whether to offer this view at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTabWidget, QTreeView, QVBoxLayout, QWidget

from ..content.health_report import LINK_CODES, TERM_CODES, find_place
from ..content.loader import problems_by_file
from ..content.models import Library, Problem, Severity
from ..content.review import DUE_SOON_DAYS, ReviewItem, ReviewReport, review_articles
from .roles import Role



_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_SEVERITY_WORD = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Note"}


def _short(path: Path) -> str:
    """The folder and file name: enough to find it, short enough to read."""
    return str(Path(*path.parts[-2:])) if len(path.parts) > 1 else str(path)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _count_words(problems: list[Problem]) -> str:
    counts = []
    for severity in Severity:
        n = sum(p.severity is severity for p in problems)
        if n:
            word = _SEVERITY_WORD[severity].lower()
            counts.append(_plural(n, word))
    return ", ".join(counts)


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
    model.setHorizontalHeaderLabels(["File and problem", "Kind"])
    by_path = {article.path: article.id for article in library.articles}
    grouped = problems_by_file(library.problems if problems is None else problems)
    ordered = sorted(grouped.items(), key=lambda kv: (min(_SEVERITY_ORDER[p.severity] for p in kv[1]), str(kv[0])))
    for path, problems in ordered:
        article_id = by_path.get(path)
        hint = str(path) if article_id else f"{path}\nThis file could not be loaded: fix it, then check again."
        file_item = _item(_short(path), article_id, hint)
        for problem in sorted(problems, key=lambda p: _SEVERITY_ORDER[p.severity]):
            file_item.appendRow(
                [_item(problem.message, article_id, problem.message, problem),
                 _item(_SEVERITY_WORD[problem.severity], article_id, None, problem)]
            )  # fmt: skip
        model.appendRow([file_item, _item(_count_words(problems), article_id)])
    return model


def build_problem_list_model(library: Library, problems: list[Problem], words_header: str,
                             parent=None) -> QStandardItemModel:
    """One row per problem, by file: the file, the article's words it is about, the problem."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels(["File", words_header, "Problem"])
    by_path = {article.path: article.id for article in library.articles}
    for problem in sorted(problems, key=lambda p: str(p.file)):
        article_id = by_path.get(problem.file)
        model.appendRow([
            _item(_short(problem.file), article_id, str(problem.file), problem),
            _item(problem.words, article_id, problem.words or None, problem),
            _item(problem.message, article_id, problem.message, problem),
        ])  # fmt: skip
    return model


def _review_row(status: str, item: ReviewItem) -> list[QStandardItem]:
    note = ""
    if item.warning is not None:  # a date that cannot be right: not due, the warning says why
        due, days = (item.due.isoformat() if item.due else "?"), "not due: date to check"
        note = item.warning.replace(str(item.file), _short(item.file), 1) if item.file else item.warning
        if item.reason:
            note += f" (also: {item.reason})"
    elif item.due is None:
        due, days, note = "?", ("no review date" if item.last_reviewed is None else "unknown frequency"), item.reason or ""
    else:
        due = item.due.isoformat()
        n = item.days_overdue or 0
        days = f"{n} days overdue" if n > 0 else ("due today" if n == 0 else f"in {-n} days")
    reviewed = item.last_reviewed.isoformat() if item.last_reviewed else "never"
    tip = f"{item.title}\nLast reviewed: {reviewed}; review {item.frequency or 'frequency unknown'}"
    cells = [_item(status, item.id), _item(due, item.id), _item(days, item.id), _item(item.title, item.id, tip)]
    return [*cells, _item(note, item.id, item.warning or note or None)]


def build_review_model(report: ReviewReport, parent=None) -> QStandardItemModel:
    """Overdue (most overdue first), then due soon, then unknown dates, then dates to check."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels(["Status", "Due", "When", "Article", "Note"])
    groups = (
        ("Overdue", report.overdue),
        ("Due soon", report.due_soon),
        ("Unknown", report.unknown),
        ("Check date", report.implausible),
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
        self.problems_view = self._make_view("Problems by file")
        self.review_view = self._make_view("Review dates")
        self.review_view.setRootIsDecorated(False)
        self.links_view = self._make_view("Broken links")
        self.terms_view = self._make_view("Missing dictionary terms")
        self.tabs.addTab(self.problems_view, "Problems")
        self.tabs.addTab(self.review_view, "Review dates")
        for view, name in ((self.links_view, "Broken links"), (self.terms_view, "Dictionary terms")):
            view.setRootIsDecorated(False)
            self.tabs.addTab(view, name)
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
        if library is not None:
            self.set_library(library, as_of)

    def _make_view(self, name: str) -> QTreeView:
        view = QTreeView(self)
        view.setAccessibleName(name)
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
        self.problems = problems = list(library.problems if problems is None else problems)
        self.report = review_articles(library.patient_articles, as_of or date.today())
        links = [p for p in problems if p.code in LINK_CODES]
        terms = [p for p in problems if p.code in TERM_CODES]
        for view, model in (
            (self.problems_view, build_problem_model(library, self, problems)),
            (self.review_view, build_review_model(self.report, self)),
            (self.links_view, build_problem_list_model(library, links, "Link", self)),
            (self.terms_view, build_problem_list_model(library, terms, "Words", self)),
        ):
            old = view.model()
            view.setModel(model)
            if old is not None:
                old.deleteLater()  # one set of models at a time, however often it is refreshed
        header = self.problems_view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        for column in range(4):
            self.review_view.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for view in (self.links_view, self.terms_view):
            view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
            view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        files = self.problems_view.model().rowCount()
        errors = sum(p.severity is Severity.ERROR for p in problems)
        warnings = sum(p.severity is Severity.WARNING for p in problems)
        report = self.report
        self.summary_label.setText(
            f"{_plural(len(library.patient_articles), 'article')}. Problems in {_plural(files, 'file')}: "
            f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}. Review dates as of "
            f"{report.as_of:%B} {report.as_of.day}, {report.as_of.year}: {len(report.overdue)} overdue, "
            f"{len(report.due_soon)} due within {DUE_SOON_DAYS} days, {len(report.unknown)} unknown"
            + (f", {len(report.implausible)} with a date to check (in the future)." if report.implausible else ".")
        )
        self.tabs.setTabText(0, f"Problems ({_plural(files, 'file')})")
        to_check = f", {len(report.implausible)} to check" if report.implausible else ""
        self.tabs.setTabText(1, f"Review dates ({len(report.overdue)} overdue{to_check})")
        self.tabs.setTabText(2, f"Broken links ({len(links)})")
        self.tabs.setTabText(3, f"Dictionary terms ({len(terms)})")

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
