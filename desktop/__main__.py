"""Entry point: `planledger` and `python -m desktop`."""

from .cli import leave, main


def run() -> None:
    leave(main())


if __name__ == "__main__":
    run()
