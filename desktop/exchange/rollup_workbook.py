"""The level above's 汇总 workbook: the same indicator side by side across units."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..domain.colours import STATUSES
from ..domain.records import RollupLine
from .submission_workbook import BORDER, CENTER, FONT, HEAD_FILL, STATUS_FILLS, _text, print_setup


def write_rollup(*, title: str, year: int, regions: list[str], rows: list[RollupLine],
                 counts: list[dict], path: Path) -> Path:
    """rows: one line per catalogue indicator, its value and status per region; counts: per region."""
    wb = Workbook()
    ws = wb.active
    ws.title = "指标对比"
    last = get_column_letter(2 + 2 * len(regions))
    ws.merge_cells(f"A1:{last}1")
    _text(ws["A1"], f"{title}（{year}年度）")
    ws["A1"].font = Font(name=FONT, size=15, bold=True)
    ws["A1"].alignment = CENTER
    heads = ["指标", "单位"] + [h for r in regions for h in (f"{r}", f"{r}状态")]
    for c, h in enumerate(heads, 1):
        cell = ws.cell(row=2, column=c)
        _text(cell, h)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = CENTER
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(c)].width = 30 if c == 1 else (8 if c == 2 else 11)
    for r, row in enumerate(rows, 3):
        _text(ws.cell(row=r, column=1), row.name)
        _text(ws.cell(row=r, column=2), row.unit)
        for k, region in enumerate(regions):
            value, status = row.cells.get(region, ("", "未报送"))
            v, s = ws.cell(row=r, column=3 + 2 * k), ws.cell(row=r, column=4 + 2 * k)
            _text(v, value)
            _text(s, status)
            if status in STATUS_FILLS:
                s.fill = PatternFill("solid", fgColor=STATUS_FILLS[status])
        for c in range(1, len(heads) + 1):
            ws.cell(row=r, column=c).border = BORDER
            ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "C3"
    print_setup(ws, title_rows="1:2")
    cs = wb.create_sheet("各单位情况")
    keys = ["地区", "上报状态", "指标数", "已填报", *STATUSES]
    for c, h in enumerate(keys, 1):
        cell = cs.cell(row=1, column=c)
        _text(cell, h)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEAD_FILL
        cs.column_dimensions[get_column_letter(c)].width = 12
    for r, row in enumerate(counts, 2):
        for c, h in enumerate(keys, 1):
            cs.cell(row=r, column=c).value = row.get(h, 0) if c > 2 else row.get(h, "")
    wb.save(path)
    return Path(path)
