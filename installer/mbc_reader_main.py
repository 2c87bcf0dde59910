"""Entry point of the frozen app (PyInstaller runs this file as ``__main__``).

It only hands over to the same ``mbc_reader.cli.main`` that the pip-installed ``mbc-reader``
script uses, so the bundle and the checkout behave the same. ``freeze_support`` is there because a
frozen program that ever starts a ``multiprocessing`` worker (a parallel index build) would
otherwise re-run the whole CLI in each child.
"""

import multiprocessing
import sys

from mbc_reader.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
