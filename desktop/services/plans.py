"""Plan actions: list the plans, read a plan document, import it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import DuplicateDocument, KnownError
from ..domain.records import PlanSummary, StoredIndicator, StoredPlan
from ..storage import plans as stored_plans
from .ops import Changes, OpResult
from .session import Session

if TYPE_CHECKING:  # only named in annotations: the start does not load the document model
    from ..domain.plan import PlanDocument


def list_plans(*, session: Session, examples: bool | None = None) -> list[PlanSummary]:
    """The plans the bureau works with: the bundled samples it did not choose (示例) are left out
    unless asked for, or unless “显示示例规划” is on."""
    rows = stored_plans.list_plans(session.store)
    if examples is None:
        examples = show_examples(session=session)
    return rows if examples else [r for r in rows if not r.example]


def show_examples(*, session: Session) -> bool:
    from ..storage import settings as stored_settings

    return stored_settings.get(session.store, "show_examples") == "1"


def set_show_examples(*, session: Session, on: bool) -> None:
    from ..storage import settings as stored_settings

    stored_settings.put(session.store, {"show_examples": "1" if on else "0"}, who=session.who)


def roles_unknown(*, session: Session) -> bool:
    """Plans nobody has said are the bureau's own or samples (a fresh install): ask at start."""
    return stored_plans.roles_unknown(session.store)      # one small query: it runs at every start


def choose_own_plan(*, session: Session, plan_id: int | None) -> OpResult:
    """The bureau's own plan: it becomes 本级; the bundled plans not chosen become 示例 (hidden
    from pickers, counts and roll-ups; they stay in the file until removed)."""
    rows = stored_plans.list_plans(session.store)
    roles = {}
    for r in rows:
        if r.id == plan_id:
            roles[r.id] = "own"
        elif r.origin == "bundled":
            roles[r.id] = "example"
        elif r.role == "":
            roles[r.id] = "received" if r.origin == "received" else "own"
    if plan_id is not None and plan_id not in roles:
        raise KnownError("没有找到该规划")
    changed = {k: v for k, v in roles.items() if next(r.role for r in rows if r.id == k) != v}
    if changed:
        stored_plans.set_roles(session.store, changed, who=session.who)
    return OpResult(f"本单位规划已设定，示例规划 {sum(v == 'example' for v in roles.values())} 个",
                    Changes(tuple(changed), plans=True) if changed else Changes())


def adopt_plan(*, session: Session, plan_id: int) -> OpResult:
    """A sample plan the bureau says is its own (it imported that very document): 本级."""
    stored_plans.set_roles(session.store, {plan_id: "own"}, who=session.who)
    return OpResult("设为本单位规划", Changes((plan_id,), plans=True, select=plan_id))


def remove_examples(*, session: Session) -> int:
    """Take the sample plans out of the file (a backup is made first); how many went."""
    examples = [r.id for r in stored_plans.list_plans(session.store) if r.example]
    if not examples:
        return 0
    from . import backups

    backups.before(session=session, action="删除示例规划前")
    stored_plans.delete_plans(session.store, examples, who=session.who)
    return len(examples)


def read_document(*, path: str | Path) -> PlanDocument:
    """Read a plan document for preview; nothing is saved."""
    from ..plandoc import read_plan_file  # the reader is not needed to start the window

    return _repeated_names(deepest_region(read_plan_file(path)))


def _repeated_names(document: PlanDocument) -> PlanDocument:
    """Two rows of one indicator name (outside 其中： sub-rows) are said: a row pasted twice would
    otherwise count twice."""
    from collections import Counter

    from ..domain.plan import Finding

    names = Counter(i.name for i in document.indicators if not i.parent_seq)
    for name, n in names.items():
        if n > 1:
            seqs = "、".join(i.seq or "?" for i in document.indicators if i.name == name and not i.parent_seq)
            document.findings.append(Finding("指标", f"“{name}”出现{n}次（序号{seqs}），请核对是否重复"))
    return document


def deepest_region(document: PlanDocument) -> PlanDocument:
    """A title that names the whole chain ("四川省乐山市峨眉山市卫生健康…") is the deepest unit's
    plan: the region becomes 峨眉山市 (under 乐山市), said as a finding."""
    from ..domain.plan import Finding
    from . import divisions

    table = divisions.table()
    unit = table.from_text(document.title)
    if unit is None or unit.name == document.region:
        return document
    read = table.find(document.region, hint=document.title) if document.region else None
    if read is not None and not table.is_under(unit, read):
        return document
    depth = {"省": 0, "市": 1, "县": 2, "区": 2}
    if depth.get(unit.level, 2) < depth.get(document.level, 0):
        return document     # the chain broke off above what was read (黔东南州 is not a full name)
    parent = table.parent_of(unit)
    document.findings.append(Finding("标题", f"地区按标题中的行政区划读作“{unit.name}”"
                                            f"（{parent.name if parent else ''}），原读作“{document.region or '—'}”"))
    document.region = unit.name
    if parent is not None:
        document.parent_region = parent.name
    document.level = "县" if unit.level == "县" else ("区" if unit.level == "区" else unit.level)
    return document


