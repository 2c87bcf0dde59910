"""Where installed content packs live and how their state is read and switched.

Layout (``data_dir()/packs`` for one account; ``paths.system_packs_dir()``, by default
``/var/lib/mbc-reader/packs``, for every account), matching :func:`content.library.content_dirs`::

    packs/<name>/versions/<vid>/         one complete copy per install, ``.mbc-pack.json`` inside
    packs/<name>/versions/.incoming-*/   an install being copied (never shown, removed if left)
    packs/<name>/CURRENT                 "versions/<vid>": what the app shows

``CURRENT`` is the single source of truth (:func:`content.storage.switch_version`): it changes with
one atomic ``os.replace``, so the app sees the old version or the new one, never a mixture. Packs
installed by older versions of the app have a ``current -> versions/<vid>`` symbolic link instead;
it is read while there is no ``CURRENT`` and removed at the pack's next switch. Version ids sort
by install time.

A version's content is identified by :func:`content_hash` (relative paths and bytes of its files,
the manifest left out), kept in the manifest as ``content_hash``: installing the same content
again is recognised and changes nothing, so it cannot push the real previous version out.

The system folder is written only by an account that may write it (root; :func:`check_system_access`
refuses anyone else before anything is read), and what it holds is made readable by every
account (:func:`open_to_all`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .. import paths
from . import storage
from .models import Problem

log = logging.getLogger(__name__)

MANIFEST = ".mbc-pack.json"
LEGACY_LINK = "current"  # the symbolic link older versions of the app switched (CURRENT now)
MANIFEST_FORMAT = 1  # "content_hash" was added later: manifests without it are hashed from their files
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class PackError(Exception):
    """A pack operation refused or failed; the message is for staff. ``problems`` lists the
    files that made a pack be refused (paths relative to the pack)."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    exit_code = 1


class PackRefused(PackError):
    """A pack refused for what it is rather than what its articles say: not signed, signed by
    an unknown key, changed after it was built, made for another app version, or older than
    the installed version. One line for staff; ``mbc-reader pack`` exits 2."""

    exit_code = 2


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
    # Only for packs built with 'mbc-reader pack build' (None for folders and plain zips):
    pack_version: str | None = None  # the publisher's version ("2025.06.1"); ``version`` is the install id
    signed_by: str | None = None  # the trusted key (file name without .pub) that verified it
    key_id: str | None = None  # that key's id, "ed25519:<16 hex>"
    search_index: str | None = None  # "shipped": its prebuilt index was used; "discarded": built here
    system: bool = False  # installed for every account (the system packs folder), not only this one

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
            "pack_version": self.pack_version,
            "signed_by": self.signed_by,
            "key_id": self.key_id,
            "search_index": self.search_index,
            "system": self.system,
        }


def packs_root(root: Path | None = None, system: bool = False) -> Path:
    """``root`` when given, else the system packs folder (``system``) or this account's."""
    if root is not None:
        return root
    return paths.system_packs_dir() if system else paths.data_dir() / "packs"


def check_system_access(base: Path, what: str) -> None:
    """Refuse (PackRefused, before anything is read or written) a system-wide change by an
    account that cannot write the system packs folder: on a clinic computer, anyone but root."""
    if os.name != "posix" or os.geteuid() == 0:
        return
    probe = base
    while not os.path.lexists(probe) and probe.parent != probe:  # lexists: False, not an error, when hidden
        probe = probe.parent
    effective = os.access in os.supports_effective_ids  # the ids the write would be made with
    if os.path.isdir(probe) and os.access(probe, os.W_OK | os.X_OK, effective_ids=effective):
        return  # a folder this account may write (MBC_READER_SYSTEM_PACKS pointing at its own)
    try:
        import pwd  # POSIX, as is this check

        user = pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError, OSError):
        user = f"uid {os.geteuid()}"
    raise PackRefused(
        f"refused {what}: changing the packs of every account (--system) needs an administrator, and this "
        f"account ({user}) cannot write {base}; run it as root (sudo mbc-reader pack ... --system); nothing was changed"
    )


def check_name(name: str) -> str:
    if not NAME_RE.match(name):
        raise PackError(
            f"'{name}' cannot be a pack name: use letters, digits, '.', '-' or '_' (up to 64), "
            "starting with a letter or digit (give one with --name)"
        )
    return name


# -- reading the state ----------------------------------------------------------------------------


def read_manifest(version_dir: Path) -> dict | None:
    try:
        data = json.loads((version_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def current_folder(pack_dir: Path) -> Path | None:
    """The version folder the app shows (``versions/<vid>``), or None."""
    folder = storage.current_version(pack_dir, legacy_link=LEGACY_LINK)
    return folder if folder is not None and folder.parent == pack_dir / "versions" else None


def current_version(pack_dir: Path) -> str | None:
    folder = current_folder(pack_dir)
    return folder.name if folder is not None else None


def versions_of(pack_dir: Path) -> list[str]:
    """Complete versions, oldest first (version ids sort by install time)."""
    folder = pack_dir / "versions"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".") and (p / MANIFEST).is_file())


def pack_files(folder: Path, excluded: set[Path] | frozenset[Path] = frozenset()) -> list[Path]:
    """Every regular file under ``folder`` (relative paths, sorted), except hidden files and
    folders (the manifest among them), symbolic links and the ``excluded`` relative paths."""
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(filenames):
            path = here / name
            rel = path.relative_to(folder)
            if name.startswith(".") or path.is_symlink() or not path.is_file() or rel in excluded:
                continue
            out.append(rel)
    return out


