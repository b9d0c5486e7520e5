"""上报表: export the submission or the blank template, import one back with a preview, all or
nothing, and keep track of what each unit sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..domain.checklist import check_fields
from ..domain.errors import KnownError
from ..domain.value_entry import validate
from ..storage import checklist as stored_checklist
from ..storage import plans as stored_plans
from ..storage import submissions as stored
from ..storage import values as stored_values
from . import checklist, evaluation, plans
from . import settings as user_settings
from .session import Session


@dataclass
class SubmissionChanged:
    plan_ids: list[int]
    entity: str = "plans"


def build_submission(*, session: Session, plan_id: int, year: int, kind: str = "submission"):
    from ..exchange.model import IndicatorLine, ProjectLine, Submission, TaskLine

    plan = plans.plan_info(session=session, plan_id=plan_id)
    profile = user_settings.profile(session=session)
    sub = Submission(
        plan_key=plan["source_hash"] or plan["ext_plan_key"] or f"plan-{plan_id}",
        title=plan["title"], region=plan["region"], level=plan["level"],
        parent_region=plan["parent_region"], year=year, kind=kind, unit=profile.unit,
        filler=profile.user_name, phone=profile.phone, date=dt.date.today().isoformat(),
        program=__version__)
    states = evaluation.evaluate_plan(session=session, plan_id=plan_id)
    key_of = {s.id: s.row["ext_key"] or f"i{s.id}" for s in states}
    for s in states:
        cell = s.cell_for(year)
        sub.indicators.append(IndicatorLine(
            key=key_of[s.id], seq=s.row["seq"], domain=s.row["domain"], name=s.row["name"],
            unit=s.row["unit"], baseline=s.row["baseline_text"], target=s.target,
            attribute=s.row["attribute"], values={y: c.text for y, c in s.cells.items() if c.text},
            status=cell.status if cell.text else "", explanation=cell.explanation if cell.text else "",
            source=cell.source, note=cell.note, catalogue_key=s.row["catalogue_key"],
            parent_key=key_of.get(s.row["parent_id"], "")))
    ext = {r["id"]: r["ext_key"] for r in stored_checklist.plan_projects(session.store, plan_id)}
    for g in checklist.projects(session=session, plan_id=plan_id):
        for i in g.items:
            f = i.fields
            sub.projects.append(ProjectLine(
                key=ext.get(i.id) or f"p{i.id}", box=g.title, name=i.title, status=f["status"],
                progress=f["progress"], lead_unit=f["lead_unit"], support_units=f["support_units"],
                planned_year=f["planned_year"], done_date=f["done_date"],
                planned_invest=f["planned_invest"], spent_invest=f["spent_invest"], note=f["note"],
                text=i.text))
    sec_ext = {r["id"]: r["ext_key"] for r in stored_plans.plan_sections(session.store, plan_id)}
    for t in checklist.tasks(session=session, plan_id=plan_id):
        f = t.fields
        sub.tasks.append(TaskLine(
            key=sec_ext.get(t.id) or f"t{t.id}", level=t.level, title=t.title, status=f["status"],
            progress=f["progress"], lead_unit=f["lead_unit"], deadline=f["deadline"], note=f["note"],
            parent_key=(sec_ext.get(t.parent_id) or f"t{t.parent_id}") if t.parent_id else ""))
    return sub


def export_workbook(*, session: Session, plan_id: int, year: int, path: str | Path,
                    kind: str = "submission", final: bool = False) -> Path:
    """The workbook; exported as final, the year's values are then locked (as DHIS2 locks an
    approved period) until someone unlocks them with a reason."""
    from ..exchange.submission_workbook import write_submission

    sub = build_submission(session=session, plan_id=plan_id, year=year, kind=kind)
    try:
        out = write_submission(sub, Path(path))
    except OSError as exc:
        raise KnownError(f"无法写入“{path}”：{exc.strerror or exc}（文件是否正在 Excel/WPS 中打开？）") from exc
    if final and kind == "submission":
        from . import values

        values.lock_year(session=session, plan_id=plan_id, year=year, note=f"正式上报：{Path(path).name}")
    return out


# ---- import ---------------------------------------------------------------------------------
@dataclass
class Preview:
    file_name: str
    file_hash: str
    head: dict
    plan: dict
    plan_id: int | None
    new_values: list[tuple[str, str]] = field(default_factory=list)        # (indicator, value)
    changed_values: list[tuple[str, str, str]] = field(default_factory=list)  # (indicator, old, new)
    changed_items: list[tuple[str, str, str, str]] = field(default_factory=list)  # (item, field, old, new)
    rejected: list[str] = field(default_factory=list)
    values: dict[str, tuple] = field(default_factory=dict)
    details: dict[str, dict] = field(default_factory=dict)
    projects: dict[str, dict] = field(default_factory=dict)
    tasks: dict[str, dict] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return int(self.head["year"])

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary(self) -> dict:
        return {
            "file": self.file_name, "plan": self.head["title"], "region": self.head["region"],
            "year": self.year, "new_plan": self.plan_id is None, "ok": self.ok,
            "new_values": [{"indicator": n, "value": v} for n, v in self.new_values],
            "changed_values": [{"indicator": n, "old": o, "new": v} for n, o, v in self.changed_values],
            "changed_items": [{"item": n, "field": f, "old": o, "new": v}
                              for n, f, o, v in self.changed_items],
            "rejected": self.rejected,
        }


FIELD_NAMES = {"lead_unit": "牵头单位", "support_units": "配合单位", "status": "状态", "progress": "进度",
               "done_date": "完成时间", "planned_invest": "计划投资", "spent_invest": "完成投资",
               "note": "说明", "deadline": "完成时限", "source": "数据来源"}


def preview_import(*, session: Session, path: str | Path, expected_year: int | None = None) -> Preview:
    """Read and check a filled workbook; nothing is saved."""
    from ..exchange.model import SHEET_IND, SHEET_NOTE
    from ..exchange.submission_reader import read_submission

    p = Path(path)
    read = read_submission(p)
    head = read.head
    found = stored.find_plan(session.store, head["plan_key"])
    preview = Preview(p.name, read.file_hash, head, read.plan,
                      found["id"] if found else None)
    preview.rejected += [str(x) for x in read.problems]
    if expected_year and int(head["year"]) != int(expected_year):
        preview.rejected.append(f"{SHEET_NOTE}：表格为{head['year']}年度，当前要导入的是{expected_year}年度")
    if found and found["region"] != head["region"]:
        preview.rejected.append(f"{SHEET_NOTE}：表格的地区“{head['region']}”与数据库中的“{found['region']}”不一致")
    current = {}
    ind_rows = {i["key"]: i for i in read.plan["indicators"]}
    if found:
        maps = stored.key_maps(session.store, found["id"])
        values = stored_values.plan_values(session.store, found["id"])
        for key in read.values:
            iid = maps["indicator"].get(key)
            if iid is None:
                preview.rejected.append(f"{SHEET_IND}：第“{ind_rows.get(key, {}).get('name', key)}”行在数据库中找不到对应指标")
                continue
            current[key] = values.get((iid, preview.year))
        _items_preview(session, preview, read, maps)
    else:
        for key, fields in read.projects.items():
            _check_item(preview, read, "project", key, fields, {}, key)
        for key, fields in read.tasks.items():
            _check_item(preview, read, "task", key, fields, {}, key)
    for key, (cell, text) in read.values.items():
        row = ind_rows.get(key)
        if row is None:
            continue
        entry = validate(text, baseline=row["baseline"], unit=row["unit"], name=row["name"])
        if not entry.ok:
            preview.rejected.append(f"{SHEET_IND}!{cell}（{row['name']}）：{entry.message}")
            continue
        old = current.get(key)
        details = read.value_details.get(key, {})
        if old is None and entry.text == "" and not any(details.values()):
            continue
        old_text = old["value_text"] if old else ""
        if old and old_text == entry.text and old["source"] == details.get("source", "") \
                and old["note"] == details.get("note", ""):
            continue
        preview.values[key] = (entry.text, entry.number)
        preview.details[key] = details
        if old is None:
            preview.new_values.append((row["name"], entry.text))
        elif old_text != entry.text:
            preview.changed_values.append((row["name"], old_text, entry.text))
    return preview


def _items_preview(session: Session, preview: Preview, read, maps) -> None:
    proj_now = {r["id"]: r for r in stored_checklist.plan_projects(session.store, preview.plan_id)}
    task_now = {r["id"]: r for r in stored_checklist.plan_task_rows(session.store, preview.plan_id)}
    for key, fields in read.projects.items():
        pid = maps["project"].get(key)
        if pid is None:
            preview.rejected.append(f"专栏项目：项目“{key}”在数据库中找不到")
            continue
        _check_item(preview, read, "project", key, fields, proj_now[pid], proj_now[pid]["name"])
    for key, fields in read.tasks.items():
        sid = maps["task"].get(key)
        if sid is None:
            preview.rejected.append(f"任务：任务“{key}”在数据库中找不到")
            continue
        row = task_now[sid]
        _check_item(preview, read, "task", key, fields, row, f"{row['marker']}{row['title']}")


def _same(old, new) -> bool:
    if old in (None, "") and new in (None, ""):
        return True
    if isinstance(old, int | float) and isinstance(new, int | float):
        return float(old) == float(new)
    return str(old) == str(new)


def _show(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _check_item(preview: Preview, read, kind: str, key: str, fields: dict, now: dict, name: str) -> None:
    changed = {}
    for f, text in fields.items():
        clean, problem = check_fields({f: text})
        if problem:
            cell = read.cells.get((kind, key, f), "")
            sheet = "专栏项目" if kind == "project" else "任务"
            preview.rejected.append(f"{sheet}!{cell}（{name}）：{problem}")
            continue
        if not _same(now.get(f), clean[f]):
            changed[f] = clean[f]
            preview.changed_items.append((name, FIELD_NAMES.get(f, f), _show(now.get(f)),
                                          _show(clean[f])))
    if changed:
        (preview.projects if kind == "project" else preview.tasks)[key] = changed


def apply_imports(*, session: Session, previews: list[Preview]) -> SubmissionChanged:
    """Several workbooks received at once (the level above, at the deadline): one backup before
    the batch, then each workbook in its own all-or-nothing transaction."""
    bad = [p for p in previews if not p.ok]
    if bad:
        raise KnownError(f"{bad[0].file_name} 有 {len(bad[0].rejected)} 处问题，本批未导入任何内容："
                         f"{bad[0].rejected[0]}")
    from . import backups

    backups.before(session=session, action="导入上报表前")
    from . import rollup

    ids, by_year = [], {}
    for p in previews:
        changed = apply_import(session=session, preview=p, backup=False).plan_ids
        ids += changed
        by_year.setdefault(p.year, []).extend(changed)
    for year, plan_ids in by_year.items():  # the roll-up that follows reads these back
        rollup.prepare(session=session, plan_ids=plan_ids, years=[year])
    return SubmissionChanged(ids)


def apply_import(*, session: Session, preview: Preview, backup: bool = True) -> SubmissionChanged:
    if not preview.ok:
        raise KnownError(f"表格有 {len(preview.rejected)} 处问题，未导入任何内容：{preview.rejected[0]}")
    if backup:
        from . import backups

        backups.before(session=session, action="导入上报表前")
    head = preview.head
    plan_id = stored.apply(
        session.store, head=head, plan=preview.plan, plan_id=preview.plan_id, values=preview.values,
        details=preview.details, projects=preview.projects, tasks=preview.tasks,
        submission={"unit": head.get("unit", ""), "filler": head.get("filler", ""),
                    "phone": head.get("phone", ""), "file_name": preview.file_name,
                    "file_hash": preview.file_hash}, who=session.who)
    return SubmissionChanged([plan_id])


def submissions(*, session: Session, year: int | None = None) -> list[dict]:
    return stored.submissions(session.store, year)


def set_state(*, session: Session, submission_id: int, state: str, reason: str = "") -> SubmissionChanged:
    if state not in ("已接收", "已通过", "已退回"):
        raise KnownError(f"“{state}”不是可用的状态")
    if state == "已退回" and not reason.strip():
        raise KnownError("退回上报表必须写明理由")
    stored.set_state(session.store, submission_id, state, reason.strip(), who=session.who)
    row = next(r for r in stored.submissions(session.store) if r["id"] == submission_id)
    return SubmissionChanged([row["plan_id"]], entity="submissions")


def return_note(*, session: Session, submission_id: int) -> str:
    """A short note to send back with a returned submission."""
    row = next((r for r in stored.submissions(session.store) if r["id"] == submission_id), None)
    if row is None:
        raise KnownError("没有找到该上报记录")
    profile = user_settings.profile(session=session)
    return (f"关于{row['region']}{row['year']}年度规划监测表的退回说明\n\n"
            f"{row['unit'] or row['region']}：\n"
            f"你单位报送的《{row['title']}》{row['year']}年度监测表（文件：{row['file_name']}，"
            f"{row['received_at'][:10]}收到）经审核需修改后重新报送，原因如下：\n\n{row['reason']}\n\n"
            f"请修改后于规定时间内重新报送。\n\n{profile.unit}\n{profile.user_name} {profile.phone}\n"
            f"{dt.date.today():%Y年%m月%d日}\n")
