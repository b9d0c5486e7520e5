"""The wordings an evaluator reads, judged as they read them, in both directions, in the target
year and before it (expected statuses worked out by hand; 十四五: baseline 2020, target 2025)."""

from __future__ import annotations

import pytest

from desktop.domain.evaluation import judge

CASES = [
    # a bare target below a higher-is-better baseline is a floor: keep at least 99
    ("孕产妇系统管理率", "100", "99", 2025, "100", "预期性", "已完成"),
    ("孕产妇系统管理率", "100", "99", 2023, "100", "预期性", "提前完成"),
    ("孕产妇系统管理率", "100", "99", 2023, "98", "预期性", "逆向"),
    ("严重精神障碍管理率", "97", "95", 2023, "96.3", "约束性", "提前完成"),
    ("严重精神障碍管理率", "97", "95", 2023, "3.2", "约束性", "逆向"),
    ("严重精神障碍管理率", "97", "95", 2025, "96.3", "约束性", "已完成"),
    # …and above a lower-is-better baseline, a ceiling: no more than 10
    ("孕产妇死亡率", "8", "10", 2023, "9", "约束性", "提前完成"),
    ("孕产妇死亡率", "8", "10", 2025, "9", "约束性", "已完成"),
    ("孕产妇死亡率", "8", "10", 2023, "11", "约束性", "逆向"),
    # 控制在…以下 with the unit inside the wording
    ("婴儿死亡率", "3.5", "控制在3‰以下", 2023, "3.2", "约束性", "基本符合预期"),   # 60% against 60%
    ("婴儿死亡率", "3.5", "控制在3‰以下", 2024, "2.9", "约束性", "提前完成"),
    ("婴儿死亡率", "3.5", "控制在3‰以下", 2025, "2.9", "约束性", "已完成"),
    ("婴儿死亡率", "3.5", "控制在3‰以下", 2025, "3.1", "约束性", "滞后"),
    ("平均住院日", "6", "不超过5天", 2025, "5", "预期性", "已完成"),
    ("平均住院日", "6", "不超过5天", 2023, "6.5", "预期性", "逆向"),
    ("适龄儿童免疫规划疫苗接种率", "92", "不低于95%", 2023, "96", "约束性", "提前完成"),
    # 年均增长5%: compounded, the 2025 point 100 × 1.05^5 = 127.63
    ("卫生总费用", "100", "年均增长5%", 2023, "116", "预期性", "基本符合预期"),   # 58% against 60%
    ("卫生总费用", "100", "年均增长5%", 2023, "112", "预期性", "滞后"),          # 43% against 60%
    ("卫生总费用", "100", "年均增长5%", 2025, "128", "预期性", "已完成"),
    ("卫生总费用", "100", "年均增长5%", 2025, "120", "预期性", "滞后"),
    # 年均下降2%: 50 × 0.98^5 = 45.20
    ("发病率", "50", "年均下降2%", 2025, "45", "预期性", "已完成"),
    ("发病率", "50", "年均下降2%", 2023, "49", "预期性", "滞后"),             # 21% against 60%
    ("发病率", "50", "年均下降2%", 2023, "51", "预期性", "逆向"),
    # 年均提高1个百分点: a straight line, 30 → 35
    ("居民健康素养水平", "30", "年均提高1个百分点", 2025, "35.2", "预期性", "已完成"),
    ("居民健康素养水平", "30", "年均提高1个百分点", 2023, "33", "预期性", "基本符合预期"),
    # ranges: inside met, beyond on the good side met, a shortfall measured to the near end
    ("高血压患者规范管理率", "70", "80-85", 2023, "82", "预期性", "提前完成"),
    ("高血压患者规范管理率", "70", "80～85%", 2025, "86", "预期性", "已完成"),
    ("高血压患者规范管理率", "70", "80-85", 2023, "75", "预期性", "基本符合预期"),   # 50% against 60%
    ("剖宫产率", "45", "35-40", 2025, "38", "预期性", "已完成"),
    ("剖宫产率", "45", "35-40", 2025, "33", "预期性", "已完成"),
    ("剖宫产率", "45", "35-40", 2023, "42", "预期性", "基本符合预期"),             # 60% against 60%
    ("剖宫产率", "45", "35-40", 2023, "47", "预期性", "逆向"),
    # met in the target year: 已完成; before it: 提前完成
    ("人均预期寿命", "78.7", "提高1岁", 2025, "79.8", "预期性", "已完成"),
    ("人均预期寿命", "78.7", "提高1岁", 2024, "79.8", "预期性", "提前完成"),
    ("个人卫生支出占卫生总费用的比重", "32.82", "28左右", 2025, "28.40", "约束性", "已完成"),
    # still kept for a person where no number can settle it; never an exception
    ("某项工作", "—", "与经济社会发展水平相适应", 2023, "5", "预期性", "待人工判断"),
]


