"""Which machine libraries a Linux bundle needs, and which Debian packages provide them.

The bundle carries Qt and Python but leaves the desktop stack (X11/xcb, GLib, fontconfig, CUPS…)
to the machine, so the ``.deb`` must depend on exactly what the bundled ELF files link against.
Reading the ``NEEDED`` entries ourselves (``readelf``, from binutils, which PyInstaller needs
anyway) keeps that list true as Qt plugins come and go, without a full ``debian/`` tree for
``dpkg-shlibdeps``. Used by ``build_deb.py`` (Depends) and ``smoke_test.py`` (nothing missing).
"""

from __future__ import annotations

import functools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
_NEEDED_RE = re.compile(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")
_GLIBC_RE = re.compile(r"\bGLIBC_(\d+)\.(\d+)\b")

# Libraries that a plugin may need but that a minimal build machine may not have installed:
# the package that provides each on Debian 12 / Ubuntu 22.04+.
KNOWN_PACKAGES = {
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libcups.so.2": "libcups2",
}


@dataclass(frozen=True)
class ElfFile:
    path: Path
    needed: tuple[str, ...]
    glibc: tuple[int, int]  # newest GLIBC_x.y symbol version it asks for


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(4) == ELF_MAGIC


def read_elf(path: Path) -> ElfFile:
    out = subprocess.run(
        ["readelf", "--dynamic", "--version-info", "--wide", str(path)],
        capture_output=True, text=True, check=False,
    ).stdout
    versions = [(int(a), int(b)) for a, b in _GLIBC_RE.findall(out)]
    return ElfFile(path, tuple(_NEEDED_RE.findall(out)), max(versions, default=(0, 0)))


def bundle_elves(root: Path) -> list[ElfFile]:
    return [read_elf(p) for p in sorted(root.rglob("*")) if is_elf(p)]


def provided_names(root: Path) -> set[str]:
    """File names inside the bundle (Qt's libraries are found there by RUNPATH or symlink)."""
    return {p.name for p in root.rglob("*")}


@functools.lru_cache(maxsize=1)
def system_libraries() -> dict[str, Path]:
    """soname -> path, from the dynamic linker's cache (64-bit entries on a 64-bit machine)."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    found: dict[str, Path] = {}
    fallback: dict[str, Path] = {}
    for line in out.splitlines()[1:]:
        match = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if match:
            target = found if "64" in match.group(2) else fallback
            target.setdefault(match.group(1), Path(match.group(3)))
    return {**fallback, **found}


def missing_from_bundle(root: Path, elves: list[ElfFile] | None = None) -> dict[str, list[Path]]:
    """soname -> the bundled files that need it but the bundle does not carry."""
    inside = provided_names(root)
    wanted: dict[str, list[Path]] = {}
    for elf in elves if elves is not None else bundle_elves(root):
        for name in elf.needed:
            if name not in inside:
                wanted.setdefault(name, []).append(elf.path)
    return wanted


def owning_package(path: Path) -> str | None:
    """The Debian package that installed ``path`` (merged-/usr aware), or None."""
    candidates = [path, path.resolve()]
    text = str(path)
    candidates.append(Path(text[4:]) if text.startswith("/usr/") else Path("/usr" + text))
    for candidate in candidates:
        result = subprocess.run(["dpkg", "-S", str(candidate)], capture_output=True, text=True, check=False)
        if result.returncode == 0 and result.stdout:
            return result.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def package_dependencies(root: Path) -> tuple[dict[str, set[Path]], dict[str, list[Path]], tuple[int, int]]:
    """(package -> bundled files that need it, sonames no package was found for, newest glibc)."""
    packages: dict[str, set[Path]] = {}
    unresolved: dict[str, list[Path]] = {}
    system = system_libraries()
    elves = bundle_elves(root)
    for soname, users in sorted(missing_from_bundle(root, elves).items()):
        package = owning_package(system[soname]) if soname in system else None
        package = package or KNOWN_PACKAGES.get(soname)
        if package:
            packages.setdefault(package, set()).update(users)
        else:
            unresolved[soname] = users
    glibc = max((elf.glibc for elf in elves), default=(0, 0))
    return packages, unresolved, glibc
