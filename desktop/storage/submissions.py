"""Received workbooks: creating a unit's plan from its workbook, applying values, their states."""

from __future__ import annotations

import re
import sqlite3

from ..domain import records
from ..domain.period import DEFAULT as DEFAULT_PERIOD
from .database import Store, insert_row, now


def data_state(store: Store, plan_id: int) -> str:
    """A fingerprint of everything an imported workbook is compared with for one plan: its rows,
    values and their notes, projects, tasks and year locks. Equal fingerprints: nothing the
    comparison saw has changed since."""
    import hashlib

    digest = hashlib.sha256()
    for sql in ("SELECT * FROM indicators WHERE plan_id = ? ORDER BY id",
                "SELECT a.* FROM actuals a JOIN indicators i ON i.id = a.indicator_id WHERE i.plan_id = ? "
                "ORDER BY a.indicator_id, a.year",
                "SELECT j.* FROM projects j JOIN boxes b ON b.id = j.box_id WHERE b.plan_id = ? ORDER BY j.id",
                "SELECT * FROM sections WHERE plan_id = ? ORDER BY id",
                "SELECT * FROM tasks WHERE plan_id = ? ORDER BY section_id",
                "SELECT * FROM year_locks WHERE plan_id = ? ORDER BY year"):
        for row in store.conn.execute(sql, [plan_id]):
            digest.update(repr(row).encode("utf-8"))
    return digest.hexdigest()


def find_plan(store: Store, plan_key: str) -> records.StoredPlan | None:
    rows = store.query("SELECT * FROM plans WHERE (source_hash = ? OR ext_plan_key = ?) AND ? != '' "
                       "ORDER BY id LIMIT 1", [plan_key, plan_key, plan_key])
    return records.plan(rows[0]) if rows else None


def key_maps(store: Store, plan_id: int, plan: dict | None = None,
             head: dict | None = None) -> dict[str, dict[str, int]]:
    """The sender's row keys -> our ids, for own plans ('i12' is indicator 12) and received ones.
    A workbook from another database (`head` says which) numbers its rows by that database's ids,
    which mean nothing here: its rows are matched by our stored keys of the sender, else by name
    (unique in our plan) — the same plan document imported here and at the unit."""
    from .settings import get

    foreign = head is not None and head.get("database_id", "") != get(store, "database_id")
    maps: dict[str, dict[str, int]] = {"indicator": {}, "project": {}, "task": {}}
    names: dict[str, dict[str, list[int]]] = {"indicator": {}, "project": {}, "task": {}}

    def own(kind: str, prefix: str, r: dict, name: str) -> None:
        key = r["ext_key"] or ("" if foreign else f"{prefix}{r['id']}")
        if key:
            maps[kind][key] = r["id"]
        names[kind].setdefault(name, []).append(r["id"])

    for r in store.query("SELECT id, ext_key, name FROM indicators WHERE plan_id = ? ORDER BY ord", [plan_id]):
        own("indicator", "i", r, r["name"])
    for r in store.query("SELECT j.id, j.ext_key, j.name FROM projects j JOIN boxes b ON b.id = j.box_id "
                         "WHERE b.plan_id = ? ORDER BY b.ord, j.ord", [plan_id]):
        own("project", "p", r, r["name"])
    for r in store.query("SELECT id, ext_key, marker, title FROM sections WHERE plan_id = ? ORDER BY ord",
                         [plan_id]):
        marker = r["marker"] or ""      # as the workbook writes a task: 第一章 规划背景, 一、发展状况
        own("task", "t", r, f"{marker} {r['title']}" if marker.endswith(("章", "节")) else f"{marker}{r['title']}")
    if plan:
        for kind, rows, field in (("indicator", plan.get("indicators", []), "name"),
                                  ("project", plan.get("projects", []), "name"),
                                  ("task", plan.get("tasks", []), "title")):
            taken = set(maps[kind].values())
            for row in rows:     # in order: the k-th row of a name is our k-th row of that name
                key, name = row.get("key", ""), str(row.get(field, "")).removeprefix("其中：")
                free = [i for i in names[kind].get(name, []) if i not in taken]
                if key and key not in maps[kind] and free:
                    maps[kind][key] = free[0]
                    taken.add(free[0])
    return maps


def workbook_period(head: dict) -> str:
    """The period a workbook's year columns span ('2026-2030'); a v1 workbook's was 十四五."""
    years = [int(y) for y in head.get("years") or [] if str(y).isdigit()]
    return f"{min(years)}-{max(years)}" if years else DEFAULT_PERIOD.label


