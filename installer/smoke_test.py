"""Smoke test of the built Debian package: does the installed app work with no Python and no network?

It extracts the ``.deb`` into a temporary root (``dpkg-deb -x``: what ``apt install`` would put on
disk, without touching the machine) and runs ``<root>/usr/bin/mbc-reader`` with an empty
environment: no Python on PATH (PATH is an empty folder), user folders inside the temporary root,
offscreen Qt, and, where the kernel allows it, a private network namespace with no interfaces so
any connection attempt fails. It runs ``--version``, ``check``, ``search``, ``gui --screenshot``
(plain and with ``--search``), ``export --pdf`` and, last, ``pack install``; it also checks that
every library the bundle links against is on the machine and that the shipped search index is
used. Commands this version does not have yet are reported as skipped, not failed.

    python installer/smoke_test.py [dist/mbc-reader_0.1.0_amd64.deb] [--json]

Exit status 0 when every check passed or was skipped. ``tests/test_installer.py`` runs the same
checks under pytest.
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import elfdeps  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED_ID = "000_af7ffd754fc95063"
APP_ID = "org.mbcreader.Reader"
# ELF files whose libraries must all be on the machine; other plugins (Wayland, CUPS) may lack some.
CORE_ELF_SUFFIXES = ("mbc-reader", "libpython3.11.so.1.0", "QtCore.abi3.so", "QtGui.abi3.so",
                     "QtWidgets.abi3.so", "libqxcb.so", "libqoffscreen.so")


@dataclass
class Check:
    name: str
    status: str  # "ok", "FAIL", "skip"
    detail: str = ""
    seconds: float = 0.0


def newest_deb(dist: Path = ROOT / "dist") -> Path | None:
    debs = sorted(dist.glob("mbc-reader_*.deb"), key=lambda p: p.stat().st_mtime)
    return debs[-1] if debs else None


def clean_env(home: Path) -> dict[str, str]:
    """Nothing from the build machine: no Python reachable, throw-away user folders."""
    empty_bin = home / "empty-bin"
    empty_bin.mkdir(parents=True, exist_ok=True)
    env = {"HOME": str(home), "PATH": str(empty_bin), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    for name in ("CACHE", "DATA", "CONFIG"):
        env[f"MBC_READER_{name}_DIR"] = str(home / name.lower())
    for name in ("CACHE", "DATA", "CONFIG", "STATE"):
        env[f"XDG_{name}_HOME"] = str(home / f"xdg-{name.lower()}")
    return env


def network_jail() -> list[str]:
    """``unshare --net`` when this machine lets us create a network namespace (root, most CI)."""
    unshare = shutil.which("unshare")
    for prefix in ([unshare, "--net"], [unshare, "--map-root-user", "--net"]) if unshare else ():
        if subprocess.run([*prefix, "true"], capture_output=True, check=False).returncode == 0:
            return prefix
    return []


class InstalledApp:
    """The package extracted into ``root``, run the way a staff member's shell would."""

    def __init__(self, deb: Path, workdir: Path) -> None:
        self.deb = deb
        self.root = workdir / "root"
        self.home = workdir / "home"
        subprocess.run(["dpkg-deb", "-x", str(deb), str(self.root)], check=True)
        self.exe = self.root / "usr" / "bin" / "mbc-reader"
        self.bundle = self.root / "opt" / "mbc-reader"
        self.env = clean_env(self.home)
        self.jail = network_jail()
        self.version = subprocess.run(["dpkg-deb", "-f", str(deb), "Version"], capture_output=True,
                                      text=True, check=True).stdout.strip()
        self.prebuilt_index = self.bundle / "_internal" / "resources" / "search-index"
        self._help: str | None = None

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.jail, str(self.exe), *args], env=self.env, cwd=self.home,
                              capture_output=True, text=True, timeout=timeout, check=False)

    def has_command(self, name: str) -> bool:
        if self._help is None:
            self._help = self.run("--help").stdout
        return any(line.split()[:1] == [name] for line in self._help.splitlines())


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    return struct.unpack(">II", data[16:24])


# --- the checks: each returns (status, detail) and raises AssertionError on failure ----------------

