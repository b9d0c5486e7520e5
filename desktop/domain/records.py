"""The stored plan as typed records, with their ids: what storage returns and services hand on.
Nothing above storage reads a database column name; a test keeps each record equal to its table."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from .period import Period


@dataclass(frozen=True, slots=True)
class StoredIndicator:
    """An indicator of a stored plan: what the plan printed, and what people set on it since."""

    id: int
    plan_id: int
    parent_id: int | None        # the row a "其中：" sub-row belongs to
    ord: int
    seq: str
    domain: str
    name: str
    name_printed: str
    unit: str
    baseline_text: str
    baseline_value: float | None
    target_text: str
    target_value: float | None
    attribute: str               # 预期性 / 约束性
    direction: str               # '' (inferred), 'higher', 'lower'
    catalogue_key: str
    note: str
    target_adjusted_text: str    # 调整目标, with the printed one kept beside
    target_adjusted_on: str
    target_adjusted_reason: str
    ext_key: str                 # the sender's row key, for a plan received from a unit
    lead_unit: str               # 责任单位
    target_adjusted_from: int | None   # the first year the adjusted target judges

    @property
    def binding(self) -> bool:
        return self.attribute == "约束性"

    @property
    def key(self) -> str:
        """The row's key in a workbook: the sender's key, or our own id."""
        return self.ext_key or f"i{self.id}"


INDICATOR_FIELDS = tuple(f.name for f in fields(StoredIndicator))


def indicator(row: dict) -> StoredIndicator:
    return StoredIndicator(**{name: row[name] for name in INDICATOR_FIELDS})


class _PlanState:
    """What a plan record says of its period and of being closed (StoredPlan and PlanSummary)."""

    __slots__ = ()

    @property
    def span(self) -> Period:
        """The plan's period (baseline year, target year, reporting years)."""
        return Period.from_stored(self.period)

    @property
    def closed(self) -> bool:
        return bool(self.closed_at)


@dataclass(frozen=True, slots=True)
class StoredPlan(_PlanState):
    """A plan in the database: read from its document, or built from a unit's workbook."""

    id: int
    title: str
    region: str
    level: str                   # 市 / 县 / 区
    parent_region: str
    issuer: str
    issued: str
    period: str                  # "2021-2025"
    draft: int                   # 征求意见稿
    source_name: str
    source_hash: str
    origin: str                  # own / bundled / received
    imported_at: str
    ext_plan_key: str            # the sender's key of a received plan
    closed_at: str               # 已结束 since (every year locked); '' while the plan runs
    closed_by: str
    closed_note: str
    role: str = ""               # own / example / received / '' (not known yet)

    @property
    def received(self) -> bool:
        return self.origin == "received"

    @property
    def key(self) -> str:
        """The plan's key in the workbooks it travels in: the sender's (a received plan), or the key
        it was first known by (kept when a corrected edition changed its text), else its text's."""
        return self.ext_plan_key or self.source_hash or f"plan-{self.id}"


@dataclass(frozen=True, slots=True)
class PlanSummary(_PlanState):
    """A plan as the plan list shows it: what it is and how much it holds."""

    id: int
    title: str
    region: str
    level: str
    parent_region: str
    issuer: str
    issued: str
    period: str
    draft: int
    origin: str
    source_name: str
    indicators: int
    boxes: int
    projects: int
    sections: int
    closed_at: str = ""
    role: str = ""               # own / example / received / '' (not known yet)

    @property
    def example(self) -> bool:
        return self.role == "example"


PLAN_FIELDS = tuple(f.name for f in fields(StoredPlan))


def plan(row: dict) -> StoredPlan:
    return StoredPlan(**{name: row[name] for name in PLAN_FIELDS})


def plan_summary(row: dict) -> PlanSummary:
    return PlanSummary(**{f.name: row[f.name] for f in fields(PlanSummary)})


@dataclass(frozen=True, slots=True)
class SubmissionRecord:
    """A workbook received from a unit, with the plan it landed on."""

    id: int
    plan_id: int
    year: int
    unit: str
    filler: str
    phone: str
    file_name: str
    file_hash: str               # of what it says (a re-saved copy is the same submission)
    received_at: str
    state: str                   # 已接收 / 已通过 / 已退回
    reason: str
    reviewer: str
    head_of_unit: str
    exported_at: str
    region: str
    title: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the change history: who changed what, when, from what to what, and why."""

    id: int
    at: str
    who: str
    plan_id: int | None
    entity: str
    entity_id: str | None
    field: str | None
    old_value: str | None
    new_value: str | None
    reason: str | None
    action: str | None
    subject: int | None


@dataclass(frozen=True, slots=True)
class AttachmentRecord:
    """An evidence file's record (the file itself is kept by its SHA-256)."""

    id: int
    plan_id: int
    entity: str
    entity_id: int
    name: str
    sha256: str
    size: int
    added_by: str
    added_at: str
    year: int | None
    mime: str


def of(kind, row: dict):
    """A typed record from a row that has (at least) the record's fields."""
    return kind(**{f.name: row[f.name] for f in fields(kind)})


@dataclass
class RollupLine:
    """One catalogue indicator across the units of a roll-up (the screen and the workbook)."""

    key: str
    name: str
    unit: str
    cells: dict = field(default_factory=dict)   # region -> (value, status)
    targets: dict = field(default_factory=dict)  # region -> the unit's target wording


@dataclass(frozen=True, slots=True)
class ItemFields:
    """What a clerk records on a 专栏 project or a task (a task has a deadline, a project a
    planned year, a completion date and its investment)."""

    status: str = "未启动"
    progress: float = 0
    lead_unit: str = ""
    support_units: str = ""
    note: str = ""
    planned_year: int | None = None
    done_date: str = ""
    planned_invest: float | None = None
    spent_invest: float | None = None
    deadline: str = ""
    counted: str = ""      # a task's 计入 / 不计入 as the clerk set it ('' = by the rule)

    def value(self, name: str):
        """One field by its name (a column of the checklist names the field it shows)."""
        return getattr(self, name, None)


def item_fields(row: dict) -> ItemFields:
    return ItemFields(**{f.name: row[f.name] for f in fields(ItemFields) if f.name in row})