def create_received_plan(db, head: dict, plan: dict) -> int:
    """Inside an open change: the unit's plan as its workbook describes it."""
    plan_id = insert_row(db, "plans", {
        "title": head["title"], "region": head["region"], "level": head.get("level") or "县",
        "parent_region": head.get("parent_region", ""), "origin": "received", "role": "received",
        "ext_plan_key": head["plan_key"], "source_name": "上报表", "imported_at": now(),
        "period": workbook_period(head),
    })
    ids: dict[str, int] = {}
    for order, ind in enumerate(plan["indicators"], 1):
        ids[ind["key"]] = insert_row(db, "indicators", {
            "plan_id": plan_id, "ord": order, "seq": ind["seq"], "domain": ind["domain"],
            "name": ind["name"], "name_printed": ind["name"], "unit": ind["unit"],
            "baseline_text": ind["baseline"], "target_text": ind["target"],
            "attribute": ind["attribute"] if ind["attribute"] in ("预期性", "约束性") else "预期性",
            "catalogue_key": ind.get("catalogue_key", ""), "ext_key": ind["key"],
            "parent_id": ids.get(ind.get("parent_key") or ""),
        })
    boxes: dict[str, int] = {}
    for order, proj in enumerate(plan["projects"], 1):
        if proj["box"] not in boxes:
            no = len(boxes) + 1
            title = re.sub(r"^专栏\s*\d+\s*", "", proj["box"]) or proj["box"]  # shown as 专栏N again
            boxes[proj["box"]] = insert_row(db, "boxes", {"plan_id": plan_id, "no": no, "ord": no,
                                                           "title": title})
        insert_row(db, "projects", {"box_id": boxes[proj["box"]], "ord": order, "name": proj["name"],
                               "text": proj.get("text", ""), "planned_year": proj.get("planned_year"),
                               "ext_key": proj["key"]})
    sections: dict[str, int] = {}
    for order, task in enumerate(plan["tasks"], 1):
        sections[task["key"]] = insert_row(db, "sections", {
            "plan_id": plan_id, "ord": order, "level": task["level"], "title": task["title"],
            "parent_id": sections.get(task.get("parent_key") or ""), "ext_key": task["key"],
        })
    return plan_id


def record_submission(db, row: dict) -> int:
    return db["submissions"].insert({**row, "received_at": now()}).last_pk


def submissions(store: Store, year: int | None = None) -> list[records.SubmissionRecord]:
    sql = ("SELECT s.*, p.region, p.title FROM submissions s JOIN plans p ON p.id = s.plan_id "
           + ("WHERE s.year = ? " if year else "") + "ORDER BY s.id DESC")
    return [records.of(records.SubmissionRecord, r) for r in store.query(sql, [year] if year else [])]


def set_state(store: Store, submission_id: int, state: str, reason: str, *, who: str) -> None:
    with store.change(who=who, action=f"上报表{state}", reason=reason) as db:
        db.execute("UPDATE submissions SET state = ?, reason = ? WHERE id = ?",
                   [state, reason, submission_id])


def all_plans(store: Store) -> list[records.StoredPlan]:
    """Every plan, own and received: what the roll-up puts side by side. Read again only when the
    plans' token (drawn again by triggers at every change of a plan) is not the one they were read
    under; the records are frozen, so one list's records serve every caller."""
    try:
        token = store.conn.execute("SELECT token FROM tokens WHERE name = 'plans'").fetchone()
    except sqlite3.Error:       # a database from before tokens (read as it is: db check)
        token = None
    key = (str(store.path), token[0]) if token else None
    seen = _PLANS.get(key) if key else None
    if seen is not None:
        return list(seen)
    cursor = store.conn.cursor()
    cursor.row_factory = None       # tuples in the record's own order: 3,000 plans, no dict each
    rows = cursor.execute(f"SELECT {', '.join(records.PLAN_FIELDS)} FROM plans ORDER BY id")
    plans = [records.StoredPlan(*row) for row in rows]
    if key:
        _PLANS.clear()          # one database's list at a time
        _PLANS[key] = tuple(plans)
    return plans


_PLANS: dict[tuple, tuple] = {}


def latest_submission(store: Store, plan_id: int, year: int) -> dict | None:
    rows = store.query("SELECT * FROM submissions WHERE plan_id = ? AND year = ? AND exported_at != '' "
                       "ORDER BY exported_at DESC LIMIT 1", [plan_id, year])
    return rows[0] if rows else None


