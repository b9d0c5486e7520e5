"""The frozen program's entry point."""

from desktop.cli import leave, main

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()    # the batch import's readers start this program again
    leave(main())
