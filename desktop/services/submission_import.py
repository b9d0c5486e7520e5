"""Taking a filled workbook back: a preview of exactly what it changes, conflicts side by side,
then all of it or none of it. An empty cell never erases; only the cells the sender changed apply."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..domain import merge
from ..domain.checklist import check_fields
from ..domain.errors import KnownError, os_reason
from ..domain.period import Period
from ..domain.value_entry import implausible, validate
from ..exchange.model import lines
from ..storage import checklist as stored_checklist
from ..storage import plans as stored_plans
from ..storage import settings as stored_settings
from ..storage import submissions as stored
from ..storage import values as stored_values
from .ops import Changes, OpResult
from .session import Session

DETAIL_FIELDS = ("source", "note", "analysis", "measures")
TEXT_FIELDS = ("lead_unit", "support_units", "note", "done_date", "deadline", "planned_invest",
               "spent_invest", *DETAIL_FIELDS)
FIELD_NAMES = {"value": "实际值", "lead_unit": "牵头单位", "support_units": "配合单位", "status": "状态",
               "progress": "进度", "done_date": "完成时间", "planned_invest": "计划投资",
               "spent_invest": "完成投资", "note": "说明", "deadline": "完成时限", "source": "数据来源",
               "analysis": "原因分析", "measures": "下一步措施"}
SHEETS = {"value": "指标", "project": "专栏项目", "task": "任务"}
DETAIL_NAMES = {"source": "数据来源", "note": "备注", "analysis": "原因分析", "measures": "下一步措施"}


def database_id(session: Session) -> str:
    """This database's own name in the workbooks it exports (made once, on first export)."""
    found = stored_settings.get(session.store, "database_id")
    if found or session.store.readonly:
        return found
    made = uuid.uuid4().hex
    stored_settings.put(session.store, {"database_id": made}, who=session.who)
    return made


@dataclass
class Conflict:
    """A cell changed both here (since the export) and in the workbook: a person chooses."""

    kind: str           # value / project / task
    key: str
    field: str
    name: str           # the indicator, project or task
    cell: str
    base: str           # at export ('' where the workbook does not say)
    mine: str
    theirs: str
    take_theirs: bool = False
    new: object = None  # the cleaned value to write when theirs is taken

    @property
    def label(self) -> str:
        return FIELD_NAMES.get(self.field, self.field)


@dataclass
class Preview:
    file_name: str
    file_hash: str
    head: dict
    plan: dict
    plan_id: int | None
    mode: str = merge.SENDER
    new_values: list[tuple[str, str]] = field(default_factory=list)        # (indicator, value)
    changed_values: list[tuple[str, str, str]] = field(default_factory=list)  # (indicator, old, new)
    changed_items: list[tuple[str, str, str, str]] = field(default_factory=list)  # (item, field, old, new)
    conflicts: list[Conflict] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)   # told, not blocking (the same file again …)
    rejected: list[str] = field(default_factory=list)
    values: dict[str, tuple] = field(default_factory=dict)   # key -> (text, number); '' withdraws
    details: dict[str, dict] = field(default_factory=dict)   # key -> the detail fields to write
    projects: dict[str, dict] = field(default_factory=dict)
    tasks: dict[str, dict] = field(default_factory=dict)
    signers: dict[str, str] = field(default_factory=dict)
    repeat_of: dict | None = None    # the submission this very file was recorded as before
    locked: bool = False             # the year is locked in this database
    new_indicators: list[dict] = field(default_factory=list)   # rows the sender's plan has anew
    data_state: str = ""             # the plan here as it was compared (stored.data_state)

    @property
    def year(self) -> int:
        return int(self.head["year"])

    @property
    def ok(self) -> bool:
        return not self.rejected

    @property
    def empty(self) -> bool:
        return not (self.values or self.details or self.projects or self.tasks or self.conflicts)

    def summary(self) -> dict:
        return {
            "file": self.file_name, "plan": self.head["title"], "region": self.head["region"],
            "year": self.year, "new_plan": self.plan_id is None, "ok": self.ok, "mode": self.mode,
            "new_values": [{"indicator": n, "value": v} for n, v in self.new_values],
            "changed_values": [{"indicator": n, "old": o, "new": v} for n, o, v in self.changed_values],
            "changed_items": [{"item": n, "field": f, "old": o, "new": v}
                              for n, f, o, v in self.changed_items],
            "conflicts": [{"item": c.name, "field": c.label, "cell": c.cell, "at_export": c.base,
                           "mine": c.mine, "theirs": c.theirs,
                           "choice": "theirs" if c.take_theirs else "mine"} for c in self.conflicts],
            "notices": self.notices,
            "rejected": self.rejected,
        }


