"""Backups: one at the start of each day, and before every import, migration and restore;
rotated (30 daily, 12 monthly); listed and restored from the window."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..domain.errors import KnownError
from ..storage import maintenance
from .session import Session

KEEP_DAILY, KEEP_MONTHLY, KEEP_EVENTS = 30, 12, 30


@dataclass
class Backup:
    path: Path
    kind: str        # 每日 / 每月 / 操作前 / 手动
    at: dt.datetime
    size: int


def _folder(kind: str) -> Path:
    return paths.backups() / kind


def _copy(session: Session, target: Path) -> Path:
    return maintenance.backup_to(session.store, target)


def due_today(today: dt.date | None = None) -> bool:
    """Today's backup is not made yet: this is the first start of the day."""
    return not (_folder("daily") / f"plans-{(today or dt.date.today()):%Y%m%d}.db").exists()


def daily(*, session: Session, today: dt.date | None = None) -> list[Path]:
    """At start: today's backup and this month's, if not made yet; then rotate."""
    today = today or dt.date.today()
    made = []
    day = _folder("daily") / f"plans-{today:%Y%m%d}.db"
    if not day.exists():
        made.append(_copy(session, day))
    month = _folder("monthly") / f"plans-{today:%Y%m}.db"
    if not month.exists():
        made.append(_copy(session, month))
    rotate()
    return made


def before(*, session: Session, action: str) -> Path:
    """A backup taken before something that replaces a lot (an import, a restore)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = _copy(session, _folder("events") / f"{action}-{stamp}.db")
    rotate()
    return path


def to_file(*, session: Session, target: str | Path) -> Path:
    return _copy(session, Path(target))


def rotate() -> None:
    for kind, keep in (("daily", KEEP_DAILY), ("monthly", KEEP_MONTHLY), ("events", KEEP_EVENTS)):
        files = sorted(_folder(kind).glob("*.db"))
        for old in files[:-keep] if len(files) > keep else []:
            old.unlink(missing_ok=True)


def listing() -> list[Backup]:
    names = {"daily": "每日", "monthly": "每月", "events": "操作前"}
    out = []
    for kind, label in names.items():
        for f in _folder(kind).glob("*.db"):
            st = f.stat()
            out.append(Backup(f, label, dt.datetime.fromtimestamp(st.st_mtime), st.st_size))
    return sorted(out, key=lambda b: b.at, reverse=True)


def is_good(path: Path) -> bool:
    return maintenance.file_is_good(Path(path))


def newest_good() -> Backup | None:
    return next((b for b in listing() if is_good(b.path)), None)


def describe(path: Path) -> str:
    """What a backup holds, for the confirmation before a restore."""
    return maintenance.describe_file(Path(path))


@dataclass
class Restored:
    path: Path
    safety: Path
    entity: str = "plans"
    plan_ids: tuple = ()


def restore(*, session: Session, source: str | Path) -> Restored:
    """Replace the database with a backup; the current state is backed up first."""
    source = Path(source)
    if not source.exists() or not is_good(source):
        raise KnownError(f"备份文件“{source.name}”已损坏或不是规划台账的数据库，未做任何恢复")
    safety = before(session=session, action="恢复前")
    maintenance.restore_from(session.store, source)
    return Restored(source, safety)


def recover(*, db_path: Path, backup: Path) -> Path:
    """Put the damaged file aside (never deleted) and the backup in its place."""
    import shutil

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    damaged = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{db_path}{suffix}")
        if part.exists():
            part.replace(Path(f"{damaged}{suffix}"))
    shutil.copyfile(backup, db_path)
    return damaged
