"""Actual values, overrides, benchmarks and target adjustments: each write one audited change."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import records
from ..domain.errors import KnownError
from ..domain.records import StoredIndicator
from .database import Store, now


@dataclass(frozen=True)
class ValueWrite:
    """One cell to write: text '' clears the value."""

    indicator_id: int
    year: int
    text: str
    number: float | None
    source: str | None = None
    note: str | None = None


def write_values(store: Store, writes: list[ValueWrite], *, who: str, action: str,
                 reason: str = "") -> None:
    """All the writes in one transaction (one paste, one import, one edit)."""
    with store.change(who=who, action=action, reason=reason) as db:
        for w in writes:
            if w.text == "" and w.source is None and w.note is None:
                db.execute("DELETE FROM actuals WHERE indicator_id = ? AND year = ?",
                           [w.indicator_id, w.year])
                continue
            db.execute(
                """
                INSERT INTO actuals (indicator_id, year, value_text, value, source, note,
                                     entered_by, entered_at)
                VALUES (?, ?, ?, ?, coalesce(?, ''), coalesce(?, ''), ?, ?)
                ON CONFLICT (indicator_id, year) DO UPDATE SET
                    value_text = excluded.value_text, value = excluded.value,
                    source = coalesce(?, actuals.source), note = coalesce(?, actuals.note),
                    entered_by = excluded.entered_by, entered_at = excluded.entered_at
                """,
                [w.indicator_id, w.year, w.text, w.number, w.source, w.note, who, now(),
                 w.source, w.note])


def plan_values(store: Store, plan_id: int) -> dict[tuple[int, int], dict]:
    rows = store.query(
        "SELECT a.* FROM actuals a JOIN indicators i ON i.id = a.indicator_id WHERE i.plan_id = ?",
        [plan_id])
    return {(r["indicator_id"], r["year"]): r for r in rows}


def indicator_values(store: Store, indicator_id: int) -> dict[tuple[int, int], dict]:
    """One indicator's values, keyed as plan_values keys them."""
    rows = store.query("SELECT * FROM actuals WHERE indicator_id = ?", [indicator_id])
    return {(r["indicator_id"], r["year"]): r for r in rows}


def plan_overrides(store: Store, plan_id: int) -> dict[tuple[int, int], dict]:
    rows = store.query(
        "SELECT o.* FROM status_overrides o JOIN indicators i ON i.id = o.indicator_id "
        "WHERE i.plan_id = ?", [plan_id])
    return {(r["indicator_id"], r["year"]): r for r in rows}


def plan_benchmarks(store: Store, plan_id: int) -> dict[tuple[int, int], float]:
    rows = store.query(
        "SELECT b.* FROM benchmarks b JOIN indicators i ON i.id = b.indicator_id "
        "WHERE i.plan_id = ?", [plan_id])
    return {(r["indicator_id"], r["year"]): r["value"] for r in rows}


def set_override(store: Store, indicator_id: int, year: int, status: str | None, *,
                 reason: str, who: str) -> None:
    with store.change(who=who, action="人工判断" if status else "取消人工判断", reason=reason) as db:
        if status is None:
            db.execute("DELETE FROM status_overrides WHERE indicator_id = ? AND year = ?",
                       [indicator_id, year])
            return
        db.execute(
            """
            INSERT INTO status_overrides (indicator_id, year, status, reason, who, at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (indicator_id, year) DO UPDATE SET status = excluded.status,
                reason = excluded.reason, who = excluded.who, at = excluded.at
            """, [indicator_id, year, status, reason, who, now()])


def set_benchmark(store: Store, indicator_id: int, year: int, value: float | None, *,
                  source: str, who: str) -> None:
    with store.change(who=who, action="录入对标值", reason=source) as db:
        if value is None:
            db.execute("DELETE FROM benchmarks WHERE indicator_id = ? AND year = ?",
                       [indicator_id, year])
            return
        db.execute(
            "INSERT INTO benchmarks (indicator_id, year, value, source) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (indicator_id, year) DO UPDATE SET value = excluded.value, "
            "source = excluded.source", [indicator_id, year, value, source])


