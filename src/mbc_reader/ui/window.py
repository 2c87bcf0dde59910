"""The reader's main window: navigator and search on the left, the article on the right.

A thin layer: every widget is self-contained and talks through signals; this module only wires
them and keeps the reading history. The public methods and signals here are what kiosk mode,
staff tools and benchmarks use (see :func:`mbc_reader.ui.build_window`).

The window is built in two steps so a clinic PC shows the article at once. The first step is the
frame a reader sees first: the toolbar, the empty sidebar at its width and the article view, which
can paint the kept first page (:mod:`.first_page`). :meth:`ReaderWindow.complete` adds the library,
the navigator, search, popups and the status line; ``ready`` says it is done. ``build_window``
does both steps at once; ``start_window`` does the second right after the first frame is painted.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSize, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from .. import paths
from . import first_page as kept_pages
from . import privacy, style
from .article_view import ArticleView
from .history import History, Place
from .lifetime import built, guarded
from .settings import ReaderSettings
from .toolbar import ToolbarRows, name_buttons, reading_toolbar
from .window_actions import build_actions, word_actions

if TYPE_CHECKING:  # the rest of the window is imported by complete() (start-up rules: first_page.py)
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDialog

    from ..content.models import Article, Library
    from .content_watch import ContentWatch
    from .find_bar import FindBar
    from .first_page import FirstPage
    from .glossary_popup import GlossaryPopup
    from .health_dialog import ContentHealthDialog
    from .home_page import HomePage
    from .image_viewer import ImageViewer
    from .navigator import Navigator
    from .read_aloud import ReadAloud
    from .read_aloud_bar import ReadAloudBar
    from .search_panel import SearchPanel
    from .workers import SearchService

log = logging.getLogger(__name__)

HOME_PLACE = Place("", "")  # the home page's step in the history

SEARCH_START_DELAY_MS = 300  # let the first article paint before the index is opened

#: The window's first size where the screen has room; on a smaller screen it fits the screen's
#: free area (less the window manager's title bar and border), never more.
DEFAULT_SIZE = (1280, 800)
FRAME_ALLOWANCE = (16, 48)  # px: borders left+right, title bar + bottom border


def default_size(screen) -> QSize:
    """1280x800, or the screen's available area less the frame when that is smaller."""
    width, height = DEFAULT_SIZE
    if screen is not None:
        free = screen.availableGeometry()
        width = max(640, min(width, free.width() - FRAME_ALLOWANCE[0]))
        height = max(480, min(height, free.height() - FRAME_ALLOWANCE[1]))
    return QSize(width, height)


