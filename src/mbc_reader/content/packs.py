"""Content packs: folders or zips of articles that staff install into the app's data folder.

Layout (``data_dir()/packs``), matching :func:`content.library.content_dirs`::

    packs/<name>/versions/<vid>/         one complete copy per install, ``.mbc-pack.json`` inside
    packs/<name>/versions/.incoming-*/   an install being copied (never shown, removed if left)
    packs/<name>/current -> versions/<vid>   a relative symlink: what the app shows

An install is copied into ``.incoming-*``, its manifest written last, renamed to ``<vid>``, and
only then ``current`` is re-pointed with one atomic ``os.replace`` of a fresh symlink. A copy
that dies half-way (killed, disk full) therefore never touches what the app shows. The version
that was current stays on disk as the *previous* one, for :func:`rollback_pack`; older ones go.

A pack is checked with the same loader as ``mbc-reader check`` before anything is copied.
No Qt here; the CLI (``commands/pack.py``) prints, this module raises :class:`PackError`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .. import paths
from .library import content_dirs
from .loader import iter_content_files, load_library
from .models import Problem, Severity
from .pack_zip import ZipPackError, extract_zip

log = logging.getLogger(__name__)

MANIFEST = ".mbc-pack.json"
MANIFEST_FORMAT = 1
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
DISK_MARGIN = 16 * 1024 * 1024  # keep this much free after an install

CopyFile = Callable[[Path, Path], object]


class PackError(Exception):
    """A pack operation refused or failed; the message is for staff. ``problems`` lists the
    files that made a pack be refused (paths relative to the pack)."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class PackInfo:
    name: str
    version: str
    installed: str  # ISO 8601, UTC
    source: str
    articles: int
    errors: int
    warnings: int
    notes: int
    skipped: list[str] = field(default_factory=list)  # files left out by --force
    forced: bool = False
    path: Path | None = None  # the version folder
    previous: str | None = None  # the version rollback would restore

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "installed": self.installed,
            "source": self.source,
            "articles": self.articles,
            "problems": {"errors": self.errors, "warnings": self.warnings, "notes": self.notes},
            "skipped": list(self.skipped),
            "forced": self.forced,
            "previous": self.previous,
            "path": str(self.path) if self.path else None,
        }


@dataclass(frozen=True)
class InstallResult:
    pack: PackInfo
    replaced: str | None  # the version that was current before, now kept for rollback
    problems: list[Problem]  # everything the check found (paths relative to the pack)
    shadowed: list[str] = field(default_factory=list)  # ids other content already uses


def packs_root(root: Path | None = None) -> Path:
    return root if root is not None else paths.data_dir() / "packs"


def check_name(name: str) -> str:
    if not NAME_RE.match(name):
        raise PackError(
            f"'{name}' cannot be a pack name: use letters, digits, '.', '-' or '_' (up to 64), "
            "starting with a letter or digit (give one with --name)"
        )
    return name


# -- reading the state ----------------------------------------------------------------------------


def _read_manifest(version_dir: Path) -> dict | None:
    try:
        data = json.loads((version_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _current_version(pack_dir: Path) -> str | None:
    link = pack_dir / "current"
    try:
        target = os.readlink(link)
    except OSError:
        return None
    vid = Path(target).name
    return vid if (pack_dir / "versions" / vid).is_dir() else None


def _versions(pack_dir: Path) -> list[str]:
    """Complete versions, oldest first (version ids sort by install time)."""
    folder = pack_dir / "versions"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".") and (p / MANIFEST).is_file())


def _previous_version(pack_dir: Path, current: str | None) -> str | None:
    others = [v for v in _versions(pack_dir) if v != current]
    return others[-1] if others else None


def _info(pack_dir: Path, vid: str, previous: str | None) -> PackInfo | None:
    folder = pack_dir / "versions" / vid
    data = _read_manifest(folder)
    if data is None:
        return None
    problems = data.get("problems", {})
    return PackInfo(
        name=pack_dir.name,
        version=vid,
        installed=str(data.get("installed", "")),
        source=str(data.get("source", "")),
        articles=int(data.get("articles", 0)),
        errors=int(problems.get("errors", 0)),
        warnings=int(problems.get("warnings", 0)),
        notes=int(problems.get("notes", 0)),
        skipped=list(data.get("skipped", [])),
        forced=bool(data.get("forced", False)),
        path=folder,
        previous=previous,
    )


def list_packs(root: Path | None = None) -> list[PackInfo]:
    """Installed packs (those the app shows), by name. Read-only: leftovers are not cleaned here."""
    base = packs_root(root)
    if not base.is_dir():
        return []
    out = []
    for pack_dir in sorted(base.iterdir()):
        if pack_dir.name.startswith(".") or not pack_dir.is_dir():
            continue
        vid = _current_version(pack_dir)
        info = _info(pack_dir, vid, _previous_version(pack_dir, vid)) if vid else None
        if info is not None:
            out.append(info)
    return out


