"""Projects and tasks as a checklist: tick, edit, bulk-set, units, links, with their lights."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain import checklist as rules
from ..domain.errors import KnownError
from ..storage import checklist as stored
from .session import Session


@dataclass
class ChecklistChanged:
    plan_id: int | None
    kind: str  # "project" or "task" or "units" or "links"
    ids: list[int] = field(default_factory=list)
    entity: str = "checklist"


@dataclass
class Item:
    """A project or a task as the checklist shows it."""

    id: int
    kind: str
    title: str
    text: str
    fields: dict
    light: rules.Light
    timing: str = ""
    group: str = ""
    level: int = 0
    parent_id: int | None = None
    evidence: int = 0


@dataclass
class Group:
    key: str
    title: str
    items: list[Item]

    def completion(self) -> tuple[int, int, float]:
        live = [i for i in self.items if i.fields["status"] != "已取消"]
        done = sum(1 for i in live if i.fields["status"] == "已完成")
        weighted = sum(100 if i.fields["status"] == "已完成" else i.fields["progress"] or 0
                       for i in live)
        return done, len(live), (weighted / len(live) if live else 0.0)


def _unit_match(fields: dict, unit: str) -> bool:
    return not unit or unit == fields.get("lead_unit") or unit in (
        fields.get("support_units") or "").replace("，", "、").replace(",", "、").split("、")


def projects(*, session: Session, plan_id: int, unit: str = "",
             today: dt.date | None = None) -> list[Group]:
    today = today or dt.date.today()
    counts = stored.attachment_counts(session.store, plan_id)
    groups: dict[int, Group] = {}
    for r in stored.plan_projects(session.store, plan_id):
        g = groups.setdefault(r["box_id"], Group(f"box{r['box_id']}", f"专栏{r['box_no']} {r['box_title']}", []))
        fields = {k: r[k] for k in stored.PROJECT_FIELDS}
        if not _unit_match(fields, unit):
            continue
        deadline = rules.deadline_of(planned_year=r["planned_year"])
        g.items.append(Item(
            r["id"], "project", r["name"], r["text"], fields,
            rules.light(status=r["status"], progress=r["progress"], deadline=deadline, today=today),
            rules.timing(status=r["status"], done_date=r["done_date"], planned_year=r["planned_year"]),
            g.title, evidence=counts.get(("project", r["id"]), 0)))
    return list(groups.values())


def tasks(*, session: Session, plan_id: int, unit: str = "",
          today: dt.date | None = None) -> list[Item]:
    """Every section of the plan (a tree by parent_id), with its task fields and light."""
    today = today or dt.date.today()
    counts = stored.attachment_counts(session.store, plan_id)
    out = []
    for r in stored.plan_task_rows(session.store, plan_id):
        fields = {k: r[k] for k in stored.TASK_FIELDS}
        out.append(Item(
            r["id"], "task", _heading(r["marker"], r["title"]), r["text"], fields,
            rules.light(status=r["status"], progress=r["progress"],
                        deadline=rules.deadline_of(deadline=r["deadline"]), today=today),
            level=r["level"], parent_id=r["parent_id"],
            evidence=counts.get(("task", r["id"]), 0)))
    if unit:
        keep = {i.id for i in out if _unit_match(i.fields, unit)}
        by_id = {i.id: i for i in out}
        for i in list(keep):  # keep the ancestors so the tree still reads
            p = by_id[i].parent_id
            while p and p not in keep:
                keep.add(p)
                p = by_id[p].parent_id
        out = [i for i in out if i.id in keep]
    return out


def _heading(marker: str, title: str) -> str:
    """'第一章 规划背景', '一、发展状况', '（一）基础现状'."""
    return f"{marker} {title}" if marker.endswith(("章", "节")) else f"{marker}{title}"


def _plan_of(session: Session, kind: str, ids: list[int]) -> int | None:
    return stored.plan_of(session.store, kind, ids[0]) if ids else None


def current_fields(*, session: Session, kind: str, ids: list[int]) -> dict[int, dict]:
    """What the rows hold now (to undo a change)."""
    if kind == "project":
        return {r["id"]: {k: r[k] for k in stored.PROJECT_FIELDS}
                for r in stored.project_rows(session.store, ids)}
    return {r["section_id"]: {k: r[k] for k in stored.TASK_FIELDS}
            for r in stored.task_rows(session.store, ids)}


def update(*, session: Session, kind: str, changes: dict[int, dict], action: str = "") -> ChecklistChanged:
    """Validate every row's fields, then save them all in one transaction."""
    clean: dict[int, dict] = {}
    for row_id, fields in changes.items():
        good, problem = rules.check_fields(fields)
        if problem:
            raise KnownError(problem + "；本次修改未保存")
        if kind == "task" and "planned_year" in good:
            raise KnownError("任务使用“完成时限”，不是计划完成年份")
        clean[row_id] = good
    if kind == "project":
        stored.update_projects(session.store, clean, who=session.who, action=action or "更新项目")
    else:
        stored.update_tasks(session.store, clean, who=session.who, action=action or "更新任务")
    return ChecklistChanged(_plan_of(session, kind, list(clean)), kind, list(clean))


def tick_done(*, session: Session, kind: str, ids: list[int], today: dt.date | None = None
              ) -> ChecklistChanged:
    """已完成, 100%, and today's date where no completion date was entered."""
    today = today or dt.date.today()
    now = current_fields(session=session, kind=kind, ids=ids)
    changes = {}
    for row_id in ids:
        f = {"status": "已完成", "progress": 100}
        if kind == "project" and not now[row_id]["done_date"]:
            f["done_date"] = today.isoformat()
        changes[row_id] = f
    return update(session=session, kind=kind, changes=changes, action="标记完成")


# ---- units and links -----------------------------------------------------------------------
def units(*, session: Session) -> list[str]:
    return stored.units(session.store)


def add_units(*, session: Session, names: list[str]) -> ChecklistChanged:
    clean = [n.strip() for n in names if n and n.strip()]
    if not clean:
        raise KnownError("请填写单位名称")
    stored.add_units(session.store, clean, who=session.who)
    return ChecklistChanged(None, "units")


def remove_unit(*, session: Session, name: str) -> ChecklistChanged:
    stored.remove_unit(session.store, name, who=session.who)
    return ChecklistChanged(None, "units")


def set_links(*, session: Session, kind: str, item_id: int, indicator_ids: list[int]) -> ChecklistChanged:
    stored.set_links(session.store, kind, item_id, indicator_ids, who=session.who)
    return ChecklistChanged(_plan_of(session, kind, [item_id]), "links", [item_id])


def linked_indicators(*, session: Session, kind: str, item_id: int) -> list[int]:
    return stored.linked_indicators(session.store, kind, item_id)


def links_of_indicator(*, session: Session, indicator_id: int, today: dt.date | None = None
                       ) -> list[dict]:
    today = today or dt.date.today()
    out = []
    for r in stored.links_of_indicator(session.store, indicator_id):
        deadline = rules.deadline_of(deadline=r["deadline"] or "", planned_year=r["planned_year"])
        lt = rules.light(status=r["status"], progress=r["progress"], deadline=deadline, today=today)
        label = f"专栏{r['box_no']} " if r["box_no"] else ""
        out.append({**r, "label": label + r["title"], "light": lt.colour, "reason": lt.reason})
    return out
