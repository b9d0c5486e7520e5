"""Opening the database: migrations, WAL, foreign keys, and the one way to change data.

Reads go through the plain sqlite3 connection; sqlite-utils (migrations, inserts, transactions)
is loaded on first need, so the window does not wait for it at start.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..domain.errors import KnownError, SchemaTooNew
from .schema_names import MIGRATION_NAMES, MIGRATION_SET


def now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _dict_factory(cursor: sqlite3.Cursor, row: tuple) -> dict:
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


class Store:
    """One SQLite connection. Reads are free; every write goes through `change()`."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, *, readonly: bool = False):
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self._db = None

    @property
    def db(self):
        """The sqlite-utils view of the connection, created when first needed."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)  # no third-party code on our data
        return self._db

    def query(self, sql: str, params: list | tuple = ()) -> list[dict]:
        cur = self.conn.cursor()
        cur.row_factory = _dict_factory
        return cur.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: list | tuple = ()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    @property
    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    @contextlib.contextmanager
    def change(self, *, who: str, action: str, reason: str = "") -> Iterator:
        """One user action: a transaction whose audit rows are written with it, or nothing."""
        if self.readonly:
            raise KnownError("数据库以只读方式打开，不能修改")
        try:
            with self.db.atomic():
                self.conn.execute(
                    "INSERT INTO change_context (id, at, who, reason, action) VALUES (1, ?, ?, ?, ?)",
                    [now(), who or "未署名", reason, action],
                )
                yield self.db
                self.conn.execute("DELETE FROM change_context")
        except sqlite3.DatabaseError as exc:
            raise _known(exc, self.path) from exc

    def close(self) -> None:
        self.conn.close()


def _known(exc: sqlite3.DatabaseError, path: Path | None) -> Exception:
    if "本次修改未保存" in str(exc):  # our own triggers: a sentence already
        return KnownError(str(exc))
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


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone()
    if not exists:
        return []
    return [r[0] for r in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET])]


def open_store(path: str | Path | None, *, readonly: bool = False, migrate: bool = True,
               before_migration=None) -> Store:
    """Open (creating if needed) and migrate; refuse a database written by a newer program."""
    p = Path(path) if path is not None else None
    if p is not None and not readonly:
        p.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _connect(p, readonly)
        conn.execute("PRAGMA foreign_keys = ON")
        applied = applied_migrations(conn)
        check_schema(applied)
        store = Store(conn, p, readonly=readonly)
        if not readonly:
            if p is not None and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            if migrate and len(applied) < len(MIGRATION_NAMES):
                from .migrations import migrations

                if applied and before_migration is not None:  # an existing database: keep a copy
                    before_migration(store)
                migrations.apply(store.db)
                conn.execute(f"PRAGMA user_version = {len(MIGRATION_NAMES)}")
                conn.commit()
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError):
            known = _known(exc, p)
            if isinstance(known, KnownError):
                raise known from exc
        raise KnownError(f"无法打开数据库文件{p}：它不是规划台账的数据库或已损坏（{exc}）") from exc
    return store


def check_schema(applied: list[str]) -> None:
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown:
        raise SchemaTooNew(
            f"该数据库由更新版本的规划台账写入（含本程序不认识的结构版本 {', '.join(unknown)}），"
            "请升级规划台账后再打开；数据库未做任何改动"
        )
