"""The figure viewer: a picture fitted to the window, to zoom and pan by mouse, touch or keys.

A ``QGraphicsView`` does the work (smooth scaling, drag to pan, pinch through ``QPinchGesture``).
Most real content has no local image (the NCI pictures are not ours to bundle): then the viewer
shows the picture's description, caption and credit in large type, which is the enlargement a
reader with low vision needs anyway.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPixmap, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QGestureEvent,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPinchGesture,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..content.models import Figure
from . import style, theme
from .lifetime import built, guarded

log = logging.getLogger(__name__)

MIN_ZOOM, MAX_ZOOM = 0.05, 8.0
STEP = 1.25


class ImageCanvas(QGraphicsView):
    """The picture itself. ``zoom_factor()`` is screen pixels per image pixel."""

    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageCanvas")
        self.setScene(QGraphicsScene(self))
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self._item)
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self._fitting = True
        self.retranslate()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Picture"))
        self.setAccessibleDescription(self.tr("Zoom with + and −, move with the arrow keys."))

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_pixmap(self, pixmap: QPixmap) -> None:
        self._item.setPixmap(pixmap)
        self.scene().setSceneRect(self._item.boundingRect())
        self.fit()

    def has_image(self) -> bool:
        return not self._item.pixmap().isNull()

    def zoom_factor(self) -> float:
        return self.transform().m11()

    def is_fitted(self) -> bool:
        return self._fitting

    def fit(self) -> None:
        """The whole picture in view, never enlarged past its own pixels... unless it is tiny."""
        self._fitting = True
        if not self.has_image():
            return
        self.resetTransform()
        rect = self._item.boundingRect()
        view = self.viewport().rect().adjusted(8, 8, -8, -8)
        if rect.width() <= 0 or rect.height() <= 0 or view.width() <= 0 or view.height() <= 0:
            return
        factor = min(view.width() / rect.width(), view.height() / rect.height(), 2.0)
        self.scale(factor, factor)
        self.centerOn(self._item)
        self.zoom_changed.emit(self.zoom_factor())

    def zoom_by(self, factor: float) -> None:
        current = self.zoom_factor()
        target = min(MAX_ZOOM, max(MIN_ZOOM, current * factor))
        if abs(target - current) < 1e-9:
            return
        self._fitting = False
        self.scale(target / current, target / current)
        self.zoom_changed.emit(self.zoom_factor())

    @guarded
    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(STEP**steps)
        event.accept()

    @guarded
    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                self.zoom_by(pinch.scaleFactor())
                event.accept()
                return True
        return super().viewportEvent(event)

    @guarded
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitting:
            self.fit()


class ImageViewer(QDialog):
    """Shows one figure large. Esc (or Close) closes it; +, -, 0 zoom; drag or arrows pan."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageViewer")
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self._scale = 1.0
        self._figure: Figure | None = None

        self.canvas = ImageCanvas(self)
        self.description = QLabel(self)
        self.description.setObjectName("imageDescriptionText")
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.RichText)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description.setMaximumWidth(960)  # a readable line, even on a wide screen
        description_inner = QWidget(self)
        description_inner.setObjectName("imageDescriptionPage")
        inner_layout = QHBoxLayout(description_inner)
        inner_layout.setContentsMargins(40, 32, 40, 32)
        inner_layout.addStretch(1)
        inner_layout.addWidget(self.description, 100)
        inner_layout.addStretch(1)
        self.description_page = description_page = QScrollArea(self)
        description_page.setObjectName("imageDescription")
        description_page.setWidgetResizable(True)
        description_page.setWidget(description_inner)
        description_page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.canvas)
        self.pages.addWidget(description_page)

        self.zoom_out_button = self._button("zoom-out")
        self.zoom_in_button = self._button("zoom-in")
        self.fit_button = self._button("fit")
        self.close_button = self._button("close")
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button.clicked.connect(self.fit)
        self.close_button.clicked.connect(self.close)
        bar = QHBoxLayout()
        bar.setContentsMargins(12, 10, 12, 10)
        bar.setSpacing(8)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.close_button)

        self.caption = QLabel(self)
        self.caption.setObjectName("imageCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.caption.setMargin(14)
        self.caption.setMaximumHeight(240)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.caption)
        self._apply_fonts()
        self.retranslate()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Picture"))
        for button, text, tip in ((self.zoom_out_button, self.tr("Smaller"), self.tr("Zoom out (−)")),
                                  (self.zoom_in_button, self.tr("Larger"), self.tr("Zoom in (+)")),
                                  (self.fit_button, self.tr("Fit"), self.tr("Fit to the window (0)")),
                                  (self.close_button, self.tr("Close"), self.tr("Close (Esc)"))):
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)
        if self._figure is not None:
            self._fill_text(self._figure)

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange and self._figure is not None:
            self._fill_text(self._figure)  # the description's colours follow the theme
        super().changeEvent(event)

    def _button(self, icon: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(style.icon(icon))
        button.setIconSize(QSize(22, 22))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setMinimumHeight(40)
        return button

    def set_text_scale(self, scale: float) -> None:
        self._scale = style.clamp_scale(scale)
        self._apply_fonts()
        if self._figure is not None:
            self._fill_text(self._figure)

    def _apply_fonts(self) -> None:
        body = style.body_point_size(self._scale)
        self.caption.setFont(style.ui_font(body * 0.9))
        self.description.setFont(style.ui_font(body * 1.45))
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.close_button):
            button.setFont(style.ui_font(max(11.0, body * 0.8)))

    # -- showing a figure ------------------------------------------------------------------------

    def figure(self) -> Figure | None:
        return self._figure

    def show_figure(self, figure: Figure) -> None:
        self._figure = figure
        pixmap = QPixmap(str(figure.local_path)) if figure.local_path is not None else QPixmap()
        has_image = not pixmap.isNull()
        if figure.local_path is not None and not has_image:
            log.warning("cannot read the picture %s", figure.local_path)
        self.pages.setCurrentIndex(0 if has_image else 1)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            button.setVisible(has_image)
        self._fill_text(figure)
        self.caption.setVisible(has_image)
        parent = self.parentWidget()
        if parent is not None and not self.isVisible():
            window = parent.window().geometry()
            self.resize(max(480, round(window.width() * 0.9)), max(360, round(window.height() * 0.9)))
            self.move(window.center() - self.rect().center())
        self.show()
        self.raise_()
        self.activateWindow()
        if has_image:
            self.canvas.set_pixmap(pixmap)
            self.canvas.setFocus()
        else:
            self.canvas.set_pixmap(QPixmap())
            self.close_button.setFocus()

    def clear(self) -> None:
        """Closed and empty, as built (a kiosk reset): no picture, words, zoom or scroll position
        of the last reader's figure stay behind."""
        self.close()
        self._figure = None
        self.canvas.set_pixmap(QPixmap())
        self.canvas.resetTransform()
        self.description.setText("")
        self.caption.setText("")
        self.pages.setCurrentIndex(0)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            button.setVisible(True)
        self.caption.setVisible(True)
        for area in (self.canvas, self.description_page):
            area.horizontalScrollBar().setValue(0)
            area.verticalScrollBar().setValue(0)

    def _fill_text(self, figure: Figure) -> None:
        body = style.body_point_size(self._scale)
        t = theme.current_theme()  # colours from the theme: fixed dark ones vanish in high contrast
        alt = _escape(figure.alt or "")
        caption = _escape(figure.caption or "")
        credit = _escape(figure.credit or "")
        credit_line = f"<p style='color:{t.muted}; font-size:{body * 0.85:.0f}pt'>{self.tr('Credit:')} {credit}</p>" if credit else ""
        # Large type when there is no picture: the description is the enlargement.
        heading = self.tr("About this picture")
        parts = [f"<p style='color:{t.heading}; font-weight:700; font-size:{body * 1.1:.0f}pt'>{heading}</p>"]
        if alt:
            parts.append(f"<p style='line-height:150%; color:{t.text}'>{alt}</p>")
        if caption and caption != alt:
            parts.append(f"<p style='line-height:150%; color:{t.text}'>{caption}</p>")
        if not alt and not caption:
            parts.append(f"<p style='color:{t.text}'>{self.tr('This picture has no description.')}</p>")
        self.description.setText("".join(parts) + credit_line)
        lines = []
        if alt:
            lines.append(f"<span style='color:{t.text}'>{alt}</span>")
        if caption and caption != alt:
            lines.append(f"<span style='color:{t.text}'>{caption}</span>")
        if credit:
            lines.append(f"<span style='color:{t.muted}'>{self.tr('Credit:')} {credit}</span>")
        self.caption.setText("<br>".join(lines))

    def showing_image(self) -> bool:
        return self.pages.currentIndex() == 0 and self.canvas.has_image()

    # -- zoom --------------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self.canvas.zoom_by(STEP)

    def zoom_out(self) -> None:
        self.canvas.zoom_by(1 / STEP)

    def fit(self) -> None:
        self.canvas.fit()

    def zoom_factor(self) -> float:
        return self.canvas.zoom_factor()

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)  # Esc closes (QDialog)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
