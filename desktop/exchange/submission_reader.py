"""Reading a filled submission or template back: every check before anything is saved."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import KnownError, os_reason
from ..domain.period import DEFAULT as DEFAULT_PERIOD
from ..domain.period import FIRST_YEAR, LAST_YEAR
from .model import (
    FORMAT,
    READABLE_SCHEMAS,
    SCHEMA,
    SHEET_IND,
    SHEET_META,
    SHEET_NOTE,
    SHEET_PROJ,
    SHEET_TASK,
    cell_text,
    unescape,
)

MAX_FILE = 20 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
MAX_XML = 60 * 1024 * 1024   # a returned workbook's sheets: a few MB; far more is a bomb
MAX_ROWS = 20000
# version 1 kept no column map: its fixed open columns, per sheet (column number -> field)
V1_COLUMNS = {SHEET_IND: {"source": 15, "note": 16},
              SHEET_PROJ: {"lead_unit": 3, "support_units": 4, "status": 5, "progress": 6,
                           "done_date": 8, "planned_invest": 9, "spent_invest": 10, "note": 11},
              SHEET_TASK: {"lead_unit": 3, "status": 4, "progress": 5, "deadline": 6, "note": 7}}
COLUMN_NAMES = {"value": "实际值", "source": "数据来源", "note": "备注", "analysis": "原因分析",
                "measures": "下一步措施", "lead_unit": "牵头单位", "support_units": "配合单位",
                "status": "状态", "progress": "进度%", "done_date": "完成时间", "planned_invest": "计划投资",
                "spent_invest": "完成投资", "deadline": "完成时限"}
TASK_NOTE_NAME = "进展说明"
DATE_FIELDS = ("done_date", "deadline")
PERCENT_FIELDS = ("value", "progress")
TEXT_FIELDS = ("source", "note", "analysis", "measures", "lead_unit", "support_units")


class WorkbookRejected(KnownError):
    """The file is not a workbook this program can take; nothing was read into the database."""


@dataclass
class Problem:
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}：{self.message}" if self.cell else f"{self.sheet}：{self.message}"


@dataclass
class ReadSubmission:
    head: dict
    plan: dict
    values: dict[str, tuple[str, str]] = field(default_factory=dict)   # key -> (cell, text)
    value_details: dict[str, dict] = field(default_factory=dict)      # key -> {source, note, …}
    projects: dict[str, dict] = field(default_factory=dict)           # key -> fields
    tasks: dict[str, dict] = field(default_factory=dict)
    cells: dict[tuple, str] = field(default_factory=dict)             # (kind, key, field) -> cell
    problems: list[Problem] = field(default_factory=list)
    file_hash: str = ""
    schema: int = SCHEMA
    # the text every open cell had at export ({"value": {key: {field: text}}, "project": …}),
    # None for a version-1 workbook, which did not keep it
    base: dict | None = None
    signers: dict[str, str] = field(default_factory=dict)             # 填报单位, 填报人, 审核人 …


def _check_container(data: bytes, name: str) -> None:
    if not data:
        raise WorkbookRejected(f"“{name}”是空文件")
    if len(data) > MAX_FILE:
        raise WorkbookRejected(f"“{name}”有 {len(data) // 1024 // 1024} MB，超过上报表的合理大小（20 MB）")
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise WorkbookRejected(f"“{name}”是加密（设了打开密码）的工作簿或旧版 .xls 文件；"
                               "请取消密码并另存为 .xlsx 后再导入")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if "xl/workbook.xml" not in z.namelist():
                raise WorkbookRejected(f"“{name}”不是 Excel 工作簿（.xlsx）")
            total = sum(i.file_size for i in infos)
            xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
            if total > MAX_UNPACKED or xml > MAX_XML or len(infos) > 2000:
                raise WorkbookRejected(f"“{name}”解压后过大（{total // 1024 // 1024} MB），疑似异常文件，已拒绝")
    except zipfile.BadZipFile as exc:
        raise WorkbookRejected(f"“{name}”不是有效的 .xlsx 文件（文件不完整或已损坏）") from exc


def read_submission(path: str | Path) -> ReadSubmission:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise WorkbookRejected(f"无法读取“{p.name}”：{os_reason(exc)}") from exc
    return read_submission_bytes(data, p.name)


def read_submission_bytes(data: bytes, name: str) -> ReadSubmission:
    _check_container(data, name)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        wb = _Book(book, name)
    except WorkbookRejected:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged package
        raise WorkbookRejected(f"“{name}”无法作为工作簿打开：{exc}") from exc
    if SHEET_META not in wb.sheetnames:
        raise WorkbookRejected(f"“{name}”不是规划台账生成的上报表或填报模板（缺少程序识别信息），"
                               "请使用“导出填报模板”生成的表格填写")
    meta = _meta(wb[SHEET_META], name)
    head = meta["head"]
    result = ReadSubmission(head=head, plan=meta["plan"], file_hash=hashlib.sha256(data).hexdigest(),
                            schema=int(head["schema"]))
    for sheet in (SHEET_IND, SHEET_PROJ, SHEET_TASK):
        if sheet in meta["rows"] and sheet not in wb.sheetnames:
            raise WorkbookRejected(f"工作表“{sheet}”被删除了，无法导入")
    _check_locked(wb, meta["locked"], result)
    rows = meta["rows"]
    columns = _columns(meta, name) if "columns" in meta else _v1_columns(int(head["year"]))
    if "base" in meta:
        base = meta["base"]
        result.base = {"value": base.get(SHEET_IND, {}), "project": base.get(SHEET_PROJ, {}),
                       "task": base.get(SHEET_TASK, {})}
    ws = wb[SHEET_IND]
    ind_cols = columns[SHEET_IND]
    for r, key in rows.get(SHEET_IND, {}).items():
        fields = _read_row(ws, int(r), ind_cols, SHEET_IND, "value", key, result)
        if "value" in fields:
            result.values[key] = (result.cells[("value", key, "value")].split("（")[0],
                                  fields.pop("value"))
        result.value_details[key] = fields
    for sheet, target, kind in ((SHEET_PROJ, result.projects, "project"),
                                (SHEET_TASK, result.tasks, "task")):
        if sheet in rows:
            ws = wb[sheet]
            for r, key in rows[sheet].items():
                target[key] = _read_row(ws, int(r), columns[sheet], sheet, kind, key, result)
    if meta.get("signers") and SHEET_NOTE in wb.sheetnames:
        note = wb[SHEET_NOTE]
        for k, field_name in enumerate(("unit", "filler", "reviewer", "head_of_unit", "phone", "date")):
            result.signers[field_name] = cell_text(note.cell(int(meta["signers"]) + k, 2).value)
    # what it says, not its bytes: the same workbook saved again by another program is the same
    result.file_hash = hashlib.sha256(json.dumps(
        [head, result.values, result.value_details, result.projects, result.tasks, result.signers],
        ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()
    return result


ALLOWED_FIELDS = {SHEET_IND: {"value", "source", "note", "analysis", "measures"},
                  SHEET_PROJ: set(V1_COLUMNS[SHEET_PROJ]), SHEET_TASK: set(V1_COLUMNS[SHEET_TASK])}


def _columns(meta: dict, name: str) -> dict[str, dict[str, int]]:
    """The open columns the hidden sheet names; only fields this program knows, at sane places."""
    out = {}
    try:
        for sheet, cols in meta["columns"].items():
            if sheet not in ALLOWED_FIELDS or not set(cols) <= ALLOWED_FIELDS[sheet]:
                raise ValueError(sheet)
            out[sheet] = {f: int(c) for f, c in cols.items() if 1 <= int(c) <= 200}
    except (AttributeError, TypeError, ValueError) as exc:
        raise WorkbookRejected(f"“{name}”的程序识别信息中列的说明不正确，请用规划台账重新导出模板") from exc
    if SHEET_IND not in out or "value" not in out[SHEET_IND]:
        raise WorkbookRejected(f"“{name}”的程序识别信息中缺少实际值所在的列，请用规划台账重新导出模板")
    return out


def _v1_columns(year: int) -> dict:
    years = DEFAULT_PERIOD.years    # a v1 workbook was always a 十四五 plan's
    if year not in years:
        raise WorkbookRejected(f"表格的年度{year}不在规划期内")
    return {**V1_COLUMNS, SHEET_IND: {"value": 8 + years.index(year), **V1_COLUMNS[SHEET_IND]}}


def _read_row(ws, row: int, cols: dict, sheet: str, kind: str, key: str,
              result: ReadSubmission) -> dict[str, str]:
    """The open cells of one row as text, each read as the clerk meant it (a % format is a
    percentage, a date typed where a number belongs is refused with the cell named)."""
    out = {}
    for field_name, col in cols.items():
        cell = ws.cell(row=row, column=int(col))
        label = TASK_NOTE_NAME if (kind == "task" and field_name == "note") else \
            COLUMN_NAMES.get(field_name, field_name)
        result.cells[(kind, key, field_name)] = f"{cell.coordinate}（{label}）"
        if _formula(cell, sheet, result):
            continue
        text = _meant(cell, field_name)
        if text is None and field_name in DATE_FIELDS:
            result.problems.append(Problem(
                sheet, cell.coordinate, f"日期“{cell_text(cell.value)}”被表格软件当成了数字，"
                "请按 2023-10-31 的格式填写（或把单元格设为“文本”格式）"))
            continue
        if text is None:
            result.problems.append(Problem(
                sheet, cell.coordinate, f"单元格被表格软件当成了日期或时间（{cell_text(cell.value)}），"
                "请把该单元格设为“文本”格式后重新输入（比值写作 1:1.32）"))
            continue
        out[field_name] = text
    return out


def _meant(cell, field_name: str) -> str | None:
    """What the clerk typed, from what the spreadsheet stored; None when it cannot be known."""
    value = cell.value
    if hasattr(value, "isoformat"):
        if field_name in DATE_FIELDS or field_name in TEXT_FIELDS:
            return cell_text(value)
        return None
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and field_name in DATE_FIELDS and value != int(value):
        return None                    # "2023.10" typed in a General cell: the number 2023.1
    fmt = cell.number_format or ""
    if number and "%" in fmt and field_name in PERCENT_FIELDS:
        return f"{value * 100:.10g}%"  # typed "92%": stored 0.92 with a % format; the % kept
    places = re.fullmatch(r"0\.(0{1,8})", fmt)
    if number and places and round(value, len(places.group(1))) == value:
        # a fixed-decimals cell: the decimals shown are the value's (77.20). A value with more
        # decimals than the cell shows (78.504 typed where 78.50 was) is taken as typed, in full:
        # the cell's format rounds only what is shown, never what was entered.
        return f"{value:.{len(places.group(1))}f}"
    return cell_text(value)


class _Cell:
    __slots__ = ("coordinate", "value", "data_type", "number_format")

    def __init__(self, coordinate: str, value=None, data_type: str = "n", number_format: str = ""):
        self.coordinate, self.value, self.data_type = coordinate, value, data_type
        self.number_format = number_format


class _Sheet:
    """All cells of a sheet read once (read-only mode streams; random access would re-parse)."""

    def __init__(self, ws):
        self.cells: dict[tuple[int, int], _Cell] = {}
        self.max_row = 0
        for row in ws.iter_rows():
            for c in row:
                if getattr(c, "row", None) is None:
                    continue
                fmt = c.number_format if c.value is not None else ""
                self.cells[(c.row, c.column)] = _Cell(c.coordinate, c.value, c.data_type, fmt)
                self.max_row = max(self.max_row, c.row)
                if self.max_row > MAX_ROWS:
                    raise WorkbookRejected(f"工作表“{ws.title}”超过 {MAX_ROWS} 行，超出上报表的合理范围")

    def cell(self, row: int, column: int) -> _Cell:
        got = self.cells.get((row, column))
        if got is None:
            from openpyxl.utils import get_column_letter

            got = _Cell(f"{get_column_letter(column)}{row}")
        return got

    def __getitem__(self, coord: str) -> _Cell:
        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

        letters, row = coordinate_from_string(coord)
        return self.cell(row, column_index_from_string(letters))


class _Book:
    def __init__(self, book, file_name: str):
        self.sheetnames = book.sheetnames
        self._book = book
        self._name = file_name
        self._sheets: dict[str, _Sheet] = {}

    def __getitem__(self, name: str) -> _Sheet:
        if name not in self._sheets:
            try:
                self._sheets[name] = _Sheet(self._book[name])
            except WorkbookRejected:
                raise
            except Exception as exc:  # a sheet's XML damaged: openpyxl raises many kinds
                raise WorkbookRejected(f"“{self._name}”的工作表“{name}”已损坏，无法读取"
                                       f"（{type(exc).__name__}）；请让填报单位重新保存后报送") from exc
        return self._sheets[name]


def _formula(cell, sheet: str, result: ReadSubmission) -> bool:
    if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")
                                 and cell.data_type != "s"):
        result.problems.append(Problem(sheet, cell.coordinate, "单元格含公式，请直接填写数值"))
        return True
    return False


def _meta(ws, name: str) -> dict:
    if ws["A1"].value != FORMAT:
        raise WorkbookRejected(f"“{name}”的程序识别信息已损坏，无法确认表格来源")
    chunks, r = [], 2
    while ws.cell(row=r, column=1).value:
        chunks.append(str(ws.cell(row=r, column=1).value))
        r += 1
    payload = "".join(chunks)
    if hashlib.sha256(payload.encode()).hexdigest() != ws["B1"].value:
        # as a spreadsheet program saved it again: a literal _xHHHH_ the writer escaped (older
        # versions of this program did not escape it, and their payload is read as it is)
        payload = "".join(unescape(c) for c in chunks)
    if hashlib.sha256(payload.encode()).hexdigest() != ws["B1"].value:
        raise WorkbookRejected(f"“{name}”隐藏的程序识别信息被改动过，无法确认数据完整，请重新导出模板填写")
    try:
        meta = json.loads(payload)
    except ValueError as exc:
        raise WorkbookRejected(f"“{name}”的程序识别信息无法读取") from exc
    head = meta.get("head") if isinstance(meta, dict) else None
    if not isinstance(head, dict):
        raise WorkbookRejected(f"“{name}”的程序识别信息不完整，请用规划台账重新导出模板")
    if head.get("schema") not in READABLE_SCHEMAS:
        raise WorkbookRejected(f"“{name}”由不同版本的规划台账生成（表格版本 {head.get('schema')}，"
                               f"本程序可读 {'、'.join(map(str, READABLE_SCHEMAS))}），请升级本程序或重新导出模板")
    _check_shape(meta, name)
    return meta


def _check_shape(meta: dict, name: str) -> None:
    """Every key the import reads is there and of its kind (a hash only proves it was not edited
    after it was written, not that the writer was sound)."""
    head, plan = meta["head"], meta.get("plan")
    problems = []
    for key in ("plan_key", "title", "region", "year"):
        if key not in head:
            problems.append(key)
    year = head.get("year")
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        problems.append("year")
    if head.get("level", "县") not in ("市", "县", "区", "省", ""):
        problems.append("level")
    if not isinstance(plan, dict) or not all(isinstance(plan.get(k), list)
                                             for k in ("indicators", "projects", "tasks")):
        problems.append("plan")
    else:
        for ind in plan["indicators"]:
            if not isinstance(ind, dict) or not {"key", "name", "unit", "baseline"} <= set(ind):
                problems.append("indicators")
                break
    rows = meta.get("rows")
    if not isinstance(rows, dict) or not isinstance(meta.get("locked"), list):
        problems.append("rows")
    else:
        try:
            for sheet_rows in rows.values():
                if not all(str(int(r)) == str(r) and 1 <= int(r) <= MAX_ROWS and isinstance(k, str)
                           for r, k in sheet_rows.items()):
                    problems.append("rows")
                    break
            if not all(isinstance(x, list) and len(x) == 3 for x in meta["locked"]):
                problems.append("locked")
        except (AttributeError, TypeError, ValueError):
            problems.append("rows")
    if problems:
        raise WorkbookRejected(f"“{name}”的程序识别信息不完整（缺少或不正确：{'、'.join(dict.fromkeys(problems))}），"
                               "请用规划台账重新导出模板")


def _quote(text: str, most: int = 40) -> str:
    """A cell's text in a message: its start, when a whole pasted page would fill the window."""
    return text if len(text) <= most else f"{text[:most]}…（共{len(text)}字）"


def _check_locked(wb, locked: list, result: ReadSubmission) -> None:
    for sheet, coord, expected in locked:
        if sheet not in wb.sheetnames:
            continue
        actual = cell_text(wb[sheet][coord].value)
        expected = cell_text(expected) if isinstance(expected, str) else \
            str(expected if expected is not None else "").strip()
        if actual != expected and not (expected == "" and actual == "None"):
            result.problems.append(Problem(sheet, coord, f"锁定的单元格被改动（原为“{_quote(expected)}”，"
                                                         f"现为“{_quote(actual)}”）"))
