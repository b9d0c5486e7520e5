"""Integrity check, online backup, and packing a database for shipping."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..domain.errors import KnownError
from .database import Store, applied_migrations
from .schema_names import MIGRATION_NAMES


def integrity(store: Store) -> dict:
    conn = store.conn
    result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    applied = applied_migrations(conn)
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
        tmp.unlink(missing_ok=True)
        raise KnownError(f"备份失败：无法写入“{target}”（{exc.strerror or exc}）") from exc
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise KnownError(f"备份失败：{exc}") from exc
    return target


def pack_for_shipping(store: Store) -> None:
    """Leave a self-contained file (no -wal beside it) that can be copied as it is."""
    db = store.db
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with db.ensure_autocommit_on():
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("VACUUM")
