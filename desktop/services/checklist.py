"""Projects and tasks as a checklist: tick, edit, bulk-set, units, links, with their lights."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain import checklist as rules
from ..domain.errors import KnownError
from ..domain.records import ItemFields, item_fields
from ..storage import checklist as stored
from .ops import Changes, OpResult, chain, reversible
from .session import Session


def _changes(session: Session, kind: str, ids: list[int], what: str = "") -> Changes:
    plan_id = _plan_of(session, kind, ids)
    return Changes((plan_id,) if plan_id else (), checklist=frozenset([what or kind]))


@dataclass
class Item:
    """A project or a task as the checklist shows it."""

    id: int
    kind: str
    title: str
    text: str
    fields: ItemFields
    light: rules.Light
    timing: str = ""
    group: str = ""
    level: int = 0
    parent_id: int | None = None
    evidence: int = 0
    counted: bool = True      # a task that carries work (background, principles, goals do not)
    context: str = ""         # why it is not counted


@dataclass
class Group:
    key: str
    title: str
    items: list[Item]

    def completion(self) -> tuple[int, int, float]:
        return rules.completion((i.fields.status, i.fields.progress) for i in self.items)


def _unit_match(fields: ItemFields, unit: str) -> bool:
    return not unit or unit == fields.lead_unit or unit in (
        fields.support_units or "").replace("，", "、").replace(",", "、").split("、")


def projects(*, session: Session, plan_id: int, unit: str = "",
             today: dt.date | None = None) -> list[Group]:
    today = today or dt.date.today()
    period = _period(session, plan_id)
    counts = stored.attachment_counts(session.store, plan_id)
    groups: dict[int, Group] = {}
    for r in stored.plan_projects(session.store, plan_id):
        g = groups.setdefault(r["box_id"], Group(f"box{r['box_id']}", f"专栏{r['box_no']} {r['box_title']}", []))
        fields = item_fields(r)
        if not _unit_match(fields, unit):
            continue
        deadline = rules.deadline_of(planned_year=r["planned_year"])
        g.items.append(Item(
            r["id"], "project", r["name"], r["text"], fields,
            rules.light(status=r["status"], progress=r["progress"], deadline=deadline, today=today,
                        period=period),
            rules.timing(status=r["status"], done_date=r["done_date"], planned_year=r["planned_year"]),
            g.title, evidence=counts.get(("project", r["id"]), 0)))
    return list(groups.values())


def tasks(*, session: Session, plan_id: int, unit: str = "",
          today: dt.date | None = None) -> list[Item]:
    """Every section of the plan (a tree by parent_id), with its task fields and light."""
    today = today or dt.date.today()
    period = _period(session, plan_id)
    counts = stored.attachment_counts(session.store, plan_id)
    out = []
    rows = stored.plan_task_rows(session.store, plan_id)
    title_of = {r["id"]: r["title"] for r in rows}
    parent_of = {r["id"]: r["parent_id"] for r in rows}
    parents = {r["parent_id"] for r in rows if r["parent_id"]}
    for r in rows:
        fields = item_fields(r)
        chain, up = [r["title"]], r["parent_id"]
        while up and up in title_of:
            chain.insert(0, title_of[up])
            up = parent_of[up]
        evidence = counts.get(("task", r["id"]), 0)
        worked = bool(evidence or r["status"] != "未启动" or r["progress"] or r["lead_unit"]
                      or r["support_units"] or r["note"] or r["deadline"])
        counted, context = rules.task_counting(chain, r["id"] in parents, r["counted"], worked)
        out.append(Item(
            r["id"], "task", _heading(r["marker"], r["title"]), r["text"], fields,
            rules.light(status=r["status"], progress=r["progress"],
                        deadline=rules.deadline_of(deadline=r["deadline"]), today=today, period=period),
            level=r["level"], parent_id=r["parent_id"],
            evidence=evidence, counted=counted, context=context))
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


def _period(session: Session, plan_id: int | None):
    from .evaluation import plan_period

    return plan_period(session=session, plan_id=plan_id) if plan_id else None


def _plan_of(session: Session, kind: str, ids: list[int]) -> int | None:
    return stored.plan_of(session.store, kind, ids[0]) if ids else None


def current_fields(*, session: Session, kind: str, ids: list[int]) -> dict[int, dict]:
    """What the rows hold now (to undo a change)."""
    if kind == "project":
        return {r["id"]: {k: r[k] for k in stored.PROJECT_FIELDS}
                for r in stored.project_rows(session.store, ids)}
    return {r["section_id"]: {k: r[k] for k in stored.TASK_FIELDS}
            for r in stored.task_rows(session.store, ids)}


def update(*, session: Session, kind: str, changes: dict[int, dict], action: str = "") -> OpResult:
    """Validate every row's fields, then save them all in one transaction; undo puts back the
    fields it changed."""
    clean: dict[int, dict] = {}
    plan_id = _plan_of(session, kind, list(changes))
    period = _period(session, plan_id) if plan_id else None
    for row_id, fields in changes.items():
        good, problem = rules.check_fields(fields, period) if period else rules.check_fields(fields)
        if problem:
            raise KnownError(problem + "；本次修改未保存")
        if kind == "task" and "planned_year" in good:
            raise KnownError("任务使用“完成时限”，不是计划完成年份")
        clean[row_id] = good
    action = action or ("更新项目" if kind == "project" else "更新任务")
    write = stored.update_projects if kind == "project" else stored.update_tasks
    columns = tuple(dict.fromkeys(k for f in clean.values() for k in f))
    label = action if len(clean) == 1 else f"{action} {len(clean)} 项"
    return reversible(session, label, _changes(session, kind, list(clean)),
                      "projects" if kind == "project" else "tasks", [(i,) for i in clean],
                      lambda: write(session.store, clean, who=session.who, action=action),
                      columns=columns)


def done_date_for(year: int | None, today: dt.date | None = None) -> dt.date:
    """The completion date a tick stamps: today, or the reporting year's last day when today is
    past it (a 2025 project ticked in December 2026 was done in 2025; the clerk can change it)."""
    today = today or dt.date.today()
    return min(today, dt.date(int(year), 12, 31)) if year else today


def tick_done(*, session: Session, kind: str, ids: list[int], today: dt.date | None = None,
              also: dict | None = None, year: int | None = None) -> OpResult:
    """已完成, 100%, and a completion date where none was entered: today, or the last day of the
    reporting `year` when today is past it (with `also`, other fields set in the same one action)."""
    today = done_date_for(year, today)
    now = current_fields(session=session, kind=kind, ids=ids)
    changes = {}
    for row_id in ids:
        f = {"status": "已完成", "progress": 100}
        if kind == "project" and not now[row_id]["done_date"] and not (also or {}).get("done_date"):
            f["done_date"] = today.isoformat()
        changes[row_id] = {**f, **(also or {})}
    return update(session=session, kind=kind, changes=changes, action="标记完成")


# ---- units and links -----------------------------------------------------------------------
def units(*, session: Session) -> list[str]:
    return stored.units(session.store)


def add_units(*, session: Session, names: list[str]) -> OpResult:
    clean = [n.strip() for n in names if n and n.strip()]
    if not clean:
        raise KnownError("请填写单位名称")
    return reversible(session, "添加单位", Changes(checklist=frozenset(["units"])), "units",
                      [(n,) for n in clean], lambda: stored.add_units(session.store, clean, who=session.who))


def remove_unit(*, session: Session, name: str) -> OpResult:
    return reversible(session, "删除单位", Changes(checklist=frozenset(["units"])), "units", [(name,)],
                      lambda: stored.remove_unit(session.store, name, who=session.who))


def set_links(*, session: Session, kind: str, item_id: int, indicator_ids: list[int]) -> OpResult:
    before = stored.linked_indicators(session.store, kind, item_id)
    stored.set_links(session.store, kind, item_id, indicator_ids, who=session.who)
    changes = _changes(session, kind, [item_id], "links")
    changes = Changes(changes.plan_ids, frozenset(before) | frozenset(indicator_ids),
                      checklist=changes.checklist)

    def put(ids):
        return lambda s: stored.set_links(s.store, kind, item_id, ids, who=s.who)

    return OpResult("关联指标", changes, chain("关联指标", changes, put(indicator_ids), put(before)))


def linked_indicators(*, session: Session, kind: str, item_id: int) -> list[int]:
    return stored.linked_indicators(session.store, kind, item_id)


@dataclass(frozen=True)
class LinkedItem:
    """A project or task that moves an indicator, with how it is going."""

    kind: str
    id: int
    label: str
    status: str
    progress: float
    light: str
    reason: str


def links_of_indicator(*, session: Session, indicator_id: int, today: dt.date | None = None
                       ) -> list[LinkedItem]:
    today = today or dt.date.today()
    out = []
    rows = stored.links_of_indicator(session.store, indicator_id)
    period = _period(session, stored.plan_of(session.store, rows[0]["entity"], rows[0]["entity_id"])) \
        if rows else None
    for r in rows:
        deadline = rules.deadline_of(deadline=r["deadline"] or "", planned_year=r["planned_year"])
        lt = rules.light(status=r["status"], progress=r["progress"], deadline=deadline, today=today,
                         period=period)
        label = f"专栏{r['box_no']} " if r["box_no"] else ""
        out.append(LinkedItem(r["entity"], r["entity_id"], label + r["title"], r["status"],
                              r["progress"] or 0, lt.colour, lt.reason))
    return out
