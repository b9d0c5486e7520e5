"""Where the user's data, backups and the bundled resources live; one override for all of it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_HOME = "PLANLEDGER_HOME"
_home_override: Path | None = None


def set_home(path: str | os.PathLike | None) -> None:
    """Put everything the program writes under `path` (the --home option)."""
    global _home_override
    _home_override = Path(path).expanduser().resolve() if path else None


def install_root() -> Path:
    """The folder the program runs from: the PyInstaller bundle or the source checkout."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def resources() -> Path:
    return install_root() / "resources"


def fonts() -> Path:
    return resources() / "fonts"


def bundled_database() -> Path:
    return install_root() / "data" / "plans.db"


def bundled_plan_documents() -> Path:
    return install_root() / "data" / "plans"


def home() -> Path:
    """The user data folder: the override, else the platform's per-user data folder."""
    if _home_override is not None:
        return _home_override
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir("PlanLedger", appauthor=False, roaming=True))


def database() -> Path:
    return home() / "plans.db"


def backups() -> Path:
    return home() / "backups"


def attachments() -> Path:
    return home() / "attachments"


def ui_settings() -> Path:
    """Window layout and column widths (QSettings, ini format)."""
    return home() / "window.ini"


def cache() -> Path:
    """What the program can always make again (parsed font tables): safe to delete."""
    return home() / "cache"


def logs() -> Path:
    return home() / "logs"
