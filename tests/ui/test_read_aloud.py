"""Listen (ui/read_aloud.py, ui/voice.py): the mark follows the voice; pause, resume, stop, skip and
speed; reading stops at a reset, on another article and when the window closes; no voice, no Listen.

A stand-in voice (:class:`FakeVoice`) records what it is asked to say and finishes a sentence when
the test says so; the eSpeak process itself is tested with small stand-in programs.
"""

from __future__ import annotations

import stat
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QTextCursor

from mbc_reader import speech
from mbc_reader.speech import Engine, Speed
from mbc_reader.ui import read_aloud, voice
from mbc_reader.ui.read_aloud import State
from mbc_reader.ui.voice import EspeakVoice

SEED_TITLE = "Metastatic Breast Cancer"


class FakeVoice(QObject):
    finished = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.said: list[tuple[str, str, Speed]] = []
        self.stops = 0
        self.speaking = False

    def say(self, text: str, language: str, speed: Speed) -> None:
        self.said.append((text, language, speed))
        self.speaking = True

    def stop(self) -> None:
        self.stops += 1
        self.speaking = False

    def finish(self) -> None:
        """The sentence has been said."""
        assert self.speaking
        self.speaking = False
        self.finished.emit()

    def last(self) -> str:
        return self.said[-1][0]


@pytest.fixture
def fake_voice(monkeypatch) -> list[FakeVoice]:
    made: list[FakeVoice] = []

    def make(parent):
        made.append(FakeVoice(parent))
        return made[-1]

    monkeypatch.setattr(read_aloud, "default_voice", make)
    return made


@pytest.fixture
def window(make_window, seed_content, fake_voice):
    return make_window(seed_content)


def _marked(window) -> str:
    marks = window.article_view.marks("speech")
    return " ".join(marks[0].cursor.selectedText().replace("\u2029", " ").split()) if marks else ""


def _listen_button(window):
    return window.toolbar.findChild(QObject, "listenButton")


# --- reading and the mark ---------------------------------------------------------------------


def test_listen_reads_from_the_top_and_the_mark_follows_the_voice(qtbot, window, fake_voice):
    (fake,) = fake_voice
    button = _listen_button(window)
    assert button is not None and button.isEnabled() and not button.isChecked()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert fake.said == [(SEED_TITLE, "en", Speed.NORMAL)]
    assert _marked(window) == SEED_TITLE
    assert button.isChecked() and window.read_aloud_bar.isVisible()
    fake.finish()
    assert fake.last().startswith("Picture: Drawing of a female body")
    assert _marked(window) == fake.last()  # the card's label and description
    fake.finish()
    assert fake.last().startswith("In metastatic breast cancer, cancer cells break away")
    assert _marked(window) == fake.last()
    assert window.read_aloud.current() == 2
    assert "3 of" in window.read_aloud_bar.label.text()


def test_the_marked_sentence_is_kept_in_view(qtbot, window, fake_voice):
    (fake,) = fake_voice
    window.toggle_listening()
    view = window.article_view
    for _ in range(40):
        fake.finish()
    assert _marked(window) == fake.last()
    cursor = view.marks("speech")[0].cursor
    rect = view.cursorRect(QTextCursor(cursor))
    assert view.verticalScrollBar().value() > 0
    assert 0 <= rect.top() < view.viewport().height()


def test_reading_starts_at_the_top_of_the_view(qtbot, window, fake_voice):
    (fake,) = fake_voice
    view = window.article_view
    assert view.scroll_to_anchor("what-are-the-symptoms-of-metastatic-breast-cancer")
    qtbot.keyClick(view, Qt.Key.Key_F7)
    assert fake.last() == "What are the symptoms of metastatic breast cancer?"


def test_a_selection_is_read_alone(qtbot, window, fake_voice):
    (fake,) = fake_voice
    view = window.article_view
    plain = view.document().toPlainText()
    start = plain.index("jaundice or swelling")
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len("jaundice"), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    window.toggle_listening()
    assert fake.said == [("jaundice", "en", Speed.NORMAL)]
    fake.finish()
    assert window.read_aloud.state() is State.IDLE and not _listen_button(window).isChecked()
    assert len(fake.said) == 1


def test_reading_stops_at_the_end_of_the_page(qtbot, window, fake_voice):
    (fake,) = fake_voice
    window.toggle_listening()
    total = len(window.read_aloud.sentences())
    for _ in range(total):
        fake.finish()
    assert len(fake.said) == total
    assert fake.last().startswith("Learn more about clinical trials")
    assert window.read_aloud.state() is State.IDLE
    assert window.article_view.marks("speech") == [] and not window.read_aloud_bar.isVisible()


# --- pause, resume, stop, skip, speed ---------------------------------------------------------


