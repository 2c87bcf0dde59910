"""The clinic's own details, for the articles it adds: ``clinic.ini`` in the config folder.

``mbc-reader import`` writes them into the front matter of every leaflet it imports::

    [clinic]
    name = Riverside Community Clinic      ; the article's source (shown as "Source: …")
    license = All rights reserved          ; optional
    owner = Patient education team         ; optional: who reviews the clinic's leaflets
    review_frequency = yearly              ; optional, default yearly (any frequency review knows)

Every key is optional; a missing file is no clinic details at all. A value that cannot be used
(an unknown review frequency, a file that is not an ini file) is a :class:`ClinicConfigError`
naming the file and the key. No Qt here.
"""

from __future__ import annotations

import configparser
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from .review import FREQUENCIES, parse_frequency

FILE_NAME = "clinic.ini"
SECTION = "clinic"
DEFAULT_REVIEW_FREQUENCY = "yearly"
KEYS = ("name", "license", "owner", "review_frequency")


class ClinicConfigError(ValueError):
    """``clinic.ini`` cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Clinic:
    name: str | None = None
    license: str | None = None
    owner: str | None = None
    review_frequency: str = DEFAULT_REVIEW_FREQUENCY
    file: Path | None = None  # where these came from (None: no clinic.ini)


def clinic_file() -> Path:
    return paths.config_dir() / FILE_NAME


def load_clinic(path: Path | None = None) -> Clinic:
    """The clinic's details from ``path`` (default: ``clinic.ini`` in the config folder)."""
    path = Path(path) if path else clinic_file()
    if not path.is_file():
        return Clinic()
    parser = configparser.ConfigParser(inline_comment_prefixes=(";", "#"), interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8-sig"), source=str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise ClinicConfigError(f"{path}: cannot be read ({exc})") from None
    except configparser.Error as exc:
        first = str(exc).splitlines()[0]
        raise ClinicConfigError(f"{path}: not an ini file ({first})") from None
    if not parser.has_section(SECTION):
        raise ClinicConfigError(f"{path}: no [{SECTION}] section (see docs/INSTALL.md)")
    values = {key: (value.strip() or None) for key, value in parser.items(SECTION)}
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise ClinicConfigError(f"{path}: unknown key '{unknown[0]}' in [{SECTION}] (known: {', '.join(KEYS)})")
    frequency = values.get("review_frequency") or DEFAULT_REVIEW_FREQUENCY
    if parse_frequency(frequency) is None:
        known = ", ".join(sorted({"monthly", "quarterly", "yearly", "biennially"} & set(FREQUENCIES)))
        raise ClinicConfigError(f"{path}: 'review_frequency = {frequency}' is not a frequency review knows ({known}, …)")
    return Clinic(values.get("name"), values.get("license"), values.get("owner"), frequency, path)