def already_imported(*, session: Session, document: PlanDocument) -> dict | None:
    return stored_plans.find_by_hash(session.store, document.source_hash)


def same_plan(*, session: Session, document: PlanDocument) -> tuple[PlanSummary | None, bool]:
    """The plan this document already is in the file, and whether it is the very same file: the
    same file imported before, or a plan of the same region and period (an edition of it). A
    second copy would count twice in every roll-up."""
    from ..domain.period import Period

    rows = list_plans(session=session, examples=True)
    exact = already_imported(session=session, document=document)
    if exact:
        return next(r for r in rows if r.id == exact["id"]), True
    try:
        span = Period.from_stored(document.period)
    except KnownError:
        return None, False
    same = [r for r in rows if r.region == document.region and r.span == span and r.origin != "received"]
    return (same[0] if len(same) == 1 else None), False


def edition(*, session: Session, plan_id: int, document: PlanDocument):
    """What updating the stored plan from this text would change (nothing is saved)."""
    from ..domain.edition import compare

    info = plan_info(session=session, plan_id=plan_id)
    return compare({"title": info.title, "issuer": info.issuer, "issued": info.issued},
                   stored_plans.plan_indicators(session.store, plan_id),
                   stored_plans.plan_boxes(session.store, plan_id), document)


def update_from_document(*, session: Session, plan_id: int, document: PlanDocument) -> OpResult:
    """A corrected edition of a plan: indicators matched and updated, new ones and new projects
    added, values and everything entered kept; one audited change, a backup before."""
    change = edition(session=session, plan_id=plan_id, document=document)
    if change.empty:
        kept = f"；新文本中没有的{len(change.kept)}项指标照旧保留（不删除已填数据）" if change.kept else ""
        raise KnownError(f"没有需要更新的内容：新文本与已有规划的指标和项目一致{kept}")
    _refuse_if_closed(session, plan_id)
    from . import backups

    backups.before(session=session, action="按新文本更新规划前")
    exact = already_imported(session=session, document=document)
    stored_plans.apply_edition(session.store, plan_id, change, who=session.who, source_name=document.source_name,
                               source_hash="" if exact else document.source_hash)
    return OpResult(f"按新文本更新规划（{len(change.lines)} 处）", Changes((plan_id,), structure=True, plans=True,
                                                                select=plan_id), value=change)


def _refuse_if_closed(session: Session, plan_id: int) -> None:
    if plan_info(session=session, plan_id=plan_id).closed_at:
        raise KnownError("该规划已结束（各年度数据已锁定），如需按新文本更新请先重新打开规划"
                         "（窗口：规划 → 重新打开规划；命令行：plan reopen）")


def save_plan(*, session: Session, document: PlanDocument) -> OpResult:
    """Store a (previewed, possibly corrected) plan document as one audited change; never a second
    copy of a plan already in the file (the same file, or the same region and period)."""
    existing, exact = same_plan(session=session, document=document)
    if existing and exact:
        raise DuplicateDocument(f"这份规划文本已经导入过（“{existing.title}”），未重复导入")
    if existing:
        raise DuplicateDocument(
            f"本地区同一规划期已有“{existing.title}”（{existing.span.long_name}），未重复导入：同一规划保存两份"
            f"会在汇总中重复计算。如这是修订后的文本，请选择“按新文本更新”（命令行 plan import --update）")
    from . import backups

    backups.before(session=session, action="导入规划前")
    plan_id = stored_plans.insert_plan(session.store, document, who=session.who)
    # not undone step by step: a backup was made before, and the audit log keeps the import
    return OpResult(f"导入规划 {document.region}", Changes((plan_id,), plans=True, select=plan_id))


def import_plan(*, session: Session, path: str | Path, dry_run: bool = False, region: str | None = None,
                period: str | None = None) -> tuple[PlanDocument, OpResult | None]:
    """Read (and unless a dry run, save) a plan document; `region` and `period` stand in for
    what the document does not say, or says wrongly (the command line's preview)."""
    from ..domain.period import Period
    from ..domain.plan import Finding

    document = read_document(path=path)
    if region and region.strip():
        document.region = region.strip()
        document.findings = [f for f in document.findings if not (f.where == "标题" and "地区" in f.message)]
    if period and period.strip():
        chosen = Period.parse(period)
        if chosen.label != document.period:
            document.findings.append(Finding("规划期", f"按命令行指定的规划期{chosen.long_name}保存"))
        document.period = chosen.label
        document.findings = [f for f in document.findings if not (f.where == "规划期" and "请核对" in f.message)]
    if dry_run:
        return document, None
    if not document.region.strip():
        raise KnownError(f"未能从“{document.title}”识别出地区，未导入；请用 --region 指定地区"
                         "（窗口中可在导入预览里填写）")
    return document, save_plan(session=session, document=document)


