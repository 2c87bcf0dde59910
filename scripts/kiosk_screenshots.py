"""Pictures of kiosk mode for the README: the on-screen keyboard and the "Still reading?" countdown.

Runs with no display (Qt's offscreen platform on a 1280x800 screen) on the bundled article:

    .venv/bin/python scripts/kiosk_screenshots.py [--out docs/screenshots] [--language es]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 1280, 800


def offscreen() -> None:
    config = {"synthesizedWindowManagerFrames": False, "screens": [
        {"name": "kiosk", "x": 0, "y": 0, "width": WIDTH, "height": HEIGHT, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
    path = Path(tempfile.gettempdir()) / "mbc-reader-kiosk-screen.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={path}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--language", default="en", help="interface language (en or es)")
    parser.add_argument("--theme", default="default", help="default, high-contrast or large-print")
    args = parser.parse_args(argv)
    offscreen()
    tmp = Path(tempfile.mkdtemp(prefix="mbc-kiosk-shots-"))
    for name in ("CONFIG", "CACHE", "DATA"):  # never touch the real user folders
        os.environ[f"MBC_READER_{name}_DIR"] = str(tmp / name.lower())

    from mbc_reader.ui import build_window, ensure_app
    from mbc_reader.ui.i18n import install_translations
    from mbc_reader.ui.kiosk_config import KioskConfig
    from mbc_reader.ui.kiosk_setup import begin_private_session, start_kiosk
    from mbc_reader.ui.style import app_style_sheet
    from mbc_reader.ui.theme import apply_theme

    app = ensure_app()
    install_translations(app, args.language)
    apply_theme(app, args.theme, app_style_sheet())
    begin_private_session()
    window = build_window(REPO / "seeds", kiosk=True)
    now = [0.0]
    session = start_kiosk(window, config=KioskConfig(enabled=True), clock=lambda: now[0])
    kiosk, keyboard = session.controller, session.keyboard

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    settle()
    args.out.mkdir(parents=True, exist_ok=True)
    window.activateWindow()
    deadline = time.monotonic() + 60  # the search box is enabled once the index is open
    while not window.search_panel.search_edit.isEnabled() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    window.search_panel.search_edit.setFocus()
    settle()
    keyboard.show()  # in case the focus did not arrive (search unavailable)
    keyboard.accents_toggle.click()
    for ch in "metástasis ósea":
        keyboard.keys[ch].click()
    settle()
    suffix = "" if args.language == "en" and args.theme == "default" else f"-{args.language}-{args.theme}"
    keyboard_png = args.out / f"kiosk-keyboard{suffix}.png"
    window.grab().save(str(keyboard_png))

    keyboard.reset()
    window.article_view.setFocus()
    window.search_panel.clear()
    kiosk.note_activity()
    now[0] += kiosk.config.idle_seconds
    kiosk.poll()
    now[0] += 6
    kiosk.poll()
    settle()
    overlay_png = args.out / f"kiosk-still-reading{suffix}.png"
    window.grab().save(str(overlay_png))
    kiosk.stop()
    window.close()
    print(f"wrote {keyboard_png}\nwrote {overlay_png}")
    return 0 if kiosk.overlay is not None else 1


if __name__ == "__main__":
    sys.exit(main())
