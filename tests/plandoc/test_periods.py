"""A plan's period read from its document: the main table's header years, the title, the text.

Every document here is written for the test, in shapes the bundled (十四五) plans do not have; the
expected fields are written by hand.
"""

from __future__ import annotations

import docx
import pytest

from desktop.plandoc import read_plan_bytes
from tests.plandoc.test_formats import add_table

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
    add_table(d, rows)
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


@pytest.mark.parametrize("title", [
    "犍为县卫生健康发展规划（2026—2030年）",
    "犍为县卫生健康发展规划（2026-2030年）",
    "犍为县2026～2030年卫生健康发展规划",
    "犍为县国民经济和社会发展第十五个五年规划卫生健康专项规划",
])
def test_a_period_written_as_years_or_as_the_nth_plan_in_the_title(title):
    header = ["序号", "指标名称", "单位", "基期值", "目标值"]
    doc = read_plan_bytes(plan_text(title, header, ROWS), "a.txt")
    assert doc.period == "2026-2030" and period_notes(doc) == []


def test_a_caption_naming_the_years_places_an_undated_table():
    text = ("某某县卫生健康发展规划\n第一章 发展基础\n表1 主要指标（2025年基期、2030年目标）\n"
            "序号\t指标名称\t单位\t基期值\t目标值\n1\t人均预期寿命\t岁\t79.1\t80\n" + BODY)
    doc = read_plan_bytes(text.encode("utf-8"), "a.txt")
    assert doc.period == "2026-2030" and period_notes(doc) == []


def test_a_2035_long_range_goal_beside_2030_targets_is_not_the_target_year():
    header = ["序号", "指标名称", "单位", "基期值", "目标值"]
    lead = "到2030年，主要健康指标达到全省先进水平。到2035年，建成健康强县。到2035年，人人享有基本医疗卫生服务。"
    doc = read_plan_bytes(plan_text("某某县卫生健康发展规划", header, ROWS, lead), "a.txt")
    assert doc.period == "2026-2030"
    assert any("推定" in n and "请核对" in n for n in period_notes(doc))   # inferred, and said so


def test_only_a_2035_goal_in_the_text_is_inferred_and_said():
    header = ["序号", "指标名称", "单位", "基期值", "目标值"]
    doc = read_plan_bytes(plan_text("某某县卫生健康发展规划", header, ROWS, "到2035年，建成健康强县。"), "a.txt")
    assert any("到2035年" in n and "请核对" in n for n in period_notes(doc))


@pytest.mark.parametrize("header", [
    ["序号", "指标名称", "单位", "2024年", "2025年", "2030年"],
    ["序号", "指标名称", "单位", "2024年实际", "2025年预计", "2030年目标"],
])
def test_of_three_year_columns_the_one_five_years_before_the_target_is_the_baseline(header):
    rows = [["1", "人均预期寿命", "岁", "78.0", "78.1", "79"]]
    doc = read_plan_bytes(plan_text("某某县“十五五”卫生健康规划", header, rows), "a.txt")
    assert fields(doc) == [("人均预期寿命", "78.1", "79")]
    assert doc.period == "2026-2030"


@pytest.mark.parametrize("title", ["某某县“十四五”卫生健康规划", "某某县卫生健康规划"])
def test_a_2019_baseline_column_gives_the_same_period_whatever_the_title(title):
    header = ["序号", "指标名称", "单位", "2019年", "2025年"]
    doc = read_plan_bytes(plan_text(title, header, ROWS), "a.txt")
    assert doc.period == "2021-2025"
    assert any("2019年" in n for n in period_notes(doc))


def test_header_cells_in_full_width_digits_and_a_unit_in_the_name_header():
    header = ["序号", "指标名称（单位）", "２０２５年", "２０３０年"]
    rows = [["1", "人均预期寿命（岁）", "79.1", "80"]]
    doc = read_plan_bytes(plan_text("某某县“十五五”卫生健康规划", header, rows), "a.txt")
    assert [(i.name, i.unit, i.baseline, i.target) for i in doc.indicators] == [("人均预期寿命", "岁", "79.1", "80")]


def test_a_row_missing_a_cell_is_flagged_not_silently_shifted():
    header = ["序号", "指标名称", "单位", "2025年", "2030年", "属性"]
    rows = [["1", "人均预期寿命", "岁", "79.1", "80", "预期性"], ["2", "孕产妇死亡率", "/10万", "≤12", "预期性"]]
    doc = read_plan_bytes(plan_text("某某县“十五五”卫生健康规划", header, rows), "a.txt")
    notes = [f.message for f in doc.findings if f.where == "指标表第2行"]
    assert any("错位" in n for n in notes)
    assert not [f for f in doc.findings if f.where == "指标表第1行"]


def test_a_word_table_with_a_two_row_header(tmp_path):
    """基期值 / 目标值 in the first header row, 2025年 / 2030年 below, other cells merged down."""
    d = docx.Document()
    d.add_paragraph("某某区卫生健康发展规划")
    d.add_paragraph("第一章 发展基础")
    t = d.add_table(rows=4, cols=5)
    for c, text in enumerate(["序号", "指标名称", "单位", "基期值", "目标值"]):
        t.cell(0, c).text = text
    for c in (0, 1, 2):
        t.cell(0, c).merge(t.cell(1, c))
    t.cell(1, 3).text, t.cell(1, 4).text = "2025年", "2030年"
    for r, row in enumerate([["1", "人均预期寿命", "岁", "79.1", "80"], ["2", "婴儿死亡率", "‰", "3.4", "≤3.2"]], 2):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    d.add_paragraph("第二章 主要任务")
    d.add_paragraph("一、完善服务体系")
    d.add_paragraph("加强能力建设。")
    path = tmp_path / "两行表头.docx"
    d.save(path)
    doc = read_plan_bytes(path.read_bytes(), path.name)
    assert fields(doc) == [("人均预期寿命", "79.1", "80"), ("婴儿死亡率", "3.4", "≤3.2")]
    assert doc.period == "2026-2030"
