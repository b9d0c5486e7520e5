"""Backups: one at the start of each day, and before every import, migration and restore; each
holds the database and the evidence files it refers to; rotated by date; listed and restored.

The evidence files are content-addressed (named by their SHA-256), so every backup shares one
store of them, `backups/files/`: a file is copied there once and never rewritten, and a restore
brings back the files its database refers to, saying which it could not find."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..domain.errors import KnownError
from ..storage import files, maintenance
from .ops import Changes
from .session import Session

KEEP = {"daily": 30, "monthly": 12, "events": 30, "upgrades": 10}
LABELS = {"daily": "每日", "monthly": "每月", "events": "操作前", "upgrades": "升级前"}
FILES = "files"
_STAMP = re.compile(r"(\d{8})(?:-(\d{6}))?(?:-(\d{1,6}))?\.db$|(\d{6})\.db$")


@dataclass
class Backup:
    path: Path
    kind: str        # 每日 / 每月 / 操作前 / 升级前
    at: dt.datetime
    size: int


def root_for(db_path: Path | None) -> Path:
    """Where a database's backups go: the data folder's own database in backups/, any other
    (--db) in a folder of its own there, so no file's backups are taken for another's."""
    if db_path is None or Path(db_path).resolve() == paths.database().resolve():
        return paths.backups()
    import hashlib

    where = hashlib.sha1(str(Path(db_path).resolve()).encode()).hexdigest()[:8]
    return paths.backups() / "others" / f"{_safe(Path(db_path).stem)}-{where}"


def _folder(kind: str, db_path: Path | None = None) -> Path:
    return root_for(db_path) / kind


def files_folder() -> Path:
    return paths.backups() / FILES


def _copy(store, target: Path) -> Path:
    """The database through SQLite's online backup, then the evidence files it refers to."""
    made = maintenance.backup_to(store, target)
    keep_evidence(maintenance.attachment_hashes(store))
    return made


def keep_evidence(hashes: set[str]) -> list[str]:
    """Copy the evidence files not yet in the shared backup store; returns those not found."""
    return files.copy_blobs(hashes, paths.attachments(), files_folder())


def due_today(today: dt.date | None = None, *, db_path: Path | None = None) -> bool:
    """Today's backup is not made yet: this is the first start of the day."""
    return not (_folder("daily", db_path) / f"plans-{(today or dt.date.today()):%Y%m%d}.db").exists()


def daily(*, session: Session, today: dt.date | None = None) -> list[Path]:
    """At start: today's backup and this month's, if not made yet; then rotate."""
    today = today or dt.date.today()
    db = session.store.path
    made = []
    day = _folder("daily", db) / f"plans-{today:%Y%m%d}.db"
    if not day.exists():
        made.append(_copy(session.store, day))
    month = _folder("monthly", db) / f"plans-{today:%Y%m}.db"
    if not month.exists():
        made.append(_copy(session.store, month))
    rotate(db)
    return made


def event(*, store, action: str) -> Path:
    """A backup taken before something that replaces a lot (an import, a restore, an upgrade)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    kind = "upgrades" if action == "升级前" else "events"
    path = _copy(store, _folder(kind, store.path) / f"{_safe(action)}-{stamp}.db")
    rotate(store.path)
    return path


def before(*, session: Session, action: str) -> Path:
    return event(store=session.store, action=action)


def _safe(action: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff]+", "_", action)[:40] or "操作前"


def to_file(*, session: Session, target: str | Path) -> Path:
    """A backup to a file the user names; the evidence files go into a folder beside it."""
    target = Path(target)
    made = maintenance.backup_to(session.store, target)
    missing = files.copy_blobs(maintenance.attachment_hashes(session.store), paths.attachments(),
                               evidence_beside(target))
    if missing:
        raise KnownError(f"数据库已备份到“{made}”，但有 {len(missing)} 个佐证材料文件在数据文件夹中找不到，"
                         "未能一并备份")
    return made


def evidence_beside(backup: Path) -> Path:
    return backup.with_name(backup.name + "-佐证材料")


def _when(path: Path) -> dt.datetime:
    """A backup's time from its name (rotation never depends on how names sort), else its mtime."""
    m = _STAMP.search(path.name)
    try:   # the digits read as numbers (strptime loads its locale machinery: at every start)
        if m and m.group(1):
            d, t = m.group(1), m.group(2) or "000000"
            return dt.datetime(int(d[:4]), int(d[4:6]), int(d[6:8]), int(t[:2]), int(t[2:4]), int(t[4:6]),
                               int((m.group(3) or "0").ljust(6, "0")))
        if m and m.group(4):
            return dt.datetime(int(m.group(4)[:4]), int(m.group(4)[4:6]), 1)
    except ValueError:
        pass
    return dt.datetime.fromtimestamp(path.stat().st_mtime)


