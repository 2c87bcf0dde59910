"""Themes: calm light (default), high contrast and large print, for the window and the article.

One :class:`Theme` value holds every colour and size, so the app style sheet, the ``QPalette`` and the
article's CSS (``QTextDocument.setDefaultStyleSheet``) always agree. High contrast is black, white
and yellow with every text/background pair at 7:1 or more (WCAG AAA, checked by the tests with
:func:`contrast_ratio`). Large print scales the base font 1.5x and enlarges the controls; it can be
combined with high contrast (``get_theme("high-contrast", large_print=True)``).

Every focusable control gets a visible focus ring from the style sheet. The ring swaps a 1 px
border plus 2 px margin (2 px padding for text boxes) for a 3 px border, so focus never moves the layout.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import NamedTuple

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


class ThemeName(StrEnum):
    DEFAULT = "default"
    HIGH_CONTRAST = "high-contrast"
    LARGE_PRINT = "large-print"


class Theme(NamedTuple):  # a named tuple: made before the first frame (start-up rules: first_page.py)
    name: str
    window: str
    text: str
    base: str  # inputs and lists
    page: str  # the article page
    button: str
    button_text: str
    border: str
    highlight: str
    highlighted_text: str
    link: str
    glossary: str
    focus: str
    muted: str
    disabled: str
    heading: str
    figure_bg: str
    figure_border: str
    table_head_bg: str
    handle: str  # scroll bar handles: 3:1 against the window at least
    font_scale: float = 1.0
    min_target: int = 36  # px; kiosk touch mode raises it to 44 or more
    scrollbar: int = 0  # px; 0 keeps the style's own width
    high_contrast: bool = False


_DEFAULT = Theme(
    name=ThemeName.DEFAULT, window="#f3f4f2", text="#1f2a33", base="#ffffff", page="#fdfcf9", button="#ffffff",
    button_text="#1f2a33", border="#8c99a5", highlight="#cfe0ef", highlighted_text="#10202c",
    link="#1f5f99", glossary="#0b6b5f", focus="#1f5f99", muted="#56636e", disabled="#7a858d",
    heading="#183450", figure_bg="#eef3f7", figure_border="#d5e0ea", table_head_bg="#e8eef3",
    handle="#6f7c88",
)
_HIGH_CONTRAST = Theme(
    name=ThemeName.HIGH_CONTRAST, window="#000000", text="#ffffff", base="#000000", page="#000000", button="#000000",
    button_text="#ffffff", border="#ffffff", highlight="#ffff00", highlighted_text="#000000",
    link="#ffff00", glossary="#00ffff", focus="#ffff00", muted="#e6e6e6", disabled="#b3b3b3",
    heading="#ffffff", figure_bg="#000000", figure_border="#ffffff", table_head_bg="#1a1a1a", handle="#ffffff",
    min_target=44, scrollbar=20, high_contrast=True,
)
_LARGE = {"font_scale": 1.5, "min_target": 56, "scrollbar": 26}
THEMES: dict[str, Theme] = {
    ThemeName.DEFAULT: _DEFAULT,
    ThemeName.HIGH_CONTRAST: _HIGH_CONTRAST,
    ThemeName.LARGE_PRINT: _DEFAULT._replace(name=ThemeName.LARGE_PRINT, **_LARGE),
}


_current: Theme | None = None


def current_theme() -> Theme:
    """The theme :func:`apply_theme` last applied (the default before that)."""
    return _current or _DEFAULT


def get_theme(name: str | Theme = ThemeName.DEFAULT, *, large_print: bool = False) -> Theme:
    """A theme by name (``"high-contrast+large-print"`` combines); unknown names give the default."""
    if isinstance(name, Theme):
        theme = name
    else:
        base, _, extra = str(name).partition("+")
        large_print = large_print or extra == ThemeName.LARGE_PRINT
        theme = THEMES.get(base)
        if theme is None:
            log.warning("unknown theme %r; using the default theme", name)
            theme = _DEFAULT
    if large_print and theme.font_scale < _LARGE["font_scale"]:
        theme = theme._replace(name=f"{theme.name}+large-print", **_LARGE)
    return theme


def _luminance(colour: str) -> float:
    c = QColor(colour)
    channels = []
    for value in (c.redF(), c.greenF(), c.blueF()):
        channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio, 1.0 to 21.0."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def palette(theme: Theme) -> QPalette:
    """The palette carries the theme into what style sheets do not reach (native dialogs, link colours)."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window, QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base, QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text, QPalette.ColorRole.Button: theme.button,
        QPalette.ColorRole.ButtonText: theme.button_text, QPalette.ColorRole.BrightText: theme.highlight,
        QPalette.ColorRole.Highlight: theme.highlight, QPalette.ColorRole.HighlightedText: theme.highlighted_text,
        QPalette.ColorRole.Link: theme.link, QPalette.ColorRole.LinkVisited: theme.link,
        QPalette.ColorRole.ToolTipBase: theme.base, QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Mid: theme.border, QPalette.ColorRole.Dark: theme.handle,
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(theme.disabled))
    return pal


