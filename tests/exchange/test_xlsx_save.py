"""The program's own save of a workbook writes what openpyxl's save writes, part by part."""

from __future__ import annotations

import datetime
import zipfile

import openpyxl
from lxml import etree
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection

from desktop.exchange import xlsx
from desktop.exchange.submission_workbook import write_submission
from desktop.services import submissions
from tests.conftest import JINGYAN

TRICKY = [" leading space", "trailing space ", "a & b < c > d \" ' ;", "two\nlines", "windows\r\nline end",
          "tab\there", "emoji 😀 and 𠀋", "人均预期寿命（岁）", "_x000D_ written literally", "0123", "=1+1 as text",
          "   "]


def _parts(path) -> dict[str, list]:
    """Each part of the package as its elements (tag, attributes, text, tail): equal XML however a
    writer spelled an empty element or placed a namespace declaration."""
    with zipfile.ZipFile(path) as z:
        return {name: [(e.tag, dict(e.attrib), e.text or "", e.tail or "")
                       for e in etree.fromstring(z.read(name)).iter()]
                for name in z.namelist() if name.endswith((".xml", ".rels")) and name != "docProps/core.xml"}


def _tricky_workbook() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "文字"
    for r, text in enumerate(TRICKY, 1):
        ws.cell(row=r, column=1)._value = text          # as the writers set text: never a formula
        ws.cell(row=r, column=1).data_type = "s"
        ws.cell(row=r, column=2, value=[7, -5, 0.1, 1e-07, 2023.1, 12345678901.25, 0, 3][r % 8])
    ws["C1"].fill = PatternFill("solid", fgColor="FFFDE7")          # an open cell, empty
    ws["C1"].protection = Protection(locked=False)
    ws["C2"].font = Font(bold=True)
    ws["C2"].alignment = Alignment(wrap_text=True)
    ws["B3"].number_format = "0.00"
    ws.row_dimensions[2].height = 40
    ws.row_dimensions[30].height = 20                               # a row with no cells
    ws.merge_cells("D1:E2")
    ws.protection.sheet = True
    other = wb.create_sheet("其他")                                  # cells only openpyxl writes
    other["A1"] = "=SUM(B1:B2)"
    other["B1"] = datetime.date(2025, 12, 31)
    other["B2"] = True
    other["C1"] = "链接"
    other["C1"].hyperlink = "https://example.org/"
    other["D1"] = "批注"
    other["D1"].comment = Comment("说明", "填报人")
    other["E1"] = "text"
    return wb


def test_the_programs_save_writes_what_openpyxl_writes(tmp_path):
    _tricky_workbook().save(tmp_path / "openpyxl.xlsx")      # (a save changes the workbook a little)
    xlsx.save(_tricky_workbook(), tmp_path / "ours.xlsx")
    assert _parts(tmp_path / "ours.xlsx") == _parts(tmp_path / "openpyxl.xlsx")
    # and read back, every text is what was written (a carriage return stays one)
    back = openpyxl.load_workbook(tmp_path / "ours.xlsx")
    assert [back["文字"].cell(row=r, column=1).value for r in range(1, len(TRICKY) + 1)] == TRICKY
    assert back["文字"]["B5"].value == 12345678901.25 and back["文字"]["B3"].number_format == "0.00"
    assert back["文字"]["C1"].protection.locked is False
    assert back["其他"]["A1"].value == "=SUM(B1:B2)" and back["其他"]["D1"].comment.text == "说明"


def test_the_sheet_of_text_and_numbers_goes_the_quick_way_and_the_others_openpyxls(tmp_path):
    from openpyxl.worksheet._writer import WorksheetWriter

    wb = _tricky_workbook()
    quick = {ws.title: xlsx._sheet_data(ws, WorksheetWriter(ws, out=tmp_path / ws.title).rows()) is not None
             for ws in wb}
    assert quick == {"文字": True, "其他": False}


def test_a_submission_saved_either_way_is_the_same_workbook(session, tmp_path, monkeypatch):
    sub = submissions.build_submission(session=session, plan_id=JINGYAN, year=2023)
    kept = []
    monkeypatch.setattr("desktop.exchange.submission_workbook.save", lambda wb, path: kept.append(wb))
    write_submission(sub, tmp_path / "unused.xlsx")
    write_submission(sub, tmp_path / "unused.xlsx")
    kept[0].save(tmp_path / "openpyxl.xlsx")
    xlsx.save(kept[1], tmp_path / "ours.xlsx")
    assert _parts(tmp_path / "ours.xlsx") == _parts(tmp_path / "openpyxl.xlsx")
