"""The audit log is written by triggers: no row of plan data changes without its audit rows.

Every audited table gets one trigger per operation. Each trigger first refuses the change when no
change context is open (so a write that skips the service layer fails instead of going unrecorded),
then writes one audit row per changed column (update) or one row for the whole record (insert,
delete) with the who/reason of the open context, inside the same transaction.
"""

from __future__ import annotations

from sqlite_utils import Database

# table -> SQL expression giving the plan a row belongs to (NEW./OLD. prefix added per trigger)
AUDITED: dict[str, str] = {
    "plans": "{r}.id",
    "sections": "{r}.plan_id",
    "indicators": "{r}.plan_id",
    "actuals": "(SELECT plan_id FROM indicators WHERE id = {r}.indicator_id)",
    "boxes": "{r}.plan_id",
    "projects": "(SELECT plan_id FROM boxes WHERE id = {r}.box_id)",
    "tasks": "{r}.plan_id",
    "attachments": "{r}.plan_id",
    "reference_tables": "{r}.plan_id",
    "settings": "NULL",
    "status_overrides": "(SELECT plan_id FROM indicators WHERE id = {r}.indicator_id)",
    "benchmarks": "(SELECT plan_id FROM indicators WHERE id = {r}.indicator_id)",
    "units": "NULL",
    "submissions": "{r}.plan_id",
    "year_locks": "{r}.plan_id",
    "links": "(SELECT plan_id FROM indicators WHERE id = {r}.indicator_id)",
    "report_texts": "{r}.plan_id",
}

# the indicator an audit row is about, so an indicator's history includes its values
SUBJECT: dict[str, str] = {
    "indicators": "{r}.id",
    "actuals": "{r}.indicator_id",
    "status_overrides": "{r}.indicator_id",
    "benchmarks": "{r}.indicator_id",
    "links": "{r}.indicator_id",
}

NO_CONTEXT = "数据修改必须通过程序的操作进行（缺少操作记录上下文），本次修改未保存"

_CTX = "(SELECT {col} FROM change_context WHERE id = 1)"


def _columns(db: Database, table: str) -> list[str]:
    return [c.name for c in db[table].columns]


def _row_json(columns: list[str], ref: str) -> str:
    pairs = ", ".join(f"'{c}', {ref}.{c}" for c in columns)
    return f"json_object({pairs})"


def install_triggers(db: Database, table: str) -> None:
    """(Re)create the audit triggers of `table`; call again after a migration adds columns."""
    cols = _columns(db, table)
    key = "key" if table == "settings" else "id"
    guard = f"SELECT RAISE(ABORT, '{NO_CONTEXT}') WHERE NOT EXISTS (SELECT 1 FROM change_context);"
    has_subject = "subject" in _columns(db, "audit_log")
    head = ("INSERT INTO audit_log (at, who, plan_id, entity, entity_id, field, old_value, "
            "new_value, reason, action" + (", subject)" if has_subject else ")"))
    at, who, reason, action = (_CTX.format(col=c) for c in ("at", "who", "reason", "action"))
    plan_new = AUDITED[table].format(r="NEW")
    plan_old = AUDITED[table].format(r="OLD")
    subj = SUBJECT.get(table, "NULL")
    subj_new = f", {subj.format(r='NEW')}" if has_subject else ""
    subj_old = f", {subj.format(r='OLD')}" if has_subject else ""
    sql = [f"DROP TRIGGER IF EXISTS audit_{table}_{op}" for op in ("insert", "update", "delete")]
    sql.append(
        f"CREATE TRIGGER audit_{table}_insert AFTER INSERT ON {table} BEGIN {guard} "
        f"{head} VALUES ({at}, {who}, {plan_new}, '{table}', NEW.{key}, NULL, NULL, "
        f"{_row_json(cols, 'NEW')}, {reason}, {action}{subj_new}); END"
    )
    updates = " ".join(
        f"{head} SELECT {at}, {who}, {plan_new}, '{table}', NEW.{key}, '{c}', OLD.{c}, NEW.{c}, "
        f"{reason}, {action}{subj_new} WHERE OLD.{c} IS NOT NEW.{c};"
        for c in cols if c != key
    )
    sql.append(f"CREATE TRIGGER audit_{table}_update AFTER UPDATE ON {table} BEGIN {guard} {updates} END")
    sql.append(
        f"CREATE TRIGGER audit_{table}_delete AFTER DELETE ON {table} BEGIN {guard} "
        f"{head} VALUES ({at}, {who}, {plan_old}, '{table}', OLD.{key}, NULL, "
        f"{_row_json(cols, 'OLD')}, NULL, {reason}, {action}{subj_old}); END"
    )
    for statement in sql:
        db.execute(statement)


def audit_rows(store, *, since: str = "", until: str = "", who: str = "",
               plan_id: int | None = None) -> list[dict]:
    """The audit log, newest first, filtered by date (inclusive, YYYY-MM-DD), person and plan."""
    where, params = [], []
    if since:
        where.append("a.at >= ?")
        params.append(since)
    if until:
        where.append("a.at < date(?, '+1 day')")
        params.append(until)
    if who:
        where.append("a.who = ?")
        params.append(who)
    if plan_id is not None:
        where.append("a.plan_id = ?")
        params.append(plan_id)
    sql = ("SELECT a.*, p.region FROM audit_log a LEFT JOIN plans p ON p.id = a.plan_id "
           + ("WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.id DESC")
    return store.query(sql, params)
