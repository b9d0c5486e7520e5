"""What a printed report needs, as plain data (the services fill it in)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.period import DEFAULT as DEFAULT_PERIOD
from ..domain.period import Period


@dataclass
class IndicatorRow:
    seq: str
    domain: str
    name: str
    unit: str
    baseline: str
    target: str
    attribute: str
    values: dict[int, str]
    status: str
    explanation: str
    warning: bool = False
    projection: str = ""       # 预计能否完成: "预计能完成" / "预计难以完成" / ""
    reason: str = ""           # what people entered: override reason, value note
    analysis: str = ""         # 原因分析 of the year's value
    measures: str = ""         # 下一步措施


@dataclass
class ProjectRow:
    box: str
    name: str
    status: str
    progress: float
    lead_unit: str
    planned_year: str
    done_date: str
    planned_invest: float | None
    spent_invest: float | None
    light: str
    light_reason: str


@dataclass
class TaskRow:
    title: str
    level: int
    status: str
    progress: float
    lead_unit: str
    deadline: str
    light: str
    note: str
    counted: bool = True     # carries work (background, principles, goals and headings do not)
    section: str = ""        # the heading it sits under


@dataclass
class ReportData:
    title: str
    region: str
    parent_region: str
    year: int
    unit: str
    filler: str
    phone: str
    date: str
    period: Period = DEFAULT_PERIOD
    indicators: list[IndicatorRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)   # 成效 / 问题 / 措施: the report's own paragraphs