class ReaderWindow(QMainWindow):
    """The reader. ``library`` is the loaded content; ``kiosk`` is for the public kiosk mode.

    With ``library=None`` only the first frame is built (and ``first_page`` painted, when it fits);
    call :meth:`complete` with the library to build the rest.
    """

    article_opened = Signal(str)  # article id, after it is shown
    text_scale_changed = Signal(float)
    ready = Signal()  # complete(): the library, navigator, search and popups are in place
    first_frame_painted = Signal()  # the article view has been on screen once (start_window builds the rest then)

    navigator: Navigator
    search_panel: SearchPanel
    find_bar: FindBar
    glossary_popup: GlossaryPopup
    home_page: HomePage
    image_viewer: ImageViewer
    read_aloud: ReadAloud
    read_aloud_bar: ReadAloudBar
    #: Set by build_window/start_window when the window shows the default content (the bundled
    #: articles and the installed packs): it then follows packs installed while it runs.
    follow_packs = False
    content_watch: ContentWatch | None = None
    _new_content_button = None

    def __init__(self, library: Library | None, kiosk: bool = False, settings: ReaderSettings | None = None,
                 parent: QWidget | None = None, *, first_page: FirstPage | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerWindow")
        self.library: Library | None = None
        self.kiosk = kiosk
        self.settings = settings or ReaderSettings()
        self.history = History()
        self._complete = False
        self._closed = False
        self._search_service: SearchService | None = None
        self._qr_dialog: QDialog | None = None
        self._health_dialog: ContentHealthDialog | None = None
        self.content_health_action: QAction | None = None  # staff only: never in kiosk mode
        #: The content folders the library came from: set by build_window/start_window, which
        #: then keep the home article's first part for the next start (never in kiosk mode).
        self.content_dirs: tuple[str, ...] | None = None
        self._kept_page: FirstPage | None = first_page
        self.setWindowIcon(style.icon("app"))

        self.sidebar = QWidget(self)
        self.sidebar.setObjectName("sidebar")
        self._sidebar_layout = QVBoxLayout(self.sidebar)
        self._sidebar_layout.setContentsMargins(0, 0, 0, 0)

        self.article_view = ArticleView(self)
        self.article_view.first_painted.connect(self.first_frame_painted)
        reading = QWidget(self)
        self._reading_layout = QVBoxLayout(reading)
        self._reading_layout.setContentsMargins(0, 0, 0, 0)
        self._reading_layout.setSpacing(0)
        self._reading_layout.addWidget(self.article_view, 1)
        #: The article (with its find and listen bars) or, once complete, the home page (homePage).
        self.reading_stack = QStackedWidget()
        self.reading_stack.setObjectName("readingStack")
        self.reading_stack.addWidget(reading)

        # Horizontal, the default. Made without arguments, then adopted by setCentralWidget: with a
        # parent PySide would try the (orientation, parent) overload first and create Qt's enums
        # (start-up rules: first_page.py).
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.reading_stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self._sidebar_sized = False  # sized to the window on the first show (unless remembered)
        self.setCentralWidget(self.splitter)
        self.sidebar.setMinimumWidth(220)

        self._build_toolbar()
        self.statusBar().setSizeGripEnabled(not kiosk)
        self.retranslate()

        self.article_view.set_text_scale(self.settings.text_scale())
        self._restore_layout()
        if kiosk or self.settings.byte_array(ReaderSettings.GEOMETRY) is None:
            self.resize(default_size(self.screen()))
        for action in (self.back_action, self.forward_action, self.home_action, self.find_action, self.search_action,
                       self.listen_action):
            action.setEnabled(False)  # until complete(): there is no library to move in yet
        if first_page is not None and self.article_view.show_first_page(first_page):
            self.setWindowTitle(f"{first_page.title} \u2014 {self.tr('Cancer information')}")
        if library is not None:
            self.complete(library)
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def complete(self, library: Library) -> None:
        """The rest of the window: the library, navigator, search, popups; then the home article."""
        if self._complete:
            return
        from PySide6.QtWidgets import QLabel

        from .find_bar import FindBar
        from .glossary_popup import GlossaryPopup
        from .home_page import HomePage
        from .image_viewer import ImageViewer
        from .navigator import Navigator
        from .read_aloud import ReadAloud
        from .read_aloud_bar import ReadAloudBar
        from .search_panel import SearchPanel

        self.library = library
        self.navigator = Navigator(self)
        self.navigator.set_library(library)
        self.search_panel = SearchPanel(self.navigator, self)
        self._sidebar_layout.addWidget(self.search_panel)
        self.find_bar = FindBar(self.article_view, self)
        self._reading_layout.addWidget(self.find_bar)
        self.read_aloud = ReadAloud(self.article_view, parent=self)
        self.read_aloud_bar = ReadAloudBar(self.read_aloud, self)
        self._reading_layout.addWidget(self.read_aloud_bar)
        self.listen_action.setCheckable(True)  # on while reading aloud
        listen_button = self.toolbar.widgetForAction(self.listen_action)
        if listen_button is not None:
            listen_button.setObjectName("listenButton")
        self.glossary_popup = GlossaryPopup(parent=self)
        self.home_page = HomePage(library, self)
        self.reading_stack.addWidget(self.home_page)
        self.image_viewer = ImageViewer(self)
        self.article_view.enable_touch_scrolling()
        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("problemsLabel")
        self.problems_label.hide()  # until the status line takes it: a kiosk never shows it (it sat over the toolbar)
        if self.problem_count() and not self.kiosk:
            self.statusBar().addPermanentWidget(self.problems_label)
            self.problems_label.show()
        if not self.kiosk:
            self._add_content_health()
        self._complete = True
        self.retranslate()
        self._connect()
        self.find_action.setEnabled(True)
        self.search_action.setEnabled(True)
        self.listen_action.setEnabled(self.read_aloud.available())
        self.glossary_popup.set_speech_available(self.read_aloud.available())
        self.set_text_scale(self.article_view.text_scale())
        self._start_search()
        if self.follow_packs:
            self._watch_content()
        self.reset_to_home()
        self.ready.emit()

    def is_complete(self) -> bool:
        return self._complete

    def _add_content_health(self) -> None:
        """Staff's "Content health…" (Ctrl+Shift+H), at the right of the status line beside the
        count of files that could not be shown; a kiosk window never has it."""
        from PySide6.QtGui import QAction, QKeySequence
        from PySide6.QtWidgets import QToolButton

        action = QAction(self)
        action.setObjectName("openContentHealth")
        action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        action.triggered.connect(self.open_content_health)
        self.addAction(action)
        button = QToolButton(self)
        button.setObjectName("contentHealthButton")
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        self.statusBar().addPermanentWidget(button)
        self.content_health_action = action

    # -- construction ----------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        self.reader_actions = actions = build_actions(self)
        self.back_action, self.forward_action, self.home_action = actions.back, actions.forward, actions.home
        self.smaller_action, self.larger_action, self.reset_size_action = actions.smaller, actions.larger, actions.reset_size
        self.find_action, self.search_action, self.listen_action = actions.find, actions.search, actions.listen
        self.toolbar = reading_toolbar(self, "", [actions.back, actions.forward, actions.home], [actions.smaller, actions.larger],
                                       [actions.find, actions.listen])
        # One row when it fits, else the right-hand group (comfort bar, kiosk button) on a second.
        self.toolbar_rows = ToolbarRows(self, self.toolbar)

    def retranslate(self) -> None:
        """The window's own words in the interface language (again on every LanguageChange)."""
        word_actions(self.reader_actions)
        self.toolbar.setWindowTitle(self.tr("Reading"))
        self.toolbar_rows.second.setWindowTitle(self.tr("Reading"))
        if not self._complete:  # the first frame: the buttons are named when the window is complete
            self.setWindowTitle(self.tr("Cancer information"))
            return
        if not self.read_aloud.available():  # said plainly on the greyed-out button
            self.listen_action.setToolTip(self.tr("Listen is not available on this computer: its voice (eSpeak NG) is not installed."))
        name_buttons(self.toolbar)  # (asking the toolbar for its buttons makes PySide load ~5 ms of types)
        if self._new_content_button is not None:
            self._new_content_button.setText(self.tr("New content is installed: show it"))
            self._new_content_button.setToolTip(self.tr(
                "Content packs were installed or removed while this window was open. Show them now "
                "(the article you are reading stays open when it is still there)."))
        if self.content_health_action is not None:
            self.content_health_action.setText(self.tr("Content health\u2026"))
            self.content_health_action.setToolTip(
                self.tr("For staff: problems in the content files, broken links and review dates (Ctrl+Shift+H)"))
        errors = self.problem_count()
        self.problems_label.setText(
            self.tr("%1 file(s) could not be shown; staff can run \u201cmbc-reader check\u201d.").replace("%1", str(errors))
            if errors else "")
        article = self.article_view.article()
        if self.showing_home():
            self.setWindowTitle(f"{self.tr('Home')} \u2014 {self.tr('Cancer information')}")
        elif article is not None:
            self.setWindowTitle(f"{article.title} \u2014 {self.tr('Cancer information')}")
        elif not self.home_article_id():
            self.setWindowTitle(self.tr("Cancer information"))
            self.article_view.show_html(self._empty_library_html())

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _connect(self) -> None:
        self.navigator.navigation_requested.connect(self._on_navigator_navigation_requested)
        self.search_panel.result_chosen.connect(self._on_search_panel_result_chosen)
        self.search_panel.term_chosen.connect(self._on_search_panel_term_chosen)
        self.search_panel.escape_pressed.connect(self._on_search_panel_escape_pressed)
        self.article_view.article_link_clicked.connect(self._on_article_view_article_link_clicked)
        self.article_view.glossary_link_clicked.connect(self._on_article_view_glossary_link_clicked)
        self.article_view.figure_clicked.connect(self._on_article_view_figure_clicked)
        self.article_view.external_link_clicked.connect(self._on_article_view_external_link_clicked)
        self.article_view.section_changed.connect(self._on_article_view_section_changed)
        self.article_view.zoom_requested.connect(self._on_article_view_zoom_requested)
        self.article_view.highlighted.connect(self._on_article_view_highlighted)
        self.glossary_popup.closed.connect(self._on_glossary_popup_closed)
        self.glossary_popup.speak_requested.connect(self.read_aloud.say_words)
        self.read_aloud.state_changed.connect(self._on_read_aloud_state_changed)
        self.read_aloud.failed.connect(self._on_read_aloud_failed)
        self.home_page.article_chosen.connect(self._on_home_page_article_chosen)
        self.home_page.search_typed.connect(self._on_home_page_search_typed)
        self.home_page.search_submitted.connect(self._on_home_page_search_submitted)

    def _start_search(self) -> None:
        from .workers import SearchService

        library = self.library
        follow = self.follow_packs

        def opener(progress):  # on the search thread: Whoosh loads there, not before the first article
            if follow:  # a trusted pack's own index (one installed for every account), before indexing here
                from ..content.pack_index import use_shipped_index

                use_shipped_index(library)
            from ..content.search import open_searcher

            return open_searcher(library, progress=progress)

        self._search_service = SearchService(opener, self)
        self.search_panel.set_service(self._search_service)
        QTimer.singleShot(SEARCH_START_DELAY_MS, self._start_search_service)
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is not None:  # quitting without closing the window (app.quit()) stops it too
            from PySide6.QtCore import Qt

            app.aboutToQuit.connect(self.stop_workers, Qt.ConnectionType.UniqueConnection)

    @Slot()
    def _start_search_service(self) -> None:
        if self._search_service is not None and not self._closed:
            self._search_service.start()

    @Slot()
    def stop_workers(self) -> None:
        """Stop the search worker and wait for it: an index build in flight gives up and leaves
        no half-written index (the next start uses the last complete one, or builds it)."""
        if self._search_service is not None:
            self._search_service.shutdown()
        if self.content_watch is not None:
            self.content_watch.shutdown()

    # -- content installed while the window is open (content_watch.py) ---------------------------

    def _watch_content(self) -> None:
        from pathlib import Path

        from ..content.library import content_state
        from .content_watch import ContentWatch

        state = content_state([Path(d) for d in self.content_dirs] if self.content_dirs else None)
        self.content_watch = ContentWatch(state, kiosk=self.kiosk, parent=self)
        self.content_watch.ready.connect(self._on_content_watch_ready)

    @Slot()
    def _on_content_watch_ready(self) -> None:
        """New content is loaded aside. A kiosk shows it from its next reset (kiosk_setup.py); a
        staff window when nobody has used it for a while, and meanwhile offers it."""
        watch = self.content_watch
        if self.kiosk or watch is None or not watch.has_pending():
            return
        if watch.idle_for() >= watch.idle_seconds:
            self.take_new_content()
            return
        if self._new_content_button is None:
            from PySide6.QtWidgets import QPushButton

            self._new_content_button = QPushButton(self)
            self._new_content_button.setObjectName("newContentButton")
            self._new_content_button.clicked.connect(self._on_new_content_button_clicked)
            self.statusBar().addPermanentWidget(self._new_content_button)
            self.retranslate()
        self._new_content_button.show()

    @Slot()
    def _on_new_content_button_clicked(self) -> None:
        self.take_new_content()

    def take_new_content(self, keep_place: bool = True) -> bool:
        """Show the content the watch loaded aside (packs installed, updated or removed since),
        if there is any: the navigator, search (a new search thread, its index updated there)
        and the health view follow. ``keep_place``: the article on screen stays, at its section,
        when the new content still has it (else the home article); otherwise the caller resets
        the window (a kiosk's reset, between patients)."""
        taken = self.content_watch.take() if self.content_watch is not None and self._complete else None
        if taken is None:
            return False
        library, dirs = taken
        place = Place(self.current_article_id(), self.current_section()) if keep_place else None
        if self._new_content_button is not None:
            self._new_content_button.hide()
        self.glossary_popup.close()
        self.image_viewer.close()
        self.read_aloud.reset()
        if self._search_service is not None:
            self._search_service.shutdown()
            self._search_service.deleteLater()
            self._search_service = None
        self.library = library
        self.content_dirs = tuple(str(d) for d in dirs)
        self.navigator.set_library(library)
        home_page = getattr(self, "home_page", None)
        if hasattr(home_page, "set_library"):
            home_page.set_library(library)
        self._start_search()
        if self._health_dialog is not None:
            self._health_dialog.refresh(library=library)
        if self.problem_count() and not self.kiosk and not self.statusBar().isAncestorOf(self.problems_label):
            self.statusBar().addPermanentWidget(self.problems_label)
            self.problems_label.show()
        self.retranslate()
        log.info("showing the new content: %d articles", len(library.articles))
        if place is not None:
            self.history.clear()
            self.article_view.clearHistory()
            if not (place.article_id and self.open_article(place.article_id, place.anchor)):
                self.reset_to_home()
        return True

    # -- public API ------------------------------------------------------------------------------

    def problem_count(self) -> int:
        """How many content files could not be shown (errors), for staff."""
        if self.library is None:
            return 0
        from ..content.models import Severity

        return sum(1 for p in self.library.problems if p.severity == Severity.ERROR)

    def home_article_id(self) -> str:
        """The first patient article: the bundled one when present (it is loaded first)."""
        if self.library is None:
            return ""
        articles = self.library.patient_articles
        return articles[0].id if articles else ""

    def current_article_id(self) -> str:
        """The article on screen (while the window starts, the kept first page's; "" while the
        home page is shown)."""
        if self.showing_home():
            return ""
        article = self.article_view.article()
        if article is not None:
            return article.id
        first = self.article_view.first_page()
        return first.article_id if first is not None else ""

    def current_section(self) -> str:
        return self.article_view.current_section()

    def open_article(self, article_id: str, anchor: str = "") -> bool:
        """Show an article (scrolled to ``anchor``), as a new step in the history."""
        article = self.library.get(article_id) if self.library is not None else None
        if article is None:
            log.info("no article %r", article_id)
            self.statusBar().showMessage(self.tr("That page is not in this library."), 6000)
            return False
        self._remember_place()
        self.history.push(Place(article_id, anchor))
        self._show(article, anchor)
        return True

    def reset_to_home(self) -> None:
        """Back to the start, as for the next patient: every widget as a fresh window has it.

        The home article at its top with no selection, no search or find text (and nothing for
        Undo to bring back), no marks, no status message, the contents folded and scrolled up,
        no history, no picture or address left in a closed dialog. A kiosk window then shows the
        home page (homePage), as built: where every patient starts.
        """
        from PySide6.QtGui import QTextCursor

        self.glossary_popup.clear()
        self.image_viewer.clear()
        if self._qr_dialog is not None:
            self._qr_dialog.close()
            self._qr_dialog.deleteLater()
            self._qr_dialog = None
        self.read_aloud.reset()
        self.find_bar.reset()
        self.search_panel.reset()
        self.home_page.reset()
        self.statusBar().clearMessage()
        self.history.clear()
        self.article_view.clearHistory()
        self.article_view.setTextCursor(QTextCursor(self.article_view.document()))  # no selection, at the top
        home = self.home_article_id()
        if home:
            self.open_article(home)
        else:
            self.article_view.show_html(self._empty_library_html())
            self._update_actions()
        self.navigator.reset_view()  # folded and scrolled up; then the home article itself, at its top
        if self.kiosk:  # (with no articles it says so, and to ask staff)
            self.history.clear()
            self.show_home_page()
        elif home:
            self.navigator.show_place(home, "")

    # -- the home page ---------------------------------------------------------------------------

    def showing_home(self) -> bool:
        """Whether the home page (homePage) is on screen instead of an article."""
        return self._complete and self.reading_stack.currentWidget() is self.home_page

    def show_home_page(self) -> None:
        """The home page: search, topics, common questions (a step in the history, as an article)."""
        if not self._complete:
            return
        self._remember_place()
        self.glossary_popup.close()
        self.read_aloud.stop()
        if self.history.current() != HOME_PLACE:
            self.history.push(HOME_PLACE)
        self._show_home()

    def _show_home(self) -> None:
        self.home_page.prepare()
        self.reading_stack.setCurrentWidget(self.home_page)
        self.home_page.show_start()
        self.navigator.clearSelection()
        self.setWindowTitle(f"{self.tr('Home')} \u2014 {self.tr('Cancer information')}")
        self._update_actions()

    def focus_start(self) -> None:
        """The focus where a reader starts: the home page when it is shown, else the article."""
        if self.showing_home():
            self.home_page.take_focus()
        else:
            self.article_view.setFocus()

    def text_scale(self) -> float:
        return self.article_view.text_scale()

    def set_text_scale(self, scale: float) -> None:
        """The reading size (1.0 = normal, 0.8 to 3.0): articles, definitions, the picture viewer.
        Remembered for the next time (and the next window)."""
        scale = style.clamp_scale(scale)
        self.article_view.set_text_scale(scale)
        if self._complete:
            self.glossary_popup.set_text_scale(scale)
            self.image_viewer.set_text_scale(scale)
            self.home_page.set_text_scale(scale)
        self.settings.set_text_scale(scale)
        self.smaller_action.setEnabled(scale > style.MIN_SCALE + 1e-6)
        self.larger_action.setEnabled(scale < style.MAX_SCALE - 1e-6)
        self.text_scale_changed.emit(scale)

    def text_larger(self) -> None:
        self.set_text_scale(style.step_scale(self.text_scale(), +1))

    def text_smaller(self) -> None:
        self.set_text_scale(style.step_scale(self.text_scale(), -1))

    def text_normal(self) -> None:
        self.set_text_scale(1.0)

    def search(self, text: str) -> None:
        """Type ``text`` into the search box (results follow as for the reader)."""
        self.search_panel.set_query(text)

    def open_find_bar(self) -> None:
        if self._complete and not self.showing_home():  # the home page has no article to find in
            self.find_bar.open_bar()

    def focus_search(self) -> None:
        if self._complete:
            self.search_panel.focus_search()

    def toggle_listening(self) -> None:
        """Listen: read the article aloud from the top of the view (or the selection), or stop."""
        if self._complete:
            self.read_aloud.toggle()
            self._on_read_aloud_state_changed()

    def go_back(self) -> None:
        self._remember_place()
        self._show_place(self.history.back())

    def go_forward(self) -> None:
        self._remember_place()
        self._show_place(self.history.forward())

    def go_home(self) -> None:
        """The Home button: the home page (the home article before the window is complete)."""
        if self._complete:
            self.show_home_page()
            self.home_page.take_focus()

    # -- showing ---------------------------------------------------------------------------------

    def _show(self, article: Article, anchor: str) -> None:
        self.glossary_popup.close()
        self.reading_stack.setCurrentIndex(0)  # the article page, not the home page
        if self.article_view.article() is article:
            self.article_view.go_to(anchor)
        else:
            self.article_view.show_article(article, anchor)
            if self.find_bar.isVisible():
                self.find_bar.refresh()
        self.navigator.show_place(article.id, self.article_view.current_section())
        self.setWindowTitle(f"{article.title} \u2014 {self.tr('Cancer information')}")
        self._update_actions()
        self._keep_first_page(article)
        self.article_opened.emit(article.id)

    def _keep_first_page(self, article: Article) -> None:
        """The home article's first part, kept for the next start's first frame (first_page.py)."""
        if self.content_dirs is None or self.kiosk or privacy.private_session() or article.id != self.home_article_id():
            return
        part = self.article_view.part_one_html()
        if part is None:
            return
        html, image_width = part
        page = kept_pages.FirstPage(
            article_id=article.id, title=article.title, language=article.language, html=html,
            image_width=image_width, scale=self.text_scale(),
            figures=tuple((f.alt, str(f.local_path) if f.local_path else "") for f in article.figures),
            source=str(article.path), dirs=self.content_dirs,
        )  # fmt: skip
        if page != self._kept_page and kept_pages.save(paths.cache_dir() / kept_pages.FILE_NAME, page):
            self._kept_page = page

    def _show_place(self, place: Place | None) -> None:
        if place == HOME_PLACE:
            self.glossary_popup.close()
            self.read_aloud.stop()
            self._show_home()
            return
        article = self.library.get(place.article_id) if place is not None and self.library is not None else None
        if article is not None:
            self._show(article, place.anchor)
        self._update_actions()

    def _remember_place(self) -> None:
        """Store where the reader is, so Back returns to that section, not the article's top."""
        if self.current_article_id():
            self.history.update_current(Place(self.current_article_id(), self.article_view.current_section()))

    def _update_actions(self) -> None:
        self.back_action.setEnabled(self.history.can_go_back())
        self.forward_action.setEnabled(self.history.can_go_forward())
        self.home_action.setEnabled(bool(self.home_article_id()))
        if self._complete:  # nothing to find in or read aloud on the home page
            on_article = not self.showing_home()
            self.find_action.setEnabled(on_article)
            self.listen_action.setEnabled(on_article and self.read_aloud.available())

    def _empty_library_html(self) -> str:
        title = self.tr("No articles to show yet")
        text = self.tr("Please ask a member of staff for help.")
        staff = self.tr("Staff: check the content folder with \u201cmbc-reader check\u201d or install a content pack.")
        return f"<h1>{title}</h1><p>{text}</p><p class='meta'>{staff}</p>"

    # -- slots -------------------------------------------------------------------------------------

    @Slot(str, str)
    def _on_navigator_navigation_requested(self, article_id: str, anchor: str) -> None:
        if article_id == self.current_article_id():
            self.history.update_current(Place(article_id, anchor))  # moving within: no new step
            self.article_view.go_to(anchor)
            self.navigator.show_place(article_id, anchor)
        else:
            self.open_article(article_id, anchor)

    @Slot(str, str)
    def _on_search_panel_result_chosen(self, article_id: str, anchor: str) -> None:
        if self.open_article(article_id, anchor):
            self.article_view.take_focus_at(anchor)  # the reader goes on in the section, not the list

    @Slot(str, str)
    def _on_home_page_article_chosen(self, article_id: str, anchor: str) -> None:
        if self.open_article(article_id, anchor):
            self.article_view.take_focus_at(anchor)

    @Slot(str)
    def _on_home_page_search_typed(self, text: str) -> None:
        self.search_panel.set_query(text)  # the results are listed in the sidebar, as for its own box

    @Slot()
    def _on_home_page_search_submitted(self) -> None:
        """Enter in the home page's box: as Enter in the search box (search now, open the top hit)."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QApplication

        self.search_panel.set_query(self.home_page.search_edit.text())
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(self.search_panel.search_edit,
                                   QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r"))

    @Slot(str, str, QRect)
    def _on_search_panel_term_chosen(self, term_id: str, words: str, near: QRect) -> None:
        article = self.article_view.article()
        self.glossary_popup.show_term(term_id, words, article.language if article else "en", near)

    @Slot()
    def _on_search_panel_escape_pressed(self) -> None:
        from PySide6.QtCore import Qt

        self.article_view.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(str, str)
    def _on_article_view_article_link_clicked(self, article_id: str, anchor: str) -> None:
        self.open_article(article_id, anchor)

    @Slot(str, str, QRect)
    def _on_article_view_glossary_link_clicked(self, term_id: str, words: str, near: QRect) -> None:
        article = self.article_view.article()
        self.glossary_popup.show_term(term_id, words, article.language if article else "en", near)

    @Slot()
    def _on_glossary_popup_closed(self) -> None:
        self.read_aloud.stop_words()  # the definition's words end with it
        if self.isActiveWindow() or not self.image_viewer.isVisible():
            from PySide6.QtCore import Qt

            self.article_view.setFocus(Qt.FocusReason.PopupFocusReason)

    @Slot(int)
    def _on_article_view_figure_clicked(self, index: int) -> None:
        figure = self.article_view.figure(index)
        if figure is not None:
            self.image_viewer.show_figure(figure)

    @Slot(str)
    def _on_article_view_external_link_clicked(self, address: str) -> None:
        """Never a browser: the address and a code to scan with the patient's own phone."""
        if self._qr_dialog is not None:
            self._qr_dialog.close()
            self._qr_dialog.deleteLater()
        from .qr_dialog import QrDialog  # segno loads on the first outside link, not at start-up

        self._qr_dialog = QrDialog(address, self, self.text_scale())
        if self.kiosk:  # no title bar: its minimise button would take the whole kiosk off the screen
            from .kiosk import make_kiosk_window

            make_kiosk_window(self._qr_dialog)
        self._qr_dialog.open()

    def open_content_health(self) -> ContentHealthDialog | None:
        """The "Content health" window for staff (none in kiosk mode): checked again each time."""
        if self.kiosk or self.library is None:
            return None
        if self._health_dialog is None:
            from ..content.glossary import Glossary
            from .health_dialog import ContentHealthDialog

            self._health_dialog = ContentHealthDialog(self.library, Glossary.bundled(), parent=self)
            self._health_dialog.place_requested.connect(self._on_health_dialog_place_requested)
        else:
            self._health_dialog.refresh(library=self.library)
        self._health_dialog.show()
        self._health_dialog.raise_()
        self._health_dialog.activateWindow()
        return self._health_dialog

    @Slot(str, str, str)
    def _on_health_dialog_place_requested(self, article_id: str, anchor: str, words: str) -> None:
        """A row of the health report: its article, at the section, the words marked as found."""
        if not self.open_article(article_id, anchor):
            return
        if words:
            self.find_bar.edit.setText(words)
            self.find_bar.open_bar()

    def qr_dialog(self) -> QDialog | None:
        return self._qr_dialog if self._qr_dialog is not None and self._qr_dialog.isVisible() else None

    @Slot(QUrl)
    def _on_article_view_highlighted(self, url: QUrl) -> None:
        """Say what a link does before it is chosen (nothing here ever opens a browser)."""
        scheme = url.scheme().lower()
        if not url.isValid() or url.isEmpty():
            self.statusBar().clearMessage()
        elif scheme == "glossary":
            self.statusBar().showMessage(self.tr("Show what this word means"))
        elif scheme == "figure":
            self.statusBar().showMessage(self.tr("Show this picture larger"))
        elif scheme == "article" and self.library is not None:
            target = self.library.get(url.path().partition("#")[0])
            self.statusBar().showMessage(target.title if target is not None else "")
        elif scheme in ("http", "https", "mailto", "tel"):
            self.statusBar().showMessage(self.tr("On the internet (shows a code to scan): %1").replace("%1", url.toString()))

    @Slot()
    def _on_read_aloud_state_changed(self) -> None:
        from .read_aloud import State

        self.listen_action.setChecked(self.read_aloud.state() is not State.IDLE)

    @Slot(str)
    def _on_read_aloud_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    @Slot(int)
    def _on_article_view_zoom_requested(self, direction: int) -> None:
        self.set_text_scale(style.step_scale(self.text_scale(), direction))

    @Slot(str)
    def _on_article_view_section_changed(self, anchor: str) -> None:
        article_id = self.current_article_id()
        if article_id:
            self.navigator.show_place(article_id, anchor)

    # -- layout memory -------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        if self.kiosk:
            return
        geometry = self.settings.byte_array(ReaderSettings.GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.settings.byte_array(ReaderSettings.SPLITTER)
        if splitter is not None:
            self._sidebar_sized = self.splitter.restoreState(splitter)

    @guarded
    def showEvent(self, event: QShowEvent) -> None:
        if not self._sidebar_sized:
            self._sidebar_sized = True
            width = max(self.width(), 640)
            sidebar = min(380, max(220, round(width * 0.27)))  # the article keeps most of a small screen
            self.splitter.setSizes([sidebar, width - sidebar])
        super().showEvent(event)

    @guarded
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.kiosk:
            self.settings.set_byte_array(ReaderSettings.GEOMETRY, self.saveGeometry())
            self.settings.set_byte_array(ReaderSettings.SPLITTER, self.splitter.saveState())
        self._closed = True
        self.stop_workers()
        if self._health_dialog is not None:
            self._health_dialog.stop()
            self._health_dialog.close()
        if self._complete:
            self.read_aloud.stop()  # silent, and its voice's process ended
            self.glossary_popup.close()
            self.image_viewer.close()
        super().closeEvent(event)
