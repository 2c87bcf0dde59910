"""Themes: high contrast and large print really change the palette, fonts, focus ring and article CSS."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QPushButton, QTextBrowser

from mbc_reader.ui import theme as themes
from mbc_reader.ui.theme import ThemeName, apply_theme, article_css, contrast_ratio, get_theme

from .conftest import app_look_kept


@pytest.fixture
def app(qapp):
    """Restore the application's look afterwards: other tests share this QApplication."""
    with app_look_kept(qapp):
        yield qapp


def test_high_contrast_pairs_reach_seven_to_one():
    t = get_theme(ThemeName.HIGH_CONTRAST)
    pairs = [(t.text, t.window), (t.text, t.base), (t.text, t.page), (t.link, t.page), (t.glossary, t.page),
             (t.muted, t.page), (t.highlighted_text, t.highlight), (t.button_text, t.button),
             (t.focus, t.window), (t.heading, t.page), (t.disabled, t.window), (t.text, t.table_head_bg)]
    for foreground, background in pairs:
        assert contrast_ratio(foreground, background) >= 7.0, (foreground, background)


def test_default_theme_text_is_readable():
    t = get_theme(ThemeName.DEFAULT)
    for foreground, background in [(t.text, t.window), (t.text, t.page), (t.link, t.page), (t.glossary, t.page),
                                   (t.muted, t.page), (t.highlighted_text, t.highlight), (t.text, t.figure_bg)]:
        assert contrast_ratio(foreground, background) >= 4.5, (foreground, background)
    assert contrast_ratio(t.focus, t.window) >= 3.0  # WCAG focus appearance


def test_contrast_ratio_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)


def test_high_contrast_changes_the_palette_and_style_sheet(app):
    apply_theme(app, ThemeName.HIGH_CONTRAST, base_qss="QWidget#sidebar { background: #f3f4f2; }")
    assert app.palette().color(QPalette.ColorRole.Window) == QColor("#000000")
    assert app.palette().color(QPalette.ColorRole.WindowText) == QColor("#ffffff")
    assert app.palette().color(QPalette.ColorRole.Highlight) == QColor("#ffff00")
    assert "#f3f4f2" not in app.styleSheet()  # the light window sheet would fight the palette
    assert re.search(r"QPushButton:focus[^{]*\{[^}]*3px solid #ffff00", app.styleSheet(), re.S)


def test_every_theme_draws_a_focus_ring(app):
    for name in ThemeName:
        sheet = themes.app_stylesheet(get_theme(name), base_qss="")
        for control in ("QPushButton:focus", "QToolButton:focus", "QLineEdit:focus", "QCheckBox:focus",
                        "QAbstractItemView:focus", "QTextBrowser:focus", "QTreeView#navigator:focus"):
            assert control in sheet, (name, control)