def test_pause_resume_and_stop(qtbot, window, fake_voice):
    (fake,) = fake_voice
    bar = window.read_aloud_bar
    window.toggle_listening()
    fake.finish()
    second = fake.last()
    qtbot.mouseClick(bar.pause_button, Qt.MouseButton.LeftButton)
    assert window.read_aloud.state() is State.PAUSED and not fake.speaking
    assert bar.pause_button.text() == "Continue" and _listen_button(window).isChecked()
    assert _marked(window)  # the place is kept while paused
    qtbot.mouseClick(bar.pause_button, Qt.MouseButton.LeftButton)
    assert window.read_aloud.state() is State.SPEAKING and fake.last() == second  # the sentence again
    qtbot.mouseClick(bar.stop_button, Qt.MouseButton.LeftButton)
    assert window.read_aloud.state() is State.IDLE and not fake.speaking
    assert window.article_view.marks("speech") == []
    assert not bar.isVisible() and not _listen_button(window).isChecked()


def test_listen_again_stops(qtbot, window, fake_voice):
    (fake,) = fake_voice
    window.listen_action.trigger()
    assert window.read_aloud.state() is State.SPEAKING
    window.listen_action.trigger()
    assert window.read_aloud.state() is State.IDLE and not fake.speaking
    assert not window.listen_action.isChecked()


def test_previous_and_next_sentence(qtbot, window, fake_voice):
    (fake,) = fake_voice
    bar = window.read_aloud_bar
    window.toggle_listening()
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    assert window.read_aloud.current() == 2 and fake.last().startswith("In metastatic breast cancer")
    qtbot.mouseClick(bar.previous_button, Qt.MouseButton.LeftButton)
    assert window.read_aloud.current() == 1 and fake.last().startswith("Picture:")
    bar.pause_button.click()
    said = len(fake.said)
    bar.next_button.click()  # paused: the mark moves, the voice stays quiet
    assert window.read_aloud.current() == 2 and len(fake.said) == said
    assert _marked(window).startswith("In metastatic breast cancer")


def test_a_new_speed_is_heard_at_once(qtbot, window, fake_voice):
    (fake,) = fake_voice
    bar = window.read_aloud_bar
    window.toggle_listening()
    assert bar.speed_buttons[Speed.NORMAL].isChecked()
    qtbot.mouseClick(bar.speed_buttons[Speed.SLOWER], Qt.MouseButton.LeftButton)
    assert fake.said[-1] == (SEED_TITLE, "en", Speed.SLOWER)
    fake.finish()
    assert fake.said[-1][2] is Speed.SLOWER
    qtbot.mouseClick(bar.speed_buttons[Speed.FASTER], Qt.MouseButton.LeftButton)
    assert fake.said[-1][2] is Speed.FASTER and bar.speed_buttons[Speed.FASTER].isChecked()


def test_a_larger_text_keeps_the_reading_going(qtbot, window, fake_voice):
    (fake,) = fake_voice
    window.toggle_listening()
    fake.finish()
    fake.finish()
    said = len(fake.said)
    window.text_larger()
    qtbot.waitUntil(lambda: _marked(window) == fake.last(), timeout=2000)
    assert window.read_aloud.state() is State.SPEAKING and len(fake.said) == said


def test_another_article_stops_the_reading(qtbot, make_window, seed_content, fake_voice, write_article):
    write_article("second.md", "# Second\n\nAnother page.\n", folder=seed_content)
    window = make_window(seed_content)
    (fake,) = fake_voice
    window.toggle_listening()
    assert window.open_article("second")
    qtbot.waitUntil(lambda: window.read_aloud.state() is State.IDLE, timeout=2000)
    assert not fake.speaking and window.article_view.marks("speech") == []


def test_a_spanish_article_is_read_in_spanish(qtbot, make_window, spanish_content, fake_voice):
    window = make_window(spanish_content)
    (fake,) = fake_voice
    window.toggle_listening()
    assert fake.said[0] == ("Los ganglios linfáticos", "es", Speed.NORMAL)
    fake.finish()
    fake.finish()
    fake.finish()
    assert fake.last() == "Los ganglios linfáticos son parte del sistema de defensa del cuerpo."


# --- resets, closing, no voice ----------------------------------------------------------------


def test_the_kiosk_reset_stops_reading_and_forgets_the_speed(qtbot, window, fake_voice):
    (fake,) = fake_voice
    bar = window.read_aloud_bar
    window.toggle_listening()
    bar.speed_buttons[Speed.FASTER].click()
    window.reset_to_home()
    assert window.read_aloud.state() is State.IDLE and not fake.speaking
    assert window.read_aloud.speed() is Speed.NORMAL and bar.speed_buttons[Speed.NORMAL].isChecked()
    assert window.article_view.marks("speech") == [] and not bar.isVisible()
    assert not _listen_button(window).isChecked()


