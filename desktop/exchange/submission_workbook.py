"""The upward submission workbook (and the blank template): print-ready, protected, readable back."""

from __future__ import annotations

import hashlib
import json
import re
from copy import copy
from itertools import groupby
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange

from ..domain import colours
from ..domain.checklist import STATUSES as PROJECT_STATUSES
from .model import (
    FORMAT,
    SCHEMA,
    SHEET_IND,
    SHEET_META,
    SHEET_NOTE,
    SHEET_PROJ,
    SHEET_TASK,
    Submission,
    cell_text,
    escape,
    for_cell,
    open_for,
)
from .xlsx import save

STATUS_FILLS = {k: bg for k, (bg, _fg) in colours.STATUS_COLOURS.items() if k != "未填报"}
FONT = "宋体"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
OPEN_FILL = PatternFill("solid", fgColor="FFFDE7")   # the cells meant to be filled
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNLOCKED = Protection(locked=False)
META_CHUNK = 30000
_PLAIN_NUMBER = re.compile(r"\d{1,12}(\.\d{1,8})?")


def _merge(ws, ref: str) -> None:
    """Merge a range; its hidden cells take the first cell's style (and so its borders and lock).

    What `Worksheet.merge_cells` does, without re-adding each edge's border one object at a time
    (a third of the export's time went there)."""
    mcr = MergedCellRange(ws, ref)
    ws.merged_cells.add(mcr)
    start = ws._cells.get((mcr.min_row, mcr.min_col)) or ws.cell(row=mcr.min_row, column=mcr.min_col)
    # a spreadsheet draws a merged range's text, fill and lock from its first cell, and only the
    # borders from each cell's own: without borders the hidden cells need not be written at all
    bordered = start._style.borderId != 0
    for row, col in mcr.cells:
        if (row, col) != (mcr.min_row, mcr.min_col):
            if bordered:
                hidden = MergedCell(ws, row, col)
                hidden._style = copy(start._style)
                ws._cells[row, col] = hidden
            else:
                ws._cells.pop((row, col), None)


def print_setup(ws, *, title_rows: str) -> None:
    """A4 landscape, one page wide, the title rows on every page, "第 x 页 共 y 页" below."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def _text(cell, value) -> None:
    """Write a value as text: user text can never become a formula, and control characters (which
    a pasted text may carry and which no spreadsheet file may hold) are dropped, not fatal.

    Sets the cell's text directly: the value setter's type dispatch and check cost as much as
    writing the file."""
    cell._value = "" if value is None else for_cell(str(value))
    cell.data_type = "s"


class _Cell(Cell):
    """A cell whose style index in the workbook is known when it is made: openpyxl otherwise
    hashes every cell's style again when it saves. Should the style have been changed since, the
    index is looked up the usual way."""

    __slots__ = ("_known",)

    @property
    def style_id(self) -> int:
        style, index = self._known
        return index if self._style == style else super().style_id


def _new_cell(ws, row: int, column: int, known: tuple[StyleArray, int], text: str) -> _Cell:
    """A text cell made whole at once: what `Cell.__init__`, the style's copy and the value's
    setter do, without the setter's type dispatch and the style array copied twice (the
    submission's 1,400 cells cost more to make than to write)."""
    cell = _Cell.__new__(_Cell)
    cell.parent = ws
    cell.row = row
    cell.column = column
    cell._style = known[0].__copy__()
    cell._known = known
    cell._value = text
    cell.data_type = "s"
    cell._hyperlink = None
    cell._comment = None
    return cell


