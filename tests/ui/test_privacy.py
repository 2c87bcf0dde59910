"""Kiosk privacy: settings stay in memory and a whole kiosk session leaves the user folders untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QLineEdit, QMainWindow, QTextBrowser, QVBoxLayout, QWidget

from mbc_reader import paths
from mbc_reader.ui import privacy
from mbc_reader.ui.keyboard import OnScreenKeyboard
from mbc_reader.ui.kiosk import KioskController
from mbc_reader.content.kiosk_config import KioskConfig
from mbc_reader.ui.privacy import MemorySettings, changed_paths, session_settings, snapshot


@pytest.fixture
def user_folders(tmp_path, monkeypatch) -> list[Path]:
    """This test's own config, cache and data folders (plus the XDG ones Qt might use)."""
    folders = []
    for name in ("config", "cache", "data"):
        folder = tmp_path / name
        monkeypatch.setenv(f"MBC_READER_{name.upper()}_DIR", str(folder))
        folders.append(folder)
    for name in ("CONFIG", "CACHE", "DATA"):  # this test's own, not the session's (other programs write there)
        folder = tmp_path / f"xdg-{name.lower()}"
        monkeypatch.setenv(f"XDG_{name}_HOME", str(folder))
        folders.append(folder)
    return folders


def test_memory_settings_behaves_like_qsettings():
    store = MemorySettings({"view/text_scale": "1.5", "kiosk": "true"})
    assert store.value("view/text_scale", 1.0, type=float) == 1.5
    assert store.value("kiosk", False, type=bool) is True
    assert store.value("missing", "fallback") == "fallback"
    store.beginGroup("window")
    store.setValue("geometry", QByteArray(b"abc"))
    assert store.allKeys() == ["geometry"]
    store.endGroup()
    assert store.contains("window/geometry") and store.value("window/geometry") == QByteArray(b"abc")
    store.remove("window")
    assert not store.contains("window/geometry")
    store.clear()
    assert store.allKeys() == []


def test_private_settings_start_from_staff_values_and_write_nothing(qapp, user_folders, private_session):
    ini = paths.config_dir() / "reader.ini"
    ini.parent.mkdir(parents=True)
    staff = QSettings(str(ini), QSettings.Format.IniFormat)
    staff.setValue("view/text_scale", 1.3)
    staff.sync()
    del staff
    before = snapshot(user_folders)
    settings = session_settings(privacy.private_session())
    assert isinstance(settings, MemorySettings)
    assert settings.value("view/text_scale", type=float) == pytest.approx(1.3)
    settings.setValue("view/text_scale", 2.5)
    settings.setValue("history/last", "000_af7ffd754fc95063")
    settings.sync()
    assert changed_paths(before, snapshot(user_folders)) == []
    reread = QSettings(str(ini), QSettings.Format.IniFormat)
    assert reread.value("view/text_scale", type=float) == pytest.approx(1.3)
    assert not reread.contains("history/last")


def test_without_kiosk_settings_are_the_real_file(qapp, user_folders):
    assert privacy.writes_allowed()
    settings = session_settings(False)
    assert isinstance(settings, QSettings)
    assert settings.fileName().endswith("reader.ini")


def test_private_session_without_a_settings_file_creates_none(qapp, user_folders, private_session):
    settings = session_settings(True)
    settings.setValue("view/text_scale", 2.0)
    assert not privacy.writes_allowed()
    assert snapshot(user_folders) == {}


def test_snapshot_sees_new_changed_and_removed_files(tmp_path):
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("two")
    before = snapshot(tmp_path)
    (tmp_path / "a.txt").write_text("longer text")
    (tmp_path / "sub" / "b.txt").unlink()
    (tmp_path / "c.txt").write_text("three")
    changes = changed_paths(before, snapshot(tmp_path))
    assert f"+ {tmp_path / 'c.txt'}" in changes
    assert f"- {tmp_path / 'sub' / 'b.txt'}" in changes
    assert f"~ {tmp_path / 'a.txt'}" in changes
    assert snapshot(tmp_path / "absent") == {}


def test_a_kiosk_session_writes_nothing_to_the_user_folders(qtbot, user_folders, private_session):
    """Read, search, type, wait for the idle reset, press "Done": nothing reaches the disk."""
    for folder in user_folders[:3]:
        folder.mkdir(parents=True, exist_ok=True)
    (user_folders[0] / "kiosk.ini").write_text("[kiosk]\nenabled = yes\n")
    before = snapshot(user_folders)

    now = [0.0]
    settings = session_settings(True)
    window = QMainWindow()
    page = QWidget()
    box = QVBoxLayout(page)
    search, article = QLineEdit(page), QTextBrowser(page)
    keyboard = OnScreenKeyboard(parent=page)
    for widget in (search, article, keyboard):
        box.addWidget(widget)
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    keyboard.follow_focus(search)

    def reset() -> None:
        search.clear()
        article.clear()
        article.clearHistory()
        keyboard.reset()
        settings.remove("view")

    kiosk = KioskController(window, reset, config=KioskConfig(enabled=True, idle_seconds=60), clock=lambda: now[0])
    kiosk.start()
    try:
        article.setHtml("<h1>Metastatic breast cancer</h1><p>What a patient reads.</p>")
        settings.setValue("view/text_scale", 2.0)
        keyboard.show()
        for ch in "dolor":
            qtbot.mouseClick(keyboard.keys[ch], Qt.MouseButton.LeftButton)
        assert search.text() == "dolor"
        now[0] += 90
        kiosk.poll()
        now[0] += 30
        kiosk.poll()
        assert search.text() == "" and not settings.contains("view/text_scale")
        qtbot.mouseClick(keyboard.keys["a"], Qt.MouseButton.LeftButton)
        kiosk.start_over()
    finally:
        kiosk.stop()
    settings.sync()
    assert changed_paths(before, snapshot(user_folders)) == []
