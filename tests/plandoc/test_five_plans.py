"""The five real plans come out exactly as printed: identity, indicators, boxes, sections."""

from __future__ import annotations

import pytest

from desktop.plandoc import read_plan_file
from tests.conftest import SEEDS
from tests.plandoc.expected import BOXES, INDICATORS

IDENTITY = {
    "siping": ("四平市卫生健康“十四五”规划", "四平市", "市", "吉林省", True, "2022-10"),
    "jingyan": ("井研县“十四五”卫生健康发展规划", "井研县", "县", "乐山市", False, ""),
    "liaocheng": ("聊城市“十四五”卫生与健康规划", "聊城市", "市", "山东省", False, ""),
    "xiangshan": ("相山区“十四五”卫生与健康规划", "相山区", "区", "淮北市", True, ""),
    "xiangqiao": ("潮州市湘桥区卫生健康事业发展“十四五”规划", "湘桥区", "区", "潮州市", True, "2022-10"),
}
COUNTS = {  # indicators, boxes, box items (from the issue, counted in the documents)
    "siping": (20, 6, 27), "jingyan": (28, 7, 25), "liaocheng": (22, 11, 34),
    "xiangshan": (18, 0, 0), "xiangqiao": (18, 0, 0),
}


@pytest.fixture(scope="module")
def docs():
    return {key: read_plan_file(path) for key, path in SEEDS.items()}


@pytest.mark.parametrize("key", SEEDS)
def test_identity(docs, key):
    d = docs[key]
    assert (d.title, d.region, d.level, d.parent_region, d.draft, d.issued) == IDENTITY[key]


@pytest.mark.parametrize("key", SEEDS)
def test_counts(docs, key):
    d = docs[key]
    assert (len(d.indicators), len(d.boxes), sum(len(b.items) for b in d.boxes)) == COUNTS[key]


@pytest.mark.parametrize("key", SEEDS)
def test_every_indicator_field_as_printed(docs, key):
    got = [(i.seq, i.domain, i.name, i.unit, i.baseline, i.target, i.attribute)
           for i in docs[key].indicators]
    assert got == INDICATORS[key]


@pytest.mark.parametrize("key", SEEDS)
def test_every_box_and_item(docs, key):
    got = [(b.no, b.title, [it.name for it in b.items]) for b in docs[key].boxes]
    assert got == BOXES[key]


def test_xiangqiao_sub_row_stays_with_its_parent(docs):
    rows = docs["xiangqiao"].indicators
    sub = next(i for i in rows if i.parent_seq)
    assert sub.name == "每千人口拥有中医类别执业（助理）医师数"
    assert sub.name_printed.startswith("其中：")
    assert sub.parent_seq == "9" and rows[rows.index(sub) - 1].seq == "9"
    assert sum(1 for i in rows if i.parent_seq) == 1


def test_xiangqiao_keeps_its_13th_plan_table(docs):
    tables = docs["xiangqiao"].reference_tables
    assert len(tables) == 1
    t = tables[0]
    assert len(t.rows) == 26 and t.header == ["领域", "主要指标", "规划目标", "2020年"]
    assert "十三五" in t.title
    assert t.rows[8] == ["疾病防控", "因心脑血管疾病、癌症、慢性呼吸系统疾病和糖尿病导致的过早死亡率(%)",
                         "比2015年降低5%", "13.37"]
    assert t.rows[-1][0] == "医疗卫生"


def test_no_other_plan_has_a_reference_table(docs):
    assert [k for k, d in docs.items() if d.reference_tables] == ["xiangqiao"]


@pytest.mark.parametrize(("key", "row", "unit"), [
    ("siping", 11, "%"),      # 以乡（镇、街道）为单位…接种率（%）: the inner brackets belong to the name
    ("jingyan", 11, "人"),    # 每千常住人口执业（助理）医师数（人）
    ("jingyan", 28, "亿元"),  # 健康服务业总规模(亿元)) with a stray bracket
    ("jingyan", 20, ""),      # 每千常住人口公共卫生人员数: no unit printed
    ("xiangqiao", 2, "/10 万"),  # unit column, as printed
])
def test_units_from_brackets_or_the_unit_column(docs, key, row, unit):
    assert docs[key].indicators[row - 1].unit == unit


