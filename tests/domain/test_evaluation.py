"""Judgements on cases written from the 规划评估 practice in DOMAIN.md, not from the code's output."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.evaluation import RANK, judge
from desktop.domain.target_wording import parse_target

MMR = dict(name="孕产妇死亡率", baseline="15.53", target="≤14.5")
SMI = dict(name="严重精神障碍规范管理率", baseline="80", target="90")
MYOPIA = dict(name="儿童青少年总体近视率", baseline="55.4", target="力争每年降低0.5个百分点以上",
              attribute="约束性")
NO_BASE_MYOPIA = dict(name="青少年总体近视率", baseline="—", target="力争每年降低1个百分点",
                      attribute="约束性")
INSURANCE = dict(name="职工和城乡居民医保政策范围内住院费用支付比例", baseline="职工≥80 居民≥70",
                 target="保持稳定", attribute="约束性")
CITY = dict(name="国家卫生城市占比", baseline="35.7", target="持续提升")
BENCH = dict(name="职工基本医疗保险政策范围内住院费用基金支付比例", baseline="81.8",
             target="达到国家平均水平")

# (case, year, actual, extra, expected status, warning)
CASES = [
    # a plain ceiling: the path from 15.53 to 14.5, time share 60% in 2023
    (MMR, 2023, "14.90", {}, "基本符合预期", False),   # progress 61%
    (MMR, 2023, "14.60", {}, "快于预期", False),       # progress 90%, >10 points ahead
    (MMR, 2023, "15.30", {}, "滞后", False),           # progress 22%
    (MMR, 2023, "16.00", {}, "逆向", False),           # worse than the baseline
    (MMR, 2023, "14.40", {}, "提前完成", False),       # target already met
    (MMR, 2023, "14.50", {}, "提前完成", False),       # ≤ includes the target
    (MMR, 2025, "14.60", {}, "滞后", False),           # the end of the period: not met is not met
    # binding: no benefit of the doubt, and a warning
    (SMI, 2023, "85.5", {"attribute": "约束性"}, "滞后", True),   # 55% < 60%
    (SMI, 2023, "85.5", {}, "基本符合预期", False),               # expected: within the margin
    (SMI, 2023, "87", {"attribute": "约束性"}, "基本符合预期", False),
    (SMI, 2023, "78", {"attribute": "约束性"}, "逆向", True),
    # the margin is a setting
    (SMI, 2023, "84", {"margin": 0.10}, "滞后", False),          # 40% vs 60%
    (SMI, 2023, "84", {"margin": 0.25}, "基本符合预期", False),
    # a bare number is a ceiling for a lower-is-better indicator; the baseline already meets it
    (dict(name="孕产妇死亡率", baseline="4.78", target="8.1"), 2022, "5.0", {}, "提前完成", False),
    (dict(name="孕产妇死亡率", baseline="4.78", target="8.1"), 2022, "9.0", {}, "逆向", False),
    # target equal to the baseline: kept or not
    (dict(name="中医药科室设置比例", baseline="100", target="100"), 2023, "100", {}, "提前完成", False),
    (dict(name="中医药科室设置比例", baseline="100", target="100"), 2023, "98", {}, "逆向", False),
    # a baseline printed with a sign, already above the target
    (dict(name="免疫规划疫苗接种率", baseline=">90", target=">90", attribute="约束性"),
     2023, "95", {}, "提前完成", False),
    (dict(name="免疫规划疫苗接种率", baseline=">90", target=">90", attribute="约束性"),
     2023, "88", {}, "逆向", True),
    # 左右: a band around the target, never wider than a fifth of the planned change
    (dict(name="个人卫生支出占卫生总费用的比重", baseline="32.82", target="28左右"),
     2025, "28.40", {}, "已完成", False),
    (dict(name="个人卫生支出占卫生总费用的比重", baseline="32.82", target="28左右"),
     2025, "29.00", {}, "滞后", False),
    # relative to the baseline
    (dict(name="人均预期寿命", baseline="78.7", target="提高1岁左右"), 2025, "79.6", {}, "已完成", False),
    (dict(name="人均预期寿命", baseline="78.7", target="提高1岁左右"), 2022, "78.9", {}, "滞后", False),
    (dict(name="公共卫生人员数", baseline="0.34", target="增长 30%"), 2024, "0.45", {}, "提前完成", False),
    # a yearly path: that year's point
    (MYOPIA, 2022, "54.3", {}, "基本符合预期", False),
    (MYOPIA, 2022, "54.6", {}, "滞后", True),
    (MYOPIA, 2022, "55.9", {}, "逆向", True),
    # a yearly path with no baseline: year on year
    (NO_BASE_MYOPIA, 2022, "50", {"previous": {2021: "51.5"}}, "基本符合预期", False),
    (NO_BASE_MYOPIA, 2022, "51", {"previous": {2021: "51.5"}}, "滞后", True),
    (NO_BASE_MYOPIA, 2022, "52", {"previous": {2021: "51.5"}}, "逆向", True),
    (NO_BASE_MYOPIA, 2021, "51.5", {}, "待人工判断", False),
    # keep, with floors in the baseline
    (INSURANCE, 2023, "81 72", {}, "基本符合预期", False),
    (INSURANCE, 2023, "81 69", {}, "逆向", True),
    # direction only
    (CITY, 2021, "38", {}, "基本符合预期", False),
    (CITY, 2022, "38", {"previous": {2021: "38"}}, "滞后", False),
    (CITY, 2022, "35", {"previous": {2021: "38"}}, "逆向", False),
    # a benchmark the user enters for the year
    (BENCH, 2022, "81.9", {}, "待人工判断", False),
    (BENCH, 2022, "81.9", {"benchmark": 80.0}, "提前完成", False),
    (BENCH, 2022, "82", {"benchmark": 83.0}, "滞后", False),
    (BENCH, 2022, "81", {"benchmark": 83.0}, "逆向", False),
    # tied to another indicator; nothing entered
    (dict(name="健康预期寿命", baseline="—", target="同比例提高"), 2023, "70", {}, "待人工判断", False),
    (MMR, 2023, "", {}, "未填报", False),
    # two values in one cell: each judged, the whole takes the worst
    (dict(name="孕产妇系统管理率和3岁以下儿童系统管理率", baseline="95.96/93.82", target=">85"),
     2023, "96/86", {}, "提前完成", False),
    (dict(name="孕产妇系统管理率和3岁以下儿童系统管理率", baseline="95.96/93.82", target=">85"),
     2023, "96/84", {}, "逆向", False),
    (dict(name="孕产妇系统管理率和3岁以下儿童系统管理率", baseline="95.96/93.82", target=">85"),
     2023, "96", {}, "待人工判断", False),
    # a ratio
    (dict(name="医护比", baseline="1:1.3", target="1:1.35"), 2022, "1:1.32", {}, "基本符合预期", False),
    # no baseline: met or a person
    (dict(name="15岁以上人群吸烟率", baseline="—", target="<22.7"), 2023, "21", {}, "提前完成", False),
    (dict(name="15岁以上人群吸烟率", baseline="—", target="<22.7"), 2023, "24", {}, "待人工判断", False),
]


@pytest.mark.parametrize(("case", "year", "actual", "extra", "status", "warning"), CASES)
def test_judgement(case, year, actual, extra, status, warning):
    j = judge(**{**case, **extra}, year=year, actual=actual)
    assert (j.status, j.warning) == (status, warning), j.explanation
    assert j.explanation and status in j.explanation or status in ("待人工判断", "未填报")


def test_the_sentence_a_person_reads_aloud():
    j = judge(**MMR, year=2023, actual="14.90")
    assert j.explanation == "基期15.53，目标≤14.5，2023年14.90，完成进度61%，时序进度60%，基本符合预期"
    assert round(j.progress, 2) == 0.61 and j.time_share == 0.6
    assert round(j.expected, 3) == 14.912 and j.direction == "lower"


def test_binding_warning_says_so():
    j = judge(**MYOPIA, year=2022, actual="54.6")
    assert j.explanation.endswith("约束性指标预警")
    assert "本年应达54.4" in j.explanation


@pytest.mark.parametrize(("year", "share"), [(2021, .2), (2022, .4), (2023, .6), (2024, .8),
                                              (2025, 1.0)])
def test_time_share(year, share):
    assert judge(**MMR, year=year, actual="15").time_share == pytest.approx(share)


def test_projection_says_whether_2025_is_likely():
    on_course = judge(**MMR, year=2023, actual="14.9", previous={2021: "15.3", 2022: "15.1"})
    assert on_course.projection == pytest.approx(14.476, abs=1e-3) and on_course.likely_met is True
    behind = judge(**MYOPIA, year=2022, actual="55.0", previous={2021: "55.2"})
    assert behind.likely_met is False


def test_direction_can_be_overridden():
    up = judge(name="某指标", baseline="10", target="12", year=2023, actual="11")
    assert (up.direction, up.status) == ("higher", "基本符合预期")
    # told lower is better, 12 is a ceiling the baseline already meets: 13 breaks it
    down = judge(name="某指标", baseline="10", target="12", year=2023, actual="13", direction="lower")
    assert (down.direction, down.status) == ("lower", "逆向")


# ---- properties ---------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_parses_without_raising(text):
    rule = parse_target(text)
    assert isinstance(rule.describe(), str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20), st.text(max_size=20), st.text(max_size=12))
def test_judging_any_text_never_raises(baseline, target, actual):
    j = judge(name="x", baseline=baseline, target=target, year=2023, actual=actual)
    assert j.status and isinstance(j.explanation, str)


finite = st.floats(min_value=0.5, max_value=500, allow_nan=False).map(lambda x: round(x, 2))
ops = st.sampled_from(["", "≤", "<", "≥", ">"])


@settings(max_examples=300, deadline=None)
@given(finite, finite, ops, st.sampled_from([2021, 2022, 2023, 2024, 2025]),
       finite, finite, st.booleans())
def test_a_better_actual_never_gets_a_worse_status(b, t, op, year, a1, a2, binding):
    way = "higher" if op in (">", "≥") or (op == "" and t >= b) else "lower"
    better, worse = (max(a1, a2), min(a1, a2)) if way == "higher" else (min(a1, a2), max(a1, a2))
    args = dict(name="x", baseline=str(b), target=f"{op}{t}", year=year, direction=way,
                attribute="约束性" if binding else "预期性")
    s_better = judge(**args, actual=str(better)).status
    s_worse = judge(**args, actual=str(worse)).status
    assert RANK[s_better] >= RANK[s_worse]


MIRROR = {"": "", "≤": "≥", "<": ">", "≥": "≤", ">": "<"}


@settings(max_examples=300, deadline=None)
@given(finite, finite, ops, st.sampled_from([2021, 2022, 2023, 2024, 2025]), finite)
def test_swapping_direction_mirrors_the_result(b, t, op, year, a):
    up = judge(name="x", baseline=str(b), target=f"{op}{t}", year=year, actual=str(a),
               direction="higher")
    down = judge(name="x", baseline=str(-b), target=f"{MIRROR[op]}{-t}", year=year,
                 actual=str(-a), direction="lower")
    assert up.status == down.status
