"""Content packs: folders or zips of articles that staff install into the app's data folder.

An install is copied into ``versions/.incoming-*``, its manifest written last, renamed to
``versions/<vid>``, and only then ``current`` is re-pointed (see :mod:`pack_store` for the
layout). A copy that dies half-way (killed, disk full) therefore never touches what the app
shows. The version that was current stays on disk as the *previous* one, for
:func:`rollback_pack`; older ones go. Installing exactly the content that is already current
(same relative paths, same bytes: :func:`pack_store.content_hash`) changes nothing: no new
version, nothing pruned, so the real previous version stays available for rollback.

A pack is checked with the same loader as ``mbc-reader check`` before anything is copied.
No Qt here; the CLI (``commands/pack.py``) prints, this module raises :class:`PackError`.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .library import content_dirs
from .loader import article_ids, iter_content_files, load_library
from .models import Problem, Severity
from .pack_store import (
    MANIFEST,
    MANIFEST_FORMAT,
    PackError,
    PackInfo,
    check_name,
    clean_leftovers,
    content_hash,
    current_version,
    list_packs,
    locked,
    new_version_id,
    pack_files,
    packs_root,
    point_current,
    previous_version,
    prune,
    read_info,
    remove_tree,
    version_hash,
    versions_of,
)
from .pack_zip import ZipPackError, extract_zip

__all__ = ["PackError", "PackInfo", "InstallResult", "install_pack", "list_packs", "remove_pack", "rollback_pack",
           "refresh_search_index", "packs_root"]  # fmt: skip

log = logging.getLogger(__name__)

DISK_MARGIN = 16 * 1024 * 1024  # keep this much free after an install

CopyFile = Callable[[Path, Path], object]


@dataclass(frozen=True)
class InstallResult:
    pack: PackInfo
    replaced: str | None  # the version that was current before, now kept for rollback
    problems: list[Problem]  # everything the check found (paths relative to the pack)
    shadowed: list[str] = field(default_factory=list)  # ids other content already uses
    unchanged: bool = False  # the same content was already current: nothing was installed


def _relative(problem: Problem, root: Path) -> Problem:
    try:
        rel = problem.file.relative_to(root)
    except ValueError:
        return problem
    return Problem(rel, problem.severity, problem.code, problem.message)


def _files_to_copy(source: Path, excluded: set[Path]) -> list[Path]:
    """Every regular file of the pack except hidden ones, symlinks and the excluded (relative) ones."""
    return pack_files(source, excluded)


def _shadowed_ids(source_ids: set[str], pack_name: str, base: Path) -> list[str]:
    """Ids of this pack that the bundled content or another pack already uses (those are hidden)."""
    others = [d for d in content_dirs() if not (d.parent.parent == base and d.parent.name == pack_name)]
    taken = {i for d in others for i in article_ids(iter_content_files(d), d).values()}
    return sorted(source_ids & taken)


def _copy_all(source: Path, dest: Path, files: list[Path], copy_file: CopyFile) -> None:
    for rel in files:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_file(source / rel, target)


def _check_space(base: Path, source: Path, files: list[Path]) -> None:
    needed = sum((source / rel).stat().st_size for rel in files)
    free = shutil.disk_usage(base).free
    if needed + DISK_MARGIN > free:
        raise PackError(
            f"not enough disk space: the pack needs {needed / 1e6:.0f} MB and {free / 1e6:.0f} MB are free "
            f"in {base}; the installed content is unchanged"
        )


def install_pack(
    source: Path,
    name: str | None = None,
    *,
    force: bool = False,
    root: Path | None = None,
    copy_file: CopyFile = shutil.copy2,
    glossary=None,
) -> InstallResult:
    """Check, copy and switch to a pack (a folder or a ``.zip``). Refuses a pack with errors
    unless ``force``, which installs only the files without errors. ``copy_file`` is the file
    copier, replaceable so tests can make it fail half-way."""
    source = Path(source)
    if not source.exists():
        raise PackError(f"{source}: no such folder or zip file")
    is_zip = source.is_file()
    if is_zip and source.suffix.lower() != ".zip":
        raise PackError(f"{source}: a pack is a folder of articles or a .zip file")
    name = check_name(name or (source.stem if is_zip else source.resolve().name))
    base = packs_root(root)
    with locked(base):
        clean_leftovers(base)
        unpacked: Path | None = None
        try:
            if is_zip:
                unpacked = base / f".unpack-{secrets.token_hex(4)}"
                try:
                    folder = extract_zip(source, unpacked)
                except ZipPackError as exc:
                    raise PackError(f"{exc}; nothing was installed") from exc
                except OSError as exc:
                    raise PackError(f"{source}: cannot unpack ({exc.strerror or exc}); nothing was installed") from exc
            else:
                folder = source
            if not folder.is_dir():
                raise PackError(f"{source}: no such folder")
            return _install_folder(folder, source, name, base, force, copy_file, glossary)
        finally:
            if unpacked is not None:
                remove_tree(unpacked)


def _install_folder(
    folder: Path, source: Path, name: str, base: Path, force: bool, copy_file: CopyFile, glossary
) -> InstallResult:
    if glossary is None:
        from .glossary import Glossary

        glossary = Glossary.bundled()
    library = load_library(folder, glossary=glossary)
    problems = [_relative(p, folder) for p in library.problems]
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if any(p.code == "no-folder" for p in errors):
        raise PackError(f"{source}: the folder cannot be read", errors)
    if errors and not force:
        raise PackError(
            f"{source}: {len(errors)} file(s) with errors; nothing was installed. Fix them, or use --force "
            "to install only the files without errors",
            errors,
        )
    if not library.articles:
        raise PackError(f"{source}: no articles to install (.md, .markdown or .txt files with front matter)", errors)
    skipped = sorted({p.file for p in errors})
    files = _files_to_copy(folder, set(skipped))
    pack_dir = base / name
    fingerprint = content_hash(folder, files)
    current = current_version(pack_dir)
    if current is not None and version_hash(pack_dir, current) == fingerprint:
        info = _info(pack_dir, current, previous_version(pack_dir, current))
        return InstallResult(info, None, problems, _shadowed_ids({a.id for a in library.articles}, name, base), True)
    versions = pack_dir / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    _check_space(base, folder, files)
    vid = new_version_id()
    incoming = versions / f".incoming-{vid}"
    try:
        _copy_all(folder, incoming, files, copy_file)
        manifest = {
            "format": MANIFEST_FORMAT,
            "name": name,
            "version": vid,
            "installed": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "source": str(Path(source).resolve()),
            "articles": len(library.articles),
            "problems": {
                "errors": len(errors),
                "warnings": sum(p.severity is Severity.WARNING for p in problems),
                "notes": sum(p.severity is Severity.INFO for p in problems),
            },
            "skipped": [str(p) for p in skipped],
            "forced": bool(errors),
            "content_hash": fingerprint,
        }
        (incoming / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if hasattr(os, "sync"):
            os.sync()  # the files are on disk before anything points at them
        os.rename(incoming, versions / vid)
    except BaseException as exc:
        remove_tree(incoming)
        if pack_dir.exists() and current_version(pack_dir) is None and not versions_of(pack_dir):
            remove_tree(pack_dir)
        if isinstance(exc, OSError):
            raise PackError(
                f"the install of '{name}' failed while copying ({exc.strerror or exc}); the installed "
                "content is unchanged"
            ) from exc
        raise
    replaced = current_version(pack_dir)
    try:
        point_current(pack_dir, vid)
    except BaseException:
        remove_tree(versions / vid)  # never shown, so not a version to roll back to either
        if replaced is None:
            remove_tree(pack_dir)
        raise
    prune(pack_dir, {vid} | ({replaced} if replaced else set()))
    info = _info(pack_dir, vid, replaced)
    shadowed = _shadowed_ids({a.id for a in library.articles}, name, base)
    return InstallResult(info, replaced, problems, shadowed)


def _info(pack_dir: Path, vid: str, previous: str | None) -> PackInfo:
    info = read_info(pack_dir, vid, previous)
    if info is None:
        raise PackError(f"the pack '{pack_dir.name}' shows version {vid}, but its details ({MANIFEST}) cannot be read")
    return info


def _installed_dir(base: Path, name: str) -> Path:
    pack_dir = base / check_name(name)
    if current_version(pack_dir) is None:
        installed = ", ".join(p.name for p in list_packs(base)) or "none"
        raise PackError(f"no pack named '{name}' is installed (installed: {installed})")
    return pack_dir


def remove_pack(name: str, root: Path | None = None) -> PackInfo:
    """Stop showing a pack (one atomic unlink), then delete its files, previous versions too."""
    base = packs_root(root)
    with locked(base):
        pack_dir = _installed_dir(base, name)
        vid = current_version(pack_dir)
        info = read_info(pack_dir, vid, None) if vid else None
        (pack_dir / "current").unlink()
        doomed = base / f".removing-{name}-{secrets.token_hex(4)}"
        os.rename(pack_dir, doomed)
        remove_tree(doomed)
    if info is None:
        raise PackError(f"the pack '{name}' was removed, but its details could not be read")
    return info


def rollback_pack(name: str, root: Path | None = None) -> PackInfo:
    """Show the previous version again; the one it replaces becomes the previous (so a second
    rollback undoes the first). The result is read back from what ``current`` points at after
    the switch. Refused, with nothing changed, when no other version is kept or the kept one
    has exactly the current content (rolling back would change nothing)."""
    base = packs_root(root)
    with locked(base):
        clean_leftovers(base)
        pack_dir = _installed_dir(base, name)
        current = current_version(pack_dir)
        assert current is not None  # _installed_dir checked it
        others = [v for v in reversed(versions_of(pack_dir)) if v != current]  # newest first
        if not others:
            raise PackError(
                f"the pack '{name}' has no previous version to roll back to: only the current version "
                f"({current}) is kept; nothing was changed"
            )
        current_hash = version_hash(pack_dir, current)
        target = next((v for v in others if current_hash is None or version_hash(pack_dir, v) != current_hash), None)
        if target is None:
            raise PackError(
                f"the pack '{name}' has no different version to roll back to: the version kept ({others[0]}) has "
                f"exactly the content of the current one ({current}); nothing was changed"
            )
        point_current(pack_dir, target)
        now = current_version(pack_dir)
        if now != target:
            raise PackError(f"the rollback of '{name}' did not take: it still shows version {now or 'none'}")
        return _info(pack_dir, now, current)


def refresh_search_index() -> tuple[bool, str | None]:
    """Bring the search index up to date with the installed content, if search is available.

    Returns (updated, warning). A failure is a warning for staff, not a failed install: the
    pack is installed either way, and the index is only a cache of the content."""
    ensure_index = None
    for module in ("index", "search"):
        try:
            mod = importlib.import_module(f"mbc_reader.content.{module}")
        except ImportError:
            continue
        ensure_index = getattr(mod, "ensure_index", None)
        if ensure_index is not None:
            break
    if ensure_index is None:
        return False, None
    from .library import open_library

    try:
        ensure_index(open_library())
    except Exception as exc:  # noqa: BLE001 - the install succeeded; the index is a cache
        log.debug("index update failed", exc_info=True)
        return False, f"the search index could not be updated ({exc}); run 'mbc-reader index' to rebuild it"
    return True, None