def check_layout(app: InstalledApp) -> str:
    share = app.root / "usr" / "share"
    expected = [
        share / "applications" / "mbc-reader.desktop",
        share / "metainfo" / f"{APP_ID}.metainfo.xml",
        share / "icons" / "hicolor" / "scalable" / "apps" / "mbc-reader.svg",
        share / "icons" / "hicolor" / "48x48" / "apps" / "mbc-reader.png",
        app.bundle / "_internal" / "seeds" / f"{SEED_ID}.txt",
        app.bundle / "_internal" / "resources" / "glossary.sqlite",
    ]
    missing = [str(p.relative_to(app.root)) for p in expected if not p.is_file()]
    assert not missing, f"missing from the package: {', '.join(missing)}"
    assert app.exe.is_symlink() and app.exe.resolve() == (app.bundle / "mbc-reader").resolve(), \
        "usr/bin/mbc-reader does not point at opt/mbc-reader/mbc-reader"
    return "prebuilt search index present" if app.prebuilt_index.is_dir() else "no prebuilt search index in this build"


def check_libraries(app: InstalledApp) -> str:
    missing = elfdeps.missing_from_bundle(app.bundle)
    system = elfdeps.system_libraries()
    absent = {name: users for name, users in missing.items() if name not in system}
    core = {name: users for name, users in absent.items()
            if any(u.name.endswith(CORE_ELF_SUFFIXES) for u in users)}
    assert not core, "libraries the app needs are not on this machine: " + ", ".join(sorted(core))
    optional = sorted(f"{name} ({', '.join(sorted({u.name for u in users}))})" for name, users in absent.items())
    found = f"{len(missing) - len(absent)} of {len(missing)} system libraries found"
    return found + (f"; optional plugins lack {'; '.join(optional)}" if optional else "")


def check_version(app: InstalledApp) -> str:
    result = app.run("--version")
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr.strip()}"
    assert result.stdout.strip() == f"mbc-reader {app.version}", f"printed {result.stdout.strip()!r}"
    return result.stdout.strip()


def check_check(app: InstalledApp) -> str:
    result = app.run("check", "--json")
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr.strip()}"
    report = json.loads(result.stdout)
    ids = [a["id"] for a in report["articles"]]
    assert SEED_ID in ids, f"the bundled article is not loaded (got {ids})"
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert not errors, f"errors in the bundled content: {errors}"
    return f"{len(ids)} article(s), {len(report['problems'])} problem(s), no errors"


def check_search(app: InstalledApp) -> str | None:
    if not app.has_command("search"):
        return None
    result = app.run("search", "fractures", "--json")
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr.strip()}"
    answer = json.loads(result.stdout)
    assert answer["results"], "no results for 'fractures'"
    first = answer["results"][0]
    assert first["article_id"] == SEED_ID, f"first hit is {first['article_id']}"
    assert "symptom" in (first.get("section") or "").lower(), f"first hit is section {first.get('section')!r}"
    built = sorted((app.home / "cache").rglob("CURRENT"))
    if app.prebuilt_index.is_dir():
        assert not built, f"indexed again into {built[0].parent} instead of using the shipped index"
        return f"{answer['total']} hit(s); first: {first['section']}; used the shipped index"
    return f"{answer['total']} hit(s); first: {first['section']}; index built in the cache"


def check_gui(app: InstalledApp) -> str | None:
    if not app.has_command("gui"):
        return None
    shot = app.home / "window.png"
    result = app.run("gui", "--screenshot", str(shot))
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr.strip()[-500:]}"
    assert shot.is_file(), "no screenshot written"
    width, height = png_size(shot)
    assert width >= 320 and height >= 240, f"screenshot is only {width}x{height}"
    assert shot.stat().st_size > 5000, "screenshot looks blank (tiny PNG)"
    return f"{width}x{height} PNG, {shot.stat().st_size // 1024} KiB"


def check_gui_search(app: InstalledApp) -> str | None:
    """The window's search box, typed into by the app itself, over the installed index."""
    if not app.has_command("gui") or "--search" not in app.run("gui", "--help").stdout:
        return None
    shot = app.home / "search.png"
    result = app.run("gui", "--search", "fractures", "--screenshot", str(shot))
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr.strip()[-500:]}"
    assert shot.is_file() and shot.stat().st_size > 5000, "no screenshot of the search"
    return f"searched 'fractures' in the window, {shot.stat().st_size // 1024} KiB PNG"


