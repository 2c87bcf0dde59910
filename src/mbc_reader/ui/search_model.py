"""The latest search's results as a tree model: one top row per article, its further matching
sections folded under it as child rows.

The model owns what was found (the response: hits, query, total, suggestion, correction,
synonyms searched); the panel's view only shows it and says which row was chosen. A row's words
are made when Qt asks for them, so a language change is one ``dataChanged`` (:meth:`reword`).

Rows carry the roles of :class:`~mbc_reader.ui.roles.Role`: ARTICLE_ID, ANCHOR (the section to
open), TITLE, SECTION, SNIPPET, HTML (what the delegate paints) and KIND ("article", "term" or
"section"); DisplayRole is "title — section", AccessibleTextRole what a screen reader says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt

from .roles import Role
from .search_results import hit_html, plain_snippet

_TOP = 0  # internal id of a top row; a section row's is its article's row + 1

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    """What one row shows: an article (or dictionary term), or a further section of one."""

    article_id: str
    title: str
    section: str
    anchor: str
    snippet: str
    kind: str  # "article", "term", "section"
    sections: tuple[Row, ...] = field(default=())

    @classmethod
    def from_hit(cls, hit: object) -> Row:
        article_id = str(getattr(hit, "article_id", ""))
        title = str(getattr(hit, "title", "") or "")
        kind = "term" if article_id.startswith("glossary:") else "article"
        folded = tuple(
            cls(article_id, title, str(getattr(s, "section", "") or ""), str(getattr(s, "anchor", "") or ""),
                str(getattr(s, "snippet", "") or ""), "section")
            for s in (getattr(hit, "sections", ()) or ())
        )  # fmt: skip
        return cls(article_id, title, str(getattr(hit, "section", "") or ""), str(getattr(hit, "anchor", "") or ""),
                   str(getattr(hit, "snippet", "") or ""), kind, folded)  # fmt: skip


def more_sections(count: int) -> str:
    """The parent row's note of what is folded under it, in the interface language."""
    if count == 1:
        return QCoreApplication.translate("SearchResultsModel", "1 more section below")
    return QCoreApplication.translate("SearchResultsModel", "%1 more sections below").replace("%1", str(count))


class SearchResultsModel(QAbstractItemModel):
    """The results shown, and the facts the panel words around them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[Row, ...] = ()
        self.query = ""  # the query these results answer ("" = nothing shown)
        self.total = 0  # matching sections before grouping and the limit
        self.suggestion: str | None = None
        self.corrected: str | None = None  # the results are for this spelling instead of the query
        self.also: tuple[str, ...] = ()  # other words searched as well (synonyms)

    # -- state -------------------------------------------------------------------------------

    def show_response(self, response: object) -> None:
        """Show a searcher's response (``SearchResponse`` or anything with its attributes)."""
        results = list(getattr(response, "results", []) or [])
        self.show_hits(results, str(getattr(response, "query", "") or ""), getattr(response, "suggestion", None),
                       getattr(response, "total", len(results)), getattr(response, "corrected_query", None),
                       tuple(getattr(response, "also_searched", ()) or ()))  # fmt: skip

    def show_hits(self, hits: list, query: str, suggestion: str | None = None, total: int | None = None,
                  corrected: str | None = None, also: tuple[str, ...] = ()) -> None:  # fmt: skip
        self.beginResetModel()
        self._rows = tuple(Row.from_hit(hit) for hit in hits)
        self.query = query
        self.total = len(self._rows) if total is None else int(total)
        self.suggestion = suggestion
        self.corrected = corrected if corrected and query else None
        self.also = tuple(also) if query else ()
        self.endResetModel()

    def clear(self) -> None:
        self.show_hits([], "")

    def reword(self) -> None:
        """The interface language changed: every row's words are made again."""
        for parent in [QModelIndex(), *(self.index(r, 0) for r in range(len(self._rows)))]:
            count = self.rowCount(parent)
            if count:
                self.dataChanged.emit(self.index(0, 0, parent), self.index(count - 1, 0, parent))

    def row_at(self, index: Index) -> Row | None:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            return self._rows[index.row()] if index.row() < len(self._rows) else None
        parent = self._rows[index.internalId() - 1]
        return parent.sections[index.row()] if index.row() < len(parent.sections) else None

    def articles(self) -> int:
        return len(self._rows)

    # -- the model interface ---------------------------------------------------------------------

    def index(self, row: int, column: int = 0, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _TOP) if row < len(self._rows) else QModelIndex()
        if parent.internalId() != _TOP or parent.row() >= len(self._rows):
            return QModelIndex()  # section rows have no children
        if row >= len(self._rows[parent.row()].sections):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if not parent.isValid():
            return len(self._rows)
        if parent.column() != 0 or parent.internalId() != _TOP or parent.row() >= len(self._rows):
            return 0
        return len(self._rows[parent.row()].sections)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren \
            if index.internalId() != _TOP else Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # fmt: skip

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.title} — {row.section}" if row.section else row.title
        if role == Role.HTML:
            if row.kind == "section":  # under its article: the section is what this row adds
                opening = QCoreApplication.translate("SearchResultsModel", "Introduction")  # the part before any heading
                return hit_html(row.section or opening, "", row.snippet, False)
            more = more_sections(len(row.sections)) if row.sections else ""
            return hit_html(row.title, row.section, row.snippet, row.kind == "term", more)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            said = self.data(index, Qt.ItemDataRole.DisplayRole)
            words = plain_snippet(row.snippet)
            text = f"{said}. {words}" if words else str(said)
            return f"{text}. {more_sections(len(row.sections))}" if row.sections else text
        return {
            Role.ARTICLE_ID: row.article_id,
            Role.ANCHOR: row.anchor,
            Role.TITLE: row.title,
            Role.SECTION: row.section,
            Role.SNIPPET: row.snippet,
            Role.KIND: row.kind,
        }.get(role)