def test_closing_the_window_silences_the_voice(qtbot, window, fake_voice):
    (fake,) = fake_voice
    window.toggle_listening()
    window.close()
    assert not fake.speaking


def test_a_voice_failure_stops_and_says_so(qtbot, window, fake_voice):
    (fake,) = fake_voice
    window.toggle_listening()
    fake.failed.emit("No sound could be played: check the speakers or headphones.")
    assert window.read_aloud.state() is State.IDLE
    assert window.statusBar().currentMessage().startswith("No sound could be played")


def test_without_a_voice_listen_is_greyed_out_and_says_why(qtbot, make_window, seed_content, monkeypatch):
    monkeypatch.setattr(speech, "find_engine", lambda: None)
    window = make_window(seed_content)
    button = _listen_button(window)
    assert not window.read_aloud.available()
    assert not button.isEnabled() and not window.listen_action.isEnabled()
    assert "not available" in button.toolTip() and "eSpeak NG" in button.toolTip()
    assert "not available" in button.accessibleDescription()
    window.toggle_listening()  # (a shortcut cannot reach a disabled action; the method does nothing either)
    assert window.read_aloud.state() is State.IDLE and not window.read_aloud_bar.isVisible()


def test_listen_is_on_the_kiosk_toolbar(qtbot, tmp_path, seed_content, fake_voice, private_session):
    from mbc_reader.ui import build_window

    window = build_window(seed_content, kiosk=True)
    qtbot.addWidget(window)
    assert _listen_button(window) is not None and not window.listen_action.isEnabled()  # the home page
    window.open_article(window.home_article_id())
    assert window.listen_action.isEnabled()
    window.close()


# --- the eSpeak process -----------------------------------------------------------------------


def _program(tmp_path: Path, body: str) -> Engine:
    path = tmp_path / "espeak-ng"
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return Engine(path)


@pytest.mark.skipif(sys.platform == "win32", reason="stand-in programs are shell scripts")
def test_the_voice_process_reads_stdin_and_finishes(qtbot, tmp_path):
    out = tmp_path / "heard.txt"
    spoken = EspeakVoice(_program(tmp_path, f'cat > "{out}"\necho "$@" >> "{out}"'))
    with qtbot.waitSignal(spoken.finished, timeout=5000):
        spoken.say("Hello there.", "es", Speed.FASTER)
    assert out.read_text() == "Hello there.-v es -s 200 -b 1\n"
    assert not spoken.is_speaking()


@pytest.mark.skipif(sys.platform == "win32", reason="stand-in programs are shell scripts")
def test_no_audio_output_is_a_failure_not_silence(qtbot, tmp_path):
    spoken = EspeakVoice(_program(tmp_path, 'cat > /dev/null\necho "error: No such file or directory" >&2'))
    with qtbot.waitSignal(spoken.failed, timeout=5000) as signal:
        spoken.say("Hello.", "en", Speed.NORMAL)
    assert "No sound could be played" in signal.args[0]


@pytest.mark.skipif(sys.platform == "win32", reason="stand-in programs are shell scripts")
def test_stop_kills_the_process_at_once_and_signals_nothing(qtbot, tmp_path):
    spoken = EspeakVoice(_program(tmp_path, "cat > /dev/null\nexec sleep 30"))
    heard: list[str] = []
    spoken.finished.connect(lambda: heard.append("finished"))
    spoken.failed.connect(heard.append)
    spoken.say("A long sentence.", "en", Speed.NORMAL)
    qtbot.wait(200)
    assert spoken.is_speaking()
    started = time.monotonic()
    spoken.stop()
    assert time.monotonic() - started < 2
    qtbot.wait(100)
    assert heard == [] and not spoken.is_speaking()


def test_a_missing_program_fails_plainly(qtbot, tmp_path):
    spoken = EspeakVoice(Engine(tmp_path / "no-such-espeak-ng"))
    with qtbot.waitSignal(spoken.failed, timeout=5000) as signal:
        spoken.say("Hello.", "en", Speed.NORMAL)
    assert signal.args == ["The voice could not be started."]


def test_default_voice_is_none_without_espeak(monkeypatch):
    monkeypatch.setattr(speech, "find_engine", lambda: None)
    assert voice.default_voice(QObject()) is None


