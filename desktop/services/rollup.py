"""汇总: the units' plans side by side by catalogue key, with counts per unit; the long format."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..domain import catalogue
from ..domain.colours import STATUSES
from ..domain.errors import KnownError
from ..domain.evaluation import RULES_VERSION
from ..domain.period import Period
from ..domain.records import RollupLine
from ..storage import submissions as stored
from ..storage import summaries as stored_summaries
from . import evaluation, plans
from .ops import Changes, OpResult
from .output import write_file
from .session import Session

COUNT_KEYS = STATUSES


@dataclass
class Rollup:
    year: int
    regions: list[str]
    rows: list[RollupLine]
    counts: list[dict]    # per region: 地区, 上报状态, 指标数, 已填报, statuses…
    missing: list[str] = field(default_factory=list)      # expected units with no plan or return
    unmatched: list[dict] = field(default_factory=list)   # 地区, 指标, 单位, 值, 状态: outside the catalogue


MAP_KEY = "rollup_map"            # settings: {"<地区>|<指标>": "<catalogue key or 自定:<name>>"}
EXPECTED_KEY = "expected_units"   # settings: the units expected to report, 、-separated
CUSTOM = "自定:"                  # a row of its own for indicators matched to each other, not to the catalogue


def mapping(*, session: Session) -> dict[str, str]:
    import json

    from ..storage import settings as stored_settings

    text = stored_settings.get(session.store, MAP_KEY)
    return json.loads(text) if text else {}


def map_indicator(*, session: Session, region: str, name: str, key: str) -> OpResult:
    """Match a unit's indicator outside the catalogue to a catalogue key, or to another unit's
    indicator (key "自定:<name>"), once; kept in the settings (audited); '' takes it back."""
    import json

    from ..storage import settings as stored_settings

    if key and not key.startswith(CUSTOM) and catalogue.entry(key) is None:
        raise KnownError(f"指标目录中没有“{key}”")
    table = mapping(session=session)
    old = table.get(f"{region}|{name}", "")
    if key:
        _refuse_a_second_row_on(session, table, region, name, key)
        table[f"{region}|{name}"] = key
    else:
        table.pop(f"{region}|{name}", None)
    stored_settings.put(session.store, {MAP_KEY: json.dumps(table, ensure_ascii=False, sort_keys=True)},
                        who=session.who)
    label = catalogue.entry(key).name if key and not key.startswith(CUSTOM) else key.removeprefix(CUSTOM)
    return OpResult(f"指标匹配：{region}“{name}”→{label or '取消匹配'}", Changes(settings=True),
                    undo=lambda s: map_indicator(session=s, region=region, name=name, key=old))


def unit_of(column: str) -> str:
    """The region a roll-up column is of: two plans of one region side by side are labelled
    地区（编号N）, a plan without a region 编号N; matchings are kept by the region itself."""
    import re

    return re.sub(r"(（编号\d+）|^编号\d+)$", "", column)


def _refuse_a_second_row_on(session: Session, table: dict, region: str, name: str, key: str) -> None:
    """A unit's plan has one cell per roll-up row: an indicator matched to a row the same plan
    already fills (by its catalogue key, or matched before) would put one value over the other."""
    from ..storage import plans as stored_plans

    for plan in stored.all_plans(session.store):
        if plan.region != region:
            continue
        rows = stored_plans.plan_indicators(session.store, plan.id)
        if not any(r.name == name for r in rows):
            continue            # only the plan(s) the indicator is in
        for r in rows:
            if r.name != name and (r.catalogue_key or table.get(f"{region}|{r.name}", "")) == key:
                entry = catalogue.entry(key)
                label = entry.name if entry else key.removeprefix(CUSTOM)
                raise KnownError(f"{region}的“{r.name}”已在汇总表的“{label}”一行；同一单位的两项指标"
                                 f"不能放在同一行（一项会盖住另一项），“{name}”未匹配")


def expected_units(*, session: Session) -> list[str]:
    from ..storage import settings as stored_settings

    text = stored_settings.get(session.store, EXPECTED_KEY)
    return [u for u in text.replace("，", "、").replace(",", "、").split("、") if u.strip()]


def set_expected_units(*, session: Session, units: list[str]) -> OpResult:
    """The units expected to report (typed, or taken once from the first year's senders)."""
    import re

    from ..storage import settings as stored_settings
    from . import divisions
    from . import settings as user_settings

    old = expected_units(session=session)
    names = [u.strip() for text in units for u in re.split(r"[、，,；;\s]+", text or "") if u.strip()]
    region = user_settings.profile(session=session).region
    table = divisions.table()
    home = table.find(region) if region else None
    clean, wrong = [], []
    for name in names:      # each a unit under the bureau's region, written in full (峨眉山 → 峨眉山市)
        found = table.find(name, hint=region)
        if home is not None and (found is None or table.parent_of(found) is None
                                 or table.parent_of(found).code != home.code):
            wrong.append(name)
            continue
        clean.append(found.name if found else name)
    if wrong:
        raise KnownError(f"以下不是{region}的下级单位（或名称不全）：{'、'.join(wrong)}；应报单位未修改")
    clean = list(dict.fromkeys(clean))
    stored_settings.put(session.store, {EXPECTED_KEY: "、".join(clean)}, who=session.who)
    return OpResult(f"应报单位 {len(clean)} 个", Changes(settings=True),
                    undo=lambda s: set_expected_units(session=s, units=old))


def summarise(states: list[evaluation.IndicatorState], year: int) -> dict:
    """What the roll-up needs of one plan for a year: its counts and its catalogue indicators."""
    counts = {k: 0 for k in COUNT_KEYS}
    keyed = []
    for s in states:
        cell = s.cell_for(year)
        counts[cell.status] = counts.get(cell.status, 0) + 1
        # outside the catalogue: '' as its key, kept for the 未匹配 list and a unit's own mapping
        keyed.append([s.row.catalogue_key, s.row.name, s.row.unit, cell.text, cell.status, s.target])
    return {"n": len(states), "counts": counts, "keyed": keyed}


PREPARE_CHUNK = 50    # plans judged at once when summaries are made
SUMMARY_SHAPE = 3    # what a kept summary holds (3: every indicator, its target too)


def _stamp(session: Session) -> str:
    return f"{__version__}|{RULES_VERSION}|{SUMMARY_SHAPE}|{evaluation.margin(session)}"


def summaries(*, session: Session, year: int, plan_ids: list[int],
              judge_at_most: int | None = None) -> dict[int, dict] | None:
    """Each plan's summary for the year: kept ones read back, the others judged (and kept).
    None when more than `judge_at_most` plans would have to be judged."""
    stamp = _stamp(session)
    wanted = set(plan_ids)
    out = stored_summaries.kept(session.store, year, stamp, wanted)
    stale = [p for p in plan_ids if p not in out]
    if judge_at_most is not None and len(stale) > judge_at_most:
        return None
    for start in range(0, len(stale), PREPARE_CHUNK):   # judged a few dozen plans at a time: the
        chunk = stale[start:start + PREPARE_CHUNK]       # summaries are small, the judged states not
        with stored_summaries.snapshot(session.store) as ours:     # judged and kept as of one moment
            judged = evaluation.evaluate_plans(session=session, plan_ids=chunk, years=(year,))
            fresh = {p: summarise(judged[p], year) for p in chunk}
            if ours:
                stored_summaries.keep(session.store, year, stamp, fresh, in_snapshot=True)
        out.update(fresh)
    return out


def prepare(*, session: Session, plan_ids: list[int], years: list[int]) -> None:
    """Judge and keep the summaries the next roll-up will read (after a batch of submissions), a
    few dozen plans at a time: a batch of a thousand units' workbooks never holds them all judged."""
    ids = list(dict.fromkeys(plan_ids))
    for year in sorted(set(years)):
        for start in range(0, len(ids), PREPARE_CHUNK):
            summaries(session=session, year=year, plan_ids=ids[start:start + PREPARE_CHUNK])


def units_of(*, session: Session, region: str, plans: list) -> list:
    """A city's (or province's) roll-up: its own plan (本级) and the received plans of units whose
    parent is this region — from the divisions (峨眉山市 is under 乐山市), else from the parent the
    workbook wrote. Samples (示例) never."""
    from . import divisions

    out = []
    for p in plans:
        if p.role == "example":
            continue
        received = p.role == "received" or p.received
        own = p.region == region and not received
        # a unit's plan: received from its workbook, or its document imported here (a city keeps
        # its counties' plan texts too); whose parent is this region
        if own or (p.region != region and divisions.parent_name(region=p.region, parent_region=p.parent_region,
                                                                title=p.title) == region):
            out.append(p)
    return out


def rollup(*, session: Session, year: int, plan_ids: list[int] | None = None, region: str = "",
           judge_at_most: int | None = None) -> Rollup | None:
    """The plans whose period holds `year` (a 十四五 plan is not rolled up with 十五五 ones), of
    `region`'s own units when it is given; samples never. With `judge_at_most`: None instead when
    more plans than that have no kept summary (the window then rolls up on a worker)."""
    home = region      # (the loop below names each unit's column `region`)
    plans = [p for p in stored.all_plans(session.store) if year in p.span.years and p.role != "example"]
    if region:     # 本级 first, then its units by name
        plans = sorted(units_of(session=session, region=region, plans=plans),
                       key=lambda p: (p.region != region, p.region, p.id))
    if plan_ids:
        wanted = set(plan_ids)
        plans = [p for p in plans if p.id in wanted]
    subs = {}
    for s in stored.submissions(session.store, year):
        subs.setdefault(s.plan_id, s)  # the newest submission of each plan
    judged = summaries(session=session, year=year, plan_ids=[p.id for p in plans], judge_at_most=judge_at_most)
    if judged is None:
        return None
    mapped = mapping(session=session)
    from collections import Counter

    per_region = Counter(p.region for p in plans)      # (counted once: this was quadratic in plans)
    shared = {region for region, n in per_region.items() if n > 1}
    # two plans of one region and period (a revised plan imported beside the first) keep their
    # own columns: never one plan's cells over the other's
    columns = [(p.id, f"{p.region}（编号{p.id}）" if p.region in shared else (p.region or f"编号{p.id}"))
               for p in plans]
    merged = _merge(session, (year, home, tuple(plan_ids or ())), plans, columns, judged, mapped)
    regions, counts, unmatched = [], [], []
    for plan, (_pid, region) in zip(plans, columns, strict=True):
        regions.append(region)
        summary = judged[plan.id]
        unmatched += merged.unmatched[plan.id]
        sub = subs.get(plan.id)
        state = sub.state if sub else ("本级" if plan.origin != "received" and plan.role != "received" else "未报送")
        seen = merged.count_rows.get(plan.id)      # the unit's row as last made, if nothing in it changed
        if seen is not None and seen[0] is summary and seen[1] == (region, state):
            counts.append(seen[2])
            continue
        c = {k: 0 for k in COUNT_KEYS} | summary["counts"]
        row = {"地区": region, "上报状态": state, "指标数": summary["n"], "已填报": summary["n"] - c["未填报"], **c}
        merged.count_rows[plan.id] = (summary, (region, state), row)
        counts.append(row)
    rows_by_key = merged.rows
    from . import settings as user_settings

    missing = [c["地区"] for c in counts if c["上报状态"] == "未报送"]
    if home and home == user_settings.profile(session=session).region:   # the bureau's own list
        present = {p.region for p in plans}
        for unit in expected_units(session=session):
            if unit not in present and unit not in missing:
                missing.append(unit)
                counts.append({"地区": unit, "上报状态": "未报送", "指标数": 0, "已填报": 0,
                               **{k: 0 for k in COUNT_KEYS}})
    order = {e.key: i for i, e in enumerate(catalogue.ENTRIES)}
    rows = sorted(rows_by_key.values(), key=lambda r: order.get(r.key, 999))
    return Rollup(year, regions, rows, counts, missing, unmatched)


@dataclass(frozen=True)
class _Merged:
    """A roll-up's table as last put together, to put together again only the plans that changed:
    after one value changed at 3,000 plans, rebuilding 120,000 cells was most of the 汇总 window's
    wait. Never changed once made (a new roll-up copies the lines it changes), so a result handed
    out earlier, or a roll-up running on another thread, never sees another's cells; only its
    memo of the units' count rows grows (each entry whole, from the summary object it names)."""

    columns: tuple            # (plan id, column) in order
    mapped: dict
    summaries: dict           # plan id -> the summary object each plan's cells came from
    rows: dict                # catalogue key -> RollupLine
    unmatched: dict           # plan id -> its indicators outside the catalogue
    count_rows: dict = field(default_factory=dict)   # plan id -> (summary, (column, state), its counts row)


_LAST: dict[tuple, _Merged] = {}       # (database, year, region, chosen plans) -> the last table
_LAST_MOST = 8
_LOCK = threading.Lock()


def _cells(plan, region: str, summary: dict, mapped: dict):
    """One plan's cells, as (key, unit, text, status, target), and its unmatched indicators."""
    cells, unmatched = [], []
    for key, name, unit, text, status, target in summary["keyed"]:
        key = key or mapped.get(f"{plan.region}|{name}", "")
        if key:
            cells.append((key, unit, text, status, target))
        else:
            unmatched.append({"地区": region, "指标": name, "单位": unit, "值": text, "状态": status})
    return cells, unmatched


def _line(key: str, unit: str) -> RollupLine:
    entry = catalogue.entry(key)
    return RollupLine(key, entry.name if entry else key.removeprefix(CUSTOM), entry.unit if entry else unit)


def _merge(session: Session, what: tuple, plans: list, columns: list, judged: dict, mapped: dict) -> _Merged:
    """The roll-up's lines: the last table with only the changed plans' cells taken out and put
    in again, when the columns and the matching are as they were and no changed plan has a line
    of its own (自定: its unit comes from the first plan that has it); else built whole."""
    key = (str(session.database_path), *what)
    with _LOCK:
        last = _LAST.get(key)
    columns = tuple(columns)
    merged = None
    if last is not None and last.columns == columns and last.mapped == mapped:
        merged = _changed_only(last, plans, columns, judged, mapped)
    if merged is None:
        rows, unmatched = {}, {}
        for plan, (_pid, region) in zip(plans, columns, strict=True):
            cells, unmatched[plan.id] = _cells(plan, region, judged[plan.id], mapped)
            for k, unit, text, status, target in cells:
                row = rows.get(k)
                if row is None:
                    row = rows[k] = _line(k, unit)
                row.cells[region] = (text, status)
                row.targets[region] = target
        merged = _Merged(columns, dict(mapped), {p.id: judged[p.id] for p in plans}, rows, unmatched)
    with _LOCK:
        if len(_LAST) >= _LAST_MOST:
            _LAST.clear()
        _LAST[key] = merged
    return merged


def _changed_only(last: _Merged, plans: list, columns: tuple, judged: dict, mapped: dict) -> _Merged | None:
    rows = dict(last.rows)
    unmatched = dict(last.unmatched)
    copied: set[str] = set()

    def own(k: str, unit: str) -> RollupLine:      # this table's own copy of a line it changes
        row = rows.get(k)
        if row is None:
            row = rows[k] = _line(k, unit)
        elif k not in copied:
            row = rows[k] = RollupLine(row.key, row.name, row.unit, dict(row.cells), dict(row.targets))
        copied.add(k)
        return row

    for plan, (_pid, region) in zip(plans, columns, strict=True):
        before, now = last.summaries.get(plan.id), judged[plan.id]
        if now is before:
            continue
        old_cells, _ = _cells(plan, region, before, last.mapped) if before is not None else ([], [])
        new_cells, unmatched[plan.id] = _cells(plan, region, now, mapped)
        if any(catalogue.entry(k) is None for k, *_ in old_cells + new_cells):
            return None
        for k, unit, *_ in old_cells:
            row = own(k, unit)
            row.cells.pop(region, None)
            row.targets.pop(region, None)
        for k, unit, text, status, target in new_cells:
            row = own(k, unit)
            row.cells[region] = (text, status)
            row.targets[region] = target
    for k in copied:
        if not rows[k].cells:
            del rows[k]
    return _Merged(columns, last.mapped, {p.id: judged[p.id] for p in plans}, rows, unmatched,
                   dict(last.count_rows))


def export_rollup(*, session: Session, year: int, path: str | Path, plan_ids: list[int] | None = None,
                  region: str | None = None) -> Path:
    """The 汇总 workbook of `region`'s units (default: the profile's region)."""
    from ..exchange.rollup_workbook import write_rollup
    from . import settings as user_settings

    if Path(path).suffix.lower() != ".xlsx":
        raise KnownError(f"汇总表的文件名应以 .xlsx 结尾（现为“{Path(path).name}”），未导出")
    if region is None:
        region = user_settings.profile(session=session).region
    data = rollup(session=session, year=year, plan_ids=plan_ids, region=region)
    if not data.regions:
        raise KnownError(f"没有规划期包含{year}年的{region + '所属单位的' if region else ''}规划，无法汇总")
    period = Period.of_year(year)
    return write_file(path, lambda tmp: write_rollup(
        title=f"{region}卫生健康“{period.name}”规划主要指标汇总表", year=year, regions=data.regions,
        rows=data.rows, counts=data.counts, unmatched=data.unmatched, path=tmp))


def long_rows(*, session: Session, plan_id: int) -> list[dict]:
    region = plans.plan_info(session=session, plan_id=plan_id).region
    out = []
    for s in evaluation.evaluate_plan(session=session, plan_id=plan_id):
        for year, cell in sorted(s.cells.items()):
            if not cell.text:
                continue
            out.append({
                "dataElement": s.row.catalogue_key or f"plan{plan_id}.ind{s.id}",
                "indicator": s.row.name, "orgUnit": region, "period": year,
                "value": "" if cell.number is None else f"{cell.number:g}", "printed": cell.text,
                "unit": s.row.unit, "status": cell.status, "comment": cell.note,
                "storedBy": cell.entered_by, "lastUpdated": cell.entered_at})
    return out


def export_long(*, session: Session, plan_id: int, path: str | Path, fmt: str = "csv") -> Path:
    from ..exchange import long_format

    rows = long_rows(session=session, plan_id=plan_id)
    write = long_format.write_json if fmt == "json" else long_format.write_csv
    return write_file(path, lambda tmp: write(rows, tmp))
