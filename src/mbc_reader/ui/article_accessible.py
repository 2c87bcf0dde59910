"""The article's headings and links for screen readers: a screen reader (Orca, through AT-SPI) can
list them, read them by name, find them on screen and jump to them or follow them.

What Qt gives a QTextBrowser is one text object: a "label" whose text interface reads the whole
article, with no headings and no links in the accessibility tree. This module adds them without
taking that text object away:

- The view keeps Qt's own interface (``QAccessibleTextEdit``): its text interface (text by
  character, word, line, its attributes, the caret and the selection) is Qt's C++ one, and so are
  its caret and selection events, which is what a screen reader reads the article with.
- Its child the viewport (``qt_scrollarea_viewport``, Qt's plain "filler" there until now) gets an
  interface of ours, installed with ``QAccessible.installFactory``: a ``Document`` named after the
  article, whose children are the article's headings (role ``Heading``, level as the ``level``
  attribute) and links (role ``Link``), in reading order, each named by its words, with its place
  on screen and two actions: ``Press`` (a link: what Enter does on it; a heading: scroll there and
  put the caret on it) and ``SetFocus`` (a link: selected as Tab does; a heading: as Press).

Why not replace the view's interface with one of ours (a full replacement)? PySide 6.11 lets
Python subclass ``QAccessibleWidget`` and ``QAccessibleTextInterface``, but leaves out of the
latter ``textAtOffset``/``textBeforeOffset``/``textAfterOffset``, ``attributes`` and
``selection`` (their out-parameters have no Python form), which are the calls a screen reader
reads with; and Qt's own text interface cannot be kept alongside ours on the same widget (Qt makes
one interface per object, and its ``QAccessibleTextEdit`` class is private). The line-by-line
reading would have got worse for the sake of the structure; this way nothing of it changes.

How the interfaces live (Qt keeps interfaces in a cache and may call them at any time; a Python
one freed while Qt holds it would crash the process):

- The document interface is made by the factory for the viewport; PySide's factory keeps the
  Python object for the whole run, and Qt deletes its C++ part with the viewport (or, if the
  program ends with the view still there, :func:`_release_all` does at exit, before PySide lets
  go of the Python object). It holds only weak references, so it keeps nothing of the view alive.
- The heading and link interfaces belong to :class:`ArticleAccessibility`, owned by the view
  (``view._accessible``). They are made when a screen reader first asks for them, registered in
  Qt's cache, and held here until they are deleted from the cache: when the document changes they
  say they are invalid at once and are deleted on the next turn of the event loop (never inside a
  call that may come from one of them, such as a link's Press that opens another article), and
  then the document says its children changed; when the view or its viewport goes, all of them are
  deleted there and then. They never outlive the view.
- The action and attribute interfaces are plain Python objects of the item that answers
  ``interface_cast`` with their address; the item holds them, so they live exactly as long.

The Qt accessibility types take ~15 ms to load, so none of this is loaded for the first frame (the
start-up rules in first_page.py): the view calls :func:`install` after its first paint. When a
screen reader was already asking by then (``QT_LINUX_ACCESSIBILITY_ALWAYS_ON``), the viewport's
plain interface Qt made meanwhile is replaced. Only the part of a long article that is shown is
in the tree (content.pages).
"""

from __future__ import annotations

import atexit
import logging
import weakref
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, QPoint, QRect, QRectF, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleAttributesInterface,
    QAccessibleEvent,
    QAccessibleInterface,
    QTextCursor,
)
from PySide6.QtWidgets import QAccessibleWidget, QWidget
from shiboken6 import Shiboken

from . import document
from .lifetime import alive

if TYPE_CHECKING:
    from .article_view import ArticleView

log = logging.getLogger(__name__)

VIEWPORT_NAME = "qt_scrollarea_viewport"  # the object name Qt gives a scroll area's viewport

_NULL = Shiboken.VoidPtr(0)  # interface_cast's "no such interface" (None would crash the caller)


class Item(NamedTuple):
    """A heading or a link of the shown document."""

    role: QAccessible.Role
    name: str
    start: int  # document positions: [start, end)
    end: int
    href: str = ""  # a link's address
    anchor: str = ""  # a heading's anchor ("" if it has none)
    level: int = 0  # a heading's level (1 = the title)


def _words(text: str) -> str:
    """Text of the document as a screen reader should say it (no line separators or objects)."""
    return " ".join(text.replace("\u2028", " ").replace("\ufffc", " ").split())


