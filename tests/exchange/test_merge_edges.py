"""Returned workbooks in the shapes a careless or hurried clerk makes them (found by trying to break
the merge): older files, templates over values already entered, numbers a spreadsheet program
changed, rows that came or went since the export."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from desktop.services import checklist, evaluation, plan_edit, submissions, values
from desktop.services.session import open_session
from tests.conftest import JINGYAN, only_plan
from tests.exchange.workbooks import fill, imported


def _ids(session, plan_id=JINGYAN):
    return [s.id for s in evaluation.evaluate_plan(session=session, plan_id=plan_id)]


def _text(session, index, year=2023, plan_id=JINGYAN):
    return evaluation.evaluate_plan(session=session, plan_id=plan_id)[index].cells[year].text


@pytest.fixture
def city(home, built_db, tmp_path):
    """Another bureau's database: the bundled plans too, so the county's plan is known there."""
    db = tmp_path / "city" / "plans.db"
    db.parent.mkdir()
    shutil.copyfile(built_db, db)
    s = open_session(db)
    yield s
    s.close()


def test_an_older_workbook_never_rolls_back_a_newer_one(session, empty_session, tmp_path):
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[0], 2023, "78.5")])
    older = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "a.xlsx")
    values.enter_values(session=session, items=[(ids[0], 2023, "78.6")])
    newer = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "b.xlsx")
    imported(empty_session, older)
    imported(empty_session, newer)
    again = submissions.preview_import(session=empty_session, path=older)
    assert [(c.mine, c.theirs) for c in again.conflicts] == [("78.6", "78.5")]
    assert any("早于" in n for n in again.notices)
    submissions.apply_import(session=empty_session, preview=again)
    assert _text(empty_session, 0, plan_id=only_plan(empty_session)) == "78.6"


def test_a_template_over_values_already_entered(session, tmp_path):
    """The template shows the year blank; what the database held at export is what the clerk's
    cell is compared with: a new number replaces it, 删除 withdraws it, a blank keeps it."""
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[0], 2023, "78.5"), (ids[5], 2023, "9.1"),
                                                (ids[3], 2023, "3")])
    template = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023,
                                           path=tmp_path / "t.xlsx", kind="template")
    filled = fill(template, tmp_path / "f.xlsx", {"J4": 79, "J9": "删除"}, sheet="指标")
    preview = imported(session, filled)
    assert not preview.conflicts
    assert [_text(session, k) for k in (0, 5, 3)] == ["79", "", "3"]


@pytest.mark.parametrize(("sheet", "coord", "value", "words"), [
    ("专栏项目", "H5", 2023.1, "被表格软件当成了数字"),           # 2023.10 typed in a General cell
    ("专栏项目", "I5", "7,8", "不是数字"),                        # a decimal comma in 万元
    ("指标", "J24", (0.125, "0.0%"), "不是比值"),                 # 医护比 formatted as a percentage
    ("指标", "J24", "132", "不合常理"),
    ("指标", "J24", "1:0", "不合常理"),
])
def test_numbers_a_spreadsheet_changed_are_refused_with_the_cell(session, tmp_path, sheet, coord,
                                                                 value, words):
    template = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023,
                                           path=tmp_path / "t.xlsx", kind="template")
    ws = openpyxl.load_workbook(template)["指标"]
    ratio_row = next(r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=3).value == "医护比")
    coord = coord.replace("J24", f"J{ratio_row}")
    filled = fill(template, tmp_path / "f.xlsx", {coord: value}, sheet=sheet)
    preview = submissions.preview_import(session=session, path=filled)
    assert not preview.ok and any(coord in r and words in r for r in preview.rejected), preview.rejected


def test_values_are_checked_against_this_databases_baseline(session, empty_session, tmp_path):
    out = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "s.xlsx")
    imported(empty_session, out)
    first = _ids(empty_session, plan_id=only_plan(empty_session))[0]
    plan_edit.edit_indicator(session=empty_session, indicator_id=first, fields={"baseline_text": "1:1.2"})
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[0], 2023, "78.5")])
    out2 = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "s2.xlsx")
    preview = submissions.preview_import(session=empty_session, path=out2)
    assert any("J4" in r and "比值" in r for r in preview.rejected), preview.rejected


def test_a_bundled_copy_takes_a_units_progress_not_as_conflicts(session, city, tmp_path):
    """The city's copy of the county's plan was never filled in: 未启动/0 is no one's decision."""
    item = next(i for g in checklist.projects(session=session, plan_id=JINGYAN) for i in g.items)
    checklist.update(session=session, kind="project", changes={item.id: {"status": "推进中",
                                                                         "progress": 30}})
    out = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "s.xlsx")
    preview = imported(city, out)
    assert not preview.conflicts and preview.mode == "compare"
    got = next(i for g in checklist.projects(session=city, plan_id=JINGYAN) for i in g.items if i.id == item.id)
    assert (got.fields.status, got.fields.progress) == ("推进中", 30)


def test_a_withdrawn_value_takes_its_notes_with_it(session, tmp_path):
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[0], 2023, "78.5")])
    out = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "s.xlsx")
    preview = imported(session, fill(out, tmp_path / "d.xlsx", {"J4": "删除", "O4": "新来源"}, sheet="指标"))
    assert preview.changed_values == [("人均预期寿命", "78.5", "（删除）")] and not preview.changed_items
    assert _text(session, 0) == ""


