"""Hand-over from one plan period to the next (十四五 → 十五五) in one region.

The new plan's indicators are paired with the old plan's through the catalogue (the same key) or
by name and unit; each pair shows the old plan's value for its target year (the 2025 actual)
beside the new plan's baseline. Where the document has no baseline, the old value is offered —
never filled in unasked; where it has one that differs, the difference is a finding. The old
plan's unfinished 专栏 projects and started tasks are listed, and the ones the clerk picks are
carried into the new plan, each remembering where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain import catalogue
from ..domain.errors import KnownError
from ..domain.numbers import fmt, parse_value
from ..domain.period import Period
from ..domain.records import StoredPlan
from ..storage import handover as stored
from ..storage import plans as stored_plans
from . import backups, checklist, evaluation
from .ops import Changes, OpResult
from .session import Session

MISSING_BASELINE = ("", "-", "—", "／", "/", "无", "暂无", "待定")


@dataclass
class NewRow:
    """An indicator of the new plan: a row of the document being previewed, or a stored one."""

    key: int            # the row's place in the document, or the stored indicator's id
    seq: str
    name: str
    unit: str
    baseline: str
    target: str
    catalogue_key: str = ""


@dataclass
class Pair:
    new: NewRow
    old_id: int
    old_name: str
    old_unit: str
    old_target: str
    old_final: str        # the value the old plan holds for its target year ('' when not filled in)
    old_status: str
    matched_by: str       # 目录 / 名称和单位
    note: str = ""        # the difference between the document's baseline and the old final value

    @property
    def offered(self) -> bool:
        """The old final value can stand in for a baseline the document does not give."""
        return bool(self.old_final) and self.new.baseline.strip() in MISSING_BASELINE


@dataclass
class CarryItem:
    kind: str            # project / task
    id: int
    title: str
    group: str           # the 专栏 (a project) or the chapter (a task)
    status: str
    progress: float
    lead_unit: str
    carried: bool = False   # already carried into the new plan


@dataclass
class Handover:
    old: StoredPlan
    period: Period                    # the new plan's
    pairs: list[Pair] = field(default_factory=list)
    new_only: list[NewRow] = field(default_factory=list)     # no counterpart in the old plan
    old_only: list[tuple[int, str, str]] = field(default_factory=list)  # (id, name, final value)
    unfinished: list[CarryItem] = field(default_factory=list)

    @property
    def findings(self) -> list[str]:
        return [f"“{p.new.name}”：{p.note}" for p in self.pairs if p.note]

    def to_json(self) -> dict:
        return {
            "old_plan_id": self.old.id, "old_title": self.old.title, "old_period": self.old.span.label,
            "final_year": self.old.span.target_year,
            "pairs": [{"seq": p.new.seq, "name": p.new.name, "unit": p.new.unit,
                       "baseline": p.new.baseline, "target": p.new.target, "old_id": p.old_id,
                       "old_name": p.old_name, "old_target": p.old_target, "old_final": p.old_final,
                       "old_status": p.old_status, "matched_by": p.matched_by,
                       "offered": p.offered, "note": p.note} for p in self.pairs],
            "new_only": [r.name for r in self.new_only],
            "old_only": [name for _, name, _ in self.old_only],
            "unfinished": [{"kind": c.kind, "id": c.id, "title": c.title, "status": c.status,
                            "progress": c.progress, "carried": c.carried} for c in self.unfinished],
        }


def predecessor(*, session: Session, region: str, period: Period,
                exclude: int | None = None) -> StoredPlan | None:
    """The region's own plan of the period just before (the latest earlier one if there is a gap)."""
    earlier = [p for p in _own_plans(session) if p.region == region and p.id != exclude
               and p.span.target_year <= period.baseline_year]
    return max(earlier, key=lambda p: (p.span.target_year, p.id)) if earlier else None


def _own_plans(session: Session) -> list[StoredPlan]:
    from ..storage import submissions as stored_submissions

    return [p for p in stored_submissions.all_plans(session.store) if not p.received]


def for_document(*, session: Session, document) -> Handover | None:
    """The hand-over a plan document being previewed would have (nothing is saved)."""
    period = document.span
    old = predecessor(session=session, region=document.region, period=period)
    if old is None:
        return None
    rows = [NewRow(k, i.seq, i.name, i.unit, i.baseline, i.target, i.catalogue_key)
            for k, i in enumerate(document.indicators)]
    return _handover(session, old, period, rows)


