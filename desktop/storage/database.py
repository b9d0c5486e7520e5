"""Opening the database: migrations, WAL, foreign keys, and the one way to change data."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from ..domain.errors import KnownError, SchemaTooNew
from .migrations import known_names, migrations


def now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class Store:
    """One SQLite connection. Reads are free; every write goes through `change()`."""

    def __init__(self, db: Database, path: Path | None, *, readonly: bool = False):
        self.db = db
        self.path = path
        self.readonly = readonly

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    @contextlib.contextmanager
    def change(self, *, who: str, action: str, reason: str = "") -> Iterator[Database]:
        """One user action: a transaction whose audit rows are written with it, or nothing."""
        if self.readonly:
            raise KnownError("数据库以只读方式打开，不能修改")
        try:
            with self.db.atomic():
                self.db.execute(
                    "INSERT INTO change_context (id, at, who, reason, action) VALUES (1, ?, ?, ?, ?)",
                    [now(), who or "未署名", reason, action],
                )
                yield self.db
                self.db.execute("DELETE FROM change_context")
        except sqlite3.OperationalError as exc:
            raise _known(exc, self.path) from exc

    def close(self) -> None:
        self.db.close()


def _known(exc: sqlite3.OperationalError, path: Path | None) -> Exception:
    text = str(exc).lower()
    where = f"（{path}）" if path else ""
    if "locked" in text or "busy" in text:
        return KnownError(f"数据库正被另一程序使用{where}，请关闭其他规划台账窗口后重试；本次修改未保存")
    if "disk is full" in text or "database or disk is full" in text:
        return KnownError(f"磁盘已满{where}，请清理磁盘空间后重试；本次修改未保存")
    if "readonly" in text or "read-only" in text:
        return KnownError(f"数据库文件不可写{where}，请检查文件权限；本次修改未保存")
    return exc


def _connect(path: Path | None, readonly: bool) -> sqlite3.Connection:
    if path is None:
        return sqlite3.connect(":memory:")
    if readonly:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    return sqlite3.connect(str(path), timeout=5)


def open_store(path: str | Path | None, *, readonly: bool = False, migrate: bool = True) -> Store:
    """Open (creating if needed) and migrate; refuse a database written by a newer program."""
    p = Path(path) if path is not None else None
    if p is not None and not readonly:
        p.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _connect(p, readonly)
        db = Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        check_schema(db)
        if not readonly:
            if p is not None:
                db.enable_wal()
            if migrate and migrations.pending(db):
                migrations.apply(db)
                db.execute(f"PRAGMA user_version = {len(known_names())}")
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError):
            known = _known(exc, p)
            if isinstance(known, KnownError):
                raise known from exc
        raise KnownError(f"无法打开数据库文件{p}：它不是规划台账的数据库或已损坏（{exc}）") from exc
    return Store(db, p, readonly=readonly)


def check_schema(db: Database) -> None:
    applied = [m.name for m in migrations.applied(db)]
    unknown = [name for name in applied if name not in known_names()]
    if unknown:
        raise SchemaTooNew(
            f"该数据库由更新版本的规划台账写入（含本程序不认识的结构版本 {', '.join(unknown)}），"
            "请升级规划台账后再打开；数据库未做任何改动"
        )
