"""The upward workbook: round trip as a clerk fills it, and every refusal with its location."""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
import subprocess
import zipfile
from types import SimpleNamespace

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell

from desktop.domain.errors import KnownError
from desktop.exchange.submission_reader import WorkbookRejected
from desktop.services import checklist, evaluation, rollup, submissions, values
from tests.conftest import JINGYAN, LIAOCHENG, SIPING


def dump(session):
    db = session.store
    return {t: db.query(f"SELECT * FROM {t}") for t in
            ("plans", "indicators", "actuals", "projects", "tasks", "submissions")}


@pytest.fixture
def template(session, tmp_path):
    return submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023,
                                       path=tmp_path / "井研县-2023-填报模板.xlsx", kind="template")


def fill(path, out, cells: dict[tuple[str, str], object]):
    wb = openpyxl.load_workbook(path)
    for (sheet, coord), value in cells.items():
        wb[sheet][coord] = value
    wb.save(out)
    return out


def test_workbook_layout(session, tmp_path):
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    values.enter_values(session=session, items=[(ids[2], 2023, "12.5"), (ids[2], 2022, "0")])
    path = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["指标", "专栏项目", "任务", "说明", "_meta"]
    assert wb["_meta"].sheet_state == "hidden" and wb["_meta"].protection.sheet
    ws = wb["指标"]
    assert ws["A1"].value == "井研县“十四五”卫生健康发展规划主要指标监测表（2023年度）"
    assert "填报单位" in ws["A2"].value and ws.freeze_panes == "A4"
    assert [ws.cell(row=3, column=c).value for c in range(1, 17)] == [
        "序号", "领域", "指标", "单位", "2020年", "2025年目标", "属性", "2021年", "2022年", "2023年",
        "2024年", "2025年", "状态", "说明", "数据来源", "备注"]
    assert ws["C6"].value == "孕产妇死亡率" and ws["J6"].value == 12.5 and ws["M6"].value == "提前完成"
    assert ws["M6"].fill.fgColor.rgb.endswith("C8E6C9")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"B4:B10", "A1:R1", "A2:R2"} <= merged       # 健康水平 over its 7 rows; the title rows
    table = [ws.cell(row=r, column=c) for r in range(4, 4 + len(ids)) for c in range(1, 19)
             if not isinstance(ws.cell(row=r, column=c), MergedCell)]   # (openpyxl redraws those)
    assert all(c.border.left.style == c.border.bottom.style == "thin" for c in table)
    open_cells = [c for c in table if not c.protection.locked]
    assert {c.column_letter for c in open_cells} == set("JOPQR")   # the year; source, note, analysis, measures
    assert all(c.fill.fgColor.rgb.endswith("FFFDE7") for c in open_cells)
    assert all(c.font.name == "宋体" and c.font.sz == 10 for c in table)
    signed = [r for r in range(4, ws.max_row + 1) if "填报人" in str(ws.cell(row=r, column=1).value or "")
              or "单位盖章" in str(ws.cell(row=r, column=1).value or "")]
    assert len(signed) == 2 and all(ws.row_dimensions[r].height == 30 for r in signed)   # one line each
    assert ws.protection.sheet and not ws["J6"].protection.locked and ws["C6"].protection.locked
    assert ws["I6"].protection.locked          # other years are not for filling
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$1:$3" and "第 &P 页 共 &N 页" in ws.oddFooter.center.text
    assert wb.security.lockStructure
    tasks = wb["任务"]          # background and headings are context: locked; the tasks open
    assert tasks["A10"].value == "第二章 总体要求" and tasks["B10"].value == "第三节 发展目标"
    assert tasks["D10"].protection.locked and not tasks["D13"].protection.locked
    proj = wb["专栏项目"]
    assert any("未启动" in dv.formula1 for dv in proj.data_validations.dataValidation)


