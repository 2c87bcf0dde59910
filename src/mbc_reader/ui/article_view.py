"""The article view: a QTextBrowser that reads comfortably and never leaves the app.

Why a subclass: ``loadResource`` must serve ``figure:N`` from the content folder and refuse
everything else (nothing remote is ever fetched); links are classified and re-emitted as
signals instead of being followed; the text column is centred with root-frame margins because
Qt's HTML has no ``max-width``; and the view reports which section is at the top as it scrolls.
"""

from __future__ import annotations

import bisect
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPaintEvent, QResizeEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from . import document, style, theme
from .figures import FigureImages
from .first_page import FirstPage, KeptFigure
from .lifetime import alive as lifetime_alive
from .lifetime import built, guarded

if TYPE_CHECKING:  # the rendering pipeline loads with the first article (start-up rules: first_page.py)
    from PySide6.QtGui import QMouseEvent, QWheelEvent  # (PySide makes each Qt type on first use: ~3 ms)

    from ..content.models import Article, Figure
    from ..content.pages import Page

log = logging.getLogger(__name__)

_MIN_MARGIN = 28  # px each side, even on a narrow window


def _interface_language() -> str:
    """The interface's language as the translations set it (QLocale's default), e.g. "es"."""
    from PySide6.QtCore import QLocale

    return QLocale().name().split("_")[0]


