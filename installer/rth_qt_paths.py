"""Run-time hook (runs before the app in the frozen program): tell Qt where its plugins are.

It replaces PyInstaller's own PySide6 hook, which imports QtCore at start-up just to register a
``qt.conf`` that the PySide6 wheel already registers itself when QtCore is first imported. That
import cost every command ~0.1 s, including the Qt-free ones staff use (``check``, ``pack``).
"""

import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6")  # noqa: SLF001 - set by the bootloader
if not sys.platform.startswith("win"):
    _qt = os.path.join(_qt, "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
del _qt
