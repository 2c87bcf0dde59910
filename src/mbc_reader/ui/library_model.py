"""The library as an item model: language groups -> topics -> articles -> sections, and where the
reader is.

As in calibre's viewer (``gui2/viewer/toc.py``) the model owns the state and the view obeys: it
keeps the map from (article id, anchor) to items, adds an article's sections only when they are
first needed, through Qt's own lazy population (``hasChildren`` says an article has sections,
``canFetchMore``/``fetchMore`` add them when the view expands it or :meth:`index_for` looks one up),
and holds the reader's place (:meth:`set_place`), announced by ``place_changed``. The view
(``ui/navigator.py``) shows the place and reports clicks.

Articles in another language than English (front matter ``language: es``) are listed apart, under
a group named in that language ("Español"), with their own topics beneath it. The group comes
first while the interface is in its language (:meth:`set_first_language`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from ..content.home import article_language, article_topic
from ..content.models import Article, Library, Section
from .i18n import LANGUAGE_NAMES, SOURCE_LANGUAGE
from .roles import Role

GROUPS = ("language", "topic")  # items that only hold others: folding, never navigation
NO_PLACE = ("", "")


def _item(text: str, kind: str, article_id: str = "", anchor: str = "") -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setToolTip(text)
    item.setData(kind, Role.KIND)
    item.setData(article_id, Role.ARTICLE_ID)
    item.setData(anchor, Role.ANCHOR)
    return item


def _section_items(article_id: str, sections: tuple[Section, ...]) -> list[QStandardItem]:
    items = []
    for section in sections:
        item = _item(section.title, "section", article_id, section.anchor)
        if section.children:
            item.appendRows(_section_items(article_id, section.children))
        items.append(item)
    return items


class LibraryModel(QStandardItemModel):
    """English topics (alphabetical) -> patient articles (by title) -> sections, in reading order;
    then one group per other language holding that language's topics the same way.

    ``lazy``: an article's sections are added when first needed (24,000 items for the full corpus
    cost a third of a second); otherwise all at once.
    """

    place_changed = Signal(str, str)  # article id, anchor ("" = the article itself); ("", "") = none

    def __init__(self, library: Library | None = None, parent=None, lazy: bool = True,
                 first_language: str = SOURCE_LANGUAGE) -> None:  # fmt: skip
        super().__init__(parent)
        self._lazy = lazy
        self._library = library if library is not None else Library(root=Path("."))
        self._first_language = first_language
        self._items: dict[tuple[str, str], QPersistentModelIndex] = {}
        self._pending: set[str] = set()  # articles whose sections are not in the model yet
        self._place = NO_PLACE
        self._fill()
        self._index_items(QModelIndex())

    # -- building --------------------------------------------------------------------------------

    def library(self) -> Library:
        return self._library

    def set_library(self, library: Library, first_language: str | None = None) -> None:
        """List ``library`` (a reset); the place is kept when the new library lists it."""
        self._library = library
        if first_language is not None:
            self._first_language = first_language
        self._rebuild()

    def set_first_language(self, language: str) -> bool:
        """Put ``language``'s group first (the interface's language); rebuilt, keeping the place,
        only when the order changes. True when it changed."""
        order = self.language_order()
        wanted = language if language in order else SOURCE_LANGUAGE
        self._first_language = language
        if len(order) < 2 or order[0] == wanted:
            return False
        self._rebuild()
        return True

    def _rebuild(self) -> None:
        place = self._place
        self.beginResetModel()  # one reset (the views forget what they had expanded) ...
        self.blockSignals(True)  # ... not a removal and an insertion per row on the way
        try:
            self.removeRows(0, self.rowCount())
            self._fill()
        finally:
            self.blockSignals(False)
            self.endResetModel()
        self._index_items(QModelIndex())  # after the reset, which drops every persistent index
        self._place = NO_PLACE
        if place != NO_PLACE and not self.set_place(*place):
            self.place_changed.emit(*NO_PLACE)  # the new rows do not list it

    def _fill(self) -> None:
        self._items = {}
        self._pending = set()
        by_language: dict[str, list[Article]] = {}
        for article in self._library.patient_articles:
            by_language.setdefault(article_language(article), []).append(article)
        bold = QFont()
        bold.setBold(True)
        others = sorted(code for code in by_language if code != SOURCE_LANGUAGE)
        order = [SOURCE_LANGUAGE, *others]
        if self._first_language in others:
            order.remove(self._first_language)
            order.insert(0, self._first_language)
        root = self.invisibleRootItem()
        root.setColumnCount(1)  # before any row: QStandardItem would add the column inside the row insertion
        for code in order:
            articles = by_language.get(code)
            if not articles:
                continue
            if code == SOURCE_LANGUAGE:
                self._add_topics(root, articles, bold)
                continue
            group = _item(LANGUAGE_NAMES.get(code, code), "language")  # named in its own language
            group.setFont(bold)
            group.setSelectable(False)
            group.setData(code, Role.ARTICLE_ID)  # the language's code, for tools and tests
            self._add_topics(group, articles, bold)
            root.appendRow(group)

    def _add_topics(self, parent: QStandardItem, articles: list[Article], bold: QFont) -> None:
        by_topic: dict[str, list[Article]] = {}
        for article in articles:
            by_topic.setdefault(article_topic(article), []).append(article)
        for topic in sorted(by_topic, key=str.casefold):
            topic_item = _item(topic, "topic")
            topic_item.setFont(bold)
            topic_item.setSelectable(False)
            for article in sorted(by_topic[topic], key=lambda a: a.title.casefold()):
                article_item = _item(article.title, "article", article.id)
                if self._lazy and article.sections:
                    self._pending.add(article.id)
                    article_item.setColumnCount(1)  # now: fetching adds rows, never a column as well
                else:
                    article_item.appendRows(_section_items(article.id, article.sections))
                topic_item.appendRow(article_item)
            parent.appendRow(topic_item)

    def _index_items(self, parent: QModelIndex) -> None:
        for row in range(self.rowCount(parent)):
            index = self.index(row, 0, parent)
            if index.data(Role.KIND) not in GROUPS:
                self._items.setdefault((index.data(Role.ARTICLE_ID), index.data(Role.ANCHOR)), QPersistentModelIndex(index))
            self._index_items(index)

    def language_order(self) -> list[str]:
        """The languages top to bottom ("en" for the English topics, which are not grouped)."""
        order: list[str] = []
        for row in range(self.rowCount()):
            index = self.index(row, 0)
            code = index.data(Role.ARTICLE_ID) if index.data(Role.KIND) == "language" else SOURCE_LANGUAGE
            if code not in order:
                order.append(code)
        return order

    # -- sections, when needed (Qt's lazy population) --------------------------------------------

    def _pending_article(self, parent: QModelIndex) -> str:
        if not parent.isValid() or parent.data(Role.KIND) != "article":
            return ""
        article_id = parent.data(Role.ARTICLE_ID)
        return article_id if article_id in self._pending else ""

    def hasChildren(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008 - Qt's signature
        return bool(self._pending_article(parent)) or super().hasChildren(parent)

    def canFetchMore(self, parent: QModelIndex) -> bool:  # noqa: N802
        return bool(self._pending_article(parent)) or super().canFetchMore(parent)

    def fetchMore(self, parent: QModelIndex) -> None:  # noqa: N802
        article_id = self._pending_article(parent)
        if not article_id:
            super().fetchMore(parent)
            return
        self._pending.discard(article_id)
        article = self._library.get(article_id)
        item = self.itemFromIndex(parent)
        if article is None or item is None or not article.sections:
            return
        item.appendRows(_section_items(article_id, article.sections))
        self._index_items(parent)

    # -- finding items, and the reader's place ---------------------------------------------------

    def index_for(self, article_id: str, anchor: str = "") -> QModelIndex:
        """The item of an article (anchor "") or one of its sections (added if still pending);
        invalid if not listed."""
        if anchor and (article_id, anchor) not in self._items:
            article = self._items.get((article_id, ""))
            if article is not None and article.isValid() and self.canFetchMore(QModelIndex(article)):
                self.fetchMore(QModelIndex(article))
        found = self._items.get((article_id, anchor))
        return QModelIndex(found) if found is not None and found.isValid() else QModelIndex()

    def place(self) -> tuple[str, str]:
        """Where the reader is, as listed: (article id, section anchor or ""), or ("", "")."""
        return self._place

    def place_index(self) -> QModelIndex:
        return self.index_for(*self._place) if self._place != NO_PLACE else QModelIndex()

    def set_place(self, article_id: str, anchor: str = "") -> bool:
        """The reader is at this article and section: the place becomes the section if it is
        listed, else the article, else none. ``place_changed`` says so; True when it changed."""
        place = NO_PLACE
        if article_id:
            if anchor and self.index_for(article_id, anchor).isValid():
                place = (article_id, anchor)
            elif self.index_for(article_id, "").isValid():
                place = (article_id, "")
        if place == self._place:
            return False
        self._place = place
        self.place_changed.emit(*place)
        return True

    def clear_place(self) -> None:
        self.set_place("", "")


def build_model(library: Library, parent=None, lazy: bool = False, first_language: str = SOURCE_LANGUAGE) -> LibraryModel:
    """A :class:`LibraryModel` of ``library`` (every section in place unless ``lazy``)."""
    return LibraryModel(library, parent, lazy=lazy, first_language=first_language)


def group_order(model: QStandardItemModel) -> list[str]:
    """The languages top to bottom ("en" for the English topics, which are not grouped)."""
    return model.language_order() if isinstance(model, LibraryModel) else []
