"""Reading a filled submission or template back: every check before anything is saved."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import KnownError
from .model import FORMAT, SCHEMA, SHEET_IND, SHEET_META, SHEET_PROJ, SHEET_TASK, YEARS

MAX_FILE = 20 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
MAX_ROWS = 20000
# the columns a unit fills, per sheet: column number -> field
IND_OPEN = {15: "source", 16: "note"}
PROJ_OPEN = {3: "lead_unit", 4: "support_units", 5: "status", 6: "progress", 8: "done_date",
             9: "planned_invest", 10: "spent_invest", 11: "note"}
TASK_OPEN = {3: "lead_unit", 4: "status", 5: "progress", 6: "deadline", 7: "note"}
COLUMN_NAMES = {SHEET_IND: {15: "数据来源", 16: "备注"},
                SHEET_PROJ: {3: "牵头单位", 4: "配合单位", 5: "状态", 6: "进度%", 8: "完成时间",
                             9: "计划投资", 10: "完成投资", 11: "说明"},
                SHEET_TASK: {3: "牵头单位", 4: "状态", 5: "进度%", 6: "完成时限", 7: "进展说明"}}


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
    value_details: dict[str, dict] = field(default_factory=dict)      # key -> {source, note}
    projects: dict[str, dict] = field(default_factory=dict)           # key -> fields
    tasks: dict[str, dict] = field(default_factory=dict)
    cells: dict[tuple[str, str], str] = field(default_factory=dict)   # (kind, key) -> cell name
    problems: list[Problem] = field(default_factory=list)
    file_hash: str = ""


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.10g}"
    if hasattr(value, "isoformat"):  # a date Excel made from what was typed
        return value.date().isoformat() if hasattr(value, "date") else value.isoformat()
    return str(value).strip()


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
            if total > MAX_UNPACKED or len(infos) > 2000:
                raise WorkbookRejected(f"“{name}”解压后过大（{total // 1024 // 1024} MB），疑似异常文件，已拒绝")
    except zipfile.BadZipFile as exc:
        raise WorkbookRejected(f"“{name}”不是有效的 .xlsx 文件（文件不完整或已损坏）") from exc


def read_submission(path: str | Path) -> ReadSubmission:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise WorkbookRejected(f"无法读取“{p.name}”：{exc.strerror or exc}") from exc
    return read_submission_bytes(data, p.name)


def read_submission_bytes(data: bytes, name: str) -> ReadSubmission:
    _check_container(data, name)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        wb = _Book(book)
    except WorkbookRejected:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged package
        raise WorkbookRejected(f"“{name}”无法作为工作簿打开：{exc}") from exc
    if SHEET_META not in wb.sheetnames:
        raise WorkbookRejected(f"“{name}”不是规划台账生成的上报表或填报模板（缺少程序识别信息），"
                               "请使用“导出填报模板”生成的表格填写")
    meta = _meta(wb[SHEET_META], name)
    head = meta["head"]
    result = ReadSubmission(head=head, plan=meta["plan"], file_hash=hashlib.sha256(data).hexdigest())
    for sheet in (SHEET_IND, SHEET_PROJ, SHEET_TASK):
        if sheet in meta["rows"] and sheet not in wb.sheetnames:
            raise WorkbookRejected(f"工作表“{sheet}”被删除了，无法导入")
    _check_locked(wb, meta["locked"], result)
    rows = meta["rows"]
    year_col = 8 + YEARS.index(int(head["year"]))
    ws = wb[SHEET_IND]
    for r, key in rows.get(SHEET_IND, {}).items():
        r = int(r)
        cell = ws.cell(row=r, column=year_col)
        if _formula(cell, SHEET_IND, result):
            continue
        result.values[key] = (cell.coordinate, _cell_text(cell.value))
        details = {}
        for c, f in IND_OPEN.items():
            dc = ws.cell(row=r, column=c)
            if not _formula(dc, SHEET_IND, result):
                details[f] = _cell_text(dc.value)
        result.value_details[key] = details
    for sheet, spec, target, kind in ((SHEET_PROJ, PROJ_OPEN, result.projects, "project"),
                                      (SHEET_TASK, TASK_OPEN, result.tasks, "task")):
        if sheet not in rows:
            continue
        ws = wb[sheet]
        for r, key in rows[sheet].items():
            r = int(r)
            fields = {}
            for c, f in spec.items():
                cell = ws.cell(row=r, column=c)
                if _formula(cell, sheet, result):
                    continue
                fields[f] = _cell_text(cell.value)
                result.cells[(kind, key, f)] = f"{cell.coordinate}（{COLUMN_NAMES[sheet][c]}）"
            target[key] = fields
    return result


class _Cell:
    __slots__ = ("coordinate", "value", "data_type")

    def __init__(self, coordinate: str, value=None, data_type: str = "n"):
        self.coordinate, self.value, self.data_type = coordinate, value, data_type


class _Sheet:
    """All cells of a sheet read once (read-only mode streams; random access would re-parse)."""

    def __init__(self, ws):
        self.cells: dict[tuple[int, int], _Cell] = {}
        self.max_row = 0
        for row in ws.iter_rows():
            for c in row:
                if getattr(c, "row", None) is None:
                    continue
                self.cells[(c.row, c.column)] = _Cell(c.coordinate, c.value, c.data_type)
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
    def __init__(self, book):
        self.sheetnames = book.sheetnames
        self._book = book
        self._sheets: dict[str, _Sheet] = {}

    def __getitem__(self, name: str) -> _Sheet:
        if name not in self._sheets:
            self._sheets[name] = _Sheet(self._book[name])
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
        raise WorkbookRejected(f"“{name}”隐藏的程序识别信息被改动过，无法确认数据完整，请重新导出模板填写")
    try:
        meta = json.loads(payload)
    except ValueError as exc:
        raise WorkbookRejected(f"“{name}”的程序识别信息无法读取") from exc
    if meta["head"].get("schema") != SCHEMA:
        raise WorkbookRejected(f"“{name}”由不同版本的规划台账生成（表格版本 {meta['head'].get('schema')}，"
                               f"本程序为 {SCHEMA}），请用本程序重新导出模板")
    return meta


def _check_locked(wb, locked: list, result: ReadSubmission) -> None:
    for sheet, coord, expected in locked:
        if sheet not in wb.sheetnames:
            continue
        actual = _cell_text(wb[sheet][coord].value)
        if actual != expected and not (expected == "" and actual == "None"):
            result.problems.append(Problem(sheet, coord, f"锁定的单元格被改动（原为“{expected}”，现为“{actual}”）"))