class ArticleView(QTextBrowser):
    """Shows one article at a time; links become signals, never a browser."""

    article_link_clicked = Signal(str, str)  # article id, anchor
    glossary_link_clicked = Signal(str, str, QRect)  # term id, the link's words, where (global)
    figure_clicked = Signal(int)
    external_link_clicked = Signal(str)  # an address outside the app (https:, mailto:, tel:)
    section_changed = Signal(str)  # the anchor of the section at the top of the view ("" = intro)
    zoom_requested = Signal(int)  # Ctrl+wheel: +1 larger, -1 smaller (the window owns the size)
    first_painted = Signal()  # once, after the view's first paint has reached the screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName(self.tr("Article"))
        # Text interaction: QTextBrowser's default, TextBrowserInteraction, already lets the keyboard
        # reach links (Tab, Enter); not set again here (start-up rules: first_page.py).
        self.anchorClicked.connect(self._on_self_anchor_clicked)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll_value_changed)

        self._article: Article | None = None
        self._first_page: FirstPage | None = None  # a kept first page shown while the window starts
        self._part_one_html = ""  # render_page() of the shown article's first part, to keep
        self._shown_html = ""  # the HTML on screen, pictures sized (what Listen reads: read_aloud.py)
        self._painted = False
        self._sized = False  # laid out at least once: the viewport's size means something
        self._pages: list[Page] = []  # very long articles are shown in parts (content.pages)
        self._page = 0
        self._scale = 1.0
        self._pictures = FigureImages()
        self._anchors: list[tuple[float, str]] = []  # (y, anchor) of every heading, top to bottom
        self._anchors_dirty = True
        self._pinned: str | None = None  # the anchor we jumped to, held until the reader scrolls
        self._pinned_value = -1
        self._current_section: str | None = None
        self._last_click: QPoint | None = None
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(120)
        self._relayout.timeout.connect(self._refit)
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(0)
        self._follow.timeout.connect(self._on_follow_timeout)
        self.document().documentLayout().documentSizeChanged.connect(self._on_layout_changed)
        self._marks: dict[str, list] = {}
        self._labels_language = ""  # the interface language the shown article's own words are in
        self.selectionChanged.connect(self._on_selection_changed)
        self.cursorPositionChanged.connect(self._on_selection_changed)  # Tab onto a link says only this
        self._apply_fonts()
        self._accessible: object | None = None  # headings and links for screen readers (article_accessible.py)
        self.first_painted.connect(self._add_accessible_structure)
        built(self)  # guarded event handlers run from here on (lifetime.py)

    @Slot()
    def _add_accessible_structure(self) -> None:
        from . import article_accessible  # after the first paint: Qt's accessibility types take ~15 ms to load

        article_accessible.install(self)

    def enable_touch_scrolling(self) -> None:
        """A finger drags the text (the window calls this once it is complete: not needed, nor
        paid for, in the first frame)."""
        from PySide6.QtWidgets import QScroller

        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.setAccessibleName(self.tr("Article"))
            if self._article is not None and _interface_language() != self._labels_language:
                self._render(keep_anchor=self.current_section() or None)  # our words on it, reworded
        super().changeEvent(event)

    # -- what is shown ----------------------------------------------------------------------------

    def article(self) -> Article | None:
        return self._article

    def text_scale(self) -> float:
        return self._scale

    def set_text_scale(self, scale: float) -> None:
        """Change the text size and re-lay the article out, keeping the reader's place."""
        scale = style.clamp_scale(scale)
        if abs(scale - self._scale) < 1e-6:
            return
        self._scale = scale
        self._apply_fonts()
        if self._article is not None:
            place = self.current_section()
            self._render(keep_anchor=place)

    def _article_css(self) -> str:
        """The window's article CSS, recoloured for high contrast (issue 6's theme module)."""
        current = theme.current_theme()
        return style.article_css(self._scale) + (theme.article_colours(current) if current.high_contrast else "")

    def restyle(self) -> None:
        """Re-render with the current theme (the reader switched high contrast on or off)."""
        self._apply_fonts()
        if self._article is not None:
            self._render(keep_anchor=self.current_section())

    def show_article(self, article: Article, anchor: str = "") -> None:
        from ..content.pages import page_of, paginate

        self._article = article
        self._first_page = None
        self._pictures.reset(article.figures)
        self._pages = paginate(article)
        self._page = page_of(self._pages, anchor) if anchor else 0
        self._render(keep_anchor=anchor or None)

    def go_to(self, anchor: str) -> None:
        """Move within the shown article: scroll, or show the part that holds the anchor."""
        if self._article is None:
            return
        from ..content.pages import page_of

        page = page_of(self._pages, anchor) if anchor else 0
        if page != self._page:
            self._page = page
            self._render(keep_anchor=anchor or None)
        elif not anchor:
            self.verticalScrollBar().setValue(0)
        elif not self.scroll_to_anchor(anchor):
            log.info("no section %r in %s", anchor, self._article.id)

    def part(self) -> tuple[int, int]:
        """Which part of a long article is shown, and how many there are (0-based, count)."""
        return self._page, max(1, len(self._pages))

    def show_html(self, html: str) -> None:
        """A page that is not an article (the empty library notice)."""
        self._article = None
        self._first_page = None
        self._pictures.reset(())
        self.document().setDefaultStyleSheet(self._article_css())
        self._shown_html = html
        self.setHtml(html)
        self._after_render(None)

    def show_first_page(self, page: FirstPage) -> bool:
        """Paint a kept first page while the window starts (see :mod:`.first_page`).

        Only when it was rendered for this text size and this column width (else False, and the
        view stays empty until the article itself is shown). Links act once the window is complete.
        """
        if abs(page.scale - self._scale) > 1e-6 or page.image_width != self._column_width():
            return False
        self._article = None
        self._first_page = page
        self._pictures.reset(tuple(KeptFigure(alt, Path(file) if file else None) for alt, file in page.figures))
        self._pictures.column = page.image_width
        self._set_html(page.html)
        self._after_render(None)
        return True

    def first_page(self) -> FirstPage | None:
        """The kept first page on screen (None once an article is shown)."""
        return self._first_page

    def part_one_html(self) -> tuple[str, int] | None:
        """The shown article's first part as rendered (before pictures are sized) and the picture
        width it was rendered for: what the window keeps as the next start's first page."""
        if self._article is None or self._page != 0 or not self._part_one_html:
            return None
        return self._part_one_html, self._pictures.column

    def _render(self, keep_anchor: str | None) -> None:
        from ..content.pages import render_page

        article = self._article
        assert article is not None
        self._pictures.column = self._column_width()
        self._labels_language = _interface_language()
        html = render_page(article, self._pages, self._page, image_width=self._pictures.column,
                           interface_language=self._labels_language)
        self._part_one_html = html if self._page == 0 else ""
        self._set_html(html)
        self._after_render(keep_anchor)

    def _set_html(self, html: str) -> None:
        """Lay out rendered HTML once, with the pictures sized and the links styled."""
        doc = self.document()
        html = document.FIGURE_IMG_RE.sub(self._image_tag, html)
        self._shown_html = html
        doc.setDefaultStyleSheet(self._article_css())
        doc.setLayoutEnabled(False)  # one layout after setHtml, not one per block (PITFALLS)
        try:
            self.setHtml(html)
            self._style_links()
            self._apply_margins()
        finally:
            doc.setLayoutEnabled(True)

    @guarded
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)  # after this frame has been flushed

    def _after_render(self, keep_anchor: str | None) -> None:
        self._anchors_dirty = True
        self._current_section = None
        self._pinned = None
        if keep_anchor:
            self.scroll_to_anchor(keep_anchor)
        else:
            self.verticalScrollBar().setValue(0)
            self._on_scroll_value_changed(0)

    def _image_tag(self, match: re.Match) -> str:
        return self._pictures.img_tag(int(match.group(1)), self.tr("Picture not available"))

    def figure(self, index: int) -> Figure | None:
        return self._pictures.figure(index) if self._article is not None else None

    # -- resources: local figures only -------------------------------------------------------------

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        """``figure:N`` -> the figure's local file, scaled to its place; anything else -> nothing.

        Never fetches: remote, ``file:`` or unknown addresses get an empty result (and the HTML
        never asks for them: render.py only emits ``figure:N``).
        """
        url = QUrl(url)
        if kind == QTextDocument.ResourceType.ImageResource and url.scheme() == "figure":
            try:
                index = int(url.path())
            except ValueError:
                return QImage()
            return self._pictures.image(index, self.devicePixelRatioF())
        if kind == QTextDocument.ResourceType.StyleSheetResource:
            return ""
        log.debug("refused resource %s", url.toString())
        return QImage() if kind == QTextDocument.ResourceType.ImageResource else ""

    # -- typography and the text column ------------------------------------------------------------

    def _apply_fonts(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(style.body_point_size(self._scale))
        font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        self.document().setDefaultFont(font)

    def _measure(self) -> int:
        """The comfortable width of the text column for the current font, in pixels."""
        metrics = QFontMetricsF(self.document().defaultFont())
        return round(metrics.averageCharWidth() * style.MEASURE_CHARS)

    def _viewport_size(self) -> QSize:
        """The viewport's size, worked out without calling ``viewport()``: PySide's first
        ``viewport()`` call loads every QtWidgets type (~10 ms), too much for the first frame
        (start-up rules: first_page.py)."""
        size = self.contentsRect().size().shrunkBy(self.viewportMargins())  # without scroll bars
        bar = self.verticalScrollBar()
        if bar.isVisibleTo(self):
            size.setWidth(size.width() - bar.width())
        return size

    def _column_width(self) -> int:
        if not self._sized:
            return self._measure()  # not laid out yet: the viewport's size means nothing
        available = self._viewport_size().width() - 2 * _MIN_MARGIN
        return max(200, min(self._measure(), available))

    def _apply_margins(self) -> None:
        """Centre a column of comfortable width (Qt's HTML has no max-width)."""
        viewport = self._viewport_size().width()
        column = self._column_width()
        side = max(_MIN_MARGIN, (viewport - column) // 2)
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        if fmt.leftMargin() == side and fmt.rightMargin() == side:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(round(style.body_point_size(self._scale) * 2))
        fmt.setBottomMargin(round(style.body_point_size(self._scale) * 4))
        root.setFrameFormat(fmt)

    def _style_links(self) -> None:
        glossary = theme.current_theme().glossary if theme.current_theme().high_contrast else style.GLOSSARY
        document.underline_links(self.document(), "glossary:", glossary)
        if self._pictures.has_any():
            document.single_spaced_pictures(self.document())

    @guarded
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._sized = True
        self._apply_margins()  # first, so QTextEdit's own resize lays the text out once, not twice
        super().resizeEvent(event)
        self._apply_margins()  # (a no-op unless the scroll bar came or went with the new layout)
        if self._article is not None and self._pictures.has_any() and self._column_width() != self._pictures.column:
            self._relayout.start()  # re-size the pictures once the resizing settles
        if self._pinned:
            self.scroll_to_anchor(self._pinned)

    def settle(self) -> None:
        """Finish any pending re-layout now (before a screenshot or a measurement)."""
        if self._relayout.isActive():
            self._relayout.stop()
            self._refit()

    @Slot()
    def _refit(self) -> None:
        if self._article is not None and self._column_width() != self._pictures.column:
            self._render(keep_anchor=self._pinned or self.current_section() or None)

    # -- places in the article -----------------------------------------------------------------

    @Slot()
    def _on_layout_changed(self) -> None:
        self._anchors_dirty = True
        self._follow.start()  # headings moved: the section at the top may be another one now

    @Slot()
    def _on_follow_timeout(self) -> None:
        if self._pinned is not None:
            self.scroll_to_anchor(self._pinned)
        else:
            self._on_scroll_value_changed(self.verticalScrollBar().value())

    def _anchor_positions(self) -> list[tuple[float, str]]:
        if self._anchors_dirty:
            self._anchors = document.anchor_positions(self.document())
            self._anchors_dirty = False
        return self._anchors

    def anchors(self) -> list[str]:
        return [name for _y, name in self._anchor_positions()]

    def anchor_y(self, anchor: str) -> float | None:
        """Where a heading starts, in document pixels (None if the article has no such anchor)."""
        return next((y for y, name in self._anchor_positions() if name == anchor), None)

    def is_anchor_visible(self, anchor: str) -> bool:
        y = self.anchor_y(anchor)
        top = self.verticalScrollBar().value()
        return y is not None and top - 1 <= y < top + self._viewport_size().height()

    def scroll_to_anchor(self, anchor: str) -> bool:
        """Put a section's heading at the top and hold it as the current section."""
        y = self.anchor_y(anchor)
        if y is None:
            return False
        bar = self.verticalScrollBar()
        bar.setValue(max(0, round(y) - 12))
        self._pinned = anchor
        self._pinned_value = bar.value()
        self._set_current_section(anchor)
        return True

    def current_section(self) -> str:
        return self._current_section or ""

    @Slot(int)
    def _on_scroll_value_changed(self, value: int) -> None:
        if self._pinned is not None:
            if value == self._pinned_value:
                self._set_current_section(self._pinned)
                return
            self._pinned = None  # the reader scrolled away from where we put them
        positions = self._anchor_positions()
        ys = [y for y, _name in positions]
        line = value + min(80, self._viewport_size().height() // 4)
        at = bisect.bisect_right(ys, line) - 1
        self._set_current_section(positions[at][1] if at >= 0 else "")

    def _set_current_section(self, anchor: str) -> None:
        if anchor != self._current_section:
            self._current_section = anchor
            self.section_changed.emit(anchor)

    # -- links -----------------------------------------------------------------------------------

    @guarded
    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel changes the reading size everywhere (QTextEdit would only zoom itself)."""
        from PySide6.QtCore import Qt

        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoom_requested.emit(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    @guarded
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._last_click = event.position().toPoint()
        try:
            super().mouseReleaseEvent(event)
        finally:
            self._last_click = None

    def link_rect(self, href: str) -> tuple[QRect, str]:
        """Where the link just activated is (global coordinates) and its words."""
        if self._last_click is not None:
            position = self.cursorForPosition(self._last_click).position()
        else:
            cursor = self.textCursor()  # Tab + Enter: the focused link is the selection
            position = cursor.selectionStart() if cursor.hasSelection() else cursor.position()
        start, end, text = document.link_span(self.document(), position, href)
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        rect = self.cursorRect(cursor)
        cursor.setPosition(end)
        end_rect = self.cursorRect(cursor)
        if end_rect.top() == rect.top() and end_rect.right() > rect.left():
            rect = rect.united(end_rect)
        else:
            rect.setWidth(max(rect.width(), 40))
        top_left = self.viewport().mapToGlobal(rect.topLeft())
        return QRect(top_left, rect.size()), text.strip()

    def find_link(self, href: str) -> int:
        """The document position of the first link to ``href`` (-1 if none): for tests and tools."""
        return document.find_link(self.document(), href)

    # -- marks: find matches and the focused link, drawn over the text ---------------------------

    def set_marks(self, layer: str, selections: list) -> None:
        """Extra selections of one layer ("speech", "find", "focus"): the sentence read aloud is
        drawn first, under the others; the focus layer last, on top."""
        self._marks[layer] = list(selections)
        self.setExtraSelections([*self._marks.get("speech", []), *self._marks.get("find", []),
                                 *self._marks.get("focus", [])])

    def shown_html(self) -> str:
        """The HTML on screen as it was laid out (its words are the document's)."""
        return self._shown_html

    def marks(self, layer: str) -> list:
        return list(self._marks.get(layer, []))

    @Slot()
    def _on_selection_changed(self) -> None:
        """The link Tab (or a screen reader) focused gets the theme's focus colour, not Qt's 1 px
        dotted box: the most visible thing on the page."""
        cursor = self.textCursor()
        focus: list = []
        if cursor.hasSelection():
            probe = QTextCursor(self.document())
            probe.setPosition(cursor.selectionStart() + 1)
            if probe.charFormat().isAnchor() and probe.charFormat().anchorHref():
                from PySide6.QtGui import QColor
                from PySide6.QtWidgets import QTextEdit

                current = theme.current_theme()
                mark = QTextEdit.ExtraSelection()
                mark.cursor = QTextCursor(cursor)
                mark.format.setBackground(QColor(current.focus))
                mark.format.setForeground(QColor("#000000" if current.high_contrast else current.base))
                focus.append(mark)
        if focus or self._marks.get("focus"):
            self.set_marks("focus", focus)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        """Tab and Shift+Tab move between links (Qt's own), and the focused one is marked."""
        moved = super().focusNextPrevChild(next)
        if lifetime_alive(self):
            self._on_selection_changed()
        return moved

    def take_focus_at(self, anchor: str) -> None:
        """Focus the article with ``anchor``'s heading selected (or the cursor at the top), so a
        screen reader starts reading there and Tab goes on to the section's first link, not the
        article's."""
        from PySide6.QtCore import Qt

        position = document.anchor_position(self.document(), anchor) if anchor else -1
        value = self.verticalScrollBar().value()
        cursor = QTextCursor(self.document())
        if position >= 0:  # the heading selected: Qt's Tab starts from a selection, else from the top
            block = self.document().findBlock(position)
            cursor.setPosition(block.position())
            cursor.setPosition(block.position() + max(0, block.length() - 1), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(value)  # the place was already scrolled to: keep it
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_link(self, href: str) -> bool:
        """Select a link as Tab would, so Enter activates it."""
        position = self.find_link(href)
        if position < 0:
            return False
        start, end, _text = document.link_span(self.document(), position, href)
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def activate_link(self, href: str) -> bool:
        """Act on a link as if the reader had chosen it (the --open-link option, tests)."""
        if href.startswith(("glossary:", "figure:")) and not self.focus_link(href):
            return False
        self._on_self_anchor_clicked(QUrl(href))
        return True

    @Slot(QUrl)
    def _on_self_anchor_clicked(self, url: QUrl) -> None:
        href = url.toString()
        scheme = url.scheme().lower()
        if scheme == "article":
            target = href[len("article:"):]
            article_id, _, anchor = target.partition("#")
            self.article_link_clicked.emit(article_id, anchor)
        elif href.startswith("#"):
            if self._article is not None:
                self.article_link_clicked.emit(self._article.id, href[1:])
        elif scheme == "glossary":
            rect, text = self.link_rect(href)
            self.glossary_link_clicked.emit(href[len("glossary:"):], text, rect)
        elif scheme == "figure":
            try:
                self.figure_clicked.emit(int(url.path()))
            except ValueError:
                log.debug("bad figure link %s", href)
        elif scheme in ("http", "https", "mailto", "tel"):
            self.external_link_clicked.emit(href)
        else:
            log.debug("ignored link %s", href)
