"""Built content packs: one zip that carries its articles, a ready search index and a manifest.

``mbc-reader pack build DIR --out FILE`` writes::

    .mbc-pack/manifest.json     name, version, date, languages, article count, content hash,
                                app version range, and the SHA-256 and size of every member
    .mbc-pack/signature.json    an Ed25519 signature of manifest.json's exact bytes (--sign)
    .mbc-pack/index/...         the Whoosh index of the bundled articles + this pack
    .mbc-pack/catalog.json      the start-up catalog of the same, data only (:mod:`catalog_data`)
    <the articles and their pictures, as laid out in DIR>

Hidden, so older readers (and the loader, and :func:`pack_store.pack_files`) ignore
``.mbc-pack/``. The start-up catalog this account keeps is a pickle (code, not data), so the
one that travels is JSON: read (never unpacked) only from a pack signed by a trusted key, its
every value type-checked, and turned into this computer's own catalog at install, so neither
the install nor the first start loads the articles again.

The search index is code too (Whoosh's table of contents is a pickle), so it is used only when
the pack is signed by a key the computer trusts and every member matched the signed manifest;
otherwise it is never unpacked and the computer indexes the articles itself.

Installing (see :func:`verify_zip`): the manifest and signature are read first, the signature
checked against the trusted keys (:mod:`pack_sign`), the app version range checked, the zip's
member list compared with the manifest's, and every member hashed, all before one byte is
written to disk. Unpacking hashes each member again as it writes it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from .. import __version__, paths
from .loader import load_library
from .models import Problem, Severity
from .pack_sign import PublicKey, SignError, TrustStore, load_private_key, sign, signature_key_id, verify
from .pack_store import PackError, PackRefused, check_name, content_hash, pack_files
from .pack_zip import MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_TOTAL_BYTES, Entries, ZipPackError, member_sha256, read_member
from .storage import replacing

log = logging.getLogger(__name__)

PACK_META = ".mbc-pack"
MANIFEST_MEMBER = f"{PACK_META}/manifest.json"
SIGNATURE_MEMBER = f"{PACK_META}/signature.json"
INDEX_PREFIX = f"{PACK_META}/index/"
CATALOG_MEMBER = f"{PACK_META}/catalog.json"
MAX_CATALOG = 64 * 1024**2  # the NCI collection's is ~2 MB
KIND = "mbc-reader-pack"
BUILD_FORMAT = 1
MAX_MANIFEST = 32 * 1024**2  # ~150 bytes a member: room for every entry a zip may hold
MAX_SIGNATURE = 4096
VERSION_RE = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,9}){0,4}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
#: The index's content folders, in order: its state's file keys are "0:<path>" and "1:<path>".
INDEX_ROOTS = ["bundled", "pack"]

Progress = Callable[[int, int], None]
#: Below this many articles the pack's index is built in one process, so it is one segment. A
#: parallel build leaves one segment per worker, each small for a small pack, and the first
#: update on the clinic computer (e.g. adding another pack's articles) would merge them all,
#: costing as much as indexing the pack there. Larger packs make segments too big to be merged.
SERIAL_BELOW = 500


# -- versions ------------------------------------------------------------------------------------


def check_version(text: str) -> str:
    if not VERSION_RE.match(text or ""):
        raise PackError(f"'{text}' cannot be a pack version: use numbers with dots, such as 2025.6 or 1.2.3")
    return text


def version_key(text: str) -> tuple[int, ...]:
    """Numbers to compare versions by: "1.2" == "1.2.0" < "1.10". Anything after the leading
    numbers (``0.2.0.dev1``) is ignored."""
    numbers = []
    for part in text.split("."):
        digits = re.match(r"^[0-9]+", part)
        if not digits:
            break
        numbers.append(int(digits.group(0)))
        if digits.group(0) != part:
            break
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def app_range() -> dict[str, str]:
    """The app versions a pack built now is for: this one up to the next major version."""
    major = (version_key(__version__) or (0,))[0]
    return {"min": __version__, "below": str(major + 1)}


def index_format() -> dict:
    """What a shipped index must match to be used here (else ``ensure_index`` would rebuild it):
    the search schema's version and the dictionary of terms it links."""
    from .search import index_format as search_index_format

    return search_index_format()


