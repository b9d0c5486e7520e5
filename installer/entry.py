"""The frozen program's entry point."""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()    # the batch import's readers start this program again
    sys.exit(main())
