"""Entering actual values and the judgements a person adds: each one audited change."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.errors import KnownError
from ..domain.evaluation import STATUSES
from ..domain.period import Period
from ..domain.records import StoredIndicator
from ..domain.target_wording import NeedsPerson, parse_target
from ..domain.value_entry import implausible, validate
from ..storage import values as stored_values
from ..storage.values import ValueWrite
from .ops import Changes, OpResult, reversible
from .session import Session


@dataclass
class Rejected:
    indicator_id: int
    year: int
    text: str
    message: str
    name: str = ""       # the indicator's name, to say which cell

    @property
    def where(self) -> str:
        return f"{self.name} {self.year}年" if self.name else f"{self.year}年"


class ValuesRejected(KnownError):
    """Some cells failed validation; nothing was saved."""

    def __init__(self, rejected: list[Rejected]):
        first = rejected[0]
        if len(rejected) == 1:
            text = f"{first.where}的值“{first.text}”未保存：{first.message}"
        else:
            text = (f"{len(rejected)} 个单元格的值有问题，本次粘贴全部未保存；第一处：{first.where}"
                    f"“{first.text}”：{first.message}")
        super().__init__(text)
        self.rejected = rejected


class NeedsConfirmation(KnownError):
    """Values that may be slips (3.2 where the baseline is 97): nothing saved until confirmed."""

    def __init__(self, questions: list[Rejected]):
        lines = "；".join(f"{q.year}年“{q.text}”（{q.message}）" for q in questions[:5])
        more = f"等{len(questions)}处" if len(questions) > 5 else ""
        super().__init__(f"以下数值与基期或上年相差很大，请确认没有填错：{lines}{more}")
        self.questions = questions


def implausible_values(*, session: Session, items: list[tuple[int, int, str]]) -> list[Rejected]:
    """The cells whose value looks like a slip, each with why (asked, never refused)."""
    typed = {(int(i), _year(y)): t for i, y, t in items}
    known: dict[int, dict] = {}
    out = []
    for indicator_id, year, text in items:
        row = stored_values.indicator(session.store, indicator_id)
        entry = validate(text, baseline=row.baseline_text, unit=row.unit, name=row.name)
        if not entry.ok or entry.number is None or _year(year) is None:
            continue
        if row.plan_id not in known:
            known[row.plan_id] = (stored_values.indicator_values(session.store, indicator_id) if len(items) == 1
                                  else stored_values.plan_values(session.store, row.plan_id))
        prev_year, prev = _last_before(known[row.plan_id], indicator_id, int(year), typed)
        why = implausible(entry.number, baseline=row.baseline_text, previous=prev,
                          previous_year=prev_year, unit=row.unit, name=row.name)
        if why:
            out.append(Rejected(indicator_id, int(year), entry.text, f"{row.name}：{why}"))
    return out


def _last_before(stored_all: dict, indicator_id: int, year: int, typed: dict) -> tuple[int | None, float | None]:
    """The latest earlier year's value (typed in the same paste, or stored)."""
    from ..domain.numbers import to_number

    stored = {y: v["value"] for (i, y), v in stored_all.items() if i == indicator_id and y < year}
    for (i, y), text in typed.items():
        if i == indicator_id and y is not None and y < year and to_number(text) is not None:
            stored[y] = to_number(text)
    earlier = [y for y, v in stored.items() if v is not None]
    return (max(earlier), stored[max(earlier)]) if earlier else (None, None)


def _refuse_closed(session: Session, plan_id: int) -> None:
    """A closed plan (已结束) is not edited: said as such, not as a locked year."""
    from ..storage import plans as stored_plans

    plan = stored_plans.plan_row(session.store, plan_id)
    if plan is not None and plan.closed:
        raise KnownError(f"“{plan.title}”已于{plan.closed_at[:10]}结束，各年度数据已锁定；如需修改，"
                         "请先“规划 → 重新打开规划”（命令行 plan reopen）并写明理由；本次修改未保存")


