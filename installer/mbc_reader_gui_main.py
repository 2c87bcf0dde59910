"""Entry point of the windowed Windows executable ``mbc-reader-gui.exe`` (Start menu, desktop).

A windowed program has no console, so it always opens the reader: ``mbc-reader-gui.exe`` alone
means ``mbc-reader gui``, and any options (``--kiosk``, ``--article ID``) are passed on.
"""

import multiprocessing
import sys

from mbc_reader.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    args = sys.argv[1:]
    sys.exit(main(args if args[:1] == ["gui"] else ["gui", *args]))
