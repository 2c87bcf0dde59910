"""Which content folders the app shows, and loading them with the bundled glossary."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths

if TYPE_CHECKING:
    from .models import Library


def content_dirs(only: Path | str | None = None) -> list[Path]:
    """``only`` when given (a ``--content`` folder), else the bundled articles, then the packs
    installed for every account (``paths.system_packs_dir()``), then this account's own: an
    article id that an earlier folder already has stays hidden in the later one."""
    if only:
        return [Path(only)]
    return [paths.bundled_content_dir(), *_packs_in(paths.system_packs_dir()), *_packs_in(paths.data_dir() / "packs")]


def _packs_in(base: Path) -> list[Path]:
    """The version folder each pack in ``base`` shows (``<name>/versions/<vid>``), by pack name."""
    from .storage import current_version

    try:
        packs = sorted(p for p in base.iterdir() if not p.name.startswith("."))
    except OSError:  # no such folder (nothing installed), or not readable by this account
        return []
    shown = (current_version(p, legacy_link="current") for p in packs)  # pack_store's layout (LEGACY_LINK)
    return [folder for folder in shown if folder is not None]


def content_state(dirs: Sequence[Path] | None = None) -> tuple[str, ...]:
    """What the content folders are now, each resolved (a pack's to its version folder, also
    through an older app's ``current`` link): it changes when a pack is installed, updated,
    rolled back or removed."""
    out = []
    for folder in dirs if dirs is not None else content_dirs():
        try:
            out.append(str(Path(folder).resolve()))
        except OSError:
            out.append(str(folder))
    return tuple(out)


def open_library(dirs: Sequence[Path] | None = None, write_cache: bool = True) -> Library:
    """The library of these folders (default: bundled + packs), fast from the start-up catalog.

    ``write_cache=False`` for kiosk sessions: nothing is written to disk.
    """
    from .catalog import load_library_cached  # not at import: the window asks for content_dirs() first
    from .glossary import Glossary

    return load_library_cached(
        list(dirs) if dirs else content_dirs(), glossary=Glossary.bundled(), write=write_cache
    )
