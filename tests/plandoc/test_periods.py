"""A plan's period read from its document: the main table's header years, the title, the text.

Every document here is written for the test, in shapes the bundled (十四五) plans do not have; the
expected fields are written by hand.
"""

from __future__ import annotations

import docx
import pytest

from desktop.plandoc import read_plan_bytes

BODY = """第二章 主要任务
一、强化公共卫生体系
加强疾病预防控制体系建设，提升监测预警能力。
"""


def plan_text(title: str, header: list[str], rows: list[list[str]], lead: str = "") -> bytes:
    lines = [title, "第一章 发展基础", lead or "全县卫生健康事业稳步发展。", "表1 主要指标",
             "\t".join(header), *("\t".join(r) for r in rows)]
    return ("\n".join(lines) + "\n" + BODY).encode("utf-8")


def fields(doc) -> list[tuple[str, str, str]]:
    return [(i.name, i.baseline, i.target) for i in doc.indicators]


def period_notes(doc) -> list[str]:
    return [f.message for f in doc.findings if f.where == "规划期"]


ROWS = [["1", "人均预期寿命", "岁", "79.1", "80"], ["2", "每千人口拥有3岁以下婴幼儿托位数", "个", "3.2", "4.5"]]


@pytest.mark.parametrize("header", [
    ["序号", "指标名称", "单位", "2025年", "2030年"],
    ["序号", "指标名称", "单位", "2025年基期值", "2030年目标值"],
    ["序号", "指标名称", "单位", "基期值（2025年）", "目标值（2030年）"],
    ["序号", "指标名称", "单位", "2025年现状", "2030年目标"],
    ["序号", "指标名称", "单位", "2025 年", "2030 年"],
])
def test_a_fifteenth_plan_table_puts_2025_in_the_baseline_and_2030_in_the_target(header):
    doc = read_plan_bytes(plan_text("某某县“十五五”卫生健康发展规划", header, ROWS), "十五五.txt")
    assert (doc.period, doc.span.baseline_year, doc.span.target_year) == ("2026-2030", 2025, 2030)
    assert fields(doc) == [("人均预期寿命", "79.1", "80"), ("每千人口拥有3岁以下婴幼儿托位数", "3.2", "4.5")]
    assert period_notes(doc) == []


def test_the_target_column_first_is_still_the_target():
    header = ["序号", "指标名称", "单位", "2030年目标", "2025年"]
    rows = [["1", "人均预期寿命", "岁", "80", "79.1"]]
    doc = read_plan_bytes(plan_text("某某县“十五五”卫生健康发展规划", header, rows), "a.txt")
    assert fields(doc) == [("人均预期寿命", "79.1", "80")]
    assert doc.period == "2026-2030"


def test_a_thirteenth_plan():
    header = ["序号", "指标", "单位", "2015年", "2020年", "性质"]
    rows = [["1", "人均预期寿命", "岁", "76.3", "77.3", "预期性"]]
    doc = read_plan_bytes(plan_text("某某市“十三五”卫生与健康规划", header, rows), "十三五.txt")
    assert doc.period == "2016-2020"
    assert fields(doc) == [("人均预期寿命", "76.3", "77.3")]


def test_title_and_table_disagree_the_table_is_taken_and_the_preview_says_so():
    header = ["序号", "指标名称", "单位", "2025年", "2030年"]
    doc = read_plan_bytes(plan_text("某某县“十四五”卫生健康发展规划", header, ROWS), "a.txt")
    assert doc.period == "2026-2030"
    notes = period_notes(doc)
    assert len(notes) == 1 and "十四五" in notes[0] and "2026—2030" in notes[0]


def test_an_undated_table_takes_the_period_from_the_title():
    header = ["序号", "指标名称", "单位", "基期值", "目标值"]
    doc = read_plan_bytes(plan_text("某某区“十五五”卫生健康规划", header, ROWS), "a.txt")
    assert doc.period == "2026-2030"
    assert fields(doc)[0] == ("人均预期寿命", "79.1", "80")


