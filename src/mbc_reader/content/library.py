"""Which content folders the app shows, and loading them with the bundled glossary."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths

if TYPE_CHECKING:
    from .models import Library


def content_dirs(only: Path | str | None = None) -> list[Path]:
    """``only`` when given (a ``--content`` folder), else the bundled articles, then every
    installed content pack."""
    if only:
        return [Path(only)]
    dirs = [paths.bundled_content_dir()]
    packs = paths.data_dir() / "packs"
    if packs.is_dir():
        dirs += sorted(p / "current" for p in packs.iterdir() if (p / "current").is_dir())
    return dirs


def open_library(dirs: Sequence[Path] | None = None, write_cache: bool = True) -> Library:
    """The library of these folders (default: bundled + packs), fast from the start-up catalog.

    ``write_cache=False`` for kiosk sessions: nothing is written to disk.
    """
    from .catalog import load_library_cached  # not at import: the window asks for content_dirs() first
    from .glossary import Glossary

    return load_library_cached(
        list(dirs) if dirs else content_dirs(), glossary=Glossary.bundled(), write=write_cache
    )
