"""Every target and baseline string of the five plans parses to the rule a planner reads in it."""

from __future__ import annotations

import pytest

from desktop.domain.numbers import parse_value
from desktop.domain.target_wording import parse_target, rule_direction
from desktop.plandoc import read_plan_file
from tests.conftest import SEEDS

# target as printed -> (kind, what a planner reads, the rule's own direction or None)
TARGETS = {
    "提高1岁左右": ("relative", "比基期提高1岁左右", "higher"),
    "同比例提高": ("needs_person", "目标为“同比例提高”，与其他指标挂钩，需人工判断", None),
    "同比例增加": ("needs_person", "目标为“同比例增加”，与其他指标挂钩，需人工判断", None),
    "≤14.5": ("comparison", "≤14.5", "lower"),
    "≦14.5": ("comparison", "≤14.5", "lower"),
    "≦5.2": ("comparison", "≤5.2", "lower"),
    "≦6.6": ("comparison", "≤6.6", "lower"),
    "≤4": ("comparison", "≤4", "lower"),
    "≤5": ("comparison", "≤5", "lower"),
    "≤15": ("comparison", "≤15", "lower"),
    "<8": ("comparison", "<8", "lower"),
    "<3": ("comparison", "<3", "lower"),
    "<4": ("comparison", "<4", "lower"),
    "<5": ("comparison", "<5", "lower"),
    "<6": ("comparison", "<6", "lower"),
    "<10": ("comparison", "<10", "lower"),
    "<13": ("comparison", "<13", "lower"),
    "<17": ("comparison", "<17", "lower"),
    "<20": ("comparison", "<20", "lower"),
    "<22.7": ("comparison", "<22.7", "lower"),
    "<51.6": ("comparison", "<51.6", "lower"),
    "＜27": ("comparison", "<27", "lower"),
    "<15": ("comparison", "<15", "lower"),     # the 十三五 table of 湘桥区 from here
    "<2.4": ("comparison", "<2.4", "lower"),
    "<25": ("comparison", "<25", "lower"),
    "<3.2": ("comparison", "<3.2", "lower"),
    ">10": ("comparison", ">10", "higher"),
    ">80": ("comparison", ">80", "higher"),
    ">95": ("comparison", ">95", "higher"),
    ">85": ("comparison", ">85", "higher"),
    ">90": ("comparison", ">90", "higher"),
    ">36": ("comparison", ">36", "higher"),
    "＞25": ("comparison", ">25", "higher"),
    "＞90": ("comparison", ">90", "higher"),
    "≥90": ("comparison", "≥90", "higher"),
    "≥80": ("comparison", "≥80", "higher"),
    "不少于4.6": ("comparison", "≥4.6", "higher"),
    "25": ("comparison", "25", None),
    "78.6": ("comparison", "78.6", None),
    "8.1": ("comparison", "8.1", None),
    "100": ("comparison", "100", None),
    "5.90": ("comparison", "5.9", None),
    "28左右": ("comparison", "28左右", None),
    "27左右": ("comparison", "27左右", None),
    "80左右": ("comparison", "80左右", None),
    "8.0左右": ("comparison", "8左右", None),
    "增长 30%": ("relative", "比基期提高30%", "higher"),
    "力争每年降低0.5个百分点以上": ("yearly_path", "每年降低0.5个百分点以上", "lower"),
    "力争每年降低 0.5 个百分点以上": ("yearly_path", "每年降低0.5个百分点以上", "lower"),
    "力争每年降低1个百分点": ("yearly_path", "每年降低1个百分点", "lower"),
    "保持稳定": ("keep", "保持稳定", None),
    "持续提升": ("trend", "持续提升", "higher"),
    "达到国家平均水平": ("benchmark", "达到国家平均水平", None),
    "1:1.35": ("ratio", "1:1.35", "higher"),
    "比2015年降低5%": ("relative", "比2015年降低5%", "lower"),
    "": ("needs_person", "目标为空，需人工判断", None),
}
VARIANTS = {  # full-width, spaced and worded forms of the same rules
    "≤ 14.5": "≤14.5", "＜ 27": "<27", "约28左右": "28左右", "不低于90": "≥90", "不高于30%": "≤30",
    "控制在14.5以内": "≤14.5", "90%以上": "≥90", "5以下": "≤5", "不超过27": "≤27",
    "１：１．３５": "1:1.35", "力争达到80": "80", "每年提高1个百分点": "每年提高1个百分点",
    "达到全省平均水平": "达到全省平均水平", "≥ 95%": "≥95", "约80": "80左右", "＞９０": ">90",
}


def _all_targets() -> set[str]:
    found = set()
    for path in SEEDS.values():
        doc = read_plan_file(path)
        found |= {i.target for i in doc.indicators}
        for t in doc.reference_tables:
            found |= {row[2] for row in t.rows}
    return found


def test_the_table_covers_every_target_of_the_five_plans():
    targets = {t for t in _all_targets() if not t.replace(".", "").isdigit()}
    missing = {t for t in targets if t not in TARGETS}
    assert missing == set(), missing


@pytest.mark.parametrize("text", sorted(TARGETS))
def test_target(text):
    kind, reading, way = TARGETS[text]
    rule = parse_target(text)
    assert (rule.kind, rule.describe(), rule_direction(rule)) == (kind, reading, way)


@pytest.mark.parametrize(("text", "reading"), sorted(VARIANTS.items()))
def test_variant_wording(text, reading):
    assert parse_target(text).describe() == reading


def test_bare_numbers_of_the_plans_are_floors_or_ceilings_by_direction():
    for text in (t for t in _all_targets() if t.replace(".", "").isdigit()):
        rule = parse_target(text)
        assert rule.kind == "comparison" and rule.implied, text


def test_composite_target_parts():
    rule = parse_target("职工≥80 居民≥70")
    assert rule.kind == "composite"
    assert [(label, r.describe()) for label, r in rule.parts] == [("职工", "≥80"), ("居民", "≥70")]


@pytest.mark.parametrize(("text", "parts", "extra"), [
    ("15.53", (15.53,), {}),
    ("—", (), {}),
    ("-", (), {}),
    ("", (), {}),
    ("0", (0.0,), {}),
    (">90", (90.0,), {"sign": ">"}),
    ("1:1.3", (1.3,), {"ratio": True}),
    ("95.96/93.82", (95.96, 93.82), {}),
    ("87.35 86.57", (87.35, 86.57), {}),
    ("职工≥80 居民≥70", (80.0, 70.0), {"labels": ("职工", "居民")}),
    ("0.30", (0.3,), {}),
])
def test_baseline_forms(text, parts, extra):
    value = parse_value(text)
    assert value.parts == parts
    for key, expected in extra.items():
        assert getattr(value, key) == expected


def test_every_baseline_of_the_five_plans_is_understood():
    odd = []
    for path in SEEDS.values():
        for i in read_plan_file(path).indicators:
            v = parse_value(i.baseline)
            if v.empty and i.baseline not in ("—", "-", ""):
                odd.append(i.baseline)
    assert odd == []


@pytest.mark.parametrize("text", ["随便写点", "提高", "≤", "每年", "1:2:3", "??", "同比", "x" * 500])
def test_anything_else_needs_a_person_with_the_reason(text):
    rule = parse_target(text)
    assert rule.kind == "needs_person" and "人工判断" in rule.reason
