"""Integrity check, online backup, and packing a database for shipping."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from ..domain.errors import KnownError, os_reason
from .database import Store, applied_migrations, known_error
from .schema_names import MIGRATION_NAMES


def integrity(store: Store) -> dict:
    """The whole file checked; a damaged file reports what SQLite found, never raises."""
    conn = store.conn
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        result = [f"无法读取（{exc}）"]
    try:
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError:
        fk = [("?",)]
    try:
        applied = applied_migrations(conn)
    except sqlite3.DatabaseError:
        applied = []
    return {
        "path": str(store.path) if store.path else ":memory:",
        "schema_version": store.schema_version,
        "program_schema_version": len(MIGRATION_NAMES),
        "migrations": applied,
        "integrity": "ok" if result == ["ok"] else "; ".join(result[:5]),
        "foreign_keys": "ok" if not fk else f"{len(fk)} 处外键不一致",
        "ok": result == ["ok"] and not fk,
    }


def backup_to(store: Store, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API, safe while the program runs."""
    target = Path(target)
    if target.exists() and target.is_dir():
        raise KnownError(f"“{target}”是文件夹，请给出备份文件的名称")
    if store.path is not None and target.exists() and target.resolve() == Path(store.path).resolve():
        raise KnownError("备份不能写到数据库文件自身，请给出另一个文件名")
    if Path(f"{target}-wal").exists():
        raise KnownError(f"“{target.name}”是一个正在使用（或上次未正常关闭）的数据库，备份不能覆盖它；"
                         "请给出另一个文件名")
    tmp = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(str(tmp))
        try:
            store.conn.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        tmp.replace(target)
    except OSError as exc:
        _discard(tmp)
        raise KnownError(f"备份失败：无法写入“{target}”（{os_reason(exc)}）") from exc
    except sqlite3.Error as exc:
        _discard(tmp)
        raise KnownError(f"备份失败：{known_error(exc, target)}") from exc
    return target


def _discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)


def pack_for_shipping(store: Store) -> None:
    """Leave a self-contained file (no -wal beside it) that can be copied as it is."""
    db = store.db
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with db.ensure_autocommit_on():
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("VACUUM")


def restore_from(store: Store, source: Path) -> None:
    """Put a backup in place of the open database. The backup is first copied to a temporary
    file, opened and brought to this program's schema there (a backup that is not one of ours, or
    from a newer program, is refused); only a copy that opened whole replaces the data, in one
    step through SQLite's backup API."""
    import tempfile

    from .database import open_store

    with tempfile.TemporaryDirectory(prefix="planledger-restore-") as folder:
        staged = Path(folder) / "restore.db"
        try:
            src = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
            try:
                dst = sqlite3.connect(str(staged))
                src.backup(dst)
                dst.close()
            finally:
                src.close()
            ready = open_store(staged)   # refuses a foreign or newer file, migrates an older one
        except KnownError as exc:
            raise KnownError(f"不能用这个文件恢复：{exc}；数据库保持原样") from exc
        except (sqlite3.Error, OSError) as exc:
            raise KnownError("不能用这个文件恢复（无法读取）；数据库保持原样") from exc
        try:
            if not quick_check(ready):
                raise KnownError("不能用这个文件恢复：它已损坏；数据库保持原样")
            if store.conn.in_transaction:
                store.conn.commit()
            ready.conn.backup(store.conn)
        except sqlite3.Error as exc:
            raise KnownError(f"恢复失败：{known_error(exc, store.path)}") from exc
        finally:
            ready.close()


def quick_check(store: Store) -> bool:
    try:
        return store.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def file_is_good(path: Path) -> bool:
    try:
        conn = _read_only(path)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            return ok and conn.execute("SELECT count(*) FROM plans").fetchone()[0] >= 0
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def describe_file(path: Path) -> str:
    conn = _read_only(path)
    try:
        plans = conn.execute("SELECT count(*) FROM plans").fetchone()[0]
        values = conn.execute("SELECT count(*) FROM actuals").fetchone()[0]
        last = conn.execute("SELECT max(at) FROM audit_log").fetchone()[0] or "—"
    finally:
        conn.close()
    return f"{plans} 个规划、{values} 个年度数值，最后一次修改于 {last.replace('T', ' ')}"


def attachment_hashes(store: Store) -> set[str]:
    """The evidence files a database refers to (by content hash)."""
    return {r[0] for r in store.conn.execute("SELECT DISTINCT sha256 FROM attachments")}


def attachment_names(store: Store, hashes: set[str]) -> list[str]:
    if not hashes:
        return []
    marks = ",".join("?" * len(hashes))
    return [r[0] for r in store.conn.execute(
        f"SELECT DISTINCT name FROM attachments WHERE sha256 IN ({marks}) ORDER BY name", list(hashes))]