def update_indicator(store: Store, indicator_id: int, fields: dict, *, who: str, action: str,
                     reason: str = "") -> None:
    allowed = {"target_adjusted_text", "target_adjusted_on", "target_adjusted_reason",
               "direction", "note", "name", "unit", "domain", "seq", "attribute", "baseline_text",
               "target_text", "ord", "catalogue_key", "lead_unit", "target_adjusted_from"}
    bad = set(fields) - allowed
    if bad:
        raise ValueError(f"not an indicator field: {bad}")
    sets = ", ".join(f"{k} = ?" for k in fields)
    with store.change(who=who, action=action, reason=reason) as db:
        db.execute(f"UPDATE indicators SET {sets} WHERE id = ?", [*fields.values(), indicator_id])


def indicator(store: Store, indicator_id: int) -> StoredIndicator:
    rows = store.query("SELECT * FROM indicators WHERE id = ?", [indicator_id])
    if not rows:
        raise LookupError(f"indicator {indicator_id}")
    return records.indicator(rows[0])


def indicator_history(store: Store, indicator_id: int) -> list[records.AuditEntry]:
    """Every audit row about an indicator and its values, overrides and benchmarks, newest first."""
    return [records.of(records.AuditEntry, r) for r in store.query(
        "SELECT * FROM audit_log WHERE subject = ? ORDER BY id DESC", [indicator_id])]


def insert_indicator(store: Store, plan_id: int, fields: dict, *, who: str) -> int:
    with store.change(who=who, action="新增指标") as db:
        last = db.execute("SELECT coalesce(max(ord), 0) FROM indicators WHERE plan_id = ?",
                          [plan_id]).fetchone()[0]
        return db["indicators"].insert({"plan_id": plan_id, "ord": last + 1, **fields}).last_pk


def snapshot_indicator(store: Store, indicator_id: int) -> dict:
    """The indicator with its values, overrides, benchmarks, links and its 其中 rows, to restore
    after a delete."""
    snap = {"indicator": store.query("SELECT * FROM indicators WHERE id = ?", [indicator_id])[0]}
    for table in ("actuals", "status_overrides", "benchmarks", "links"):
        snap[table] = store.query(f"SELECT * FROM {table} WHERE indicator_id = ?", [indicator_id])
    snap["attachments"] = store.query("SELECT * FROM attachments WHERE entity = 'value' AND entity_id = ?",
                                      [indicator_id])
    snap["children"] = [snapshot_indicator(store, r["id"]) for r in store.query(
        "SELECT id FROM indicators WHERE parent_id = ? ORDER BY ord", [indicator_id])]
    return snap


def delete_indicator(store: Store, indicator_id: int, *, who: str, reason: str) -> None:
    """The indicator, its rows (values … by cascade) and the records of its values' evidence
    (not tied by a key: a later indicator given the same id must not inherit them)."""
    with store.change(who=who, action="删除指标", reason=reason) as db:
        ids = [indicator_id] + [r[0] for r in db.execute(
            "SELECT id FROM indicators WHERE parent_id = ?", [indicator_id]).fetchall()]
        db.execute(f"DELETE FROM attachments WHERE entity = 'value' AND entity_id IN "
                   f"({','.join('?' * len(ids))})", ids)
        db.execute("DELETE FROM indicators WHERE id = ?", [indicator_id])


def restore_indicator(store: Store, snap: dict, *, who: str) -> None:
    if store.scalar("SELECT 1 FROM indicators WHERE id = ?", [snap["indicator"]["id"]]):
        raise KnownError("删除之后又新增了指标，占用了原来的编号，无法再撤销这次删除；"
                         "如需找回，请在“修改记录”中查看原来的数值")
    with store.change(who=who, action="恢复指标") as db:
        _insert_snapshot(db, snap)


def _insert_snapshot(db, snap: dict) -> None:
    db["indicators"].insert(snap["indicator"])
    for table in ("actuals", "status_overrides", "benchmarks", "links", "attachments"):
        if snap.get(table):
            db[table].insert_all(snap[table])
    for child in snap.get("children", []):
        _insert_snapshot(db, child)


def swap_order(store: Store, first_id: int, second_id: int, *, who: str) -> None:
    with store.change(who=who, action="调整指标顺序") as db:
        a = db.execute("SELECT ord FROM indicators WHERE id = ?", [first_id]).fetchone()[0]
        b = db.execute("SELECT ord FROM indicators WHERE id = ?", [second_id]).fetchone()[0]
        db.execute("UPDATE indicators SET ord = ? WHERE id = ?", [b, first_id])
        db.execute("UPDATE indicators SET ord = ? WHERE id = ?", [a, second_id])