@pytest.mark.parametrize(("name", "baseline", "target", "year", "actual", "attribute", "status"), CASES)
def test_wording(name, baseline, target, year, actual, attribute, status):
    j = judge(name=name, baseline=baseline, target=target, year=year, actual=actual, attribute=attribute)
    assert j.status == status, j.explanation


def test_a_floor_is_said_and_a_binding_reverse_warns():
    j = judge(name="严重精神障碍管理率", baseline="97", target="95", year=2023, actual="3.2", attribute="约束性")
    assert j.warning and "保持不低于95" in j.explanation
    ok = judge(name="严重精神障碍管理率", baseline="97", target="95", year=2023, actual="96.3",
               attribute="约束性")
    assert not ok.warning     # the correct 96.3 is no 预警
    assert any(n.startswith("注意") for n in ok.notes) and "比基期（97）变差" in ok.explanation


def test_met_but_worse_than_last_year_keeps_its_status_with_a_note():
    j = judge(name="人均预期寿命", baseline="78", target="79", year=2024, actual="79.1",
              previous={2023: "79.5"})
    assert j.status == "提前完成" and "比2023年（79.5）变差" in j.explanation


def test_the_direction_from_meaning_is_not_a_guess_and_the_numbers_one_is():
    by_name = judge(name="孕产妇系统管理率", baseline="100", target="99", year=2023, actual="99.5")
    assert not by_name.direction_guessed and by_name.direction == "higher"
    guess = judge(name="某项指标", baseline="0.30", target="0.41", year=2023, actual="0.35")
    assert guess.direction_guessed and any("方向为推测" in n for n in guess.notes)


def test_explanations_read_like_a_person_wrote_them():
    j = judge(name="某项指标", baseline="0.30", target="0.41", year=2023, actual="0.35")
    assert j.explanation.startswith("基期0.30，目标0.41，")          # as the plan prints them
    printed = judge(name="每千人口药师数", baseline="0.30", target="0.40", year=2023, actual="0.35")
    assert "目标0.40" in printed.explanation
    empty = judge(name="人均预期寿命", baseline="—", target="80", year=2023, actual="79")
    assert "基期值缺失" in empty.explanation and "基期0" not in empty.explanation
    worse = judge(name="人均预期寿命", baseline="78", target="80", year=2023, actual="76")
    assert "比基期低2" in worse.explanation and "-" not in worse.explanation.split("，时序")[0]


def test_judge_json_carries_the_notes():
    import contextlib
    import io
    import json

    from desktop.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["judge", "--name", "孕产妇系统管理率", "--baseline", "100", "--target", "99", "--year", "2025",
              "--actual", "100", "--json"])
    data = json.loads(out.getvalue())
    assert data["status"] == "已完成" and any("保持不低于99" in n for n in data["notes"])
    assert data["direction_source"] == "指标名称" and data["direction_guessed"] is False
