"""The pictures of the article on screen: which local files can be shown, and at what size.

A figure is shown only when its file is in the content folder and Qt can read it; otherwise the
article keeps the figure's words (never Qt's broken-image icon). Pictures fit the text column
but are never enlarged past their own pixels, and are scaled once, smoothly, for the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

from . import document

if TYPE_CHECKING:
    from ..content.models import Figure
    from .first_page import KeptFigure

CARD_PADDING = 16  # the figure card's cell padding (render.py), each side


class FigureImages:
    def __init__(self) -> None:
        self._figures: tuple[Figure | KeptFigure, ...] = ()
        self._sizes: dict[int, tuple[int, int]] = {}  # figure index -> natural size (readable only)
        self.column = 0  # the text column's width the pictures are sized for

    def reset(self, figures: tuple[Figure | KeptFigure, ...]) -> None:
        self._figures = tuple(figures)
        self._sizes = {}
        for index, figure in enumerate(self._figures):
            size = document.image_size(figure.local_path)
            if size is not None:
                self._sizes[index] = size

    def has_any(self) -> bool:
        return bool(self._sizes)

    def figure(self, index: int) -> Figure | None:
        return self._figures[index] if 0 <= index < len(self._figures) else None

    def display_size(self, index: int) -> tuple[int, int] | None:
        natural = self._sizes.get(index)
        if natural is None:
            return None
        width = max(1, min(natural[0], self.column - 2 * CARD_PADDING))
        return width, max(1, round(natural[1] * width / natural[0]))

    def img_tag(self, index: int, missing: str) -> str:
        """The ``<img>`` for a figure, or its alt text (``missing`` when it has none)."""
        figure = self.figure(index)
        size = self.display_size(index)
        if figure is None or size is None:
            return f"<span>{document.escape((figure.alt if figure else '') or missing)}</span>"
        width, height = size
        # The width is in the address: the document caches images by address, and a re-layout at
        # another width must not reuse a picture scaled for the old one.
        return f'<img src="figure:{index}?w={width}" alt="{document.escape(figure.alt)}" width="{width}" height="{height}">'

    def image(self, index: int, ratio: float = 1.0) -> QImage:
        """The picture scaled to its place (for ``ratio`` device pixels per pixel); empty if none."""
        figure = self.figure(index)
        size = self.display_size(index)
        if figure is None or figure.local_path is None or size is None:
            return QImage()
        image = QImage(str(figure.local_path))
        if image.isNull():
            return QImage()
        from PySide6.QtCore import Qt  # here, not at import (start-up rules: first_page.py)

        ratio = max(1.0, ratio)
        scaled = image.scaled(
            round(size[0] * ratio), round(size[1] * ratio),
            Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation,
        )  # fmt: skip
        scaled.setDevicePixelRatio(ratio)
        return scaled
