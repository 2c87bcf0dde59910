"""Listen: the article read aloud from where the reader is, the sentence being read marked.

:class:`ReadAloud` reads one sentence at a time (content/speech_text.py says which), from the top
of the view to the end of the page, or only the selected words. The voice is eSpeak NG in a
``QProcess`` per sentence (voice.py), so no thread is needed: the process's end moves the
reading on. Pausing stops the process and resuming says that sentence
again from its start (eSpeak cannot pause itself); a new speed starts the sentence again at once.
Nothing is written to disk. The window stops reading at a kiosk reset and when it closes.
The bar the reader sees while listening is :class:`.read_aloud_bar.ReadAloudBar`.
"""

from __future__ import annotations

import bisect
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QPoint, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QTextEdit

from ..content.speech_text import Sentence, SpeechText, speech_from_html, voice_language
from ..speech import Speed
from . import theme
from .lifetime import alive, built
from .voice import default_voice

if TYPE_CHECKING:
    from .article_view import ArticleView

SENTENCE = "#d4ecd5"  # the sentence being read: a light green under dark letters (find marks are yellow)
SENTENCE_HIGH_CONTRAST = "#00ffff"  # on black: cyan under black letters (yellow is the focus colour)


class State(Enum):
    IDLE = "idle"
    SPEAKING = "speaking"
    PAUSED = "paused"


class _Positions:
    """Python string indices <-> QTextDocument positions (Qt counts UTF-16 units: a character
    outside the BMP, an emoji, is two)."""

    def __init__(self, plain: str) -> None:
        self._wide = [i for i, ch in enumerate(plain) if ord(ch) > 0xFFFF]

    def to_qt(self, index: int) -> int:
        return index + bisect.bisect_left(self._wide, index)

    def from_qt(self, position: int) -> int:
        index = position
        for k, i in enumerate(self._wide):  # the k-th wide character takes positions i+k and i+k+1
            if i + k + 1 >= position:
                break
            index -= 1
        return index