def for_plan(*, session: Session, plan_id: int) -> Handover | None:
    """The hand-over between a stored plan and its region's plan of the period before."""
    plan = stored_plans.plan_row(session.store, plan_id)
    if plan is None:
        raise KnownError("没有找到该规划")
    old = predecessor(session=session, region=plan.region, period=plan.span, exclude=plan.id)
    if old is None:
        return None
    rows = [NewRow(r.id, r.seq, r.name, r.unit, r.baseline_text, r.target_text, r.catalogue_key)
            for r in stored_plans.plan_indicators(session.store, plan_id)]
    handover = _handover(session, old, plan.span, rows)
    carried = stored.carried_origins(session.store, plan_id)
    for item in handover.unfinished:
        item.carried = f"{item.kind}:{item.id}" in carried
    return handover


def _key(name: str, unit: str) -> tuple[str, str]:
    return catalogue.canonical_name(name), catalogue.normalise_unit(unit)


def _handover(session: Session, old: StoredPlan, period: Period, rows: list[NewRow]) -> Handover:
    final_year = old.span.target_year
    states = evaluation.evaluate_plan(session=session, plan_id=old.id)
    out = Handover(old, period)
    by_key = {s.row.catalogue_key: s for s in states if s.row.catalogue_key}
    by_name = {_key(s.row.name, s.row.unit): s for s in states}
    used: set[int] = set()
    for row in rows:
        key = row.catalogue_key or catalogue.match(row.name, row.unit)
        state, how = (by_key.get(key), "目录") if key else (None, "")
        if state is None or state.id in used:
            state, how = by_name.get(_key(row.name, row.unit)), "名称和单位"
        if state is None or state.id in used:
            out.new_only.append(row)
            continue
        used.add(state.id)
        cell = state.cell_for(final_year)
        pair = Pair(row, state.id, state.row.name, state.row.unit, state.target, cell.text,
                    cell.status if cell.text else "", how)
        pair.note = _difference(row.baseline, cell.text, old.span)
        out.pairs.append(pair)
    for s in states:
        if s.id not in used:
            out.old_only.append((s.id, s.row.name, s.cell_for(final_year).text))
    out.unfinished = unfinished(session=session, plan_id=old.id)
    return out


def _difference(baseline: str, final: str, old_period: Period) -> str:
    year = old_period.target_year
    if not final:
        return ""
    if baseline.strip() in MISSING_BASELINE:
        return f"规划文本未给基期值，{old_period.name} {year}年填报值 {final} 可作为基期值"
    b, f = parse_value(baseline), parse_value(final)
    if b.number is None or f.number is None:
        return "" if baseline.strip() == final.strip() else \
            f"规划文本基期值 {baseline}，{old_period.name} {year}年填报值 {final}，请核对"
    if len(b.parts) != len(f.parts) or any(abs(x - y) > 1e-9 for x, y in zip(b.parts, f.parts, strict=False)):
        return f"规划文本基期值 {fmt(b.number) if len(b.parts) == 1 else baseline}，" \
               f"{old_period.name} {year}年填报值 {final}"
    return ""


def unfinished(*, session: Session, plan_id: int) -> list[CarryItem]:
    """The old plan's 专栏 projects not finished or cancelled, and its tasks under way (推进中 or
    已暂停, or some progress): what may carry on into the next plan."""
    out = []
    for g in checklist.projects(session=session, plan_id=plan_id):
        for i in g.items:
            f = i.fields
            if f.status not in ("已完成", "已取消"):
                out.append(CarryItem("project", i.id, i.title, g.title, f.status, f.progress or 0,
                                     f.lead_unit))
    for t in checklist.tasks(session=session, plan_id=plan_id):
        f = t.fields
        if f.status in ("推进中", "已暂停") or (f.status == "未启动" and (f.progress or 0) > 0):
            out.append(CarryItem("task", t.id, t.title, "", f.status, f.progress or 0, f.lead_unit))
    return out


