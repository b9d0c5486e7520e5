"""Plans in the database: insert a read document, list, look up."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..domain import records
from ..domain.records import StoredIndicator
from .database import Store, now

if TYPE_CHECKING:  # only named in annotations: the start does not load the document model
    from ..domain.plan import PlanDocument


def find_by_hash(store: Store, source_hash: str) -> dict | None:
    rows = store.query(
        "SELECT id, title, region FROM plans WHERE source_hash = ? AND source_hash != ''",
        [source_hash])
    return rows[0] if rows else None


def list_plans(store: Store) -> list[records.PlanSummary]:
    return [records.plan_summary(r) for r in store.query(
        """
        SELECT p.id, p.title, p.region, p.level, p.parent_region, p.issuer, p.issued, p.period,
               p.draft, p.origin, p.source_name, p.closed_at, p.role,
               (SELECT count(*) FROM indicators i WHERE i.plan_id = p.id) AS indicators,
               (SELECT count(*) FROM boxes b WHERE b.plan_id = p.id) AS boxes,
               (SELECT count(*) FROM projects j JOIN boxes b ON b.id = j.box_id
                 WHERE b.plan_id = p.id) AS projects,
               (SELECT count(*) FROM sections s WHERE s.plan_id = p.id) AS sections
        FROM plans p ORDER BY p.id
        """)]


def plan_periods(store: Store, plan_ids=None) -> dict[int, str]:
    """plan id -> its stored period ('2021-2025')."""
    wanted = None if plan_ids is None else set(plan_ids)
    if wanted is not None and len(wanted) <= 500:      # a plan or a few: not every plan's row
        rows = store.conn.execute(f"SELECT id, period FROM plans WHERE id IN ({', '.join('?' * len(wanted))})",
                                  sorted(wanted)).fetchall()
    else:
        rows = store.conn.execute("SELECT id, period FROM plans").fetchall()
    return {pid: period for pid, period in rows if wanted is None or pid in wanted}


def insert_plan(store: Store, doc: PlanDocument, *, who: str, origin: str = "own") -> int:
    """Store a whole plan as one audited change; returns the new plan id."""
    with store.change(who=who, action="导入规划", reason=doc.source_name) as db:
        row = {
            "title": doc.title, "region": doc.region, "level": doc.level,
            "parent_region": doc.parent_region, "issuer": doc.issuer, "issued": doc.issued,
            "period": doc.period, "draft": int(doc.draft), "source_name": doc.source_name,
            "source_hash": doc.source_hash, "origin": origin, "imported_at": now(),
        }
        if "role" in db["plans"].columns_dict:     # (a file of an older schema, migrated later)
            row["role"] = {"own": "own", "received": "received"}.get(origin, "")
        plan_id = db["plans"].insert(row).last_pk
        _insert_sections(db, plan_id, doc)
        _insert_indicators(db, plan_id, doc)
        for b_ord, box in enumerate(doc.boxes, 1):
            box_id = db["boxes"].insert(
                {"plan_id": plan_id, "no": box.no, "ord": b_ord, "title": box.title}).last_pk
            db["projects"].insert_all(
                {"box_id": box_id, "ord": i, "name": it.name, "text": it.text}
                for i, it in enumerate(box.items, 1))
        for t_ord, table in enumerate(doc.reference_tables, 1):
            db["reference_tables"].insert({
                "plan_id": plan_id, "ord": t_ord, "title": table.title,
                "header": json.dumps(table.header, ensure_ascii=False),
                "rows": json.dumps(table.rows, ensure_ascii=False),
            })
    return plan_id


def _insert_sections(db, plan_id: int, doc: PlanDocument) -> None:
    stack: list[tuple[int, int]] = []  # (level, section id)
    for ord_, sec in enumerate(doc.sections, 1):
        while stack and stack[-1][0] >= sec.level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        sid = db["sections"].insert({
            "plan_id": plan_id, "parent_id": parent, "ord": ord_, "level": sec.level,
            "marker": sec.marker, "title": sec.title, "text": sec.text,
        }).last_pk
        stack.append((sec.level, sid))


def _insert_indicators(db, plan_id: int, doc: PlanDocument) -> None:
    by_seq: dict[str, int] = {}
    for ind in doc.indicators:
        parent = by_seq.get(ind.parent_seq) if ind.parent_seq else None
        row = {
            "plan_id": plan_id, "parent_id": parent, "ord": ind.order, "seq": ind.seq,
            "domain": ind.domain, "name": ind.name, "name_printed": ind.name_printed,
            "unit": ind.unit, "baseline_text": ind.baseline, "target_text": ind.target,
            "attribute": ind.attribute or "预期性", "catalogue_key": ind.catalogue_key,
            "note": ind.note,
        }
        if ind.lead_unit:
            row["lead_unit"] = ind.lead_unit
        if ind.direction in ("higher", "lower"):
            row["direction"] = ind.direction
        iid = db["indicators"].insert(row).last_pk
        if ind.seq:
            by_seq[ind.seq] = iid


def plan_indicators(store: Store, plan_id: int) -> list[StoredIndicator]:
    return [records.indicator(r) for r in store.query(
        "SELECT * FROM indicators WHERE plan_id = ? ORDER BY ord", [plan_id])]


def plan_boxes(store: Store, plan_id: int) -> list[dict]:
    boxes = store.query("SELECT * FROM boxes WHERE plan_id = ? ORDER BY ord", [plan_id])
    items = store.query(
        "SELECT j.* FROM projects j JOIN boxes b ON b.id = j.box_id WHERE b.plan_id = ? "
        "ORDER BY b.ord, j.ord", [plan_id])
    for box in boxes:
        box["items"] = [j for j in items if j["box_id"] == box["id"]]
    return boxes


def plan_sections(store: Store, plan_id: int) -> list[dict]:
    return store.query(
        "SELECT * FROM sections WHERE plan_id = ? ORDER BY ord", [plan_id])


def plan_row(store: Store, plan_id: int) -> records.StoredPlan | None:
    rows = store.query("SELECT * FROM plans WHERE id = ?", [plan_id])
    return records.plan(rows[0]) if rows else None


CLOSING = "结束规划"   # the note on the year locks a plan's closing put there (reopening lifts only those)


def close_plan(store: Store, plan_id: int, *, who: str, note: str, snapshots: dict[int, str]) -> None:
    """Lock every year of the plan not locked already, and mark the plan 已结束: one change."""
    with store.change(who=who, action="结束规划", reason=note) as db:
        for year, snapshot in snapshots.items():
            db.execute("INSERT OR IGNORE INTO year_locks (plan_id, year, locked_at, who, note, snapshot) "
                       "VALUES (?, ?, ?, ?, ?, ?)", [plan_id, year, now(), who, CLOSING, snapshot])
        db.execute("UPDATE plans SET closed_at = ?, closed_by = ?, closed_note = ? WHERE id = ?",
                   [now(), who, note, plan_id])


def reopen_plan(store: Store, plan_id: int, *, who: str, reason: str) -> None:
    """Open a closed plan again: the years its closing locked are unlocked (years locked by a
    final submission stay locked)."""
    with store.change(who=who, action="重新打开规划", reason=reason) as db:
        db.execute("UPDATE plans SET closed_at = '', closed_by = '', closed_note = '' WHERE id = ?", [plan_id])
        db.execute("DELETE FROM year_locks WHERE plan_id = ? AND note = ?", [plan_id, CLOSING])


def roles_unknown(store: Store) -> bool:
    return store.scalar("SELECT 1 FROM plans WHERE role = '' LIMIT 1") is not None


def set_roles(store: Store, roles: dict[int, str], *, who: str) -> None:
    """Mark plans own / example / received (one audited change)."""
    with store.change(who=who, action="设置规划归属") as db:
        for plan_id, role in roles.items():
            db.execute("UPDATE plans SET role = ? WHERE id = ?", [role, plan_id])


def delete_plans(store: Store, plan_ids: list[int], *, who: str) -> None:
    """Remove whole plans (their indicators, values, projects, tasks go with them)."""
    with store.change(who=who, action="删除示例规划") as db:
        for plan_id in plan_ids:
            db.execute("DELETE FROM plans WHERE id = ?", [plan_id])


def apply_edition(store: Store, plan_id: int, edition, *, who: str, source_name: str, source_hash: str) -> None:
    """A corrected edition, in one audited change: changed indicator fields, new indicators at the
    end, new projects into their 专栏 (a box made when the plan had none of that number). Nothing
    is deleted."""
    with store.change(who=who, action="按新文本更新规划", reason=source_name) as db:
        fields = dict(edition.plan_fields)
        if source_hash:
            fields.update(source_name=source_name, source_hash=source_hash)
            # the plan's key in the workbooks it travels in stays what it was: the level above
            # knows the unit by it (a new key would make it a second copy of the unit there)
            old = db.execute("SELECT source_hash, ext_plan_key FROM plans WHERE id = ?", [plan_id]).fetchone()
            if old and not old[1] and old[0]:
                fields["ext_plan_key"] = old[0]
        if fields:
            sets = ", ".join(f"{k} = ?" for k in fields)
            db.execute(f"UPDATE plans SET {sets} WHERE id = ?", [*fields.values(), plan_id])
        for iid, diff in edition.changed.items():
            sets = ", ".join(f"{k} = ?" for k in diff)
            db.execute(f"UPDATE indicators SET {sets} WHERE id = ? AND plan_id = ?", [*diff.values(), iid, plan_id])
        last = db.execute("SELECT coalesce(max(ord), 0) FROM indicators WHERE plan_id = ?", [plan_id]).fetchone()[0]
        for k, ind in enumerate(edition.added, 1):
            db["indicators"].insert({
                "plan_id": plan_id, "ord": last + k, "seq": ind.seq, "domain": ind.domain, "name": ind.name,
                "name_printed": ind.name_printed, "unit": ind.unit, "baseline_text": ind.baseline,
                "target_text": ind.target, "attribute": ind.attribute or "预期性",
                "catalogue_key": ind.catalogue_key, "note": ind.note})
        for no, title, name, text in edition.new_projects:
            box = db.execute("SELECT id FROM boxes WHERE plan_id = ? AND no = ?", [plan_id, no]).fetchone()
            if box is None:
                b_ord = db.execute("SELECT coalesce(max(ord), 0) + 1 FROM boxes WHERE plan_id = ?",
                                   [plan_id]).fetchone()[0]
                box_id = db["boxes"].insert({"plan_id": plan_id, "no": no, "ord": b_ord, "title": title}).last_pk
            else:
                box_id = box[0]
            j_ord = db.execute("SELECT coalesce(max(ord), 0) + 1 FROM projects WHERE box_id = ?",
                               [box_id]).fetchone()[0]
            db["projects"].insert({"box_id": box_id, "ord": j_ord, "name": name, "text": text})
