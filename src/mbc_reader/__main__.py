import multiprocessing
import sys

from .cli import main

if __name__ == "__main__":  # guarded: a multiprocessing "spawn" child must not re-run the command
    multiprocessing.freeze_support()  # a frozen app's index workers (content/search/build.py)
    sys.exit(main())
