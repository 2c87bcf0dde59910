"""The window on hostile content: nothing remote is fetched, no network stack, no browser.

The article view (QTextBrowser) asks ``loadResource`` for every image or style sheet a page names:
it must answer only ``figure:N`` from the content folder. Qt's network module must never even be
loaded (so no ``QNetworkAccessManager`` can exist), and an outside link shows a QR code instead
of opening a browser. Hostile articles (the XSS and path tricks of this folder) open without error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")
pytest.importorskip("mbc_reader.ui.article_view", reason="this build has no article view yet")

from PySide6.QtCore import QUrl  # noqa: E402
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument  # noqa: E402
from safety import HREF_PREFIXES, tags_of  # noqa: E402
from test_paths import PNG, TRICKS  # noqa: E402
from test_xss import MARKDOWN, RAW_HTML  # noqa: E402

from mbc_reader.ui.article_view import ArticleView  # noqa: E402

from ..conftest import REPO

Kind = QTextDocument.ResourceType


def _hostile_folder(root: Path) -> Path:
    folder = root / "hostile"
    (folder / "media").mkdir(parents=True)
    from PySide6.QtGui import QColor

    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f6ea5"))
    assert image.save(str(folder / "media" / "good.png"))
    (root / "secret.png").write_bytes(PNG)
    attacks = RAW_HTML + MARKDOWN + [f"![trick]({t})\n\n[trick link]({t})" for t in TRICKS if "\0" not in t]
    for i in range(0, len(attacks), 10):  # ten attacks per article
        body = "\n\n".join(f"## Attack {i + j}\n\n{a}\n\nAfter {i + j}." for j, a in enumerate(attacks[i : i + 10]))
        (folder / f"attack-{i:03d}.md").write_text(
            f"---\ntitle: Attacks {i}\n---\n\n# Attacks {i}\n\n![Good picture](media/good.png)\n\n{body}\n", encoding="utf-8"
        )
    return folder


@pytest.fixture
def make_window(qtbot, tmp_path, monkeypatch):
    for name in ("config", "cache", "data"):
        monkeypatch.setenv(f"MBC_READER_{name.upper()}_DIR", str(tmp_path / "user" / name))
    from mbc_reader.ui import build_window

    made = []

    def make():
        win = build_window(_hostile_folder(tmp_path))
        qtbot.addWidget(win)
        made.append(win)
        win.resize(1100, 760)
        win.show()
        qtbot.waitExposed(win)
        return win

    yield make
    for win in made:
        win.close()


@pytest.fixture
def window(make_window):
    return make_window()


REFUSED = [
    "https://www.cancer.gov/x.jpg", "http://127.0.0.1/x.png", "//evil.example/x.png", "ftp://evil.example/x",
    "file:///etc/passwd", "file:///etc/hostname", "data:image/png;base64,iVBORw0KGgo=", "qrc:/icons/x.png",
    "../secret.png", "/etc/passwd", "media/good.png", "secret.png", "javascript:alert(1)",
    "figure:x", "figure:-1", "figure:99999", "figure:", "figure:1e3", "figure://0", "FIGURE:../../etc/passwd",
]  # fmt: skip


@pytest.mark.parametrize("address", REFUSED)
@pytest.mark.parametrize("kind", [Kind.ImageResource, Kind.StyleSheetResource, Kind.HtmlResource, Kind.MarkdownResource, Kind.UserResource])
def test_the_view_refuses_every_resource_but_local_figures(qtbot, address, kind):
    view = ArticleView()
    qtbot.addWidget(view)
    result = view.loadResource(kind, QUrl(address))
    assert result is None or result == "" or (isinstance(result, QImage) and result.isNull()), (address, result)


def test_hostile_articles_open_and_ask_only_for_their_own_figures(make_window, qtbot, monkeypatch):
    asked: list[str] = []
    original = ArticleView.loadResource

    def recording(self, kind, url):
        asked.append(QUrl(url).toString())
        return original(self, kind, url)

    monkeypatch.setattr(ArticleView, "loadResource", recording)  # before the view exists
    window = make_window()
    opened = 0
    for article in window.library.patient_articles:
        assert window.open_article(article.id), article.id
        qtbot.wait(1)
        html = window.article_view.toHtml()
        assert "After" in window.article_view.toPlainText()
        for tag, attrs in tags_of(html):  # what the document holds after Qt parsed it (text may quote attacks)
            for name, value in attrs:
                if name in ("href", "src"):
                    assert (value or "").startswith(HREF_PREFIXES), (article.id, tag, name, value)
        opened += 1
    assert opened >= 10
    assert asked and all(a.startswith("figure:") for a in asked), sorted(set(asked))[:10]


def test_links_never_launch_a_browser(window, qtbot, monkeypatch):
    launched: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: launched.append(url) or True))
    view = window.article_view
    window.open_article(window.library.patient_articles[0].id)
    with qtbot.waitSignal(view.external_link_clicked, timeout=2000) as signal:
        view.activate_link("https://www.cancer.gov/about-cancer")
    assert signal.args == ["https://www.cancer.gov/about-cancer"]
    for href in ("javascript:alert(1)", "file:///etc/passwd", "mailto:x@example.org", "ftp://x", "data:text/html,x"):
        view.activate_link(href)
    qtbot.wait(10)
    assert launched == []


_PROBE = textwrap.dedent(
    """
    import json, os, socket, sys
    attempts = []
    def refuse(*args, **kwargs):
        attempts.append(repr(args)[:80])
        raise OSError("network refused by the test")
    socket.socket.connect = socket.socket.connect_ex = refuse
    socket.getaddrinfo = socket.gethostbyname = socket.create_connection = refuse
    from PySide6.QtWidgets import QApplication
    from mbc_reader.ui import build_window
    window = build_window(sys.argv[1])
    window.resize(1000, 700)
    window.show()
    app = QApplication.instance()
    for article in window.library.patient_articles:
        window.open_article(article.id)
        app.processEvents()
    window.article_view.activate_link("https://www.cancer.gov/about-cancer")  # the QR dialog
    app.processEvents()
    with open("/proc/self/maps") as fh:
        maps = fh.read()
    print(json.dumps({
        "articles": len(window.library.patient_articles),
        "qtnetwork_module": "PySide6.QtNetwork" in sys.modules,
        "qtnetwork_library": "libQt6Network" in maps,
        "webengine": "libQt6WebEngine" in maps,
        "webbrowser_module": "webbrowser" in sys.modules,
        "attempts": attempts,
    }))
    """
)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc to see the loaded libraries")
def test_no_network_stack_is_ever_loaded(tmp_path):
    """If libQt6Network is not in the process, no QNetworkAccessManager can exist in it."""
    folder = _hostile_folder(tmp_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for name in ("config", "cache", "data"):
        env[f"MBC_READER_{name.upper()}_DIR"] = str(tmp_path / "user" / name)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(folder)], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["articles"] >= 10
    assert report == {**report, "qtnetwork_module": False, "qtnetwork_library": False, "webengine": False,
                      "webbrowser_module": False, "attempts": []}  # fmt: skip