def carry(*, session: Session, plan_id: int, items: list[tuple[str, int]]) -> OpResult:
    """Carry chosen projects and tasks of the plan before into this plan's 结转 专栏, each
    keeping its origin ("十四五 专栏3 项目名"); an item already carried is not carried twice."""
    handover = for_plan(session=session, plan_id=plan_id)
    if handover is None:
        raise KnownError("该规划没有上一规划期的规划，无可结转的项目")
    chosen = {(k, int(i)) for k, i in items}
    picked = [c for c in handover.unfinished if (c.kind, c.id) in chosen]
    if len(picked) != len(chosen):
        raise KnownError("所选项目不在上一规划期的未完成清单中，未结转")
    picked = [c for c in picked if not c.carried]
    if not picked:
        raise KnownError("所选项目都已结转过，未重复结转")
    old = handover.old
    backups.before(session=session, action="结转项目前")
    rows = [{"name": c.title, "status": c.status if c.status != "已暂停" else "推进中",
             "progress": c.progress, "lead_unit": c.lead_unit,
             "text": f"由{old.span.name}规划结转（{c.group or '章节任务'}；结转时{c.status}，进度{fmt(c.progress)}%）",
             "carried_from": f"{c.kind}:{c.id}"} for c in picked]
    stored.carry_items(session.store, plan_id, title=f"{old.span.name}结转项目", rows=rows,
                       who=session.who, reason=f"从“{old.title}”结转")
    return OpResult(f"结转{len(rows)}个项目", Changes((plan_id,), structure=True,
                                                   checklist=frozenset({"project"})))


def fill_baselines(*, session: Session, plan_id: int, indicator_ids: list[int]) -> OpResult:
    """Take the old plan's final values as the baselines the new plan's document did not give."""
    handover = for_plan(session=session, plan_id=plan_id)
    if handover is None:
        raise KnownError("该规划没有上一规划期的规划，无可采用的基期值")
    wanted = set(indicator_ids)
    values = {p.new.key: p.old_final for p in handover.pairs if p.new.key in wanted and p.offered}
    if not values:
        raise KnownError("所选指标都已有基期值（或上一规划期未填报），未修改")
    from .ops import reversible

    year = handover.old.span.target_year
    return reversible(
        session, f"采用{handover.old.span.name}{year}年值为基期（{len(values)}项）",
        Changes((plan_id,), frozenset(values), structure=True), "indicators", [(k,) for k in values],
        lambda: stored.set_baselines(session.store, values, who=session.who,
                                     reason=f"采用“{handover.old.title}”{year}年填报值"),
        columns=("baseline_text",))


def report_rows(handover: Handover) -> list[dict]:
    """The old plan's final values beside the new plan's baselines (window table and workbook)."""
    year, old = handover.old.span.target_year, handover.old.span.name
    new = handover.period.name
    out = []
    for p in handover.pairs:
        out.append({"序号": p.new.seq, "指标": p.new.name, "单位": p.new.unit,
                    f"{old}目标": p.old_target, f"{old}{year}年填报值": p.old_final or "（未填报）",
                    f"{old}{year}年判断": p.old_status, f"{new}基期值": p.new.baseline,
                    f"{new}目标": p.new.target, "对应方式": p.matched_by, "提示": p.note})
    for r in handover.new_only:
        out.append({"序号": r.seq, "指标": r.name, "单位": r.unit, f"{old}目标": "",
                    f"{old}{year}年填报值": "", f"{old}{year}年判断": "", f"{new}基期值": r.baseline,
                    f"{new}目标": r.target, "对应方式": "新增指标", "提示": ""})
    for _id, name, final in handover.old_only:
        out.append({"序号": "", "指标": name, "单位": "", f"{old}目标": "",
                    f"{old}{year}年填报值": final, f"{old}{year}年判断": "", f"{new}基期值": "",
                    f"{new}目标": "", "对应方式": f"{new}不再列入", "提示": ""})
    return out


def export_report(*, session: Session, plan_id: int, path) -> object:
    """The hand-over report as a workbook (the old plan's final values beside the new baselines)."""
    from ..exchange.handover_workbook import write_handover
    from .output import check_target, write_file

    handover = for_plan(session=session, plan_id=plan_id)
    if handover is None:
        raise KnownError("该规划没有上一规划期的规划，无衔接表可导出")
    check_target(path)
    plan = stored_plans.plan_row(session.store, plan_id)
    title = f"{plan.region}{handover.old.span.name}期末值与{handover.period.name}基期值对照表"
    return write_file(path, lambda tmp: write_handover(title, report_rows(handover), tmp))
