"""Direction from names and rules; value entry as the grid, the workbook and the CLI check it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain import direction
from desktop.domain.target_wording import parse_target
from desktop.domain.value_entry import validate


@pytest.mark.parametrize(("name", "target", "baseline", "target_value", "way"), [
    ("孕产妇死亡率", "8.1", 4.78, 8.1, "lower"),        # the name says lower, even above baseline
    ("重大慢性病过早死亡率", "14", 15.51, 14, "lower"),
    ("15岁以上人群吸烟率", "21.43", 23.93, 21.43, "lower"),
    ("儿童青少年总体近视率", "力争每年降低0.5个百分点以上", 55.4, None, "lower"),
    ("个人卫生支出占卫生总费用的比重", "28左右", 32.82, 28, "lower"),
    ("二级医院平均住院日", "<8", 6, 8, "lower"),
    ("院内感染发病率", "<3.2", None, 3.2, "lower"),
    ("居民健康素养水平", "25", 20.1, 25, "higher"),
    ("每千人口执业（助理）医师数", "3.2", 2.6, 3.2, "higher"),
    ("医护比", "1:1.35", 1.3, 1.35, "higher"),
    ("某个新指标", "5", 8, 5, "lower"),                   # nothing said: target below baseline
    ("某个新指标", "≥5", 8, 5, "higher"),                 # the sign beats the numbers
])
def test_direction_inferred(name, target, baseline, target_value, way):
    assert direction.infer(name, parse_target(target), baseline, target_value) == way


@pytest.mark.parametrize(("text", "baseline", "unit", "ok", "stored"), [
    ("14.90", "15.53", "1/10万", True, "14.90"),
    ("１４．９", "15.53", "1/10万", True, "14.9"),
    ("95.6", "94", "%", True, "95.6"),
    ("100", "94", "%", True, "100"),
    ("1:1.32", "1:1.3", "", True, "1:1.32"),
    ("1.32", "1:1.3", "", True, "1:1.32"),
    ("96/94", "95.96/93.82", "%", True, "96/94"),
    ("81 72", "职工≥80 居民≥70", "%", True, "职工81 居民72"),
    ("", "15.53", "", True, ""),
])
def test_good_values(text, baseline, unit, ok, stored):
    e = validate(text, baseline=baseline, unit=unit)
    assert (e.ok, e.text) == (ok, stored)


@pytest.mark.parametrize(("text", "baseline", "unit", "words"), [
    ("abc", "15.53", "", "不是数值"),
    ("101", "94", "%", "超过100%"),
    ("-1", "3", "人", "负数"),
    ("=SUM(A1)", "3", "", "公式"),
    ("+3", "3", "", "公式"),
    ("@x", "3", "", "公式"),
    ("96", "95.96/93.82", "%", "2项"),
    ("1:x", "1:1.3", "", "比值"),
    ("1200", "3", "‰", "超过1000‰"),
    ("12 13", "3", "", "多个数"),
])
def test_bad_values_are_refused_with_a_reason(text, baseline, unit, words):
    e = validate(text, baseline=baseline, unit=unit)
    assert not e.ok and words in e.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.text(max_size=20), st.sampled_from(["", "%", "‰", "人"]))
def test_value_entry_never_raises(text, baseline, unit):
    e = validate(text, baseline=baseline, unit=unit)
    assert e.ok or e.message


@pytest.mark.parametrize(("text", "folded"), [
    ("１２．５％", "12.5%"), ("≦５．２", "≤5.2"), ("≧９０", "≥90"), ("＜２７", "<27"),
    ("１：１．３２", "1:1.32"), ("地表水达到或好于Ⅲ类水体比例", "地表水达到或好于Ⅲ类水体比例"),
    ("①疾控中心", "①疾控中心"), ("ｋｍ²", "km²"), ("\u3000９６／９４", " 96/94"),
])
def test_full_width_forms_fold_but_numerals_of_names_stay(text, folded):
    from desktop.domain.numbers import fold_width

    assert fold_width(text) == folded
