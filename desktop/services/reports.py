"""Printed reports: the year's progress summary and the evaluation report, as PDF or Word."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import paths
from ..domain.errors import KnownError
from . import checklist, evaluation, plans
from . import settings as user_settings
from .output import write_file
from .session import Session

KINDS = ("summary", "evaluation")


def chinese_date(d: dt.date) -> str:
    """2025年12月31日: the one date form of the reports."""
    return f"{d.year}年{d.month}月{d.day}日"


def report_data(*, session: Session, plan_id: int, year: int):
    from ..reports.model import IndicatorRow, ProjectRow, ReportData, TaskRow
    from . import values as plan_values

    plan = plans.plan_info(session=session, plan_id=plan_id)
    profile = user_settings.profile(session=session)
    data = ReportData(title=plan.title, region=plan.region, parent_region=plan.parent_region,
                      year=year, unit=profile.unit, filler=profile.user_name, phone=profile.phone,
                      date=chinese_date(dt.date.today()),
                      period=evaluation.plan_period(session=session, plan_id=plan_id))
    # only the report's year is judged (a 2,000-indicator plan judged every year spent 0.3 s more);
    # every year's value is printed as entered
    judged = (int(year),) if int(year) in data.period.years else ()
    for s in evaluation.evaluate_plan(session=session, plan_id=plan_id, years=judged):
        cell = s.cell_for(year)
        j = cell.judgement
        reasons = [cell.override["reason"]] if cell.override else []
        if cell.note:
            reasons.append(cell.note)
        projection = ""
        if j is not None and j.likely_met is not None:
            projection = "预计能完成" if j.likely_met else "预计难以完成"
        data.indicators.append(IndicatorRow(
            seq=s.row.seq, domain=s.row.domain,
            name=("其中：" if s.row.parent_id else "") + s.row.name, unit=s.row.unit,
            baseline=s.row.baseline_text, target=s.target, attribute=s.row.attribute,
            values={y: t for y, t in s.texts.items() if t}, status=cell.status,
            explanation=cell.explanation, warning=cell.warning, projection=projection,
            reason="；".join(reasons), analysis=cell.analysis, measures=cell.measures))
        data.counts[cell.status] = data.counts.get(cell.status, 0) + 1
    data.texts = plan_values.report_texts(session=session, plan_id=plan_id, year=year)
    # a report of a past year measures the lights at that year's end, not today (a 2025 report made
    # in 2026 does not call work due in 2025 overdue against today's date). What it shows is what
    # was entered for the year: a year's report is written after the year ends, so changes made
    # since count — unless the year was submitted and locked, when it shows the year as submitted.
    as_of = min(dt.date.today(), dt.date(int(year), 12, 31))
    lock = plan_values.year_locks(session=session, plan_id=plan_id).get(int(year))
    cutoff = (lock or {}).get("locked_at", "")
    groups = checklist.projects(session=session, plan_id=plan_id, today=as_of)
    then = _as_of(session, [i.id for g in groups for i in g.items], cutoff)
    for g in groups:
        for i in g.items:
            f, light = _at_year_end(i, then.get(i.id), as_of, data.period)
            data.projects.append(ProjectRow(
                box=g.title, name=i.title, status=f.status, progress=f.progress or 0,
                lead_unit=f.lead_unit, planned_year=str(f.planned_year or ""),
                done_date=f.done_date, planned_invest=f.planned_invest,
                spent_invest=f.spent_invest, light=light.colour, light_reason=light.reason))
    items = checklist.tasks(session=session, plan_id=plan_id, today=as_of)
    then = _as_of(session, [t.id for t in items], cutoff, entity="tasks")
    title_of = {t.id: t.title for t in items}
    for t in items:
        f, light = _at_year_end(t, then.get(t.id), as_of, data.period, task=True)
        data.tasks.append(TaskRow(title=t.title, level=t.level, status=f.status,
                                  progress=f.progress or 0, lead_unit=f.lead_unit,
                                  deadline=f.deadline, light=light.colour, note=f.note,
                                  counted=t.counted, section=title_of.get(t.parent_id, "")))
    return data


def _as_of(session: Session, ids: list[int], cutoff: str, entity: str = "projects") -> dict[int, dict[str, str]]:
    """Projects' (or tasks', by section id) fields as they stood at `cutoff` (an ISO time: when
    the year was submitted and locked); none to put back without one."""
    if not cutoff:
        return {}
    from ..storage import checklist as stored_checklist

    if entity == "projects":
        return stored_checklist.fields_as_of(session.store, "projects", ids, cutoff)
    task_of = stored_checklist.task_ids_by_section(session.store, ids)
    by_task = stored_checklist.fields_as_of(session.store, "tasks", list(task_of.values()), cutoff)
    return {section: by_task[task] for section, task in task_of.items() if task in by_task}


def _at_year_end(item, changed: dict[str, str] | None, as_of: dt.date, period, task: bool = False):
    """A project's (or task's) fields and light for the report's year: what changed after the year
    was submitted and locked put back; a project finished after the year shown under way in it;
    the light measured at the year's end."""
    from dataclasses import replace

    from ..domain import checklist as rules

    fields = item.fields
    if changed:
        fields = _put_back(item, changed, task)
    if not task and fields.status == "已完成" and fields.done_date and fields.done_date > as_of.isoformat():
        fields = replace(fields, status="推进中")     # finished after the report's year: under way in it
    elif not changed:
        return item.fields, item.light
    deadline = (rules.deadline_of(deadline=fields.deadline) if task
                else rules.deadline_of(planned_year=fields.planned_year))
    light = rules.light(status=fields.status, progress=fields.progress or 0, deadline=deadline, today=as_of,
                        period=period)
    return fields, light