def add_received_indicators(db, plan_id: int, indicators: list[dict]) -> None:
    """Inside an open change: rows the sender's plan has and our copy of it does not yet."""
    last = db.execute("SELECT coalesce(max(ord), 0) FROM indicators WHERE plan_id = ?", [plan_id]).fetchone()[0]
    for k, ind in enumerate(indicators, 1):
        insert_row(db, "indicators", {
            "plan_id": plan_id, "ord": last + k, "seq": ind.get("seq", ""), "domain": ind.get("domain", ""),
            "name": ind["name"], "name_printed": ind["name"], "unit": ind.get("unit", ""),
            "baseline_text": ind.get("baseline", ""), "target_text": ind.get("target", ""),
            "attribute": ind["attribute"] if ind.get("attribute") in ("预期性", "约束性") else "预期性",
            "catalogue_key": ind.get("catalogue_key", ""), "ext_key": ind["key"]})


def find_submission(store: Store, plan_id: int, file_hash: str) -> dict | None:
    """The submission this very file (same bytes) was recorded as, if it was imported before."""
    rows = store.query("SELECT * FROM submissions WHERE plan_id = ? AND file_hash = ? ORDER BY id "
                       "LIMIT 1", [plan_id, file_hash])
    return rows[0] if rows else None


DETAILS = ("source", "note", "analysis", "measures")


def apply(store: Store, *, head: dict, plan: dict, plan_id: int | None, values: dict[str, tuple],
          details: dict[str, dict], projects: dict[str, dict], tasks: dict[str, dict],
          submission: dict | None, who: str, new_indicators: list[dict] | None = None) -> int:
    """What a workbook changes, in one audited transaction: all of it or none of it. A value text
    '' withdraws the value; details name only the fields to write."""
    year = int(head["year"])
    file_name = (submission or {}).get("file_name", "")
    with store.change(who=who, action="导入上报表", reason=file_name) as db:
        if plan_id is None:
            plan_id = create_received_plan(db, head, plan)
        elif new_indicators:
            add_received_indicators(db, plan_id, new_indicators)
        maps = key_maps(store, plan_id, plan, head)
        for key, (text, number) in values.items():
            iid = maps["indicator"][key]
            if text == "":
                db.execute("DELETE FROM actuals WHERE indicator_id = ? AND year = ?", [iid, year])
                continue
            d = {f: v for f, v in details.get(key, {}).items() if f in DETAILS}
            cols = ", ".join(d)
            db.execute(
                f"""
                INSERT INTO actuals (indicator_id, year, value_text, value, entered_by, entered_at
                                     {', ' + cols if d else ''})
                VALUES (?, ?, ?, ?, ?, ? {', ?' * len(d)})
                ON CONFLICT (indicator_id, year) DO UPDATE SET value_text = excluded.value_text,
                    value = excluded.value, entered_by = excluded.entered_by,
                    entered_at = excluded.entered_at
                    {''.join(f', {f} = excluded.{f}' for f in d)}
                """, [iid, year, text, number, who, now(), *d.values()])
        for key, d in details.items():
            d = {f: v for f, v in d.items() if f in DETAILS}
            if key in values or not d:
                continue
            db.execute(f"UPDATE actuals SET {', '.join(f'{f} = ?' for f in d)} "
                       "WHERE indicator_id = ? AND year = ?",
                       [*d.values(), maps["indicator"][key], year])
        for key, fields in projects.items():
            if fields:
                sets = ", ".join(f"{k} = ?" for k in fields)
                db.execute(f"UPDATE projects SET {sets} WHERE id = ?",
                           [*fields.values(), maps["project"][key]])
        for key, fields in tasks.items():
            sid = maps["task"][key]
            if not fields:
                continue
            if db.execute("SELECT 1 FROM tasks WHERE section_id = ?", [sid]).fetchone():
                sets = ", ".join(f"{k} = ?" for k in fields)
                db.execute(f"UPDATE tasks SET {sets} WHERE section_id = ?", [*fields.values(), sid])
            else:   # a section without a task row yet (every one of a new unit's): made whole at once
                db.execute(f"INSERT INTO tasks (plan_id, section_id, {', '.join(fields)}) "
                           f"VALUES (?, ?{', ?' * len(fields)})", [plan_id, sid, *fields.values()])
        if submission is not None:
            record_submission(db, {**submission, "plan_id": plan_id, "year": year})
    return plan_id
