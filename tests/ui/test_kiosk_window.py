"""Kiosk mode on the real reader window: the idle reset clears everything; nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mbc_reader.ui import privacy
from mbc_reader.content.kiosk_config import KioskConfig
from mbc_reader.ui.kiosk_setup import begin_private_session, start_kiosk
from mbc_reader.ui.privacy import changed_paths, snapshot

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_af7ffd754fc95063.txt"


@pytest.fixture
def folders(tmp_path, monkeypatch) -> list[Path]:
    found = []
    for name in ("config", "cache", "data"):
        folder = tmp_path / "user" / name
        folder.mkdir(parents=True)
        monkeypatch.setenv(f"MBC_READER_{name.upper()}_DIR", str(folder))
        found.append(folder)
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SEED, content / SEED.name)
    return [*found, content]


def _search_settled(window):
    """True once the search index is open (or search is unavailable): the patient's session starts."""
    service = getattr(window, "_search_service", None)
    if service is None:
        return lambda: True
    done = []
    service.ready.connect(lambda *_: done.append(1))
    service.unavailable.connect(lambda *_: done.append(1))
    return lambda: bool(done)


@pytest.fixture
def kiosk_window(qtbot, folders):
    from mbc_reader.ui import build_window

    now = [0.0]
    begin_private_session()
    settings_before = snapshot(folders[0])
    window = build_window(folders[3], kiosk=True)
    qtbot.addWidget(window)
    search_settled = _search_settled(window)
    session = start_kiosk(window, config=KioskConfig(enabled=True, idle_seconds=60, countdown_seconds=10),
                          clock=lambda: now[0])
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=15_000)  # activation is late on a busy machine
    assert changed_paths(settings_before, snapshot(folders[0])) == []  # opening the window saved nothing
    qtbot.waitUntil(search_settled, timeout=180_000)  # a first run may build the search index (content only)
    before = snapshot(folders[:3])
    yield window, session, now, before, folders
    session.controller.stop()
    window.glossary_popup.close()
    window.image_viewer.close()
    privacy.set_private_session(False)


def test_the_idle_reset_clears_what_the_patient_did(qtbot, kiosk_window):
    window, session, now, _, _ = kiosk_window
    keyboard = session.keyboard
    home = window.current_article_id()
    scale = window.text_scale()
    assert window.isFullScreen()
    window.search_panel.search_edit.setFocus()
    qtbot.waitUntil(keyboard.isVisible, timeout=1000)
    for ch in "pain":
        qtbot.mouseClick(keyboard.keys[ch], Qt.MouseButton.LeftButton)
    assert window.search_panel.search_edit.text() == "pain"
    qtbot.mouseClick(window.toolbar.widgetForAction(window.larger_action), Qt.MouseButton.LeftButton)
    assert window.text_scale() > scale
    section = window.navigator.model().index(0, 0)
    assert section.isValid()
    QApplication.clipboard().setText("what I read")
    now[0] += 60
    session.controller.poll()
    assert session.controller.overlay.isVisible()
    now[0] += 10
    with qtbot.waitSignal(session.controller.session_reset, timeout=1000):
        session.controller.poll()
    assert window.search_panel.search_edit.text() == ""
    assert window.text_scale() == pytest.approx(scale)
    assert window.current_article_id() == home
    assert not window.back_action.isEnabled() and not window.forward_action.isEnabled()
    assert not keyboard.isVisible() and QApplication.clipboard().text() == ""
    assert window.isFullScreen() and window.close() is False


def test_done_start_over_is_in_the_toolbar(qtbot, kiosk_window):
    window, session, _, _, _ = kiosk_window
    window.search("chemo")
    with qtbot.waitSignal(session.controller.session_reset, timeout=1000) as signal:
        qtbot.mouseClick(session.start_over, Qt.MouseButton.LeftButton)
    assert signal.args == ["done"] and window.search_panel.search_edit.text() == ""
    assert session.start_over.accessibleName() == "Done — start over"


def test_a_kiosk_session_on_the_reader_writes_nothing(qtbot, kiosk_window):
    window, session, now, before, folders = kiosk_window
    window.text_larger()
    if window.search_panel.is_available():  # a real query, so anything a search writes would show
        with qtbot.waitSignal(window.search_panel.results_ready, timeout=60_000):
            window.search("breast")
        assert window.search_panel.result_count() > 0
        assert window.search_panel.open_result(0)
    window.go_home()
    now[0] += 100
    session.controller.poll()
    session.controller.start_over()
    assert changed_paths(before, snapshot(folders[:3])) == []
