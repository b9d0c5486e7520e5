"""No change without its audit row: the triggers refuse writes made outside a change."""

from __future__ import annotations

import sqlite3

import pytest


def test_a_raw_write_is_refused_and_nothing_changes(session):
    db = session.store.db
    before = db.execute("SELECT target_text FROM indicators WHERE id = 3").fetchone()[0]
    with pytest.raises(sqlite3.DatabaseError, match="缺少操作记录"):
        db.execute("UPDATE indicators SET target_text = '≤1' WHERE id = 3")
    db.conn.rollback()
    assert db.execute("SELECT target_text FROM indicators WHERE id = 3").fetchone()[0] == before


def test_a_raw_write_from_another_connection_is_refused(session):
    other = sqlite3.connect(session.store.path)
    with pytest.raises(sqlite3.DatabaseError, match="缺少操作记录"):
        other.execute("DELETE FROM plans WHERE id = 2")
    other.close()


def test_an_update_writes_who_what_old_new_and_why(session):
    store = session.store
    with store.change(who="张三", action="调整目标", reason="中期评估调整") as db:
        db.execute("UPDATE indicators SET target_text = '≤14' WHERE id = 3")
    row = store.db.execute(
        "SELECT who, entity, entity_id, field, old_value, new_value, reason, action, plan_id "
        "FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert row == ("张三", "indicators", "3", "target_text", "≤14.5", "≤14", "中期评估调整",
                   "调整目标", 1)


def test_an_insert_into_actuals_is_audited_with_its_plan(session):
    store = session.store
    with store.change(who="李四", action="填报") as db:
        db.execute("INSERT INTO actuals (indicator_id, year, value_text, value, entered_at) "
                   "VALUES (3, 2023, '14.90', 14.9, 'now')")
    who, entity, plan_id, new = store.db.execute(
        "SELECT who, entity, plan_id, new_value FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert (who, entity, plan_id) == ("李四", "actuals", 1) and "14.90" in new


def test_a_failed_change_leaves_neither_data_nor_audit(session):
    store = session.store
    n_audit = store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(RuntimeError), store.change(who="王五", action="填报") as db:
        db.execute("UPDATE indicators SET note = '半途' WHERE id = 1")
        raise RuntimeError("interrupted")
    assert store.db.execute("SELECT note FROM indicators WHERE id = 1").fetchone()[0] == ""
    assert store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == n_audit
    assert store.db.execute("SELECT count(*) FROM change_context").fetchone()[0] == 0


def test_everyday_writes_do_not_wait_for_sqlite_utils_to_load(built_db, tmp_path):
    """A typed value, a project's status and the record of an exported workbook are plain audited
    statements: the first of the day does not wait 80 ms for sqlite-utils to load (only importing
    a plan or building rows by name loads it)."""
    import shutil
    import subprocess
    import sys

    shutil.copyfile(built_db, tmp_path / "plans.db")
    probe = (
        "import sys\n"
        "from desktop import paths\n"
        f"paths.set_home({str(tmp_path)!r})\n"
        "from desktop.services import checklist, evaluation, submissions, values\n"
        "from desktop.services.session import open_session\n"
        f"s = open_session({str(tmp_path / 'plans.db')!r})\n"
        "first = evaluation.evaluate_plan(session=s, plan_id=2)[0]\n"
        "values.enter_values(session=s, items=[(first.id, 2023, '79.1')], confirmed=True)\n"
        "item = checklist.projects(session=s, plan_id=2)[0].items[0]\n"
        "checklist.tick_done(session=s, kind='project', ids=[item.id])\n"
        f"submissions.export_workbook(session=s, plan_id=2, year=2023, path={str(tmp_path / 'w.xlsx')!r})\n"
        "print(values.value_of(session=s, indicator_id=first.id, year=2023)['value_text'],\n"
        "      s.store.scalar('SELECT count(*) FROM audit_log') > 0, 'sqlite_utils' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["79.1", "True", "False"], out.stderr