def _show(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else lines(str(value))   # CR LF and LF alike


def _outside_notice(session: Session, preview: Preview, head: dict) -> None:
    """A workbook from a unit that is not under this bureau's region: said before it is imported
    (it is kept, but no roll-up of this region will count it)."""
    from . import divisions
    from . import settings as user_settings

    home = user_settings.profile(session=session).region
    unit = head.get("region", "")
    if not home or not unit or unit == home:
        return
    parent = divisions.parent_name(region=unit, parent_region=head.get("parent_region", ""),
                                   title=head.get("title", ""))
    if parent != home:
        preview.notices.append(f"“{unit}”不是{home}的下级单位（属于{parent or '未知地区'}），"
                               f"导入后保存在本库，但不计入{home}的汇总")


def _same(a, b) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return _show(a) == _show(b)


PARALLEL_FROM = 8      # files: fewer are read here (starting the readers costs about half a second)
READERS_MOST = 4       # processes reading at once (each holds one workbook's cells)


def _read_one(path: str):
    """One workbook read and its locked cells checked, or the refusal (a child process's job)."""
    from ..exchange.submission_reader import read_submission

    try:
        return read_submission(path)
    except KnownError as exc:
        return KnownError(str(exc))


def read_workbooks(paths, *, readers: int | None = None):
    """Each file read, in the files' order, as (path, what was read or the KnownError refusing it).
    Reading a workbook is pure and most of a batch's time: with many files it is done by processes
    of their own on every core (a few at a time in flight, so memory stays flat), while this one
    compares what they read with the database. Where such processes cannot be started or are
    ended (no shared memory for their queues, a security program), the rest is read here."""
    import os

    paths = [Path(p) for p in paths]
    n = readers or min(READERS_MOST, os.cpu_count() or 1)
    if len(paths) < PARALLEL_FROM or n < 2:
        yield from _read_here(paths)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:   # spawned, never forked: the window's process has threads (Qt's, the worker's)
        pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ImportError):
        yield from _read_here(paths)
        return
    with pool:
        pending: deque = deque()
        given = 0           # files handed to the readers
        handed_out = 0      # results given to the caller

        def submit() -> None:
            nonlocal given
            if given < len(paths):
                pending.append(pool.submit(_read_one, str(paths[given])))
                given += 1

        try:
            for _ in range(3 * n):
                submit()
            while pending:
                result = pending.popleft().result()
                submit()
                yield paths[handed_out], result
                handed_out += 1
        except (BrokenProcessPool, OSError, RuntimeError):
            for future in pending:      # the readers could not go on: the rest is read here
                future.cancel()
            pending.clear()
            yield from _read_here(paths[handed_out:])
        finally:        # stopped (Cancel, a refusal): what has not started is not started
            for future in pending:
                future.cancel()


def _read_here(paths: list[Path]):
    for p in paths:
        yield p, _read_one(str(p))


def preview_many(*, session: Session, paths, expected_year: int | None = None):
    """preview_import of each file, the files read on every core: (path, Preview or KnownError)."""
    for p, read in read_workbooks(paths):
        if isinstance(read, KnownError):
            yield p, read
            continue
        try:
            yield p, preview_import(session=session, path=p, expected_year=expected_year, read=read)
        except KnownError as exc:
            yield p, exc


