"""Project-level promises: the content core is Qt-free; a command loads only what it needs."""

from __future__ import annotations

import subprocess
import sys


def run_fresh(code: str) -> None:
    """Run ``code`` in a fresh interpreter (what a module imports shows in its sys.modules)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_content_core_never_imports_qt():
    """Every module of ``mbc_reader.content`` (found by walking the package, so a new one is
    checked too), the paths, the CLI parser and the speech engine's wrapper import no Qt."""
    run_fresh(
        "import sys, pkgutil, importlib, mbc_reader.content as core, mbc_reader.cli, mbc_reader.paths\n"
        "names = [m.name for m in pkgutil.walk_packages(core.__path__, core.__name__ + '.')]\n"
        "assert len(names) >= 27, names\n"
        "for name in names: importlib.import_module(name)\n"
        "mbc_reader.cli.build_parser()\n"
        "qt = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not qt, ('Qt imported by the core', qt[:3])\n"
    )


def test_a_command_loads_only_its_own_module():
    """`mbc-reader gui` must not pay for the search engine or Markdown before its window opens;
    `mbc-reader --help` still lists every command."""
    run_fresh(
        "import sys, mbc_reader.cli as cli\n"
        "cli.build_parser(cli.chosen_command(['-v', 'gui', '--content', 'x']))\n"
        "heavy = [m for m in ('whoosh', 'markdown', 'nh3', 'mbc_reader.commands.search', 'mbc_reader.content.models') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "helptext = cli.build_parser().format_help()\n"
        "assert all(name in helptext for name in cli.COMMANDS), helptext\n"
    )