MIN_UI_POINT_SIZE = 11.0  # the window's floor (style.py) for a reader at arm's length
ARTICLE_POINT_SIZE = 14.0  # the article body at text scale 1.0, as in style.BASE_POINT_SIZE
_KNOWN_VIEWS = "QTreeView#navigator, QTreeView#searchResults, QTextBrowser#articleView"


def app_stylesheet(theme: Theme, base_qss: str = "") -> str:
    """The window's style sheet for ``theme``.

    ``base_qss`` (the window's own ``app.qss``) is kept for the light themes; high contrast replaces
    it, because its fixed light colours would win over the palette.
    """
    t, m = theme, theme.min_target
    # Controls grow by padding, never min-height: a style-sheet min-height replaces the minimum
    # size a widget set for itself (56 px keyboard keys would shrink) and misplaces line-edit icons.
    pad = 6 + (m - 36) // 8
    button_pad = max(4, -(-(m - 6 - round(18 * t.font_scale)) // 2))  # text ~18 px at 11 pt
    rules = [] if t.high_contrast else [base_qss]
    if t.high_contrast:
        rules.append(f"""
QWidget {{ background-color: {t.window}; color: {t.text}; }}
QTextBrowser {{ background-color: {t.page}; }}
QLineEdit, QTextEdit, QPlainTextEdit, QTextBrowser, QAbstractItemView, QComboBox, QSpinBox {{
  background-color: {t.base}; color: {t.text}; border: 2px solid {t.border};
  selection-background-color: {t.highlight}; selection-color: {t.highlighted_text}; }}
QAbstractItemView::item:selected, QAbstractItemView::item:hover {{ background: {t.highlight}; color: {t.highlighted_text}; }}
QPushButton:pressed, QPushButton:checked, QToolButton:pressed, QToolButton:checked {{
  background-color: {t.highlight}; color: {t.highlighted_text}; }}
QPushButton:disabled, QToolButton:disabled, QLineEdit:disabled {{ color: {t.disabled}; border-style: dashed; }}
QSplitter::handle {{ background: {t.border}; }}
QToolBar::separator {{ background: {t.border}; width: 2px; height: 2px; margin: 8px 6px; }}
QToolTip, QMenu {{ background-color: {t.base}; color: {t.text}; border: 2px solid {t.focus}; }}
QMenu::item:selected {{ background: {t.highlight}; color: {t.highlighted_text}; }}
QLabel {{ background: transparent; }}""")
    rules.append(f"""
QPushButton, QToolButton {{ padding: {button_pad}px 10px;
  border: 1px solid {t.border}; margin: 2px; border-radius: 6px;
  background-color: {t.button}; color: {t.button_text}; }}
QToolButton {{ border-color: transparent; background-color: transparent; }}
QLineEdit QToolButton, QLineEdit QToolButton:focus {{ padding: 0px; margin: 0px;
  border: none; }}
QLineEdit, QComboBox, QSpinBox {{ border: 1px solid {t.border}; border-radius: 6px; padding: {pad}px 8px; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus {{ border: 3px solid {t.focus}; padding: {pad - 2}px 6px; }}
QCheckBox, QRadioButton {{ border: 1px solid transparent; margin: 2px; padding: {button_pad}px 4px; }}
QPushButton:focus, QToolButton:focus, QCheckBox:focus, QRadioButton:focus, QSlider:focus {{
  border: 3px solid {t.focus}; margin: 0px; }}
QAbstractItemView:focus, QTextBrowser:focus, {_KNOWN_VIEWS.replace(",", ":focus,")}:focus {{
  border: 2px solid {t.focus}; }}
QDialog#imageViewer QToolButton:focus {{ border: 3px solid {t.focus}; padding: 4px 10px; }}
QWidget#findBar QLineEdit:focus {{ border: 3px solid {t.focus}; padding: 2px 6px; }}
QPushButton:checked {{ background-color: {t.highlight}; color: {t.highlighted_text}; border-color: {t.focus}; }}""")
    if t.scrollbar:
        s = t.scrollbar
        rules.append(f"""
QScrollBar:vertical {{ width: {s}px; background: {t.window}; border: none; margin: 0px; }}
QScrollBar:horizontal {{ height: {s}px; background: {t.window}; border: none; margin: 0px; }}
QScrollBar::handle {{ background: {t.handle}; border-radius: {s // 3}px; margin: 3px; }}
QScrollBar::handle:vertical {{ min-height: {max(m, 44)}px; }}
QScrollBar::handle:horizontal {{ min-width: {max(m, 44)}px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0px; height: 0px; border: none; background: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}""")
    return "\n".join(rule.strip() for rule in rules if rule.strip()) + "\n"


FUSION_PROPERTY = "mbc_fusion"


def use_fusion(app: QApplication) -> None:
    """The Fusion style, once per application (``ensure_app`` starts the app with ``-style Fusion``
    and marks it: calling setStyle makes PySide wrap the style and create its enums, ~5 ms;
    start-up rules: first_page.py)."""
    if app.property(FUSION_PROPERTY) is not True:
        app.setStyle("Fusion")
        app.setProperty(FUSION_PROPERTY, True)


def apply_theme(app: QApplication, theme: Theme | str, base_qss: str = "", *, large_print: bool = False) -> Theme:
    """Palette, font and style sheet on the whole app; safe to call again to switch at run time.

    Fusion is used because native styles (Windows, macOS) ignore palettes, so high contrast would
    only half work there. The base font is remembered so switching back undoes the 1.5x scale.
    """
    theme = get_theme(theme, large_print=large_print)
    use_fusion(app)
    base_font = app.property("mbc_base_font")
    if not isinstance(base_font, QFont):
        base_font = QFont(app.font())
        if 0 < base_font.pointSizeF() < MIN_UI_POINT_SIZE:
            base_font.setPointSizeF(MIN_UI_POINT_SIZE)
        app.setProperty("mbc_base_font", base_font)
    font = QFont(base_font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(base_font.pointSizeF() * theme.font_scale)
    else:
        font.setPixelSize(round(base_font.pixelSize() * theme.font_scale))
    global _current
    _current = theme  # first: widgets that answer the palette and style events below ask for it
    app.setPalette(palette(theme))
    app.setFont(font)
    app.setStyleSheet(app_stylesheet(theme, base_qss))
    app.setProperty("mbc_theme", theme.name)
    log.info("theme %s applied (font %.1f pt)", theme.name, font.pointSizeF())
    return theme


def article_css(theme: Theme | str = ThemeName.DEFAULT, scale: float = 1.0,
                base_pt: float = ARTICLE_POINT_SIZE) -> str:
    """The article's default style sheet: colours from the theme, sizes from the reader's text size.

    The same sizes as the window's ``resources/ui/article.css`` (pt from one scale, gaps in px);
    large print multiplies the scale by 1.5. Only Qt's HTML subset: no pseudo-classes, boxes on
    tables; the figure card's cells are coloured here because its ``bgcolor`` attribute (light)
    beats a rule on the table itself, and high contrast must have no light boxes.
    The page background is the view's palette (``apply_theme`` sets it).
    """
    t = get_theme(theme)
    body = base_pt * scale * t.font_scale
    unit = body * 96 / 72

    def pt(factor: float) -> str:
        return f"{body * factor:.1f}"

    def px(factor: float) -> int:
        return max(1, round(unit * factor))

    glossary_line = "underline" if t.high_contrast else "none"
    # Qt does not inherit body's colour into blocks, nor paint body's background from a default
    # style sheet: text colour goes on every block; the page colour comes from the view's palette.
    return f"""body {{ color: {t.text}; background-color: {t.page}; font-size: {pt(1.0)}pt; }}
p, li, dd, dt, td, th, div, pre, code {{ color: {t.text}; }}
p {{ margin-top: 0px; margin-bottom: {px(0.75)}px; line-height: 155%; }}
li {{ margin-bottom: {px(0.3)}px; line-height: 150%; }}
ul, ol {{ margin-top: 0px; margin-bottom: {px(0.75)}px; }}
h1 {{ font-size: {pt(1.75)}pt; font-weight: 700; color: {t.heading}; margin-top: 0px; margin-bottom: {px(0.6)}px; }}
h2 {{ font-size: {pt(1.38)}pt; font-weight: 700; color: {t.heading}; margin-top: {px(1.6)}px; margin-bottom: {px(0.45)}px; }}
h3 {{ font-size: {pt(1.16)}pt; font-weight: 700; color: {t.heading}; margin-top: {px(1.1)}px; margin-bottom: {px(0.45)}px; }}
h4, h5, h6 {{ font-size: {pt(1.0)}pt; font-weight: 700; color: {t.heading}; margin-top: {px(1.1)}px; margin-bottom: {px(0.45)}px; }}
a {{ color: {t.link}; text-decoration: underline; }}
a.glossary {{ color: {t.glossary}; text-decoration: {glossary_line}; }}
a.external {{ color: {t.link}; }}
p.meta {{ color: {t.muted}; font-size: {pt(0.88)}pt; line-height: 140%; margin-bottom: {px(0.6)}px; }}
p.meta a.external {{ color: {t.link if t.high_contrast else t.muted}; }}
table.figure {{ background-color: {t.figure_bg}; border-color: {t.figure_border}; margin-top: {px(0.75)}px; margin-bottom: {px(1.1)}px; }}
table.figure td {{ background-color: {t.figure_bg}; }}
p.figure-alt {{ color: {t.text}; }}
span.label {{ font-weight: 700; color: {t.heading}; }}
p.caption {{ color: {t.text}; font-size: {pt(0.88)}pt; line-height: 145%; }}
p.credit {{ color: {t.muted}; font-size: {pt(0.8)}pt; margin-bottom: {px(0.3)}px; }}
p.enlarge {{ font-size: {pt(0.88)}pt; margin-bottom: 0px; }}
blockquote {{ margin-left: {px(1.5)}px; color: {t.text}; }}
table {{ border-color: {t.figure_border}; }}
th {{ background-color: {t.table_head_bg}; color: {t.text}; font-weight: 700; }}
code, pre {{ font-family: monospace; }}
"""


def article_colours(theme: Theme | str = ThemeName.DEFAULT) -> str:
    """Only the theme's colours, to append to another article style sheet (later rules win in Qt).

    The window can keep its own sizes and recolour them: ``style.article_css(scale * t.font_scale)
    + article_colours(t)``.
    """
    t = get_theme(theme)
    muted_link = t.link if t.high_contrast else t.muted
    return f"""p, li, dd, dt, td, th, div, pre, code, blockquote, p.figure-alt, p.caption {{ color: {t.text}; }}
h1, h2, h3, h4, h5, h6, span.label {{ color: {t.heading}; }}
a, a.external {{ color: {t.link}; }}
a.glossary {{ color: {t.glossary}; text-decoration: {"underline" if t.high_contrast else "none"}; }}
p.meta, p.credit {{ color: {t.muted}; }}
p.meta a.external {{ color: {muted_link}; }}
table.figure {{ background-color: {t.figure_bg}; border-color: {t.figure_border}; }}
table.figure td {{ background-color: {t.figure_bg}; }}
table {{ border-color: {t.figure_border}; }}
th {{ background-color: {t.table_head_bg}; }}
"""
