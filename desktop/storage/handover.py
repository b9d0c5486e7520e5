"""Hand-over between plan periods: the projects carried into the new plan, baselines taken over."""

from __future__ import annotations

from .database import Store


def carried_origins(store: Store, plan_id: int) -> set[str]:
    """What the plan's projects were carried from ('project:12', 'task:40')."""
    rows = store.query("SELECT j.carried_from FROM projects j JOIN boxes b ON b.id = j.box_id "
                       "WHERE b.plan_id = ? AND j.carried_from != ''", [plan_id])
    return {r["carried_from"] for r in rows}


def carry_items(store: Store, plan_id: int, *, title: str, rows: list[dict], who: str, reason: str) -> int:
    """Append the carried items to the plan's 结转 专栏 (made the first time): one change."""
    with store.change(who=who, action="结转项目", reason=reason) as db:
        box = db.execute("SELECT id FROM boxes WHERE plan_id = ? AND title = ?", [plan_id, title]).fetchone()
        if box:
            box_id = box[0]
        else:
            no, ord_ = db.execute("SELECT coalesce(max(no), 0) + 1, coalesce(max(ord), 0) + 1 FROM boxes "
                                  "WHERE plan_id = ?", [plan_id]).fetchone()
            box_id = db["boxes"].insert({"plan_id": plan_id, "no": no, "ord": ord_, "title": title}).last_pk
        start = db.execute("SELECT coalesce(max(ord), 0) FROM projects WHERE box_id = ?", [box_id]).fetchone()[0]
        db["projects"].insert_all({"box_id": box_id, "ord": start + k, **row} for k, row in enumerate(rows, 1))
    return box_id


def set_baselines(store: Store, values: dict[int, str], *, who: str, reason: str) -> None:
    with store.change(who=who, action="采用上一规划期末值为基期", reason=reason) as db:
        for indicator_id, text in values.items():
            db.execute("UPDATE indicators SET baseline_text = ? WHERE id = ?", [text, indicator_id])
