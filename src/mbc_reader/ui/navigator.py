"""The navigator: the library by topic -> articles -> their sections, and where the reader is.

A tree view over a :class:`~mbc_reader.ui.library_model.LibraryModel`, which owns the state: the
items, the sections added when first needed and the reader's place. As in calibre's ToC, the view
only obeys: the window tells the model the reader's place (:meth:`Navigator.show_place` passes it
on), the view shows it when the model's ``place_changed`` says so, and it asks for navigation
(``navigation_requested``) only when the user picks an item, never when the place is moved
programmatically.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QLocale, QModelIndex, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QScroller, QStyledItemDelegate, QStyleOptionViewItem, QTreeView, QWidget

from ..content.models import Library
from .i18n import SOURCE_LANGUAGE
from .library_model import GROUPS, LibraryModel, build_model, group_order  # noqa: F401 (build_model, group_order: for tools and tests)
from .lifetime import built, guarded
from .roles import Role

log = logging.getLogger(__name__)


def interface_language() -> str:
    """The language the screens are in (i18n sets the default locale when it switches)."""
    return QLocale().name().replace("-", "_").split("_")[0].lower() or SOURCE_LANGUAGE


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text: long section titles read whole, not "What is the…"."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        view = self.parent()
        if not isinstance(view, QTreeView):
            return hint
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        width = view.viewport().width() - view.indentation() * (depth + 1) - 6
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        metrics = QFontMetrics(font)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        height = metrics.boundingRect(QRect(0, 0, max(40, width), 10_000), Qt.TextFlag.TextWordWrap, text).height()
        return QSize(hint.width(), max(hint.height(), height + 10))


class Navigator(QTreeView):
    """The library tree. Click/Enter on an article or section asks to go there."""

    navigation_requested = Signal(str, str)  # article id, anchor ("" = the top)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setIndentation(16)
        self.setAnimated(False)
        self._open_article = ""  # the article this view expanded for the place (one at a time)
        self.setExpandsOnDoubleClick(False)
        self.setItemDelegate(_WrappingDelegate(self))
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.clicked.connect(self._on_self_activated)
        self._library_model = LibraryModel(parent=self, first_language=interface_language())
        self._library_model.place_changed.connect(self._on_library_model_place_changed)
        self._library_model.modelReset.connect(self._on_library_model_reset)
        self.setModel(self._library_model)
        self.retranslate()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Contents"))
        self.setAccessibleDescription(self.tr("The articles by subject. Choose one to read it."))

    def library_model(self) -> LibraryModel:
        return self._library_model

    def set_library(self, library: Library) -> None:
        self._library_model.set_library(library, interface_language())
        self._expand_a_small_library()

    def _expand_a_small_library(self) -> None:
        model = self._library_model
        if model.rowCount() > 3:
            return
        for row in range(model.rowCount()):  # a small library: show its articles straight away
            index = model.index(row, 0)
            self.expand(index)
            if index.data(Role.KIND) == "language" and model.rowCount(index) <= 3:
                for child in range(model.rowCount(index)):
                    self.expand(model.index(child, 0, index))

    def language_order(self) -> list[str]:
        """The languages as listed, top to bottom ("en" for the English topics)."""
        return self._library_model.language_order()

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self._library_model.set_first_language(interface_language()):  # the place is kept
                self._expand_a_small_library()
        super().changeEvent(event)

    def index_for(self, article_id: str, anchor: str = "") -> QModelIndex:
        """The item of an article (anchor "") or one of its sections; invalid if not listed."""
        return self._library_model.index_for(article_id, anchor)

    def show_place(self, article_id: str, anchor: str = "") -> None:
        """Highlight where the reader is: the section if it is listed, else the article."""
        if not self._library_model.set_place(article_id, anchor):
            self._show_model_place()  # the same place: shown again if the view was moved away

    def current_place(self) -> tuple[str, str]:
        """The reader's place as the model holds it (("", "") for none)."""
        return self._library_model.place()

    @Slot()
    def _on_library_model_reset(self) -> None:
        self._open_article = ""

    @Slot(str, str)
    def _on_library_model_place_changed(self, _article_id: str, _anchor: str) -> None:
        self._show_model_place()

    def _show_model_place(self) -> None:
        index = self._library_model.place_index()
        if not index.isValid():
            self.clearSelection()
            return
        if index == self.currentIndex():
            return
        article_id = index.data(Role.ARTICLE_ID)
        parent = index.parent()
        while parent.isValid():
            self.expand(parent)
            parent = parent.parent()
        article_index = self.index_for(article_id, "")
        if self._open_article and self._open_article != article_id:
            previous = self.index_for(self._open_article, "")
            if previous.isValid():
                self.collapse(previous)  # one article open at a time keeps the tree calm
        self._open_article = article_id
        if article_index.isValid():
            self.expand(article_index)  # its sections show where the reader is
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def reset_view(self) -> None:
        """As first shown (a kiosk reset): folded, no place, scrolled to the top; the window's
        ``show_place`` then opens the home article as at the start."""
        self._library_model.clear_place()
        self.collapseAll()
        self.selectionModel().clear()
        self._open_article = ""
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(0)

    @guarded
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # wrapped rows change height with the width

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.currentIndex().isValid():
            self._on_self_activated(self.currentIndex())
            return
        super().keyPressEvent(event)

    @Slot(QModelIndex)
    def _on_self_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        if index.data(Role.KIND) in GROUPS:
            self.setExpanded(index, not self.isExpanded(index))
            return
        self.navigation_requested.emit(index.data(Role.ARTICLE_ID), index.data(Role.ANCHOR))
