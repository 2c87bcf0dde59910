"""``mbc-reader gui --screenshot``: renders with no display, saves the PNG, exits."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from .conftest import SEED_ID


def _run(args: list[str], user_dirs) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the command must choose offscreen by itself
    return subprocess.run(
        [sys.executable, "-m", "mbc_reader", "gui", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_screenshot_of_the_bundled_article(tmp_path, user_dirs, seed_content):
    out = tmp_path / "shots" / "reader.png"
    result = _run(["--content", str(seed_content), "--article", SEED_ID, "--screenshot", str(out)], user_dirs)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1280, 800)


def test_screenshot_with_a_glossary_popup_and_a_size(tmp_path, user_dirs, seed_content):
    out = tmp_path / "glossary.png"
    result = _run(
        ["--content", str(seed_content), "--open-link", "glossary:45762", "--size", "1000x700", "--screenshot", str(out)],
        user_dirs,
    )
    assert result.returncode == 0, result.stderr
    assert QImage(str(out)).width() == 1000


def test_an_unknown_article_is_a_clear_error(tmp_path, user_dirs, seed_content):
    out = tmp_path / "x.png"
    result = _run(["--content", str(seed_content), "--article", "nope", "--screenshot", str(out)], user_dirs)
    assert result.returncode == 2
    assert "no article 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_kiosk_screenshot_is_full_screen_and_writes_no_settings(tmp_path, user_dirs, seed_content):
    pytest.importorskip("mbc_reader.ui.kiosk_setup", reason="kiosk mode is not in this build")
    out = tmp_path / "kiosk.png"
    result = _run(["--content", str(seed_content), "--kiosk", "--size", "1024x768", "--screenshot", str(out)], user_dirs)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1024, 768)
    assert not (user_dirs / "config" / "reader.ini").exists()  # a kiosk session keeps nothing
