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

What the first frame does is kept lean: the modules it needs import the rest of the window inside
the methods that build it, and they do not touch Qt's namespace (``Qt.…``) on the way, because its
first use makes PySide create ~90 Python enums (~13 ms on a clinic PC); likewise no ``viewport()``
or ``findChildren`` before the first paint (each makes PySide load most of QtWidgets' types).

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
