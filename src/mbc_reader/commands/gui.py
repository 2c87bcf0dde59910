"""``mbc-reader gui``: open the reader window (``make run``), or render it to a PNG and exit.

``--screenshot`` works with no display: it picks Qt's offscreen platform (with a screen large
enough for the window) unless one is set, waits for the article, for the search results when
``--search`` is given and for any ``--open-link`` popup, then saves the window (with its popups
drawn where they stand) and exits. The README's pictures are made this way.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import add_content_option

SEARCH_TIMEOUT_MS = 180_000  # the first search may build the index


def register(subparsers) -> None:
    parser = subparsers.add_parser("gui", help="open the reader window")
    add_content_option(parser)
    parser.add_argument("--article", metavar="ID", help="open this article first")
    parser.add_argument("--section", metavar="ANCHOR", default="", help="scrolled to this section")
    parser.add_argument("--search", metavar="TEXT", help="type this into the search box")
    parser.add_argument("--screenshot", metavar="PNG", type=Path, help="save a picture of the window and exit")
    parser.add_argument("--size", metavar="WxH", default="1280x800", help="window size for --screenshot (default 1280x800)")
    parser.add_argument("--text-scale", type=float, metavar="S", help="text size for this run (1.0 = normal)")
    parser.add_argument(
        "--open-link",
        metavar="LINK",
        help="act on a link of the article as a reader would (glossary:ID, figure:N, https://...), for screenshots",
    )
    parser.add_argument("--kiosk", action="store_true", help="public kiosk mode")
    parser.set_defaults(handler=run)


def _offscreen_platform(width: int = 1920, height: int = 1200) -> None:
    """Offscreen rendering on a screen of this size (the default offscreen screen is 800x800)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    import tempfile

    screen = {"name": "screenshot", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config = {"synthesizedWindowManagerFrames": False, "screens": [screen]}
    path = Path(tempfile.gettempdir()) / "mbc-reader-offscreen.json"
    try:
        path.write_text(json.dumps(config), encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={path}"
    except OSError:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"mbc-reader: gui: --size must look like 1280x800, not {text!r}") from None
    return max(320, width), max(240, height)


def run(args: argparse.Namespace) -> int:
    from ..content.kiosk_config import load_kiosk_config  # Qt-free: nothing of Qt is loaded yet

    kiosk = args.kiosk or load_kiosk_config().enabled  # --kiosk, or staff turned it on in kiosk.ini
    if args.screenshot:
        if kiosk:  # a kiosk is full screen: its screenshot is a screen of the requested size
            _offscreen_platform(*_size(args.size))
        else:
            _offscreen_platform()
    scripted = args.screenshot or args.article or args.section or args.search or args.open_link or args.text_scale
    if not kiosk and not scripted:  # a reader's start: the first article at once, the rest after it
        from ..ui import start_window

        window = start_window(args.content)
        window.show()
        from PySide6.QtWidgets import QApplication

        return QApplication.instance().exec()

    from PySide6.QtCore import QEvent, QEventLoop, QPointF, QTimer
    from PySide6.QtGui import QCursor, QHoverEvent
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    from ..ui import build_window, ensure_app

    app = ensure_app()
    if kiosk:
        from ..ui import kiosk_setup

        kiosk_setup.begin_private_session()  # before the window: its settings stay in memory
    window = build_window(args.content, kiosk=kiosk)
    if args.text_scale:
        window.set_text_scale(args.text_scale)
    session = None
    if kiosk:
        session = kiosk_setup.start_kiosk(window)  # full screen, idle reset, keyboard, "Done"
    elif args.screenshot:
        window.resize(*_size(args.size))
        window.move(40, 40)
        window.show()
    else:
        window.show()
    if args.screenshot:
        QCursor.setPos(0, 0)  # no hover highlight where the offscreen pointer happens to rest

    status = 0
    if args.article:
        if not window.open_article(args.article, args.section or ""):
            print(f"mbc-reader: gui: no article '{args.article}' in this library", file=sys.stderr)
            status = 2
    elif args.section:
        window.open_article(window.current_article_id() or window.home_article_id(), args.section)  # (a kiosk starts on the home page)
    if args.search:
        if not window.search_panel.is_available():
            print("mbc-reader: gui: search is not available in this version", file=sys.stderr)
            status = status or 1
        else:
            loop = QEventLoop()
            window.search_panel.results_ready.connect(lambda _n: loop.quit())
            window.search_panel.search_edit.setFocus()
            window.search(args.search)
            QTimer.singleShot(SEARCH_TIMEOUT_MS, loop.quit)
            loop.exec()
            if window.search_panel.shown_query() != args.search.strip():
                print("mbc-reader: gui: the search results did not come in time", file=sys.stderr)
                status = status or 1
    if args.open_link:
        app.processEvents()
        if not window.article_view.activate_link(args.open_link):
            print(f"mbc-reader: gui: no link {args.open_link!r} in this article", file=sys.stderr)
            status = status or 2

    if not args.screenshot:
        status = app.exec()
        del session  # kept alive while the window runs
        return status

    for _ in range(5):  # let layouts and pending paints settle
        app.processEvents()
    window.article_view.settle()
    for view in window.findChildren(QAbstractItemView):  # the offscreen pointer leaves a hover mark
        QApplication.sendEvent(view.viewport(), QHoverEvent(QEvent.Type.HoverLeave, QPointF(-1, -1), QPointF(-1, -1)))
    app.processEvents()
    image = window.grab().toImage()
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QDialog

    painter = QPainter(image)
    origin = window.geometry().topLeft()
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible() and widget.windowHandle() is not None:
            if isinstance(widget, QDialog):  # a window over the reader: dim the reader, as a desktop would
                painter.fillRect(image.rect(), QColor(20, 30, 40, 110))
            painter.drawPixmap(widget.geometry().topLeft() - origin, widget.grab())
    painter.end()
    args.screenshot.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(args.screenshot)):
        print(f"mbc-reader: gui: cannot write {args.screenshot}", file=sys.stderr)
        return 1
    window.close()
    del session
    return status
