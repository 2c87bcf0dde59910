"""A running reader notices content packs installed while it is open, and shows them between
patients, never in the middle of one's reading.

Every test has its own data, cache and system packs folders, and windows on the default content
(the bundled article and the installed packs), which is what a window follows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from .test_kiosk_reset import settled_differences, widget_state  # noqa: E402 - the kiosk reset test's record

from mbc_reader.content.packs import install_pack, remove_pack  # noqa: E402
from mbc_reader.ui import privacy  # noqa: E402
from mbc_reader.content.kiosk_config import KioskConfig  # noqa: E402
from mbc_reader.ui.kiosk_setup import begin_private_session, start_kiosk  # noqa: E402

SEED_ID = "000_af7ffd754fc95063"
WAIT_MS = 30_000  # a file-system notice, then loading the library aside, on a busy machine


@pytest.fixture
def folders(tmp_path, monkeypatch) -> dict[str, Path]:
    out = {}
    for name in ("config", "cache", "data", "system"):
        out[name] = tmp_path / "user" / name
        out[name].mkdir(parents=True)
    for name in ("config", "cache", "data"):
        monkeypatch.setenv(f"MBC_READER_{name.upper()}_DIR", str(out[name]))
    monkeypatch.setenv("MBC_READER_SYSTEM_PACKS", str(out["system"]))
    return out


@pytest.fixture
def make_pack(tmp_path, write_article):
    def make(name: str, article_id: str, word: str) -> Path:
        folder = tmp_path / "sources" / name
        write_article(f"{article_id}.md", f"## About it\n\nThis page is about the {word}.\n", folder=folder,
                      title=f"All about the {word}")  # fmt: skip
        return folder

    return make


def search_ready(window):
    service = window._search_service
    return service is not None and service.is_ready()


@pytest.fixture
def staff_window(qtbot, folders):
    from mbc_reader.ui import build_window

    windows = []

    def open_one():
        window = build_window()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: search_ready(window), timeout=180_000)
        windows.append(window)
        return window

    yield open_one
    for window in windows:
        window.close()


def test_a_staff_window_offers_new_content_and_keeps_the_article_open(qtbot, staff_window, make_pack, folders):
    window = staff_window()
    watch = window.content_watch
    assert watch is not None and str(folders["data"]) in watch.watched()  # packs/ is not made yet
    window.open_article(SEED_ID)
    section = window.current_section()
    install_pack(make_pack("clinic", "wombat-page", "wombat"), "clinic")
    button = window.findChild(QPushButton, "newContentButton")
    qtbot.waitUntil(lambda: (b := window.findChild(QPushButton, "newContentButton")) is not None and b.isVisible(),
                    timeout=WAIT_MS)  # fmt: skip
    button = window.findChild(QPushButton, "newContentButton")
    assert window.library.get("wombat-page") is None  # offered, not switched: someone may be reading
    assert window.current_article_id() == SEED_ID and "show it" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.library.get("wombat-page") is not None and not button.isVisible()
    assert window.current_article_id() == SEED_ID and window.current_section() == section  # the reader's place
    assert window.navigator.show_place("wombat-page", "") is not False
    qtbot.waitUntil(lambda: search_ready(window), timeout=180_000)  # a new search thread, on the new content
    window.search("wombat")
    panel = window.search_panel
    qtbot.waitUntil(lambda: panel.shown_query() == "wombat" and panel.result_count() > 0, timeout=60_000)
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.DisplayRole).startswith("All about the wombat")


def test_an_idle_staff_window_switches_on_its_own_to_system_packs_and_removals(qtbot, staff_window, make_pack, folders):
    window = staff_window()
    window.content_watch.idle_seconds = 0.0  # nobody has touched it for longer than that
    assert str(folders["system"]) in window.content_watch.watched()
    install_pack(make_pack("shared", "quokka-page", "quokka"), "shared", system=True)
    qtbot.waitUntil(lambda: window.library.get("quokka-page") is not None, timeout=WAIT_MS)
    assert str(folders["system"] / "shared") in window.content_watch.watched()  # its 'current' is watched now
    remove_pack("shared", system=True)
    qtbot.waitUntil(lambda: window.library.get("quokka-page") is None, timeout=WAIT_MS)
    button = window.findChild(QPushButton, "newContentButton")
    assert button is None or not button.isVisible()


def test_a_window_on_a_folder_of_its_own_follows_no_packs(qtbot, folders, seeds_dir):
    from mbc_reader.ui import build_window

    window = build_window(seeds_dir)
    qtbot.addWidget(window)
    try:
        assert window.content_watch is None and not window.take_new_content()
    finally:
        window.close()


@pytest.fixture
def kiosk(qtbot, folders):
    from mbc_reader.ui import build_window

    begin_private_session()
    opened = []

    def open_one():
        window = build_window(kiosk=True)
        qtbot.addWidget(window)
        session = start_kiosk(window, config=KioskConfig(enabled=True, idle_seconds=60, countdown_seconds=10),
                              clock=lambda: 0.0)  # fmt: skip
        opened.append((window, session))
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=15_000)  # activation is late on a busy machine
        qtbot.waitUntil(lambda: search_ready(window), timeout=180_000)
        qtbot.wait(50)
        return window, session

    yield open_one
    for window, session in opened:
        session.controller.stop()
        window.close()
    QApplication.clipboard().clear()
    privacy.set_private_session(False)


def test_a_kiosk_shows_new_content_from_the_next_patient_on_as_a_fresh_kiosk(qtbot, kiosk, make_pack):
    source = make_pack("clinic", "wombat-page", "wombat")
    window, session = kiosk()  # before the pack: the patient's window
    window.open_article(SEED_ID)
    session.controller.note_activity()  # a patient is reading
    install_pack(source, "clinic")
    qtbot.waitUntil(window.content_watch.has_pending, timeout=WAIT_MS)  # loaded aside...
    qtbot.wait(200)
    assert window.library.get("wombat-page") is None and window.current_article_id() == SEED_ID  # ...not shown
    with qtbot.waitSignal(session.controller.session_reset, timeout=5000):
        session.controller.start_over()  # "Done — start over": the next patient
    assert window.library.get("wombat-page") is not None
    qtbot.waitUntil(lambda: search_ready(window), timeout=180_000)

    other, other_session = kiosk()  # a kiosk started with the pack already there
    fresh = widget_state(other)
    assert fresh["<windows open>"] == ["ReaderWindow"]  # the patient's kiosk beside it; alone, it has none
    fresh["<windows open>"] = []
    other_session.controller.stop()
    other.close()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=15_000)  # activation is late on a busy machine
    left = settled_differences(qtbot, fresh, window)
    assert not left, "after the switch the kiosk is not as a fresh one:\n" + "\n".join(left)


def test_new_content_ready_while_nobody_uses_the_kiosk_is_shown_at_once(qtbot, kiosk, make_pack):
    window, session = kiosk()
    assert window.content_watch is not None
    install_pack(make_pack("clinic", "wombat-page", "wombat"), "clinic")  # nobody has touched it since its reset
    with qtbot.waitSignal(session.controller.session_reset, timeout=WAIT_MS):
        pass
    assert window.library.get("wombat-page") is not None


def test_a_kiosk_reset_looks_for_new_content_itself(qtbot, kiosk, make_pack):
    """A change the file-system watch did not report (a folder it could not watch, say) is
    found at the next reset all the same."""
    window, session = kiosk()
    window.content_watch._watcher.removePaths(window.content_watch.watched())  # deaf from now on
    window.content_watch._watch_folders = lambda: None
    session.controller.note_activity()
    install_pack(make_pack("clinic", "wombat-page", "wombat"), "clinic")
    qtbot.wait(2500)  # longer than the watch settles: it heard nothing
    assert not window.content_watch.has_pending() and window.library.get("wombat-page") is None
    session.controller.start_over()  # the reset looks, loads aside, and shows it once nobody is there
    qtbot.waitUntil(lambda: window.library.get("wombat-page") is not None, timeout=WAIT_MS)