def _index_misfit(manifest: dict) -> str | None:
    """Why the pack's index cannot serve this reader (None: it can)."""
    claimed = manifest.get("index") if isinstance(manifest.get("index"), dict) else {}
    here = index_format()
    if claimed.get("roots") != INDEX_ROOTS:
        return "it is laid out for another reader"
    if claimed.get("schema") != here["schema"]:
        return f"it is of search format {claimed.get('schema')}, this reader uses {here['schema']}"
    if claimed.get("glossary") != here["glossary"]:
        return "it was made with another dictionary of terms"
    return None


def default_version() -> str:
    return datetime.now(timezone.utc).strftime("%Y.%m.%d.%H%M")


# -- building ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildResult:
    path: Path
    manifest: dict
    key_id: str | None  # the signing key's id, when signed
    index_seconds: float
    seconds: float
    problems: list = field(default_factory=list)

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _index_files(version: Path) -> list[Path]:
    """The files of a built index version, without lock files (a copied index needs none)."""
    out = []
    for path in sorted(version.iterdir()):
        if path.is_file() and not path.is_symlink() and not path.name.endswith("WRITELOCK"):
            out.append(path)
    return out


def build_pack(
    source: Path,
    out: Path,
    *,
    name: str | None = None,
    version: str | None = None,
    sign_key: Path | None = None,
    force: bool = False,
    glossary=None,
    progress: Progress | None = None,
    procs: int | None = None,
    owner: str | None = None,
) -> BuildResult:
    """Check ``source`` like an install would, index it, and write the pack zip ``out``
    (written beside, then renamed: a half-written pack never has the final name)."""
    started = time.perf_counter()
    source = Path(source)
    out = Path(out)
    if not source.is_dir():
        raise PackError(f"{source}: no such folder")
    if out.suffix.lower() != ".zip":  # 'pack install' takes a folder or a .zip: say so now, not there
        raise PackError(f"{out}: a pack's file name ends in .zip (e.g. {out.with_suffix('.zip').name}); no pack was built")
    name = check_name(name or source.resolve().name)
    version = check_version(version or default_version())
    private = key_id = None
    if sign_key is not None:
        try:
            private, key_id = load_private_key(sign_key)  # before the slow part: fail fast
        except SignError as exc:
            raise PackError(f"cannot sign the pack: {exc}") from None
    if glossary is None:  # also for the index's load below
        from .glossary import Glossary

        glossary = Glossary.bundled()
    library, problems, errors = checked_library(source, source, force, glossary, "no pack was built",
                                                "build a pack of only the files without errors")  # fmt: skip
    if not library.articles:
        raise PackError(f"{source}: no articles to put in a pack (.md, .markdown or .txt files with front matter)")
    skipped = sorted({p.file for p in errors})
    excluded = set(skipped)
    if out.resolve().is_relative_to(source.resolve()):
        excluded.add(out.resolve().relative_to(source.resolve()))  # not a pack inside the pack
    files = pack_files(source, excluded)
    _refuse_private_keys(source, files, sign_key)
    with tempfile.TemporaryDirectory(prefix="mbc-pack-build-") as tmp:
        staged = Path(tmp) / "content"
        for rel in files:  # the index is built from exactly the bytes that ship
            (staged / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / rel, staged / rel)
        index_started = time.perf_counter()
        home = Path(tmp) / "index"
        from .search import build_index, current_version

        shipped = load_library([paths.bundled_content_dir(), staged], glossary=glossary)
        if procs is None and len(shipped.patient_articles) < SERIAL_BELOW:
            procs = 1  # one segment: see SERIAL_BELOW
        build_index(shipped, home, progress=progress, procs=procs)
        index_version = current_version(home)
        if index_version is None:
            raise PackError("the search index of the pack could not be built")
        index_seconds = time.perf_counter() - index_started
        members: dict[str, dict] = {}
        sources: dict[str, Path] = {}
        for rel in files:
            sources[rel.as_posix()] = staged / rel
        for path in _index_files(index_version):
            sources[INDEX_PREFIX + path.name] = path
        from .catalog_data import folder_hashes, stamp_here, to_data

        catalog = Path(tmp) / "catalog.json"  # data only: see catalog_data
        stamp = {**stamp_here(), "bundled": folder_hashes(paths.bundled_content_dir())}
        catalog.write_text(json.dumps(to_data(shipped, stamp), ensure_ascii=False, separators=(",", ":")),
                           encoding="utf-8")  # fmt: skip
        sources[CATALOG_MEMBER] = catalog
        for member, path in sources.items():
            members[member] = {"sha256": _sha256_file(path), "size": path.stat().st_size}
        _check_limits(members)
        packed = load_library(staged, glossary=glossary)
        manifest = {
            "kind": KIND,
            "format": BUILD_FORMAT,
            "name": name,
            "version": version,
            "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "builder": f"mbc-reader {__version__}",
            "app": app_range(),
            "languages": sorted({a.language for a in packed.articles}),
            "articles": len(packed.articles),
            "problems": {
                "errors": len(errors),
                "warnings": sum(p.severity is Severity.WARNING for p in packed.problems),
                "notes": sum(p.severity is Severity.INFO for p in packed.problems),
            },
            "skipped": [p.as_posix() for p in skipped],
            "content_hash": content_hash(staged, files),
            "index": {"prefix": INDEX_PREFIX, "roots": INDEX_ROOTS, **index_format()},
            "catalog": {"member": CATALOG_MEMBER, "roots": INDEX_ROOTS},  # JSON, data only
            "members": members,
        }
        if owner and owner.strip():  # who reviews its articles (signed with the rest); see review.pack_owners
            manifest["owner"] = " ".join(owner.split())
        manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8")
        signature = sign(private, manifest_bytes) if private is not None else None
        _write_zip(out, manifest_bytes, signature, sources)
    return BuildResult(out, manifest, key_id, index_seconds, time.perf_counter() - started, problems)


