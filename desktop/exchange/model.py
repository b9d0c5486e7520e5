"""What a submission workbook carries, as plain data: written by the exporter, read back."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.evaluation import YEARS  # noqa: F401 - the workbook's year columns

FORMAT = "PLANLEDGER-SUBMISSION"
SCHEMA = 1
SHEET_IND, SHEET_PROJ, SHEET_TASK, SHEET_NOTE, SHEET_META = "指标", "专栏项目", "任务", "说明", "_meta"


@dataclass
class IndicatorLine:
    key: str            # stable key of the row ("i12": the sender's indicator id)
    seq: str
    domain: str
    name: str
    unit: str
    baseline: str
    target: str
    attribute: str
    values: dict[int, str] = field(default_factory=dict)
    status: str = ""
    explanation: str = ""
    source: str = ""
    note: str = ""
    catalogue_key: str = ""
    parent_key: str = ""


@dataclass
class ProjectLine:
    key: str
    box: str
    name: str
    status: str = "未启动"
    progress: float = 0
    lead_unit: str = ""
    support_units: str = ""
    planned_year: int | None = None
    done_date: str = ""
    planned_invest: float | None = None
    spent_invest: float | None = None
    note: str = ""
    text: str = ""


@dataclass
class TaskLine:
    key: str
    level: int
    title: str
    status: str = "未启动"
    progress: float = 0
    lead_unit: str = ""
    deadline: str = ""
    note: str = ""
    parent_key: str = ""


@dataclass
class Submission:
    plan_key: str
    title: str
    region: str
    level: str
    parent_region: str
    year: int
    kind: str = "submission"  # or "template"
    unit: str = ""
    filler: str = ""
    phone: str = ""
    date: str = ""
    program: str = ""
    indicators: list[IndicatorLine] = field(default_factory=list)
    projects: list[ProjectLine] = field(default_factory=list)
    tasks: list[TaskLine] = field(default_factory=list)