def _year(year) -> int | None:
    try:
        return int(year)
    except (TypeError, ValueError):
        return None


def _changes(plan_id: int, indicator_ids, **kw) -> Changes:
    return Changes((plan_id,), frozenset(indicator_ids), **kw)


def check_value(*, session: Session, indicator_id: int, text: str):
    row = stored_values.indicator(session.store, indicator_id)
    return validate(text, baseline=row.baseline_text, unit=row.unit, name=row.name)


def enter_values(*, session: Session, items: list[tuple[int, int, str]], action: str = "填报",
                 reason: str = "", confirmed: bool = False) -> OpResult:
    """Validate every cell first; save all of them in one transaction, or none. A value that
    looks like a slip (ten times the baseline or last year's, a tenth of it) is asked about
    (NeedsConfirmation) unless `confirmed`. Undo puts back the cells as they were (value, source,
    note, reasons), redo as they became."""
    writes, rejected, plan_id, row = _checked(session, items)
    if rejected:
        raise ValuesRejected(rejected)
    questions = [] if confirmed else implausible_values(session=session, items=items)
    if questions:
        raise NeedsConfirmation(questions)
    keys = [(w.indicator_id, w.year) for w in writes]
    label = (f"{action} {row.name}：{writes[0].text}" if len(writes) == 1
             else f"{action} {len(writes)} 个单元格")
    return reversible(session, label, _changes(plan_id, {k[0] for k in keys}), "actuals", keys,
                      lambda: stored_values.write_values(session.store, writes, who=session.who,
                                                         action=action, reason=reason))


def refused_cells(*, session: Session, items: list[tuple[int, int, str]]) -> list[Rejected]:
    """The cells of an edit or paste that would be refused, and why (nothing saved)."""
    return _checked(session, items)[1]


def _checked(session: Session, items: list[tuple[int, int, str]]):
    from .evaluation import plan_period

    writes, rejected, plan_id, row = [], [], None, None
    periods: dict[int, Period] = {}
    for indicator_id, year, text in items:
        row = stored_values.indicator(session.store, indicator_id)
        plan_id = row.plan_id
        if plan_id not in periods:
            periods[plan_id] = plan_period(session=session, plan_id=plan_id)
            _refuse_closed(session, plan_id)
        period = periods[plan_id]
        if _year(year) not in period.years:
            rejected.append(Rejected(indicator_id, year, text,
                                     f"年份应在{period.first_year}至{period.target_year}之间", row.name))
            continue
        entry = validate(text, baseline=row.baseline_text, unit=row.unit, name=row.name)
        if not entry.ok:
            rejected.append(Rejected(indicator_id, year, text, entry.message, row.name))
            continue
        writes.append(ValueWrite(indicator_id, int(year), entry.text, entry.number))
    return writes, rejected, plan_id, row


def set_value_details(*, session: Session, indicator_id: int, year: int, source: str,
                      note: str) -> OpResult:
    plan_id = stored_values.indicator(session.store, indicator_id).plan_id
    current = stored_values.plan_values(session.store, plan_id).get((indicator_id, year))
    if current is None:
        raise KnownError(f"{year}年尚未填报数值，请先填写数值再填写数据来源和备注")
    write = ValueWrite(indicator_id, year, current["value_text"], current["value"], source, note)
    return reversible(session, "数据来源/备注", _changes(plan_id, [indicator_id]), "actuals",
                      [(indicator_id, year)],
                      lambda: stored_values.write_values(session.store, [write], who=session.who,
                                                         action="修改数据来源/备注"))


