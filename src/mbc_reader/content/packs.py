"""Content packs: folders or zips of articles that staff install into the app's data folder.

An install is copied into ``versions/.incoming-*``, its manifest written last, renamed to
``versions/<vid>``, and only then ``current`` is re-pointed (see :mod:`pack_store` for the
layout). A copy that dies half-way (killed, disk full) therefore never touches what the app
shows. The version that was current stays on disk as the *previous* one, for
:func:`rollback_pack`; older ones go. Installing exactly the content that is already current
(same relative paths, same bytes: :func:`pack_store.content_hash`) changes nothing: no new
version, nothing pruned, so the real previous version stays available for rollback.

A pack is checked with the same loader as ``mbc-reader check`` before anything is copied.
``system=True`` does all of this in the system packs folder every account reads (root only:
:func:`pack_store.check_system_access`), with the same atomic switch and rollback, and leaves
what it wrote readable by all.
No Qt here; the CLI (``commands/pack.py``) prints, this module raises :class:`PackError`.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from .library import content_dirs
from .loader import article_ids, iter_content_files
from .models import Problem, Severity
from .pack_build import (
    PACK_META,
    checked_library,
    IndexNotUsed,
    VerifiedPack,
    activate_index,
    index_folder,
    is_built,
    recheck_index,
    refuse_unsigned,
    verify_zip,
    version_key,
)
from .pack_sign import SignError, TrustStore, trust_store
from .pack_store import (
    MANIFEST,
    MANIFEST_FORMAT,
    PackError,
    PackInfo,
    PackRefused,
    check_name,
    check_system_access,
    clean_leftovers,
    content_hash,
    current_version,
    list_packs,
    locked,
    new_version_id,
    open_to_all,
    pack_files,
    packs_root,
    point_current,
    previous_version,
    prune,
    read_info,
    read_manifest,
    remove_tree,
    stop_showing,
    version_hash,
    versions_of,
)
from .pack_zip import ZipPackError, _top_folder, extract_members, open_checked

__all__ = ["PackError", "PackRefused", "PackInfo", "InstallResult", "install_pack", "list_packs", "remove_pack", "rollback_pack",
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
    warnings: list[str] = field(default_factory=list)  # e.g. "not signed": installed all the same
    index_ready: bool = False  # the pack's own (trusted) search index is in place: nothing to index
    catalog_ready: bool = False  # and its catalog is this account's start-up catalog: nothing to load either


def _files_to_copy(source: Path, excluded: set[Path]) -> list[Path]:
    """Every regular file of the pack except hidden ones, symlinks and the excluded (relative) ones."""
    return pack_files(source, excluded)


def _shadowed_ids(source_ids: set[str], pack_name: str, base: Path) -> list[str]:
    """Ids of this pack that the bundled content or another pack already uses (those are hidden)."""
    mine = (base / pack_name).resolve()  # its versions are <base>/<name>/versions/<vid>
    others = [d for d in content_dirs() if mine not in d.resolve().parents]
    taken = {i for d in others for i in article_ids(iter_content_files(d), d).values()}
    return sorted(source_ids & taken)


def _move(source: Path, target: Path) -> None:
    """A file unpacked into ``.unpack-*`` goes into the new version by a rename: copying it
    again and then deleting the unpacked copy took a third of a built pack's install."""
    os.replace(source, target)


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
    copy_file: CopyFile | None = None,
    glossary=None,
    trust: TrustStore | None = None,
    allow_downgrade: bool = False,
    system: bool = False,
    owner: str | None = None,
) -> InstallResult:
    """Check, copy and switch to a pack (a folder, a ``.zip``, or a pack zip made by
    ``pack build``). Refuses a pack with errors unless ``force``, which installs only the files
    without errors. ``copy_file`` is the file copier (default: ``shutil.copy2`` from a folder;
    from a zip, whose files are first unpacked beside the versions, a rename), replaceable so tests can make it fail
    half-way. ``trust`` defaults to the computer's trusted keys (:func:`pack_sign.trust_store`):
    when any are configured only signed built packs install; a built pack is verified member
    by member before anything is unpacked (PackRefused otherwise), and one older than the
    installed version is refused unless ``allow_downgrade``. ``system``: into the folder every
    account reads (refused, before anything else, for an account that may not write it).
    ``owner``: who reviews the pack's articles (recorded in the install manifest; a built pack's
    own ``owner`` otherwise), for the review list of articles with no ``owner:`` of their own."""
    source = Path(source)
    base = packs_root(root, system)
    if system:
        check_system_access(base, f"pack '{name or source.stem}' ({source})")
    if not source.exists():
        raise PackError(f"{source}: no such folder or zip file")
    is_zip = source.is_file()
    if is_zip and source.suffix.lower() != ".zip":
        raise PackError(f"{source}: a pack is a folder of articles or a .zip file")
    if name is not None or not is_zip:
        name = check_name(name or source.resolve().name)
    label = f"'{name or source.stem}' ({source})"
    if trust is None:
        try:
            trust = trust_store()
        except SignError as exc:
            raise PackRefused(f"refused pack {label}: {exc}; nothing was installed") from None
    with locked(base):
        if system:
            base.chmod(0o755)
        clean_leftovers(base)
        unpacked: Path | None = None
        try:
            built: VerifiedPack | None = None
            warnings: list[str] = []
            if is_zip:
                unpacked = base / f".unpack-{secrets.token_hex(4)}"
                built, warnings = _unpack(source, unpacked, name, base, trust, allow_downgrade)
                folder = unpacked if built is not None else _top_folder(unpacked)
                copy_file = copy_file or _move  # unpacked here, in the same folder: moved, not copied again
                name = check_name(name or (built.name if built is not None else source.stem))
            else:
                refuse_unsigned("a folder", label, trust)
                folder = source
            if not folder.is_dir():
                raise PackError(f"{source}: no such folder")
            return _install_folder(folder, source, name, base, force, copy_file or shutil.copy2, glossary, built,
                                   warnings, system, owner)  # fmt: skip
        finally:
            if unpacked is not None:
                remove_tree(unpacked)


