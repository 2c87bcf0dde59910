"""A one-touch language switch for the toolbar or the home screen.

It shows the languages not in use ("Español" while the screens are in English), each named in its
own language, so a patient who cannot read the current one still finds theirs. The switch only asks :class:`~mbc_reader.ui.i18n.Translations`; widgets retranslate
themselves on ``QEvent.LanguageChange``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from .i18n import LANGUAGE_NAMES, Translations
from .lifetime import built, guarded


class LanguageSwitch(QWidget):
    def __init__(self, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageSwitch")
        self._translations = translations
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        for code in translations.languages():
            button = QPushButton(LANGUAGE_NAMES.get(code, code), self)
            button.setCheckable(True)
            button.setMinimumHeight(44)
            button.setAccessibleName(LANGUAGE_NAMES.get(code, code))
            button.clicked.connect(lambda _=False, c=code: self._on_button_clicked(c))
            self._group.addButton(button)
            box.addWidget(button)
            self.buttons[code] = button
        translations.language_changed.connect(self._on_translations_language_changed)
        self._on_translations_language_changed(translations.language)
        self.retranslate()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Language"))
        self.setAccessibleDescription(self.tr("Choose the language of the screens."))
        for button in self.buttons.values():
            button.setAccessibleDescription(self.tr("Show the screens in this language."))

    @Slot(str)
    def _on_button_clicked(self, code: str) -> None:
        shown = self._translations.set_language(code)
        self._on_translations_language_changed(shown)

    @Slot(str)
    def _on_translations_language_changed(self, code: str) -> None:
        """Only the other languages show: the toolbar stays narrow, and each name is a way out."""
        button = self.buttons.get(code)
        if button is not None:
            button.setChecked(True)
        for other, widget in self.buttons.items():
            widget.setVisible(other != code or len(self.buttons) == 1)

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
