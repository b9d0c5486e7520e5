"""A returned workbook changes only what its sender changed: empty cells, partial returns,
删除, cell formats the clerk's spreadsheet program chose, the same file twice, old workbooks."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import openpyxl
import pytest

from desktop.services import checklist, evaluation, submissions, values
from tests.conftest import JINGYAN, only_plan
from tests.exchange.workbooks import fill, imported


def _ids(session, plan_id=JINGYAN):
    return [s.id for s in evaluation.evaluate_plan(session=session, plan_id=plan_id)]


def _value(session, index, year=2024, plan_id=JINGYAN):
    return evaluation.evaluate_plan(session=session, plan_id=plan_id)[index].cells[year].text


def _project(session, name, plan_id=JINGYAN):
    return next(i for g in checklist.projects(session=session, plan_id=plan_id) for i in g.items
                if i.title == name)


@pytest.fixture
def template_2024(session, tmp_path):
    return submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024,
                                       path=tmp_path / "模板-2024.xlsx", kind="template")


def test_a_returned_template_erases_nothing_it_did_not_change(session, template_2024, tmp_path):
    """The issue's case: values entered and a project ticked after the export survive a unit
    returning the template with one cell filled."""
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[k], 2024, v) for k, v in
                                                ((0, "78.9"), (2, "9.5"), (3, "3.1"), (4, "4.0"),
                                                 (5, "9.9"))])
    ticked = _project(session, "提档升级规划")
    checklist.tick_done(session=session, kind="project", ids=[ticked.id])
    # K is 2024; row 10 is the 7th indicator
    filled = fill(template_2024, tmp_path / "one-cell.xlsx", {("指标", "K10"): 25})
    preview = imported(session, filled)
    assert [n for n, _ in preview.new_values] == [evaluation.evaluate_plan(
        session=session, plan_id=JINGYAN)[6].row.name]
    assert not preview.changed_values and not preview.changed_items and not preview.conflicts
    assert [_value(session, k) for k in (0, 2, 3, 4, 5, 6)] == ["78.9", "9.5", "3.1", "4.0", "9.9", "25"]
    assert _project(session, "提档升级规划").fields.status == "已完成"


def test_partial_returns_of_one_template_merge(session, template_2024, tmp_path):
    first = fill(template_2024, tmp_path / "a.xlsx", {("指标", "K4"): 78.9, ("指标", "K6"): 9.5})
    second = fill(template_2024, tmp_path / "b.xlsx", {("指标", "K7"): 3.1,
                                                        ("专栏项目", "E5"): "推进中"})
    imported(session, first)
    p2 = imported(session, second)
    assert not p2.conflicts
    assert [_value(session, k) for k in (0, 2, 3)] == ["78.9", "9.5", "3.1"]
    assert sum(i.fields.status == "推进中" for g in checklist.projects(session=session, plan_id=JINGYAN)
               for i in g.items) == 1


def test_the_word_delete_withdraws_a_value_and_an_empty_cell_does_not(session, tmp_path):
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[0], 2024, "78.9"), (ids[2], 2024, "9.5")])
    out = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, path=tmp_path / "s.xlsx")
    filled = fill(out, tmp_path / "withdraw.xlsx", {("指标", "K4"): "删除", ("指标", "K6"): None})
    preview = imported(session, filled)
    assert preview.changed_values == [("人均预期寿命", "78.9", "（删除）")]
    assert (_value(session, 0), _value(session, 2)) == ("", "9.5")


def test_the_same_workbook_twice_is_recognised(session, template_2024, tmp_path):
    filled = fill(template_2024, tmp_path / "f.xlsx", {("指标", "K4"): 78.9})
    imported(session, filled)
    again = submissions.preview_import(session=session, path=filled)
    assert again.repeat_of is not None and again.empty
    assert any("导入过" in n for n in again.notices)
    submissions.apply_import(session=session, preview=again)
    assert len(submissions.submissions(session=session)) == 1


@pytest.mark.parametrize(("cell", "value", "expected"), [
    ("K4", (0.789, "0.0%"), None),            # 人均预期寿命 (岁) formatted as a percentage: asked
    ("K11", (0.92, "0%"), "92"),              # 居民健康素养水平 (%) typed "92%"
    ("K11", ("1,350", "General"), None),      # thousands separator on a percentage: over 100
    ("K4", ("7,8", "General"), None),
    ("K31", ("1,350", "General"), "1350"),    # a count with a thousands separator
    ("K31", (123456.789012, "General"), "123456.789012"),   # every digit typed, none rounded away
])
def test_cells_are_read_as_the_clerk_meant(session, template_2024, tmp_path, cell, value, expected):
    filled = fill(template_2024, tmp_path / "f.xlsx", {("指标", cell): value})
    preview = submissions.preview_import(session=session, path=filled)
    if expected is None:
        assert not preview.ok and any(f"指标!{cell}" in r for r in preview.rejected), preview.rejected
    else:
        assert preview.ok, preview.rejected
        assert [v for _, v in preview.new_values] == [expected]


def test_a_date_or_time_where_a_number_belongs_is_refused_with_the_cell(session, template_2024,
                                                                        tmp_path):
    filled = fill(template_2024, tmp_path / "f.xlsx", {("指标", "K6"): dt.time(1, 1, 19)})
    preview = submissions.preview_import(session=session, path=filled)
    assert not preview.ok
    assert any(r.startswith("指标!K6") and "日期或时间" in r for r in preview.rejected), preview.rejected


def test_a_ratio_indicator_refuses_percentages_with_a_sentence(session, tmp_path):
    from desktop.services import plan_edit

    plan_edit.add_indicator(session=session, plan_id=JINGYAN, fields={
        "name": "医护比", "unit": "", "baseline_text": "1:1.3", "target_text": "1:1.35"})
    ids = _ids(session)
    for text in ("12.5%", "1,350", "1.3‰", "1:1.32"):
        entry = values.check_value(session=session, indicator_id=ids[-1], text=text)
        assert entry.ok == (text == "1:1.32") and (entry.ok or entry.message), text
    out = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, path=tmp_path / "t.xlsx",
                                      kind="template")
    ws = openpyxl.load_workbook(out)["指标"]
    last = ws.max_row - 3          # below the rows, after a blank one: the 填报人/审核人/盖章 block
    assert ws.cell(row=last, column=3).value == "医护比" and ws[f"K{last}"].number_format == "@"
    assert str(ws.cell(row=ws.max_row - 1, column=1).value).startswith("填报人：")
    assert "单位盖章" in str(ws.cell(row=ws.max_row, column=1).value)


def test_a_version_1_workbook_still_imports_and_asks_about_differences(session, tmp_path):
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[2], 2024, "9.5")])
    out = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, path=tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(out)
    meta = wb["_meta"]
    chunks, r = [], 2
    while meta.cell(row=r, column=1).value:
        chunks.append(meta.cell(row=r, column=1).value)
        r += 1
    data = json.loads("".join(chunks))
    for k in ("columns", "base", "signers"):
        data.pop(k)
    data["head"]["schema"] = 1
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for k in range(2, r):
        meta.cell(row=k, column=1).value = None
    meta["A2"], meta["B1"] = payload, hashlib.sha256(payload.encode()).hexdigest()
    wb["指标"]["K6"], wb["指标"]["K4"] = 9.9, 78.9
    wb.save(tmp_path / "v1.xlsx")
    preview = submissions.preview_import(session=session, path=tmp_path / "v1.xlsx")
    assert preview.ok and preview.mode == "compare"
    assert preview.new_values == [("人均预期寿命", "78.9")]
    assert [(c.name, c.mine, c.theirs) for c in preview.conflicts] == [("孕产妇死亡率", "9.5", "9.9")]


def test_a_unit_template_opens_only_its_rows(session, tmp_path):
    from desktop.services import plan_edit

    ids = _ids(session)
    plan_edit.edit_indicator(session=session, indicator_id=ids[2], fields={"lead_unit": "妇幼保健院"})
    out = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, kind="template",
                                      path=tmp_path / "妇幼.xlsx", unit="妇幼保健院")
    ws = openpyxl.load_workbook(out)["指标"]
    assert not ws["K6"].protection.locked and ws["K4"].protection.locked
    filled = fill(out, tmp_path / "f.xlsx", {("指标", "K6"): 9.1})
    preview = imported(session, filled)
    assert preview.new_values == [("孕产妇死亡率", "9.1")]
    with pytest.raises(Exception, match="没有负责"):
        submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, kind="template",
                                    path=tmp_path / "x.xlsx", unit="不存在的单位")


def test_who_signed_travels_with_the_submission(session, template_2024, tmp_path):
    filled = fill(template_2024, tmp_path / "f.xlsx", {
        ("指标", "K4"): 78.9, ("说明", "B12"): "张三", ("说明", "B13"): "李四", ("说明", "B14"): "王五"})
    imported(session, filled)
    row = submissions.submissions(session=session)[0]
    assert (row.filler, row.reviewer, row.head_of_unit) == ("张三", "李四", "王五")


def test_received_baseline_differences_are_told(session, empty_session, tmp_path):
    out = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, path=tmp_path / "s.xlsx")
    imported(empty_session, out)
    from desktop.services import plan_edit

    first = _ids(empty_session, plan_id=only_plan(empty_session))[0]
    plan_edit.edit_indicator(session=empty_session, indicator_id=first, fields={"baseline_text": "77"})
    preview = submissions.preview_import(session=empty_session, path=out)
    assert any("基期值" in n and "本库为“77”" in n for n in preview.notices), preview.notices


def _note(session, index, year=2024):
    return values.value_of(session=session, indicator_id=_ids(session)[index], year=year).get("note", "")


def test_a_value_typed_with_more_decimals_than_its_cell_shows_is_taken_as_typed(session, tmp_path):
    """A cell formatted with the decimals of the value it held at export (78.50: "0.00") rounds
    what it shows, never what the clerk entered: 78.504 is stored as 78.504, not as 78.50 (which
    would count as unchanged and lose the edit), and 88.125 not as 88.12."""
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[0], 2024, "78.50"), (ids[2], 2024, "9.50")])
    book = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, path=tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(book)["指标"]
    assert (ws["K4"].number_format, ws["K6"].number_format) == ("0.00", "0.00")
    imported(session, fill(book, tmp_path / "more.xlsx", {("指标", "K4"): 78.504, ("指标", "K6"): 9.5}))
    assert [_value(session, 0), _value(session, 2)] == ["78.504", "9.50"]   # K6 left as it was
    book = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, path=tmp_path / "y.xlsx")
    imported(session, fill(book, tmp_path / "again.xlsx", {("指标", "K6"): 88.125}))
    assert _value(session, 2) == "88.125"


def test_notes_with_windows_line_ends_are_the_same_notes_after_another_program_saves(session, tmp_path):
    """A note typed with CR LF comes back with LF once LibreOffice or WPS has saved the workbook
    (and CR LF from a program that keeps them): neither is a change, and a unit's template whose
    locked cells hold such a note is not refused."""
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[0], 2024, "78.5")])
    values.set_value_details(session=session, indicator_id=ids[0], year=2024, source="统计年鉴", note="甲\r\n乙")
    book = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, path=tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(book)["指标"]
    note_col = next(c for c in range(1, ws.max_column + 1) if ws.cell(row=3, column=c).value == "备注")
    note = f"{openpyxl.utils.get_column_letter(note_col)}4"
    assert ws[note].value == "甲\n乙"              # written with one kind of line end
    for text in ("甲\n乙", "甲\r\n乙"):
        preview = imported(session, fill(book, tmp_path / "resaved.xlsx", {("指标", note): text}))
        assert not preview.changed_values and not preview.changed_items and not preview.conflicts
        assert _note(session, 0) == "甲\r\n乙"       # untouched
    from desktop.services import plan_edit

    plan_edit.edit_indicator(session=session, indicator_id=ids[2], fields={"lead_unit": "妇幼保健院"})
    template = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, kind="template",
                                           unit="妇幼保健院", path=tmp_path / "unit.xlsx")
    locked = openpyxl.load_workbook(template)["指标"][note]
    assert locked.protection.locked and locked.value == "甲\n乙"
    preview = submissions.preview_import(
        session=session, path=fill(template, tmp_path / "unit-resaved.xlsx", {("指标", note): "甲\r\n乙"}))
    assert preview.ok, preview.rejected


def test_the_file_formats_character_escapes_are_read_and_literal_ones_written_escaped(session, tmp_path):
    """Excel and LibreOffice write a character by its code (_x000B_) and a literal "_x" text
    escaped (_x005F_x…): read as the clerk typed (a control character no file may hold is
    dropped); and a note that contains such text is written escaped, so no program turns it into
    a character."""
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[0], 2024, "78.5"), (ids[2], 2024, "9.5")])
    values.set_value_details(session=session, indicator_id=ids[2], year=2024, source="", note="编码_x000D_说明")
    book = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, path=tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(book)["指标"]
    note_col = next(c for c in range(1, ws.max_column + 1) if ws.cell(row=3, column=c).value == "备注")
    letter = openpyxl.utils.get_column_letter(note_col)
    assert ws[f"{letter}6"].value == "编码_x005F_x000D_说明"
    preview = imported(session, fill(book, tmp_path / "typed.xlsx",
                                     {("指标", f"{letter}4"): "甲_x000B_乙_x005F_x000D_丙"}))
    assert not preview.conflicts
    assert _note(session, 0) == "甲乙_x000D_丙"
    assert _note(session, 2) == "编码_x000D_说明"        # left alone: not a change
