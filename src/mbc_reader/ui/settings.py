"""The reader's remembered preferences (text size, window layout), in an ini file.

An ini file in :func:`mbc_reader.paths.config_dir` rather than QSettings' native store: it is
where staff expect it, tests redirect it with one variable, and a kiosk image can ship one.
A damaged or unreadable file gives the defaults, never an error.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from .. import paths
from . import privacy
from .style import clamp_scale

log = logging.getLogger(__name__)

FILE_NAME = "reader.ini"


def settings_path() -> Path:
    return paths.config_dir() / FILE_NAME


class ReaderSettings:
    """Typed access to the few values the window keeps between runs."""

    TEXT_SCALE = "view/text_scale"
    GEOMETRY = "window/geometry"
    SPLITTER = "window/splitter"

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else settings_path()
        if privacy.private_session():  # kiosk mode: start from staff's file, never write it
            self._qs = privacy.session_settings(True, self.path)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a read-only config folder: preferences just are not kept
            log.warning("cannot create %s (%s): preferences will not be remembered", self.path.parent, exc)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def text_scale(self) -> float:
        self._qs.sync()  # another window may have changed it
        return clamp_scale(self._qs.value(self.TEXT_SCALE, 1.0))

    def set_text_scale(self, scale: float) -> None:
        self._qs.setValue(self.TEXT_SCALE, clamp_scale(scale))
        self._qs.sync()

    def byte_array(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_byte_array(self, key: str, value: QByteArray) -> None:
        self._qs.setValue(key, value)
        self._qs.sync()