def document_items(doc) -> list[Item]:
    """The headings and links of a document in reading order (a link may be several fragments:
    touching fragments with the same address are one link, as in document.link_span)."""
    items: list[Item] = []
    block = doc.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        links: list[list] = []  # [start, end, href, text]
        anchor = ""
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if not anchor:
                anchor = next(iter(fmt.anchorNames()), "")
            href = fmt.anchorHref() if fmt.isAnchor() else ""
            if href:
                start, end = fragment.position(), fragment.position() + fragment.length()
                if links and links[-1][1] == start and links[-1][2] == href:
                    links[-1][1] = end
                    links[-1][3] += fragment.text()
                else:
                    links.append([start, end, href, fragment.text()])
            it += 1
        if level > 0:
            name = _words(block.text())
            if name:
                end = block.position() + max(0, block.length() - 1)
                items.append(Item(QAccessible.Role.Heading, name, block.position(), end, anchor=anchor, level=level))
        for start, end, href, text in links:
            items.append(Item(QAccessible.Role.Link, _words(text) or href, start, end, href=href))
        block = block.next()
    return items


def span_rect(view: ArticleView, start: int, end: int) -> QRect:
    """Where the text [start, end) is, in the viewport's coordinates (the lines it is on, from its
    first character to its last); an empty rect when it is not laid out."""
    doc = view.document()
    layout = doc.documentLayout()
    found = QRectF()
    block = doc.findBlock(start)
    while block.isValid() and block.position() <= end:
        text_layout = block.layout()
        origin = layout.blockBoundingRect(block).topLeft()
        for index in range(text_layout.lineCount() if text_layout is not None else 0):
            line = text_layout.lineAt(index)
            if not line.isValid():
                continue
            line_start = block.position() + line.textStart()
            line_end = line_start + line.textLength()
            if line_end <= start or line_start >= max(end, start + 1):
                continue
            x1 = line.cursorToX(max(start, line_start) - block.position())[0]
            x2 = line.cursorToX(min(end, line_end) - block.position())[0]
            piece = QRectF(origin.x() + min(x1, x2), origin.y() + line.y(), max(1.0, abs(x2 - x1)), line.height())
            found = piece if found.isNull() else found.united(piece)
        block = block.next()
    if found.isNull():
        return QRect()
    offset = QPoint(view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    return found.toAlignedRect().translated(-offset)


# -- the interfaces -----------------------------------------------------------------------------


class _Actions(QAccessibleActionInterface):
    """Press and SetFocus of one heading or link (answered by :class:`_ItemInterface`)."""

    def __init__(self, owner: _ItemInterface) -> None:
        super().__init__()
        self._owner = weakref.ref(owner)

    def actionNames(self) -> list[str]:  # noqa: N802
        owner = self._owner()
        if owner is None or not owner.isValid():
            return []
        return [QAccessibleActionInterface.pressAction(), QAccessibleActionInterface.setFocusAction()]

    def doAction(self, name: str) -> None:  # noqa: N802
        owner = self._owner()
        if owner is not None and owner.isValid():
            owner.act(name)

    def keyBindingsForAction(self, name: str) -> list[str]:  # noqa: N802
        return []


class _Level(QAccessibleAttributesInterface):
    """A heading's level (AT-SPI's ``level`` attribute)."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self._level = level

    def attributeKeys(self) -> list:  # noqa: N802
        return [QAccessible.Attribute.Level]

    def attributeValue(self, key) -> object:  # noqa: N802
        return self._level if key == QAccessible.Attribute.Level else None


class _ItemInterface(QAccessibleInterface):
    """One heading or link: an interface with no QObject of its own (like Qt's tab buttons)."""

    def __init__(self, owner: ArticleAccessibility, item: Item) -> None:
        super().__init__()
        self._owner = weakref.ref(owner)
        self.item = item
        self.valid = True
        self._actions = _Actions(self)
        self._level = _Level(item.level) if item.role == QAccessible.Role.Heading else None

    def _view(self) -> ArticleView | None:
        owner = self._owner()
        view = owner.view() if owner is not None and self.valid else None
        return view

    def act(self, name: str) -> None:
        view = self._view()
        if view is None:
            return
        if self.item.role == QAccessible.Role.Heading:
            _jump_to_heading(view, self.item)
        elif name == QAccessibleActionInterface.pressAction():
            _select(view, self.item)
            view.anchorClicked.emit(QUrl(self.item.href))  # what QTextBrowser does on Enter
        elif name == QAccessibleActionInterface.setFocusAction():
            _select(view, self.item)

    # QAccessibleInterface

    def isValid(self) -> bool:  # noqa: N802
        return self._view() is not None

    def object(self) -> QObject | None:
        return None

    def interface_cast(self, kind):
        if kind == QAccessible.InterfaceType.ActionInterface:
            return Shiboken.VoidPtr(Shiboken.getCppPointer(self._actions)[0])
        if kind == QAccessible.InterfaceType.AttributesInterface and self._level is not None:
            return Shiboken.VoidPtr(Shiboken.getCppPointer(self._level)[0])
        return _NULL

    def rect(self) -> QRect:
        view = self._view()
        if view is None:
            return QRect()
        rect = span_rect(view, self.item.start, self.item.end)
        if rect.isNull():
            return QRect()
        return QRect(view.viewport().mapToGlobal(rect.topLeft()), rect.size())

    def text(self, kind) -> str:
        return self.item.name if kind == QAccessible.Text.Name and self.valid else ""

    def setText(self, kind, text: str) -> None:  # noqa: N802
        pass

    def role(self):
        return self.item.role

    def state(self):
        state = QAccessible.State()
        view = self._view()
        if view is None:
            state.invalid = True
            return state
        state.focusable = True
        state.readOnly = True
        if self.item.role == QAccessible.Role.Link:
            state.linked = True
        rect = span_rect(view, self.item.start, self.item.end)
        if rect.isNull() or not rect.intersects(view.viewport().rect()):
            state.offscreen = True
        cursor = view.textCursor()
        if view.hasFocus() and (cursor.selectionStart(), cursor.selectionEnd()) == (self.item.start, self.item.end):
            state.focused = True
        return state

    def parent(self) -> QAccessibleInterface | None:
        owner = self._owner()
        viewport = owner.viewport() if owner is not None else None
        return QAccessible.queryAccessibleInterface(viewport) if viewport is not None else None

    def child(self, index: int) -> None:
        return None

    def childCount(self) -> int:  # noqa: N802
        return 0

    def indexOfChild(self, child) -> int:  # noqa: N802
        return -1

    def childAt(self, x: int, y: int) -> None:  # noqa: N802
        return None


class _DocumentInterface(QAccessibleWidget):
    """The viewport as a document whose children are the article's headings and links."""

    def __init__(self, viewport: QWidget, owner: ArticleAccessibility) -> None:
        super().__init__(viewport, QAccessible.Role.Document)
        self._owner = weakref.ref(owner)

    def _items(self) -> list[_ItemInterface]:
        owner = self._owner()
        return owner.children() if owner is not None else []

    def text(self, kind) -> str:
        owner = self._owner()
        if kind == QAccessible.Text.Name and owner is not None:
            return owner.title()
        return super().text(kind)

    def childCount(self) -> int:  # noqa: N802
        return len(self._items())

    def child(self, index: int) -> QAccessibleInterface | None:
        items = self._items()
        return items[index] if 0 <= index < len(items) else None

    def indexOfChild(self, child) -> int:  # noqa: N802
        return next((i for i, item in enumerate(self._items()) if item is child), -1)

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:  # noqa: N802
        return next((item for item in self._items() if item.rect().contains(x, y)), None)


# -- what the actions do ------------------------------------------------------------------------


def _select(view: ArticleView, item: Item) -> None:
    """Select a link as Tab does (Enter then acts on it) and give the view the focus."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(item.start)
    cursor.setPosition(item.end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    view.setFocus(Qt.FocusReason.OtherFocusReason)


def _jump_to_heading(view: ArticleView, item: Item) -> None:
    """Scroll a heading to the top and focus the view with the heading selected, so reading (and
    Tab) goes on from there."""
    if item.anchor and view.scroll_to_anchor(item.anchor):
        view.take_focus_at(item.anchor)
        return
    y = view.document().documentLayout().blockBoundingRect(view.document().findBlock(item.start)).top()
    view.verticalScrollBar().setValue(max(0, round(y) - 12))
    value = view.verticalScrollBar().value()
    cursor = QTextCursor(view.document())
    cursor.setPosition(item.start)
    cursor.setPosition(item.end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.verticalScrollBar().setValue(value)
    view.setFocus(Qt.FocusReason.OtherFocusReason)


# -- ownership ----------------------------------------------------------------------------------


class ArticleAccessibility:
    """The heading and link interfaces of one view, owned by it (``view._accessible``)."""

    def __init__(self, view: ArticleView) -> None:
        self._view = weakref.ref(view)
        self._viewport = view.viewport()  # held: Qt made it, and PySide would drop an unheld wrapper
        self._document: _DocumentInterface | None = None  # made by the factory when first asked for
        self._items: list[_ItemInterface] | None = None  # None: not made since the document changed
        self._stale: list[_ItemInterface] = []  # invalid already, deleted from Qt's cache soon
        self._released = False  # the view is going (or the program ends): nothing more is made
        self._flush = QTimer(view)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        # Plain functions holding this object, not its bound methods: the view's signals may come
        # while the view is being destroyed, and this object must still be there to clean up.
        this = self
        self._flush.timeout.connect(lambda: this._delete_stale(announce=True))
        view.document().contentsChange.connect(lambda *_args: this.invalidate())
        view.destroyed.connect(lambda *_args: this.release())
        view.viewport().destroyed.connect(lambda *_args: this.release())

    def view(self) -> ArticleView | None:
        view = self._view()
        return view if view is not None and not self._released and alive(view) else None

    def viewport(self) -> QWidget | None:
        return self._viewport if alive(self._viewport) and self.view() is not None else None

    def document_interface(self, viewport: QWidget) -> _DocumentInterface:
        """The viewport's interface (the factory asks, once per viewport)."""
        self._document = _DocumentInterface(viewport, self)
        return self._document

    def title(self) -> str:
        view = self.view()
        if view is None:
            return ""
        shown = view.article() or view.first_page()
        return getattr(shown, "title", "") or view.accessibleName()

    def children(self) -> list[_ItemInterface]:
        """The heading and link interfaces of the shown document, made on first request."""
        if self._items is None:
            view = self.view()
            if view is None:
                return []
            self._items = []
            for item in document_items(view.document()):
                interface = _ItemInterface(self, item)
                QAccessible.registerAccessibleInterface(interface)  # Qt's cache: it has an id now
                self._items.append(interface)
        return self._items

    def invalidate(self) -> None:
        """The document changed: the interfaces made for it are invalid now, deleted soon."""
        if self._items is None:
            return
        for interface in self._items:
            interface.valid = False
        self._stale += self._items
        self._items = None
        if not self._released and alive(self._flush):
            self._flush.start()

    def _delete_stale(self, announce: bool) -> None:
        stale, self._stale = self._stale, []
        for interface in stale:
            if Shiboken.isValid(interface):
                QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(interface))
        viewport = self.viewport()
        if announce and stale and viewport is not None and QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(viewport, QAccessible.Event.ObjectReorder))

    def release(self) -> None:
        """The view or its viewport goes, or the program ends: every interface made for it goes
        from Qt's cache now (at the end, before PySide lets go of the factory's objects: a Python
        object freed while Qt's cache still holds it would be deleted twice)."""
        self._released = True
        self.invalidate()
        self._delete_stale(announce=False)
        document, self._document = self._document, None
        if document is not None and Shiboken.isValid(document):
            QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(document))


