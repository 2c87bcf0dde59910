"""Reading comfort: high contrast, large print and language, switched from the toolbar and remembered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPalette

from mbc_reader.ui import theme as themes
from mbc_reader.ui.appearance import LANGUAGE_KEY, LARGE_PRINT_KEY, THEME_KEY, AccessibilityBar, Appearance
from mbc_reader.ui.privacy import MemorySettings

from .conftest import BUILD_TRANSLATIONS as SCRIPT, app_look_kept


@pytest.fixture(scope="module")
def qm_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("qm")
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], check=True, capture_output=True)
    return out


@pytest.fixture
def app(qapp):
    made: list[Appearance] = []
    with app_look_kept(qapp):
        yield qapp, made
        for appearance in made:
            if appearance.parent() is not None:
                appearance.setParent(None)
                appearance.dispose()


def make(app, qm_dir, **stored) -> tuple[Appearance, MemorySettings]:
    qapp, made = app
    settings = MemorySettings({LANGUAGE_KEY: "en", **stored})
    appearance = Appearance(qapp, "QWidget#sidebar { background: #f3f4f2; }", settings=settings, translations_dir=qm_dir)
    made.append(appearance)
    return appearance, settings


def test_stored_choices_are_applied_at_start(app, qm_dir):
    appearance, _ = make(app, qm_dir, **{THEME_KEY: "high-contrast", LARGE_PRINT_KEY: "true"})
    assert appearance.high_contrast and appearance.large_print
    assert app[0].palette().color(QPalette.ColorRole.Window) == QColor("#000000")
    assert themes.current_theme().font_scale == 1.5


def test_the_bar_switches_and_remembers(qtbot, app, qm_dir):
    appearance, settings = make(app, qm_dir)
    bar = AccessibilityBar(appearance)
    qtbot.addWidget(bar)
    size = app[0].font().pointSizeF()
    qtbot.mouseClick(bar.contrast_button, Qt.MouseButton.LeftButton)
    assert app[0].palette().color(QPalette.ColorRole.Base) == QColor("#000000")
    assert settings.value(THEME_KEY) == "high-contrast"
    qtbot.mouseClick(bar.large_print_button, Qt.MouseButton.LeftButton)
    assert app[0].font().pointSizeF() == pytest.approx(size * 1.5)
    assert settings.value(LARGE_PRINT_KEY, type=bool) is True
    qtbot.mouseClick(bar.language_switch.buttons["es"], Qt.MouseButton.LeftButton)
    assert settings.value(LANGUAGE_KEY) == "es"
    qtbot.waitUntil(lambda: bar.contrast_button.text() == "Alto contraste", timeout=1000)
    assert QAccessible.queryAccessibleInterface(bar.large_print_button).text(QAccessible.Text.Name) == "Letra grande"


def test_reset_puts_back_the_starting_choices(qtbot, app, qm_dir):
    appearance, _ = make(app, qm_dir)
    bar = AccessibilityBar(appearance)
    qtbot.addWidget(bar)
    appearance.set_high_contrast(True)
    appearance.set_large_print(True)
    appearance.set_language("es")
    assert bar.contrast_button.isChecked()
    appearance.reset()
    assert not appearance.high_contrast and not appearance.large_print
    assert appearance.translations.language == "en"
    assert not bar.contrast_button.isChecked() and not bar.large_print_button.isChecked()
    assert app[0].palette().color(QPalette.ColorRole.Window) == QColor("#f3f4f2")


def test_every_control_has_a_name_and_description(qtbot, app, qm_dir):
    from PySide6.QtWidgets import QAbstractButton

    appearance, _ = make(app, qm_dir)
    bar = AccessibilityBar(appearance)
    qtbot.addWidget(bar)
    for widget in [bar, bar.language_switch, *bar.findChildren(QAbstractButton)]:
        assert QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name), widget
        assert widget.accessibleDescription(), widget


def test_appearance_for_follows_privacy_and_settings_folder(app, tmp_path, monkeypatch):
    from mbc_reader.ui import privacy
    from mbc_reader.ui.appearance import appearance_for

    qapp, made = app
    monkeypatch.setenv("MBC_READER_CONFIG_DIR", str(tmp_path / "a"))
    first = appearance_for(qapp)
    made.append(first)
    assert appearance_for(qapp) is first and not first.private
    privacy.set_private_session(True)
    try:
        kiosk = appearance_for(qapp)
        made.append(kiosk)
        assert kiosk is not first and kiosk.private
        kiosk.set_high_contrast(True)
        assert not (tmp_path / "a").exists()  # a patient's choice is not saved
    finally:
        privacy.set_private_session(False)
    monkeypatch.setenv("MBC_READER_CONFIG_DIR", str(tmp_path / "b"))
    other = appearance_for(qapp)
    made.append(other)
    assert other is not kiosk and other.settings_file == tmp_path / "b" / "reader.ini"
