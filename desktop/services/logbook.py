"""The program's log: the standard `logging`, a rotating file under the data folder's logs/.
A bug (an error nobody foresaw) is written there with its traceback; the user reads a sentence."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from .. import paths

LOG = logging.getLogger("planledger")
_handler: RotatingFileHandler | None = None


def log_file() -> Path:
    return paths.logs() / "errors.log"


def setup() -> Path | None:
    """Attach the rotating file (1 MB, five kept) once; None when the folder cannot be written."""
    global _handler
    target = log_file()
    if _handler is not None and Path(_handler.baseFilename) == target.resolve():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(target, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("--- %(asctime)s %(levelname)s %(message)s"))
    if _handler is not None:
        LOG.removeHandler(_handler)
        _handler.close()
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False
    _handler = handler
    return target


def bug(exc: BaseException, where: str = "") -> Path | None:
    """Log an unforeseen error with its traceback; the log file, or None if it could not be written."""
    target = setup()
    LOG.error("意外错误%s", f"（{where}）" if where else "", exc_info=(type(exc), exc, exc.__traceback__))
    if _handler is not None:
        _handler.flush()
    return target