def test_round_trip_as_a_clerk_fills_the_template(session, template, tmp_path):
    filled = fill(template, tmp_path / "filled.xlsx", {
        ("指标", "J4"): 78.6, ("指标", "J6"): 12.5, ("指标", "O6"): "妇幼年报",
        ("指标", "J30"): "职工81 居民72",
        ("专栏项目", "E6"): "已完成", ("专栏项目", "F6"): 100, ("专栏项目", "H6"): "2023-05-04",
        ("任务", "D13"): "推进中"})     # 建设现代化疾病预防控制体系 (rows 4–12: background and headings)
    preview = submissions.preview_import(session=session, path=filled, expected_year=2023)
    assert preview.ok, preview.rejected
    assert sorted(preview.new_values) == [("人均预期寿命", "78.6"), ("孕产妇死亡率", "12.5"),
                                          ("职工和城乡居民医保政策范围内住院费用支付比例", "职工81 居民72")]
    submissions.apply_import(session=session, preview=preview)
    states = evaluation.evaluate_plan(session=session, plan_id=JINGYAN)
    assert (states[2].cells[2023].text, states[2].cells[2023].source) == ("12.5", "妇幼年报")
    assert states[0].cells[2023].text == "78.6"
    proj = {i.title: i for g in checklist.projects(session=session, plan_id=JINGYAN) for i in g.items}
    assert proj["提档升级规划"].fields.status == "已完成"
    tasks = {i.title: i for i in checklist.tasks(session=session, plan_id=JINGYAN)}
    assert tasks["建设现代化疾病预防控制体系"].fields.status == "推进中"
    audit = session.store.query("SELECT DISTINCT action FROM audit_log WHERE entity = 'actuals'")
    assert audit == [{"action": "导入上报表"}]
    assert submissions.submissions(session=session)[0].state == "已接收"
    again = submissions.preview_import(session=session, path=filled)  # nothing new the second time
    assert again.ok and not again.new_values and not again.changed_values and not again.changed_items


def test_a_value_changed_here_and_in_the_workbook_is_a_conflict_a_person_settles(
        session, template, tmp_path):
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    values.enter_values(session=session, items=[(ids[2], 2023, "10")])   # after the export
    filled = fill(template, tmp_path / "f.xlsx", {("指标", "J6"): 12.5})
    preview = submissions.preview_import(session=session, path=filled)
    assert preview.ok and not preview.changed_values and not preview.new_values
    [c] = preview.conflicts
    assert (c.name, c.cell, c.base, c.mine, c.theirs) == ("孕产妇死亡率", "指标!J6", "", "10", "12.5")
    submissions.apply_import(session=session, preview=preview)          # default: keep mine
    assert evaluation.evaluate_plan(session=session, plan_id=JINGYAN)[2].cells[2023].text == "10"
    again = submissions.preview_import(session=session, path=filled)
    again.conflicts[0].take_theirs = True
    submissions.apply_import(session=session, preview=again)
    assert evaluation.evaluate_plan(session=session, plan_id=JINGYAN)[2].cells[2023].text == "12.5"


@pytest.mark.parametrize(("cells", "expected_year", "words"), [
    ({("指标", "C6"): "随便改"}, None, "指标!C6：锁定的单元格被改动"),
    ({("指标", "J6"): "十二点五"}, None, "指标!J6（孕产妇死亡率）：“十二点五”不是数值"),
    ({("指标", "J7"): "=1+1"}, None, "指标!J7：单元格含公式"),
    ({("指标", "J11"): 120}, None, "超过100%"),  # 居民健康素养水平 (%)
    ({("专栏项目", "E5"): "差不多了"}, None, "专栏项目!E5（状态）"),
    ({("专栏项目", "F5"): 150}, None, "超出0到100"),
    ({}, 2022, "表格为2023年度"),
])
def test_refusals_name_the_cell_and_change_nothing(session, template, tmp_path, cells,
                                                   expected_year, words):
    filled = fill(template, tmp_path / "bad.xlsx", {("指标", "J4"): 78.6, **cells})
    before = dump(session)
    preview = submissions.preview_import(session=session, path=filled, expected_year=expected_year)
    assert not preview.ok and any(words in r for r in preview.rejected), preview.rejected
    with pytest.raises(KnownError, match="未导入任何内容"):
        submissions.apply_import(session=session, preview=preview)
    assert dump(session) == before


def test_a_tampered_hidden_sheet_is_refused(session, template, tmp_path):
    wb = openpyxl.load_workbook(template)
    meta = wb["_meta"]
    meta["A2"] = meta["A2"].value.replace('"year": 2023', '"year": 2022')
    wb.save(tmp_path / "t.xlsx")
    with pytest.raises(WorkbookRejected, match="被改动过"):
        submissions.preview_import(session=session, path=tmp_path / "t.xlsx")


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<x/>")
        z.writestr("xl/big.xml", b"0" * (210 * 1024 * 1024))
    return buf.getvalue()


@pytest.mark.parametrize(("data", "words"), [
    (b"", "空文件"),
    (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "密码"),
    (b"PK\x03\x04truncated", "不完整或已损坏"),
    (b"hello, not a workbook", "不完整或已损坏"),
])
def test_files_that_are_not_workbooks(session, tmp_path, data, words):
    f = tmp_path / "x.xlsx"
    f.write_bytes(data)
    with pytest.raises(WorkbookRejected, match=words):
        submissions.preview_import(session=session, path=f)