def _put_back(item, changed: dict[str, str], task: bool):
    """The item's fields with what changed since put back to its value then."""
    from dataclasses import replace

    from ..domain.numbers import to_number

    kept = {}
    for name in ("status", "progress", "done_date", "planned_invest", "spent_invest", "lead_unit", "note"):
        if name in changed:
            raw = changed[name]
            kept[name] = (to_number(raw) if raw not in (None, "") else None) if name in (
                "progress", "planned_invest", "spent_invest") else (raw or "")
    if "status" in kept and not kept["status"]:
        kept["status"] = "未启动"
    if "progress" in kept and kept["progress"] is None:
        kept["progress"] = 0
    if task and "deadline" in changed:
        kept["deadline"] = changed["deadline"] or ""
    return replace(item.fields, **kept)


def _suffix(path: str | Path, suffix: str, what: str) -> None:
    """A file named for what it is: a Word document saved as x.pdf would not open."""
    from .output import check_target

    check_target(path)      # a database, a folder: said first
    if Path(path).suffix.lower() != suffix:
        raise KnownError(f"{what}的文件名应以 {suffix} 结尾（现为“{Path(path).name}”），未导出")


def _outline(*, session: Session, plan_id: int, year: int, path: str | Path, kind: str, suffix: str,
             what: str):
    """Everything checked before a report is written (the file's name, the kind, the plan's year),
    then the report's outline: the one model both outputs render."""
    _suffix(path, suffix, what)
    if kind not in KINDS:
        raise KnownError("报告类型只能是 summary（年度进展情况）或 evaluation（评估报告）")
    from ..reports.outline import evaluation_outline, summary_outline

    evaluation.check_plan_year(session=session, plan_id=plan_id, year=year)
    data = report_data(session=session, plan_id=plan_id, year=year)
    return (summary_outline if kind == "summary" else evaluation_outline)(data)


def export_pdf(*, session: Session, plan_id: int, year: int, path: str | Path,
               kind: str = "summary") -> Path:
    outline = _outline(session=session, plan_id=plan_id, year=year, path=path, kind=kind, suffix=".pdf",
                       what="PDF 报告")
    from ..reports import fonts, pdf_report

    fonts.register(paths.fonts(), paths.cache() / "fonts", pdf_report.faces(outline))    # only what it prints in
    return write_file(path, lambda tmp: pdf_report.render(outline, tmp))


def export_docx(*, session: Session, plan_id: int, year: int, path: str | Path,
                kind: str = "evaluation") -> Path:
    """A report as an editable Word document (公文 style), from the same model as the PDF."""
    outline = _outline(session=session, plan_id=plan_id, year=year, path=path, kind=kind, suffix=".docx",
                       what="Word 报告")
    from ..reports import docx_report

    return write_file(path, lambda tmp: docx_report.render(outline, tmp))