def override_status(*, session: Session, indicator_id: int, year: int, status: str | None,
                    reason: str) -> OpResult:
    if status is not None and status not in STATUSES:
        raise KnownError(f"“{status}”不是可用的判断结果")
    if not reason.strip():
        raise KnownError("人工判断必须填写理由")
    row = stored_values.indicator(session.store, indicator_id)
    label = f"人工判断 {row.name}" if status else "取消人工判断"
    return reversible(session, label, _changes(row.plan_id, [indicator_id]), "status_overrides",
                      [(indicator_id, year)],
                      lambda: stored_values.set_override(session.store, indicator_id, year, status,
                                                         reason=reason.strip(), who=session.who))


def set_benchmark(*, session: Session, indicator_id: int, year: int, value: float | None,
                  source: str = "") -> OpResult:
    row = stored_values.indicator(session.store, indicator_id)
    return reversible(session, "录入对标值", _changes(row.plan_id, [indicator_id]), "benchmarks",
                      [(indicator_id, year)],
                      lambda: stored_values.set_benchmark(session.store, indicator_id, year, value,
                                                          source=source, who=session.who))


def adjust_target(*, session: Session, indicator_id: int, target: str, reason: str,
                  on: str, from_year: int | None = None) -> OpResult:
    """A target adjusted at the mid-term review, judging the years from `from_year` on (the
    earlier years keep the printed target); the printed one stays beside it."""
    if not reason.strip():
        raise KnownError("调整目标必须填写理由（如中期评估调整文件）")
    if target.strip() and isinstance(parse_target(target), NeedsPerson):
        raise KnownError(f"“{target}”无法识别为目标值，请按“≤14.5”“80左右”等形式填写")
    if from_year is not None:
        from .evaluation import plan_period

        period = plan_period(session=session,
                             plan_id=stored_values.indicator(session.store, indicator_id).plan_id)
        if _year(from_year) not in period.years:
            raise KnownError(f"调整目标的起始年度应在{period.first_year}至{period.target_year}年之间")
    fields = {"target_adjusted_text": target.strip(), "target_adjusted_on": on if target else "",
              "target_adjusted_reason": reason.strip() if target else "",
              "target_adjusted_from": int(from_year) if (target and from_year) else None}
    return _indicator_fields(session, indicator_id, fields, "调整目标", reason=reason.strip())


def _indicator_fields(session: Session, indicator_id: int, fields: dict, action: str,
                      reason: str = "", structure: bool = False) -> OpResult:
    """Change some fields of one indicator; undo puts back only those fields."""
    row = stored_values.indicator(session.store, indicator_id)
    return reversible(session, f"{action} {row.name}",
                      _changes(row.plan_id, [indicator_id], structure=structure),
                      "indicators", [(indicator_id,)],
                      lambda: stored_values.update_indicator(session.store, indicator_id, fields,
                                                             who=session.who, action=action,
                                                             reason=reason),
                      columns=tuple(fields))


def set_direction(*, session: Session, indicator_id: int, direction: str) -> OpResult:
    if direction not in ("", "higher", "lower"):
        raise KnownError("方向只能是“越高越好”“越低越好”或“自动判断”")
    return _indicator_fields(session, indicator_id, {"direction": direction}, "设置指标方向")


def indicator_history(*, session: Session, indicator_id: int) -> list[dict]:
    return stored_values.indicator_history(session.store, indicator_id)


def year_locks(*, session: Session, plan_id: int) -> dict[int, dict]:
    return stored_values.year_locks(session.store, plan_id)


def lock_year(*, session: Session, plan_id: int, year: int, note: str = "正式上报") -> OpResult:
    """Lock a submitted year, keeping each indicator's judgement of it as submitted."""
    import json

    from .evaluation import evaluate_plan

    snapshot = {}
    for state in evaluate_plan(session=session, plan_id=plan_id):
        cell = state.cell_for(year)
        snapshot[str(state.id)] = {"status": cell.status, "explanation": cell.explanation,
                                   "warning": cell.warning}
    stored_values.lock_year(session.store, plan_id, year, who=session.who, note=note,
                            snapshot=json.dumps(snapshot, ensure_ascii=False))
    return OpResult(f"锁定{year}年度", Changes((plan_id,), locks=True))   # not undone: unlock, with a reason