class ReadAloud(QObject):
    """Reads the article in ``view`` aloud. ``voice`` is for tests (default: eSpeak NG, if any)."""

    state_changed = Signal()
    sentence_started = Signal(int)  # the index (in sentences()) of the sentence now being read
    failed = Signal(str)  # reading stopped: the voice could not speak (plain words)

    def __init__(self, view: ArticleView, voice: QObject | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._voice = voice if voice is not None else default_voice(self)
        if self._voice is not None:
            self._voice.finished.connect(self._on_voice_finished)
            self._voice.failed.connect(self._on_voice_failed)
        self._state = State.IDLE
        self._speed = Speed.NORMAL
        self._text: SpeechText | None = None
        self._sentences: tuple[Sentence, ...] = ()
        self._index = 0
        self._saying_words = False  # a few words apart from the article (a definition): say_words
        self._positions = _Positions("")
        self._resync = QTimer(self)
        self._resync.setSingleShot(True)
        self._resync.setInterval(0)
        self._resync.timeout.connect(self._on_resync_timeout)
        view.document().contentsChanged.connect(self._on_document_contents_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        built(self)

    # -- state ------------------------------------------------------------------------------------
    def available(self) -> bool:
        return self._voice is not None

    def state(self) -> State:
        return self._state

    def speed(self) -> Speed:
        return self._speed

    def sentences(self) -> tuple[Sentence, ...]:
        """What this reading reads (the page's sentences, or the selected ones)."""
        return self._sentences

    def current(self) -> int:
        """The index of the sentence being read (or paused at); -1 when not reading."""
        return self._index if self._state is not State.IDLE else -1

    # -- what the reader does -------------------------------------------------------------------
    @Slot()
    def toggle(self) -> None:
        """The Listen button: start reading, or stop."""
        if self._state is State.IDLE:
            self.start()
        else:
            self.stop()

    def start(self) -> bool:
        """Read from the top of the view (from the start at the top of the page), or only the
        selection when there is one. False when there is nothing to read or no voice."""
        self.stop()
        if self._voice is None:
            return False
        text = self._page_text()
        cursor = self._view.textCursor()
        if cursor.hasSelection():
            a, b = (self._positions.from_qt(p) for p in (cursor.selectionStart(), cursor.selectionEnd()))
            self._sentences, self._index = text.within(a, b), 0
        else:
            bar = self._view.verticalScrollBar()
            top = 0 if bar.value() == 0 else self._positions.from_qt(self._view.cursorForPosition(QPoint(0, 0)).position())
            self._sentences = text.sentences
            self._index = text.starting_from(top)
        if self._index >= len(self._sentences):
            self._sentences = ()
            return False
        self._text = text
        self._set_state(State.SPEAKING)
        self._say()
        return True

    def say_words(self, text: str, language: str = "en") -> bool:
        """Say a few words once, apart from the article (a glossary definition): the article's
        reading stops, nothing is marked, and the next Listen reads the article again."""
        self.stop()
        if self._voice is None or not text.strip():
            return False
        self._saying_words = True
        self._voice.say(text, voice_language(language), self._speed)
        return True

    def stop_words(self) -> None:
        """Silence words said by :meth:`say_words` (an article being read goes on)."""
        if self._saying_words:
            self.stop()

    def saying_words(self) -> bool:
        return self._saying_words

    @Slot()
    def stop(self) -> None:
        self._saying_words = False
        if self._voice is not None and alive(self._voice):
            self._voice.stop()
        self._resync.stop()
        if alive(self._view):
            self._view.set_marks("speech", [])
        self._text, self._sentences, self._index = None, (), 0
        self._set_state(State.IDLE)

    def reset(self) -> None:
        """As built (a kiosk reset): silent, no mark, normal speed."""
        self.stop()
        self._speed = Speed.NORMAL
        self.state_changed.emit()

    @Slot()
    def pause(self) -> None:
        if self._state is State.SPEAKING:
            self._voice.stop()
            self._set_state(State.PAUSED)

    @Slot()
    def resume(self) -> None:
        if self._state is State.PAUSED:
            self._set_state(State.SPEAKING)
            self._say()

    @Slot()
    def pause_or_resume(self) -> None:
        if self._state is State.SPEAKING:
            self.pause()
        else:
            self.resume()

    @Slot()
    def next_sentence(self) -> None:
        self._move(+1)

    @Slot()
    def previous_sentence(self) -> None:
        self._move(-1)

    def set_speed(self, speed: Speed) -> None:
        """A new speed, heard at once: the sentence starts again at it."""
        if speed is self._speed:
            return
        self._speed = speed
        if self._state is State.SPEAKING:
            self._say()
        self.state_changed.emit()

    # -- reading ----------------------------------------------------------------------------------
    def _page_text(self) -> SpeechText:
        article = self._view.article()
        language = article.language if article is not None else QLocale().name().split("_")[0]
        plain = self._view.document().toPlainText()
        self._positions = _Positions(plain)
        return speech_from_html(self._view.shown_html(), language).rebased(plain)

    def _move(self, step: int) -> None:
        if self._state is State.IDLE:
            return
        index = self._index + step
        if index >= len(self._sentences):
            self.stop()
            return
        self._index = max(0, index)
        if self._state is State.SPEAKING:
            self._say()
        else:
            self._mark()

    def _say(self) -> None:
        sentence = self._sentences[self._index]
        self._mark()
        assert self._text is not None and self._voice is not None
        self._voice.say(sentence.text, self._text.language, self._speed)
        self.sentence_started.emit(self._index)

    def _mark(self) -> None:
        """Mark the sentence and keep it in view (a quarter down from the top when it was not)."""
        sentence = self._sentences[self._index]
        view = self._view
        cursor = QTextCursor(view.document())
        last = view.document().characterCount() - 1
        cursor.setPosition(min(last, self._positions.to_qt(sentence.start)))
        cursor.setPosition(min(last, self._positions.to_qt(sentence.end)), QTextCursor.MoveMode.KeepAnchor)
        current = theme.current_theme()
        mark = QTextEdit.ExtraSelection()
        mark.cursor = cursor
        mark.format.setBackground(QColor(SENTENCE_HIGH_CONTRAST if current.high_contrast else SENTENCE))
        mark.format.setForeground(QColor("#000000" if current.high_contrast else current.text))
        view.set_marks("speech", [mark])
        if sentence.end <= sentence.start:
            return  # not on the page as laid out (speech_text.rebased): read, but nowhere to show
        start, end = QTextCursor(cursor), QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        end.setPosition(cursor.selectionEnd())
        top, bottom = view.cursorRect(start).top(), view.cursorRect(end).bottom()
        height = view.viewport().height()
        if top < 0 or bottom > height:
            bar = view.verticalScrollBar()
            bar.setValue(bar.value() + top - height // 4)

    def _set_state(self, state: State) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit()

    # -- slots ------------------------------------------------------------------------------------
    @Slot()
    def _on_voice_finished(self) -> None:
        self._saying_words = False
        if self._state is not State.SPEAKING:
            return
        if self._index + 1 >= len(self._sentences):
            self.stop()  # the end of the page
            return
        self._index += 1
        self._say()

    @Slot(str)
    def _on_voice_failed(self, message: str) -> None:
        self.stop()
        self.failed.emit(message)

    @Slot()
    def _on_document_contents_changed(self) -> None:
        if self._state is not State.IDLE:
            self._resync.start()

    @Slot()
    def _on_resync_timeout(self) -> None:
        """The page was laid out again (another text size, a theme): the same words keep their
        place in the reading; other words (another article, part or language) stop it."""
        if self._state is State.IDLE or self._text is None:
            return
        text = self._page_text()
        if [s.text for s in text.sentences] != [s.text for s in self._text.sentences]:
            self.stop()
            return
        if self._sentences == self._text.sentences:
            self._sentences = text.sentences
        else:  # the selected words: the same pieces, on the new layout
            self._sentences = SpeechText(self._text.plain, self._sentences, text.language).rebased(text.plain).sentences
        self._text = text
        self._mark()