def test_listening_keeps_the_kiosk_from_asking_still_reading(qtbot, seed_content, fake_voice):
    from mbc_reader.ui import build_window, privacy
    from mbc_reader.content.kiosk_config import KioskConfig
    from mbc_reader.ui.kiosk_setup import begin_private_session, start_kiosk

    begin_private_session()
    now = [0.0]
    window = build_window(seed_content, kiosk=True)
    qtbot.addWidget(window)
    session = start_kiosk(window, config=KioskConfig(enabled=True, idle_seconds=60, countdown_seconds=10),
                          clock=lambda: now[0])
    try:
        (fake,) = fake_voice
        window.toggle_listening()
        for at in (50.0, 100.0, 150.0):
            now[0] = at
            fake.finish()  # a sentence a minute or so: the kiosk is in use
            session.controller.poll()
            assert session.controller.seconds_left() is None
        window.toggle_listening()  # stopped: idle counts from the last sentence
        now[0] = 215.0
        session.controller.poll()
        assert session.controller.seconds_left() == 10
    finally:
        session.controller.stop()
        window.close()
        privacy.set_private_session(False)


def test_the_bar_takes_rows_rather_than_widening_the_window(qtbot, window, fake_voice):
    bar = window.read_aloud_bar
    window.toggle_listening()
    qtbot.waitUntil(lambda: bar.rows() == 1, timeout=2000)  # 1280 px, normal print: one row
    assert bar.one_row_width() <= bar.width()
    for speed_button in bar.speed_buttons.values():  # (a bigger font, as large print gives)
        font = speed_button.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        speed_button.setFont(font)
    for button in (bar.previous_button, bar.pause_button, bar.next_button, bar.stop_button):
        button.setFont(bar.speed_buttons[Speed.SLOWER].font())
    bar.refit()
    assert bar.rows() in (2, 3)
    window.resize(900, 700)
    qtbot.waitUntil(lambda: bar.rows() == 3, timeout=2000)
    assert window.width() <= 900 + 1
    for button in (*bar.speed_buttons.values(), bar.stop_button):
        assert button.mapTo(bar, button.rect().bottomRight()).x() <= bar.width()


# --- a glossary pop-up's speaker button ---------------------------------------------------------


def _open_definition(qtbot, window, term_id: str = "45762"):
    popup = window.glossary_popup
    window.article_view.activate_link(f"glossary:{term_id}")
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    return popup


def test_the_speaker_in_a_definition_reads_the_term_and_its_meaning(qtbot, window, fake_voice):
    (fake,) = fake_voice
    popup = _open_definition(qtbot, window)
    button = popup.speak_button
    assert button.objectName() == "glossarySpeakButton" and button.isEnabled() and popup.isAncestorOf(button)
    assert button.accessibleName() == "Listen to this word and its meaning"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    text, language, speed = fake.said[-1]
    term, definition = popup.term_label.text(), popup.definition_label.text()
    assert "lymph node" in text.lower() and text.startswith(term) and definition.rstrip(".") in text
    assert popup.credit_label.text() not in text  # where the definition comes from is not read
    assert (language, speed) == ("en", Speed.NORMAL) and fake.speaking
    assert popup.isVisible()  # pressing the button does not close the pop-up
    assert window.read_aloud.state() is State.IDLE and window.article_view.marks("speech") == []
    fake.finish()  # said to its end: nothing more follows, Listen is off
    assert len(fake.said) == 1 and not window.read_aloud.saying_words()
    assert not _listen_button(window).isChecked()


def test_closing_the_definition_silences_its_words_and_the_speaker_stops_the_article(qtbot, window, fake_voice):
    (fake,) = fake_voice
    window.toggle_listening()
    assert window.read_aloud.state() is State.SPEAKING
    popup = _open_definition(qtbot, window)
    popup.speak_button.click()  # the article's reading gives way to the definition
    assert window.read_aloud.state() is State.IDLE and fake.speaking and "lymph" in fake.last().lower()
    popup.close()
    assert not fake.speaking and not window.read_aloud.saying_words()


def test_a_spanish_definition_is_read_in_spanish(qtbot, make_window, spanish_content, fake_voice):
    window = make_window(spanish_content)
    (fake,) = fake_voice
    popup = window.glossary_popup
    popup.show_term("45762", "ganglios linfáticos", "es", window.geometry())
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    popup.speak_button.click()
    text, language, _ = fake.said[-1]
    assert language == "es" and popup.definition_label.text().rstrip(".") in text


def test_the_kiosk_reset_silences_a_definition(qtbot, window, fake_voice):
    (fake,) = fake_voice
    _open_definition(qtbot, window).speak_button.click()
    window.reset_to_home()
    assert not fake.speaking and not window.glossary_popup.isVisible() and window.glossary_popup.entry() is None


def test_without_a_voice_the_speaker_is_greyed_out_and_says_why(qtbot, make_window, seed_content, monkeypatch):
    monkeypatch.setattr(speech, "find_engine", lambda: None)
    window = make_window(seed_content)
    popup = _open_definition(qtbot, window)
    assert not popup.speak_button.isEnabled()
    assert "eSpeak NG" in popup.speak_button.toolTip() and "not installed" in popup.speak_button.toolTip()
    popup.speak_button.click()  # a disabled button does nothing, and nothing breaks
    assert popup.isVisible()
