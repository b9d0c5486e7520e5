"""Projects, tasks, units, indicator links and evidence files: queries and audited changes."""

from __future__ import annotations

from ..domain import records
from .database import Store, now

PROJECT_FIELDS = ("status", "progress", "lead_unit", "support_units", "planned_year", "done_date",
                  "planned_invest", "spent_invest", "note")
TASK_FIELDS = ("status", "progress", "lead_unit", "support_units", "deadline", "note", "counted")


def plan_projects(store: Store, plan_id: int) -> list[dict]:
    return store.query(
        "SELECT j.*, b.no AS box_no, b.title AS box_title, b.ord AS box_ord "
        "FROM projects j JOIN boxes b ON b.id = j.box_id WHERE b.plan_id = ? "
        "ORDER BY b.ord, j.ord", [plan_id])


def plan_task_rows(store: Store, plan_id: int) -> list[dict]:
    """Every section with its task fields (defaults where none were entered yet)."""
    return store.query(
        """
        SELECT s.id, s.parent_id, s.level, s.marker, s.title, s.text, s.ord,
               coalesce(t.status, '未启动') AS status, coalesce(t.progress, 0) AS progress,
               coalesce(t.lead_unit, '') AS lead_unit, coalesce(t.support_units, '') AS support_units,
               coalesce(t.deadline, '') AS deadline, coalesce(t.note, '') AS note,
               coalesce(t.counted, '') AS counted
        FROM sections s LEFT JOIN tasks t ON t.section_id = s.id
        WHERE s.plan_id = ? ORDER BY s.ord
        """, [plan_id])


def project_rows(store: Store, ids: list[int]) -> list[dict]:
    marks = ",".join("?" * len(ids))
    return store.query(f"SELECT * FROM projects WHERE id IN ({marks})", ids)


def task_rows(store: Store, section_ids: list[int]) -> list[dict]:
    marks = ",".join("?" * len(section_ids))
    return store.query(
        f"SELECT s.id AS section_id, s.plan_id, coalesce(t.status, '未启动') AS status, "
        f"coalesce(t.progress, 0) AS progress, coalesce(t.lead_unit, '') AS lead_unit, "
        f"coalesce(t.support_units, '') AS support_units, coalesce(t.deadline, '') AS deadline, "
        f"coalesce(t.note, '') AS note, coalesce(t.counted, '') AS counted "
        f"FROM sections s LEFT JOIN tasks t ON t.section_id = s.id "
        f"WHERE s.id IN ({marks})", section_ids)


_PLAN_OF = {
    "project": "SELECT b.plan_id FROM projects j JOIN boxes b ON b.id = j.box_id WHERE j.id = ?",
    "task": "SELECT plan_id FROM sections WHERE id = ?",
    "value": "SELECT plan_id FROM indicators WHERE id = ?",
}


def plan_of(store: Store, entity: str, entity_id: int) -> int | None:
    """The plan a project, a task (section) or an indicator belongs to."""
    return store.scalar(_PLAN_OF[entity], [entity_id])


def update_projects(store: Store, changes: dict[int, dict], *, who: str, action: str) -> None:
    """Each project its own fields; all in one transaction."""
    with store.change(who=who, action=action) as db:
        for pid, fields in changes.items():
            if not fields:
                continue
            bad = set(fields) - set(PROJECT_FIELDS)
            if bad:
                raise ValueError(f"not project fields: {bad}")
            sets = ", ".join(f"{k} = ?" for k in fields)
            db.execute(f"UPDATE projects SET {sets} WHERE id = ?", [*fields.values(), pid])


def update_tasks(store: Store, changes: dict[int, dict], *, who: str, action: str) -> None:
    """Task fields by section id; the task row is created on its first change."""
    with store.change(who=who, action=action) as db:
        for sid, fields in changes.items():
            bad = set(fields) - set(TASK_FIELDS)
            if bad:
                raise ValueError(f"not task fields: {bad}")
            exists = db.execute("SELECT 1 FROM tasks WHERE section_id = ?", [sid]).fetchone()
            if not exists:
                plan_id = db.execute("SELECT plan_id FROM sections WHERE id = ?", [sid]).fetchone()[0]
                db.execute("INSERT INTO tasks (plan_id, section_id) VALUES (?, ?)", [plan_id, sid])
            if fields:
                sets = ", ".join(f"{k} = ?" for k in fields)
                db.execute(f"UPDATE tasks SET {sets} WHERE section_id = ?", [*fields.values(), sid])


# ---- units -------------------------------------------------------------------------------
def units(store: Store) -> list[str]:
    return [r["name"] for r in store.query("SELECT name FROM units ORDER BY id")]


def add_units(store: Store, names: list[str], *, who: str) -> None:
    with store.change(who=who, action="新增责任单位") as db:
        for name in names:
            db.execute("INSERT OR IGNORE INTO units (name) VALUES (?)", [name])


def remove_unit(store: Store, name: str, *, who: str) -> None:
    with store.change(who=who, action="删除责任单位") as db:
        db.execute("DELETE FROM units WHERE name = ?", [name])


