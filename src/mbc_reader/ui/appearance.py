"""Theme, large print and language in one place: read at start, switched by the reader, remembered.

``Appearance(app, base_qss)`` puts the look on the app (``ensure_app`` only makes it): it installs
the translations and applies the theme that the settings file names (the system language and the calm default theme
otherwise). :class:`AccessibilityBar` gives the reader three big toggles for the toolbar: high
contrast, large print, and English/Español. Choices are saved in ``reader.ini`` — except in a
kiosk session, where :func:`mbc_reader.ui.privacy.session_settings` keeps them in memory and
:meth:`Appearance.reset` puts back the staff's choice for the next patient.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QWidget

from .. import paths
from . import privacy
from .i18n import Translations, install_translations
from .language_switch import LanguageSwitch
from .lifetime import built, guarded
from .theme import Theme, ThemeName, apply_theme
from .toolbar import set_by_key

log = logging.getLogger(__name__)

THEME_KEY = "view/theme"
LARGE_PRINT_KEY = "view/large_print"
LANGUAGE_KEY = "view/language"
LARGE_PRINT_TEXT = 1.5  # the article's text scale follows large print by this factor


class Appearance(QObject):
    changed = Signal()  # theme, size or language: views that paint their own colours refresh

    def __init__(self, app: QApplication, base_qss: str = "", *, settings: Any | None = None,
                 translations_dir: Path | None = None) -> None:
        super().__init__(app)
        self._app = app
        self._base_qss = base_qss
        self.private = privacy.private_session()
        self.settings_file = paths.config_dir() / "reader.ini"
        self._settings = settings if settings is not None else privacy.session_settings(self.private, self.settings_file)
        self._high_contrast = str(self._settings.value(THEME_KEY, ThemeName.DEFAULT)) == ThemeName.HIGH_CONTRAST
        self._large_print = bool(self._settings.value(LARGE_PRINT_KEY, False, type=bool))
        language = str(self._settings.value(LANGUAGE_KEY, "") or "")
        self.translations: Translations = install_translations(app, language or None, translations_dir)
        self.translations.language_changed.connect(self._on_translations_language_changed)
        self.theme: Theme = self._apply()
        self._initial = (self._high_contrast, self._large_print, self.translations.language)

    @property
    def high_contrast(self) -> bool:
        return self._high_contrast

    @property
    def large_print(self) -> bool:
        return self._large_print

    def _apply(self) -> Theme:
        name = ThemeName.HIGH_CONTRAST if self._high_contrast else ThemeName.DEFAULT
        self.theme = apply_theme(self._app, name, self._base_qss, large_print=self._large_print)
        return self.theme

    def _save(self, key: str, value: Any) -> None:
        self._settings.setValue(key, value)
        self._settings.sync()  # a no-op for the kiosk's memory settings

    def set_high_contrast(self, on: bool) -> None:
        if on != self._high_contrast:
            self._high_contrast = on
            self._apply()
            self._save(THEME_KEY, str(ThemeName.HIGH_CONTRAST if on else ThemeName.DEFAULT))
            self.changed.emit()

    def set_large_print(self, on: bool) -> None:
        if on != self._large_print:
            self._large_print = on
            self._apply()
            self._save(LARGE_PRINT_KEY, on)
            self.changed.emit()

    def set_language(self, language: str) -> str:
        return self.translations.set_language(language)

    @Slot(str)
    def _on_translations_language_changed(self, language: str) -> None:
        self._save(LANGUAGE_KEY, language)
        self.changed.emit()

    def dispose(self) -> None:
        """Take our translators out (a new Appearance replaces this one)."""
        self.translations.language_changed.disconnect(self._on_translations_language_changed)
        self.translations.set_language("en")
        self.deleteLater()

    def reset(self) -> None:
        """Back to how the session started (a kiosk reset: the next patient gets staff's choice)."""
        high_contrast, large_print, language = self._initial
        self.set_high_contrast(high_contrast)
        self.set_large_print(large_print)
        self.set_language(language)


def appearance_for(app: QApplication, base_qss: str = "") -> Appearance:
    """The app's Appearance, made when the window is built (after a kiosk's private session began).

    One per settings file and privacy mode: a window built for another config folder (tests) or
    for kiosk mode gets a fresh one, so a kiosk never writes a patient's choices to disk.
    """
    keep: Appearance | None = None
    _made[:] = [a for a in _made if shiboken6.isValid(a)]
    for existing in [a for a in _made if a.parent() is app]:  # not app.findChildren: ~4 ms of PySide types at start-up
        same = existing.private == privacy.private_session() and existing.settings_file == paths.config_dir() / "reader.ini"
        if same and keep is None:
            keep = existing
        else:
            _made.remove(existing)
            existing.setParent(None)
            existing.dispose()
    if keep is not None:
        return keep
    made = Appearance(app, base_qss)
    _made.append(made)
    return made


_made: list[Appearance] = []  # the appearances appearance_for() made (children of the app)


class _Follower(QObject):
    """Lives in the window, so the connection ends with it (appearances outlive test windows)."""

    def __init__(self, window: QWidget, appearance: Appearance) -> None:
        super().__init__(window)
        self._window = window
        self._appearance = appearance
        self._large_print = appearance.large_print
        appearance.changed.connect(self._on_appearance_changed)
        self._icons_or_text()
        if self._large_print and hasattr(window, "set_text_scale"):  # staff's settings file asked for it
            window.set_text_scale(max(window.text_scale(), LARGE_PRINT_TEXT))

    def _icons_or_text(self) -> None:
        """The toolbar's icons are dark drawings: in high contrast show the words alone."""
        toolbar = getattr(self._window, "toolbar", None)
        if toolbar is not None:
            text_only = self._appearance.high_contrast
            set_by_key(toolbar, "toolButtonStyle", "ToolButtonTextOnly" if text_only else "ToolButtonTextBesideIcon")

    @Slot()
    def _on_appearance_changed(self) -> None:
        window = self._window
        if self._appearance.large_print != self._large_print:
            self._large_print = self._appearance.large_print
            factor = LARGE_PRINT_TEXT if self._large_print else 1 / LARGE_PRINT_TEXT
            window.set_text_scale(window.text_scale() * factor)  # the article follows large print
        self._icons_or_text()
        window.article_view.restyle()


def follow_appearance(window: QWidget, appearance: Appearance) -> None:
    """Keep a reader window in step: article colours and, for large print, its text size."""
    window.appearance = appearance
    _Follower(window, appearance)


class AccessibilityBar(QWidget):
    """Big toggles for the toolbar: high contrast, large print, language."""

    def __init__(self, appearance: Appearance, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accessibilityBar")
        self._appearance = appearance
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        self.contrast_button = QPushButton(self)
        self.large_print_button = QPushButton(self)
        for button in (self.contrast_button, self.large_print_button):
            button.setCheckable(True)
            button.setMinimumHeight(44)
            box.addWidget(button)
        self.language_switch = LanguageSwitch(appearance.translations, self)
        box.addWidget(self.language_switch)
        self.contrast_button.toggled.connect(appearance.set_high_contrast)
        self.large_print_button.toggled.connect(appearance.set_large_print)
        appearance.changed.connect(self._on_appearance_changed)
        self._on_appearance_changed()
        self.retranslate()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    @Slot()
    def _on_appearance_changed(self) -> None:
        for button, on in ((self.contrast_button, self._appearance.high_contrast),
                           (self.large_print_button, self._appearance.large_print)):
            if button.isChecked() != on:
                button.blockSignals(True)
                button.setChecked(on)
                button.blockSignals(False)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Reading comfort"))
        self.setAccessibleDescription(self.tr("Colours, letter size and language."))
        self.contrast_button.setText(self.tr("High contrast"))
        self.contrast_button.setAccessibleName(self.tr("High contrast"))
        self.contrast_button.setAccessibleDescription(self.tr("White and yellow letters on black, easier for some eyes."))
        self.large_print_button.setText(self.tr("Large print"))
        self.large_print_button.setAccessibleName(self.tr("Large print"))
        self.large_print_button.setAccessibleDescription(self.tr("Makes all letters and buttons bigger."))

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