# -- changing the state ---------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(base: Path) -> Iterator[None]:
    """One pack operation at a time (another would delete this one's half-copied folder)."""
    base.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, operations are rare and done by one person
        yield
        return
    with open(base / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise PackError("another pack install, removal or rollback is running; try again when it ends") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _clean_leftovers(base: Path) -> None:
    """Remove what an interrupted operation left: half copies, unpacked zips, half removals."""
    for entry in base.iterdir():
        if entry.name.startswith((".unpack-", ".removing-")):
            log.info("removing leftover %s", entry)
            _remove_tree(entry)
        elif entry.is_dir() and not entry.name.startswith("."):
            versions = entry / "versions"
            if versions.is_dir():
                for stale in versions.glob(".incoming-*"):
                    log.info("removing an interrupted install %s", stale)
                    _remove_tree(stale)
            if _current_version(entry) is None and not _versions(entry):
                _remove_tree(entry)  # a first install that never finished


def _point_current(pack_dir: Path, vid: str) -> None:
    """Atomically make ``current`` point at ``versions/<vid>``."""
    tmp = pack_dir / f".current-{secrets.token_hex(4)}"
    try:
        os.symlink(Path("versions") / vid, tmp, target_is_directory=True)
    except OSError as exc:
        raise PackError(f"cannot switch the pack to its new version: this system refused a symbolic link ({exc})") from exc
    try:
        os.replace(tmp, pack_dir / "current")
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def _prune(pack_dir: Path, keep: set[str]) -> None:
    for vid in _versions(pack_dir):
        if vid not in keep:
            _remove_tree(pack_dir / "versions" / vid)


def _new_version_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(2)


def _relative(problem: Problem, root: Path) -> Problem:
    try:
        rel = problem.file.relative_to(root)
    except ValueError:
        return problem
    return Problem(rel, problem.severity, problem.code, problem.message)


def _files_to_copy(source: Path, excluded: set[Path]) -> list[Path]:
    """Every regular file of the pack except hidden ones, symlinks and the excluded (relative) ones."""
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(source):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(filenames):
            path = here / name
            rel = path.relative_to(source)
            if name.startswith(".") or path.is_symlink() or not path.is_file() or rel in excluded:
                continue
            out.append(rel)
    return out


def _shadowed_ids(source_ids: set[str], pack_name: str, base: Path) -> list[str]:
    """Ids of this pack that the bundled content or another pack already uses (those are hidden)."""
    others = [d for d in content_dirs() if not (d.parent.parent == base and d.parent.name == pack_name)]
    taken = {p.stem for d in others for p in iter_content_files(d)}
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
    with _locked(base):
        _clean_leftovers(base)
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
                _remove_tree(unpacked)


def _install_folder(folder, source, name, base, force, copy_file, glossary) -> InstallResult:
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
        raise PackError(f"{source}: no articles to install (.md or .txt files with front matter)", errors)
    skipped = sorted({p.file for p in errors})
    files = _files_to_copy(folder, set(skipped))
    pack_dir = base / name
    versions = pack_dir / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    _check_space(base, folder, files)
    vid = _new_version_id()
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
        }
        (incoming / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if hasattr(os, "sync"):
            os.sync()  # the files are on disk before anything points at them
        os.rename(incoming, versions / vid)
    except BaseException as exc:
        _remove_tree(incoming)
        if pack_dir.exists() and _current_version(pack_dir) is None and not _versions(pack_dir):
            _remove_tree(pack_dir)
        if isinstance(exc, OSError):
            raise PackError(
                f"the install of '{name}' failed while copying ({exc.strerror or exc}); the installed "
                "content is unchanged"
            ) from exc
        raise
    replaced = _current_version(pack_dir)
    try:
        _point_current(pack_dir, vid)
    except BaseException:
        _remove_tree(versions / vid)  # never shown, so not a version to roll back to either
        if replaced is None:
            _remove_tree(pack_dir)
        raise
    _prune(pack_dir, {vid} | ({replaced} if replaced else set()))
    info = _info(pack_dir, vid, replaced)
    assert info is not None
    shadowed = _shadowed_ids({a.id for a in library.articles}, name, base)
    return InstallResult(info, replaced, problems, shadowed)


def _installed_dir(base: Path, name: str) -> Path:
    pack_dir = base / check_name(name)
    if _current_version(pack_dir) is None:
        installed = ", ".join(p.name for p in list_packs(base)) or "none"
        raise PackError(f"no pack named '{name}' is installed (installed: {installed})")
    return pack_dir


def remove_pack(name: str, root: Path | None = None) -> PackInfo:
    """Stop showing a pack (one atomic unlink), then delete its files, previous versions too."""
    base = packs_root(root)
    with _locked(base):
        pack_dir = _installed_dir(base, name)
        vid = _current_version(pack_dir)
        info = _info(pack_dir, vid, None) if vid else None
        (pack_dir / "current").unlink()
        doomed = base / f".removing-{name}-{secrets.token_hex(4)}"
        os.rename(pack_dir, doomed)
        _remove_tree(doomed)
    if info is None:
        raise PackError(f"the pack '{name}' was removed, but its details could not be read")
    return info


def rollback_pack(name: str, root: Path | None = None) -> PackInfo:
    """Show the previous version again; the one it replaces becomes the previous (so a second
    rollback undoes the first)."""
    base = packs_root(root)
    with _locked(base):
        _clean_leftovers(base)
        pack_dir = _installed_dir(base, name)
        current = _current_version(pack_dir)
        previous = _previous_version(pack_dir, current)
        if previous is None:
            raise PackError(f"the pack '{name}' has no previous version to roll back to")
        _point_current(pack_dir, previous)
        info = _info(pack_dir, previous, current)
    assert info is not None
    return info


def refresh_search_index() -> tuple[bool, str | None]:
    """Bring the search index up to date with the installed content, if search is available.

    Returns (updated, warning). A failure is a warning for staff, not a failed install: the
    pack is installed either way, and the index is only a cache of the content."""
    ensure_index = None
    for module in ("index", "search"):
        try:
            mod = __import__(f"mbc_reader.content.{module}", fromlist=["ensure_index"])
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