def preview_import(*, session: Session, path: str | Path, expected_year: int | None = None,
                   read=None) -> Preview:
    """Read and check a filled workbook (or check what read_workbooks read of it); nothing is saved."""
    from ..exchange.submission_reader import read_submission

    p = Path(path)
    if read is None:
        read = read_submission(p)
    head = read.head
    found = stored.find_plan(session.store, head["plan_key"])
    preview = Preview(p.name, read.file_hash, head, read.plan, found.id if found else None,
                      signers=read.signers)
    preview.rejected += [str(x) for x in read.problems]
    if expected_year and int(head["year"]) != int(expected_year):
        preview.rejected.append(f"年度不符：表格为{head['year']}年度，当前要导入的是{expected_year}年度")
    sent = Period.from_stored(stored.workbook_period(head))
    if int(head["year"]) not in sent.years:
        preview.rejected.append(f"年度不符：表格为{head['year']}年度，不在表格的规划期{sent.label}内")
    if found is not None and found.span != sent:
        preview.rejected.append(f"规划期不符：表格为{sent.name}（{sent.label}），数据库中的“{found.title}”为"
                                f"{found.span.name}（{found.span.label}）")
    if found is None:
        preview.mode = merge.SENDER
    elif found.region != head["region"]:
        preview.rejected.append(f"地区不符：表格的地区“{head['region']}”与数据库中的“{found.region}”不一致")
    elif found.origin == "received" or found.role == "example":
        preview.mode = merge.SENDER      # a unit's own data (a sample plan of that unit becomes its return)
    elif read.base is not None and head.get("database_id") and \
            head.get("database_id") == stored_settings.get(session.store, "database_id"):
        preview.mode = merge.MERGE
    else:
        preview.mode = merge.COMPARE
        preview.notices.append(
            "这份表格不是本数据库导出的（或为旧版表格），无法知道对方改了哪些单元格："
            "新填的值直接采用，与本库不同的值列为冲突，由您逐项选择")
    _outside_notice(session, preview, head)
    if found:
        preview.repeat_of = stored.find_submission(session.store, found.id, read.file_hash)
        if preview.repeat_of:
            preview.notices.append(f"这份表格（内容相同）已于{_when(preview.repeat_of['received_at'])}"
                                   "导入过；与本库不同之处列为冲突由您选择，不会再记一次上报")
        latest = stored.latest_submission(session.store, found.id, preview.year)
        older = bool(latest and head.get("exported_at") and head["exported_at"] < latest["exported_at"])
        if older:
            preview.notices.append(f"这份表格导出于{_when(head['exported_at'])}，早于已导入的"
                                   f"“{latest['file_name']}”（导出于{_when(latest['exported_at'])}）："
                                   "与本库不同之处列为冲突由您选择，不会用旧表覆盖新数据")
        if (older or preview.repeat_of) and preview.mode == merge.SENDER:
            preview.mode = merge.COMPARE
        _compare_fixed_fields(session, preview, found.id)
        if stored_values.year_locks(session.store, found.id).get(preview.year):
            preview.locked = True
    if found:
        preview.data_state = stored.data_state(session.store, found.id)
    _values_preview(session, preview, read)
    _items_preview(session, preview, read)
    if preview.locked and (preview.values or preview.details
                           or any(c.kind in ("value", "detail") for c in preview.conflicts)):
        preview.rejected.append(f"年度已锁定：{preview.year}年度数据已正式上报并锁定，表格中的指标数值不能导入；"
                                "如需修改请先用“上报 → 解锁本年度数据”并说明理由")
    return preview


def _when(stamp: str) -> str:
    return (stamp or "")[:16].replace("T", " ")


def _compare_fixed_fields(session: Session, preview: Preview, plan_id: int) -> None:
    """A workbook's baseline and target are the sender's copy of the plan: differences are told."""
    ours = {r.key: r for r in stored_plans.plan_indicators(session.store, plan_id)}
    for ind in preview.plan["indicators"]:
        mine = ours.get(ind["key"])
        if mine is None:
            continue
        for label, theirs, here in (("基期值", ind.get("baseline", ""), mine.baseline_text),
                                    ("目标值", ind.get("target", ""), mine.target_adjusted_text
                                     or mine.target_text)):
            if str(theirs).strip() != str(here).strip():
                preview.notices.append(f"“{ind['name']}”的{label}：表格为“{theirs}”，本库为“{here}”"
                                       "（以本库为准，表格中的不会导入）")


DEFAULTS = {"status": ("未启动",), "progress": (0, 0.0)}   # what no one has decided yet