def check_export(app: InstalledApp) -> str | None:
    """The take-home printout as a PDF: Qt's printing stack and the QR code inside the bundle."""
    if not app.has_command("export"):
        return None
    pdf = app.home / "printout.pdf"
    result = app.run("export", SEED_ID, "--pdf", str(pdf))
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr.strip()[-500:]}"
    assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-", "no PDF written"
    return f"{pdf.stat().st_size // 1024} KiB PDF"


def check_pack(app: InstalledApp) -> str | None:
    """A staff update: install a content pack, then the library holds it (runs last: it indexes)."""
    if not app.has_command("pack"):
        return None
    pack = app.home / "usb" / "clinic-extra"
    pack.mkdir(parents=True)
    seed = app.bundle / "_internal" / "seeds" / f"{SEED_ID}.txt"
    (pack / "clinic-copy.md").write_bytes(seed.read_bytes())
    result = app.run("pack", "install", str(pack))
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr.strip()[-500:]}"
    listed = json.loads(app.run("pack", "list", "--json").stdout or "null")
    names = [p.get("name") for p in listed] if isinstance(listed, list) else \
        [p.get("name") for p in (listed or {}).get("packs", [])]
    assert "clinic-extra" in names, f"pack list shows {names}"
    ids = [a["id"] for a in json.loads(app.run("check", "--json").stdout)["articles"]]
    assert "clinic-copy" in ids and SEED_ID in ids, f"after the pack the library has {ids}"
    return f"installed; library now {len(ids)} articles"


def check_no_stray_files(app: InstalledApp) -> str:
    """The app wrote only into its user folders (and the screenshot we asked for)."""
    allowed = {"cache", "data", "config", "empty-bin", "window.png", "search.png", "printout.pdf",
               "xdg-cache", "xdg-config", "xdg-data", "xdg-state"}
    stray = sorted(p.name for p in app.home.iterdir() if p.name not in allowed)
    assert not stray, f"unexpected files in HOME: {stray}"
    if app.prebuilt_index.is_dir():
        built = sorted(str(p.parent.relative_to(app.home)) for p in app.home.rglob("CURRENT"))
        assert not built, f"the bundled articles were indexed again (in {built}) despite the shipped index"
        return "only user folders written; the shipped search index was used"
    return "only user folders written"


CHECKS = [
    ("layout", check_layout), ("libraries", check_libraries), ("version", check_version),
    ("check", check_check), ("search", check_search), ("gui", check_gui),
    ("gui-search", check_gui_search), ("export", check_export), ("home", check_no_stray_files),
    ("pack", check_pack),
]


def run_checks(app: InstalledApp) -> list[Check]:
    results = []
    for name, fn in CHECKS:
        started = time.perf_counter()
        try:
            detail = fn(app)
            status = "skip" if detail is None else "ok"
            detail = detail or "command not in this version"
        except (AssertionError, ValueError, KeyError, subprocess.TimeoutExpired) as exc:
            status, detail = "FAIL", str(exc) or type(exc).__name__
        results.append(Check(name, status, detail, round(time.perf_counter() - started, 3)))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deb", nargs="?", type=Path, help="the package (default: newest dist/mbc-reader_*.deb)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary root for a look")
    args = parser.parse_args(argv)
    deb = args.deb or newest_deb()
    if deb is None or not deb.is_file():
        print("smoke_test: error: no package found; build one with `make dist`", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="mbc-reader-smoke-"))
    try:
        app = InstalledApp(deb, workdir)
        results = run_checks(app)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps({"deb": str(deb), "network_jail": bool(app.jail),
                          "checks": [asdict(r) for r in results]}, indent=2))
    else:
        isolation = "no network (empty namespace)" if app.jail else "network NOT isolated (no unshare)"
        print(f"smoke test of {deb}: {isolation}")
        for r in results:
            print(f"  {r.status:4}  {r.name:10} {r.seconds:6.2f} s  {r.detail}")
        if args.keep:
            print(f"  kept: {workdir}")
    return 1 if any(r.status == "FAIL" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
