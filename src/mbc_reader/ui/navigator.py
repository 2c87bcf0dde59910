"""The navigator: the library by topic -> articles -> their sections, and where the reader is.

Articles in another language than English (front matter ``language: es``) are listed apart, under
a group named in that language ("Español"), with their own topics beneath it: a Spanish reader
finds every Spanish page in one place, and the English list stays as it was. The group comes
first while the interface is in its language.

A ``QStandardItemModel`` built once from the :class:`~mbc_reader.content.models.Library`; the ids
live in custom roles. As in calibre's ToC, the view only obeys: the window tells it the reader's
place (:meth:`Navigator.show_place`) and it asks for navigation (``navigation_requested``) only
when the user picks an item, never when the place is moved programmatically.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QScroller, QStyledItemDelegate, QStyleOptionViewItem, QTreeView, QWidget

from ..content.home import GENERAL_TOPIC, article_language, article_topic  # noqa: F401 (the navigator's own words)
from ..content.models import Article, Library, Section
from .i18n import LANGUAGE_NAMES, SOURCE_LANGUAGE
from .lifetime import built, guarded
from .roles import Role

log = logging.getLogger(__name__)



PENDING = "pending"  # the placeholder child of an article whose sections are not in the model yet
GROUPS = ("language", "topic")  # items that only hold others: folding, never navigation


def _item(text: str, kind: str, article_id: str = "", anchor: str = "") -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setToolTip(text)
    item.setData(kind, Role.KIND)
    item.setData(article_id, Role.ARTICLE_ID)
    item.setData(anchor, Role.ANCHOR)
    return item


def _add_sections(parent: QStandardItem, article_id: str, sections: tuple[Section, ...]) -> None:
    for section in sections:
        child = _item(section.title, "section", article_id, section.anchor)
        parent.appendRow(child)
        if section.children:
            _add_sections(child, article_id, section.children)


def interface_language() -> str:
    """The language the screens are in (i18n sets the default locale when it switches)."""
    return QLocale().name().replace("-", "_").split("_")[0].lower() or SOURCE_LANGUAGE


def _add_topics(parent: QStandardItem, articles: list[Article], bold: QFont, lazy: bool) -> None:
    by_topic: dict[str, list[Article]] = {}
    for article in articles:
        by_topic.setdefault(article_topic(article), []).append(article)
    for topic in sorted(by_topic, key=str.casefold):
        topic_item = _item(topic, "topic")
        topic_item.setFont(bold)
        topic_item.setSelectable(False)
        for article in sorted(by_topic[topic], key=lambda a: a.title.casefold()):
            article_item = _item(article.title, "article", article.id)
            if lazy and article.sections:
                article_item.appendRow(_item("", PENDING, article.id))
            else:
                _add_sections(article_item, article.id, article.sections)
            topic_item.appendRow(article_item)
        parent.appendRow(topic_item)


def build_model(library: Library, parent=None, lazy: bool = False, first_language: str = SOURCE_LANGUAGE) -> QStandardItemModel:
    """English topics (alphabetical) -> patient articles (by title) -> sections, in reading order;
    then one group per other language ("Español") holding that language's topics the same way.

    ``first_language``: the interface language; its group (if any) comes before the English topics.
    ``lazy``: an article gets one placeholder child instead of its sections (24,000 items for
    the full corpus cost a third of a second); the navigator fills them in when needed.
    """
    model = QStandardItemModel(parent)
    by_language: dict[str, list[Article]] = {}
    for article in library.patient_articles:
        by_language.setdefault(article_language(article), []).append(article)
    bold = QFont()
    bold.setBold(True)
    others = sorted(code for code in by_language if code != SOURCE_LANGUAGE)
    order = [SOURCE_LANGUAGE, *others]
    if first_language in others:
        order.remove(first_language)
        order.insert(0, first_language)
    root = model.invisibleRootItem()
    for code in order:
        articles = by_language.get(code)
        if not articles:
            continue
        if code == SOURCE_LANGUAGE:
            _add_topics(root, articles, bold, lazy)
            continue
        group = _item(LANGUAGE_NAMES.get(code, code), "language")  # named in its own language
        group.setFont(bold)
        group.setSelectable(False)
        group.setData(code, Role.ARTICLE_ID)  # the language's code, for tools and tests
        _add_topics(group, articles, bold, lazy)
        root.appendRow(group)
    return model


def group_order(model: QStandardItemModel) -> list[str]:
    """The languages top to bottom ("en" for the English topics, which are not grouped)."""
    order: list[str] = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        code = index.data(Role.ARTICLE_ID) if index.data(Role.KIND) == "language" else SOURCE_LANGUAGE
        if code not in order:
            order.append(code)
    return order


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
        self._items: dict[tuple[str, str], QPersistentModelIndex] = {}
        self._library = Library(root=Path("."))
        self._open_article = ""
        self.setExpandsOnDoubleClick(False)
        self.expanded.connect(self._on_self_expanded)
        self.setItemDelegate(_WrappingDelegate(self))
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.clicked.connect(self._on_self_activated)
        self.set_library(Library(root=Path(".")))
        self.retranslate()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Contents"))
        self.setAccessibleDescription(self.tr("The articles by subject. Choose one to read it."))

    def set_library(self, library: Library) -> None:
        self._library = library
        self._build(interface_language())

    def _build(self, first_language: str) -> None:
        model = build_model(self._library, self, lazy=True, first_language=first_language)
        old = self.model()
        self.setModel(model)
        if old is not None and old.parent() is self:
            old.deleteLater()
        self._items = {}
        self._open_article = ""
        self._index_items(QModelIndex())
        if model.rowCount() <= 3:  # a small library: show its articles straight away
            for row in range(model.rowCount()):
                index = model.index(row, 0)
                self.expand(index)
                if index.data(Role.KIND) == "language" and model.rowCount(index) <= 3:
                    for child in range(model.rowCount(index)):
                        self.expand(model.index(child, 0, index))

    def language_order(self) -> list[str]:
        """The languages as listed, top to bottom ("en" for the English topics)."""
        model = self.model()
        return group_order(model) if isinstance(model, QStandardItemModel) else []

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._follow_interface_language()
        super().changeEvent(event)

    def _follow_interface_language(self) -> None:
        """Put the interface language's group first (rebuilt only when the order changes)."""
        language = interface_language()
        order = self.language_order()
        wanted = language if language in order else SOURCE_LANGUAGE
        if len(order) < 2 or order[0] == wanted:
            return
        place = self.current_place()
        self._build(language)
        if place[0]:
            self.show_place(*place)

    def _index_items(self, parent: QModelIndex) -> None:
        model = self.model()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(Role.KIND) not in (*GROUPS, PENDING):
                self._items.setdefault((index.data(Role.ARTICLE_ID), index.data(Role.ANCHOR)), QPersistentModelIndex(index))
            self._index_items(index)

    def _fill_sections(self, article_index: QModelIndex) -> None:
        """Put an article's sections in place of its placeholder (once)."""
        model = self.model()
        if not isinstance(model, QStandardItemModel) or article_index.data(Role.KIND) != "article":
            return
        item = model.itemFromIndex(article_index)
        if item is None or item.rowCount() != 1 or item.child(0).data(Role.KIND) != PENDING:
            return
        article = self._library.get(article_index.data(Role.ARTICLE_ID))
        item.removeRow(0)
        if article is not None:
            _add_sections(item, article.id, article.sections)
            self._index_items(article_index)

    @Slot(QModelIndex)
    def _on_self_expanded(self, index: QModelIndex) -> None:
        self._fill_sections(index)

    def index_for(self, article_id: str, anchor: str = "") -> QModelIndex:
        """The item of an article (anchor "") or one of its sections; invalid if not listed."""
        if anchor and (article_id, anchor) not in self._items:
            article = self._items.get((article_id, ""))
            if article is not None and article.isValid():
                self._fill_sections(QModelIndex(article))
        found = self._items.get((article_id, anchor))
        return QModelIndex(found) if found is not None and found.isValid() else QModelIndex()

    def show_place(self, article_id: str, anchor: str = "") -> None:
        """Highlight where the reader is: the section if it is listed, else the article."""
        index = self.index_for(article_id, anchor)
        if not index.isValid():
            index = self.index_for(article_id, "")
        if not index.isValid():
            self.clearSelection()
            return
        if index == self.currentIndex():
            return
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
        """As first shown (a kiosk reset): folded, nothing current, scrolled to the top; the
        window's ``show_place`` then opens the home article as at the start."""
        self.collapseAll()
        self.selectionModel().clear()
        self._open_article = ""
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(0)

    def current_place(self) -> tuple[str, str]:
        index = self.currentIndex()
        if not index.isValid() or index.data(Role.KIND) in GROUPS:
            return "", ""
        return index.data(Role.ARTICLE_ID), index.data(Role.ANCHOR)

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
