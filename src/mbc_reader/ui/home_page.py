"""The patients' home screen (``homePage``): a big search box, a tile per topic, common questions;
a tapped tile shows that topic's articles as large cards (title and first sentence).

A thin widget over :mod:`mbc_reader.content.home`, which works out what to show from the library.
Every tile, question and card is a focusable ``QPushButton`` with an accessible name; Enter and
Space press it. Sizes follow the window's text size (A−/A+, large print); colours come from the
theme's style sheet. The window shows this page for the Home button, at the start of a kiosk
session and after every kiosk reset (:meth:`HomePage.reset` puts it back as built).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QSizePolicy, QStackedWidget, QVBoxLayout,
    QWidget,
)

from ..content import home
from ..content.models import Library
from . import style
from .i18n import LANGUAGE_NAMES
from .lifetime import built, guarded
from .navigator import interface_language

log = logging.getLogger(__name__)

CARDS_AT_ONCE = 30  # cards made per "More articles" press: a topic can hold hundreds
COLUMN_WIDTH_EM = 15  # a tile's least width, in body-text points (columns follow the page's width)
CONTENT_MAX_WIDTH_EM = 62


class WrapButton(QPushButton):
    """A push button whose words wrap: a bold first line and a plainer second (tiles, cards)."""

    def __init__(self, name: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(16, 12, 16, 12)
        self._box.setSpacing(4)
        self.title = self._label(f"{kind}Title")  # its size and weight: HomePage's style sheet
        self.detail = self._label(f"{kind}Detail")
        built(self)

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)  # the button takes the tap
        self._box.addWidget(label)
        return label

    def set_words(self, title: str, detail: str, accessible: str = "") -> None:
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(accessible or (f"{title}. {detail}" if detail else title))
        self.setToolTip("")
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - the labels' size, not a one-line button's
        return self._box.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self._box.minimumSize()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._box.heightForWidth(width)

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)


class _Grid(QWidget):
    """Buttons in as many columns as the width allows (one on a narrow window)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self._buttons: list[WrapButton] = []
        self._columns = 0
        self.column_width = 220
        built(self)

    def buttons(self) -> list[WrapButton]:
        return list(self._buttons)

    def set_buttons(self, buttons: list[WrapButton]) -> None:
        for old in self._buttons:
            _drop(old)
        self._buttons = list(buttons)
        self._columns = 0
        self._place()

    def _place(self) -> None:
        columns = max(1, min(4, (self.width() or 800) // max(1, self.column_width)))
        if columns == self._columns:
            return
        self._columns = columns
        for button in self._buttons:
            self._layout.removeWidget(button)
        for column in range(4):
            self._layout.setColumnStretch(column, 1 if column < columns else 0)
        for i, button in enumerate(self._buttons):
            self._layout.addWidget(button, i // columns, i % columns)
        # Tab goes left to right, row by row, as the tiles are read.
        for first, second in zip(self._buttons, self._buttons[1:]):
            QWidget.setTabOrder(first, second)

    def relayout(self) -> None:
        self._columns = 0
        self._place()

    @guarded
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()


def _drop(widget: QWidget) -> None:
    """Gone now (not at the next event loop turn): nothing of it is left in the page."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


def _scroll_area(name: str, content: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    return area


class HomePage(QWidget):
    """The start page. ``article_chosen`` (id, section) when a card or question is pressed;
    ``search_typed`` as the box is typed in and ``search_submitted`` on Enter (the window passes
    them to its search panel, where the results are)."""

    article_chosen = Signal(str, str)
    search_typed = Signal(str)
    search_submitted = Signal()
    topic_shown = Signal(str)  # a tile was pressed: its topic's cards are on screen

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homePage")
        self._library = library
        self._scale = 1.0
        self._topic: home.Tile | None = None
        self._cards: list[home.Card] = []
        self._language = ""  # the interface language the tiles were made for
        self._prepared = False  # tiles and questions are made when the page is first shown (prepare)
        self._sheet = ""

        self.pages = QStackedWidget(self)
        self.pages.setObjectName("homePages")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        # -- the start: search, common questions, topics --
        start = QWidget()
        start.setObjectName("homeStart")
        self.start_scroll = _scroll_area("homeScroll", start, self)
        box = QVBoxLayout(start)
        box.setContentsMargins(32, 28, 32, 28)
        box.setSpacing(12)
        self.heading = QLabel(start)
        self.heading.setObjectName("homeHeading")
        self.heading.setWordWrap(True)
        self.search_edit = QLineEdit(start)
        self.search_edit.setObjectName("homeSearchBox")
        self.search_edit.setClearButtonEnabled(True)
        self.heading.setBuddy(self.search_edit)
        self.questions_heading = self._section_label("homeQuestionsHeading", start)
        self.questions = _Grid("homeQuestions", start)
        self.topics_heading = self._section_label("homeTopicsHeading", start)
        self.topic_groups = QWidget(start)
        self.topic_groups.setObjectName("homeTopicGroups")
        self._groups_box = QVBoxLayout(self.topic_groups)
        self._groups_box.setContentsMargins(0, 0, 0, 0)
        self._groups_box.setSpacing(8)
        self.empty_label = QLabel(start)
        self.empty_label.setObjectName("homeEmpty")
        self.empty_label.setWordWrap(True)
        for widget in (self.heading, self.search_edit, self.questions_heading, self.questions, self.topics_heading,
                       self.topic_groups, self.empty_label):
            box.addWidget(widget)
        box.addStretch(1)
        self._group_widgets: list[QWidget] = []
        self._tiles: list[WrapButton] = []
        self._tile_data: dict[WrapButton, home.Tile] = {}
        self._question_data: dict[WrapButton, home.Question] = {}

        # -- one topic: its articles as cards --
        topic = QWidget()
        topic.setObjectName("homeTopic")
        self.topic_scroll = _scroll_area("homeTopicScroll", topic, self)
        tbox = QVBoxLayout(topic)
        tbox.setContentsMargins(32, 20, 32, 28)
        tbox.setSpacing(12)
        self.back_button = QPushButton(topic)
        self.back_button.setObjectName("homeBackButton")
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.topic_title = QLabel(topic)
        self.topic_title.setObjectName("homeTopicTitle")
        self.topic_title.setWordWrap(True)
        self.cards_box = QWidget(topic)
        self.cards_box.setObjectName("homeCards")
        self._cards_layout = QVBoxLayout(self.cards_box)
        self._cards_layout.setContentsMargins(0, 0, 0, 0)
        self._cards_layout.setSpacing(10)
        self.more_button = QPushButton(topic)
        self.more_button.setObjectName("homeMoreButton")
        self.more_button.clicked.connect(self.show_more_cards)
        self.more_button.hide()
        tbox.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        tbox.addWidget(self.topic_title)
        tbox.addWidget(self.cards_box)
        tbox.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        tbox.addStretch(1)
        self._card_buttons: list[WrapButton] = []

        self.pages.addWidget(self.start_scroll)
        self.pages.addWidget(self.topic_scroll)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self.search_submitted)
        self.retranslate()
        self.set_text_scale(1.0)
        built(self)

    def prepare(self) -> None:
        """Make the tiles and questions (once; the window calls this before showing the page, so a
        window that opens on an article never pays for 60 tiles it has not shown)."""
        if not self._prepared:
            self._prepared = True
            self._build()
            self._word_buttons()

    def set_library(self, library: Library) -> None:
        """Other content (packs installed or removed): its tiles and questions, the start page."""
        self._library = library
        self.reset()
        if self._prepared:
            self._build()
            self._word_buttons()

    @staticmethod
    def _section_label(name: str, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(name)
        label.setWordWrap(True)
        return label

    # -- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        """Tiles and questions for the interface language (again when it changes)."""
        self._language = interface_language()
        groups = home.home_tiles(self._library, self._language)
        for widget in self._group_widgets:
            _drop(widget)
        self._group_widgets, self._tiles, self._tile_data = [], [], {}
        labelled = len(groups) > 1
        for g, group in enumerate(groups):
            if labelled:  # each language named in itself ("Español"), as in the navigator
                label = self._section_label(f"homeLanguage{g}", self.topic_groups)
                label.setText(LANGUAGE_NAMES.get(group.language, group.language))
                self._groups_box.addWidget(label)
                self._group_widgets.append(label)
            grid = _Grid(f"homeTiles{g}", self.topic_groups)
            buttons = []
            for tile in group.tiles:
                button = WrapButton(f"homeTile{len(self._tiles)}", "tile", grid)
                button.clicked.connect(self._on_tile_clicked)
                self._tile_data[button] = tile
                self._tiles.append(button)
                buttons.append(button)
            grid.set_buttons(buttons)
            self._groups_box.addWidget(grid)
            self._group_widgets.append(grid)
        buttons = []
        self._question_data = {}
        for i, question in enumerate(home.common_questions(self._library, self._language)):
            button = WrapButton(f"homeQuestion{i}", "question", self.questions)
            button.clicked.connect(self._on_question_clicked)
            self._question_data[button] = question
            buttons.append(button)
        self.questions.set_buttons(buttons)
        self.questions_heading.setVisible(bool(buttons))
        self.questions.setVisible(bool(buttons))
        self.topics_heading.setVisible(bool(self._tiles))
        self.empty_label.setVisible(not self._tiles)
        self._apply_fonts()

    def retranslate(self) -> None:
        if self._prepared and self._language != interface_language():
            self._build()  # another language first, and its own questions
        self.setAccessibleName(self.tr("Home"))
        self.heading.setText(self.tr("What would you like to learn about?"))
        self.search_edit.setPlaceholderText(self.tr("Type a word, for example: chemotherapy"))
        self.search_edit.setAccessibleName(self.tr("What would you like to learn about?"))
        self.search_edit.setAccessibleDescription(self.tr("Searches all articles; the results are listed at the left."))
        self.questions_heading.setText(self.tr("Common questions"))
        self.topics_heading.setText(self.tr("Topics"))
        self.empty_label.setText(self.tr("No articles to show yet. Please ask a member of staff for help."))
        self.back_button.setText(self.tr("\u2190 All topics"))
        self.back_button.setAccessibleName(self.tr("Back to all topics"))
        self._word_buttons()
        self._word_topic()

    def _word_buttons(self) -> None:
        for button, tile in self._tile_data.items():
            count = self._count_words(tile.count)
            button.set_words(tile.topic, count, self.tr("%1, %2").replace("%1", tile.topic).replace("%2", count))
        for button, question in self._question_data.items():
            button.set_words(question.text, "")

    def _count_words(self, count: int) -> str:
        return self.tr("1 article") if count == 1 else self.tr("%1 articles").replace("%1", str(count))

    def _word_topic(self) -> None:
        if self._topic is None:
            self.topic_title.clear()
            self.more_button.setText("")
            return
        self.topic_title.setText(self._topic.topic)
        self.topic_title.setAccessibleName(f"{self._topic.topic}, {self._count_words(self._topic.count)}")
        left = len(self._cards) - len(self._card_buttons)
        self.more_button.setText(self.tr("More articles (%1 more)").replace("%1", str(left)))

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @guarded
    def showEvent(self, event: QShowEvent) -> None:
        self.prepare()  # (the window prepares it first; this is for a page shown some other way)
        super().showEvent(event)

    def set_text_scale(self, scale: float) -> None:
        self._scale = style.clamp_scale(scale)
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        """Sizes by a style sheet of the page's own, not setFont: a theme's new application style
        sheet (high contrast) polishes every widget again and would drop fonts set by hand."""
        body = style.body_point_size(self._scale)

        def pt(factor: float) -> str:
            return f"font-size: {body * factor:.1f}pt;"

        groups = ", ".join(f"QLabel#{w.objectName()}" for w in self._group_widgets if isinstance(w, QLabel))
        sections = ", ".join(filter(None, ("QLabel#homeQuestionsHeading", "QLabel#homeTopicsHeading", groups)))
        sheet = f"""
QLabel#homeHeading {{ {pt(1.6)} font-weight: bold; }}
QLabel#homeTopicTitle {{ {pt(1.5)} font-weight: bold; }}
{sections} {{ {pt(1.2)} font-weight: bold; }}
QLineEdit#homeSearchBox {{ {pt(1.15)} }}
QLabel#homeEmpty, QPushButton#homeBackButton, QPushButton#homeMoreButton {{ {pt(1.0)} }}
QLabel#tileTitle, QLabel#cardTitle {{ {pt(1.1)} font-weight: bold; }}
QLabel#tileDetail {{ {pt(0.9)} }}
QLabel#cardDetail {{ {pt(0.95)} }}
QLabel#questionTitle {{ {pt(1.0)} font-weight: bold; }}
"""
        if sheet != self._sheet:  # (each new sheet polishes the whole page again)
            self._sheet = sheet
            self.setStyleSheet(sheet)
        # 1 pt is about 4/3 px at 96 dpi
        column = round(COLUMN_WIDTH_EM * body * 4 / 3)
        for grid in (self.questions, *(w for w in self._group_widgets if isinstance(w, _Grid))):
            grid.column_width = round(column * 1.4) if grid is self.questions else column
            grid.relayout()
        self.cards_box.setMaximumWidth(round(CONTENT_MAX_WIDTH_EM * body * 4 / 3))
        for button in self._tiles + list(self._question_data) + self._card_buttons:
            button.updateGeometry()

    # -- what the reader sees ----------------------------------------------------------------------

    def tiles(self) -> list[WrapButton]:
        self.prepare()
        return list(self._tiles)

    def question_buttons(self) -> list[WrapButton]:
        self.prepare()
        return list(self._question_data)

    def cards(self) -> list[WrapButton]:
        return list(self._card_buttons)

    def questions_shown(self) -> list[home.Question]:
        self.prepare()
        return list(self._question_data.values())

    def showing_topic(self) -> str:
        """The topic whose cards are on screen ("" on the start page)."""
        return self._topic.topic if self._topic is not None and self.pages.currentIndex() == 1 else ""

    def show_topic(self, tile: home.Tile) -> None:
        """That topic's articles as cards (the first CARDS_AT_ONCE; "More articles" for the rest)."""
        self._clear_cards()
        self._topic = tile
        self._cards = home.topic_cards(self._library, tile.language, tile.topic)
        self.show_more_cards()
        self.pages.setCurrentIndex(1)
        self.topic_scroll.verticalScrollBar().setValue(0)
        if self._card_buttons:
            self._card_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)
        self.topic_shown.emit(tile.topic)

    @Slot()
    def show_more_cards(self) -> None:
        start = len(self._card_buttons)
        for card in self._cards[start:start + CARDS_AT_ONCE]:
            button = WrapButton(f"homeCard{len(self._card_buttons)}", "card", self.cards_box)
            article = self._library.get(card.article_id)
            button.set_words(card.title, home.first_sentence(article) if article is not None else "")
            button.setProperty("articleId", card.article_id)
            button.clicked.connect(self._on_card_clicked)
            self._cards_layout.addWidget(button)
            if self._card_buttons:
                QWidget.setTabOrder(self._card_buttons[-1], button)
            self._card_buttons.append(button)
        self.more_button.setVisible(len(self._card_buttons) < len(self._cards))
        if len(self._card_buttons) > start and start:
            self._card_buttons[start].setFocus(Qt.FocusReason.OtherFocusReason)  # on where the new ones begin
        self._word_topic()

    def show_start(self) -> None:
        """Back to the tiles (the topic's cards are let go)."""
        self._clear_cards()
        self.pages.setCurrentIndex(0)

    def _clear_cards(self) -> None:
        for button in self._card_buttons:
            _drop(button)
        self._card_buttons, self._cards, self._topic = [], [], None
        self.more_button.hide()
        self._word_topic()

    def reset(self) -> None:
        """As built (a kiosk reset): the start page at its top, an empty box with no undo."""
        self._clear_cards()
        self.pages.setCurrentIndex(0)
        self.search_edit.setText("")  # (setText forgets the undo history; clear() would keep it)
        self.search_edit.setModified(False)
        self.start_scroll.verticalScrollBar().setValue(0)
        self.topic_scroll.verticalScrollBar().setValue(0)

    def take_focus(self) -> None:
        """Where a reader starts: the page itself (Tab goes on to the search box and the tiles);
        not the box, which would call up the on-screen keyboard in kiosk mode."""
        self.start_scroll.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- slots -------------------------------------------------------------------------------------

    @Slot(str)
    def _on_search_edit_text_changed(self, text: str) -> None:
        self.search_typed.emit(text)

    @Slot()
    def _on_back_button_clicked(self) -> None:
        shown = self._topic_tile()
        self.show_start()
        if shown is not None:  # the tile the reader came from
            shown.setFocus(Qt.FocusReason.OtherFocusReason)

    def _topic_tile(self) -> WrapButton | None:
        return next((b for b, t in self._tile_data.items() if t == self._topic), None)

    @Slot()
    def _on_tile_clicked(self) -> None:
        tile = self._tile_data.get(self.sender())
        if tile is not None:
            self.show_topic(tile)

    @Slot()
    def _on_question_clicked(self) -> None:
        question = self._question_data.get(self.sender())
        if question is not None:
            self.article_chosen.emit(question.article_id, question.anchor)

    @Slot()
    def _on_card_clicked(self) -> None:
        button = self.sender()
        if button is not None:
            self.article_chosen.emit(str(button.property("articleId")), "")