def unlock_year(*, session: Session, plan_id: int, year: int, reason: str) -> OpResult:
    if not reason.strip():
        raise KnownError("解锁已上报的年度必须写明理由（如上级退回修改）")
    stored_values.unlock_year(session.store, plan_id, year, who=session.who, reason=reason.strip())
    return OpResult(f"解锁{year}年度", Changes((plan_id,), locks=True))


def resolve_indicator(*, session: Session, plan_id: int, text: str) -> StoredIndicator:
    """An indicator of the plan named as the command line names it: its 序号 ('3', '（三）'),
    its catalogue key, or its name (whole, or a part only one indicator's name has)."""
    from ..domain.numbers import fold_width
    from ..storage import plans as stored_plans

    rows = stored_plans.plan_indicators(session.store, plan_id)
    t = fold_width(str(text)).strip()

    def folded(s: str) -> str:
        return fold_width(s or "").strip()

    for test in (lambda r: folded(r.seq) == t and not r.parent_id,
                 lambda r: folded(r.seq) == t,
                 lambda r: r.catalogue_key and r.catalogue_key == t,
                 lambda r: folded(r.name) == t or folded(r.name_printed) == t):
        found = [r for r in rows if test(r)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = "、".join(f"{r.seq} {r.name}" for r in found[:6])
            raise KnownError(f"“{text}”对应{len(found)}个指标（{names}），请写完整的指标名称")
    found = [r for r in rows if t and t in folded(r.name)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = "、".join(f"{r.seq} {r.name}" for r in found[:6])
        raise KnownError(f"“{text}”对应多个指标（{names}），请写序号或完整名称")
    raise KnownError(f"该规划中没有指标“{text}”；请写序号、目录编码或指标名称")


def value_of(*, session: Session, indicator_id: int, year: int) -> dict:
    """The stored value of an indicator for a year (empty when none)."""
    plan_id = stored_values.indicator(session.store, indicator_id).plan_id
    return dict(stored_values.plan_values(session.store, plan_id).get((indicator_id, int(year))) or {})


def set_reasons(*, session: Session, indicator_id: int, year: int, analysis: str, measures: str) -> OpResult:
    """原因分析 (why it lags) and 下一步措施 (what will be done) for a year's value; undoable."""
    plan_id = stored_values.indicator(session.store, indicator_id).plan_id
    if stored_values.plan_values(session.store, plan_id).get((indicator_id, int(year))) is None:
        raise KnownError(f"{year}年尚未填报数值，请先填写数值再填写原因分析和下一步措施")
    return reversible(session, "原因分析/下一步措施", _changes(plan_id, [indicator_id]), "actuals",
                      [(indicator_id, int(year))],
                      lambda: stored_values.set_reasons(session.store, indicator_id, int(year),
                                                        analysis=analysis.strip(), measures=measures.strip(),
                                                        who=session.who),
                      columns=("analysis", "measures"))


REPORT_TEXT_KINDS = {"成效": "主要成效", "问题": "存在问题", "措施": "下一步工作"}


def report_texts(*, session: Session, plan_id: int, year: int) -> dict[str, str]:
    return stored_values.report_texts(session.store, plan_id, int(year))


def set_report_texts(*, session: Session, plan_id: int, year: int, texts: dict[str, str]) -> OpResult:
    """The report's own paragraphs for a year (主要成效, 存在问题, 下一步工作); undoable."""
    clean = {k: str(v or "").strip() for k, v in texts.items() if k in REPORT_TEXT_KINDS}
    return reversible(session, "评估报告文字", Changes((plan_id,)), "report_texts",
                      [(plan_id, int(year), k) for k in clean],
                      lambda: stored_values.set_report_texts(session.store, plan_id, int(year), clean,
                                                             who=session.who))