def test_jingyan_boxes_continue_across_lines_and_the_unnumbered_first_box(docs):
    box = docs["jingyan"].boxes[0]
    assert (box.no, box.title) == (1, "公共卫生服务项目")
    assert box.items[1].text.startswith("开展人禽流感、SARS防控等监测")


def test_liaocheng_items_split_by_a_page_break_are_joined(docs):
    items = {it.name: it.text for b in docs["liaocheng"].boxes for it in b.items}
    assert items["中医药名品工程"].endswith("推进建设一批省级中医药特色文旅康养融合发展展示范区、康养旅游示范基地。")
    assert "理配置急救车类型，其中至少40%为负压救护车" in items["院前医疗急救网络"]


def test_findings_point_at_the_rows_that_need_a_look(docs):
    jingyan = {(f.where, f.message) for f in docs["jingyan"].findings}
    assert ("指标表第21行", "序号17与前面的行重复（按原文保留）") in jingyan
    xiangshan = {(f.where, f.message) for f in docs["xiangshan"].findings}
    assert ("指标表第18行", "基期值和目标值都为空") in xiangshan
    assert ("指标表第14行", "基期值“87.35 86.57”一格内有两个值") in xiangshan


SECTION_HEADS = {
    "siping": [(1, "推进健康四平高质量发展，开启全民健康新时代"), (2, "发展环境"), (2, "总体要求"),
               (3, "指导思想")],
    "jingyan": [(1, "规划背景"), (2, "发展基础"), (2, "发展环境"), (1, "总体要求")],
    "liaocheng": [(1, "规划背景"), (2, "规划基础"), (2, "面临形势"), (1, "总体要求")],
    "xiangshan": [(1, "规划背景"), (2, "发展状况"), (2, "存在问题"), (2, "发展形势")],
    "xiangqiao": [(1, "规划背景"), (2, "基础现状"), (2, "形势与挑战"), (3, "面临的形势")],
}
SECTION_COUNTS = {"siping": 96, "jingyan": 65, "liaocheng": 68, "xiangshan": 26, "xiangqiao": 64}


@pytest.mark.parametrize("key", SEEDS)
def test_section_tree_starts_with_the_first_chapter_not_the_table_of_contents(docs, key):
    secs = docs[key].sections
    assert [(s.level, s.title) for s in secs[:4]] == SECTION_HEADS[key]
    assert len(secs) == SECTION_COUNTS[key]
    titles = [s.title for s in secs]
    assert all(t.strip() and "\t" not in t and "bookmark" not in t and "**" not in t for t in titles)
    assert len(set(zip([s.level for s in secs], titles, strict=True))) > len(secs) * 0.9  # no TOC twice


def test_jingyan_unnumbered_task_headings_sit_under_their_section(docs):
    secs = docs["jingyan"].sections
    k = next(i for i, s in enumerate(secs) if s.title == "强化全民公共卫生服务")
    assert secs[k].level == 2
    assert (secs[k + 1].level, secs[k + 1].title) == (3, "建设现代化疾病预防控制体系")
    assert secs[k + 1].text.startswith("完善疾控中心功能定位")
    assert next(s for s in secs if s.title == "建立医疗服务新格局").level == 3


def test_markup_and_comments_are_gone(docs):
    secs = docs["xiangshan"].sections
    head = next(s for s in secs if s.title.startswith("积极推进国家级健康促进区创建"))
    assert head.title == "积极推进国家级健康促进区创建"
    body = "\n".join(s.text for s in docs["xiangqiao"].sections)
    assert "**" not in body and "推动区域平衡协调发展，医疗卫生基础设施逐步完善。" in body


def test_a_paragraph_broken_by_a_page_break_is_rejoined(docs):
    secs = docs["liaocheng"].sections
    base = next(s for s in secs if s.title == "规划基础")
    assert "基层卫生服务能力不断夯实。基层医疗卫生机构总体达标率达100%" in base.text