def _check_limits(members: dict[str, dict]) -> None:
    """Refuse here a pack that every computer would refuse (see :mod:`pack_zip`'s limits)."""
    if len(members) + 2 > MAX_ENTRIES:
        raise PackError(f"the pack would hold {len(members)} files, more than the {MAX_ENTRIES} a pack may hold")
    for member, entry in members.items():
        if entry["size"] > MAX_ENTRY_BYTES:
            raise PackError(f"'{member}' is {entry['size'] / 1024**2:.0f} MB, over the "
                            f"{MAX_ENTRY_BYTES // 1024**2} MB a file in a pack may be")  # fmt: skip
    if sum(e["size"] for e in members.values()) > MAX_TOTAL_BYTES:
        raise PackError(f"the pack would be over {MAX_TOTAL_BYTES // 1024**3} GB unpacked")


PRIVATE_KEY_MARK = b"PRIVATE KEY-----"  # PEM: PKCS#8, RSA, EC and OpenSSH private keys


def _refuse_private_keys(source: Path, files: list[Path], sign_key: Path | None) -> None:
    """A pack never carries a private key: not the signing key, nor any file that is one."""
    signing = Path(sign_key).resolve() if sign_key is not None else None
    for rel in files:
        path = source / rel
        suspect = rel.suffix.lower() == ".key" or (signing is not None and path.resolve() == signing)
        if not suspect:
            with path.open("rb") as fh:
                suspect = PRIVATE_KEY_MARK in fh.read()
        if suspect:
            raise PackError(
                f"{source}: '{rel.as_posix()}' is (or holds) a private key, and a pack never carries one; "
                "move it out of the folder. No pack was built"
            )


def checked_library(folder: Path, source: Path, force: bool, glossary, refused: str, forced: str):
    """The articles of ``folder`` loaded as ``mbc-reader check`` does, its problems with paths
    relative to it, and those that are errors. Refuses a folder that cannot be read, and one with
    errors unless ``force``: "<source>: N file(s) with errors; <refused>. Fix them, or use --force
    to <forced>" (pack build and pack install say what they did not do)."""
    if glossary is None:
        from .glossary import Glossary

        glossary = Glossary.bundled()
    library = load_library(folder, glossary=glossary)
    problems = [Problem(_rel(p.file, folder), p.severity, p.code, p.message) for p in library.problems]
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if any(p.code == "no-folder" for p in errors):
        raise PackError(f"{source}: the folder cannot be read", errors)
    if errors and not force:
        raise PackError(f"{source}: {len(errors)} file(s) with errors; {refused}. Fix them, or use --force to {forced}",
                        errors)  # fmt: skip
    return library, problems, errors


