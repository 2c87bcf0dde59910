"""Figures: local pictures only, sized to the column; the viewer zooms, pans and closes."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument

from mbc_reader.ui.image_viewer import ImageViewer

from .conftest import SEED_ID


def test_the_article_shows_its_local_picture_sized_to_the_column(make_window, picture_content):
    window = make_window(picture_content)
    view = window.article_view
    image = view.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("figure:0"))
    assert isinstance(image, QImage) and not image.isNull()
    assert image.width() <= view.viewport().width()
    assert image.width() <= 800  # never enlarged past its own pixels


def test_remote_and_unknown_images_are_never_fetched(make_window, picture_content):
    view = make_window(picture_content).article_view
    for address in ("https://www.cancer.gov/x.jpg", "file:///etc/passwd", "figure:7", "figure:x"):
        result = view.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(address))
        assert isinstance(result, QImage) and result.isNull(), address


def test_an_unreadable_picture_shows_its_description_not_a_broken_icon(make_window, picture_content):
    (picture_content / "media" / "x.png").write_bytes(b"not a png at all")
    view = make_window(picture_content).article_view
    assert "A test picture of coloured squares" in view.toPlainText()
    assert "<img" not in view.toHtml()


def test_clicking_the_figure_opens_the_viewer_that_zooms_pans_and_closes(qtbot, make_window, picture_content):
    window = make_window(picture_content)
    window.article_view.activate_link("figure:0")
    viewer = window.image_viewer
    qtbot.waitUntil(viewer.isVisible, timeout=2000)
    assert viewer.objectName() == "imageViewer"
    assert viewer.showing_image()
    assert "A test picture of coloured squares" in viewer.caption.text()
    assert "Test Credit" in viewer.caption.text()
    fitted = viewer.zoom_factor()
    assert 0 < fitted

    viewer.zoom_in_button.click()
    assert viewer.zoom_factor() > fitted
    viewer.canvas.setFocus()
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_Plus)
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_Plus)
    zoomed = viewer.zoom_factor()
    assert zoomed > fitted * 1.5
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_Minus)
    assert viewer.zoom_factor() < zoomed

    for _ in range(6):
        viewer.zoom_in()  # large enough to pan
    bar = viewer.canvas.horizontalScrollBar()
    assert bar.maximum() > 0
    before = bar.value()
    viewport = viewer.canvas.viewport()
    start = viewport.rect().center()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(-60, -40))
    qtbot.mouseMove(viewport, start + QPoint(-120, -80))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(-120, -80))
    assert bar.value() != before  # dragging moved the picture

    qtbot.keyClick(viewer.canvas, Qt.Key.Key_0)
    assert abs(viewer.zoom_factor() - fitted) < 1e-6
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_Escape)
    assert not viewer.isVisible()


def _viewer_on_the_picture(qtbot, picture_content) -> ImageViewer:
    """A 900x700 viewer showing the picture article's figure."""
    from mbc_reader.content.library import open_library

    figure = open_library([picture_content], write_cache=False).get("pic").figures[0]
    viewer = ImageViewer()
    qtbot.addWidget(viewer)
    viewer.resize(900, 700)
    viewer.show_figure(figure)
    return viewer


def test_the_mouse_wheel_zooms(qtbot, picture_content, user_dirs):
    viewer = _viewer_on_the_picture(qtbot, picture_content)
    before = viewer.zoom_factor()
    qtbot.wait(10)
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    viewport = viewer.canvas.viewport()
    event = QWheelEvent(
        QPointF(100, 100), QPointF(viewport.mapToGlobal(QPoint(100, 100))), QPoint(0, 0), QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(viewport, event)
    assert viewer.zoom_factor() > before
    viewer.close()


def test_a_figure_without_a_picture_shows_its_description_in_large_type(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    assert window.current_article_id() == SEED_ID
    assert window.article_view.find_link("figure:0") >= 0
    window.article_view.activate_link("figure:0")
    viewer = window.image_viewer
    qtbot.waitUntil(viewer.isVisible, timeout=2000)
    assert not viewer.showing_image()
    text = viewer.description.text()
    assert "Drawing of a female body" in text
    assert "Terese Winslow" in text
    assert viewer.description.font().pointSizeF() > window.article_view.document().defaultFont().pointSizeF()
    assert "<img" not in window.article_view.toHtml()  # no broken-image icon for the missing file
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    assert not viewer.isVisible()


def test_a_pinch_zooms(qtbot, picture_content, user_dirs):
    from PySide6.QtWidgets import QGestureEvent, QPinchGesture

    viewer = _viewer_on_the_picture(qtbot, picture_content)
    before = viewer.zoom_factor()
    pinch = QPinchGesture()
    pinch.setScaleFactor(1.5)
    assert viewer.canvas.viewportEvent(QGestureEvent([pinch]))
    assert abs(viewer.zoom_factor() - before * 1.5) < 1e-6
    viewer.close()
