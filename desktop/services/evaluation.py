"""Judging a whole plan: every indicator, every year, with overrides and adjusted targets."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.errors import KnownError
from ..domain.evaluation import DEFAULT_MARGIN, MISSING, Judgement, judge
from ..domain.period import DEFAULT as DEFAULT_PERIOD
from ..domain.period import Period
from ..domain.records import StoredIndicator
from ..domain.target_wording import to_json
from ..storage import plans as stored_plans
from ..storage import settings as stored_settings
from ..storage import values as stored_values
from .session import Session


@dataclass
class YearCell:
    text: str = ""
    number: float | None = None
    source: str = ""
    note: str = ""
    entered_by: str = ""
    entered_at: str = ""
    analysis: str = ""     # 原因分析
    measures: str = ""     # 下一步措施
    judgement: Judgement | None = None
    override: dict | None = None
    binding: bool = False
    locked: dict | None = None   # the judgement as submitted, kept when the year was locked

    @property
    def status(self) -> str:
        if self.locked:
            return self.locked["status"]
        if self.override:
            return self.override["status"]
        return self.judgement.status if self.judgement else MISSING

    @property
    def explanation(self) -> str:
        if self.locked:
            return self.locked["explanation"]
        auto = self.judgement.explanation if self.judgement else ""
        if self.override:
            o = self.override
            return f"人工判断：{o['status']}（理由：{o['reason']}；{o['who']} {o['at'][:10]}）；自动判断：{auto}"
        return auto

    @property
    def warning(self) -> bool:
        if self.locked:
            return bool(self.locked.get("warning"))
        if self.override:
            return self.binding and self.override["status"] in ("滞后", "逆向")
        return bool(self.judgement and self.judgement.warning)


@dataclass
class IndicatorState:
    id: int
    row: StoredIndicator
    cells: dict[int, YearCell] = field(default_factory=dict)
    period: Period = DEFAULT_PERIOD
    texts: dict[int, str] = field(default_factory=dict)   # every year's value as entered, judged or not

    @property
    def target(self) -> str:
        """The target in force now (an adjusted one, once adjusted)."""
        return self.row.target_adjusted_text or self.row.target_text

    def target_for(self, year: int) -> str:
        """The target a year is judged against: an adjusted target from its first year on."""
        start = self.row.target_adjusted_from
        if self.row.target_adjusted_text and (start is None or year >= start):
            return self.row.target_adjusted_text
        return self.row.target_text

    @property
    def binding(self) -> bool:
        return self.row.binding

    def latest_year(self) -> int | None:
        filled = [y for y, c in self.cells.items() if c.text]
        return max(filled) if filled else None

    def cell_for(self, year: int | None) -> YearCell:
        return self.cells.get(year, YearCell()) if year else YearCell()


def margin(session: Session) -> float:
    try:
        return float(stored_settings.get(session.store, "judge_margin", str(DEFAULT_MARGIN)))
    except ValueError:
        return DEFAULT_MARGIN


def plan_period(*, session: Session, plan_id: int) -> Period:
    """The plan's period; a plan that is gone, or one from before periods were stored, is 十四五."""
    return Period.from_stored(stored_plans.plan_periods(session.store, [plan_id]).get(plan_id))


def plan_periods(session: Session, plan_ids) -> dict[int, Period]:
    return {pid: Period.from_stored(text)
            for pid, text in stored_plans.plan_periods(session.store, plan_ids).items()}