def test_a_zip_bomb_is_refused(session, tmp_path):
    f = tmp_path / "bomb.xlsx"
    f.write_bytes(_zip_bomb())
    with pytest.raises(WorkbookRejected, match="解压后过大"):
        submissions.preview_import(session=session, path=f)


def test_a_workbook_from_elsewhere_is_refused(session, tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "我自己做的表"
    wb.save(tmp_path / "own.xlsx")
    with pytest.raises(WorkbookRejected, match="不是规划台账生成"):
        submissions.preview_import(session=session, path=tmp_path / "own.xlsx")


def test_user_text_never_becomes_a_formula(session, tmp_path):
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    values.enter_values(session=session, items=[(ids[2], 2023, "12.5")])
    values.set_value_details(session=session, indicator_id=ids[2], year=2023,
                             source="=HYPERLINK(\"http://x\")", note="@SUM(A1)")
    path = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(path)["指标"]
    assert ws["O6"].data_type == "s" and ws["O6"].value.startswith("=HYPERLINK")
    assert ws["P6"].data_type == "s"


def test_a_note_pasted_with_control_characters_still_exports_and_reads_back(session, tmp_path):
    """Text copied from another program can carry characters no spreadsheet file may hold (control
    characters, the non-characters U+FFFE and U+FFFF)."""
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    values.enter_values(session=session, items=[(ids[2], 2023, "12.5")])
    values.set_value_details(session=session, indicator_id=ids[2], year=2023,
                             source="卫健统计\x07年报\uffff", note="第一行\n第二行\x0b\ufffe")
    from desktop.services import plan_edit

    plan_edit.edit_indicator(session=session, indicator_id=ids[2], fields={"name": "孕产妇\x1b死亡率"})
    path = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(path)["指标"]
    assert (ws["C6"].value, ws["O6"].value, ws["P6"].value) == ("孕产妇死亡率", "卫健统计年报", "第一行\n第二行")
    preview = submissions.preview_import(session=session, path=path)
    assert preview.ok, preview.rejected


def test_rollup_of_units_received(empty_session, session, tmp_path):
    """The city receives two counties' submissions into its own database and compares them."""
    for plan_id, vals in ((2, {2: "12.5", 0: "78.6"}), (4, {2: "9", 0: "78.0"})):
        ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=plan_id)]
        values.enter_values(session=session, items=[(ids[k], 2023, v) for k, v in vals.items()])
        path = submissions.export_workbook(session=session, plan_id=plan_id, year=2023,
                                           path=tmp_path / f"{plan_id}.xlsx")
        preview = submissions.preview_import(session=empty_session, path=path)
        assert preview.ok and preview.plan_id is None
        submissions.apply_import(session=empty_session, preview=preview)
    data = rollup.rollup(session=empty_session, year=2023)
    assert data.regions == ["井研县", "相山区"]
    mmr = next(r for r in data.rows if r.key == "maternal_mortality")
    assert mmr.cells == {"井研县": ("12.5", "提前完成"), "相山区": ("9", "提前完成")}
    counts = {c["地区"]: c for c in data.counts}
    assert counts["井研县"]["已填报"] == 2 and counts["相山区"]["上报状态"] == "已接收"
    sid = submissions.submissions(session=empty_session)[0].id
    with pytest.raises(KnownError, match="理由"):
        submissions.set_state(session=empty_session, submission_id=sid, state="已退回")
    submissions.set_state(session=empty_session, submission_id=sid, state="已退回", reason="第6行数据来源未填")
    assert "第6行数据来源未填" in submissions.return_note(session=empty_session, submission_id=sid)
    out = rollup.export_rollup(session=empty_session, year=2023, path=tmp_path / "汇总.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["指标对比", "明细", "各单位情况"] and "孕产妇死亡率" in wb.sheetnames
    ws = wb["指标对比"]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == "孕产妇死亡率")
    assert ws.cell(row=row, column=3).value == 12.5 and ws.cell(row=row, column=3).data_type == "n"
    assert ws.cell(row=row, column=3).number_format == "0.0"      # the decimals the unit printed
    assert ws.cell(row=row, column=5).value == 9 and ws.cell(row=row, column=5).number_format == "0"
    # the next year's workbook from the same unit lands on the same received plan
    path = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2024, path=tmp_path / "2024.xlsx")
    preview = submissions.preview_import(session=empty_session, path=path)
    assert preview.plan_id is not None


