"""The first page a reader sees, kept from the last run so the window can paint it at once.

Building the whole reader on a clinic PC (imports, the start-up catalog, the navigator over 1,400
articles, the search panel) takes about 250 ms more than a bare Qt window. The article the patient
sees first is the same every time: the home article's first part. So the window keeps its rendered
HTML here, paints it in the first frame, and builds everything else right after that frame.

The record is trusted only when nothing it was made from has changed: the app version, the list of
content folders and their modification times, the article's own file (size and time), and the text
size and picture width it was rendered for. A missing, stale or damaged record is ignored (the
window then builds exactly as without it); once the library is loaded the window shows the real home
article anyway, so a record can at worst be a frame early, never wrong for long.

Start-up rules
--------------
Everything the first frame runs (``ui/__init__.start_window``, ``ReaderWindow`` before ``complete()``,
``ArticleView`` before its first paint, and the modules they import) keeps to these rules. Comments
elsewhere in ui/ that say "first_page.py: start-up rules" refer here. Measured on a clinic PC:

1. **No ``Qt.…`` before the first frame.** The first use of Qt's namespace makes PySide create its ~90
   Python enums (~13 ms). Use the number where Qt gives one (``roles.py``: ``UserRole`` is 256), rely
   on the default (``article_view.py``: the text interaction flags), or import ``Qt`` inside the
   method that runs later (``figures.py``).
2. **Enum properties are set by name**, not with a typed value: ``toolbar.set_by_key(widget,
   "toolButtonStyle", "ToolButtonTextOnly")`` instead of ``setToolButtonStyle(Qt.…)``. Constructors
   that PySide would try with an enum overload first are called without arguments (``window.py``:
   the ``QSplitter``); ``setStyle`` is avoided (``theme.use_fusion``: ~5 ms of style enums).
3. **Imports are deferred.** A module the first frame needs imports the rest of the window, the
   rendering pipeline (Markdown, nh3, YAML), search (Whoosh), the catalog, the navigator and its
   model, Babel and Qt's accessibility types (~15 ms) inside the methods that use them, or under
   ``TYPE_CHECKING`` for annotations (``window.py``, ``article_view.py``). Qt-free helpers it uses
   (this module, ``content/storage.py``) import only the standard library at import time.
4. **No ``viewport()`` or ``findChildren`` before the first paint**: PySide's first call loads most
   of QtWidgets' types (~10 ms); ``ArticleView._viewport_size`` works the size out without it.
5. **Named tuples, not dataclasses**, for what is made before the first frame (``Theme``, ``Place``,
   ``FirstPage``, ``KioskConfig``): a dataclass costs its class creation at import.

``tests/ui/test_first_page.py::test_the_first_frame_loads_no_rendering_search_or_navigator`` starts
``mbc-reader gui`` in a fresh process and fails when the first frame has imported any of the heavy
modules it lists (Markdown, nh3, Whoosh, frontmatter, YAML, Babel, the renderer, the catalog, the
navigator and its model, the search panel); add a module there when it must stay out.

Qt-free and small on purpose (named tuples, no dataclasses): it is read before the rest of the
reader is imported.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from .. import __version__
from ..content.storage import fingerprint, write_text

log = logging.getLogger(__name__)

FILE_NAME = "first-page.json"
FORMAT = 1


class KeptFigure(NamedTuple):
    """What the view needs of a figure to show it (content.models.Figure has the rest)."""

    alt: str
    local_path: Path | None


class FirstPage(NamedTuple):
    article_id: str
    title: str
    language: str
    html: str  # content.pages.render_page() for part 1, before pictures are sized
    image_width: int  # the picture width that HTML was rendered for
    scale: float  # the text size
    figures: tuple[tuple[str, str], ...]  # (alt text, local file or "") for each figure
    source: str  # the article's file
    dirs: tuple[str, ...]  # the content folders the library was loaded from


def _stamp(path: str | Path) -> list[int] | None:
    """storage.fingerprint as JSON keeps it (a list)."""
    print_ = fingerprint(path)
    return list(print_) if print_ else None


def _dir_stamps(dirs: Sequence[str | Path]) -> list:
    return [[str(d), _stamp(d)] for d in dirs]


def load(path: Path, dirs: Sequence[str | Path]) -> FirstPage | None:
    """The kept first page for these content folders, or None if there is none or it is stale."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("version") != __version__:
            return None
        if data["dirs"] != _dir_stamps(dirs) or data["source_stamp"] != _stamp(data["source"]):
            return None
        return FirstPage(
            article_id=str(data["article_id"]),
            title=str(data["title"]),
            language=str(data["language"]),
            html=str(data["html"]),
            image_width=int(data["image_width"]),
            scale=float(data["scale"]),
            figures=tuple((str(alt), str(file)) for alt, file in data["figures"]),
            source=str(data["source"]),
            dirs=tuple(str(d) for d in dirs),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.info("the kept first page %s is not usable (%s): the window builds without it", path, exc)
        return None


def save(path: Path, page: FirstPage) -> bool:
    """Keep ``page`` for the next start (atomically; an unwritable cache only costs speed)."""
    data = {
        "format": FORMAT,
        "version": __version__,
        "dirs": _dir_stamps(page.dirs),
        "source": page.source,
        "source_stamp": _stamp(page.source),
        "article_id": page.article_id,
        "title": page.title,
        "language": page.language,
        "html": page.html,
        "image_width": page.image_width,
        "scale": page.scale,
        "figures": [list(f) for f in page.figures],
    }
    if data["source_stamp"] is None:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, json.dumps(data, ensure_ascii=False))
        return True
    except OSError as exc:  # e.g. the cache "folder" is a file
        log.info("cannot keep the first page in %s: %s", path, exc)
        return False