def test_spaces_a_program_trims_from_a_locked_cell_are_not_tampering(session, tmp_path):
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[0], 2023, "78.5")])
    values.set_value_details(session=session, indicator_id=ids[0], year=2023, source="统计局 \n",
                             note="")
    plan_edit.edit_indicator(session=session, indicator_id=ids[2], fields={"lead_unit": "妇幼保健院"})
    out = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, kind="template",
                                      path=tmp_path / "t.xlsx", unit="妇幼保健院")
    filled = fill(out, tmp_path / "f.xlsx", {"J6": 9, "O4": "统计局"}, sheet="指标")
    preview = submissions.preview_import(session=session, path=filled)
    assert preview.ok, preview.rejected


def test_rows_that_came_or_went_since_the_export(session, empty_session, tmp_path):
    ids = _ids(session)
    template = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023,
                                           path=tmp_path / "t.xlsx", kind="template")
    plan_edit.delete_indicator(session=session, indicator_id=ids[1])   # 健康预期寿命, row 5
    preview = imported(session, fill(template, tmp_path / "f.xlsx", {"J4": 78.9}, sheet="指标"))
    assert any("已不存在且未填写" in n for n in preview.notices)
    filled = fill(template, tmp_path / "g.xlsx", {"J5": 70}, sheet="指标")
    bad = submissions.preview_import(session=session, path=filled)
    assert any(r.startswith("指标!J5") for r in bad.rejected)
    # a county's plan that grew a row: the city's received copy grows with it
    first = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "1.xlsx")
    imported(empty_session, first)
    added = plan_edit.add_indicator(session=session, plan_id=JINGYAN, fields={
        "name": "每千人口拥有3岁以下婴幼儿托位数（新）", "unit": "个", "baseline_text": "1", "target_text": "4.5"})
    values.enter_values(session=session, items=[(added.value, 2023, "2.1")])
    second = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "2.xlsx")
    preview = imported(empty_session, second)
    assert any("新增指标" in n for n in preview.notices)
    received = evaluation.evaluate_plan(session=empty_session, plan_id=only_plan(empty_session))
    names = {s.row.name: s.cells[2023].text for s in received}
    assert names["每千人口拥有3岁以下婴幼儿托位数（新）"] == "2.1"


def test_a_dry_run_on_a_locked_year_says_it_will_notimported(session, tmp_path, home):
    from desktop.cli import main

    ids = _ids(session)
    template = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023,
                                           path=tmp_path / "t.xlsx", kind="template")
    values.enter_values(session=session, items=[(ids[0], 2023, "78.5")])
    submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "final.xlsx",
                                final=True)
    filled = fill(template, tmp_path / "f.xlsx", {"J6": 9}, sheet="指标")
    session.close()
    assert main(["--home", str(home), "submission", "import", str(filled), "--dry-run"]) == 1


def test_a_date_in_a_note_is_a_note_and_a_resaved_file_is_the_same_file(session, tmp_path):
    import datetime as dt

    template = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023,
                                           path=tmp_path / "t.xlsx", kind="template")
    filled = fill(template, tmp_path / "f.xlsx", {"J4": 78.9, "P4": dt.datetime(2023, 12, 31)}, sheet="指标")
    preview = imported(session, filled)
    assert ("人均预期寿命", "备注", "", "2023-12-31") in preview.changed_items
    wb = openpyxl.load_workbook(filled)                         # another program saved it again
    wb.properties.lastModifiedBy = "WPS Office"
    resaved = tmp_path / "resaved.xlsx"
    wb.save(resaved)
    assert resaved.read_bytes() != filled.read_bytes()
    again = submissions.preview_import(session=session, path=resaved)
    assert again.repeat_of is not None and again.empty
    submissions.apply_import(session=session, preview=again)
    assert len(submissions.submissions(session=session)) == 1


def test_received_boxes_are_not_named_twice(session, empty_session, tmp_path):
    out = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "s.xlsx")
    imported(empty_session, out)
    titles = [g.title for g in checklist.projects(session=empty_session, plan_id=only_plan(empty_session))]
    assert titles and not any(t.count("专栏") > 1 for t in titles), titles


def test_a_likely_slip_in_a_workbook_is_imported_and_listed_for_the_reviewer(session, tmp_path):
    """96.3 mistyped as 3.2 in a unit's workbook: imported (it may be true) and listed as 数值可疑."""
    from desktop.services import submissions
    from tests.conftest import JINGYAN
    from tests.exchange.workbooks import fill, imported

    book = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, path=tmp_path / "t.xlsx",
                                       kind="template")
    import openpyxl

    ws = openpyxl.load_workbook(book)["指标"]
    header = next(r for r in ws.iter_rows() if r[0].value == "序号")
    col = next(c.column_letter for c in header if c.value == "2024年")
    row = next(r[0].row for r in ws.iter_rows() if r[2].value == "严重精神障碍管理率")
    preview = imported(session, fill(book, tmp_path / "filled.xlsx", {f"{col}{row}": 3.2}, sheet="指标"))
    assert any(n.startswith("数值可疑") and "严重精神障碍管理率" in n and "十分之一" in n for n in preview.notices)
