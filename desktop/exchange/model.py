"""What a submission workbook carries, as plain data: written by the exporter, read back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain.period import DEFAULT as DEFAULT_PERIOD

FORMAT = "PLANLEDGER-SUBMISSION"
# 2: the hidden sheet names each open column and keeps the value every open cell had at export,
# so a returned workbook changes only what its sender changed. 1 (fixed columns, no export-time
# values) still imports.
SCHEMA = 2
READABLE_SCHEMAS = (1, 2)
DELETE_WORD = "删除"  # written in a value cell, withdraws a value sent before
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
    analysis: str = ""      # 原因分析 (of a lagging value)
    measures: str = ""      # 下一步措施
    catalogue_key: str = ""
    parent_key: str = ""
    lead_unit: str = ""     # 责任单位: a template for one unit opens only its rows


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
    counted: bool = True     # a task; background, principles, goals and headings are locked context


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
    database_id: str = ""   # which database exported it: a workbook back home is merged cell by cell
    years: tuple[int, ...] = DEFAULT_PERIOD.years   # the plan's reporting years (v1: always 十四五)
    reviewer: str = ""
    head_of_unit: str = ""
    only_unit: str = ""     # a template for one unit: only the rows it is responsible for are open
    exported_at: str = ""   # when: an older workbook never silently replaces a newer one
    indicators: list[IndicatorLine] = field(default_factory=list)
    projects: list[ProjectLine] = field(default_factory=list)
    tasks: list[TaskLine] = field(default_factory=list)


# Characters no spreadsheet file may hold (the writer drops them; a cell read back drops them too)
ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037\ufffe\uffff]")
# The file format's escape for a character by its code (_x000D_ is a carriage return, _x005F_ a
# "_"): Excel and LibreOffice write and read them; the spreadsheet library leaves them as text.
ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_STARTS_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def escape(text: str) -> str:
    """A literal _xHHHH_ kept literal: the "_" that starts one is written as _x005F_."""
    return _STARTS_ESCAPE.sub("_x005F_", text) if "_x" in text else text


def unescape(text: str) -> str:
    """The characters a spreadsheet program wrote by their codes (the inverse of `escape`)."""
    return ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def lines(text: str) -> str:
    """One kind of line end: a note typed with Windows' CR LF and saved again by LibreOffice (LF)
    is the same note."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def for_cell(text: str) -> str:
    """Text as the writer puts it in a cell: one kind of line end, no illegal characters, and a
    literal _xHHHH_ escaped so that no spreadsheet program turns it into a character."""
    text = lines(text)
    if not text.isprintable():
        text = ILLEGAL.sub("", text)
    return escape(text[:32767])


def cell_text(value) -> str:
    """A cell's value as the text compared and validated: what the writer put, read back the same."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):   # all a double holds (12345678901.25, 12345.678901), no float noise
        return f"{value:.15g}"
    if hasattr(value, "isoformat"):  # a date the spreadsheet made from what was typed
        return value.date().isoformat() if hasattr(value, "date") else value.isoformat()
    return ILLEGAL.sub("", lines(unescape(str(value)))).strip()


def open_for(unit: str, *units: str) -> bool:
    """A row is open in a template for `unit` when that unit leads or supports it (all rows when
    the template is for everyone)."""
    if not unit:
        return True
    return any(unit == u.strip() for field in units for u in (field or "").replace("，", "、")
               .replace(",", "、").split("、"))
