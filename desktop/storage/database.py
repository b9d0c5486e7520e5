"""Opening the database: migrations, WAL, foreign keys, and the one way to change data.

Reads go through the plain sqlite3 connection; sqlite-utils (migrations, inserts, transactions)
is loaded on first need, so the window does not wait for it at start.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..domain.errors import (
    DatabaseDamaged,
    DatabaseInUse,
    DatabaseMissing,
    DatabaseReadOnly,
    HomeNotAFolder,
    KnownError,
    NotADatabase,
    SchemaTooNew,
    os_reason,
)
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
    def change(self, *, who: str, action: str, reason: str = "") -> Iterator[Change]:
        """One user action: a transaction whose audit rows are written with it, or nothing."""
        if self.readonly:
            raise KnownError("数据库以只读方式打开，不能修改")
        try:
            with self._atomic():
                self.conn.execute(
                    "INSERT INTO change_context (id, at, who, reason, action) VALUES (1, ?, ?, ?, ?)",
                    [now(), who or "未署名", reason, action],
                )
                yield Change(self)
                self.conn.execute("DELETE FROM change_context")
        except sqlite3.DatabaseError as exc:
            raise known_error(exc, self.path) from exc

    @contextlib.contextmanager
    def _atomic(self) -> Iterator[None]:
        """All of it or none: a transaction, or a savepoint inside one already open (as sqlite-utils'
        `atomic` does it, without loading the library for every typed value)."""
        if self.conn.in_transaction:
            name = f"change_{os.urandom(8).hex()}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:   # a RAISE(ROLLBACK) may have ended it already
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.conn.close()


class Change:
    """The open change storage code writes through: `execute` runs on the connection, inside the
    change's transaction; `db["table"]` is sqlite-utils' table, for the code that inserts whole
    rows by name. The library (80 ms to load) is loaded only by that code: a typed value, a
    project's status or the record of an export are plain statements."""

    def __init__(self, store: Store):
        self._store = store
        self.conn = store.conn

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    def __getitem__(self, name: str):
        return self._store.db[name]


def insert_row(db, table: str, row: dict) -> int:
    """Inside an open change: one row, its new id. A plain INSERT: sqlite-utils' `insert` looks the
    table's columns up for every row, which a received plan's hundred rows pay a hundred times."""
    odd = [c for c, v in row.items() if v is not None and not isinstance(v, str | int | float | bytes)]
    if odd:   # a hand-made workbook's plan information: a list where a name should be
        raise KnownError("表格中隐藏的规划信息不正确（有的内容不是文字或数字），未导入任何内容；"
                         "请填报单位用规划台账重新导出")
    columns = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" * len(row))
    return db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values())).lastrowid


SQLITE_HEADER = b"SQLite format 3\x00"


def known_error(exc: sqlite3.Error, path: Path | None) -> Exception:
    """SQLite's error, by its code (never its English text), as the sentence the user reads."""
    if "本次修改未保存" in str(exc):  # our own triggers: a sentence already
        return KnownError(str(exc))
    code = getattr(exc, "sqlite_errorname", "") or ""
    where = f"（{path}）" if path else ""
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return DatabaseInUse(f"数据库正被另一程序使用{where}，请关闭其他规划台账窗口后重试；本次修改未保存")
    if code.startswith("SQLITE_FULL"):
        return KnownError(f"磁盘已满{where}，请清理磁盘空间后重试；本次修改未保存")
    if code.startswith("SQLITE_READONLY"):
        return DatabaseReadOnly(f"数据库文件不可写{where}（只读的文件夹、U盘写保护或权限不足）；本次修改未保存")
    if code.startswith("SQLITE_NOTADB"):
        return NotADatabase(f"文件{where}不是规划台账的数据库")
    if code.startswith("SQLITE_CORRUPT"):
        return DatabaseDamaged(f"数据库文件{where}已损坏（可能因断电或磁盘故障）")
    if code.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")):
        return KnownError(f"无法读写数据库文件{where}（磁盘或U盘出错、已拔出，或没有权限）；本次修改未保存")
    return exc


def check_place(p: Path, *, create: bool) -> None:
    """Refuse, with the reason, a path the database cannot be at, before SQLite is asked."""
    for folder in (p.parent, *p.parent.parents):
        if folder.exists():
            if not folder.is_dir():
                raise HomeNotAFolder(f"“{folder}”是一个文件，不是文件夹：数据库不能放在这里"
                                     "（请检查 --home、--db 或环境变量 PLANLEDGER_HOME）")
            break
    if p.is_dir():
        raise HomeNotAFolder(f"“{p}”是文件夹，不是数据库文件")
    if not p.exists():
        if not create:
            raise DatabaseMissing(f"数据库文件“{p}”不存在；如要新建一个空数据库，请加 --create")
        return
    with p.open("rb") as fh:
        head = fh.read(16)
    if head and head != SQLITE_HEADER:
        raise NotADatabase(f"“{p.name}”不是规划台账的数据库（文件头不是 SQLite 数据库），未做任何改动")


def writable(p: Path) -> bool:
    """The database file and its folder can both be written (SQLite writes its journal beside)."""
    folder = p.parent if p.parent.exists() else next(f for f in p.parents if f.exists())
    return os.access(folder, os.W_OK) and (not p.exists() or os.access(p, os.W_OK))


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
               before_migration=None, create: bool = True) -> Store:
    """Open (creating it only when asked) and migrate; every known situation raises its own
    error: missing, not a database, damaged, newer schema, read-only place, in use."""
    p = Path(path) if path is not None else None
    if p is not None:
        check_place(p, create=create)
        if not readonly and not writable(p):
            raise DatabaseReadOnly(f"数据文件夹“{p.parent}”不可写（只读的文件夹、U盘写保护或权限不足）")
        if not readonly:
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseReadOnly(f"无法建立数据文件夹“{p.parent}”：{os_reason(exc)}") from exc
    conn = None
    try:
        conn = _connect(p, readonly)
        conn.execute("PRAGMA foreign_keys = ON")
        applied = applied_migrations(conn)
        check_schema(applied)
        if not applied and conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%'").fetchone()[0]:
            raise NotADatabase(f"“{p.name if p else ''}”是别的程序的数据库，不是规划台账的数据库；未做任何改动")
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
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        known = known_error(exc, p)
        if isinstance(known, KnownError):
            raise known from exc
        raise DatabaseDamaged(f"无法打开数据库文件{p}：它已损坏或不是规划台账的数据库（{exc}）") from exc
    except KnownError:
        if conn is not None:
            conn.close()
        raise
    return store


def check_schema(applied: list[str]) -> None:
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown:
        raise SchemaTooNew(
            f"该数据库由更新版本的规划台账写入（含本程序不认识的结构版本 {', '.join(unknown)}），"
            "请升级规划台账后再打开；数据库未做任何改动"
        )
