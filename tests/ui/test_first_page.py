"""The first page kept from the last run, and the reader's two-step start (``start_window``).

Covered here:

* ``ui.first_page`` on its own (no Qt): ``save`` then ``load`` gives the same page back; ``load``
  refuses a missing, damaged or stale record (another format or app version, other content
  folders, a folder or the article's file changed); ``save`` leaves no temporary file behind and
  never raises when the cache cannot be written.
* ``build_window`` keeps the home article's first part, except in kiosk mode or a private session.
* ``start_window`` paints the kept page in the first frame, builds the rest after it and says
  ``ready``; without a kept page, with a stale one, with one made at another text size, or when the
  window is never shown, it still ends on the real home article.
* ``ArticleView._viewport_size()`` (worked out without ``viewport()``) is the viewport's size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLineEdit, QTreeView

from mbc_reader import paths
from mbc_reader.ui import first_page
from mbc_reader.ui.first_page import FILE_NAME, FirstPage

from .conftest import SEED_ID

SEED_TITLE = "Metastatic Breast Cancer"
READY_TIMEOUT_MS = 20_000  # the library and the navigator are built on the main thread
FALLBACK_S = 1.0  # start_window builds the rest after this even if nothing was painted
ADDED = "A paragraph written after the page was kept."


# -- helpers ---------------------------------------------------------------------------------------


def _kept_file() -> Path:
    return paths.cache_dir() / FILE_NAME


def _page(source: Path, dirs: list[Path], **changes) -> FirstPage:
    page = FirstPage(
        article_id="test-article", title="A test article", language="en", html="<h1>A test article</h1><p>Text.</p>",
        image_width=640, scale=1.0, figures=(("A picture", ""), ("Another", str(source))),
        source=str(source), dirs=tuple(str(d) for d in dirs),
    )  # fmt: skip
    return page._replace(**changes)


def _rewrite(path: Path, **fields) -> None:
    """Change some fields of a saved record, as another version of the app might have written it."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(json.dumps(data), encoding="utf-8")


def _set_mtime(path: Path, mtime_ns: int) -> None:
    os.utime(path, ns=(mtime_ns, mtime_ns))


def _bump_mtime(path: Path, seconds: int = 10) -> None:
    """A later modification time (file times are too coarse to rely on "now" being different)."""
    _set_mtime(path, path.stat().st_mtime_ns + seconds * 1_000_000_000)


def _show(qtbot, window) -> None:
    window.show()
    qtbot.waitExposed(window)


def _wait_ready(qtbot, window) -> None:
    """Show a start_window window and wait for the rest of it to be built."""
    with qtbot.waitSignal(window.ready, timeout=READY_TIMEOUT_MS):
        window.show()
    assert window.is_complete()


# -- fixtures --------------------------------------------------------------------------------------


@pytest.fixture
def article(write_article, tmp_path) -> Path:
    """One article file in a content folder (for the Qt-free tests: only its stamps matter)."""
    return write_article("one.md", "# One\n\nSome text.\n", folder=tmp_path / "content")


@pytest.fixture
def saved(tmp_path, article) -> tuple[Path, FirstPage]:
    """A record saved for ``article`` (its folder's time set to the past, so any change shows)."""
    _set_mtime(article.parent, article.parent.stat().st_mtime_ns - 60 * 1_000_000_000)
    page = _page(article, [article.parent])
    path = tmp_path / "cache" / FILE_NAME
    assert first_page.save(path, page)
    return path, page


@pytest.fixture
def kept_once(make_window, seed_content) -> Path:
    """The reader ran once on ``seed_content`` (build_window, shown, closed): its kept page's file."""
    window = make_window(seed_content)
    window.close()
    assert _kept_file().is_file()
    return _kept_file()


@pytest.fixture
def start(qtbot, user_dirs):
    """start(content_dir) -> a start_window window (not shown), closed at the end of the test."""
    from mbc_reader.ui import start_window

    def make(content_dir: Path):
        window = start_window(content_dir)
        qtbot.addWidget(window)  # closed by pytest-qt (its closeEvent closes the popups)
        return window

    yield make


# -- first_page.py without Qt ----------------------------------------------------------------------


