"""Unpacking a zipped content pack without trusting it.

A zip from a USB stick may hold names that climb out of the folder (``../../.bashrc``, ``/etc``,
``C:\\``), symbolic links, or a "zip bomb" whose few kilobytes expand to gigabytes. Every entry
is checked before anything is written, and sizes are counted while writing too, since the sizes
in a zip's directory are only claims.
"""

from __future__ import annotations

import hashlib
import re
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

MAX_TOTAL_BYTES = 2 * 1024**3  # the whole NCI collection is ~51 MB
MAX_ENTRY_BYTES = 64 * 1024**2  # the largest real page is ~1.1 MB; images are smaller
MAX_ENTRIES = 100_000
MAX_RATIO = 200  # uncompressed / compressed, for entries over 1 MB
_CHUNK = 1024 * 1024


class ZipPackError(ValueError):
    """The zip is refused; the message names the entry and says why."""


def safe_member_path(name: str) -> PurePosixPath | None:
    """The relative path an entry may be written to, or None for a directory entry.

    Raises ZipPackError for absolute paths, drive letters, ``..`` and other escapes."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or re.match(r"^[A-Za-z]:", cleaned) or "\x00" in cleaned:
        raise ZipPackError(f"unsafe path in the zip: '{name}' (absolute)")
    parts = [p for p in cleaned.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise ZipPackError(f"unsafe path in the zip: '{name}' (it leads out of the pack folder)")
    if not parts or cleaned.endswith("/"):
        return None
    return PurePosixPath(*parts)


def _check_entries(infos: list[zipfile.ZipInfo], label: str) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    if len(infos) > MAX_ENTRIES:
        raise ZipPackError(f"{label}: {len(infos)} entries is too many for a content pack")
    total = 0
    out = []
    for info in infos:
        rel = safe_member_path(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ZipPackError(f"{label}: '{info.filename}' is a symbolic link; packs may hold only files")
        if info.flag_bits & 0x1:
            raise ZipPackError(f"{label}: '{info.filename}' is encrypted")
        if rel is None:
            continue
        if info.file_size > MAX_ENTRY_BYTES:
            raise ZipPackError(f"{label}: '{info.filename}' would be {info.file_size // 1024**2} MB: too large")
        if info.file_size > _CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ZipPackError(f"{label}: '{info.filename}' is compressed suspiciously well (a zip bomb?)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise ZipPackError(f"{label}: the unpacked pack would be over {MAX_TOTAL_BYTES // 1024**3} GB")
        out.append((info, rel))
    return out


def _top_folder(dest: Path) -> Path:
    """A zip made of one folder (``nci-core/...``) is that folder's pack."""
    children = [p for p in dest.iterdir() if p.name not in ("__MACOSX",) and not p.name.startswith(".")]
    if len(children) == 1 and children[0].is_dir():
        return children[0]
    return dest


Entries = list[tuple[zipfile.ZipInfo, PurePosixPath]]


def open_checked(zip_path: Path) -> tuple[zipfile.ZipFile, Entries]:
    """The open zip and its file entries, every one checked (paths, links, sizes, duplicates)
    before any is read. The caller closes the zip. Raises ZipPackError."""
    label = str(zip_path)
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ZipPackError(f"{label}: not a readable zip file ({exc})") from exc
    try:
        entries = _check_entries(archive.infolist(), label)
        seen: set[PurePosixPath] = set()
        for info, rel in entries:
            if rel in seen:  # two entries, one name: which one is read would depend on the reader
                raise ZipPackError(f"{label}: '{info.filename}' is in the zip twice")
            seen.add(rel)
    except BaseException:
        archive.close()
        raise
    return archive, entries


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A small member's bytes (a manifest), refused beyond ``limit`` whatever the zip claims."""
    label = archive.filename or "the zip"
    if info.file_size > limit:
        raise ZipPackError(f"{label}: '{info.filename}' is too large ({info.file_size} bytes)")
    try:
        with archive.open(info) as src:
            data = src.read(limit + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, OSError) as exc:
        raise ZipPackError(f"{label}: '{info.filename}' cannot be read ({exc})") from exc
    if len(data) > limit or len(data) != info.file_size:
        raise ZipPackError(f"{label}: '{info.filename}' is not the size the zip says")
    return data


def member_sha256(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    """The SHA-256 (hex) of a member's uncompressed bytes, read in chunks, never written anywhere."""
    label = archive.filename or "the zip"
    digest = hashlib.sha256()
    read = 0
    try:
        with archive.open(info) as src:
            while chunk := src.read(_CHUNK):
                read += len(chunk)
                if read > info.file_size:
                    raise ZipPackError(f"{label}: '{info.filename}' is larger than the zip says")
                digest.update(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, OSError) as exc:
        raise ZipPackError(f"{label}: '{info.filename}' cannot be read ({exc})") from exc
    return digest.hexdigest()


def extract_members(
    archive: zipfile.ZipFile, entries: Entries, dest: Path, expected: dict[str, str] | None = None
) -> None:
    """Write ``entries`` into the new folder ``dest``. With ``expected`` (member name ->
    SHA-256 hex) each member is hashed again as it is written and the unpacking is refused on
    any difference: the zip could have changed on its stick since it was verified."""
    label = archive.filename or "the zip"
    dest.mkdir(parents=True)
    root = dest.resolve()
    folders: dict[Path, Path] = {}  # each folder made and resolved once (a resolve per file cost ~0.3 ms)
    for info, rel in entries:
        target = dest.joinpath(*rel.parts)
        real = folders.get(target.parent)
        if real is None:
            target.parent.mkdir(parents=True, exist_ok=True)
            real = folders[target.parent] = target.parent.resolve()
        if not (real / target.name).is_relative_to(root) or target.is_symlink():  # belt and braces
            raise ZipPackError(f"unsafe path in the zip: '{info.filename}'")
        written = 0
        digest = hashlib.sha256()
        try:
            with archive.open(info) as src, open(target, "wb") as out:
                while chunk := src.read(_CHUNK):
                    written += len(chunk)
                    if written > info.file_size:
                        raise ZipPackError(f"{label}: '{info.filename}' is larger than the zip says")
                    digest.update(chunk)
                    out.write(chunk)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as exc:
            raise ZipPackError(f"{label}: '{info.filename}' cannot be unpacked ({exc})") from exc
        if expected is not None and expected.get(rel.as_posix()) != digest.hexdigest():
            raise ZipPackError(f"{label}: '{rel.as_posix()}' changed while it was being unpacked")


def extract_zip(zip_path: Path, dest: Path) -> Path:
    """Unpack ``zip_path`` into the new folder ``dest``; returns the pack's root folder in it.

    Raises ZipPackError (a ValueError) when the zip is refused, before writing anything."""
    archive, entries = open_checked(zip_path)
    with archive:
        extract_members(archive, entries, dest)
    return _top_folder(dest)