def _values_preview(session: Session, preview: Preview, read) -> None:
    rows = {i["key"]: i for i in read.plan["indicators"]}
    ids = (stored.key_maps(session.store, preview.plan_id, read.plan, read.head)["indicator"]
           if preview.plan_id else {})
    now = stored_values.plan_values(session.store, preview.plan_id) if preview.plan_id else {}
    ours = ({r.id: r for r in stored_plans.plan_indicators(session.store, preview.plan_id)}
            if preview.plan_id else {})
    base = (read.base or {}).get("value", {})
    skipped = []
    for key, row in rows.items():
        if key not in read.values and key not in read.value_details:
            continue
        if read.base is not None and key not in base:
            continue  # a row locked for another unit
        cell, text = read.values.get(key, ("", ""))
        filled = text or any(read.value_details.get(key, {}).values())
        if preview.plan_id is not None and key not in ids:
            if not filled:
                skipped.append(row["name"])
            elif preview.mode == merge.SENDER:   # the unit's plan grew a row: ours grows with it
                preview.new_indicators.append(row)
                preview.notices.append(f"新增指标“{row['name']}”（对方规划中新有的行），将一并建立")
            else:
                preview.rejected.append(f"指标!{cell}（{row['name']}）：该指标在本库的规划中不存在"
                                        "（可能已删除），此行的数值无法导入")
                continue
            if not filled:
                continue
        current = now.get((ids.get(key), preview.year)) or {}
        at_export = base.get(key, {})
        here = ours.get(ids.get(key))
        # values are checked against this database's baseline and unit (the sender's copy may differ)
        check = ({"baseline": here.baseline_text, "unit": here.unit, "name": here.name} if here else
                 {"baseline": row["baseline"], "unit": row["unit"], "name": row["name"]})
        theirs = merge.NOT_REPORTED
        number = None
        if text == "删除":
            theirs = ""
        elif text != "":
            entry = validate(text, **check)
            if not entry.ok:
                preview.rejected.append(f"指标!{cell}（{row['name']}）：{entry.message}")
                continue
            theirs, number = entry.text, entry.number
            earlier = [(y, v["value"]) for (i, y), v in now.items()
                       if i == ids.get(key) and y < preview.year and v.get("value") is not None]
            prev_year, prev = max(earlier) if earlier else (None, None)
            why = implausible(number, baseline=check["baseline"], previous=prev, previous_year=prev_year,
                              unit=check["unit"], name=check["name"])
            if why:   # may be true: imported, but listed for the reviewer to look at
                preview.notices.append(f"数值可疑：指标!{cell}（{row['name']}）：{why}，请核对")
        mine = current.get("value_text", "")
        exported = at_export.get("value")
        exported = validate(exported, **check).text if exported else ""
        decision = merge.decide(mode=preview.mode, theirs=theirs, base=exported, mine=mine,
                                same=_same_value)
        if decision == merge.APPLY:
            preview.values[key] = (theirs, number)
            if not mine:
                preview.new_values.append((row["name"], theirs))
            else:
                preview.changed_values.append((row["name"], mine, theirs or "（删除）"))
        elif decision == merge.CONFLICT:
            preview.conflicts.append(Conflict("value", key, "value", row["name"], f"指标!{cell}",
                                              exported, mine, theirs or "（删除）", new=(theirs, number)))
        has_value = bool(mine) or bool(preview.values.get(key, ("",))[0])
        if key in preview.values and not preview.values[key][0]:
            continue   # the value is withdrawn: its source and notes go with it
        for f, detail in read.value_details.get(key, {}).items():
            if f not in DETAIL_FIELDS or (read.base is not None and f not in at_export):
                continue
            new = "" if detail == "删除" else (detail or merge.NOT_REPORTED)
            decision = merge.decide(mode=preview.mode, theirs=new, base=at_export.get(f, ""),
                                    mine=current.get(f, ""), same=_same)
            where = read.cells.get(("value", key, f), "")
            if decision != merge.SKIP and not has_value:
                preview.rejected.append(f"指标!{where}（{row['name']}）：填写了{DETAIL_NAMES[f]}，"
                                        "但本年度没有实际值；请先填写数值")
            elif decision == merge.APPLY:
                preview.details.setdefault(key, {})[f] = new
                preview.changed_items.append((row["name"], DETAIL_NAMES[f], current.get(f, ""), new))
            elif decision == merge.CONFLICT:
                preview.conflicts.append(Conflict("detail", key, f, row["name"], f"指标!{where}",
                                                  at_export.get(f, ""), current.get(f, ""), new, new=new))
    if skipped:
        preview.notices.append(f"{len(skipped)} 行在本库的规划中已不存在且未填写，已跳过："
                               + "、".join(skipped[:5]) + ("等" if len(skipped) > 5 else ""))