def test_save_then_load_gives_the_same_page(saved, article):
    path, page = saved
    assert first_page.load(path, [article.parent]) == page
    assert first_page.load(path, [str(article.parent)]) == page  # folders as strings or paths


def test_save_replaces_the_record_and_leaves_no_temporary_file(saved, article):
    path, page = saved
    newer = page._replace(html="<p>Newer</p>", scale=1.25)
    assert first_page.save(path, newer)
    assert first_page.load(path, [article.parent]) == newer
    assert [p.name for p in path.parent.iterdir()] == [FILE_NAME]


def test_save_refuses_a_page_whose_article_file_is_gone(tmp_path, article):
    path = tmp_path / "cache" / FILE_NAME
    assert first_page.save(path, _page(tmp_path / "no-such-file.md", [article.parent])) is False
    assert not path.exists()


def test_no_record_gives_none(tmp_path, article):
    assert first_page.load(tmp_path / "cache" / FILE_NAME, [article.parent]) is None


@pytest.mark.parametrize("damage", ["truncated", "empty", "not json", "a list", "a field missing", "a field of another type"])
def test_a_damaged_record_gives_none(saved, article, damage):
    path, _ = saved
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    if damage == "truncated":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "not json":
        path.write_bytes(b"\xff\xfe not a record \x00")
    elif damage == "a list":
        path.write_text(json.dumps([data]), encoding="utf-8")
    elif damage == "a field missing":
        del data["html"]
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        _rewrite(path, image_width="wide")
    assert first_page.load(path, [article.parent]) is None


@pytest.mark.parametrize("field, value", [("format", first_page.FORMAT + 1), ("format", None), ("version", "0.0.0-other")])
def test_another_format_or_app_version_gives_none(saved, article, field, value):
    path, _ = saved
    _rewrite(path, **{field: value})
    assert first_page.load(path, [article.parent]) is None


def test_other_content_folders_give_none(saved, article, tmp_path):
    path, _ = saved
    pack = tmp_path / "pack"
    pack.mkdir()
    assert first_page.load(path, [article.parent, pack]) is None
    assert first_page.load(path, [pack]) is None
    assert first_page.load(path, []) is None
    assert first_page.load(path, [article.parent]) is not None  # the record itself is still good


def test_a_changed_content_folder_gives_none(saved, article):
    path, _ = saved
    (article.parent / "two.md").write_text("# Two\n", encoding="utf-8")
    assert first_page.load(path, [article.parent]) is None


def test_a_content_folder_touched_gives_none(saved, article):
    path, _ = saved
    _bump_mtime(article.parent)
    assert first_page.load(path, [article.parent]) is None


def test_an_article_file_of_another_size_gives_none(saved, article):
    path, _ = saved
    mtime = article.stat().st_mtime_ns
    with article.open("a", encoding="utf-8") as f:
        f.write("More text.\n")
    _set_mtime(article, mtime)  # only the size tells
    assert first_page.load(path, [article.parent]) is None


def test_an_article_file_with_another_time_gives_none(saved, article):
    path, _ = saved
    _bump_mtime(article)
    assert first_page.load(path, [article.parent]) is None


def test_a_removed_article_file_gives_none(saved, article):
    path, _ = saved
    mtime = article.parent.stat().st_mtime_ns
    article.unlink()
    _set_mtime(article.parent, mtime)  # only the article's own stamp tells
    assert first_page.load(path, [article.parent]) is None


@pytest.mark.parametrize("under", ["", "cache"])
def test_save_into_an_unwritable_place_returns_false(tmp_path, article, under):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    path = blocker / under / FILE_NAME
    assert first_page.save(path, _page(article, [article.parent])) is False
    assert blocker.read_text(encoding="utf-8") == "not a folder"


# -- build_window keeps the page -------------------------------------------------------------------


def test_a_shown_window_keeps_the_home_articles_first_part(make_window, seed_content):
    window = make_window(seed_content)
    assert window.home_article_id() == SEED_ID
    kept = first_page.load(_kept_file(), [seed_content])
    assert kept is not None
    assert kept.article_id == window.home_article_id()
    assert kept.title == SEED_TITLE
    assert SEED_TITLE in kept.html
    assert kept.scale == window.text_scale() == 1.0
    assert kept.dirs == (str(seed_content),)
    assert Path(kept.source) == seed_content / f"{SEED_ID}.txt"


