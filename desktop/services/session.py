"""The open database and who is working: what every service function is given."""

from __future__ import annotations

import getpass
import shutil
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..storage import Store, open_store
from ..storage import settings as stored_settings


@dataclass
class Session:
    store: Store

    @property
    def who(self) -> str:
        name = stored_settings.get(self.store, "user_name")
        if name:
            return name
        try:
            return getpass.getuser()
        except (OSError, KeyError):
            return "未署名"

    @property
    def database_path(self) -> Path | None:
        return self.store.path

    def close(self) -> None:
        self.store.close()


def ensure_user_database(db_path: Path | None = None) -> Path:
    """The user's database; on first start, a copy of the bundled one (never the bundled file)."""
    target = db_path or paths.database()
    if not target.exists() and db_path is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        bundled = paths.bundled_database()
        if bundled.exists():
            shutil.copyfile(bundled, target)
    return target


def _backup_before_migration(store) -> None:
    import datetime as dt

    from ..storage import maintenance

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    maintenance.backup_to(store, paths.backups() / "events" / f"升级前-{stamp}.db")


def open_session(db_path: str | Path | None = None, *, readonly: bool = False) -> Session:
    path = ensure_user_database(Path(db_path) if db_path else None)
    return Session(open_store(path, readonly=readonly, before_migration=_backup_before_migration))


def memory_session() -> Session:
    return Session(open_store(None))
