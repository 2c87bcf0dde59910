"""Which content folders the app shows, and loading them with the bundled glossary."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .. import paths
from .glossary import Glossary
from .loader import load_library
from .models import Library


def content_dirs() -> list[Path]:
    """The bundled articles, then every installed content pack."""
    dirs = [paths.bundled_content_dir()]
    packs = paths.data_dir() / "packs"
    if packs.is_dir():
        dirs += sorted(p / "current" for p in packs.iterdir() if (p / "current").is_dir())
    return dirs


def open_library(dirs: Sequence[Path] | None = None) -> Library:
    return load_library(list(dirs) if dirs else content_dirs(), glossary=Glossary.bundled())