def rotate(db_path: Path | None = None) -> None:
    """Keep the newest of each kind by date; never the one just made."""
    for kind, keep in KEEP.items():
        backups = sorted(_folder(kind, db_path).glob("*.db"), key=_when, reverse=True)
        for old in backups[keep:]:
            old.unlink(missing_ok=True)


def clean_leftovers() -> list[Path]:
    """Partial files a killed backup, import or export left in the data folder."""
    gone = []
    for folder in (paths.backups(), paths.attachments(), paths.home()):
        if not folder.is_dir():
            continue
        pattern = "*.part" if folder == paths.home() else "**/*.part"
        for part in folder.glob(pattern):
            try:
                part.unlink()
                gone.append(part)
            except OSError:
                pass
    return gone


def listing(db_path: Path | None = None) -> list[Backup]:
    out = []
    for kind, label in LABELS.items():
        for f in _folder(kind, db_path).glob("*.db"):
            out.append(Backup(f, label, _when(f), f.stat().st_size))
    return sorted(out, key=lambda b: b.at, reverse=True)


def is_good(path: Path) -> bool:
    return maintenance.file_is_good(Path(path))


def newest_good(db_path: Path | None = None) -> Backup | None:
    return next((b for b in listing(db_path) if is_good(b.path)), None)


def describe(path: Path) -> str:
    """What a backup holds, for the confirmation before a restore."""
    return maintenance.describe_file(Path(path))


@dataclass
class Restored:
    path: Path
    safety: Path
    missing_evidence: list[str] = field(default_factory=list)   # names of files not found
    # everything may have changed; not undone step by step (the state before is a backup)
    changes: Changes = field(default_factory=lambda: Changes(plans=True))


def restore(*, session: Session, source: str | Path) -> Restored:
    """Replace the database with a backup; the current state is backed up first; the evidence
    files the backup refers to come back from the backup store (or the folder beside it)."""
    source = Path(source)
    if not source.exists() or not is_good(source):
        raise KnownError(f"备份文件“{source.name}”已损坏或不是规划台账的数据库，未做任何恢复")
    safety = before(session=session, action="恢复前")
    maintenance.restore_from(session.store, source)
    return Restored(source, safety, bring_back_evidence(session, source))


def bring_back_evidence(session: Session, source: Path) -> list[str]:
    """Put back the evidence files the restored database refers to; the names of those missing."""
    wanted = maintenance.attachment_hashes(session.store)
    missing = set(wanted)
    for store in (files_folder(), evidence_beside(source)):
        if store.is_dir():
            missing = set(files.copy_blobs(missing, store, paths.attachments()))
    return maintenance.attachment_names(session.store, missing)


def recover(*, db_path: Path, backup: Path) -> Path:
    """A damaged database: put the damaged file aside (never deleted) and the backup in its place.
    Only for real damage; a healthy file is never moved aside."""
    import shutil

    if maintenance.file_is_good(db_path):
        raise KnownError("数据库文件检查正常，不需要从备份恢复；如要回到以前的数据，请用“备份与恢复”")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    damaged = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{db_path}{suffix}")
        if part.exists():
            part.replace(Path(f"{damaged}{suffix}"))
    tmp = db_path.with_name(db_path.name + ".part")
    shutil.copyfile(backup, tmp)
    tmp.replace(db_path)
    return damaged
