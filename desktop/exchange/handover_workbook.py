"""The hand-over table as a workbook: the old plan's final values beside the new plan's baselines."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from .submission_workbook import FONT, HEAD_FILL, _text
from .xlsx import save

NOTE_FILL = PatternFill("solid", fgColor="FFF4CE")


def write_handover(title: str, rows: list[dict], path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "期末值与基期值对照"
    _text(ws.cell(row=1, column=1), title)
    ws.cell(row=1, column=1).font = Font(name=FONT, size=13, bold=True)
    headers = list(rows[0]) if rows else ["指标"]
    widths = {"序号": 6, "指标": 34, "单位": 8, "对应方式": 12, "提示": 40}
    for c, header in enumerate(headers, 1):
        cell = ws.cell(row=2, column=c)
        _text(cell, header)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[cell.column_letter].width = widths.get(header, 14)
    for r, row in enumerate(rows, 3):
        for c, header in enumerate(headers, 1):
            cell = ws.cell(row=r, column=c)
            _text(cell, str(row.get(header, "")))   # as printed: '≥80', '79.5', never re-typed
            cell.font = Font(name=FONT)
            cell.alignment = Alignment(wrap_text=header in ("指标", "提示"), vertical="top")
            if header == "提示" and row.get(header):
                cell.fill = NOTE_FILL
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{ws.cell(row=2, column=len(headers)).column_letter}{max(2, len(rows) + 2)}"
    save(wb, path)
    return path
