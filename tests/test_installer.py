"""The offline installer: package metadata always; the built .deb when there is one.

The smoke tests run the installed app the way a clinic machine would (extracted package, empty
environment, no Python on PATH, no network where the kernel allows a namespace). They need a
package: ``make dist`` leaves one in dist/, or set ``MBC_BUILD_DIST=1`` to build it here first
(what CI does; about 1.5 minutes). Without either they skip, saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
INSTALLER = REPO / "installer"
sys.path.insert(0, str(INSTALLER))

import elfdeps  # noqa: E402
import smoke_test  # noqa: E402

APP_ID = "org.mbcreader.Reader"


# --- metadata: cheap, always run ----------------------------------------------------------------

@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed")
def test_desktop_entry_is_valid():
    result = subprocess.run(["desktop-file-validate", str(INSTALLER / "linux" / "mbc-reader.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream not installed")
def test_metainfo_is_valid():
    result = subprocess.run(["appstreamcli", "validate", "--no-net",
                             str(INSTALLER / "linux" / f"{APP_ID}.metainfo.xml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_has_a_release_for_this_version():
    from mbc_reader import __version__

    text = (INSTALLER / "linux" / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    assert f'<release version="{__version__}"' in text
    assert "<launchable type=\"desktop-id\">mbc-reader.desktop</launchable>" in text


def test_desktop_entry_starts_the_window_by_the_command_on_path():
    entry = (INSTALLER / "linux" / "mbc-reader.desktop").read_text(encoding="utf-8")
    assert "\nExec=mbc-reader gui\n" in entry
    assert "\nIcon=mbc-reader\n" in entry


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_icon_png_has_its_size(size):
    assert smoke_test.png_size(INSTALLER / "icons" / f"mbc-reader-{size}.png") == (size, size)


def test_windows_icon_holds_every_size_up_to_256():
    data = (INSTALLER / "icons" / "mbc-reader.ico").read_bytes()
    reserved, kind, count = int.from_bytes(data[0:2], "little"), int.from_bytes(data[2:4], "little"), data[4]
    assert (reserved, kind) == (0, 1)
    sizes = sorted(data[6 + 16 * i] or 256 for i in range(count))
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_elf_reader_finds_the_c_library_of_this_python():
    elf = elfdeps.read_elf(Path(os.path.realpath(sys.executable)))
    libs = set(elf.needed)
    if not libs:  # a statically linked interpreter: check its libpython instead
        pytest.skip("this Python links nothing dynamically")
    assert any(name.startswith("libc.so") or name.startswith("libpython") for name in libs)


def test_the_control_file_depends_on_espeak_ng_for_listen(tmp_path):
    """Listen's voice is Debian's espeak-ng package: a Depends of the .deb, whatever the bundle's
    libraries are (checked on a stand-in bundle: one program of this machine)."""
    if not shutil.which("dpkg") or not shutil.which("true"):
        pytest.skip("dpkg is not available on this machine")
    import build_deb

    bundle = tmp_path / "stage" / "opt" / "mbc-reader"
    bundle.mkdir(parents=True)
    shutil.copy(shutil.which("true"), bundle / "mbc-reader")
    depends, recommends = build_deb.compute_depends(bundle)
    build_deb.write_control(tmp_path / "stage", "0.1.0", depends, recommends)
    fields = dict(line.split(": ", 1) for line in (tmp_path / "stage" / "DEBIAN" / "control").read_text(
        encoding="utf-8").splitlines() if ": " in line and not line.startswith(" "))
    assert "espeak-ng" in [entry.strip().split(" ")[0] for entry in fields["Depends"].split(",")]
    assert "espeak-ng" not in fields["Recommends"]
    assert fields["Depends"].startswith("libc6 (>= ")


# --- the built package: slow (skipped with a reason when there is none) ------------------------

def _package() -> Path | None:
    if os.environ.get("MBC_BUILD_DIST") == "1":
        subprocess.run([sys.executable, str(INSTALLER / "build_deb.py")], cwd=REPO, check=True)
    return smoke_test.newest_deb(REPO / "dist")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    if not shutil.which("dpkg-deb"):
        pytest.skip("dpkg-deb is not available on this machine")
    deb = _package()
    if deb is None:
        pytest.skip("no built package in dist/: run `make dist`, or set MBC_BUILD_DIST=1 to build it here")
    return smoke_test.InstalledApp(deb, tmp_path_factory.mktemp("installed"))




@pytest.mark.slow
def test_package_puts_files_where_the_desktop_finds_them(installed):
    smoke_test.check_layout(installed)


@pytest.mark.slow
def test_every_library_the_app_needs_is_bundled_or_on_the_machine(installed):
    smoke_test.check_libraries(installed)


@pytest.mark.slow
def test_installed_app_reports_its_version(installed):
    assert smoke_test.check_version(installed) == f"mbc-reader {installed.version}"


@pytest.mark.slow
def test_installed_app_checks_its_bundled_article(installed):
    smoke_test.check_check(installed)


@pytest.mark.slow
def test_installed_app_searches_the_bundled_article(installed):
    if not installed.has_command("search"):
        pytest.skip("this build has no search command yet")
    smoke_test.check_search(installed)


@pytest.mark.slow
def test_installed_app_draws_its_window(installed):
    if not installed.has_command("gui"):
        pytest.skip("this build has no gui command yet")
    smoke_test.check_gui(installed)


@pytest.mark.slow
def test_installed_app_searches_from_its_window(installed):
    if smoke_test.check_gui_search(installed) is None:
        pytest.skip("this build's window has no --search option yet")


@pytest.mark.slow
def test_installed_app_saves_the_printout_as_pdf(installed):
    if smoke_test.check_export(installed) is None:
        pytest.skip("this build has no export command yet")


@pytest.mark.slow
def test_installed_app_writes_only_its_user_folders(installed):
    installed.run("check")
    smoke_test.check_no_stray_files(installed)


@pytest.mark.slow
def test_staff_install_a_content_pack_into_the_installed_app(installed):
    # after the folder test: a pack's articles are indexed into the user's cache, as they should be
    if smoke_test.check_pack(installed) is None:
        pytest.skip("this build has no pack command yet")


@pytest.mark.slow
def test_package_depends_on_the_qt_system_libraries(installed):
    control = subprocess.run(["dpkg-deb", "-f", str(installed.deb), "Depends"],
                             capture_output=True, text=True, check=True).stdout
    for package in ("libxcb-cursor0", "libegl1", "libgl1", "libxkbcommon0", "libfontconfig1",
                    "libglib2.0-0", "libdbus-1-3", "fonts-dejavu-core", "espeak-ng"):
        assert package in control