def judge_row(row: StoredIndicator, values: dict[int, dict], *, overrides: dict[int, dict] | None = None,
              benchmarks: dict[int, float] | None = None, margin_: float = DEFAULT_MARGIN,
              years: tuple[int, ...] | None = None, locked: dict[int, dict] | None = None,
              period: Period = DEFAULT_PERIOD) -> IndicatorState:
    state = IndicatorState(row.id, row, period=period)
    years = period.years if years is None else years
    texts = state.texts = {y: v["value_text"] for y, v in values.items()}
    for year in years:
        v = values.get(year)
        cell = YearCell()
        if v:
            cell = YearCell(v["value_text"], v["value"], v["source"], v["note"], v["entered_by"],
                            v["entered_at"], v.get("analysis", ""), v.get("measures", ""))
        cell.judgement = judge(
            name=row.name, baseline=row.baseline_text, target=state.target_for(year), year=year,
            actual=cell.text, previous={y: t for y, t in texts.items() if y < year},
            attribute=row.attribute, direction=row.direction or None,
            benchmark=(benchmarks or {}).get(year), margin=margin_, period=period)
        cell.override = (overrides or {}).get(year)
        cell.locked = (locked or {}).get(year)
        cell.binding = state.binding
        state.cells[year] = cell
    return state


def evaluate_plan(*, session: Session, plan_id: int, years: tuple[int, ...] | None = None
                  ) -> list[IndicatorState]:
    store = session.store
    period = plan_period(session=session, plan_id=plan_id)
    every = period.years
    rows = stored_plans.plan_indicators(store, plan_id)
    values = stored_values.plan_values(store, plan_id)
    overrides = stored_values.plan_overrides(store, plan_id)
    benchmarks = stored_values.plan_benchmarks(store, plan_id)
    kept = _kept(stored_values.lock_snapshots(store, [plan_id]).get(plan_id, {}))
    m = margin(session)
    out = []
    for row in rows:
        iid = row.id
        out.append(judge_row(
            row, {y: values[(iid, y)] for y in every if (iid, y) in values},
            overrides={y: overrides[(iid, y)] for y in every if (iid, y) in overrides},
            benchmarks={y: benchmarks[(iid, y)] for y in every if (iid, y) in benchmarks},
            margin_=m, years=years, locked=kept.get(iid), period=period))
    return out


def _kept(snapshots: dict[int, str]) -> dict[int, dict[int, dict]]:
    """indicator -> year -> the judgement kept when that year was locked."""
    import json

    out: dict[int, dict[int, dict]] = {}
    for year, text in snapshots.items():
        try:
            data = json.loads(text)
        except ValueError:
            continue
        for iid, entry in data.items():
            if isinstance(entry, dict) and "status" in entry:
                out.setdefault(int(iid), {})[year] = entry
    return out


def evaluate_indicators(*, session: Session, plan_id: int, indicator_ids) -> list[IndicatorState]:
    """Only the indicators named (an edit touched them): the same judgements as evaluate_plan
    gives them, without judging the rest of the plan."""
    data = stored_values.indicators_data(session.store, sorted(indicator_ids))
    return _judge_all(session, data, [plan_id])[plan_id]


def _judge_all(session: Session, data: dict, plan_ids: list[int],
               years: tuple[int, ...] | None = None) -> dict[int, list[IndicatorState]]:
    by_ind: dict[str, dict[int, dict]] = {"actuals": {}, "overrides": {}, "benchmarks": {}}
    for kind in by_ind:
        for r in data[kind]:
            by_ind[kind].setdefault(r["indicator_id"], {})[r["year"]] = r
    m = margin(session)
    kept: dict[int, dict[int, dict]] = {}
    for snapshots in stored_values.lock_snapshots(session.store, plan_ids).values():
        kept.update(_kept(snapshots))
    periods = plan_periods(session, {row.plan_id for row in data["indicators"]} | set(plan_ids))
    out: dict[int, list[IndicatorState]] = {p: [] for p in plan_ids}
    for row in data["indicators"]:
        iid = row.id
        period = periods.get(row.plan_id, DEFAULT_PERIOD)
        every = set(period.years)
        out.setdefault(row.plan_id, []).append(judge_row(
            row, {y: v for y, v in by_ind["actuals"].get(iid, {}).items() if y in every},
            overrides={y: v for y, v in by_ind["overrides"].get(iid, {}).items() if y in every},
            benchmarks={y: b["value"] for y, b in by_ind["benchmarks"].get(iid, {}).items() if y in every},
            margin_=m, years=None if years is None else tuple(y for y in years if y in every),
            locked=kept.get(iid), period=period))
    return out


