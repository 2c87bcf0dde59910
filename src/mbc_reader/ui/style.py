"""The look of the reader: window style sheet, article CSS, sizes and icons (colours: theme.py).

Sizes in the article CSS are computed here, in points, from one text scale, because Qt's HTML
subset has no ``em``/``rem``: changing the text size means a new style sheet and a re-layout.
Files come from ``resources/ui/`` (see :mod:`mbc_reader.paths`), read once and cached.
"""

from __future__ import annotations

import functools
import logging
from string import Template

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from .. import paths

log = logging.getLogger(__name__)

#: The article's body size at text scale 1.0: large enough for a stressed reader at arm's length.
BASE_POINT_SIZE = 14.0
#: The steps A−/A+ walk through (1.0 is the default).
SCALE_STEPS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0)
MIN_SCALE, MAX_SCALE = SCALE_STEPS[0], SCALE_STEPS[-1]
#: The widest comfortable text column, in average characters of the body font.
MEASURE_CHARS = 72

GLOSSARY = "#0b6b5f"


def clamp_scale(scale: float) -> float:
    try:
        value = float(scale)
    except (TypeError, ValueError):
        return 1.0
    if value != value:  # NaN from a damaged settings file
        return 1.0
    return min(MAX_SCALE, max(MIN_SCALE, value))


def step_scale(scale: float, direction: int) -> float:
    """The next size step up (+1) or down (-1) from ``scale``, even if it lies between steps."""
    scale = clamp_scale(scale)
    if direction > 0:
        return next((s for s in SCALE_STEPS if s > scale + 1e-6), MAX_SCALE)
    return next((s for s in reversed(SCALE_STEPS) if s < scale - 1e-6), MIN_SCALE)


def body_point_size(scale: float) -> float:
    return round(BASE_POINT_SIZE * clamp_scale(scale), 1)


@functools.cache
def _read_resource(name: str) -> str:
    path = paths.resource(f"ui/{name}")
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("cannot read %s (%s): using built-in defaults", path, exc.strerror or exc)
        return ""


def article_css(scale: float) -> str:
    """The article style sheet for one text scale (sizes in pt, gaps in px)."""
    body = body_point_size(scale)
    px = body * 96 / 72  # the gaps follow the text size, in pixels

    def pt(factor: float) -> str:
        return f"{body * factor:.1f}"

    values = {
        "body_pt": pt(1.0),
        "h1_pt": pt(1.75),
        "h2_pt": pt(1.38),
        "h3_pt": pt(1.16),
        "small_pt": pt(0.88),
        "tiny_pt": pt(0.8),
        "para_gap": round(px * 0.75),
        "li_gap": round(px * 0.3),
        "h1_gap": round(px * 0.6),
        "h2_top": round(px * 1.6),
        "h3_top": round(px * 1.1),
        "h_gap": round(px * 0.6),
        "fig_gap": round(px * 1.1),
        "indent": round(px * 1.5),
    }
    return Template(_read_resource("article.css")).safe_substitute(values)


def app_style_sheet() -> str:
    return _read_resource("app.qss")


def icon(name: str) -> QIcon:
    """An icon drawn for this app (``resources/ui/icons/<name>.svg``); empty if missing."""
    path = paths.resource(f"ui/icons/{name}.svg")
    if not path.is_file():
        log.warning("missing icon %s", path)
        return QIcon()
    return QIcon(str(path))


def ui_font(point_size: float = 11.0, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font
