"""上报表: export the submission or the blank template, import one back with a preview, all or
nothing, and keep track of what each unit sent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import __version__
from ..domain.errors import KnownError
from ..storage import checklist as stored_checklist
from ..storage import plans as stored_plans
from ..storage import submissions as stored
from . import checklist, evaluation, plans
from . import settings as user_settings
from .ops import Changes, OpResult
from .output import check_target, write_file
from .session import Session
from .submission_import import (  # noqa: F401 - the import half of 上报表, used through this module
    Batch,
    Conflict,
    Preview,
    apply_import,
    apply_imports,
    database_id,
    preview_import,
    preview_many,
    read_workbooks,
)


def build_submission(*, session: Session, plan_id: int, year: int, kind: str = "submission",
                     unit: str = ""):
    from ..exchange.model import IndicatorLine, ProjectLine, Submission, TaskLine

    plan = plans.plan_info(session=session, plan_id=plan_id)
    profile = user_settings.profile(session=session)
    sub = Submission(
        plan_key=plan.key,
        title=plan.title, region=plan.region, level=plan.level,
        parent_region=plan.parent_region, year=year, kind=kind, unit=profile.unit,
        filler=profile.user_name, phone=profile.phone, date=dt.date.today().isoformat(),
        program=__version__, database_id=database_id(session), only_unit=unit.strip(),
        exported_at=dt.datetime.now().isoformat(timespec="milliseconds"))
    sub.years = evaluation.plan_period(session=session, plan_id=plan_id).years
    states = evaluation.evaluate_plan(session=session, plan_id=plan_id)
    key_of = {s.id: s.row.ext_key or f"i{s.id}" for s in states}
    for s in states:
        cell = s.cell_for(year)
        sub.indicators.append(IndicatorLine(
            key=key_of[s.id], seq=s.row.seq, domain=s.row.domain, name=s.row.name,
            unit=s.row.unit, baseline=s.row.baseline_text, target=s.target,
            attribute=s.row.attribute, values={y: c.text for y, c in s.cells.items() if c.text},
            status=cell.status if cell.text else "", explanation=cell.explanation if cell.text else "",
            source=cell.source, note=cell.note, analysis=cell.analysis, measures=cell.measures,
            lead_unit=s.row.lead_unit, catalogue_key=s.row.catalogue_key,
            parent_key=key_of.get(s.row.parent_id, "")))
    ext = {r["id"]: r["ext_key"] for r in stored_checklist.plan_projects(session.store, plan_id)}
    for g in checklist.projects(session=session, plan_id=plan_id):
        for i in g.items:
            f = i.fields
            sub.projects.append(ProjectLine(
                key=ext.get(i.id) or f"p{i.id}", box=g.title, name=i.title, status=f.status,
                progress=f.progress, lead_unit=f.lead_unit, support_units=f.support_units,
                planned_year=f.planned_year, done_date=f.done_date,
                planned_invest=f.planned_invest, spent_invest=f.spent_invest, note=f.note,
                text=i.text))
    sec_ext = {r["id"]: r["ext_key"] for r in stored_plans.plan_sections(session.store, plan_id)}
    for t in checklist.tasks(session=session, plan_id=plan_id):
        f = t.fields
        sub.tasks.append(TaskLine(
            key=sec_ext.get(t.id) or f"t{t.id}", level=t.level, title=t.title, status=f.status,
            progress=f.progress, lead_unit=f.lead_unit, deadline=f.deadline, note=f.note,
            parent_key=(sec_ext.get(t.parent_id) or f"t{t.parent_id}") if t.parent_id else "",
            counted=t.counted))
    return sub


def export_workbook(*, session: Session, plan_id: int, year: int, path: str | Path,
                    kind: str = "submission", final: bool = False, unit: str = "") -> Path:
    """The workbook; exported as final, the year's values are then locked (as DHIS2 locks an
    approved period) until someone unlocks them with a reason. A template for one unit opens only
    the rows that unit is responsible for."""
    from ..exchange.submission_workbook import write_submission

    evaluation.check_plan_year(session=session, plan_id=plan_id, year=year)
    check_target(path)   # before anything is written (the database's id on a first export)
    sub = build_submission(session=session, plan_id=plan_id, year=year, kind=kind, unit=unit)
    if unit and not _unit_has_rows(sub):
        raise KnownError(f"“{unit}”在该规划中没有负责的指标、项目或任务，请先在指标、项目或任务中登记责任单位")
    out = write_file(path, lambda tmp: write_submission(sub, tmp))
    if final and kind == "submission":
        from . import values

        values.lock_year(session=session, plan_id=plan_id, year=year, note=f"正式上报：{Path(path).name}")
    return out


def plan_units(*, session: Session, plan_id: int) -> list[str]:
    """The units named as responsible for some indicator, project or task of the plan."""
    first = evaluation.plan_period(session=session, plan_id=plan_id).first_year
    sub = build_submission(session=session, plan_id=plan_id, year=first, kind="template")
    names: list[str] = []
    for text in ([i.lead_unit for i in sub.indicators] + [p.lead_unit for p in sub.projects]
                 + [p.support_units for p in sub.projects] + [t.lead_unit for t in sub.tasks]):
        for name in (text or "").replace("，", "、").replace(",", "、").split("、"):
            if name.strip() and name.strip() not in names:
                names.append(name.strip())
    return names


def _unit_has_rows(sub) -> bool:
    from ..exchange.model import open_for

    return any(open_for(sub.only_unit, i.lead_unit) for i in sub.indicators) or any(
        open_for(sub.only_unit, p.lead_unit, p.support_units) for p in sub.projects) or any(
        open_for(sub.only_unit, t.lead_unit) for t in sub.tasks)


def submissions(*, session: Session, year: int | None = None) -> list[dict]:
    return stored.submissions(session.store, year)


def set_state(*, session: Session, submission_id: int, state: str, reason: str = "") -> OpResult:
    if state not in ("已接收", "已通过", "已退回"):
        raise KnownError(f"“{state}”不是可用的状态")
    if state == "已退回" and not reason.strip():
        raise KnownError("退回上报表必须写明理由")
    row = next((r for r in stored.submissions(session.store) if r.id == submission_id), None)
    if row is None:
        raise KnownError(f"没有编号为 {submission_id} 的上报记录；可用 submission list 查看")
    stored.set_state(session.store, submission_id, state, reason.strip(), who=session.who)
    return OpResult(f"上报表{state}", Changes((row.plan_id,), submissions=True))


def return_note(*, session: Session, submission_id: int) -> str:
    """A short note to send back with a returned submission."""
    row = next((r for r in stored.submissions(session.store) if r.id == submission_id), None)
    if row is None:
        raise KnownError("没有找到该上报记录")
    profile = user_settings.profile(session=session)
    return (f"关于{row.region}{row.year}年度规划监测表的退回说明\n\n"
            f"{row.unit or row.region}：\n"
            f"你单位报送的《{row.title}》{row.year}年度监测表（文件：{row.file_name}，"
            f"{row.received_at[:10]}收到）经审核需修改后重新报送，原因如下：\n\n{row.reason}\n\n"
            f"请修改后于规定时间内重新报送。\n\n{profile.unit}\n{profile.user_name} {profile.phone}\n"
            f"{dt.date.today():%Y年%m月%d日}\n")
