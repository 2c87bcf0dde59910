"""Build the offline installer: prebuilt search index -> PyInstaller bundle -> Debian package.

``make dist`` runs this with the project's virtualenv (which has PyInstaller from the ``dist``
extra). Each stage can be skipped so a packager can iterate on one:

    python installer/build_deb.py                 # everything: dist/mbc-reader/ and dist/*.deb
    python installer/build_deb.py --skip-bundle   # re-package an existing dist/mbc-reader/

Reproducible-ish: every time stamp is clamped to SOURCE_DATE_EPOCH (default: the last commit's
time), file modes are normalised, owners are root, and PYTHONHASHSEED is fixed for PyInstaller, so
two builds of one commit on one machine give the same package.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "src"))
import elfdeps  # noqa: E402 - a sibling helper, not an installed module

from mbc_reader.content import debian  # noqa: E402 - the one home of control files and dpkg-deb

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
LINUX = INSTALLER / "linux"
ICONS = INSTALLER / "icons"
KIOSK = INSTALLER / "kiosk"
# The kiosk's own X session, for staff to set up (docs/INSTALL.md): shipped, never switched on.
KIOSK_FILES = ("mbc-reader-kiosk.desktop", "mbc-reader-kiosk-session", "openbox-rc.xml",
               "lightdm-kiosk-autologin.conf", "xorg-kiosk.conf")
APP_ID = "org.mbcreader.Reader"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# "Listen" (read aloud) speaks with eSpeak NG: Debian's own package (the program, libespeak-ng1 and
# the voices in espeak-ng-data), not a copy in the bundle: security updates come from Debian, and
# the .deb stays the size it was (what it adds to a computer: docs/INSTALL.md).
SPEECH_DEPENDS = {"espeak-ng"}

# Always depend on these, whatever the scan finds (PITFALLS.md: Qt's X11 plugin and a font).
BASE_DEPENDS = {
    "libxcb-cursor0", "libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0",
    "libfontconfig1", "libglib2.0-0", "libdbus-1-3", "fonts-dejavu-core",
} | SPEECH_DEPENDS

# Bundled files the app runs without: Qt falls back from Wayland to X11 (XWayland), and without
# CUPS the take-home printout still saves a PDF. Libraries only they need become Recommends, so a
# machine without them can still install the package offline.
OPTIONAL_USERS = re.compile(r"wayland|libqwayland|libcupsprintersupport", re.IGNORECASE)

log = logging.getLogger("build_deb")


class BuildError(Exception):
    """A stage failed in a way the packager can act on (message says what to do)."""


def project_version() -> str:
    text = (ROOT / "src" / "mbc_reader" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if not match:
        raise BuildError("src/mbc_reader/__init__.py: no __version__ = \"…\" line")
    return match.group(1)


def source_date_epoch() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    result = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
                            capture_output=True, text=True, check=False)
    return int(result.stdout.strip()) if result.stdout.strip().isdigit() else 1735689600


def run(cmd: list[str], **kwargs) -> None:
    log.info("$ %s", " ".join(cmd))
    subprocess.run(cmd, check=True, **kwargs)


def build_translations() -> str:
    """The interface's ``.qm`` files are built from ``.ts`` by the set-up; the bundle must carry them."""
    script = ROOT / "scripts" / "build_translations.py"
    if not script.exists():
        return "skipped: no scripts/build_translations.py"
    run([sys.executable, str(script)], cwd=ROOT)
    built = sorted(p.name for p in (ROOT / "resources" / "translations").glob("*.qm"))
    if not built:
        raise BuildError("scripts/build_translations.py made no .qm file in resources/translations/")
    return ", ".join(built)


def build_bundle(dist: Path, work: Path, epoch: int, index: Path | None) -> Path:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONHASHSEED": "0"}
    env.pop("MBC_READER_PREBUILT_INDEX", None)
    if index is not None:
        env["MBC_READER_PREBUILT_INDEX"] = str(index)
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work / "pyinstaller"),
         str(INSTALLER / "mbc-reader.spec")], env=env, cwd=ROOT)
    return dist / "mbc-reader"


def prebuild_index(work: Path) -> tuple[str, Path | None]:
    """The search index of the bundled seeds, built beside the bundle for the spec to pack.

    Built with this (the build's) Python, whose Whoosh is the one PyInstaller bundles, and with
    throw-away user folders so a packager's own content packs never leak into it.
    """
    target = work / "search-index"
    scratch = work / "index-home"
    shutil.rmtree(scratch, ignore_errors=True)
    env = {**os.environ, **{f"MBC_READER_{n}_DIR": str(scratch / n.lower()) for n in ("CACHE", "DATA", "CONFIG")}}
    result = subprocess.run([sys.executable, str(INSTALLER / "prebuild_index.py"), str(target)], env=env, check=False)
    if result.returncode == 3:
        return "skipped: no search engine in this version", None
    if result.returncode != 0:
        raise BuildError(f"building the prebuilt search index failed (exit {result.returncode})")
    return f"built ({sum(p.stat().st_size for p in target.rglob('*') if p.is_file()) / 1024:.0f} KiB)", target