def test_another_article_does_not_replace_the_kept_page(make_window, write_article, tmp_path):
    content = tmp_path / "two-articles"
    write_article("a.md", "# Alpha\n\nThe first article.\n", folder=content, title="Alpha - NCI")
    write_article("b.md", "# Beta\n\nThe second article.\n", folder=content, title="Beta - NCI")
    window = make_window(content)
    home = window.home_article_id()
    other = next(a.id for a in window.library.patient_articles if a.id != home)
    assert window.open_article(other)
    kept = first_page.load(_kept_file(), [content])
    assert kept is not None and kept.article_id == home


@pytest.mark.parametrize("kiosk", [True, False], ids=["kiosk", "private-session"])
def test_a_kiosk_or_private_window_keeps_nothing(qtbot, user_dirs, seed_content, private_session, kiosk):
    from mbc_reader.ui import build_window

    window = build_window(seed_content, kiosk=kiosk)
    qtbot.addWidget(window)
    _show(qtbot, window)
    window.open_article(window.home_article_id())  # (Home shows the home page: no article to keep)
    assert window.current_article_id() == SEED_ID
    assert not _kept_file().exists()


# -- start_window ----------------------------------------------------------------------------------


def test_the_first_frame_shows_the_kept_page_then_the_real_article(qtbot, kept_once, seed_content, start):
    window = start(seed_content)
    assert not window.is_complete()
    assert window.library is None
    assert window.findChild(QTreeView, "navigator") is None
    assert window.current_article_id() == SEED_ID
    assert window.article_view.first_page() is not None
    assert window.article_view.article() is None
    assert SEED_TITLE in window.windowTitle()
    first_text = window.article_view.toPlainText()
    assert SEED_TITLE in first_text

    painted = []  # what was on screen when the first frame had been painted
    window.first_frame_painted.connect(
        lambda: painted.append((window.is_complete(), window.article_view.first_page(), window.article_view.toPlainText())))
    _wait_ready(qtbot, window)

    assert len(painted) == 1
    complete_then, page_then, text_then = painted[0]
    assert not complete_then and page_then is not None and text_then == first_text
    assert window.findChild(QTreeView, "navigator") is window.navigator
    assert window.findChild(QLineEdit, "searchBox") is not None
    assert window.search_panel is not None
    assert window.article_view.first_page() is None
    assert window.article_view.article() is window.library.get(SEED_ID)
    assert window.current_article_id() == window.home_article_id() == SEED_ID
    assert window.article_view.toPlainText() == first_text


def test_without_a_kept_page_the_start_still_ends_on_the_home_article(qtbot, seed_content, start):
    assert not _kept_file().exists()
    window = start(seed_content)
    assert window.article_view.first_page() is None
    assert window.current_article_id() == ""
    _wait_ready(qtbot, window)
    assert window.current_article_id() == SEED_ID
    assert window.article_view.article() is window.library.get(SEED_ID)
    assert SEED_TITLE in window.article_view.toPlainText()
    assert first_page.load(_kept_file(), [seed_content]) is not None  # kept for the next start


def test_a_stale_kept_page_is_not_shown(qtbot, kept_once, seed_content, start):
    source = seed_content / f"{SEED_ID}.txt"
    with source.open("a", encoding="utf-8") as f:
        f.write(f"\n\n{ADDED}\n")
    _bump_mtime(source)
    window = start(seed_content)
    assert window.article_view.first_page() is None
    assert ADDED not in window.article_view.toPlainText()
    _wait_ready(qtbot, window)
    assert window.current_article_id() == SEED_ID
    assert ADDED in window.article_view.toPlainText()
    kept = first_page.load(kept_once, [seed_content])
    assert kept is not None and ADDED in kept.html  # the new text is kept for the next start


def test_a_window_never_shown_is_completed_by_the_fallback(qtbot, kept_once, seed_content, start):
    window = start(seed_content)
    with qtbot.waitSignal(window.ready, timeout=5000):
        pass
    assert window.is_complete()
    assert not window.isVisible()
    assert window.article_view.article() is window.library.get(SEED_ID)


