"""Filling a returned workbook as a clerk would, and importing it: shared by the exchange tests."""

from __future__ import annotations

import openpyxl

from desktop.services import submissions


def fill(path, out, cells: dict, sheet: str | None = None):
    """Write cells into a copy of the workbook: {(sheet, coord): value} or, with `sheet`,
    {coord: value}; a (value, number format) pair sets the cell's format too."""
    wb = openpyxl.load_workbook(path)
    for key, value in cells.items():
        where, coord = (sheet, key) if sheet else key
        if isinstance(value, tuple):
            wb[where][coord].value, wb[where][coord].number_format = value
        else:
            wb[where][coord] = value
    wb.save(out)
    return out


def imported(session, path, **kw):
    """Preview, expect no refusal, apply; the preview."""
    preview = submissions.preview_import(session=session, path=path, **kw)
    assert preview.ok, preview.rejected
    submissions.apply_import(session=session, preview=preview)
    return preview