def stage_tree(bundle: Path, stage: Path) -> None:
    """Lay out the package's files as they will sit on the machine."""
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(bundle, stage / "opt" / "mbc-reader", symlinks=True)
    bin_dir = stage / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    # Relative, so it also works in a root extracted with `dpkg-deb -x` (the smoke test).
    (bin_dir / "mbc-reader").symlink_to("../../opt/mbc-reader/mbc-reader")
    share = stage / "usr" / "share"
    _copy(LINUX / "mbc-reader.desktop", share / "applications" / "mbc-reader.desktop")
    _copy(LINUX / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    _copy(ICONS / "mbc-reader.svg", share / "icons" / "hicolor" / "scalable" / "apps" / "mbc-reader.svg")
    for size in PNG_SIZES:
        _copy(ICONS / f"mbc-reader-{size}.png", share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "mbc-reader.png")
    _copy(LINUX / "copyright", share / "doc" / "mbc-reader" / "copyright")
    for name in KIOSK_FILES:
        _copy(KIOSK / name, share / "mbc-reader" / "kiosk" / name)
        shutil.copymode(KIOSK / name, share / "mbc-reader" / "kiosk" / name)  # the session script runs


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


normalise = debian.normalise  # same modes and times on every build, whatever the umask and clock


def write_control(stage: Path, version: str, depends: list[str], recommends: list[str]) -> None:
    """``installer/linux/control.in`` filled in, written by the shared :mod:`debian` writer."""
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
    text = (LINUX / "control.in").read_text(encoding="utf-8")
    text = (text.replace("@VERSION@", version).replace("@ARCH@", arch)
            .replace("@DEPENDS@", ", ".join(depends))
            .replace("@RECOMMENDS@", ", ".join(recommends) or "fonts-dejavu-core")
            .replace("@INSTALLED_SIZE@", str(debian.installed_size_kib(stage))))
    debian.write_control(stage, debian.parse_control(text))


def compute_depends(bundle: Path) -> tuple[list[str], list[str]]:
    """(Depends, Recommends) from the libraries the bundled files link against."""
    packages, unresolved, glibc = elfdeps.package_dependencies(bundle)
    for soname, users in unresolved.items():
        log.warning("no package found for %s (needed by %s): it is not listed in Depends",
                    soname, ", ".join(sorted({u.name for u in users})))
    optional = {pkg for pkg, users in packages.items()
                if all(OPTIONAL_USERS.search(str(u.relative_to(bundle))) for u in users)}
    required = (set(packages) - optional) | BASE_DEPENDS
    required.discard("libc6")
    return [f"libc6 (>= {glibc[0]}.{glibc[1]})"] + sorted(required), sorted(optional - required)


def check_metadata(version: str) -> None:
    """Validate the desktop entry and AppStream file when the tools are installed."""
    metainfo = LINUX / f"{APP_ID}.metainfo.xml"
    if f'<release version="{version}"' not in metainfo.read_text(encoding="utf-8"):
        raise BuildError(f"{metainfo}: add a <release version=\"{version}\" date=\"YYYY-MM-DD\"> entry")
    tools = {
        "desktop-file-validate": [str(LINUX / "mbc-reader.desktop")],
        "appstreamcli": ["validate", "--no-net", str(metainfo)],
    }
    for tool, args in tools.items():
        if shutil.which(tool):
            run([tool, *args], stdout=subprocess.DEVNULL)
        else:
            log.warning("%s not installed: skipped (apt-get install desktop-file-utils appstream)", tool)


def build_deb(stage: Path, out_dir: Path, version: str, epoch: int) -> Path:
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
    deb = out_dir / f"mbc-reader_{version}_{arch}.deb"
    log.info("$ dpkg-deb --root-owner-group -Zxz --build %s %s", stage, deb)
    try:
        return debian.build(stage, deb, epoch)
    except debian.DebError as exc:
        raise BuildError(str(exc)) from None


def tree_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if not p.is_dir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="scratch folder (default: build/)")
    parser.add_argument("--skip-bundle", action="store_true", help="reuse dist/mbc-reader/ as it is")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="build_deb: %(message)s")
    for tool in ("dpkg-deb", "readelf", "ldconfig"):
        if not shutil.which(tool) and not Path("/sbin", tool).exists():
            raise BuildError(f"{tool} is needed (apt-get install dpkg binutils)")
    version, epoch = project_version(), source_date_epoch()
    check_metadata(version)
    started = time.perf_counter()
    bundle = args.dist / "mbc-reader"
    translations_note = index_note = "reused bundle"
    if not args.skip_bundle:
        translations_note = build_translations()
        index_note, index = prebuild_index(args.work)
        bundle = build_bundle(args.dist, args.work, epoch, index)
    if not (bundle / "mbc-reader").exists():
        raise BuildError(f"{bundle}: no bundle here (run without --skip-bundle)")
    bundle_seconds = time.perf_counter() - started
    stage = args.work / "deb" / "root"
    stage_tree(bundle, stage)
    depends, recommends = compute_depends(stage / "opt" / "mbc-reader")
    normalise(stage, epoch)
    write_control(stage, version, depends, recommends)
    debian.write_md5sums(stage)
    for name in ("control", "md5sums"):
        os.utime(stage / "DEBIAN" / name, (epoch, epoch))
    deb = build_deb(stage, args.dist, version, epoch)
    total = time.perf_counter() - started
    print(f"bundle:  {bundle}  {tree_size(bundle) / 1e6:.1f} MB  ({bundle_seconds:.0f} s)")
    print(f"ui translations: {translations_note}")
    print(f"index:   {index_note}")
    print(f"package: {deb}  {deb.stat().st_size / 1e6:.1f} MB  (total {total:.0f} s)")
    print(f"depends: {', '.join(depends)}")
    print(f"recommends: {', '.join(recommends)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as exc:
        print(f"build_deb: error: {exc}", file=sys.stderr)
        sys.exit(1)
    except subprocess.CalledProcessError as exc:
        print(f"build_deb: error: {' '.join(map(str, exc.cmd))} failed (exit {exc.returncode})", file=sys.stderr)
        sys.exit(1)