# ---- links -------------------------------------------------------------------------------
def set_links(store: Store, entity: str, entity_id: int, indicator_ids: list[int], *,
              who: str) -> None:
    """The indicators a project or task moves, replacing the previous set."""
    with store.change(who=who, action="关联指标") as db:
        current = {r[0] for r in db.execute(
            "SELECT indicator_id FROM links WHERE entity = ? AND entity_id = ?", [entity, entity_id])}
        wanted = set(indicator_ids)
        for iid in current - wanted:
            db.execute("DELETE FROM links WHERE entity = ? AND entity_id = ? AND indicator_id = ?",
                       [entity, entity_id, iid])
        for iid in sorted(wanted - current):
            db.execute("INSERT INTO links (indicator_id, entity, entity_id) VALUES (?, ?, ?)",
                       [iid, entity, entity_id])


def linked_indicators(store: Store, entity: str, entity_id: int) -> list[int]:
    return [r["indicator_id"] for r in store.query(
        "SELECT indicator_id FROM links WHERE entity = ? AND entity_id = ? ORDER BY indicator_id",
        [entity, entity_id])]


def links_of_indicator(store: Store, indicator_id: int) -> list[dict]:
    return store.query(
        """
        SELECT l.entity, l.entity_id, j.name AS title, j.status, j.progress, j.planned_year,
               '' AS deadline, b.no AS box_no
        FROM links l JOIN projects j ON l.entity = 'project' AND j.id = l.entity_id
        JOIN boxes b ON b.id = j.box_id WHERE l.indicator_id = ?
        UNION ALL
        SELECT l.entity, l.entity_id, s.marker || s.title, coalesce(t.status, '未启动'),
               coalesce(t.progress, 0), NULL, coalesce(t.deadline, ''), NULL
        FROM links l JOIN sections s ON l.entity = 'task' AND s.id = l.entity_id
        LEFT JOIN tasks t ON t.section_id = s.id WHERE l.indicator_id = ?
        """, [indicator_id, indicator_id])


# ---- evidence ----------------------------------------------------------------------------
def add_attachment(store: Store, row: dict, *, who: str) -> int:
    with store.change(who=who, action="上传佐证材料", reason=row["name"]) as db:
        return db["attachments"].insert({**row, "added_by": who, "added_at": now()}).last_pk


def attachments(store: Store, entity: str, entity_id: int,
                year: int | None = None) -> list[records.AttachmentRecord]:
    if year is None:
        rows = store.query("SELECT * FROM attachments WHERE entity = ? AND entity_id = ? "
                           "ORDER BY id", [entity, entity_id])
    else:
        rows = store.query("SELECT * FROM attachments WHERE entity = ? AND entity_id = ? AND year = ? "
                           "ORDER BY id", [entity, entity_id, year])
    return [records.of(records.AttachmentRecord, r) for r in rows]


def attachment(store: Store, attachment_id: int) -> dict | None:
    rows = store.query("SELECT * FROM attachments WHERE id = ?", [attachment_id])
    return rows[0] if rows else None


def remove_attachment(store: Store, attachment_id: int, *, who: str, reason: str = "") -> dict:
    row = attachment(store, attachment_id)
    with store.change(who=who, action="删除佐证材料", reason=reason) as db:
        db.execute("DELETE FROM attachments WHERE id = ?", [attachment_id])
    return row


def restore_attachment(store: Store, row: dict, *, who: str) -> None:
    with store.change(who=who, action="恢复佐证材料", reason=row["name"]) as db:
        db["attachments"].insert(row)


def attachment_counts(store: Store, plan_id: int) -> dict[tuple[str, int], int]:
    return {(r["entity"], r["entity_id"]): r["n"] for r in store.query(
        "SELECT entity, entity_id, count(*) AS n FROM attachments WHERE plan_id = ? "
        "GROUP BY entity, entity_id", [plan_id])}


def fields_as_of(store: Store, entity: str, ids: list[int], cutoff: str) -> dict[int, dict[str, str]]:
    """Each item's fields as they stood at `cutoff` (an ISO time), from the audit log: a field
    changed after it had the value its first later change replaced. Only fields changed since."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.query(
        f"SELECT entity_id, field, old_value FROM audit_log WHERE entity = ? AND field IS NOT NULL "
        f"AND at > ? AND entity_id IN ({marks}) ORDER BY id", [entity, cutoff, *map(str, ids)])
    out: dict[int, dict[str, str]] = {}
    for r in rows:
        out.setdefault(int(r["entity_id"]), {}).setdefault(r["field"], r["old_value"])
    return out


def task_ids_by_section(store: Store, section_ids: list[int]) -> dict[int, int]:
    """section id -> its task row's id (the audit log names a task by the latter)."""
    if not section_ids:
        return {}
    marks = ",".join("?" * len(section_ids))
    return {r["section_id"]: r["id"] for r in store.query(
        f"SELECT id, section_id FROM tasks WHERE section_id IN ({marks})", section_ids)}