def evaluate_plans(*, session: Session, plan_ids: list[int], years: tuple[int, ...] | None = None
                   ) -> dict[int, list[IndicatorState]]:
    """Many plans at once (the roll-up): the same judgements as evaluate_plan, four queries.
    Each plan is judged in its own period; `years` narrows that (a plan outside them: no cells)."""
    until = max(years) if years else max((p.target_year for p in plan_periods(session, plan_ids).values()),
                                         default=DEFAULT_PERIOD.target_year)
    data = stored_values.all_plans_data(session.store, plan_ids, until=until)
    return _judge_all(session, data, plan_ids, years)


def judgement_json(j: Judgement, period: Period = DEFAULT_PERIOD) -> dict:
    return {
        "status": j.status,
        "progress": None if j.progress is None else round(j.progress, 4),
        "time_share": round(j.time_share, 4),
        "expected": None if j.expected is None else round(j.expected, 4),
        "direction": j.direction,
        "rule": to_json(j.rule),
        "explanation": j.explanation,
        "warning": j.warning,
        "projection": j.projection,
        "projection_year": period.target_year,
        "notes": list(j.notes),
        "direction_source": j.direction_source,
        "direction_guessed": j.direction_guessed,
        "likely_met": j.likely_met,
    }


def check_year(year: int, period: Period = DEFAULT_PERIOD) -> int:
    """A reporting year of the plan period, or a sentence saying which years are."""
    try:
        y = int(year)
    except (TypeError, ValueError):
        y = None
    if y not in period.years:
        raise KnownError(f"{year}年不在规划期的填报年度内（{period.name}：{period.first_year}至"
                         f"{period.target_year}年）")
    return y


def check_plan_year(*, session: Session, plan_id: int, year: int) -> int:
    """A reporting year of this plan's period, or a one-line sentence naming the plan's years."""
    return check_year(year, plan_period(session=session, plan_id=plan_id))


def evaluate_plan_json(*, session: Session, plan_id: int, year: int) -> dict:
    period = plan_period(session=session, plan_id=plan_id)
    check_year(year, period)
    states = evaluate_plan(session=session, plan_id=plan_id)
    items = []
    for s in states:
        cell = s.cell_for(year)
        j = judgement_json(cell.judgement, period)
        j.update(status=cell.status, explanation=cell.explanation, overridden=bool(cell.override),
                 warning=cell.warning)
        items.append({"id": s.id, "seq": s.row.seq, "name": s.row.name,
                      "unit": s.row.unit, "baseline": s.row.baseline_text,
                      "target": s.target, "attribute": s.row.attribute,
                      "actual": cell.text, **j})
    counts: dict[str, int] = {}
    for it in items:
        counts[it["status"]] = counts.get(it["status"], 0) + 1
    return {"plan_id": plan_id, "year": year, "period": period.label,
            "baseline_year": period.baseline_year, "target_year": period.target_year, "counts": counts,
            "warnings": [it["name"] for it in items if it["warning"]], "indicators": items}


@dataclass
class PathSeries:
    """What the path chart of one indicator draws."""

    baseline: float | None
    target: float | None
    expected: dict[int, float]
    actuals: dict[int, float]
    projection: float | None


def path_series(state: IndicatorState) -> PathSeries:
    from ..domain.numbers import parse_value

    base = parse_value(state.row.baseline_text).number
    expected = {y: c.judgement.expected for y, c in state.cells.items()
                if c.judgement and c.judgement.expected is not None and not c.judgement.parts}
    actuals = {y: c.number for y, c in state.cells.items() if c.number is not None}
    last = max(actuals) if actuals else None
    judged = state.cells[last].judgement if last else None
    target = None
    if expected:
        ends = [c.judgement for c in state.cells.values() if c.judgement]
        target = next((j.expected for j in ends if j.time_share == 1.0 and j.expected is not None),
                      None)
    return PathSeries(base, target, expected, actuals, judged.projection if judged else None)
