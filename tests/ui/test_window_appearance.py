"""The reader window with the reading-comfort bar: high contrast and large print reach the article."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from mbc_reader.ui.appearance import AccessibilityBar

from .conftest import SEED_FILE as SEED, app_look_kept


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch, qapp):
    from mbc_reader.ui import build_window

    for name in ("config", "cache", "data"):
        monkeypatch.setenv(f"MBC_READER_{name.upper()}_DIR", str(tmp_path / name))
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SEED, content / SEED.name)
    with app_look_kept(qapp):
        win = build_window(content)
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        qtbot.waitExposed(win)
        yield win
        win.appearance.reset()


def bar(window) -> AccessibilityBar:
    (found,) = window.findChildren(AccessibilityBar)
    return found


def test_high_contrast_from_the_toolbar_recolours_the_article(qtbot, window):
    qtbot.mouseClick(bar(window).contrast_button, Qt.MouseButton.LeftButton)
    assert QApplication.palette().color(QPalette.ColorRole.Window) == QColor("#000000")
    css = window.article_view.document().defaultStyleSheet()
    assert "color: #ffff00" in css and "table.figure td { background-color: #000000" in css
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly  # dark icons hidden
    image = window.article_view.viewport().grab().toImage()
    assert image.pixelColor(image.width() - 4, image.height() - 4).lightness() < 40
    qtbot.mouseClick(bar(window).contrast_button, Qt.MouseButton.LeftButton)
    assert "color: #ffff00" not in window.article_view.document().defaultStyleSheet()
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon


def test_large_print_enlarges_the_controls_and_the_article(qtbot, window):
    scale = window.text_scale()
    size = QApplication.font().pointSizeF()
    qtbot.mouseClick(bar(window).large_print_button, Qt.MouseButton.LeftButton)
    assert QApplication.font().pointSizeF() == pytest.approx(size * 1.5)
    assert window.text_scale() == pytest.approx(scale * 1.5)
    qtbot.mouseClick(bar(window).large_print_button, Qt.MouseButton.LeftButton)
    assert window.text_scale() == pytest.approx(scale)


def test_choices_are_remembered_for_the_next_window(qtbot, window, tmp_path):
    qtbot.mouseClick(bar(window).contrast_button, Qt.MouseButton.LeftButton)
    text = (tmp_path / "config" / "reader.ini").read_text()
    assert "theme=high-contrast" in text


def test_large_print_from_the_staff_settings_file_enlarges_the_article_and_the_search_box(qtbot, tmp_path, monkeypatch, qapp):
    """Set in reader.ini by staff (not with the button): the article text and the search box grow
    too, as the in-app button makes them."""
    from PySide6.QtCore import QSettings

    from mbc_reader.ui import build_window
    from mbc_reader.ui.appearance import LARGE_PRINT_KEY, LARGE_PRINT_TEXT
    from mbc_reader.ui.search_panel import SEARCH_BOX_POINT_SIZE

    for name in ("config", "cache", "data"):
        monkeypatch.setenv(f"MBC_READER_{name.upper()}_DIR", str(tmp_path / name))
    (tmp_path / "config").mkdir()
    settings = QSettings(str(tmp_path / "config" / "reader.ini"), QSettings.Format.IniFormat)
    settings.setValue(LARGE_PRINT_KEY, True)
    settings.sync()
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SEED, content / SEED.name)
    with app_look_kept(qapp):
        win = build_window(content)
        qtbot.addWidget(win)
        assert win.appearance.large_print
        assert win.text_scale() >= LARGE_PRINT_TEXT - 1e-6
        assert win.search_panel.search_edit.font().pointSizeF() >= SEARCH_BOX_POINT_SIZE * 1.4
        win.close()