def _same_value(a, b) -> bool:
    """Two value texts are the same value: '78.60' and '78.6', '92' and '92.0'."""
    from ..domain.numbers import to_number

    if _same(a, b):
        return True
    x, y = to_number(str(a or "")), to_number(str(b or ""))
    return x is not None and y is not None and x == y and "/" not in f"{a}{b}"


def _items_preview(session: Session, preview: Preview, read) -> None:
    maps = stored.key_maps(session.store, preview.plan_id, read.plan, read.head) if preview.plan_id else None
    now = {}
    if maps:
        now["project"] = {r["id"]: r for r in stored_checklist.plan_projects(session.store, preview.plan_id)}
        now["task"] = {r["id"]: r for r in stored_checklist.plan_task_rows(session.store, preview.plan_id)}
    plan_rows = {"project": {p["key"]: p["name"] for p in read.plan["projects"]},
                 "task": {t["key"]: t["title"] for t in read.plan["tasks"]}}
    for kind, items, target in (("project", read.projects, preview.projects),
                                ("task", read.tasks, preview.tasks)):
        base = (read.base or {}).get(kind, {})
        for key, fields in items.items():
            if read.base is not None and key not in base:
                continue  # a row locked for another unit
            current = {}
            name = plan_rows[kind].get(key, key)
            if maps:
                row_id = maps[kind].get(key)
                if row_id is None:
                    preview.rejected.append(f"{SHEETS[kind]}：“{name}”在数据库中找不到")
                    continue
                current = now[kind][row_id]
                name = current["name"] if kind == "project" else f"{current['marker']}{current['title']}"
            _item_fields(preview, read, kind, key, name, fields, base.get(key, {}), current, target)


def _item_fields(preview: Preview, read, kind: str, key: str, name: str, fields: dict,
                 at_export: dict, current: dict, target: dict) -> None:
    period = Period.from_stored(stored.workbook_period(preview.head))
    for f, text in fields.items():
        if read.base is not None and f not in at_export:
            continue
        cell = read.cells.get((kind, key, f), "")
        if text == "删除" and f in TEXT_FIELDS:
            theirs = None if f in ("planned_invest", "spent_invest") else ""
        elif text == "":
            continue  # not reported
        else:
            clean, problem = check_fields({f: text}, period)
            if problem:
                preview.rejected.append(f"{SHEETS[kind]}!{cell}（{name}）：{problem}")
                continue
            theirs = clean[f]
        exported = check_fields({f: at_export.get(f, "")}, period)[0].get(f) if at_export.get(f) else ""
        mine = current.get(f, "")
        if current and theirs is not None and _same(theirs, mine):
            continue      # the same as here already (0 → 0, 未启动 → 未启动): no change to show
        undecided = preview.mode == merge.COMPARE and mine in DEFAULTS.get(f, ())
        decision = merge.decide(mode=preview.mode, theirs=theirs if theirs is not None else "",
                                base=exported, mine="" if undecided else mine, same=_same)
        if decision == merge.APPLY:
            target.setdefault(key, {})[f] = theirs
            preview.changed_items.append((name, FIELD_NAMES.get(f, f), _show(mine), _show(theirs)))
        elif decision == merge.CONFLICT:
            preview.conflicts.append(Conflict(kind, key, f, name, f"{SHEETS[kind]}!{cell}",
                                              _show(exported), _show(mine), _show(theirs), new=theirs))


def _resolved(preview: Preview) -> tuple[dict, dict, dict, dict]:
    """The writes, with the conflicts a person settled for the workbook's side added."""
    values, details = dict(preview.values), {k: dict(v) for k, v in preview.details.items()}
    projects = {k: dict(v) for k, v in preview.projects.items()}
    tasks = {k: dict(v) for k, v in preview.tasks.items()}
    for c in preview.conflicts:
        if not c.take_theirs:
            continue
        if c.kind == "value":
            values[c.key] = c.new
        elif c.kind == "detail":
            details.setdefault(c.key, {})[c.field] = c.new
        else:
            (projects if c.kind == "project" else tasks).setdefault(c.key, {})[c.field] = c.new
    return values, details, projects, tasks


def _imported(plan_ids: list[int]) -> OpResult:
    """Not undone step by step: a backup was made before, and the audit log keeps the import."""
    ids = tuple(dict.fromkeys(plan_ids))
    return OpResult("导入上报表", Changes(ids, plans=True, submissions=True,
                                          select=ids[0] if len(ids) == 1 else None))