def _unpack(
    source: Path, dest: Path, name: str | None, base: Path, trust: TrustStore, allow_downgrade: bool
) -> tuple[VerifiedPack | None, list[str]]:
    """Check the zip (a built pack: its signature and every member's hash) and only then unpack
    it into ``dest``: the articles, and the index only when it is trusted."""
    try:
        archive, entries = open_checked(source)
    except ZipPackError as exc:
        raise PackError(f"{exc}; nothing was installed") from exc
    with archive:
        if is_built(entries):
            built = verify_zip(archive, entries, source, trust, name)
            _check_downgrade(base / (name or built.name), built, source, allow_downgrade)
            selected, expected, warnings = built.articles + built.index, built.expected, list(built.warnings)
        else:
            refuse_unsigned("this zip", f"'{name or source.stem}' ({source})", trust)
            built, selected, expected = None, entries, None
            warnings = [f"pack '{name or source.stem}' is a plain zip, not signed: its origin cannot be checked"]
        try:
            extract_members(archive, selected, dest, expected)
        except ZipPackError as exc:
            raise PackError(f"{exc}; nothing was installed") from exc
        except OSError as exc:
            raise PackError(f"{source}: cannot unpack ({exc.strerror or exc}); nothing was installed") from exc
    return built, warnings


def _check_downgrade(pack_dir: Path, built: VerifiedPack, source: Path, allow: bool) -> None:
    current = current_version(pack_dir)
    data = read_manifest(pack_dir / "versions" / current) if current else None
    installed = data.get("pack_version") if data else None
    if allow or not isinstance(installed, str) or not installed:
        return
    if version_key(built.version) < version_key(installed):
        raise PackRefused(
            f"refused pack '{pack_dir.name}' ({source}): its version {built.version} is older than the installed "
            f"version {installed}; nothing was installed (--allow-downgrade installs it anyway)"
        )


def _built_fields(built: VerifiedPack | None) -> dict:
    """What the install manifest records about a built pack (nothing for folders and plain zips)."""
    if built is None:
        return {}
    manifest = built.manifest
    has_index = any(m.startswith(f"{PACK_META}/index/") for m in manifest.get("members", {}))
    return {
        "pack_version": built.version,
        "built": manifest.get("built"),
        "languages": manifest.get("languages"),
        "app": manifest.get("app"),
        "signed_by": built.signer.name if built.signer else None,
        "key_id": built.signer.key_id if built.signer else None,
        "claimed_key": built.claimed_key,  # the key its signature names, checked or not
        "search_index": ("shipped" if built.index else "discarded") if has_index else None,
        "owner": manifest.get("owner") if isinstance(manifest.get("owner"), str) else None,
    }


_IDENTITY = ("pack_version", "signed_by", "key_id")


