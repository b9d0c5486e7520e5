"""The audit log to Excel: who changed what, when, from what to what, and why."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .submission_workbook import FONT, HEAD_FILL, _text
from .xlsx import save

COLUMNS = (("at", "时间", 19), ("who", "操作人", 10), ("region", "规划", 10), ("action", "操作", 14),
           ("entity", "对象", 12), ("entity_id", "编号", 7), ("field", "字段", 14),
           ("old_value", "原值", 30), ("new_value", "新值", 30), ("reason", "理由", 24))


def write_audit(rows: list[dict], path: Path, title: str) -> Path:
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = "修改记录"
    _text(ws.cell(row=1, column=1), title)
    ws.cell(row=1, column=1).font = Font(name=FONT, size=13, bold=True)
    for c, (_, header, width) in enumerate(COLUMNS, 1):
        cell = ws.cell(row=2, column=c)
        _text(cell, header)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEAD_FILL
        ws.column_dimensions[cell.column_letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, 3):
        for c, (key, _, _) in enumerate(COLUMNS, 1):
            value = row.get(key)
            text = "" if value is None else str(value)
            cell = ws.cell(row=r, column=c)
            _text(cell, text[:32000].replace("T", " ", 1) if key == "at" else text[:32000])
            if key in ("old_value", "new_value", "reason"):
                cell.alignment = wrap
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:J{max(2, len(rows) + 2)}"
    save(wb, path)
    return Path(path)
