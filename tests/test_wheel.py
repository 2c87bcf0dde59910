"""A wheel that works: ``pip install .`` (not editable) carries the glossary, translations, styles
and the bundled article, and the installed app finds them with no checkout beside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built from this checkout, installed (without dependencies: this venv has them)
    into a folder of its own that is put first on the path."""
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out / "dist"), str(REPO)],
                           capture_output=True, text=True, timeout=600, cwd=out)
    if build.returncode != 0 and "No matching distribution" in build.stderr + build.stdout:
        pytest.skip(f"the build back end could not be installed: {build.stderr.strip().splitlines()[-1]}")
    assert build.returncode == 0, build.stderr
    (wheel,) = (out / "dist").glob("mbc_reader-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("mbc_reader/_home/resources/glossary.sqlite", "mbc_reader/_home/resources/ui/app.qss",
                   "mbc_reader/_home/seeds/000_af7ffd754fc95063.txt"):
        assert needed in names
    site = out / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr
    return site


def _run(site: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("MBC_READER_HOME", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(site)
    for name in ("CACHE", "DATA", "CONFIG"):
        env[f"MBC_READER_{name}_DIR"] = str(tmp_path / name.lower())
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    result = _run(installed, tmp_path, "-c", "import mbc_reader, mbc_reader.paths as p; print(mbc_reader.__file__); print(p.app_home())")
    assert result.returncode == 0, result.stderr
    module, home = result.stdout.split()
    assert Path(module).is_relative_to(installed) and Path(home).is_relative_to(installed)


def test_search_from_the_wheel_finds_the_bundled_article(installed, tmp_path):
    result = _run(installed, tmp_path, "-m", "mbc_reader", "search", "fractures", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["results"], found
    assert any(hit.get("article_id", hit.get("id")) == "000_af7ffd754fc95063" for hit in found["results"])


def test_the_glossary_and_a_screenshot_work_from_the_wheel(installed, tmp_path):
    lookup = _run(installed, tmp_path, "-c",
                  "from mbc_reader.content.glossary import Glossary; print(Glossary.bundled().lookup('45762').name)")
    assert lookup.returncode == 0, lookup.stderr
    assert "lymph node" in lookup.stdout
    shot = tmp_path / "shot.png"
    result = _run(installed, tmp_path, "-m", "mbc_reader", "gui", "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000
