import sys

from .cli import main

if __name__ == "__main__":  # guarded: a multiprocessing "spawn" child must not re-run the command
    sys.exit(main())
