"""The 总结评估 report from one model: the Word document (公文 style) and the PDF carry what people
entered; what is missing is a highlighted fill-in mark in Word and nothing invented in the PDF;
in the target year there is no projection."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX

from desktop.services import evaluation, plans, reports, values
from tests.conftest import JINGYAN
from tests.reports.test_pdf import pdf_text

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "plausible_values.json"
REASON, MEASURE = "受疫情影响，居民参加体育锻炼人数下降", "新建全民健身中心，开展全民健身月活动"


@pytest.fixture
def filled(session):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    ids = {f"{p.region}|{r.seq}|{r.name}": r.id for p in plans.list_plans(session=session)
           for r in plans.plan_indicators(session=session, plan_id=p.id)}
    values.enter_values(session=session, items=[(ids[k], int(y), v) for k, by in data.items() if k in ids
                                                for y, v in by.items()], confirmed=True)
    lagging = [s for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)
               if s.cell_for(2025).status in ("滞后", "逆向")]
    assert len(lagging) >= 2
    values.set_reasons(session=session, indicator_id=lagging[0].id, year=2025, analysis=REASON, measures=MEASURE)
    values.set_report_texts(session=session, plan_id=JINGYAN, year=2025,
                            texts={"成效": "五年来，全县居民健康水平稳步提高。"})
    return lagging


def docx_text(path) -> tuple[str, list[str]]:
    d = docx.Document(str(path))
    texts, marks = [], []
    for para in d.paragraphs:
        texts.append(para.text)
        marks += [r.text for r in para.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                for para in cell.paragraphs:
                    texts.append(para.text)
                    marks += [r.text for r in para.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    return "\n".join(texts), marks


def test_both_outputs_carry_the_reasons_and_word_marks_what_is_missing(session, filled, tmp_path):
    word = reports.export_docx(session=session, plan_id=JINGYAN, year=2025, path=tmp_path / "报告.docx")
    pdf = reports.export_pdf(session=session, plan_id=JINGYAN, year=2025, path=tmp_path / "报告.pdf",
                             kind="evaluation")
    text, marks = docx_text(word)
    assert REASON in text and MEASURE in text and "五年来，全县居民健康水平稳步提高。" in text
    assert "总结评估报告" in text and "规划目标完成情况" in text
    assert "【请填写原因分析】" in marks and "【请填写下一步措施】" in marks   # the other lagging rows
    assert any(m.startswith("【请填写：存在问题") for m in marks)
    printed = pdf_text(pdf)
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = raw.replace(" ", "").replace("\n", "")     # a table cell's lines in their own order
    assert REASON in flat and MEASURE in flat and "规划目标完成情况" in flat
    assert "请填写" not in flat and "预计2025" not in flat and "推算到2025" not in flat
    assert "未填写" in flat                           # a missing reason in the PDF's table
    lines = [ln.strip() for ln in printed.splitlines() if ln.strip()]
    assert not [ln for ln in lines if ln[0] in "，。、；：）"]


def test_the_word_document_is_a_gongwen_page(session, filled, tmp_path):
    word = reports.export_docx(session=session, plan_id=JINGYAN, year=2025, path=tmp_path / "报告.docx")
    d = docx.Document(str(word))
    section = d.sections[-1]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    body = next(p for p in d.paragraphs if p.text.startswith("规划目标完成情况"))
    assert body.paragraph_format.line_spacing.pt == 28
    assert body.runs[0].font.name == "仿宋_GB2312" and body.runs[0].font.size.pt == 16
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    table_xml = d.part.part_related_by(RT.FONT_TABLE).blob.decode("utf-8")
    assert 'w:name="仿宋_GB2312"' in table_xml and 'w:altName w:val="仿宋"' in table_xml
    header = d.tables[0].rows[0]._tr.xml
    assert "tblHeader" in header                      # the header row repeats on every page


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")
def test_libreoffice_opens_the_word_document_and_prints_it(session, filled, tmp_path):
    word = reports.export_docx(session=session, plan_id=JINGYAN, year=2025, path=tmp_path / "report.docx")
    out = subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                          "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(word)],
                         capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    printed = pdf_text(tmp_path / "lo" / "report.pdf").replace(" ", "")
    assert "总结评估报告" in printed and "— 2 —".replace(" ", "") in printed


def test_a_mid_period_report_keeps_its_projection(session, filled, tmp_path):
    word = reports.export_docx(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "中期.docx")
    text, _ = docx_text(word)
    assert "中期评估报告" in text and "推算到2025年" in text and "预计\n2025" in text   # the header on two lines


def test_a_past_years_report_measures_lights_at_that_years_end(session):
    """A project due by the end of 2025 and not finished is not '已逾期' in the 2025 report made in
    2026: the report is as of 2025-12-31."""
    from desktop.services import checklist

    project = checklist.projects(session=session, plan_id=JINGYAN)[0].items[0]
    checklist.update(session=session, kind="project", changes={project.id: {"planned_year": "2025",
                                                                             "status": "推进中", "progress": 90}})
    data = reports.report_data(session=session, plan_id=JINGYAN, year=2025)
    row = next(r for r in data.projects if r.name == project.title)
    assert row.light != "red" and "逾期" not in row.light_reason


def test_a_past_years_report_counts_what_was_entered_for_that_year_after_it_ended(session, monkeypatch):
    """A year's report is written after the year: a project ticked done in 2026 with its completion
    date in 2025 is done in the 2025 report; one finished in 2026 is under way in it."""
    from desktop.services import checklist
    from desktop.storage import database

    first, second = checklist.projects(session=session, plan_id=JINGYAN)[0].items[:2]
    monkeypatch.setattr(database, "now", lambda: "2026-01-20T10:00:00")
    checklist.update(session=session, kind="project", changes={
        first.id: {"status": "已完成", "progress": 100, "done_date": "2025-12-20", "spent_invest": "1300.5"},
        second.id: {"status": "已完成", "progress": 100, "done_date": "2026-01-15"}})
    monkeypatch.undo()
    rows = {r.name: r for r in reports.report_data(session=session, plan_id=JINGYAN, year=2025).projects}
    assert (rows[first.title].status, rows[first.title].spent_invest) == ("已完成", 1300.5)
    assert rows[second.title].status == "推进中"          # done after the year it reports


def test_a_submitted_years_report_shows_projects_and_tasks_as_submitted(session, monkeypatch):
    """Once the year was submitted and locked, what changed after the lock is put back (from the
    audit history): the report is the year as it was handed in."""
    from desktop.services import checklist
    from desktop.storage import database

    project = checklist.projects(session=session, plan_id=JINGYAN)[0].items[0]
    task = next(t for t in checklist.tasks(session=session, plan_id=JINGYAN) if t.level > 1)
    monkeypatch.setattr(database, "now", lambda: "2026-01-10T10:00:00")
    checklist.update(session=session, kind="project", changes={project.id: {"status": "推进中", "progress": 40}})
    checklist.update(session=session, kind="task", changes={task.id: {"status": "推进中", "progress": 60}})
    from desktop.storage import values as stored_values

    monkeypatch.setattr(database, "now", lambda: "2026-01-15T10:00:00")
    monkeypatch.setattr(stored_values, "now", lambda: "2026-01-15T10:00:00")
    values.lock_year(session=session, plan_id=JINGYAN, year=2025)
    monkeypatch.setattr(database, "now", lambda: "2026-03-01T10:00:00")
    checklist.update(session=session, kind="project", changes={project.id: {"status": "已完成", "progress": 100}})
    checklist.update(session=session, kind="task", changes={task.id: {"status": "已完成", "progress": 100}})
    monkeypatch.undo()
    data = reports.report_data(session=session, plan_id=JINGYAN, year=2025)
    row = next(r for r in data.projects if r.name == project.title)
    assert (row.status, row.progress) == ("推进中", 40)
    t = next(r for r in data.tasks if r.title == task.title)
    assert (t.status, t.progress) == ("推进中", 60)
    now = next(i for g in checklist.projects(session=session, plan_id=JINGYAN) for i in g.items
               if i.id == project.id)
    assert now.fields.status == "已完成"


def test_the_years_summary_in_word_is_landscape_with_every_year_the_reasons_and_the_signature(
        session, filled, tmp_path):
    word = reports.export_docx(session=session, plan_id=JINGYAN, year=2025, path=tmp_path / "进展.docx",
                               kind="summary")
    d = docx.Document(str(word))
    assert d.sections[0].page_width > d.sections[0].page_height           # landscape
    text, marks = docx_text(word)
    assert "2025年度进展情况" in text and "规划目标完成情况" in text
    headers = [c.text for c in d.tables[1].rows[0].cells]
    assert [h for h in headers if h in ("2021", "2022", "2023", "2024", "2025")] == [
        "2021", "2022", "2023", "2024", "2025"]
    assert REASON in text and MEASURE in text
    assert "【请填写原因分析】" in marks                      # the lagging rows nobody explained
    assert "填报人" in text and "单位负责人" in text and "单位盖章" in text
    pdf = reports.export_pdf(session=session, plan_id=JINGYAN, year=2025, path=tmp_path / "进展.pdf")
    flat = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True
                          ).stdout.replace(" ", "").replace("\n", "")
    assert REASON in flat and "请填写" not in flat and "单位负责人" in flat


def test_task_counts_leave_out_background_principles_goals_and_headings(session, tmp_path):
    """井研县: the report counts the sections that carry work. Expected from the plan's own
    structure, independently of the rule: every section with no sub-sections outside 第一章
    规划背景 and 第二章 总体要求."""
    rows = session.store.query("SELECT id, parent_id, title FROM sections WHERE plan_id = ?", [JINGYAN])
    parent = {r["id"]: r["parent_id"] for r in rows}
    title = {r["id"]: r["title"] for r in rows}
    chapters = {r["id"] for r in rows if r["title"] in ("规划背景", "总体要求")}
    assert len(chapters) == 2

    def under_context(i):
        while i:
            if i in chapters:
                return True
            i = parent[i]
        return False
    leaves = [i for i in title if i not in set(parent.values()) and not under_context(i)]
    pdf = reports.export_pdf(session=session, plan_id=JINGYAN, year=2025, path=tmp_path / "e.pdf",
                             kind="evaluation")
    flat = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True
                          ).stdout.replace(" ", "").replace("\n", "")
    assert f"纳入统计的重点任务{len(leaves)}项，未启动{len(leaves)}项" in flat
    assert f"等{len(rows) - len(leaves)}个章节不是任务" in flat


def test_no_warning_is_not_claimed_when_the_binding_indicators_were_not_filled_in(session):
    from desktop.reports.outline import overview

    life = next(s for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN) if s.row.name == "人均预期寿命")
    values.enter_values(session=session, items=[(life.id, 2022, "78.5")])     # a value, none binding
    data = reports.report_data(session=session, plan_id=JINGYAN, year=2022)
    text = overview(data, final=False)
    binding = [r.name for r in data.indicators if r.attribute == "约束性"]
    assert binding and "约束性指标无预警" not in text
    assert f"约束性指标{len(binding)}项，其中{len(binding)}项未填报" in text
