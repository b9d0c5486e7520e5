"""The level above's 汇总 workbook: the same indicator side by side across its units.

Sheets: 指标对比 (an indicator a row, each unit's value and status), 明细 (a row per unit ×
indicator, for filters and pivot tables), 各单位情况 (counts per unit, units not reported), and
one sheet per indicator comparing the units worst first. A value written as a plain number is
stored as a number with the decimals the unit printed (so SUM and AVERAGE work); anything else
(职工≥80 居民≥70, 1:1.32) stays text as written."""

from __future__ import annotations

import re
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..domain.colours import STATUSES
from ..domain.records import RollupLine
from .submission_workbook import BORDER, CENTER, FONT, HEAD_FILL, STATUS_FILLS, _text, print_setup
from .xlsx import save

NUMBER = re.compile(r"-?\d{1,12}(?:\.(\d{1,8}))?")
WRAP = Alignment(wrap_text=True, vertical="center")
# worst first: what needs attention at the top of each indicator's sheet
SEVERITY = {s: k for k, s in enumerate(("逆向", "滞后", "待人工判断", "未填报", "基本符合预期", "快于预期",
                                        "提前完成", "已完成", "未报送", "无此指标"))}
NOT_IN_PLAN = "无此指标"      # the unit's plan does not have this indicator (not a missing return)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
HEAD_FONT = Font(name=FONT, bold=True)
TITLE_FONT = Font(name=FONT, size=15, bold=True)
FILLS = {status: PatternFill("solid", fgColor=colour) for status, colour in STATUS_FILLS.items()}


def _styled(cell, *, number_format: str = "General", alignment=None, fill=None, border=BORDER,
            font=None) -> None:
    """Style a cell from the module's style objects. Each combination is built once per workbook
    and its style index copied after that: openpyxl hashes every style object on assignment, which
    for a roll-up of 200 units was most of the time spent writing it."""
    cache = cell.parent.parent.__dict__.setdefault("_planledger_styles", {})
    key = (number_format, id(alignment), id(fill), id(border), id(font))   # module constants only
    known = cache.get(key)
    if known is not None:
        cell._style = copy(known)
        return
    if number_format != "General":
        cell.number_format = number_format
    for name, value in (("alignment", alignment), ("fill", fill), ("border", border), ("font", font)):
        if value is not None:
            setattr(cell, name, value)
    cache[key] = copy(cell._style)


def _value(cell, text: str, alignment=CENTER) -> None:
    """A plain number as a number, formatted with its printed decimals; anything else as text."""
    m = NUMBER.fullmatch((text or "").strip())
    if m:
        cell.value = float(text) if m.group(1) else int(text)
        places = len(m.group(1) or "")
        _styled(cell, number_format="0" if not places else "0." + "0" * places, alignment=alignment)
    else:
        _text(cell, text)
        _styled(cell, alignment=alignment)


def _plain(cell, text, alignment=None) -> None:
    _text(cell, text)
    _styled(cell, alignment=alignment)


def _head(ws, row: int, heads: list[str], widths: list[float]) -> None:
    for c, h in enumerate(heads, 1):
        cell = ws.cell(row=row, column=c)
        _text(cell, h)
        _styled(cell, alignment=CENTER, fill=HEAD_FILL, font=HEAD_FONT)
        ws.column_dimensions[get_column_letter(c)].width = widths[c - 1]


def _title(ws, text: str, columns: int) -> None:
    ws.merge_cells(f"A1:{get_column_letter(max(columns, 2))}1")
    _text(ws["A1"], text)
    _styled(ws["A1"], alignment=CENTER, font=TITLE_FONT, border=None)
    ws.row_dimensions[1].height = 30