def test_a_kept_page_made_at_another_text_size_is_not_shown(qtbot, kept_once, seed_content, start):
    first = start(seed_content)
    assert first.article_view.first_page() is not None  # the kept page fits as it is...
    _wait_ready(qtbot, first)
    first.set_text_scale(1.5)
    first.close()
    assert first_page.load(kept_once, [seed_content]).scale == 1.0  # (set_text_scale keeps nothing)

    again = start(seed_content)
    assert again.text_scale() == 1.5
    assert again.article_view.first_page() is None  # ...but not at another size
    _wait_ready(qtbot, again)
    assert again.current_article_id() == SEED_ID
    assert first_page.load(kept_once, [seed_content]).scale == 1.5  # kept anew at the reader's size


def test_a_kept_page_for_another_text_size_is_not_shown_even_at_the_same_width(qtbot, kept_once, seed_content, start):
    _rewrite(kept_once, scale=1.25)  # the column width still fits: only the text size differs
    assert first_page.load(kept_once, [seed_content]).scale == 1.25
    window = start(seed_content)
    assert window.text_scale() == 1.0
    assert window.article_view.first_page() is None
    _wait_ready(qtbot, window)
    assert window.current_article_id() == SEED_ID


def test_a_kept_page_shows_its_picture_in_the_first_frame(qtbot, make_window, picture_content, start):
    make_window(picture_content).close()
    kept = first_page.load(_kept_file(), [picture_content])
    assert kept is not None
    assert [Path(file) for _alt, file in kept.figures] == [picture_content / "media" / "x.png"]

    window = start(picture_content)
    assert window.article_view.first_page() == kept
    image = window.article_view.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("figure:0"))
    assert not image.isNull()
    _wait_ready(qtbot, window)


def test_start_window_loads_the_library_once(qtbot, monkeypatch, seed_content, start):
    import mbc_reader.ui as ui

    loads = []
    real = ui.load_library
    monkeypatch.setattr(ui, "load_library", lambda *args, **kwargs: loads.append(1) or real(*args, **kwargs))
    window = start(seed_content)
    _wait_ready(qtbot, window)
    qtbot.wait(round((FALLBACK_S + 0.3) * 1000))
    assert len(loads) == 1


# -- the viewport's size, worked out ---------------------------------------------------------------


@pytest.mark.parametrize("length, bar", [(200, True), (1, False)], ids=["long", "short"])
def test_viewport_size_is_the_viewports(make_window, write_article, tmp_path, length, bar):
    body = "# An article\n\n" + "\n\n".join(f"Paragraph {i}: some words to read." for i in range(length)) + "\n"
    write_article("a.md", body, folder=tmp_path / "sized")
    view = make_window(tmp_path / "sized").article_view
    assert view.verticalScrollBar().isVisible() is bar
    assert view._viewport_size() == view.viewport().size()
    view.window().resize(900, 600)
    assert view._viewport_size() == view.viewport().size()


# -- what the first frame leaves for later -------------------------------------------------------

FIRST_FRAME = """
import sys
from mbc_reader import cli
args = cli.build_parser("gui").parse_args(["gui", "--content", sys.argv[1]])
from mbc_reader.ui import start_window
window = start_window(args.content)
from PySide6.QtWidgets import QApplication
app = QApplication.instance()
heavy = ("markdown", "nh3", "whoosh", "frontmatter", "yaml", "babel", "mbc_reader.content.render",
         "mbc_reader.content.catalog", "mbc_reader.ui.navigator", "mbc_reader.ui.library_model",
         "mbc_reader.ui.search_panel")
seen = []

def at_first_frame():  # what was loaded when the first frame reached the screen (quit is only posted)
    seen.append((window.article_view.first_page() is not None, window.is_complete(),
                 sorted(name for name in heavy if name in sys.modules)))
    app.quit()

window.show()
window.first_frame_painted.connect(at_first_frame)
app.exec()
(kept_shown, complete, loaded), = seen
assert kept_shown and not complete
print(" ".join(loaded))
"""


def test_the_first_frame_loads_no_rendering_search_or_navigator(kept_once, seed_content):
    """`mbc-reader gui`'s first frame, in a fresh process: the kept page is painted without the
    Markdown pipeline, the search engine, the catalog or the navigator (they come after it)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(seed_content)], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []
