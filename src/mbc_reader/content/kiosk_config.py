"""Kiosk settings staff set once: on/off, idle time, countdown, and the staff PIN (hashed).

They live in ``kiosk.ini`` in the config folder, so staff can copy one file between kiosks and the
command line (``mbc-reader kiosk ...``) can change them without Qt. The PIN is never stored: only a
salted PBKDF2 hash. With no PIN set, staff exit is *off* (a patient must never find a way out to
the desktop because nobody chose a PIN). This module is Qt-free so the CLI stays light.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .. import paths

if TYPE_CHECKING:
    import configparser

log = logging.getLogger(__name__)

KIOSK_FILE = "kiosk.ini"
SECTION = "kiosk"
DEFAULT_IDLE_SECONDS = 180
DEFAULT_COUNTDOWN_SECONDS = 20
PIN_MIN, PIN_MAX = 4, 12
_ALGORITHM = "pbkdf2_sha256"
_ITERATIONS = 120_000  # about 0.1 s on an old 2-core PC: cheap for staff, slow for guessing


class KioskConfig(NamedTuple):  # read at every start: a named tuple costs less than a dataclass
    """What ``kiosk.ini`` says; ``problems`` lists lines that were ignored, in plain words."""

    enabled: bool = False
    idle_seconds: int = DEFAULT_IDLE_SECONDS
    countdown_seconds: int = DEFAULT_COUNTDOWN_SECONDS
    pin_hash: str = ""
    problems: tuple[str, ...] = ()

    @property
    def pin_set(self) -> bool:
        return bool(self.pin_hash)

    def check_pin(self, pin: str) -> bool:
        return bool(self.pin_hash) and verify_pin(pin, self.pin_hash)


def config_path() -> Path:
    return paths.config_dir() / KIOSK_FILE


def hash_pin(pin: str, *, salt: bytes | None = None, iterations: int = _ITERATIONS) -> str:
    """``pbkdf2_sha256$iterations$salt$hash``: the salt stops one table cracking every kiosk."""
    import hashlib  # here, not at import: every reader's start reads this module (kiosk or not)
    import secrets

    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return f"{_ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    import hashlib
    import hmac

    try:
        algorithm, iterations, salt_hex, digest_hex = stored.split("$")
        if algorithm != _ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), bytes.fromhex(salt_hex), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


def pin_problem(pin: str) -> str | None:
    """Digits only, so staff can type it on the on-screen number pad."""
    if not pin.isdigit() or not pin.isascii():
        return "the PIN must be digits only (0-9)"
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        return f"the PIN must have {PIN_MIN} to {PIN_MAX} digits"
    return None


def _read(path: Path) -> tuple[configparser.ConfigParser, list[str]]:
    import configparser  # here: a reader's start only asks whether kiosk.ini exists

    parser = configparser.ConfigParser(interpolation=None)
    problems: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return parser, problems
    except (OSError, UnicodeDecodeError) as exc:
        return parser, [f"{path}: cannot read it ({exc}); kiosk defaults are used"]
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        first = str(exc).splitlines()[0]
        return configparser.ConfigParser(interpolation=None), [f"{path}: not a valid settings file ({first}); kiosk defaults are used"]
    return parser, problems


def _seconds(section: configparser.SectionProxy, key: str, default: int, low: int, problems: list[str], path: Path) -> int:
    raw = section.get(key)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        problems.append(f"{path}: {key} = {raw!r} is not a whole number of seconds; using {default}")
        return default
    if value < low:
        problems.append(f"{path}: {key} = {value} is too short (at least {low}); using {low}")
        return low
    return value


def load_kiosk_config(path: Path | None = None) -> KioskConfig:
    """Never raises: a broken file gives the safe defaults (kiosk off, exit off) and a problem line."""
    path = path or config_path()
    if not path.exists():  # the usual case, and every reader's start asks: no parser needed
        return KioskConfig()
    parser, problems = _read(path)
    if not parser.has_section(SECTION):
        for problem in problems:
            log.warning("%s", problem)
        return KioskConfig(problems=tuple(problems))
    section = parser[SECTION]
    try:
        enabled = section.getboolean("enabled", fallback=False)
    except ValueError:
        problems.append(f"{path}: enabled = {section.get('enabled')!r} should be yes or no; kiosk mode stays off")
        enabled = False
    idle = _seconds(section, "idle_seconds", DEFAULT_IDLE_SECONDS, 30, problems, path)
    countdown = _seconds(section, "countdown_seconds", DEFAULT_COUNTDOWN_SECONDS, 5, problems, path)
    pin_hash = section.get("pin_hash", "").strip()
    if pin_hash and not pin_hash.startswith(_ALGORITHM + "$"):
        problems.append(f"{path}: pin_hash is not a hash made by `mbc-reader kiosk set-pin`; staff exit stays off")
        pin_hash = ""
    for problem in problems:
        log.warning("%s", problem)
    return KioskConfig(enabled, idle, countdown, pin_hash, tuple(problems))


def update_kiosk_config(values: dict[str, str | None], path: Path | None = None) -> Path:
    """Change some keys (None removes one), keep the rest; written atomically, readable by owner only."""
    path = path or config_path()
    parser, problems = _read(path)
    if problems:
        raise ValueError(problems[0])
    if not parser.has_section(SECTION):
        parser.add_section(SECTION)
    for key, value in values.items():
        if value is None:
            parser.remove_option(SECTION, key)
        else:
            parser.set(SECTION, key, value)
    from .storage import write_text

    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    buffer.write("# mbc-reader kiosk settings: change with `mbc-reader kiosk ...`\n")
    parser.write(buffer)
    write_text(path, buffer.getvalue(), permissions=0o600)
    return path


def save_pin(pin: str, path: Path | None = None) -> Path:
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    return update_kiosk_config({"pin_hash": hash_pin(pin)}, path)


def clear_pin(path: Path | None = None) -> Path:
    return update_kiosk_config({"pin_hash": None}, path)
