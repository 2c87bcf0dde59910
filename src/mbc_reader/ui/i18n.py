"""The interface language: our Spanish strings plus Qt's own, switchable while the app runs.

``install_translations(app)`` picks the system language (``QLocale.system()``) when we have it and
English otherwise. Switching installs or removes the translators; Qt then sends every widget a
``QEvent.LanguageChange`` (widgets re-read their ``self.tr`` strings in ``changeEvent``) and
:attr:`Translations.language_changed` fires for anything else (models, the article header).

Our ``.qm`` files are built by the set-up (``scripts/build_translations.py`` from ``.ts``); if one is
missing the app still starts, in English, and says why in the log.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from .. import paths

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}  # each in its own language: never translated
APP_CATALOGUE = "mbc_reader"


def translations_dir() -> Path:
    return paths.resource("translations")


def _short(language: str) -> str:
    return language.replace("-", "_").split("_")[0].lower()


def available_languages(directory: Path | None = None) -> list[str]:
    """English plus every language we have a translation source for (built or not)."""
    directory = directory or translations_dir()
    found = {p.stem.removeprefix(APP_CATALOGUE + "_") for p in directory.glob(f"{APP_CATALOGUE}_*.ts")}
    found |= {p.stem.removeprefix(APP_CATALOGUE + "_") for p in directory.glob(f"{APP_CATALOGUE}_*.qm")}
    return [SOURCE_LANGUAGE, *sorted(_short(x) for x in found if _short(x) != SOURCE_LANGUAGE)]


def system_language(directory: Path | None = None) -> str:
    """The system's language if we speak it, else English."""
    wanted = _short(QLocale.system().name())
    return wanted if wanted in available_languages(directory) else SOURCE_LANGUAGE


class Translations(QObject):
    """Owns the installed translators (a collected QTranslator would silently vanish)."""

    language_changed = Signal(str)

    def __init__(self, app: QCoreApplication, directory: Path | None = None) -> None:
        super().__init__(app)
        self._app = app
        self._directory = directory or translations_dir()
        self._translators: list[QTranslator] = []
        self._language = SOURCE_LANGUAGE

    @property
    def language(self) -> str:
        return self._language

    def languages(self) -> list[str]:
        return available_languages(self._directory)

    def _load_ours(self, language: str) -> QTranslator | None:
        qm = self._directory / f"{APP_CATALOGUE}_{language}.qm"
        ts = qm.with_suffix(".ts")
        if not qm.exists():
            if ts.exists():
                log.warning("%s is not built; the interface stays in English. Build it with: "
                            "python scripts/build_translations.py", qm)
            else:
                log.warning("no %s translation of the interface (%s)", language, qm)
            return None
        translator = QTranslator(self)
        if not translator.load(str(qm)):
            log.warning("%s: not a Qt translation file (rebuild it with scripts/build_translations.py)", qm)
            return None
        return translator

    def _load_qt(self, language: str) -> QTranslator | None:
        """Qt's own strings (standard buttons, context menus): qtbase_<lang>.qm shipped with PySide6."""
        translator = QTranslator(self)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language}", folder):
            return translator
        log.info("no Qt translation qtbase_%s in %s; Qt's own buttons stay in English", language, folder)
        return None

    def set_language(self, language: str) -> str:
        """Switch now; returns the language actually shown (English if ours is missing)."""
        language = _short(language or SOURCE_LANGUAGE)
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators = []
        shown = SOURCE_LANGUAGE
        if language != SOURCE_LANGUAGE:
            ours = self._load_ours(language)
            if ours is not None:
                shown = language
                for translator in (ours, self._load_qt(language)):
                    if translator is not None:
                        self._app.installTranslator(translator)  # Qt posts LanguageChange to widgets
                        self._translators.append(translator)
        QLocale.setDefault(QLocale(shown))
        if self._app.applicationDisplayName() and hasattr(self._app, "setApplicationDisplayName"):
            # Qt adds the display name to every window title that does not end with it: in the
            # interface's language, or a Spanish title would end "… — Cancer information".
            self._app.setApplicationDisplayName(self._app.translate("mbc-reader", "Cancer information"))
        changed = shown != self._language
        self._language = shown
        if changed:
            log.info("interface language: %s", LANGUAGE_NAMES.get(shown, shown))
            self.language_changed.emit(shown)
        return shown


def install_translations(app: QCoreApplication, language: str | None = None,
                         directory: Path | None = None) -> Translations:
    """Call once after creating the QApplication, before building the window."""
    translations = Translations(app, directory)
    translations.set_language(language or system_language(directory))
    return translations