class _Sheet:
    """A sheet with a title, the filler block, a header row, and cells tracked as locked or open."""

    def __init__(self, wb: Workbook, name: str, sub: Submission, title: str, headers: list[str],
                 widths: list[int]):
        self.ws = wb.create_sheet(name)
        self.name = name
        self.sub = sub
        self.ncols = len(headers)
        self.locked: list[list] = []
        ws = self.ws
        last = get_column_letter(self.ncols)
        _text(ws["A1"], title)
        ws["A1"].font = Font(name=FONT, size=16, bold=True)
        ws["A1"].alignment = CENTER
        ws.row_dimensions[1].height = 30
        who = (f"填报单位：{sub.unit or '　　　　'}　　填报人：{sub.filler or '　　　'}　　"
               f"联系电话：{sub.phone or '　　　'}　　填报日期：{sub.date or '　　　'}")
        _text(ws["A2"], who)
        ws["A2"].font = Font(name=FONT, size=11)
        ws["A2"].alignment = Alignment(vertical="center")
        _merge(ws, f"A1:{last}1")
        _merge(ws, f"A2:{last}2")
        head_style = None
        for c, (h, w) in enumerate(zip(headers, widths, strict=True), 1):
            cell = ws.cell(row=3, column=c)
            _text(cell, h)
            if head_style is None:
                cell.font = Font(name=FONT, size=10, bold=True)
                cell.fill = HEAD_FILL
                cell.alignment = CENTER
                cell.border = BORDER
                head_style = cell._style
            else:
                cell._style = copy(head_style)
            ws.column_dimensions[get_column_letter(c)].width = w
        ws.row_dimensions[3].height = 30
        ws.freeze_panes = "A4"
        print_setup(ws, title_rows="1:3")
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.oddFooter.center.font = FONT
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        self.font = Font(name=FONT, size=10)
        self.widths = widths
        self.lines: dict[int, int] = {}
        # each kind of cell styled once per workbook (the style indexes are the workbook's)
        self._styles: dict = wb.__dict__.setdefault("_planledger_styles", {})
        self.base: dict[str, dict[str, str]] = {}   # row key -> field -> the text at export

    def field(self, row: int, col: int, key: str, name: str, value, *, open_: bool,
              align=WRAP, base=None, text_format: bool = False) -> None:
        """An open (or, for another unit's row, locked) cell of a field the unit reports; `base`
        is what the database held at export where the cell shows something else (a template's
        blank year column)."""
        # as text, a typed 2023.10 or 1:1.32 stays what was typed
        cell = self.put(row, col, value, open_=open_, align=align, number_format="@" if text_format else None)
        if open_:
            self.base.setdefault(key, {})[name] = (cell_text(cell.value) if base is None
                                                   else str(base))

    def fit_rows(self) -> None:
        """Row heights for the wrapped text (spreadsheet programs do not grow rows they open)."""
        for row, lines in self.lines.items():
            if lines > 1:
                self.ws.row_dimensions[row].height = 13.5 * lines + 3

    def put(self, row: int, col: int, value, *, open_: bool = False, align=WRAP, fill=None,
            number_format: str | None = None):
        number = None
        if open_ and isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value):
            number = float(value) if "." in value else int(value)  # a number Excel can sum
            places = value.partition(".")[2]
            if places and number_format is None:   # shown (and read back) with its decimals: 77.20
                number_format = "0." + "0" * len(places)
        elif open_ and isinstance(value, int | float) and not isinstance(value, bool):
            number = value
        text = value if type(value) is str else "" if value is None else str(value)
        # written as text: user text can never become a formula (see `_text`)
        cell = self.ws._cells[row, col] = _new_cell(self.ws, row, col, self._style(open_, align, fill, number_format),
                                                    for_cell(text) if text else "")
        if number is not None:
            cell.value = number
        if len(text) > 4 and text is value:
            wide = len(text.encode("gb18030"))  # a Chinese character prints two columns wide
            lines = -(-wide // max(1, int(self.widths[col - 1] * 1.1) - 1))
            if lines > self.lines.get(row, 1):
                self.lines[row] = min(lines, 12)
        if not open_:
            self.locked.append([self.name, f"{get_column_letter(col)}{row}", cell._value])  # the text as written
        return cell

    def _style(self, open_: bool, align, fill, number_format: str | None = None) -> tuple[StyleArray, int]:
        """Each kind of cell is styled once per workbook, the normal way, and registered: its
        style and index. (openpyxl re-hashes every style object on assignment, which made styling
        4× slower than writing.)"""
        key = (open_, id(align), fill.fgColor.rgb if fill is not None else None, number_format)
        known = self._styles.get(key)
        if known is not None:
            return known
        cell = Cell(self.ws)
        if number_format:
            cell.number_format = number_format
        cell.font = self.font
        cell.border = BORDER
        cell.alignment = align
        if open_:
            cell.protection = UNLOCKED
            cell.fill = fill or OPEN_FILL
        elif fill is not None:
            cell.fill = fill
        known = self._styles[key] = (cell._style, self.ws.parent._cell_styles.add(cell._style))
        return known


# the open columns of each sheet: field -> column (kept in the hidden sheet, read back from there)
PROJECT_FIELDS = {"lead_unit": 3, "support_units": 4, "status": 5, "progress": 6, "done_date": 8,
                  "planned_invest": 9, "spent_invest": 10, "note": 11}
TASK_FIELDS = {"lead_unit": 3, "status": 4, "progress": 5, "deadline": 6, "note": 7}
SIGNERS = (("unit", "填报单位"), ("filler", "填报人"), ("reviewer", "审核人"),
           ("head_of_unit", "单位负责人"), ("phone", "联系电话"), ("date", "填报日期"))
SIGNER_ROW = 11   # on the 说明 sheet, the open block a unit signs
NOTE_WIDTH = 70


def write_submission(sub: Submission, path: Path) -> Path:
    """The workbook (the service writes it to a temporary file and puts it in place whole)."""
    wb = Workbook()
    wb.remove(wb.active)
    rows: dict[str, dict[int, str]] = {}
    columns: dict[str, dict[str, int]] = {}
    sheets = [_indicator_sheet(wb, sub, rows, columns)]
    if sub.projects:
        sheets.append(_project_sheet(wb, sub, rows, columns))
    if sub.tasks:
        sheets.append(_task_sheet(wb, sub, rows, columns))
    for sheet in sheets:
        sheet.fit_rows()
    _note_sheet(wb, sub)
    base = {s.name: s.base for s in sheets}
    _meta_sheet(wb, sub, rows, [lk for s in sheets for lk in s.locked], columns, base)
    wb.security.lockStructure = True
    wb.active = 0
    save(wb, path)
    return Path(path)


def _indicator_sheet(wb: Workbook, sub: Submission, rows: dict, columns: dict) -> _Sheet:
    y, years = sub.year, tuple(sub.years)
    headers = ["序号", "领域", "指标", "单位", f"{years[0] - 1}年", f"{years[-1]}年目标", "属性",
               *[f"{yr}年" for yr in years], "状态", "说明", "数据来源", "备注", "原因分析", "下一步措施"]
    widths = [6, 10, 30, 8, 10, 12, 8, *[8] * len(years), 10, 30, 12, 12, 16, 16]
    kind = "填报模板" if sub.kind == "template" else "监测表"
    s = _Sheet(wb, SHEET_IND, sub, f"{sub.title}主要指标{kind}（{y}年度）", headers, widths)
    year_col = 8 + years.index(y)
    after = 8 + len(years)
    cols = {"value": year_col, "source": after + 2, "note": after + 3, "analysis": after + 4,
            "measures": after + 5}
    columns[SHEET_IND] = cols
    s.ws.cell(row=3, column=year_col).fill = OPEN_FILL
    keys: dict[int, str] = {}
    r = 4
    for line in sub.indicators:
        keys[r] = line.key
        mine = open_for(sub.only_unit, line.lead_unit)
        name = ("其中：" + line.name) if line.parent_key else line.name
        for c, v in enumerate((line.seq, line.domain, name, line.unit, line.baseline, line.target,
                               line.attribute), 1):
            s.put(r, c, v, align=CENTER if c not in (3,) else WRAP)
        for k, yr in enumerate(years):
            value = "" if (sub.kind == "template" and yr == y) else line.values.get(yr, "")
            if yr == y:
                s.field(r, 8 + k, line.key, "value", value, open_=mine, align=CENTER,
                        base=line.values.get(yr, ""),
                        text_format=line.baseline.replace("：", ":").startswith("1:"))
            else:
                s.put(r, 8 + k, value, align=CENTER)
        status = "" if sub.kind == "template" else line.status
        fill = PatternFill("solid", fgColor=STATUS_FILLS[status]) if status in STATUS_FILLS else None
        s.put(r, after, status, align=CENTER, fill=fill)
        s.put(r, after + 1, "" if sub.kind == "template" else line.explanation)
        for field in ("source", "note", "analysis", "measures"):
            s.field(r, cols[field], line.key, field, getattr(line, field), open_=mine)
        r += 1
    # the block a printed submission is signed and stamped in, as the PDF summary has it
    gap = "\u3000" * 8
    for k, text in enumerate((f"填报人：{gap}审核人：{gap}单位负责人：{gap}",
                              f"（单位盖章）{gap * 2}日期：\u3000\u3000年\u3000\u3000月\u3000\u3000日"), 1):
        s.put(r + k, 1, text)
        s.lines.pop(r + k, None)        # one line over the merged width, not column A's
        _merge(s.ws, f"A{r + k}:{get_column_letter(min(after + 1, 12))}{r + k}")
        s.ws.row_dimensions[r + k].height = 30
    # the domain, one merged cell over its rows, as printed in the plan
    start, merged_away = 4, set()
    for _, group in groupby(sub.indicators, key=lambda ln: ln.domain):
        n = len(list(group))
        if n > 1:
            _merge(s.ws, f"B{start}:B{start + n - 1}")
            merged_away |= {f"B{k}" for k in range(start + 1, start + n)}
        start += n
    s.locked = [lk for lk in s.locked if lk[1] not in merged_away]
    rows[SHEET_IND] = keys
    return s


def _project_sheet(wb: Workbook, sub: Submission, rows: dict, columns: dict) -> _Sheet:
    headers = ["专栏", "项目", "牵头单位", "配合单位", "状态", "进度%", "计划完成年份", "完成时间",
               "计划投资（万元）", "完成投资（万元）", "说明"]
    widths = [22, 30, 14, 14, 9, 7, 9, 11, 11, 11, 30]
    s = _Sheet(wb, SHEET_PROJ, sub, f"{sub.title}专栏项目推进表（{sub.year}年度）", headers, widths)
    columns[SHEET_PROJ] = PROJECT_FIELDS
    keys: dict[int, str] = {}
    r = 4
    for p in sub.projects:
        keys[r] = p.key
        mine = open_for(sub.only_unit, p.lead_unit, p.support_units)
        s.put(r, 1, p.box)
        s.put(r, 2, p.name)
        s.put(r, 7, p.planned_year or "", align=CENTER)
        for field, col in PROJECT_FIELDS.items():
            value = getattr(p, field)
            s.field(r, col, p.key, field, "" if value is None else value, open_=mine,
                    align=WRAP if field in ("lead_unit", "support_units", "note") else CENTER,
                    text_format=field == "done_date")
        r += 1
    _status_list(s, "E", r)
    rows[SHEET_PROJ] = keys
    return s


def _task_sheet(wb: Workbook, sub: Submission, rows: dict, columns: dict) -> _Sheet:
    headers = ["章节", "任务", "牵头单位", "状态", "进度%", "完成时限", "进展说明"]
    widths = [26, 40, 14, 9, 7, 11, 40]
    s = _Sheet(wb, SHEET_TASK, sub, f"{sub.title}重点任务推进表（{sub.year}年度）", headers, widths)
    columns[SHEET_TASK] = TASK_FIELDS
    keys: dict[int, str] = {}
    chapter = ""
    r = 4
    for t in sub.tasks:
        if t.level == 1:
            chapter = t.title
        keys[r] = t.key
        mine = open_for(sub.only_unit, t.lead_unit) and t.counted   # context is not filled in
        s.put(r, 1, chapter if t.level > 1 else t.title)
        s.put(r, 2, t.title if t.level > 1 else "")
        for field, col in TASK_FIELDS.items():
            s.field(r, col, t.key, field, getattr(t, field), open_=mine,
                    align=WRAP if field in ("lead_unit", "note") else CENTER,
                    text_format=field == "deadline")
        r += 1
    _status_list(s, "D", r)
    rows[SHEET_TASK] = keys
    return s


def _status_list(s: _Sheet, column: str, end: int) -> None:
    dv = DataValidation(type="list", formula1='"' + ",".join(PROJECT_STATUSES) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="状态", error="请从下拉列表中选择状态")
    s.ws.add_data_validation(dv)
    if end > 4:
        dv.add(f"{column}4:{column}{end - 1}")


def _note_sheet(wb: Workbook, sub: Submission) -> None:
    ws = wb.create_sheet(SHEET_NOTE)
    for_unit = f"（本表只开放“{sub.only_unit}”负责的行）" if sub.only_unit else ""
    lines = [
        ("规划", sub.title), ("地区", f"{sub.parent_region} {sub.region}"), ("年度", f"{sub.year}年"),
        ("规划期", f"{sub.years[0]}—{sub.years[-1]}年（基期{sub.years[0] - 1}年）"),
        ("生成程序", f"规划台账 {sub.program}"),
        ("填写说明", "只需填写浅黄色单元格：本年度实际值、数据来源、备注、原因分析、下一步措施，项目和任务的进展，"
                 f"以及下方的填报信息{for_unit}。其他单元格已锁定，请勿修改表格结构；填好后保存为 .xlsx 原样报送。"),
        ("数值", "直接填数字：百分比填 95.6 或 95.6%；比值填 1:1.32；"
                 "基期是两个数的指标（如“96/94”）同样填两个数，其余只填一个数。"),
        ("空白与删除", "空白单元格表示“本次不报”，不会清除已报的数据；"
                  "要撤回以前报过的某个数值，请在该单元格填写“删除”。"),
        ("锁定单元格", "锁定单元格的内容随表保存一份，用于发现误改；它防止的是无意的改动，不是防伪。"),
    ]
    for r, (k, v) in enumerate(lines, 1):
        _text(ws.cell(row=r, column=1), k)
        _text(ws.cell(row=r, column=2), v)
        if r == 1:      # the first row styled, the others given its style (one hash, not one a cell)
            ws.cell(row=r, column=1).font = Font(name=FONT, bold=True)
            ws.cell(row=r, column=1).alignment = Alignment(vertical="top")
            ws.cell(row=r, column=2).font = Font(name=FONT)
            ws.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        else:
            ws.cell(row=r, column=1)._style = copy(ws.cell(row=1, column=1)._style)
            ws.cell(row=r, column=2)._style = copy(ws.cell(row=1, column=2)._style)
        lines_needed = -(-len(v.encode("gb18030")) // (NOTE_WIDTH - 2))  # spreadsheets do not grow rows
        if lines_needed > 1:
            ws.row_dimensions[r].height = 14.5 * lines_needed + 2
    _text(ws.cell(row=SIGNER_ROW - 1, column=1), "填报信息")
    ws.cell(row=SIGNER_ROW - 1, column=1).font = Font(name=FONT, bold=True, size=12)
    for k, (field, label) in enumerate(SIGNERS):
        r = SIGNER_ROW + k
        _text(ws.cell(row=r, column=1), label)
        ws.cell(row=r, column=1)._style = copy(ws.cell(row=1, column=1)._style)      # bold, as the keys above
        cell = ws.cell(row=r, column=2)
        _text(cell, getattr(sub, field))
        if k == 0:
            cell.protection = UNLOCKED
            cell.fill = OPEN_FILL
            cell.border = BORDER
        else:
            cell._style = copy(ws.cell(row=SIGNER_ROW, column=2)._style)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = NOTE_WIDTH
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True


def _meta_sheet(wb: Workbook, sub: Submission, rows: dict, locked: list, columns: dict,
                base: dict) -> None:
    ws = wb.create_sheet(SHEET_META)
    plan = {
        "indicators": [{k: getattr(i, k) for k in ("key", "seq", "domain", "name", "unit", "baseline",
                                                   "target", "attribute", "catalogue_key", "parent_key",
                                                   "lead_unit")}
                       for i in sub.indicators],
        "projects": [{k: getattr(p, k) for k in ("key", "box", "name", "text", "planned_year")}
                     for p in sub.projects],
        "tasks": [{k: getattr(t, k) for k in ("key", "level", "title", "parent_key")} for t in sub.tasks],
    }
    head = {"format": FORMAT, "schema": SCHEMA, "program": sub.program, "kind": sub.kind,
            "plan_key": sub.plan_key, "title": sub.title, "region": sub.region, "level": sub.level,
            "parent_region": sub.parent_region, "year": sub.year, "years": list(sub.years),
            "unit": sub.unit, "filler": sub.filler, "phone": sub.phone, "date": sub.date,
            "database_id": sub.database_id, "only_unit": sub.only_unit,
            "exported_at": sub.exported_at}
    payload = json.dumps({"head": head, "rows": rows, "locked": locked, "plan": plan,
                          "columns": columns, "base": base, "signers": SIGNER_ROW},
                         ensure_ascii=False, sort_keys=True)
    _text(ws["A1"], FORMAT)
    _text(ws["B1"], hashlib.sha256(payload.encode()).hexdigest())
    for k, start in enumerate(range(0, len(payload), META_CHUNK), 2):
        cell = ws.cell(row=k, column=1)       # exactly the payload (JSON has no raw line ends)
        cell._value, cell.data_type = escape(payload[start:start + META_CHUNK]), "s"
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