class Batch:
    """Workbooks checked for one import at the deadline. Each checked preview is written to a
    temporary file and read back when the batch is applied, so a thousand workbooks hold one
    preview in memory at a time; what the clerk reads before saying yes (a line per workbook, the
    notices, the problems) is kept here.

    Each preview was compared with the database as it was, not with the others of the batch; so a
    unit's two workbooks are refused together when one would build on the other: the same year
    twice, a unit never imported before (each would create it), a plan that grew rows (each would
    add them)."""

    def __init__(self):
        import tempfile

        try:
            self._file = tempfile.TemporaryFile(prefix="planledger-batch-")  # noqa: SIM115 - closed by close()
        except OSError as exc:
            raise KnownError(f"临时文件夹不能写入（{os_reason(exc)}），无法检查上报表；数据库没有改动") from exc
        self._spans: list[tuple[int, int]] = []
        self.lines: list[str] = []       # 井研县：新增 12，修改 3
        self.notices: list[str] = []     # 文件名：what the preview tells (not blocking)
        self.problems: list[str] = []    # 文件名：问题
        self._units: dict[str, list[tuple[str, int, bool]]] = {}   # plan key -> (file, year, grew rows)
        self._hashes: dict[str, str] = {}

    def add(self, preview: Preview) -> None:
        import pickle

        if self._file.closed:
            raise KnownError("这一批上报表已经导入或放弃，请重新选择文件")
        problems = [f"{preview.file_name}：{r}" for r in preview.rejected[:3]]
        same_file = self._hashes.get(preview.file_hash)
        if same_file is not None:
            problems.append(f"{preview.file_name}：与本批中的“{same_file}”内容完全相同（同一份表格选了两次），请只选一份")
        else:
            problems += self._same_unit(preview)
        data = pickle.dumps(preview, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._file.seek(0, 2)
            start = self._file.tell()
            self._file.write(data)
            self._file.flush()
        except OSError as exc:
            raise KnownError(f"检查结果无法写入临时文件夹（{os_reason(exc)}），请清理磁盘空间后重试；"
                             "数据库没有改动") from exc
        self._spans.append((start, len(data)))
        self._hashes.setdefault(preview.file_hash, preview.file_name)
        self._units.setdefault(preview.head.get("plan_key", ""), []).append(
            (preview.file_name, preview.year, bool(preview.new_indicators)))
        self.problems += problems
        self.notices += [f"{preview.file_name}：{n}" for n in preview.notices]
        self.lines.append(f"{preview.head['region']}（{preview.year}年度）：新增 {len(preview.new_values)}，"
                          f"修改 {len(preview.changed_values)}"
                          + (f"，冲突 {len(preview.conflicts)}（保留本库）" if preview.conflicts else ""))

    def _same_unit(self, preview: Preview) -> list[str]:
        region = preview.head["region"]
        for other, year, grew in self._units.get(preview.head.get("plan_key", ""), []):
            if year == preview.year:
                return [f"{preview.file_name}：与本批中的“{other}”是同一单位（{region}）同一年度"
                        f"（{preview.year}年度）的表格，请只选其中一份"]
            if preview.plan_id is None:
                return [f"{preview.file_name}：“{region}”尚未导入过，本批中还有它的“{other}”；"
                        "请先导入其中一份，再导入其余年度"]
            if preview.new_indicators or grew:
                return [f"{preview.file_name}：“{region}”的规划新增了指标，本批中还有它的“{other}”；"
                        "请先导入其中一份，再导入其余年度（否则新增的指标会建立两次）"]
        return []

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self):
        import pickle

        if self._file.closed:
            raise KnownError("这一批上报表已经导入或放弃，请重新选择文件")
        for start, size in self._spans:   # our own file, written above in this process
            self._file.seek(start)
            yield pickle.loads(self._file.read(size))

    def close(self) -> None:
        self._file.close()