def _fit_height(ws, row: int, texts: list[tuple[str, float]]) -> None:
    """Rows tall enough for their wrapped text (a spreadsheet does not grow them on its own when
    the file is opened): lines = the longest cell's characters over its column's width."""
    lines = 1
    for text, width in texts:
        per_line = max(1, int(width / 2))     # a Chinese character is about two width units
        lines = max(lines, -(-len(text or "") // per_line))
    ws.row_dimensions[row].height = max(18, 15 * lines + 3)


def _status(cell, status: str) -> None:
    _text(cell, status)
    _styled(cell, alignment=CENTER, fill=FILLS.get(status))


def write_rollup(*, title: str, year: int, regions: list[str], rows: list[RollupLine],
                 counts: list[dict], path: Path, unmatched: list[dict] | None = None) -> Path:
    """rows: one line per catalogue indicator, its value and status per region; counts: per region."""
    wb = Workbook()
    ws = wb.active
    ws.title = "指标对比"
    heads = ["指标", "单位"] + [h for r in regions for h in (f"{r}", f"{r}状态")]
    _title(ws, f"{title}（{year}年度）", len(heads))
    widths = [30, 8] + [11] * (len(heads) - 2)
    _head(ws, 2, heads, widths)
    for r, row in enumerate(rows, 3):
        _plain(ws.cell(row=r, column=1), row.name, WRAP)
        _plain(ws.cell(row=r, column=2), row.unit, CENTER)
        texts = [(row.name, 30)]
        for k, region in enumerate(regions):
            value, status = row.cells.get(region, ("", NOT_IN_PLAN))
            _value(ws.cell(row=r, column=3 + 2 * k), value)
            _status(ws.cell(row=r, column=4 + 2 * k), status)
            texts.append((value, 11))
        _fit_height(ws, r, texts)
    ws.freeze_panes = "C3"
    print_setup(ws, title_rows="1:2")
    _detail_sheet(wb, title, year, regions, rows)
    _counts_sheet(wb, title, year, counts)
    if unmatched:
        _unmatched_sheet(wb, year, unmatched)
    for row in rows:
        _indicator_sheet(wb, year, regions, row)
    save(wb, path)
    return Path(path)


def _detail_sheet(wb: Workbook, title: str, year: int, regions: list[str], rows: list[RollupLine]) -> None:
    ws = wb.create_sheet("明细")
    heads = ["地区", "指标", "单位", "目标", f"{year}年", "状态"]
    _title(ws, f"{title}明细（{year}年度）", len(heads))
    _head(ws, 2, heads, [14, 30, 8, 14, 11, 12])
    r = 3
    for region in regions:
        for row in rows:
            if region not in row.cells:
                continue
            value, status = row.cells[region]
            target = row.targets.get(region, "")
            for c, text in enumerate((region, row.name, row.unit), 1):
                _plain(ws.cell(row=r, column=c), text, WRAP if c == 2 else CENTER)
            _value(ws.cell(row=r, column=4), target)      # a plain target (79) a number too
            _value(ws.cell(row=r, column=5), value)
            _status(ws.cell(row=r, column=6), status)
            _fit_height(ws, r, [(row.name, 30), (target, 14)])
            r += 1
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:F{max(r - 1, 2)}"
    print_setup(ws, title_rows="1:2")


def _counts_sheet(wb: Workbook, title: str, year: int, counts: list[dict]) -> None:
    cs = wb.create_sheet("各单位情况")
    keys = ["地区", "上报状态", "指标数", "已填报", *STATUSES]
    _title(cs, f"{title}各单位情况（{year}年度）", len(keys))
    _head(cs, 2, keys, [16, 10] + [10] * (len(keys) - 2))
    for r, row in enumerate(counts, 3):
        for c, h in enumerate(keys, 1):
            cell = cs.cell(row=r, column=c)
            if c > 2:
                cell.value = int(row.get(h, 0) or 0)
            else:
                _text(cell, row.get(h, ""))
            _styled(cell, alignment=CENTER)
    print_setup(cs, title_rows="1:2")


def _unmatched_sheet(wb: Workbook, year: int, unmatched: list[dict]) -> None:
    """The units' indicators outside the catalogue: listed, not dropped (match them in 汇总 → 未匹配)."""
    ws = wb.create_sheet("未匹配")
    keys = ["地区", "指标", "单位", "值", "状态"]
    _title(ws, f"未匹配到指标目录的指标（{year}年度）：在程序“汇总 → 未匹配”中匹配后即计入对比", len(keys))
    _head(ws, 2, keys, [14, 36, 10, 12, 12])
    for r, item in enumerate(unmatched, 3):
        for c, k in enumerate(keys, 1):
            cell = ws.cell(row=r, column=c)
            if k == "值":
                _value(cell, item[k], alignment=None)
            elif k == "状态":
                _status(cell, item[k])
            else:
                _plain(cell, item[k])
        _fit_height(ws, r, [(item["指标"], 36)])
    print_setup(ws, title_rows="1:2")


def _indicator_sheet(wb: Workbook, year: int, regions: list[str], row: RollupLine) -> None:
    """One indicator across the units, worst first: the sheet a leader reads to see who lags."""
    name = _BAD_SHEET_CHARS.sub("", row.name)[:28] or row.key
    taken = set(wb.sheetnames)
    sheet_name, k = name, 2
    while sheet_name in taken:
        sheet_name = f"{name[:26]}{k}"
        k += 1
    ws = wb.create_sheet(sheet_name)
    heads = ["地区", f"{year}年", "目标", "状态"]
    _title(ws, f"{row.name}（{row.unit}，{year}年度）" if row.unit else f"{row.name}（{year}年度）", len(heads))
    _head(ws, 2, heads, [16, 12, 16, 14])
    units = sorted(regions, key=lambda g: SEVERITY.get(row.cells.get(g, ("", NOT_IN_PLAN))[1], 99))
    for r, region in enumerate(units, 3):
        value, status = row.cells.get(region, ("", NOT_IN_PLAN))
        _plain(ws.cell(row=r, column=1), region, CENTER)
        _value(ws.cell(row=r, column=2), value)
        _value(ws.cell(row=r, column=3), row.targets.get(region, ""))
        _status(ws.cell(row=r, column=4), status)
    print_setup(ws, title_rows="1:2")
