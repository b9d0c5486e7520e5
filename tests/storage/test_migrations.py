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


def test_the_periods_migration_keeps_every_trigger_and_value_of_the_first_schema(home, tmp_path):
    """0008 rebuilds the actuals table without its 2020–2035 check: the values, their audit, the
    year lock and the roll-up summaries' triggers must all still be there and still work."""
    import shutil

    from desktop.domain.errors import KnownError
    from desktop.services import evaluation, plans, values
    from desktop.services.session import open_session
    from tests.conftest import ROOT

    path = tmp_path / "old.db"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "schema-0001.db", path)
    with sqlite3.connect(path) as c:
        before = sorted(c.execute("SELECT indicator_id, year, value_text FROM actuals").fetchall())
    s = open_session(path)
    store = s.store
    triggers = {r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name in ("audit_actuals_insert", "audit_actuals_update", "audit_actuals_delete",
                 "year_lock_insert", "year_lock_update", "year_lock_delete",
                 "actuals_forget_insert", "actuals_forget_update", "actuals_forget_delete",
                 "indicators_year_lock_update", "indicators_year_lock_delete",
                 "projects_plan_closed_update"):
        assert name in triggers, name
    assert sorted((r["indicator_id"], r["year"], r["value_text"]) for r in store.query(
        "SELECT * FROM actuals")) == before
    create = store.scalar("SELECT sql FROM sqlite_master WHERE name = 'actuals'")
    assert "BETWEEN 1990 AND 2100" in create and "2035" not in create
    plan_id = plans.list_plans(session=s)[0].id
    assert plans.plan_info(session=s, plan_id=plan_id).period == "2021-2025"   # filled in from what was stored
    state = evaluation.evaluate_plan(session=s, plan_id=plan_id)[0]
    # the audit trigger still writes a row for a value
    n = store.scalar("SELECT count(*) FROM audit_log WHERE entity = 'actuals'")
    values.enter_values(session=s, items=[(state.id, 2022, "77.8")])
    assert store.scalar("SELECT count(*) FROM audit_log WHERE entity = 'actuals'") > n
    # the roll-up summary of the plan is dropped when a value changes
    from desktop.services import rollup

    rollup.summaries(session=s, year=2022, plan_ids=[plan_id])
    assert store.scalar("SELECT count(*) FROM plan_summaries WHERE plan_id = ?", [plan_id]) == 1
    values.enter_values(session=s, items=[(state.id, 2022, "77.9")])
    assert store.scalar("SELECT count(*) FROM plan_summaries WHERE plan_id = ?", [plan_id]) == 0
    # the year lock still refuses
    values.lock_year(session=s, plan_id=plan_id, year=2022)
    with pytest.raises(KnownError, match="锁定"):
        values.enter_values(session=s, items=[(state.id, 2022, "78.0")])
    # and a write that skips the services is still refused by the audit guard
    with pytest.raises(sqlite3.DatabaseError):
        store.db.execute("UPDATE actuals SET value_text = '1' WHERE year = 2021")
    s.close()
