"""Period: the forms a period is written in, and its arithmetic (expected values by hand)."""

from __future__ import annotations

import pytest

from desktop.domain.errors import KnownError
from desktop.domain.period import Period, named_in, span_in


@pytest.mark.parametrize(("text", "label"), [
    ("2026-2030", "2026-2030"), ("2026—2030年", "2026-2030"), ("２０２６－２０３０", "2026-2030"),
    ("2025-2030", "2026-2030"),      # six years named: the baseline and the target year
    ("十五五", "2026-2030"), ("“十四五”", "2021-2025"), ("十三五", "2016-2020"), ("十六五", "2031-2035"),
])
def test_parse(text, label):
    assert Period.parse(text).label == label


@pytest.mark.parametrize("text", ["2030-2026", "2020-2045", "明年", ""])
def test_a_period_that_cannot_be_is_refused_with_what_was_typed(text):
    with pytest.raises(KnownError) as info:
        Period.parse(text)
    assert f"“{text}”" in str(info.value)


def test_names_and_years():
    p = Period.parse("十五五")
    assert (p.baseline_year, p.target_year, p.years, p.name) == (2025, 2030, (2026, 2027, 2028, 2029, 2030), "十五五")
    assert p.time_share(2027) == 0.4 and p.time_share(2024) == 0 and p.time_share(2031) == 1
    assert Period.of_year(2026) == p and Period.of_year(2030) == p and Period.of_year(2031) != p


@pytest.mark.parametrize(("title", "label"), [
    ("井研县“十五五”卫生健康事业发展规划", "2026-2030"), ("关于印发十四五规划的通知", "2021-2025"),
    ("第十五个五年规划", "2026-2030"), ("第十五届运动会", None), ("第十五条", None),
])
def test_named_in_a_title(title, label):
    found = named_in(title)
    assert (found.label if found else None) == label


def test_years_in_a_title():
    assert span_in("犍为县卫生健康发展规划（2026—2030年）").label == "2026-2030"
    assert span_in("2024年工作要点") is None