def _rel(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def _write_zip(out: Path, manifest: bytes, signature: bytes | None, sources: dict[str, Path]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    stamp = time.localtime()[:6]

    def entry(member: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(member, date_time=stamp)
        info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    with replacing(out, permissions=0o600) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(entry(MANIFEST_MEMBER), manifest)
            if signature is not None:
                zf.writestr(entry(SIGNATURE_MEMBER), signature)
            for member, path in sources.items():
                with path.open("rb") as src, zf.open(entry(member), "w") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)


# -- checking a built pack before installing it ------------------------------------------------------


@dataclass(frozen=True)
class VerifiedPack:
    """A built pack whose every member matched its manifest (and, if ``signer``, whose manifest
    is signed by a trusted key)."""

    name: str
    version: str
    manifest: dict
    manifest_bytes: bytes
    signature: bytes | None
    signer: PublicKey | None  # None: not signed, or no trusted key to check it with
    claimed_key: str | None  # the key id its signature names, checked or not
    articles: Entries  # what is unpacked
    index: Entries  # unpacked only when signer is set
    expected: dict[str, str]  # member -> SHA-256 hex
    warnings: list[str] = field(default_factory=list)
    catalog: dict | None = None  # its data-only catalog, parsed (JSON), only when signer is set

    @property
    def trusted(self) -> bool:
        return self.signer is not None


def is_built(entries: Entries) -> bool:
    return any(rel.as_posix() == MANIFEST_MEMBER for _, rel in entries)


def refuse_unsigned(what: str, label: str, store: TrustStore) -> None:
    """Refuse content that carries no signature, when this computer accepts only signed packs."""
    if store.configured:
        raise PackRefused(
            f"refused pack {label}: {what} is not signed, and this computer accepts only packs signed by a "
            f"trusted key ({store.describe()}); nothing was installed"
        )


def verify_zip(
    archive: zipfile.ZipFile, entries: Entries, source: Path, store: TrustStore, name: str | None = None
) -> VerifiedPack:
    """Check a built pack (see the module docstring); raises PackRefused naming the pack (``name``,
    the one it is installed as, else its manifest's, else the file's) and the reason."""
    by_name = {rel.as_posix(): info for info, rel in entries}
    label = f"'{name or source.stem}' ({source})"

    def refuse(reason: str) -> PackRefused:
        return PackRefused(f"refused pack {label}: {reason}; nothing was installed")

    try:
        manifest_bytes = read_member(archive, by_name[MANIFEST_MEMBER], MAX_MANIFEST)
        signature = read_member(archive, by_name[SIGNATURE_MEMBER], MAX_SIGNATURE) if SIGNATURE_MEMBER in by_name else None
    except ZipPackError as exc:
        raise refuse(str(exc)) from None
    manifest = _parse_manifest(manifest_bytes, refuse)
    label = f"'{name or manifest['name']}' ({source})"  # from here on messages name the pack
    warnings: list[str] = []
    signer = claimed = None
    if signature is None:
        refuse_unsigned("it", label, store)
        warnings.append(f"pack '{name or manifest['name']}' is not signed: its origin cannot be checked")
    else:
        try:
            claimed = signature_key_id(signature)
            if store.configured:
                signer = verify(signature, manifest_bytes, store)
        except SignError as exc:
            raise refuse(str(exc)) from None
        if signer is None:
            warnings.append(
                f"pack '{name or manifest['name']}' is signed ({claimed}), but no trusted keys are configured here "
                f"({store.folder}), so the signature was not checked"
            )
    ours = version_key(__version__)
    app = manifest["app"]
    if ours < version_key(app["min"]):
        raise refuse(f"it needs mbc-reader {app['min']} or newer (this is {__version__})")
    if ours >= version_key(app["below"]):
        raise refuse(f"it is for mbc-reader versions below {app['below']} (this is {__version__})")
    members: dict[str, dict] = manifest["members"]
    present = set(by_name) - {MANIFEST_MEMBER, SIGNATURE_MEMBER}
    extra = sorted(present - set(members))
    missing = sorted(set(members) - present)
    if extra:
        raise refuse(f"'{extra[0]}' is in the zip but not in its manifest (added after the pack was built)")
    if missing:
        raise refuse(f"'{missing[0]}' is listed in its manifest but missing from the zip")
    expected = {}
    for member in sorted(members):
        info = by_name[member]
        want = members[member]
        if info.file_size != want["size"]:
            raise refuse(f"'{member}' is not the size its manifest says (changed after the pack was built)")
        try:
            got = member_sha256(archive, info)
        except ZipPackError as exc:
            raise refuse(str(exc)) from None
        if got != want["sha256"]:
            raise refuse(f"'{member}' does not match its manifest (changed after the pack was built)")
        expected[member] = got
    articles = [(i, r) for i, r in entries if not r.as_posix().startswith(PACK_META + "/")]
    index = [(i, r) for i, r in entries if r.as_posix().startswith(INDEX_PREFIX) and len(r.parts) == 3]
    usable = False
    if index and signer is None:
        warnings.append(f"its prebuilt search index is not used (it is code, and not from a trusted key): "
                        "this computer builds its own")  # fmt: skip
    elif index and (misfit := _index_misfit(manifest)):
        warnings.append(f"its prebuilt search index is not used ({misfit}): this computer builds its own")
    else:
        usable = bool(index)
    catalog = _read_catalog(archive, by_name, members) if signer is not None else None
    return VerifiedPack(
        name=manifest["name"],
        version=manifest["version"],
        manifest=manifest,
        manifest_bytes=manifest_bytes,
        signature=signature,
        signer=signer,
        claimed_key=claimed,
        articles=articles,
        index=index if usable else [],
        expected=expected,
        warnings=warnings,
        catalog=catalog,
    )


def _read_catalog(archive: zipfile.ZipFile, by_name: dict, members: dict) -> dict | None:
    """A trusted pack's data-only catalog (already hashed against the signed manifest), parsed
    as JSON and never written to disk; None when it has none or it cannot be read (the articles
    are then loaded here, as for any pack)."""
    if CATALOG_MEMBER not in members:
        return None
    try:
        raw = read_member(archive, by_name[CATALOG_MEMBER], MAX_CATALOG)
        if hashlib.sha256(raw).hexdigest() != members[CATALOG_MEMBER]["sha256"]:  # read again: the same bytes?
            raise ValueError("it changed while it was read")
        data = json.loads(raw.decode("utf-8"))
    except (ZipPackError, UnicodeDecodeError, ValueError) as exc:
        log.info("the catalog shipped in the pack is not used: %s", exc)
        return None
    return data if isinstance(data, dict) else None


def _parse_manifest(data: bytes, refuse: Callable[[str], PackRefused]) -> dict:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise refuse("its manifest is not readable JSON") from None
    if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
        raise refuse("its manifest is not an mbc-reader pack manifest")
    fmt = manifest.get("format")
    if not isinstance(fmt, int) or fmt < 1:
        raise refuse("its manifest has no valid format number")
    if fmt > BUILD_FORMAT:
        raise refuse(f"it was built by a newer mbc-reader (pack format {fmt}; this one reads {BUILD_FORMAT})")
    name, version, app, members = (manifest.get(k) for k in ("name", "version", "app", "members"))
    if not isinstance(name, str) or not isinstance(version, str):
        raise refuse("its manifest has no name or version")
    try:
        check_name(name)
        check_version(version)
    except PackError as exc:
        raise refuse(f"its manifest is invalid ({exc})") from None
    if not (isinstance(app, dict) and all(isinstance(app.get(k), str) and re.match(r"^[0-9]", app[k]) for k in ("min", "below"))):
        raise refuse("its manifest does not say which mbc-reader versions it is for")
    if not isinstance(members, dict):
        raise refuse("its manifest lists no members")
    for member, entry in members.items():
        if (
            not isinstance(member, str)
            or PurePosixPath(member).as_posix() != member
            or member.startswith("/")
            or ".." in member.split("/")
            or not isinstance(entry, dict)
            or not isinstance(entry.get("sha256"), str)
            or not _HEX64.match(entry["sha256"])
            or not isinstance(entry.get("size"), int)
            or isinstance(entry.get("size"), bool)
        ):
            raise refuse(f"its manifest's entry for {member!r} is invalid")
    return manifest


# -- using a trusted index ------------------------------------------------------------------------


class IndexNotUsed(Exception):
    """The shipped index could not be put in place (the message says why); it is rebuilt."""


def index_folder(version_dir: Path) -> Path:
    """Where an installed version keeps the trusted index it came with."""
    return version_dir / PACK_META / "index"


def recheck_index(version_dir: Path, store: TrustStore) -> None:
    """Before a kept version's index is used again (rollback): its manifest must still verify
    against the keys trusted *now*, and each index file still match it. Raises IndexNotUsed."""
    meta = version_dir / PACK_META
    try:
        manifest_bytes = (meta / "manifest.json").read_bytes()
        signature = (meta / "signature.json").read_bytes()
        verify(signature, manifest_bytes, store)
        members = json.loads(manifest_bytes.decode("utf-8"))["members"]
        expected = {m[len(INDEX_PREFIX):]: e["sha256"] for m, e in members.items() if m.startswith(INDEX_PREFIX)}
        present = {p.name: p for p in _index_files(index_folder(version_dir))}
        if set(present) != set(expected) or any(_sha256_file(p) != expected[n] for n, p in present.items()):
            raise IndexNotUsed("its index files no longer match its signed manifest")
    except (OSError, ValueError, KeyError, TypeError, AttributeError, SignError) as exc:
        raise IndexNotUsed(str(exc)) from exc


def activate_index(version_dir: Path) -> Path:
    """Make the trusted index an installed version came with the search index of the app's
    content folders as they are now (bundled articles + every pack), in the user's cache.

    The index was built over (bundled, pack): its record of what it holds names files as
    ``0:<path>`` and ``1:<path>``. Here the pack may be the k-th content folder, so its keys
    become ``k:<path>``, and the size and time of each file whose SHA-1 matches are those of
    the installed copy, so the next :func:`index.ensure_index` finds nothing to do; other packs'
    articles are simply not in it yet, and ``ensure_index`` adds them as an update. Returns the
    index home; raises IndexNotUsed (and leaves the cache as it was) on any failure."""
    from .library import content_dirs
    from .search import adopt_index, cache_location

    source = index_folder(version_dir)
    if not source.is_dir():
        raise IndexNotUsed("the installed version has no index")
    dirs = [d.resolve() for d in content_dirs()]
    here = version_dir.resolve()
    if here not in dirs:
        raise IndexNotUsed("the pack is not among the app's content folders")
    position = dirs.index(here)
    home = cache_location(dirs)

    def localised(state: dict) -> dict:
        state["files"] = _localised(state.get("files", {}), dirs, position)
        state["dirs"] = [str(d) for d in dirs]
        return state

    try:
        adopt_index(_index_files(source), home, localised)
    except Exception as exc:  # noqa: BLE001 - any failure only means "index it here instead"
        log.debug("the shipped index was not used", exc_info=True)
        raise IndexNotUsed(f"{type(exc).__name__}: {exc}") from exc
    return home


def _localised(files: dict, dirs: list[Path], position: int) -> dict:
    out = {}
    for key, entry in files.items():
        prefix, _, rel = key.partition(":")
        if prefix == "0":
            root, new_key = dirs[0], key
        elif prefix == "1":
            root, new_key = dirs[position], f"{position}:{rel}"
        else:  # not a file of (bundled, pack): left for ensure_index to clear out
            out[key] = entry
            continue
        entry = dict(entry)
        try:
            path = root / rel
            st = path.stat()
            if st.st_size == entry.get("size") and hashlib.sha1(path.read_bytes()).hexdigest() == entry.get("sha1"):
                entry["mtime"] = st.st_mtime_ns
        except OSError:
            pass
        out[new_key] = entry
    return out
