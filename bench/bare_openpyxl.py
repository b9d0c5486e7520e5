"""The workbook floor: openpyxl writing every given cell with its defaults (no styles, merges,
validation or print setup). Imported by bench/exchange.py in-process, and run as a whole process:
`python bench/bare_openpyxl.py cells.json out.xlsx` (it loads openpyxl only)."""

from __future__ import annotations

import json
import sys


def write(cells: dict, path) -> None:
    """cells: sheet title -> [(row, column, value)]."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, values in cells.items():
        ws = wb.create_sheet(title)
        for r, c, v in values:
            ws.cell(row=r, column=c, value=v)
    wb.save(path)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        write(json.load(f), sys.argv[2])