def test_focus_ring_is_visible_on_a_real_button(qtbot, app):
    apply_theme(app, ThemeName.HIGH_CONTRAST)
    first, second = QPushButton("One"), QPushButton("Two")
    for button in (first, second):
        qtbot.addWidget(button)
        button.show()
    unfocused_size = second.size()
    second.activateWindow()
    second.setFocus()
    qtbot.waitUntil(second.hasFocus, timeout=1000)
    image = second.grab().toImage()
    assert image.pixelColor(1, image.height() // 2) == QColor("#ffff00")  # the 3 px yellow ring
    unfocused = first.grab().toImage()
    assert unfocused.pixelColor(1, unfocused.height() // 2) != QColor("#ffff00")
    assert second.size() == unfocused_size  # focus never moves the layout


def test_large_print_scales_the_font_and_controls_and_switches_back(app):
    apply_theme(app, ThemeName.DEFAULT)
    normal = app.font().pointSizeF()
    plain = QPushButton("Text size")
    plain.ensurePolished()
    assert plain.sizeHint().height() >= 36
    apply_theme(app, ThemeName.LARGE_PRINT)
    assert app.font().pointSizeF() == pytest.approx(normal * 1.5)
    button = QPushButton("Text size")
    button.ensurePolished()
    assert button.sizeHint().height() >= 56  # large print: 56 px targets
    apply_theme(app, ThemeName.DEFAULT)
    assert app.font().pointSizeF() == pytest.approx(normal)  # no compounding


def test_large_print_combines_with_high_contrast():
    t = get_theme(ThemeName.HIGH_CONTRAST, large_print=True)
    assert t.font_scale == 1.5 and t.high_contrast and t.min_target == 56
    assert get_theme("no-such-theme") == get_theme(ThemeName.DEFAULT)
    assert get_theme(t.name) == t  # the combined name is what apply_theme records


def _font_pt(css: str, selector: str) -> float:
    return float(re.search(rf"^{selector} {{[^}}]*font-size: ([\d.]+)pt", css, re.M).group(1))


def test_article_css_follows_theme_and_text_size():
    default, high, large = (article_css(name, 1.0) for name in ThemeName)
    assert "color: #1f2a33" in default and "#ffff00" not in default
    assert "background-color: #000000" in high and "color: #ffff00" in high and "color: #00ffff" in high
    assert _font_pt(large, "body") == pytest.approx(_font_pt(default, "body") * 1.5, abs=0.1)
    assert _font_pt(article_css(ThemeName.DEFAULT, 2.0), "h1") == pytest.approx(_font_pt(default, "h1") * 2, abs=0.1)
    assert "table.figure td { background-color: #000000" in high  # no light figure cards in high contrast


def test_article_css_changes_the_rendered_document(qtbot, app):
    html = ('<h1>Title</h1><p>Text with a <a class="glossary" href="glossary:1">term</a>.</p>'
            '<table class="figure" width="100%" cellpadding="14" cellspacing="0" border="0" bgcolor="#eef3f7">'
            '<tr><td><p class="figure-alt">Picture</p></td></tr></table>')
    documents = {}
    for name in (ThemeName.DEFAULT, ThemeName.HIGH_CONTRAST):
        doc = QTextDocument()
        doc.setDefaultStyleSheet(article_css(name))
        doc.setHtml(html)
        documents[name] = doc
    block = documents[ThemeName.HIGH_CONTRAST].begin().next()
    fragment = next(_fragments(block))
    assert fragment.charFormat().foreground().color() == QColor("#ffffff")
    link = [f for f in _fragments(block) if f.text() == "term"][0]
    assert link.charFormat().foreground().color() == QColor("#00ffff")
    default_link = [f for f in _fragments(documents[ThemeName.DEFAULT].begin().next()) if f.text() == "term"][0]
    assert default_link.charFormat().foreground().color() == QColor("#0b6b5f")


def test_high_contrast_article_has_a_black_page_and_no_light_figure_card(qtbot, app, seeds_dir):
    from mbc_reader.content.library import open_library
    from mbc_reader.content.render import render_article

    (article,) = open_library([seeds_dir]).articles
    apply_theme(app, ThemeName.HIGH_CONTRAST)
    view = QTextBrowser()
    qtbot.addWidget(view)
    view.document().setDefaultStyleSheet(article_css(ThemeName.HIGH_CONTRAST))
    view.setHtml(render_article(article))
    view.resize(700, 500)
    view.show()
    cursor = view.document().find("Picture:")
    assert not cursor.isNull()
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    image = view.viewport().grab().toImage()
    pixels = [image.pixelColor(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)]
    assert QColor("#eef3f7") not in pixels  # the card's own light bgcolor is overridden
    light = sum(1 for c in pixels if c.lightness() > 200) / len(pixels)
    assert light < 0.15, f"{light:.0%} of the page is light: a light box behind white text"


def _fragments(block):
    it = block.begin()
    while not it.atEnd():
        yield it.fragment()
        it += 1


def test_themes_apply_at_runtime_to_existing_widgets(qtbot, app):
    button = QPushButton("Text size")
    qtbot.addWidget(button)
    apply_theme(app, ThemeName.DEFAULT)
    app.processEvents()  # Qt delivers the font change to widgets by events
    before = button.font().pointSizeF()
    apply_theme(app, ThemeName.LARGE_PRINT)
    app.processEvents()
    assert themes.current_theme().name == ThemeName.LARGE_PRINT
    assert button.font().pointSizeF() == pytest.approx(before * 1.5)
    assert QApplication.instance().property("mbc_theme") == ThemeName.LARGE_PRINT


def test_a_search_box_icon_stays_inside_the_box_with_theme_and_touch(qtbot, app):
    from PySide6.QtWidgets import QLineEdit, QToolButton, QVBoxLayout, QWidget

    from mbc_reader.ui.kiosk import enable_touch

    apply_theme(app, ThemeName.LARGE_PRINT)
    page = QWidget()
    box = QVBoxLayout(page)
    edit = QLineEdit(page)
    edit.setClearButtonEnabled(True)
    edit.setText("dolor")
    edit.addAction(app.style().standardIcon(app.style().StandardPixmap.SP_FileIcon), QLineEdit.ActionPosition.LeadingPosition)
    box.addWidget(edit)
    qtbot.addWidget(page)
    enable_touch(page)
    page.show()
    qtbot.waitExposed(page)
    for icon in edit.findChildren(QToolButton):
        if icon.isVisible():
            assert edit.rect().contains(icon.geometry()), icon.geometry()
            assert abs(icon.geometry().center().y() - edit.rect().center().y()) <= 3


def test_article_colours_recolour_the_windows_own_style_sheet(qapp):
    from mbc_reader.ui import style

    css = style.article_css(1.0) + themes.article_colours(ThemeName.HIGH_CONTRAST)
    doc = QTextDocument()
    doc.setDefaultStyleSheet(css)
    doc.setHtml('<h2>Heading</h2><p>Text and <a class="glossary" href="glossary:1">term</a></p>')
    heading = next(_fragments(doc.begin()))
    assert heading.charFormat().foreground().color() == QColor("#ffffff")
    term = [f for f in _fragments(doc.begin().next()) if f.text() == "term"][0]
    assert term.charFormat().foreground().color() == QColor("#00ffff")
