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

    from PySide6.QtCore import QEventLoop, QTimer

    from mbc_reader.ui import build_window, ensure_app
    from mbc_reader.content.kiosk_config import KioskConfig
    from mbc_reader.ui.kiosk_setup import begin_private_session, start_kiosk

    app = ensure_app()
    config = tmp / "config"
    config.mkdir(parents=True)
    theme = "high-contrast" if "high-contrast" in args.theme else "default"
    large = "large-print" in args.theme
    (config / "reader.ini").write_text(  # what staff would have chosen: the window's Appearance reads it
        f"[view]\ntheme={theme}\nlarge_print={'true' if large else 'false'}\nlanguage={args.language}\n",
        encoding="utf-8")
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
    for ch in "fractures":
        keyboard.keys[ch].click()
    if window.search_panel.is_available():
        loop = QEventLoop()
        window.search_panel.results_ready.connect(lambda _n: loop.quit())
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
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
