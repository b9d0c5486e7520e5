"""Editing a plan's indicator table: add, edit, reorder, delete (and restore for undo)."""

from __future__ import annotations

from ..domain import catalogue
from ..domain.errors import KnownError
from ..domain.plan import ATTRIBUTES
from ..storage import values as stored_values
from .ops import Changes, OpResult, chain, reversible
from .session import Session

EDITABLE = ("seq", "domain", "name", "unit", "baseline_text", "target_text", "attribute", "note",
            "lead_unit")


def _check(fields: dict) -> dict:
    bad = set(fields) - set(EDITABLE)
    if bad:
        raise KnownError(f"不能修改这些字段：{'、'.join(sorted(bad))}")
    if "name" in fields and not str(fields["name"]).strip():
        raise KnownError("指标名称不能为空")
    if "attribute" in fields and fields["attribute"] not in ATTRIBUTES:
        raise KnownError("指标性质只能是“预期性”或“约束性”")
    return {k: str(v).strip() for k, v in fields.items()}


def add_indicator(*, session: Session, plan_id: int, fields: dict) -> OpResult:
    clean = _check(fields)
    clean.setdefault("attribute", "预期性")
    clean["catalogue_key"] = catalogue.match(clean.get("name", ""), clean.get("unit", ""))
    new_id = stored_values.insert_indicator(session.store, plan_id, clean, who=session.who)
    snap = stored_values.snapshot_indicator(session.store, new_id)
    changes = Changes((plan_id,), frozenset([new_id]), structure=True)
    label = f"新增指标 {clean.get('name', '')}"
    undo = chain(label, changes, lambda s: restore_indicator(session=s, snapshot=snap),
                 lambda s: stored_values.delete_indicator(s.store, new_id, who=s.who, reason="撤销新增"))
    return OpResult(label, changes, undo, value=new_id)


def edit_indicator(*, session: Session, indicator_id: int, fields: dict) -> OpResult:
    clean = _check(fields)
    row = stored_values.indicator(session.store, indicator_id)
    if "name" in clean or "unit" in clean:
        clean["catalogue_key"] = catalogue.match(clean.get("name", row.name),
                                                 clean.get("unit", row.unit))
    return reversible(session, f"编辑指标 {row.name}",
                      Changes((row.plan_id,), frozenset([indicator_id]), structure=True),
                      "indicators", [(indicator_id,)],
                      lambda: stored_values.update_indicator(session.store, indicator_id, clean,
                                                             who=session.who, action="修改指标"),
                      columns=tuple(clean))


def delete_indicator(*, session: Session, indicator_id: int, reason: str = "") -> OpResult:
    """An indicator removed with its values (and its 其中 rows); undo brings all of it back."""
    snap = stored_values.snapshot_indicator(session.store, indicator_id)
    stored_values.delete_indicator(session.store, indicator_id, who=session.who, reason=reason)
    changes = Changes((snap["indicator"]["plan_id"],), frozenset([indicator_id]), structure=True)
    label = f"删除指标 {snap['indicator']['name']}"
    undo = chain(label, changes,
                 lambda s: stored_values.delete_indicator(s.store, indicator_id, who=s.who,
                                                          reason=reason or "重做删除"),
                 lambda s: restore_indicator(session=s, snapshot=snap))
    return OpResult(label, changes, undo, value=snap)


def restore_indicator(*, session: Session, snapshot: dict) -> OpResult:
    stored_values.restore_indicator(session.store, snapshot, who=session.who)
    return OpResult("恢复指标", Changes((snapshot["indicator"]["plan_id"],),
                                         frozenset([snapshot["indicator"]["id"]]), structure=True))


def move_indicator(*, session: Session, indicator_id: int, other_id: int) -> OpResult:
    stored_values.swap_order(session.store, indicator_id, other_id, who=session.who)
    row = stored_values.indicator(session.store, indicator_id)
    changes = Changes((row.plan_id,), frozenset([indicator_id, other_id]), structure=True)

    def swap(s: Session) -> None:
        stored_values.swap_order(s.store, indicator_id, other_id, who=s.who)

    return OpResult("移动指标", changes, chain("移动指标", changes, swap, swap))


def indicator_fields(*, session: Session, indicator_id: int) -> dict:
    row = stored_values.indicator(session.store, indicator_id)
    return {k: getattr(row, k) for k in EDITABLE}