def content_hash(folder: Path, files: list[Path] | None = None) -> str:
    """SHA-256 over the relative paths (as a/b.md) and bytes of ``files`` (default: all of
    :func:`pack_files`): equal hashes, equal content, wherever the folder is and whatever the
    files' times. Each path and length is written before the bytes, so no two layouts collide."""
    digest = hashlib.sha256(b"mbc-pack-content-1\0")
    for rel in sorted(files if files is not None else pack_files(folder), key=lambda r: r.as_posix()):
        path = folder / rel
        name = rel.as_posix().encode("utf-8")
        digest.update(len(name).to_bytes(4, "big") + name + path.stat().st_size.to_bytes(8, "big"))
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def version_hash(pack_dir: Path, vid: str) -> str | None:
    """The content hash of an installed version: from its manifest, else from its files (a
    version installed before hashes were recorded); None if it cannot be read."""
    folder = pack_dir / "versions" / vid
    data = read_manifest(folder)
    if data is None:
        return None
    stored = data.get("content_hash")
    if isinstance(stored, str) and stored:
        return stored
    try:
        return content_hash(folder)
    except OSError:
        return None


def previous_version(pack_dir: Path, current: str | None) -> str | None:
    others = [v for v in versions_of(pack_dir) if v != current]
    return others[-1] if others else None


def read_info(pack_dir: Path, vid: str, previous: str | None, system: bool = False) -> PackInfo | None:
    folder = pack_dir / "versions" / vid
    data = read_manifest(folder)
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
        pack_version=_text_or_none(data.get("pack_version")),
        signed_by=_text_or_none(data.get("signed_by")),
        key_id=_text_or_none(data.get("key_id")),
        search_index=_text_or_none(data.get("search_index")),
        system=system,
    )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def list_packs(root: Path | None = None, system: bool | None = False) -> list[PackInfo]:
    """Installed packs (those the app shows), by name: this account's (``system=False``), the
    system folder's (``True``), or both, system ones first as the app loads them (``None``).
    Read-only: leftovers are not cleaned here."""
    if system is None:
        return list_packs(None, True) + list_packs(root, False)
    base = packs_root(root, system)
    try:
        entries = sorted(base.iterdir())
    except OSError:  # none installed, or a folder this account may not list
        return []
    out = []
    for pack_dir in entries:
        if pack_dir.name.startswith(".") or not pack_dir.is_dir():
            continue
        vid = current_version(pack_dir)
        info = read_info(pack_dir, vid, previous_version(pack_dir, vid), system) if vid else None
        if info is not None:
            out.append(info)
    return out


def open_to_all(folder: Path) -> None:
    """Folders 0755 and files 0644 under ``folder`` (itself included): what the system packs
    folder holds is read by every account and written by none but root, whatever the umask."""
    folder.chmod(0o755)
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            path = Path(dirpath, name)
            if not path.is_symlink():
                path.chmod(0o755)
        for name in filenames:
            path = Path(dirpath, name)
            if not path.is_symlink():
                path.chmod(0o644)


# -- changing the state ---------------------------------------------------------------------------


@contextlib.contextmanager
def locked(base: Path) -> Iterator[None]:
    """One pack operation at a time (another would delete this one's half-copied folder)."""
    try:
        with storage.locked(base / ".lock"):
            yield
    except storage.LockBusy:
        raise PackError("another pack install, removal or rollback is running; try again when it ends") from None


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def clean_leftovers(base: Path) -> None:
    """Remove what an interrupted operation left: half copies, unpacked zips, half removals."""
    for entry in base.iterdir():
        if entry.name.startswith((".unpack-", ".removing-")):
            log.info("removing leftover %s", entry)
            remove_tree(entry)
        elif entry.is_dir() and not entry.name.startswith("."):
            versions = entry / "versions"
            if versions.is_dir():
                for stale in versions.glob(".incoming-*"):
                    log.info("removing an interrupted install %s", stale)
                    remove_tree(stale)
            for stale in entry.iterdir():
                if storage.is_leftover(stale) or stale.name.startswith(".current-"):  # half switches
                    stale.unlink(missing_ok=True)
            if current_version(entry) is None and not versions_of(entry):
                remove_tree(entry)  # a first install that never finished


def point_current(pack_dir: Path, vid: str) -> None:
    """Atomically make ``versions/<vid>`` the version the app shows."""
    try:
        storage.switch_version(pack_dir, pack_dir / "versions" / vid)
    except OSError as exc:
        raise PackError(f"cannot switch the pack to its new version: {pack_dir / storage.CURRENT} "
                        f"cannot be written ({exc.strerror or exc})") from exc  # fmt: skip
    unpoint_legacy(pack_dir)


def unpoint_legacy(pack_dir: Path) -> None:
    """Remove an older app's ``current`` symbolic link (``CURRENT`` decides from now on)."""
    link = pack_dir / LEGACY_LINK
    if link.is_symlink():
        link.unlink()


def stop_showing(pack_dir: Path) -> None:
    """The pack shows nothing any more (one atomic unlink; its files stay until removed)."""
    (pack_dir / storage.CURRENT).unlink(missing_ok=True)
    unpoint_legacy(pack_dir)


def prune(pack_dir: Path, keep: set[str]) -> None:
    for vid in versions_of(pack_dir):
        if vid not in keep:
            remove_tree(pack_dir / "versions" / vid)


def new_version_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(2)
