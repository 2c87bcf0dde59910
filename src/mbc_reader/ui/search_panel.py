"""The search box and its results, as you type, without ever freezing the window.

Typing restarts a 150 ms single-shot timer (Zeal's pattern); when it fires, the query goes to
the :class:`~mbc_reader.ui.workers.SearchService` thread and only the answer to the latest
request is shown. Keyboard as users expect: Down moves into the results, Enter opens, Esc
clears. While the box is empty the panel shows its "browse" widget (the navigator) instead.
"""

from __future__ import annotations

import html
import logging
import re

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QScroller, QStackedWidget, QVBoxLayout, QWidget

from . import style
from . import theme as themes
from .lifetime import built, guarded
from .search_model import SearchResultsModel
from .search_results import HitDelegate, ResultsView, Role, hit_html, snippet_html
from .workers import SearchService

SEARCH_BOX_POINT_SIZE = 12.5  # at the normal theme; times the theme's font scale (large print)

__all__ = ["DEBOUNCE_MS", "RESULT_LIMIT", "HitDelegate", "Role", "SearchPanel", "hit_html", "snippet_html"]

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
RESULT_LIMIT = 30


class SearchPanel(QWidget):
    """The search box above either the browse widget (empty box) or the results."""

    result_chosen = Signal(str, str)  # article id, section anchor
    term_chosen = Signal(str, str, QRect)  # glossary term id, its name, where (global)
    results_ready = Signal(int)  # how many results are now shown
    escape_pressed = Signal()  # Esc in an empty box: the window gives focus back to the article

    def __init__(self, browse: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self._service: SearchService | None = None
        self._pending_query: str | None = None
        self._shown_query = ""
        # What the panel says, kept as facts so it can say it again in another language.
        self._availability = "none"  # "none" (no search in this build), "ready", "broken"
        self._reason = ""  # a caller's own words for "none" (kept as given)
        self._status: tuple = ("",)  # kind and values: see _status_text
        self._suggestion: str | None = None  # the suggestion line shown (None when hidden)

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("searchBox")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(style.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self._size_search_box()
        self.search_edit.installEventFilter(self)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("searchStatus")
        self.status_label.setWordWrap(True)
        self.suggestion_label = QLabel(self)
        self.suggestion_label.setObjectName("searchSuggestion")
        self.suggestion_label.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion_label.setWordWrap(True)
        self.suggestion_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.suggestion_label.linkActivated.connect(self._on_suggestion_label_link_activated)
        self.suggestion_label.hide()

        self.model = SearchResultsModel(self)  # owns the results; the view shows them
        self.results_view = ResultsView(self)  # an article a row, its further sections folded under it
        self.results_view.setObjectName("searchResults")
        self.results_view.setModel(self.model)
        self.results_view.setItemDelegate(HitDelegate(self.results_view))
        self.results_view.setHeaderHidden(True)
        self.results_view.setWordWrap(True)
        self.results_view.setUniformRowHeights(False)
        self.results_view.setExpandsOnDoubleClick(False)  # a click opens; the branch mark folds
        self.results_view.setAnimated(False)
        self.results_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_view.installEventFilter(self)
        self.results_view.clicked.connect(self._on_results_view_clicked)
        QScroller.grabGesture(self.results_view.viewport(), QScroller.ScrollerGestureType.TouchGesture)

        results_page = QWidget(self)
        results_layout = QVBoxLayout(results_page)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.setSpacing(2)
        results_layout.addWidget(self.status_label)
        results_layout.addWidget(self.suggestion_label)
        results_layout.addWidget(self.results_view, 1)
        self.pages = QStackedWidget(self)
        self._browse = browse or QWidget(self)
        self.pages.addWidget(self._browse)
        self.pages.addWidget(results_page)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(DEBOUNCE_MS)
        self._pause.timeout.connect(self._run_query)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.pages, 1)
        self.set_service(None)
        built(self)  # guarded event handlers run from here on (lifetime.py)

    # -- words -----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every word the panel shows, in the interface language (also called on LanguageChange)."""
        self.search_edit.setAccessibleName(self.tr("Search the articles"))
        self.results_view.setAccessibleName(self.tr("Search results"))
        if self._availability == "ready":
            self.search_edit.setToolTip(self.tr("Search the articles (Ctrl+K)"))
            self.search_edit.setPlaceholderText(self.tr("Search (Ctrl+K)"))
        elif self._availability == "broken":
            self.search_edit.setToolTip(self.tr("Search could not be prepared. Staff: run 'mbc-reader index'."))
            self.search_edit.setPlaceholderText(self.tr("Search is not available"))
        else:
            self.search_edit.setToolTip(self._reason or self.tr("Search is not available in this version."))
            self.search_edit.setPlaceholderText(self.tr("Search is not available"))
        self.status_label.setText(self._status_text())
        self._show_suggestion(self._suggestion)
        self.model.reword()  # "Dictionary" on glossary rows, "2 more sections below"
        self.results_view.doItemsLayout()

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate()
        elif kind in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._size_search_box()
            self._show_suggestion(self._suggestion)  # the link colour follows the theme
            self.results_view.doItemsLayout()  # rows are painted in the theme's colours and font
        super().changeEvent(event)

    def _size_search_box(self) -> None:
        """The box's words are a little larger than the interface's, and grow with large print."""
        size = SEARCH_BOX_POINT_SIZE * themes.current_theme().font_scale
        if abs(self.search_edit.font().pointSizeF() - size) > 0.01:
            self.search_edit.setFont(style.ui_font(size))

    def _set_status(self, *status: object) -> None:
        self._status = status or ("",)
        text = self._status_text()
        self.status_label.setText(text)
        if text and self._status[0] in ("none", "best", "count", "failed", "unavailable"):
            self._announce(text)

    def _announce(self, text: str) -> None:
        """Say it to a screen reader without moving focus from the search box ("12 results")."""
        from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

        self.status_label.setAccessibleName(text)
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.status_label, text))

    def _status_text(self) -> str:
        kind, *values = self._status
        if kind == "preparing":
            return self.tr("Getting search ready…") + (f" {values[0]}" if values and values[0] else "")
        if kind == "unavailable":
            return self.tr("Search is not available right now.")
        if kind == "failed":
            return self.tr("That search did not work. Try other words.")
        if kind == "none":
            return self.tr("No articles match \u201c%1\u201d.").replace("%1", str(values[0]))
        if kind == "best":
            return self.tr("Best %1 of %2 results").replace("%1", str(values[0])).replace("%2", str(values[1]))
        if kind == "count":
            return self.tr("1 result") if values[0] == 1 else self.tr("%1 results").replace("%1", str(values[0]))
        return ""

    def _show_suggestion(self, suggestion: str | None) -> None:
        """The line under the box: "Did you mean …?", or "Showing results for … · search for …
        instead" when the results are a correction's, and "Also searched: …" (synonyms)."""
        self._suggestion = suggestion
        colour = themes.current_theme().link
        lines = []
        fixed, typed = self.model.corrected, self.model.query
        if fixed:
            link = f"<a href='verbatim:{html.escape(typed, quote=True)}' style='color:{colour}'>{html.escape(typed)}</a>"
            lines.append(
                self.tr("Showing results for %1 · search for %2 instead")
                .replace("%1", f"<i>{html.escape(fixed)}</i>")
                .replace("%2", link)
            )
        elif suggestion:
            link = f"<a href='suggest:{html.escape(suggestion, quote=True)}' style='color:{colour}'>{html.escape(suggestion)}</a>"
            lines.append(self.tr("Did you mean %1?").replace("%1", link))
        if self.model.also:
            lines.append(self.tr("Also searched: %1").replace("%1", html.escape(", ".join(self.model.also))))
        if not lines:
            self.suggestion_label.hide()
            return
        self.suggestion_label.setText("<br>".join(lines))
        self.suggestion_label.show()

    # -- the service ---------------------------------------------------------------------------

    def set_service(self, service: SearchService | None, unavailable_reason: str = "") -> None:
        """Attach the search thread; with None the box is disabled and says why
        (``unavailable_reason``, or the panel's own words)."""
        self._service = service
        self._reason = unavailable_reason
        self._availability = "none" if service is None else "ready"
        self.search_edit.setEnabled(service is not None)
        self.retranslate()
        if service is None:
            return
        service.ready.connect(self._on_service_ready)
        service.progress.connect(self._on_service_progress)
        service.unavailable.connect(self._on_service_unavailable)
        service.results_ready.connect(self._on_service_results_ready)
        service.failed.connect(self._on_service_failed)

    def is_available(self) -> bool:
        return self._service is not None and self.search_edit.isEnabled()

    @Slot()
    def _on_service_ready(self) -> None:
        if self._pending_query is not None or self.query():
            self._run_query()

    @Slot(str)
    def _on_service_progress(self, text: str) -> None:
        if self.query():
            self._set_status("preparing", text)

    @Slot(str)
    def _on_service_unavailable(self, reason: str) -> None:
        log.warning("search unavailable: %s", reason)
        self._service = None
        self._availability = "broken"
        self.search_edit.setEnabled(False)
        self._set_status("unavailable")
        self.retranslate()

    # -- typing ----------------------------------------------------------------------------------

    def query(self) -> str:
        return self.search_edit.text().strip()

    def set_query(self, text: str) -> None:
        self.search_edit.setText(text)

    def clear(self) -> None:
        self.search_edit.clear()

    def reset(self) -> None:
        """Empty, as built (a kiosk reset): no text, no undo or redo history (``clear()`` keeps it,
        so Undo would bring the last search back), no results, the browse page showing."""
        self._pause.stop()
        self._pending_query = None
        self.search_edit.setText("")
        self.search_edit.setModified(False)
        self._show_nothing()
        self.pages.setCurrentIndex(0)
        self.results_view.scrollToTop()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    @Slot(str)
    def _on_search_edit_text_changed(self, _text: str) -> None:
        if not self.query():
            self._pause.stop()
            self._pending_query = None
            self._show_nothing()
            self.pages.setCurrentIndex(0)
            return
        self._pause.start()  # restart: query once typing pauses

    @Slot()
    def _run_query(self) -> None:
        query = self.query()
        if not query:
            return
        self.pages.setCurrentIndex(1)
        if self._service is None:
            return
        if not self._service.is_ready():
            self._pending_query = query
            self._set_status("preparing", "")
            return
        self._pending_query = None
        self._service.request(query, RESULT_LIMIT)

    @Slot(int, object)
    def _on_service_results_ready(self, number: int, response: object) -> None:
        if self._service is None or number != self._service.latest():
            return  # an answer to a query the reader has typed past
        if getattr(response, "query", "") != self.query():
            return
        self.model.show_response(response)
        self._on_results_shown()

    @Slot(int, str)
    def _on_service_failed(self, number: int, _message: str) -> None:
        if self._service is not None and number == self._service.latest():
            self._set_status("failed")

    def _show_nothing(self) -> None:
        self.model.clear()
        self._on_results_shown()

    def _on_results_shown(self) -> None:
        """Word what the model now holds: count, suggestion; show the first result, its folded
        sections open (the others' fold until asked for)."""
        model = self.model
        query, count = model.query, model.articles()
        self._shown_query = query
        if not query:
            self._set_status("")
        elif not count:
            self._set_status("none", query)
        elif model.total > count:
            self._set_status("best", count, model.total)
        else:
            self._set_status("count", count)
        suggestion = model.suggestion
        self._show_suggestion(suggestion if suggestion and suggestion.strip().casefold() != query.casefold() else None)
        if query:
            self.pages.setCurrentIndex(1)
            if count:
                first = model.index(0, 0)
                self.results_view.expand(first)
                self.results_view.setCurrentIndex(first)
                self.results_view.scrollToTop()
        self.results_ready.emit(count)

    def result_count(self) -> int:
        return self.model.rowCount()

    def shown_query(self) -> str:
        return self._shown_query

    def suggestion(self) -> str | None:
        if self.suggestion_label.isHidden():
            return None
        match = re.search(r"href='suggest:([^']*)'", self.suggestion_label.text())
        return html.unescape(match.group(1)) if match else None

    @Slot(str)
    def _on_suggestion_label_link_activated(self, link: str) -> None:
        if link.startswith("suggest:"):
            self.set_query(link[len("suggest:"):])
            self.search_edit.setFocus()
        elif link.startswith("verbatim:"):  # quoted: searched as typed, never corrected
            self.set_query('"' + link[len("verbatim:"):].replace('"', "") + '"')
            self.search_edit.setFocus()

    # -- choosing a result -----------------------------------------------------------------------

    def open_result(self, row: int) -> bool:
        """Open the ``row``-th article found (at its best section)."""
        return self.open_index(self.model.index(row, 0))

    def open_index(self, index: QModelIndex) -> bool:
        """Open the result at ``index``: an article at its section, a further section of one, or
        a dictionary term's pop-up."""
        if not index.isValid():
            return False
        article_id = str(index.data(Role.ARTICLE_ID) or "")
        if article_id.startswith("glossary:"):
            rect = self.results_view.visualRect(index)
            top_left = self.results_view.viewport().mapToGlobal(rect.topRight())
            title = str(index.data(Role.TITLE) or "")
            self.term_chosen.emit(article_id[len("glossary:"):], title, QRect(top_left, QSize(1, rect.height())))
        else:
            self.result_chosen.emit(article_id, str(index.data(Role.ANCHOR) or ""))
        return True

    @Slot(QModelIndex)
    def _on_results_view_clicked(self, index: QModelIndex) -> None:
        self.open_index(index)

    @guarded
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search_edit:
            if key == Qt.Key.Key_Down and self.model.rowCount():
                self.results_view.setFocus(Qt.FocusReason.OtherFocusReason)
                current = self.results_view.currentIndex()
                row = current.row() if current.isValid() else 0
                self.results_view.setCurrentIndex(self.model.index(row, 0))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._pause.isActive() or self._shown_query != self.query():
                    self._pause.stop()
                    self._run_query()  # Enter before the pause: search now; results open on arrival
                    return True
                current = self.results_view.currentIndex()
                self.open_index(current if current.isValid() else self.model.index(0, 0))
                return True
            if key == Qt.Key.Key_Escape:
                if self.search_edit.text():
                    self.clear()
                else:
                    self.escape_pressed.emit()
                return True
        elif watched is self.results_view:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_index(self.results_view.currentIndex())
                return True
            current = self.results_view.currentIndex()
            at_top = not current.isValid() or (current.row() == 0 and not current.parent().isValid())
            if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_Up and at_top):
                self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)