def year_locks(store: Store, plan_id: int) -> dict[int, dict]:
    return {r["year"]: r for r in store.query("SELECT * FROM year_locks WHERE plan_id = ?", [plan_id])}


def lock_year(store: Store, plan_id: int, year: int, *, who: str, note: str, snapshot: str = "") -> None:
    with store.change(who=who, action="锁定年度", reason=note) as db:
        db.execute("INSERT OR IGNORE INTO year_locks (plan_id, year, locked_at, who, note, snapshot) "
                   "VALUES (?, ?, ?, ?, ?, ?)", [plan_id, year, now(), who, note, snapshot])


def lock_snapshots(store: Store, plan_ids: list[int]) -> dict[int, dict[int, str]]:
    """plan -> year -> the judgements kept when the year was locked (JSON text)."""
    marks = ",".join("?" * len(plan_ids)) or "NULL"
    out: dict[int, dict[int, str]] = {}
    for r in store.query(f"SELECT plan_id, year, snapshot FROM year_locks WHERE plan_id IN ({marks}) "
                         "AND snapshot != ''", plan_ids):
        out.setdefault(r["plan_id"], {})[r["year"]] = r["snapshot"]
    return out


def unlock_year(store: Store, plan_id: int, year: int, *, who: str, reason: str) -> None:
    with store.change(who=who, action="解锁年度", reason=reason) as db:
        db.execute("DELETE FROM year_locks WHERE plan_id = ? AND year = ?", [plan_id, year])


def indicators_data(store: Store, indicator_ids: list[int]) -> dict[str, list[dict]]:
    """Some indicators with their values, overrides and benchmarks (an edit's re-judging)."""
    marks = ",".join("?" * len(indicator_ids)) or "NULL"
    ids = list(indicator_ids)
    return {
        "indicators": [records.indicator(r) for r in store.query(
            f"SELECT * FROM indicators WHERE id IN ({marks}) ORDER BY ord", ids)],
        "actuals": store.query(f"SELECT * FROM actuals WHERE indicator_id IN ({marks})", ids),
        "overrides": store.query(f"SELECT * FROM status_overrides WHERE indicator_id IN ({marks})", ids),
        "benchmarks": store.query(f"SELECT * FROM benchmarks WHERE indicator_id IN ({marks})", ids),
    }


def all_plans_data(store: Store, plan_ids: list[int], until: int = 9999) -> dict[str, list[dict]]:
    """Indicators, values, overrides and benchmarks of many plans in four queries (the roll-up);
    values of the years up to `until` only (a year's judgement looks back, never forward)."""
    marks = ",".join("?" * len(plan_ids)) or "NULL"
    inds = [records.indicator(r) for r in store.query(
        f"SELECT * FROM indicators WHERE plan_id IN ({marks}) ORDER BY plan_id, ord", plan_ids)]
    join = f"JOIN indicators i ON i.id = t.indicator_id WHERE i.plan_id IN ({marks}) AND t.year <= ?"
    params = [*plan_ids, until]
    return {
        "indicators": inds,
        "actuals": store.query(f"SELECT t.indicator_id, t.year, t.value_text, t.value, t.source, t.note, "
                               f"t.entered_by, t.entered_at FROM actuals t {join}", params),
        "overrides": store.query(f"SELECT t.* FROM status_overrides t {join}", params),
        "benchmarks": store.query(f"SELECT t.* FROM benchmarks t {join}", params),
    }


def set_reasons(store: Store, indicator_id: int, year: int, *, analysis: str, measures: str, who: str) -> None:
    """原因分析 and 下一步措施 of a year's value (the value must be there)."""
    with store.change(who=who, action="填写原因分析和下一步措施") as db:
        db.execute("UPDATE actuals SET analysis = ?, measures = ? WHERE indicator_id = ? AND year = ?",
                   [analysis, measures, indicator_id, year])


def report_texts(store: Store, plan_id: int, year: int) -> dict[str, str]:
    rows = store.query("SELECT kind, text FROM report_texts WHERE plan_id = ? AND year = ?", [plan_id, year])
    return {r["kind"]: r["text"] for r in rows}


def set_report_texts(store: Store, plan_id: int, year: int, texts: dict[str, str], *, who: str) -> None:
    with store.change(who=who, action="填写评估报告文字") as db:
        for kind, text in texts.items():
            db.execute("INSERT INTO report_texts (plan_id, year, kind, text) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (plan_id, year, kind) DO UPDATE SET text = excluded.text",
                       [plan_id, year, kind, text])
