"""The open database and who is working: what every service function is given."""

from __future__ import annotations

import getpass
import shutil
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..domain.errors import (
    DatabaseDamaged,
    DatabaseLost,
    DatabaseMissing,
    DatabaseReadOnly,
    HomeNotAFolder,
    KnownError,
    NotADatabase,
    os_reason,
)
from ..storage import Store, open_store
from ..storage import settings as stored_settings


@dataclass
class Session:
    store: Store
    shown_path: Path | None = None   # the user's file, when the store is a read-only copy of it

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
    home = target.parent
    if home.exists() and not home.is_dir():
        raise HomeNotAFolder(f"数据文件夹“{home}”是一个文件，不是文件夹；请检查 --home 或环境变量 "
                             f"{paths.ENV_HOME}")
    if not target.exists() and db_path is None:
        if any(paths.backups().glob("*/*.db")):
            # the data folder was used before: the database went missing (moved, deleted, a
            # sync tool): never start silently from the sample data, offer the backups
            raise DatabaseLost(f"数据文件夹“{home}”中的数据库文件 plans.db 不见了，但还有备份")
        bundled = paths.bundled_database()
        if bundled.exists():
            try:
                home.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(target.name + ".part")
                shutil.copyfile(bundled, tmp)
                tmp.replace(target)
            except OSError as exc:
                raise DatabaseReadOnly(f"无法在“{home}”建立数据库：{os_reason(exc)}") from exc
    return target


def _backup_before_migration(store) -> None:
    from . import backups

    backups.event(store=store, action="升级前")


def open_session(db_path: str | Path | None = None, *, readonly: bool = False,
                 create: bool = False) -> Session:
    """A session on the user's database (or the one named); a named file that does not exist is
    refused unless `create` (a typo never becomes a new empty database)."""
    named = Path(db_path) if db_path else None
    path = ensure_user_database(named)
    if path.exists() and path.resolve() == paths.bundled_database().resolve():
        readonly = True   # the program's own sample data is never written
    return Session(open_store(path, readonly=readonly, before_migration=_backup_before_migration,
                              create=create or named is None))


def open_for_reading(db_path: str | Path | None = None, *, create: bool = False) -> Session:
    """A session for a command that only reads: where the folder cannot be written, from a
    read-only copy (as the window opens it) instead of a refusal."""
    try:
        return open_session(db_path, create=create)
    except DatabaseReadOnly as exc:
        path = ensure_user_database(Path(db_path) if db_path else None)
        return _read_only_copy(path, str(exc)).session


def memory_session() -> Session:
    return Session(open_store(None))


@dataclass
class Workplace:
    """The database opened for a day's work: the session, the lock held, and, when it could only be
    read, the sentence the window shows in its banner."""

    session: Session
    lock: object | None = None
    readonly_reason: str = ""
    checked: bool = False
    warning: str = ""           # told once when the window opens (a backup that could not be made)

    def close(self) -> None:
        self.session.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def open_for_work(db_path: str | Path | None = None, *, readonly: bool = False,
                  create: bool = False) -> Workplace:
    """Open the data for work, as the window and every writing command do: take the one-writer
    lock, check the whole file at the first start of a day and after a crash, make the day's backup.

    Raises: InUse (another copy holds it; ask, then call again with readonly=True), DatabaseDamaged
    (offer the newest good backup: `backups.recover`), SchemaTooNew, DatabaseMissing, NotADatabase,
    HomeNotAFolder. A folder that cannot be written opens read-only from a copy, with the reason."""
    from . import backups, instance_lock

    named = Path(db_path) if db_path else None
    path = ensure_user_database(named)
    if readonly:
        try:
            return Workplace(open_session(path, readonly=True), readonly_reason="以只读方式打开")
        except DatabaseReadOnly as exc:
            return _read_only_copy(path, str(exc))
    try:
        lock = instance_lock.acquire(path)
    except DatabaseReadOnly as exc:
        return _read_only_copy(path, str(exc))
    try:
        try:
            session = open_session(path, create=create or named is None)
        except DatabaseReadOnly as exc:
            lock.release()
            return _read_only_copy(path, str(exc))
        except NotADatabase as exc:
            if named is None:  # the user's own file was a database: what is left of it is damage
                raise DatabaseDamaged(f"数据库文件已损坏，无法识别（{exc}）") from exc
            raise
        place = Workplace(session, lock)
        if backups.due_today(db_path=path) or lock.after_crash:
            # the whole file is read through once a day, before the day's backup (so a damaged file
            # never becomes a backup), and after a program on it ended without closing
            place.checked = True
            if not database_ok(session):
                session.close()
                raise DatabaseDamaged("数据库文件检查未通过（可能因断电或磁盘故障损坏）")
        backups.clean_leftovers()
        try:
            backups.daily(session=session)
        except KnownError as exc:  # a full disk: the day's work can still be done and saved
            place.warning = f"今日自动备份未能完成：{exc}"
        return place
    except BaseException:
        lock.release()
        raise


def database_ok(session: Session) -> bool:
    from ..storage import maintenance

    return maintenance.quick_check(session.store)


def _read_only_copy(path: Path, reason: str) -> Workplace:
    """A database in a folder that cannot be written, opened from a copy in a temporary folder
    (SQLite cannot read a WAL database in place without writing beside it)."""
    import tempfile

    if not path.exists():
        raise DatabaseMissing(f"数据库文件“{path}”不存在，且其所在文件夹不可写")
    folder = Path(tempfile.mkdtemp(prefix="planledger-ro-"))
    copy = folder / path.name
    try:
        for suffix in ("", "-wal"):
            part = Path(f"{path}{suffix}")
            if part.exists():
                shutil.copyfile(part, Path(f"{copy}{suffix}"))
    except OSError as exc:
        raise DatabaseReadOnly(f"无法读取“{path}”：{os_reason(exc)}") from exc
    store = open_store(copy, readonly=True)
    return Workplace(Session(store, shown_path=path), readonly_reason=f"{reason}：数据以只读方式打开，不能修改")
