"""Editing a plan's indicator table: add, edit, reorder, delete (and restore for undo)."""

from __future__ import annotations

from ..domain import catalogue
from ..domain.errors import KnownError
from ..domain.plan import ATTRIBUTES
from ..storage import values as stored_values
from .session import Session
from .values import ValuesChanged

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


def add_indicator(*, session: Session, plan_id: int, fields: dict) -> ValuesChanged:
    clean = _check(fields)
    clean.setdefault("attribute", "预期性")
    clean["catalogue_key"] = catalogue.match(clean.get("name", ""), clean.get("unit", ""))
    new_id = stored_values.insert_indicator(session.store, plan_id, clean, who=session.who)
    return ValuesChanged(plan_id, [(new_id, 0)], entity="indicators")


def edit_indicator(*, session: Session, indicator_id: int, fields: dict) -> ValuesChanged:
    clean = _check(fields)
    row = stored_values.indicator(session.store, indicator_id)
    if "name" in clean or "unit" in clean:
        clean["catalogue_key"] = catalogue.match(clean.get("name", row["name"]),
                                                 clean.get("unit", row["unit"]))
    stored_values.update_indicator(session.store, indicator_id, clean, who=session.who,
                                   action="修改指标")
    return ValuesChanged(row["plan_id"], [(indicator_id, 0)], entity="indicators")


def delete_indicator(*, session: Session, indicator_id: int, reason: str = "") -> tuple[ValuesChanged, dict]:
    snap = stored_values.snapshot_indicator(session.store, indicator_id)
    stored_values.delete_indicator(session.store, indicator_id, who=session.who, reason=reason)
    return ValuesChanged(snap["indicator"]["plan_id"], [], entity="indicators"), snap


def restore_indicator(*, session: Session, snapshot: dict) -> ValuesChanged:
    stored_values.restore_indicator(session.store, snapshot, who=session.who)
    return ValuesChanged(snapshot["indicator"]["plan_id"], [], entity="indicators")


def move_indicator(*, session: Session, indicator_id: int, other_id: int) -> ValuesChanged:
    stored_values.swap_order(session.store, indicator_id, other_id, who=session.who)
    row = stored_values.indicator(session.store, indicator_id)
    return ValuesChanged(row["plan_id"], [], entity="indicators")


def indicator_fields(*, session: Session, indicator_id: int) -> dict:
    row = stored_values.indicator(session.store, indicator_id)
    return {k: row[k] for k in EDITABLE}
