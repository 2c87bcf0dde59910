"""Debian packages: the one place that writes a control file and runs ``dpkg-deb``.

Used for the app's own package (``installer/build_deb.py``) and for content packs wrapped as
packages (:mod:`.pack_deb`). A package's tree is staged in a folder (``DEBIAN/`` beside the
files as they sit on the machine), its modes and times normalised (0755/0644, every time
stamp ``SOURCE_DATE_EPOCH``), then built with ``dpkg-deb --root-owner-group``: every file is
root's, whoever builds it. No Qt here.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

MAINTAINER = "mbc-reader team <mbc-reader@localhost>"
#: The order fields are written in (Debian policy 5.3); others follow in the order given.
FIELD_ORDER = ("Package", "Source", "Version", "Architecture", "Maintainer", "Installed-Size", "Pre-Depends", "Depends",
               "Recommends", "Suggests", "Section", "Priority", "Homepage", "Description")  # fmt: skip
PACKAGE_RE = re.compile(r"^[a-z0-9][a-z0-9+.-]+$")


class DebError(Exception):
    """A package cannot be made (the message says what to do)."""


def parse_control(text: str) -> dict[str, str]:
    """Fields of a control paragraph (continuation lines joined with newlines, as written)."""
    fields: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and key is not None:
            fields[key] += "\n" + line
        elif line.strip():
            key, _, value = line.partition(":")
            key = key.strip()
            fields[key] = value.strip()
    return fields


def description(synopsis: str, body: str) -> str:
    """A Description field: the one-line synopsis, then ``body``'s paragraphs (separated by
    blank lines, which become " ." as policy wants) filled to 79 columns, each line indented
    by one space."""
    lines = [synopsis.strip()]
    for number, paragraph in enumerate(re.split(r"\n\s*\n", body.strip())):
        if number:
            lines.append(" .")
        lines += textwrap.wrap(" ".join(paragraph.split()), width=79, initial_indent=" ", subsequent_indent=" ",
                               break_long_words=False, break_on_hyphens=False)  # fmt: skip
    return "\n".join(lines)


def control_text(fields: dict[str, str]) -> str:
    """The control file for ``fields``; refuses an empty or malformed field rather than write
    a package dpkg would reject later, on a clinic computer."""
    for required in ("Package", "Version", "Architecture", "Maintainer", "Description"):
        if not fields.get(required, "").strip():
            raise DebError(f"the package's control file needs a {required} field")
    if not PACKAGE_RE.match(fields["Package"]):
        raise DebError(f"'{fields['Package']}' cannot be a Debian package name (lower-case letters, digits, + - .)")
    order = [k for k in FIELD_ORDER if k in fields] + [k for k in fields if k not in FIELD_ORDER]
    out = []
    for key in order:
        value = fields[key]
        if not value.strip():
            continue  # an empty optional field (no Recommends) is left out
        first, *rest = value.split("\n")
        if any(not line.startswith((" ", "\t")) for line in rest):
            raise DebError(f"the package's {key} field has a line that does not start with a space")
        out.append(f"{key}: {first}" + "".join("\n" + line for line in rest))
    return "\n".join(out) + "\n"


def write_control(stage: Path, fields: dict[str, str]) -> Path:
    """Write ``DEBIAN/control`` into the staged tree (``Installed-Size`` added when absent)."""
    fields = dict(fields)
    fields.setdefault("Installed-Size", str(installed_size_kib(stage)))
    debian = stage / "DEBIAN"
    debian.mkdir(exist_ok=True)
    path = debian / "control"
    path.write_text(control_text(fields), encoding="utf-8")
    return path


def write_md5sums(stage: Path) -> Path:
    """``DEBIAN/md5sums``: what ``dpkg --verify`` checks the installed files against."""
    lines = []
    for path in sorted(stage.rglob("*")):
        rel = path.relative_to(stage)
        if rel.parts[0] == "DEBIAN" or path.is_symlink() or not path.is_file():
            continue
        digest = hashlib.md5(usedforsecurity=False)
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        lines.append(f"{digest.hexdigest()}  {rel.as_posix()}\n")
    target = stage / "DEBIAN" / "md5sums"
    target.parent.mkdir(exist_ok=True)
    target.write_text("".join(lines), encoding="utf-8")
    return target


def write_script(stage: Path, name: str, text: str) -> Path:
    """A maintainer script (``postinst``, ``prerm``, ...), executable."""
    path = stage / "DEBIAN" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


def write_gzip(path: Path, data: bytes, epoch: int) -> None:
    """``gzip -9n``: the same bytes on every build (the time in the header is the epoch's)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=epoch) as gz:
        gz.write(data)


def installed_size_kib(stage: Path) -> int:
    """What the package takes on disk, in KiB (``DEBIAN/`` not counted), as dpkg expects."""
    files = (p for p in stage.rglob("*") if not p.is_dir() and "DEBIAN" not in p.relative_to(stage).parts[:1])
    return sum((p.lstat().st_size + 1023) // 1024 for p in files) + 4


def normalise(stage: Path, epoch: int) -> None:
    """Same modes and times on every build, whatever the umask and clock: folders and
    executables 0755, other files 0644; every time stamp ``epoch``."""
    for path in sorted(stage.rglob("*"), reverse=True):
        if not path.is_symlink():
            executable = path.is_dir() or os.stat(path).st_mode & 0o111
            path.chmod(0o755 if executable else 0o644)
        os.utime(path, (epoch, epoch), follow_symlinks=False)
    stage.chmod(0o755)
    os.utime(stage, (epoch, epoch))


def build(stage: Path, deb: Path, epoch: int, compression: str = "xz") -> Path:
    """``dpkg-deb --build`` the staged tree into ``deb`` (files owned by root)."""
    if not shutil.which("dpkg-deb"):
        raise DebError("dpkg-deb is needed to make a Debian package (apt-get install dpkg)")
    deb.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    result = subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build", str(stage), str(deb)],
                            env=env, capture_output=True, text=True, check=False)  # fmt: skip
    if result.returncode != 0:
        raise DebError(f"dpkg-deb could not build {deb.name}: {(result.stderr or result.stdout).strip()}")
    return deb


def source_date_epoch(default: int) -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else default
