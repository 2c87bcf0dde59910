"""Where the app finds its bundled files and keeps the user's.

The bundled article (``seeds/``) and the run-time resources (``resources/``) sit at the top of the
repository, as the design card lays out. A PyInstaller bundle carries both beside the code
(``sys._MEIPASS``); a wheel (``pip install .``) carries a copy inside the package as ``_home/``
(setup.py puts it there); a checkout (``pip install -e``) finds them two folders above the package.
``MBC_READER_HOME`` overrides all of these, for packagers and tests.

User folders come from platformdirs; ``MBC_READER_CACHE_DIR``, ``MBC_READER_DATA_DIR`` and
``MBC_READER_CONFIG_DIR`` override them so tests never touch the real ones. Content packs an
administrator installs for every account live in :data:`SYSTEM_PACKS`
(``MBC_READER_SYSTEM_PACKS`` overrides it, for packagers and tests).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "mbc-reader"
SYSTEM_PACKS = Path("/var/lib/mbc-reader/packs")  # read-only to users; `pack install --system` (root)


def app_home() -> Path:
    """The folder that holds ``seeds/`` and ``resources/``."""
    override = os.environ.get("MBC_READER_HOME")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    here = Path(__file__).resolve().parent
    packaged = here / "_home"
    if (packaged / "resources").is_dir():
        return packaged
    return here.parents[1]


def resources_dir() -> Path:
    return app_home() / "resources"


def resource(name: str) -> Path:
    return resources_dir() / name


def bundled_content_dir() -> Path:
    return app_home() / "seeds"


def _user_dir(env: str, default: str) -> Path:
    override = os.environ.get(env)
    return Path(override) if override else Path(default)


def cache_dir() -> Path:
    return _user_dir("MBC_READER_CACHE_DIR", platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return _user_dir("MBC_READER_DATA_DIR", platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return _user_dir("MBC_READER_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME, appauthor=False))


def system_packs_dir() -> Path:
    """The packs every account sees (ahead of its own): ``/var/lib/mbc-reader/packs``."""
    override = os.environ.get("MBC_READER_SYSTEM_PACKS", "").strip()
    return Path(override) if override else SYSTEM_PACKS