def test_an_undated_table_and_a_plain_title_take_the_period_from_the_text():
    header = ["序号", "指标名称", "单位", "基期值", "目标值"]
    lead = "到2030年，全县居民主要健康指标达到全省平均水平。到2030年，基本建成健康县。"
    doc = read_plan_bytes(plan_text("某某县卫生健康事业发展规划", header, ROWS, lead), "a.txt")
    assert doc.period == "2026-2030"


def test_nothing_names_a_period_the_default_is_said_not_silent():
    header = ["序号", "指标名称", "单位", "基期值", "目标值"]
    doc = read_plan_bytes(plan_text("某某县卫生健康事业发展规划", header, ROWS), "a.txt")
    assert doc.period == "2021-2025"
    assert any("没有写明规划期" in n for n in period_notes(doc))


def test_a_baseline_column_of_an_earlier_year_keeps_the_five_year_period_and_says_so():
    header = ["序号", "指标名称", "单位", "2019年", "2025年"]
    doc = read_plan_bytes(plan_text("某某县“十四五”卫生健康规划", header, ROWS), "a.txt")
    assert doc.period == "2021-2025"
    assert any("2019年" in n for n in period_notes(doc))


def test_a_thirteenth_plan_review_table_before_the_main_one_is_not_the_main_table():
    text = ("某某县“十五五”卫生健康发展规划\n第一章 发展基础\n表1 “十四五”主要指标完成情况\n"
            "序号\t指标名称\t单位\t2020年\t2025年目标\t2025年完成\n1\t人均预期寿命\t岁\t78.5\t79\t79.1\n"
            "表2 “十五五”主要指标\n序号\t指标名称\t单位\t2025年\t2030年\n1\t人均预期寿命\t岁\t79.1\t80\n"
            + BODY)
    doc = read_plan_bytes(text.encode("utf-8"), "a.txt")
    assert doc.period == "2026-2030"
    assert fields(doc) == [("人均预期寿命", "79.1", "80")]
    assert len(doc.reference_tables) == 1


def test_a_word_document_of_the_fifteenth_plan(tmp_path):
    """A 十五五 county plan as a bureau would write it in Word: a table with 2025年/2030年 columns,
    new-era indicators, a binding mark in the 属性 column."""
    d = docx.Document()
    d.add_paragraph("井研县“十五五”卫生健康事业发展规划")
    d.add_paragraph("井研县人民政府")
    d.add_paragraph("第一章 发展基础")
    d.add_paragraph("到2030年，全县卫生健康服务体系更加完善。")
    d.add_paragraph("表1 井研县“十五五”卫生健康发展主要指标")
    rows = [["领域", "序号", "指标名称", "单位", "2025年", "2030年", "指标性质"],
            ["健康水平", "1", "人均预期寿命", "岁", "79.3", "80", "预期性"],
            ["健康水平", "2", "孕产妇死亡率", "/10万", "9.8", "≤9.5", "约束性"],
            ["健康服务", "3", "每千人口拥有3岁以下婴幼儿托位数", "个", "3.6", "4.5", "预期性"],
            ["健康服务", "4", "每千人口执业（助理）医师数", "人", "2.9", "3.4", "预期性"]]
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    d.add_paragraph("第二章 主要任务")
    d.add_paragraph("一、完善公共卫生服务体系")
    d.add_paragraph("加强县疾控中心能力建设。")
    path = tmp_path / "井研县十五五.docx"
    d.save(path)
    doc = read_plan_bytes(path.read_bytes(), path.name)
    assert (doc.period, doc.region) == ("2026-2030", "井研县")
    assert [(i.seq, i.name, i.unit, i.baseline, i.target, i.attribute) for i in doc.indicators] == [
        ("1", "人均预期寿命", "岁", "79.3", "80", "预期性"),
        ("2", "孕产妇死亡率", "/10万", "9.8", "≤9.5", "约束性"),
        ("3", "每千人口拥有3岁以下婴幼儿托位数", "个", "3.6", "4.5", "预期性"),
        ("4", "每千人口执业（助理）医师数", "人", "2.9", "3.4", "预期性")]
    summary = doc.summary()
    assert (summary["period"], summary["baseline_year"], summary["target_year"]) == ("2026-2030", 2025, 2030)
