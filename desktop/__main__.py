"""Entry point: `planledger` and `python -m desktop`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
