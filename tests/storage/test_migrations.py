"""Schema migrations: a fresh database, a second open, and a database from a newer program."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.domain.errors import SchemaTooNew
from desktop.storage import open_store
from desktop.storage.migrations import known_names

TABLES = {"plans", "sections", "indicators", "actuals", "boxes", "projects", "tasks",
          "attachments", "settings", "audit_log", "reference_tables"}


def _tables(path) -> set[str]:
    with sqlite3.connect(path) as c:
        return {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_fresh_database_gets_every_table_wal_and_foreign_keys(tmp_path):
    store = open_store(tmp_path / "new.db")
    assert set(store.db.table_names()) >= TABLES
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version == len(known_names())
    store.close()


def test_opening_twice_applies_nothing_new(tmp_path):
    path = tmp_path / "twice.db"
    open_store(path).close()
    with sqlite3.connect(path) as c:
        first = c.execute("SELECT name, applied_at FROM _sqlite_migrations").fetchall()
    open_store(path).close()
    with sqlite3.connect(path) as c:
        second = c.execute("SELECT name, applied_at FROM _sqlite_migrations").fetchall()
    assert first == second and [n for n, _ in first] == known_names()


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "newer.db"
    open_store(path).close()
    with sqlite3.connect(path) as c:
        c.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                  "VALUES ('planledger', '9999_from_the_future', 'x')")
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew) as info:
        open_store(path)
    assert "更新版本" in str(info.value) and "9999_from_the_future" in str(info.value)
    assert path.read_bytes() == before


def test_foreign_keys_cascade_a_deleted_plan(session):
    store = session.store
    n_before = store.db.execute("SELECT count(*) FROM indicators").fetchone()[0]
    with store.change(who="测试", action="删除规划") as db:
        db.execute("DELETE FROM plans WHERE id = 1")
    n_after = store.db.execute("SELECT count(*) FROM indicators").fetchone()[0]
    assert n_before - n_after == 20  # 四平市's indicators went with it


def test_not_a_database_gets_a_sentence(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    from desktop.domain.errors import KnownError

    with pytest.raises(KnownError) as info:
        open_store(bad)
    assert "不是规划台账的数据库" in str(info.value)


def test_a_database_of_the_first_schema_is_migrated_with_its_data(tmp_path):
    from sqlite_utils import Database

    from desktop.plandoc import read_plan_file
    from desktop.storage import plans as stored_plans
    from desktop.storage.database import Store
    from desktop.storage.migrations import migrations
    from tests.conftest import SEEDS

    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="0002_judgement")
    old = Store(db.conn, path)
    stored_plans.insert_plan(old, read_plan_file(SEEDS["xiangshan"]), who="旧版本")
    old.close()
    store = open_store(path)
    assert [m for m in known_names()] == [r[0] for r in store.db.execute(
        "SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert store.db.execute("SELECT count(*) FROM indicators").fetchone()[0] == 18
    with store.change(who="新版本", action="调整目标", reason="测试") as d:
        d.execute("UPDATE indicators SET target_adjusted_text = '<12' WHERE id = 3")
    subject = store.db.execute(
        "SELECT subject FROM audit_log WHERE field = 'target_adjusted_text'").fetchone()[0]
    assert subject == 3
    store.close()


def test_the_light_list_of_migration_names_matches_the_registered_ones():
    from desktop.storage.schema_names import MIGRATION_NAMES

    assert tuple(known_names()) == MIGRATION_NAMES  # the start reads the names without sqlite-utils


def test_opening_an_up_to_date_database_does_not_load_sqlite_utils(tmp_path):
    """Start-up speed: reads need only sqlite3 (checked in a fresh interpreter)."""
    import subprocess
    import sys

    path = tmp_path / "ready.db"
    open_store(path).close()
    code = ("import sys; from desktop.storage import open_store; from desktop.storage import plans;"
            f"s = open_store({str(path)!r}); plans.list_plans(s);"
            "print('sqlite_utils' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
