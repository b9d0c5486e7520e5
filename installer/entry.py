"""The frozen program's entry point."""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
