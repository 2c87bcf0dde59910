"""Fixtures for the reader window's tests: content folders made on the spot, a window on them.

None of these is autouse: other UI tests in this folder are not affected. Settings go to a
per-test folder (``MBC_READER_CONFIG_DIR``), so a text size set by one test never leaks into
another.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ..conftest import REPO, SEED_ID, SEEDS

SEED_FILE = SEEDS / f"{SEED_ID}.txt"
TS = REPO / "resources" / "translations" / "mbc_reader_es.ts"
BUILD_TRANSLATIONS = REPO / "scripts" / "build_translations.py"

# A Spanish page written for these tests (not NCI's text): its link is the Spanish dictionary's.
SPANISH_ARTICLE = """---
title: Los ganglios linfáticos - prueba
language: es
status: active
---

# Los ganglios linfáticos

Una página de prueba en español.

## ¿Qué son?

Los [ganglios linfáticos](/espanol/publicaciones/diccionarios/diccionario-cancer/def/45762) son parte del sistema de defensa del cuerpo.
"""

PICTURE_ARTICLE = """---
title: Pictures - NCI
language: en
status: active
---

# Pictures

An article with a picture of its own.

![A test picture of coloured squares](media/x.png)

Credit: Test Credit

## Section one

Some text with [an outside link](https://www.cancer.gov/about-cancer) and [jaundice](/publications/dictionaries/cancer-terms/def/46328).
"""


@pytest.fixture
def user_dirs(tmp_path, monkeypatch) -> Path:
    """Fresh settings, cache and data folders for this test only."""
    base = tmp_path / "user"
    for name in ("config", "cache", "data"):
        monkeypatch.setenv(f"MBC_READER_{name.upper()}_DIR", str(base / name))
    return base


@pytest.fixture
def seed_content(tmp_path) -> Path:
    folder = tmp_path / "seed-content"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder / SEED_FILE.name)
    return folder


@pytest.fixture
def spanish_content(tmp_path) -> Path:
    """A content folder with one Spanish article (``language: es``)."""
    folder = tmp_path / "spanish-content"
    folder.mkdir()
    (folder / "ganglios.md").write_text(SPANISH_ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def built_translations(tmp_path_factory) -> Path:
    """The .qm built from the committed .ts with the project's own script, into a temporary folder."""
    out = tmp_path_factory.mktemp("translations")
    result = subprocess.run([sys.executable, str(BUILD_TRANSLATIONS), "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (out / "mbc_reader_es.qm").stat().st_size > 0
    return out


@pytest.fixture
def translations(qapp, built_translations):
    from mbc_reader.ui.i18n import install_translations

    t = install_translations(qapp, "en", built_translations)
    yield t
    t.set_language("en")  # other tests share this QApplication
    t.deleteLater()


@pytest.fixture
def built_translations_for_windows(monkeypatch, built_translations) -> Path:
    """Windows built in this test read the freshly built .qm (not whatever the set-up left)."""
    from mbc_reader.ui import i18n

    monkeypatch.setattr(i18n, "translations_dir", lambda: built_translations)
    return built_translations


@pytest.fixture(scope="session")
def spanish():
    """spanish(context, source) -> the committed Spanish for an interface string (what the
    screens must show), read from the .ts."""
    root = ET.parse(TS).getroot()
    table = {(ctx.findtext("name"), m.findtext("source")): m.findtext("translation") or ""
             for ctx in root.iter("context") for m in ctx.iter("message")}

    def lookup(context: str, source: str) -> str:
        if (context, source) not in table:
            raise KeyError(f"{context}: {source!r} is not in {TS.name}")
        return table[(context, source)]

    return lookup


@pytest.fixture
def picture_content(tmp_path, qapp) -> Path:
    """A content folder with one article whose figure is a PNG made here (800x500)."""
    from PySide6.QtGui import QColor, QImage, QPainter

    folder = tmp_path / "picture-content"
    (folder / "media").mkdir(parents=True)
    image = QImage(800, 500, QImage.Format.Format_RGB32)
    image.fill(QColor("#e8eef3"))
    painter = QPainter(image)
    for i, colour in enumerate(("#2f6ea5", "#0b6b5f", "#c77d2e")):
        painter.fillRect(60 + i * 240, 120, 200, 260, QColor(colour))
    painter.end()
    assert image.save(str(folder / "media" / "x.png"))
    (folder / "pic.md").write_text(PICTURE_ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture
def make_window(qtbot, user_dirs):
    """make_window(content_dir) -> a shown ReaderWindow, closed at the end of the test."""
    from mbc_reader.ui import build_window

    made = []

    def make(content_dir: Path | None = None, show: bool = True):
        window = build_window(content_dir)
        qtbot.addWidget(window)
        made.append(window)
        if show:
            window.resize(1280, 800)
            window.show()
            qtbot.waitExposed(window)
            window.windowHandle().requestActivate()  # keyboard shortcuts need an active window
            qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        return window

    yield make
    for window in made:
        window.glossary_popup.close()
        window.image_viewer.close()


@pytest.fixture
def private_session():
    """A private (kiosk) session for the test: settings in memory, nothing written."""
    from mbc_reader.ui import privacy

    privacy.set_private_session(True)
    yield
    privacy.set_private_session(False)


@contextmanager
def app_look_kept(app) -> Iterator[None]:
    """Put the application's look back afterwards (palette, font, style sheet, style, current
    theme): the UI tests share one QApplication, and a theme left on would colour the next test."""
    from mbc_reader.ui import theme

    saved = (app.palette(), app.font(), app.styleSheet(), app.style().name(), app.property("mbc_base_font"), theme._current)
    try:
        yield
    finally:
        palette, font, sheet, style, base_font, current = saved
        app.setStyleSheet(sheet)
        app.setStyle(style)
        app.setPalette(palette)
        app.setFont(font)
        app.setProperty("mbc_base_font", base_font)
        theme._current = current
