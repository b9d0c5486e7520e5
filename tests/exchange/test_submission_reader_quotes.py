"""A refusal quotes what was typed, never a whole pasted page."""

from __future__ import annotations

from openpyxl import load_workbook

from desktop.exchange.submission_reader import read_submission
from desktop.services import submissions


def test_a_locked_cell_overwritten_with_a_page_of_text_is_quoted_briefly(session, tmp_path):
    path = submissions.export_workbook(session=session, plan_id=2, year=2023, path=tmp_path / "井研县.xlsx")
    wb = load_workbook(path)
    ws = wb["指标"]
    name_cell = next(c for row in ws.iter_rows(min_row=1, max_row=12) for c in row if c.value == "人均预期寿命")
    name_cell.value = "规划" * 5000
    wb.save(path)
    read = read_submission(path)
    said = [str(p) for p in read.problems if "锁定的单元格被改动" in str(p)]
    assert said and "（共10000字）" in said[0] and len(said[0]) < 200