# -- the factory --------------------------------------------------------------------------------

_factory_installed = False
_owners: weakref.WeakSet[ArticleAccessibility] = weakref.WeakSet()


def _factory(key: str, obj: QObject | None) -> QAccessibleInterface | None:
    """Qt asks this for every object it has no interface for yet, once per class name of the object
    (most derived first); only an article view's viewport gets one of ours."""
    if key != "QWidget" or obj is None:
        return None
    try:
        view = obj.parent()
        owner = getattr(view, "_accessible", None)
        if isinstance(owner, ArticleAccessibility) and owner.view() is view and obj.objectName() == VIEWPORT_NAME:
            return owner.document_interface(obj)
    except Exception:  # an exception must not reach Qt (PySide would leave it pending)
        log.exception("no accessible interface for %r", obj)
    return None


def _release_all() -> None:
    """At exit, before PySide lets go of its factory's objects and Qt of its cache."""
    for owner in list(_owners):
        try:
            owner.release()
        except Exception:  # pragma: no cover - the program is ending: never fail it
            log.debug("could not release accessible interfaces", exc_info=True)


def install(view: ArticleView) -> ArticleAccessibility:
    """Give ``view`` its headings and links for assistive technology (once; again is a no-op)."""
    global _factory_installed
    owner = getattr(view, "_accessible", None)
    if isinstance(owner, ArticleAccessibility):
        return owner
    owner = ArticleAccessibility(view)
    view._accessible = owner
    _owners.add(owner)
    if not _factory_installed:
        QAccessible.installFactory(_factory)
        atexit.register(_release_all)  # runs before PySide's shutdown, registered at its import
        _factory_installed = True
    if QAccessible.isActive():  # a screen reader may have asked already: Qt's plain one goes
        existing = QAccessible.queryAccessibleInterface(view.viewport())
        if existing is not None and not isinstance(existing, _DocumentInterface):
            plain = QAccessible.uniqueId(existing)
            Shiboken.invalidate(existing)  # this wrapper must not outlive what it wraps
            del existing
            QAccessible.deleteAccessibleInterface(plain)
            QAccessible.updateAccessibility(QAccessibleEvent(view, QAccessible.Event.ObjectReorder))
    return owner


def document_interface(view: ArticleView) -> QAccessibleInterface | None:
    """The document interface of ``view``'s headings and links (for tests and tools)."""
    install(view)
    interface = QAccessible.queryAccessibleInterface(view.viewport())
    return interface if isinstance(interface, _DocumentInterface) else None
