"""The Spanish interface: built from the .ts in this session, switched while widgets are on screen."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QMainWindow

from mbc_reader.ui import i18n
from mbc_reader.ui.i18n import Translations, available_languages, system_language
from mbc_reader.ui.keyboard import OnScreenKeyboard
from mbc_reader.ui.kiosk_widgets import StartOverButton, StillReadingOverlay
from mbc_reader.ui.language_switch import LanguageSwitch

from ..conftest import REPO
from .conftest import TS


def test_switching_to_spanish_retranslates_widgets_on_screen(qtbot, translations):
    window = QMainWindow()
    qtbot.addWidget(window)
    overlay = StillReadingOverlay(window)
    keyboard = OnScreenKeyboard(parent=window)
    button = StartOverButton(window)
    assert overlay.title.text() == "Still reading?"
    with qtbot.waitSignal(translations.language_changed, timeout=1000) as signal:
        assert translations.set_language("es") == "es"
    assert signal.args == ["es"]
    qtbot.waitUntil(lambda: overlay.title.text() == "¿Sigue leyendo?", timeout=1000)
    assert keyboard.search_key.text() == "Buscar"
    assert button.text() == "Terminé — empezar de nuevo"
    assert overlay.keep_button.text() == "Sí, quiero seguir leyendo"
    assert QAccessible.queryAccessibleInterface(keyboard.space_key).text(QAccessible.Text.Name) == "Espacio"
    translations.set_language("en")
    qtbot.waitUntil(lambda: overlay.title.text() == "Still reading?", timeout=1000)
    assert keyboard.search_key.text() == "Search"


def test_qt_own_strings_follow_the_language(translations):
    translations.set_language("es")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    assert QLocale().language() == QLocale.Language.Spanish
    translations.set_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_language_switch_buttons(qtbot, translations):
    switch = LanguageSwitch(translations)
    qtbot.addWidget(switch)
    switch.show()
    assert set(switch.buttons) == {"en", "es"} and switch.buttons["en"].isChecked()
    assert switch.buttons["es"].text() == "Español"  # each language named in its own language
    assert switch.buttons["es"].isVisible() and not switch.buttons["en"].isVisible()  # only the way out
    qtbot.mouseClick(switch.buttons["es"], Qt.MouseButton.LeftButton)
    assert translations.language == "es" and switch.buttons["es"].isChecked()
    assert switch.buttons["en"].isVisible() and not switch.buttons["es"].isVisible()
    qtbot.waitUntil(lambda: switch.accessibleName() == "Idioma", timeout=1000)




def test_missing_qm_falls_back_to_english_with_a_warning(qapp, tmp_path, caplog):
    shutil.copy(TS, tmp_path / TS.name)  # the source is there, the build is not
    t = Translations(qapp, tmp_path)
    with caplog.at_level(logging.WARNING, logger="mbc_reader.ui.i18n"):
        assert t.set_language("es") == "en"
    assert "not built" in caplog.text and "build_translations.py" in caplog.text
    assert t.language == "en"
    t.deleteLater()


def test_system_language_is_the_default_when_we_have_it(monkeypatch, built_translations):
    class FakeLocale(QLocale):
        name_ = "es_MX"

        @staticmethod
        def system():
            return QLocale(FakeLocale.name_)

    monkeypatch.setattr(i18n, "QLocale", FakeLocale)
    assert system_language(built_translations) == "es"
    FakeLocale.name_ = "de_DE"
    assert system_language(built_translations) == "en"
    assert available_languages(built_translations) == ["en", "es"]


def test_every_spanish_entry_is_translated():
    """An empty or unfinished entry would show English in the middle of a Spanish screen."""
    root = ET.parse(TS).getroot()
    assert root.get("language", "").startswith("es")
    missing = []
    for context in root.iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if message.get("numerus") == "yes":
                forms = [f.text for f in translation.iter("numerusform")]
                ok = forms and all(forms)
            else:
                ok = bool(translation.text)
            if not ok or translation.get("type") in ("unfinished",):
                missing.append(f"{context.findtext('name')}: {message.findtext('source')}")
    assert not missing, "untranslated in mbc_reader_es.ts:\n" + "\n".join(missing)


def test_the_ts_has_every_string_of_the_interface(tmp_path):
    """New self.tr() strings must reach the .ts; fix with `python scripts/build_translations.py --update`."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (REPO / "src" / "mbc_reader" / "ui").glob("*.py"))
    subprocess.run([str(lupdate), *sources, "-locations", "none", "-ts", str(fresh)], check=True, capture_output=True)

    def entries(path: Path) -> set[tuple[str, str]]:
        root = ET.parse(path).getroot()
        return {(c.findtext("name"), m.findtext("source")) for c in root.iter("context") for m in c.iter("message")}

    new = sorted(entries(fresh) - entries(TS))
    assert not new, ("strings missing from mbc_reader_es.ts (run scripts/build_translations.py --update, "
                     "then translate them):\n" + "\n".join(f"{c}: {s}" for c, s in new))


def test_the_name_qt_adds_to_window_titles_follows_the_language(qapp, translations):
    """Qt appends the application's display name to every title that does not end with it: in
    Spanish it must be the Spanish name, or titles end "… — Información sobre el cáncer — Cancer
    information"."""
    before = qapp.applicationDisplayName()
    qapp.setApplicationDisplayName("Cancer information")
    try:
        translations.set_language("es")
        assert qapp.applicationDisplayName() == "Información sobre el cáncer"
        translations.set_language("en")
        assert qapp.applicationDisplayName() == "Cancer information"
    finally:
        qapp.setApplicationDisplayName(before)