def test_long_format(session, tmp_path):
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=SIPING)]
    values.enter_values(session=session, items=[(ids[2], 2023, "14.90"), (ids[9], 2023, "96/94")])
    csv_path = rollup.export_long(session=session, plan_id=SIPING, path=tmp_path / "l.csv")
    text = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert text[0].startswith("dataElement,indicator,orgUnit,period,value,printed")
    assert "maternal_mortality,孕产妇死亡率,四平市,2023,14.9,14.90" in text[1]
    js = json.loads(rollup.export_long(session=session, plan_id=SIPING, path=tmp_path / "l.json",
                                       fmt="json").read_text(encoding="utf-8"))
    assert {d["dataElement"] for d in js["dataValues"]} == {"maternal_mortality", "mch_management"}


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is installed by the setup")
def test_libreoffice_opens_the_workbook_and_prints_it(session, tmp_path):
    path = submissions.export_workbook(session=session, plan_id=LIAOCHENG, year=2023, path=tmp_path / "s.xlsx")
    out = subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                         capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "s.pdf"
    assert pdf.exists(), out.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "聊城市“十四五”卫生与健康规划主要指标监测表（2023年度）" in text
    assert re.search(r"第\s*1\s*页\s*共\s*\d+\s*页", text) and "孕产妇死亡率" in text


def test_nothing_half_imported_when_the_database_is_locked(session, template, tmp_path):
    filled = fill(template, tmp_path / "f.xlsx", {("指标", "J4"): 78.6})
    preview = submissions.preview_import(session=session, path=filled)
    other = sqlite3.connect(session.database_path)
    other.execute("BEGIN IMMEDIATE")
    session.store.conn.execute("PRAGMA busy_timeout = 100")
    before = dump(session)
    with pytest.raises(KnownError, match="另一程序使用"):
        submissions.apply_import(session=session, preview=preview)
    other.rollback()
    other.close()
    assert dump(session) == before


def test_a_cell_restyled_after_it_was_written_keeps_its_new_style(tmp_path):
    """The workbook's cells carry their style's index from when they were made (no hashing at
    save); a cell whose style is changed later is saved with the new style, not the remembered."""
    from openpyxl.styles import PatternFill

    from desktop.exchange.submission_workbook import _Sheet

    wb = openpyxl.Workbook()
    sub = SimpleNamespace(unit="", filler="", phone="", date="")
    sheet = _Sheet(wb, "表", sub, "标题", ["甲", "乙"], [10, 10])
    sheet.put(4, 1, "不变")
    changed = sheet.put(4, 2, "改过")
    changed.fill = PatternFill("solid", fgColor="FF0000")
    wb.save(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["表"]
    assert ws["B4"].fill.fgColor.rgb.endswith("FF0000") and ws["B4"].border.left.style == "thin"
    assert ws["A4"].fill.fill_type is None and ws["A4"].border.left.style == "thin"


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is installed by the setup")
def test_a_workbook_saved_again_by_libreoffice_imports_as_unchanged(session, tmp_path):
    """A unit opens the workbook in LibreOffice and saves it without typing anything: nothing
    changes, nothing is refused — also where a note was typed with CR LF (LibreOffice keeps LF)
    and in a unit's template, whose locked cells are compared with what was written."""
    from desktop.services import plan_edit, values

    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    values.enter_values(session=session, items=[(ids[0], 2023, "78.50"), (ids[2], 2023, "9.5")])
    values.set_value_details(session=session, indicator_id=ids[0], year=2023, source="年报", note="甲\r\n乙")
    values.set_value_details(session=session, indicator_id=ids[2], year=2023, source="", note="第一行\r\n第二行")
    plan_edit.edit_indicator(session=session, indicator_id=ids[2], fields={"lead_unit": "妇幼保健院"})
    before = dump(session)
    for kind, unit in (("xlsx", ""), ("template", "妇幼保健院")):
        folder = tmp_path / kind
        path = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, kind=kind, unit=unit,
                                           path=tmp_path / f"{kind}.xlsx")
        out = subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                              "--convert-to", "xlsx", "--outdir", str(folder), str(path)],
                             capture_output=True, text=True, timeout=240)
        saved = folder / f"{kind}.xlsx"
        assert saved.exists(), out.stderr
        preview = submissions.preview_import(session=session, path=saved)
        assert preview.ok, preview.rejected
        assert not preview.new_values and not preview.changed_values and not preview.changed_items
        assert not preview.conflicts
    assert dump(session) == before