def _still_as_checked(session: Session, preview: Preview) -> str:
    """'' when the database is still as the preview saw it; else what changed since (another batch
    created the unit, its plan lost a row the workbook writes to)."""
    found = stored.find_plan(session.store, preview.head.get("plan_key", ""))
    region = preview.head.get("region", "")
    if preview.plan_id is None:
        return f"“{region}”在检查之后已被导入（编号{found.id}）" if found is not None else ""
    if found is None or found.id != preview.plan_id:
        return f"“{region}”的规划在检查之后已被删除或替换"
    if preview.data_state and stored.data_state(session.store, preview.plan_id) != preview.data_state:
        # a value typed meanwhile would otherwise be overwritten without the conflict it now is
        return f"本库中“{region}”的数据在检查之后有改动（例如刚填写的数值）"
    values, details, projects, tasks = _resolved(preview)
    maps = stored.key_maps(session.store, preview.plan_id, preview.plan, preview.head)
    new_rows = {row["key"] for row in preview.new_indicators}
    for kind, keys in (("indicator", [*values, *details]), ("project", projects), ("task", tasks)):
        gone = [k for k in keys if k not in maps[kind] and not (kind == "indicator" and k in new_rows)]
        if gone:
            sheet = SHEETS["value" if kind == "indicator" else kind]
            return f"“{region}”的规划在检查之后有改动（{sheet}中的行已不存在）"
    if any(row["key"] in maps["indicator"] for row in preview.new_indicators):
        return f"“{region}”的规划在检查之后已增加了表格中的新指标"
    return ""


def apply_imports(*, session: Session, previews) -> OpResult:
    """Several workbooks received at once (the level above, at the deadline): each checked again
    against the database as it is now, then one backup, then each workbook in its own
    all-or-nothing transaction. `previews`: a list, or a `Batch` (read back one at a time)."""
    if isinstance(previews, Batch):
        if previews.problems:
            raise KnownError(f"有 {len(previews.problems)} 处问题，本批未导入任何内容：{previews.problems[0]}")
    else:
        bad = [p for p in previews if not p.ok]
        if bad:
            raise KnownError(f"{bad[0].file_name} 有 {len(bad[0].rejected)} 处问题，本批未导入任何内容："
                             f"{bad[0].rejected[0]}")
    for p in previews:       # nothing is written unless every workbook still applies as checked
        changed = _still_as_checked(session, p)
        if changed:
            raise KnownError(f"{p.file_name}：{changed}；本批未导入任何内容，请重新选择文件导入")
    from . import backups, rollup

    backups.before(session=session, action="导入上报表前")
    ids, by_year = [], {}
    for p in previews:
        changed = apply_import(session=session, preview=p, backup=False, verified=True).plan_ids
        ids += changed
        by_year.setdefault(p.year, []).extend(changed)
    for year, plan_ids in by_year.items():  # the roll-up that follows reads these back
        rollup.prepare(session=session, plan_ids=plan_ids, years=[year])
    return _imported(ids)


def apply_import(*, session: Session, preview: Preview, backup: bool = True, verified: bool = False) -> OpResult:
    """One workbook, as its preview showed it (checked again first, unless its batch was checked
    as a whole before its first write: a unit's two years change the plan between them)."""
    if not preview.ok:
        raise KnownError(f"表格有 {len(preview.rejected)} 处问题，未导入任何内容：{preview.rejected[0]}")
    changed = "" if verified else _still_as_checked(session, preview)
    if changed:
        raise KnownError(f"{changed}；未导入任何内容，请重新导入这份表格")
    values, details, projects, tasks = _resolved(preview)
    if preview.repeat_of and not (values or details or projects or tasks):
        return _imported([preview.plan_id])   # the same file again, nothing new
    if backup:
        from . import backups

        backups.before(session=session, action="导入上报表前")
    head, signers = preview.head, preview.signers
    plan_id = stored.apply(
        session.store, head=head, plan=preview.plan, plan_id=preview.plan_id, values=values,
        details=details, projects=projects, tasks=tasks,
        submission=None if preview.repeat_of else {
            "unit": signers.get("unit") or head.get("unit", ""),
            "filler": signers.get("filler") or head.get("filler", ""),
            "phone": signers.get("phone") or head.get("phone", ""),
            "reviewer": signers.get("reviewer", ""), "head_of_unit": signers.get("head_of_unit", ""),
            "file_name": preview.file_name, "file_hash": preview.file_hash,
            "exported_at": head.get("exported_at", "")},
        who=session.who, new_indicators=preview.new_indicators)
    from ..storage import plans as stored_plans

    if stored_plans.plan_row(session.store, plan_id).role == "example":   # a unit's return, no longer a sample
        stored_plans.set_roles(session.store, {plan_id: "received"}, who=session.who)
    return _imported([plan_id])
