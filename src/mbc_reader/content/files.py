"""Which files of a content folder are articles: one light function, shared by the loader, the
catalog, packs and the search index (which checks them without loading the articles)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

CONTENT_SUFFIXES = (".md", ".markdown", ".txt")


def iter_content_files(root: Path) -> list[Path]:
    """Every ``.md``/``.markdown``/``.txt`` under ``root``, in a stable order, skipping hidden folders
    and files (the catalog, the search index and packs all list content with this one function)."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: log.warning("cannot list %s", e)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(CONTENT_SUFFIXES) and not name.startswith("."):
                found.append(Path(dirpath) / name)
    return found
