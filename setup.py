"""The one build step pyproject.toml cannot say: ship ``seeds/`` and ``resources/`` inside the
package, so a plain ``pip install .`` (a wheel, not a checkout) has its glossary, translations,
styles and bundled article. They stay at the top of the repository, as the design card lays them
out; the wheel carries a copy as ``mbc_reader/_home/`` (``paths.app_home`` looks there first)."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HOME_DIRS = ("seeds", "resources")
LEFT_OUT = shutil.ignore_patterns("search-index", "__pycache__", "*.pyc")  # the bundle's prebuilt index stays out


class BuildWithHome(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout
        root = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "mbc_reader" / "_home"
        for name in HOME_DIRS:
            if (root / name).is_dir():
                shutil.copytree(root / name, target / name, dirs_exist_ok=True, ignore=LEFT_OUT)


setup(cmdclass={"build_py": BuildWithHome})