def import_warnings(*, session: Session, document: PlanDocument) -> list[str]:
    """What the database already holds that this import would sit beside (a second plan of the
    same region and period: a revised version imported twice?)."""
    span = document.span
    exact = already_imported(session=session, document=document)
    if exact:      # this very document (just imported, or imported before)
        return [] if exact["title"] == document.title else [f"这份规划文本已经导入过（“{exact['title']}”）"]
    same = [p for p in list_plans(session=session, examples=True) if p.region == document.region
            and p.span == span and p.origin != "received"]
    return [f"本库已有{p.region}{span.name}规划“{p.title}”：同一规划不保存两份（导入会被拒绝）；如是修订稿，"
            "请用“按新文本更新”（命令行 plan import --update）" for p in same]


def plan_info(*, session: Session, plan_id: int) -> StoredPlan:
    row = stored_plans.plan_row(session.store, plan_id)
    if row is None:
        raise KnownError("没有找到该规划")
    return row


def resolve_plan(*, session: Session, plan: str | int) -> int:
    """A plan named by its id, its title or its region (as the command line takes it); a region
    with plans of several periods needs the period too ("井研县 十五五", "井研县/2026-2030")."""
    from ..domain.period import Period

    # a plan named on purpose is found even when it is a hidden sample (to choose it as one's own)
    rows = sorted(list_plans(session=session, examples=True), key=lambda r: r.example)
    text = str(plan).strip()
    for r in rows:
        if text in (str(r.id), r.title):
            return r.id
    region, _, period_text = text.replace("/", " ").replace("·", " ").partition(" ")
    period = None
    if period_text.strip():
        try:
            period = Period.parse(period_text.strip())
        except KnownError:
            period = None
    same = [r for r in rows if r.region == (region if period else text)
            and (period is None or r.span == period)]
    if len(same) > 1 and any(not r.example for r in same):
        same = [r for r in same if not r.example]      # one's own plan before a sample of the same name
    if len(same) == 1:
        return same[0].id
    if len(same) > 1:
        choices = "；".join(f"{r.id} {r.region} {r.span.name}（{r.span.label}）" for r in same)
        raise KnownError(f"“{text}”有{len(same)}个规划：{choices}。请写编号，或地区加规划期，如“{same[0].region} "
                         f"{same[0].span.name}”")
    matches = [r for r in rows if text and text in r.title]
    if len(matches) == 1:
        return matches[0].id
    raise KnownError(f"没有找到规划“{plan}”；可用 plan list 查看编号和地区")


def close_plan(*, session: Session, plan_id: int, note: str = "") -> OpResult:
    """结束规划: every year locked with its judgements as they stand, the plan marked 已结束."""
    import json

    from .evaluation import evaluate_plan

    plan = plan_info(session=session, plan_id=plan_id)
    if plan.closed:
        raise KnownError(f"“{plan.title}”已于{plan.closed_at[:10]}结束，无需再次结束")
    states = evaluate_plan(session=session, plan_id=plan_id)
    snapshots = {}
    for year in plan.span.years:
        snapshots[year] = json.dumps({str(s.id): {"status": s.cell_for(year).status,
                                                  "explanation": s.cell_for(year).explanation,
                                                  "warning": s.cell_for(year).warning} for s in states},
                                     ensure_ascii=False)
    stored_plans.close_plan(session.store, plan_id, who=session.who, note=note.strip(), snapshots=snapshots)
    return OpResult(f"结束规划 {plan.region}{plan.span.name}", Changes((plan_id,), plans=True, locks=True,
                                                                    select=plan_id))


def reopen_plan(*, session: Session, plan_id: int, reason: str) -> OpResult:
    plan = plan_info(session=session, plan_id=plan_id)
    if not plan.closed:
        raise KnownError(f"“{plan.title}”没有结束，无需重新打开")
    if not reason.strip():
        raise KnownError("重新打开已结束的规划必须写明理由（如上级要求补报）")
    stored_plans.reopen_plan(session.store, plan_id, who=session.who, reason=reason.strip())
    return OpResult(f"重新打开规划 {plan.region}{plan.span.name}", Changes((plan_id,), plans=True, locks=True,
                                                                        select=plan_id))


def plan_indicators(*, session: Session, plan_id: int) -> list[StoredIndicator]:
    return stored_plans.plan_indicators(session.store, plan_id)
