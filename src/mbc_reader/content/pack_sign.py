"""Ed25519 signatures for built content packs (the ``cryptography`` library does the maths).

A publisher makes a key pair once (``mbc-reader pack keygen``): ``<name>.key`` (PKCS#8 PEM,
unencrypted, mode 0600, stays with the publisher) and ``<name>.pub`` (SubjectPublicKeyInfo PEM,
copied onto every clinic computer). ``pack build --sign NAME.key`` signs the pack's manifest,
whose SHA-256 of every member then vouches for each byte of the pack.

A computer trusts the ``*.pub`` files in :data:`SYSTEM_KEYS` (``/etc/mbc-reader/trusted-keys``),
or in the folder ``MBC_READER_TRUSTED_KEYS`` names. Keys are *configured* as soon as that folder
holds one ``*.pub`` file, even an unreadable one: a broken key file must not open the door to
unsigned packs (fail closed). A key is known by its id, ``ed25519:`` and the first 16 hex digits
of the SHA-256 of its 32 raw bytes; the signature names the id it was made with.

Nothing here logs or returns a private key's bytes; only ids and file names.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

log = logging.getLogger(__name__)

SYSTEM_KEYS = Path("/etc/mbc-reader/trusted-keys")
KEYS_ENV = "MBC_READER_TRUSTED_KEYS"
PRIVATE_SUFFIX = ".key"
PUBLIC_SUFFIX = ".pub"
SIGNATURE_FORMAT = 1
ALGORITHM = "ed25519"
KEY_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_KEY_FILE = 16 * 1024


class SignError(Exception):
    """A key cannot be made, read or used; or a signature does not verify (the message says why)."""


@dataclass(frozen=True)
class PublicKey:
    name: str  # the file name without .pub: what ``pack list`` shows as signed_by
    key_id: str
    key: Ed25519PublicKey
    path: Path

    def verifies(self, signature: bytes, data: bytes) -> bool:
        try:
            self.key.verify(signature, data)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class TrustStore:
    folder: Path
    keys: tuple[PublicKey, ...]
    configured: bool  # the folder holds at least one *.pub file (readable or not)
    unreadable: tuple[str, ...] = ()  # names of *.pub files that could not be used

    def describe(self) -> str:
        return f"{len(self.keys)} trusted key(s) in {self.folder}"


def key_id_of(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return f"{ALGORITHM}:{hashlib.sha256(raw).hexdigest()[:16]}"


# -- making and reading keys ---------------------------------------------------------------------


def generate_keypair(out_dir: Path, name: str) -> tuple[Path, Path, str]:
    """Write ``<name>.key`` (0600, created exclusively: an existing key is never overwritten)
    and ``<name>.pub`` into ``out_dir``; returns both paths and the key id."""
    if not KEY_NAME_RE.match(name):
        raise SignError(f"'{name}' cannot be a key name: use letters, digits, '.', '-' or '_' (up to 64)")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    private_path = out_dir / f"{name}{PRIVATE_SUFFIX}"
    public_path = out_dir / f"{name}{PUBLIC_SUFFIX}"
    for path in (private_path, public_path):
        if path.exists() or path.is_symlink():
            raise SignError(f"{path} already exists; nothing was written (an existing key is never replaced)")
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(private_path, flags, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # whatever the umask
        os.write(fd, pem)
    finally:
        os.close(fd)
    try:
        fd = os.open(public_path, flags, 0o644)
        try:
            os.write(fd, public_pem)
        finally:
            os.close(fd)
    except OSError:
        private_path.unlink(missing_ok=True)
        raise
    return private_path, public_path, key_id_of(private.public_key())


def _read_small(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_KEY_FILE + 1)
    except OSError as exc:
        raise SignError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_KEY_FILE:
        raise SignError(f"{path}: too large to be a key file")
    return data


def load_private_key(path: Path) -> tuple[Ed25519PrivateKey, str]:
    """The signing key and its id. Refused when others may read it (group/other permission bits)."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise SignError(f"{path}: no such key file ({exc.strerror or exc})") from exc
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SignError(f"{path}: other users may read this private key (mode {stat.S_IMODE(mode):04o}); "
                        f"run 'chmod 600 {path}' first")  # fmt: skip
    try:
        key = serialization.load_pem_private_key(_read_small(path), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        # the exception text could quote the file: say only what is wrong
        raise SignError(f"{path}: not an unencrypted Ed25519 private key (PEM)") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SignError(f"{path}: not an Ed25519 private key")
    return key, key_id_of(key.public_key())


def load_public_key(path: Path) -> PublicKey:
    path = Path(path)
    try:
        key = serialization.load_pem_public_key(_read_small(path))
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise SignError(f"{path}: not an Ed25519 public key (PEM)") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SignError(f"{path}: not an Ed25519 public key")
    return PublicKey(path.name[: -len(PUBLIC_SUFFIX)], key_id_of(key), key, path)


def trusted_keys_dir() -> Path:
    override = os.environ.get(KEYS_ENV, "").strip()
    return Path(override) if override else SYSTEM_KEYS


def trust_store(folder: Path | None = None) -> TrustStore:
    """The trusted public keys. A folder that exists but cannot be listed is an error (the
    installer cannot tell whether keys are configured); a missing folder means none are."""
    folder = Path(folder) if folder is not None else trusted_keys_dir()
    if not folder.exists():
        return TrustStore(folder, (), False)
    try:
        candidates = sorted(p for p in folder.iterdir() if p.name.endswith(PUBLIC_SUFFIX) and not p.name.startswith("."))
    except OSError as exc:
        raise SignError(f"the trusted keys in {folder} cannot be listed ({exc.strerror or exc})") from exc
    keys: list[PublicKey] = []
    bad: list[str] = []
    for path in candidates:
        try:
            keys.append(load_public_key(path))
        except SignError as exc:
            log.warning("ignoring a trusted key file: %s", exc)
            bad.append(path.name)
    return TrustStore(folder, tuple(keys), bool(candidates), tuple(bad))


# -- signing and verifying -----------------------------------------------------------------------


def sign(private: Ed25519PrivateKey, data: bytes) -> bytes:
    """The signature document (JSON bytes) for ``data``."""
    doc = {
        "format": SIGNATURE_FORMAT,
        "algorithm": ALGORITHM,
        "key_id": key_id_of(private.public_key()),
        "signature": base64.b64encode(private.sign(data)).decode("ascii"),
    }
    return json.dumps(doc, indent=2).encode("utf-8")


def signature_key_id(signature_doc: bytes) -> str:
    """The key id a signature document names (raises SignError if it is not one)."""
    return _parse(signature_doc)[0]


def _parse(signature_doc: bytes) -> tuple[str, bytes]:
    try:
        doc = json.loads(signature_doc.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SignError("its signature file is not readable") from None
    if not isinstance(doc, dict) or doc.get("format") != SIGNATURE_FORMAT or doc.get("algorithm") != ALGORITHM:
        raise SignError("its signature is of an unknown kind (not an mbc-reader Ed25519 signature)")
    key_id, sig = doc.get("key_id"), doc.get("signature")
    if not isinstance(key_id, str) or not isinstance(sig, str):
        raise SignError("its signature file is incomplete")
    try:
        raw = base64.b64decode(sig, validate=True)
    except (binascii.Error, ValueError):
        raise SignError("its signature is not valid base64") from None
    if len(raw) != 64:
        raise SignError("its signature has the wrong length")
    return key_id, raw


def verify(signature_doc: bytes, data: bytes, store: TrustStore) -> PublicKey:
    """The trusted key whose signature ``signature_doc`` is over ``data``; SignError otherwise."""
    key_id, raw = _parse(signature_doc)
    candidates = [k for k in store.keys if k.key_id == key_id]
    if not candidates:
        raise SignError(f"it is signed by a key this computer does not trust ({key_id}; {store.describe()})")
    for key in candidates:
        if key.verifies(raw, data):
            return key
    raise SignError(f"its manifest does not match its signature by {candidates[0].name} ({key_id}): "
                    "the pack was changed after it was signed")  # fmt: skip