def _install_folder(
    folder: Path,
    source: Path,
    name: str,
    base: Path,
    force: bool,
    copy_file: CopyFile,
    glossary,
    built: VerifiedPack | None = None,
    warnings: list[str] | None = None,
    system: bool = False,
    owner: str | None = None,
) -> InstallResult:
    warnings = list(warnings or [])
    checked = _checked_by_publisher(folder, built) if built is not None and built.trusted else None
    if checked is None:
        checked = _check(folder, source, force, glossary)
    problems, errors, article_count, pack_ids = checked[:4]
    skipped = sorted({p.file for p in errors})
    files = _files_to_copy(folder, set(skipped))
    pack_dir = base / name
    fingerprint = checked.content_hash or content_hash(folder, files)
    extra = _built_fields(built)
    owner = " ".join(owner.split()) if owner else extra.get("owner")
    extra["owner"] = owner or None
    current = current_version(pack_dir)
    if current is not None and version_hash(pack_dir, current) == fingerprint:
        same = read_manifest(pack_dir / "versions" / current) or {}
        if all(same.get(k) == extra.get(k) for k in (*_IDENTITY, "owner")):
            info = _info(pack_dir, current, previous_version(pack_dir, current), system)
            shadowed = _shadowed_ids(pack_ids, name, base)
            return InstallResult(info, None, problems, shadowed, True, warnings)
    versions = pack_dir / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    index_files = sorted(p for p in index_folder(folder).glob("*") if p.is_file()) if built and built.index else []
    _check_space(base, folder, files + [p.relative_to(folder) for p in index_files])
    vid = new_version_id()
    incoming = versions / f".incoming-{vid}"
    try:
        _copy_all(folder, incoming, files, copy_file)
        if built is not None:
            meta = incoming / PACK_META
            meta.mkdir(parents=True, exist_ok=True)
            (meta / "manifest.json").write_bytes(built.manifest_bytes)
            if built.signature is not None:
                (meta / "signature.json").write_bytes(built.signature)
            _copy_all(folder, incoming, [p.relative_to(folder) for p in index_files], copy_file)
        manifest = {
            "format": MANIFEST_FORMAT,
            "name": name,
            "version": vid,
            "installed": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "source": str(Path(source).resolve()),
            "articles": article_count,
            "problems": _counts(problems, errors, built if built is not None and built.trusted else None),
            "skipped": [str(p) for p in skipped],
            "forced": bool(errors),
            "content_hash": fingerprint,
            **extra,
        }
        (incoming / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if system:
            open_to_all(incoming)
            pack_dir.chmod(0o755)
            versions.chmod(0o755)
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
    index_ready = False
    if index_files and not system:  # a system pack's index is put in place by each account's reader
        index_ready = _use_shipped_index(versions / vid, name, warnings)
    catalog_ready = False
    if built is not None and built.catalog is not None and not system:
        catalog_ready = _use_shipped_catalog(versions / vid, built.catalog, name)
    info = _info(pack_dir, vid, replaced, system)
    shadowed = _shadowed_ids(pack_ids, name, base)
    return InstallResult(info, replaced, problems, shadowed, False, warnings, index_ready, catalog_ready)


class _Checked(NamedTuple):
    problems: list[Problem]  # paths relative to the pack
    errors: list[Problem]
    articles: int
    ids: set[str]
    content_hash: str | None = None  # known already (a trusted pack's signed manifest says it)


def _check(folder: Path, source: Path, force: bool, glossary) -> _Checked:
    """Load the pack's articles as ``mbc-reader check`` does; refuse one with errors unless ``force``."""
    library, problems, errors = checked_library(folder, source, force, glossary, "nothing was installed",
                                                "install only the files without errors")  # fmt: skip
    if not library.articles:
        raise PackError(f"{source}: no articles to install (.md, .markdown or .txt files with front matter)", errors)
    return _Checked(problems, errors, len(library.articles), {a.id for a in library.articles})


def _checked_by_publisher(folder: Path, built: VerifiedPack) -> _Checked | None:
    """A pack signed by a trusted key was checked when it was built, with this same loader (the
    app range says so), and every file here matched its signed manifest: its manifest's figures
    stand, and its articles are not loaded again (the install's slowest part). Its files with
    errors were left out then (``skipped``), so it has none. None when the manifest's figures
    are not usable (the pack is then loaded and checked here)."""
    manifest = built.manifest
    count = manifest.get("articles")
    if type(count) is not int or count <= 0:
        return None
    ids = set(article_ids(iter_content_files(folder), folder).values())
    signed_hash = manifest.get("content_hash")
    if len(ids) != count or not isinstance(signed_hash, str) or not signed_hash.startswith("sha256:"):
        return None
    shipped = {m for m in manifest.get("members", {}) if not m.startswith(PACK_META + "/")}
    if {rel.as_posix() for rel in pack_files(folder)} != shipped:
        signed_hash = None  # not the files the publisher hashed as the content: hash them here
    return _Checked([], [], count, ids, signed_hash)


def _counts(problems: list[Problem], errors: list[Problem], trusted: VerifiedPack | None) -> dict:
    counts = {
        "errors": len(errors),
        "warnings": sum(p.severity is Severity.WARNING for p in problems),
        "notes": sum(p.severity is Severity.INFO for p in problems),
    }
    signed = trusted.manifest.get("problems") if trusted is not None else None
    if isinstance(signed, dict):  # what the publisher's check found in the files that ship
        for key in ("warnings", "notes"):
            if type(signed.get(key)) is int:
                counts[key] = signed[key]
    return counts


def _use_shipped_catalog(version_dir: Path, data: dict, name: str) -> bool:
    """Turn a trusted pack's data-only catalog into this account's start-up catalog, when the
    app's content folders are exactly what it was made for (the bundled articles, then this
    pack) and this reader would have read the same (:func:`catalog_data.misfit`). Otherwise
    nothing: the next start (or the index update after this install) loads the articles."""
    from .catalog import store_catalog
    from .catalog_data import CatalogDataError, from_data, misfit

    dirs = content_dirs()
    if len(dirs) != 2 or dirs[1].resolve() != version_dir.resolve():
        log.info("the catalog shipped with '%s' is not used: other content is installed too", name)
        return False
    why = misfit(data, dirs[0])
    if why is None:
        try:
            store_catalog(from_data(data, dirs))
            return True
        except (CatalogDataError, OSError) as exc:
            why = str(exc)
    log.info("the catalog shipped with '%s' is not used: %s", name, why)
    return False


def _use_shipped_index(version_dir: Path, name: str, warnings: list[str] | None = None) -> bool:
    try:
        activate_index(version_dir)
    except IndexNotUsed as exc:
        log.info("the search index shipped with '%s' was not used: %s", name, exc)
        if warnings is not None:
            warnings.append(f"the search index shipped with '{name}' could not be used ({exc}); "
                            "this computer builds its own")  # fmt: skip
        return False
    return True


def _info(pack_dir: Path, vid: str, previous: str | None, system: bool = False) -> PackInfo:
    info = read_info(pack_dir, vid, previous, system)
    if info is None:
        raise PackError(f"the pack '{pack_dir.name}' shows version {vid}, but its details ({MANIFEST}) cannot be read")
    return info


def _installed_dir(base: Path, name: str, system: bool = False) -> Path:
    pack_dir = base / check_name(name)
    if current_version(pack_dir) is None:
        installed = ", ".join(p.name for p in list_packs(base)) or "none"
        where = "for every account" if system else "for this account"
        other = [p.name for p in list_packs(None, not system) if p.name == name]
        hint = (" (it is installed for every account: add --system)" if not system else
                " (it is installed for this account only: leave out --system)") if other else ""  # fmt: skip
        raise PackError(f"no pack named '{name}' is installed {where} (installed: {installed}){hint}")
    return pack_dir


def remove_pack(name: str, root: Path | None = None, system: bool = False) -> PackInfo:
    """Stop showing a pack (one atomic unlink), then delete its files, previous versions too."""
    base = packs_root(root, system)
    if system:
        check_system_access(base, f"removing pack '{name}'")
    with locked(base):
        pack_dir = _installed_dir(base, name, system)
        vid = current_version(pack_dir)
        info = read_info(pack_dir, vid, None, system) if vid else None
        stop_showing(pack_dir)
        doomed = base / f".removing-{name}-{secrets.token_hex(4)}"
        os.rename(pack_dir, doomed)
        remove_tree(doomed)
    if info is None:
        raise PackError(f"the pack '{name}' was removed, but its details could not be read")
    return info


def rollback_pack(name: str, root: Path | None = None, system: bool = False) -> PackInfo:
    """Show the previous version again; the one it replaces becomes the previous (so a second
    rollback undoes the first). The result is read back from what ``current`` points at after
    the switch. Refused, with nothing changed, when no other version is kept or the kept one
    has exactly the current content (rolling back would change nothing)."""
    base = packs_root(root, system)
    if system:
        check_system_access(base, f"rolling back pack '{name}'")
    with locked(base):
        clean_leftovers(base)
        pack_dir = _installed_dir(base, name, system)
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
        if not system and (read_manifest(pack_dir / "versions" / now) or {}).get("search_index") == "shipped":
            try:
                recheck_index(pack_dir / "versions" / now, trust_store())  # still trusted, still intact?
            except (IndexNotUsed, SignError) as exc:
                log.info("not using the index kept with '%s' %s: %s", name, now, exc)
            else:
                _use_shipped_index(pack_dir / "versions" / now, name)
        return _info(pack_dir, now, current, system)


def refresh_search_index() -> tuple[bool, str | None]:
    """Bring the search index up to date with the installed content.

    Returns (updated, warning). A failure is a warning for staff, not a failed install: the
    pack is installed either way, and the index is only a cache of the content."""
    from . import search
    from .library import open_library

    try:
        search.ensure_index(open_library())
    except Exception as exc:  # noqa: BLE001 - the install succeeded; the index is a cache
        log.debug("index update failed", exc_info=True)
        return False, f"the search index could not be updated ({exc}); run 'mbc-reader index' to rebuild it"
    return True, None

