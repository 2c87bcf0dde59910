import sys

from .cli import main

if __name__ == "__main__":  # guarded: a multiprocessing "spawn" child must not re-run the command
    if getattr(sys, "frozen", False):  # a frozen app's index workers (content/search/build.py)
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
