"""The search package has one face: callers import ``mbc_reader.content.search`` only, and
importing it costs nothing until a name is used."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from mbc_reader.content import search

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "src" / "mbc_reader" / "content" / "search"
#: A dotted name into the package ("content.search.store", "from .search.index import ...").
DOTTED = re.compile(r"(?:content\.|from \.+)search\.(\w+)")
#: The names a "from ...search import a, b as c" imports.
FROM = re.compile(r"(?:content|from \.+)\.?search import ([\w ,]+)")


def inner_names(line: str) -> list[str]:
    """The names a line imports from inside the package (any of them may be a module)."""
    names = DOTTED.findall(line)
    for group in FROM.findall(line):
        names += [part.split()[0] for part in group.split(",") if part.strip()]
    return names


def _callers() -> list[Path]:
    out = []
    for top in ("src", "benchmarks", "installer"):
        for path in sorted((REPO / top).rglob("*")):
            if path.suffix in (".py", ".spec") and not path.is_relative_to(PACKAGE):
                out.append(path)
    return out


def test_callers_outside_the_package_import_only_its_face():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    offenders = []
    for path in _callers():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name in inner_names(line):
                if name in modules:
                    offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == [], "import these through mbc_reader.content.search:\n" + "\n".join(offenders)


def test_the_check_above_sees_an_inner_import():
    assert inner_names("from mbc_reader.content.search.store import current_version") == ["store"]
    assert inner_names("    from .search.index import build_index") == ["index"]
    assert inner_names("from ..content.search import SearchResponse, build as b") == ["SearchResponse", "build"]
    assert inner_names("from mbc_reader.content import search") == []


def test_every_public_name_resolves_to_what_its_module_defines():
    import importlib

    for name in search.__all__:
        module = importlib.import_module(f"mbc_reader.content.search.{search._EXPORTS[name]}")
        assert getattr(search, name) is getattr(module, name), name


def test_an_unknown_name_is_a_plain_attribute_error():
    try:
        search.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("no AttributeError")


def test_importing_the_package_loads_no_whoosh():
    code = "import sys, mbc_reader.content.search as s; print(sorted(m for m in sys.modules if m.startswith('whoosh') or m.startswith('mbc_reader.content.search.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
