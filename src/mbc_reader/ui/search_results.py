"""How one search result looks: its title, where it is, and the words around the match.

The result's HTML carries only structure (``div.title``, ``div.meta``, ``div.snippet``); the
colours come from the active theme each time a row is painted, through the document's default
style sheet. Fixed colours here once left dark text on the black of the high-contrast theme.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from . import theme as themes
from .lifetime import built, guarded
from .roles import Role

__all__ = ["HitDelegate", "ResultsView", "Role", "hit_css", "hit_colours", "hit_html", "plain_snippet", "snippet_html"]

_TAG = re.compile(r"<(?!/?b>)[^>]*>", re.IGNORECASE)



def snippet_html(snippet: str) -> str:
    """The searcher's snippet with nothing left but ``<b>`` marks around matched words."""
    return _TAG.sub("", snippet or "")


def plain_snippet(snippet: str) -> str:
    """The snippet's words alone (no marks), as a screen reader should say them."""
    return html.unescape(re.sub(r"<[^>]*>", "", snippet or "")).strip()


def hit_html(title: str, section: str, snippet: str, is_term: bool, more: str = "") -> str:
    """Structure only: :func:`hit_css` colours it for the theme and the row's state. ``more``
    says what is folded under the row ("2 more sections below")."""
    kind = QCoreApplication.translate("SearchPanel", "Dictionary") if is_term else ""
    said = {kind.casefold(), "dictionary"} if is_term else set()  # the index labels terms in English
    place = html.escape(section) if section and section.casefold() not in said else ""
    meta = " · ".join(part for part in (kind, place, html.escape(more)) if part)
    parts = [f"<div class='title'>{html.escape(title)}</div>"]
    if meta:
        parts.append(f"<div class='meta'>{meta}</div>")
    if snippet:
        parts.append(f"<div class='snippet'>{snippet_html(snippet)}</div>")
    return "".join(parts)


@dataclass(frozen=True)
class HitColours:
    title: str
    meta: str
    snippet: str
    background: str  # what the row is painted on: the colours above are chosen against it


def hit_colours(selected: bool, theme: themes.Theme | None = None) -> HitColours:
    """The theme's colours for a result row; a selected (or, in high contrast, hovered) row is
    painted in the highlight colour, so its words take the highlighted-text colour."""
    t = theme or themes.current_theme()
    if selected:
        c = t.highlighted_text
        return HitColours(c, c, c, t.highlight)
    return HitColours(t.heading, t.muted, t.text, t.base)


def hit_css(colours: HitColours) -> str:
    return (f"div.title {{ font-weight: 600; color: {colours.title}; }}\n"
            f"div.meta {{ color: {colours.meta}; }}\n"
            f"div.snippet {{ color: {colours.snippet}; }}\n")


class HitDelegate(QStyledItemDelegate):
    """Draws a result as rich text (title, section, snippet with the matched words in bold)."""

    PADDING = 8

    @staticmethod
    def is_highlighted(option: QStyleOptionViewItem) -> bool:
        """Painted on the highlight colour: selected, or hovered in high contrast (its style sheet
        highlights the row under the pointer)."""
        state = option.state
        if state & QStyle.StateFlag.State_Selected:
            return True
        return bool(state & QStyle.StateFlag.State_MouseOver) and themes.current_theme().high_contrast

    def document(self, option: QStyleOptionViewItem, index: QModelIndex, width: int) -> QTextDocument:
        """The row as the delegate lays it out and paints it (public for tests and tools)."""
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setDefaultStyleSheet(hit_css(hit_colours(self.is_highlighted(option))))
        doc.setHtml(index.data(Role.HTML) or html.escape(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        doc.setTextWidth(max(50, width - 2 * self.PADDING))
        return doc

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        widget_style = widget.style() if widget is not None else None
        if widget_style is not None:
            widget_style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self.document(option, index, option.rect.width())
        painter.save()
        painter.translate(option.rect.left() + self.PADDING, option.rect.top() + self.PADDING)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor(hit_colours(self.is_highlighted(option)).snippet))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 300
        if isinstance(view, QTreeView):  # a row is indented by its depth (and the branch marks)
            depth, parent = (1 if view.rootIsDecorated() else 0), index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width = max(100, width - depth * view.indentation())
        doc = self.document(option, index, width)
        return QSize(width, round(doc.size().height()) + 2 * self.PADDING)


class ResultsView(QTreeView):
    """The results as a tree (an article a row, its further sections under it) whose rows are
    measured again when its width changes: a row's height is its wrapped text's, and a tree
    view, unlike a list view in Adjust mode, keeps the heights it measured at the old width (a
    scroll bar appearing left the last line of a snippet outside its row)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._measured_width = -1
        built(self)

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        width = self.viewport().width()
        if width != self._measured_width:
            self._measured_width = width
            self.scheduleDelayedItemsLayout()
