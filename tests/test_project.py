"""Project-level promises: the content core is Qt-free; a command loads only what it needs."""

from __future__ import annotations

import subprocess
import sys


def run_fresh(code: str) -> None:
    """Run ``code`` in a fresh interpreter (what a module imports shows in its sys.modules)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_content_pipeline_never_imports_qt():
    run_fresh(
        "import sys, mbc_reader.content.loader, mbc_reader.content.render, mbc_reader.content.repair, "
        "mbc_reader.content.glossary, mbc_reader.content.library, mbc_reader.cli\n"
        "import importlib.util\n"
        "for extra in ('mbc_reader.content.index', 'mbc_reader.content.search'):\n"
        "    if importlib.util.find_spec(extra): __import__(extra)\n"
        "mbc_reader.cli.build_parser()\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported by the core'\n"
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
