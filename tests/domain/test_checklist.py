"""The 三色督办 light, on-time completion, dates and the checks on what a clerk enters."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.checklist import check_fields, deadline_of, light, parse_date, timing

TODAY = dt.date(2023, 7, 1)  # 50% of the way from 2021-01-01 to 2025-12-31 is mid-2023


@pytest.mark.parametrize(("status", "progress", "deadline", "colour", "words"), [
    ("已完成", 100, dt.date(2022, 12, 31), "green", "已完成"),
    ("推进中", 60, dt.date(2025, 12, 31), "green", "按期推进"),   # 60% ≥ time share 52%
    ("推进中", 30, dt.date(2025, 12, 31), "yellow", "低于时序进度"),
    ("未启动", 0, dt.date(2023, 9, 1), "yellow", "天内到期"),      # due within three months
    ("推进中", 80, dt.date(2023, 6, 30), "red", "已逾期1天"),
    ("已暂停", 40, dt.date(2025, 12, 31), "yellow", "已暂停"),
    ("已取消", 0, dt.date(2022, 1, 1), "grey", "已取消"),
    ("推进中", 50, None, "grey", "未设完成时限"),
])
def test_light(status, progress, deadline, colour, words):
    got = light(status=status, progress=progress, deadline=deadline, today=TODAY)
    assert got.colour == colour and words in got.reason


@pytest.mark.parametrize(("done", "year", "expected"), [
    ("2022-05-01", 2023, "提前完成"), ("2023-12-01", 2023, "按期完成"), ("2024-02-01", 2023, "逾期完成"),
    ("", 2023, ""),
])
def test_timing(done, year, expected):
    assert timing(status="已完成", done_date=done, planned_year=year) == expected


@pytest.mark.parametrize(("text", "date"), [
    ("2023-06-30", dt.date(2023, 6, 30)), ("2023/6/30", dt.date(2023, 6, 30)),
    ("2023.6.30", dt.date(2023, 6, 30)), ("2023年6月30日", dt.date(2023, 6, 30)),
    ("2023-02", dt.date(2023, 2, 28)), ("2024年2月", dt.date(2024, 2, 29)), ("2025", dt.date(2025, 12, 31)),
    ("2025年底", dt.date(2025, 12, 31)), ("2023-02-30", None), ("明年", None), ("", None),
])
def test_parse_date(text, date):
    assert parse_date(text) == date


def test_deadline_of_a_project_is_the_end_of_its_planned_year():
    assert deadline_of(planned_year=2024) == dt.date(2024, 12, 31)
    assert deadline_of(deadline="2023-03-31", planned_year=2024) == dt.date(2023, 3, 31)


@pytest.mark.parametrize(("fields", "clean"), [
    ({"status": "推进中", "progress": "45%"}, {"status": "推进中", "progress": 45.0}),
    ({"planned_year": "2024", "done_date": "2024/5/6"}, {"planned_year": 2024, "done_date": "2024-05-06"}),
    ({"planned_invest": "1,200.5", "spent_invest": ""}, {"planned_invest": 1200.5, "spent_invest": None}),
    ({"lead_unit": " 医政科 "}, {"lead_unit": "医政科"}),
])
def test_fields_are_cleaned(fields, clean):
    assert check_fields(fields) == (clean, "")


@pytest.mark.parametrize(("fields", "words"), [
    ({"status": "差不多"}, "不在可选范围"), ({"progress": "120"}, "超出0到100"),
    ({"progress": "一半"}, "不是数字"), ({"planned_year": "2050"}, "2021至2035"),
    ({"done_date": "上个月"}, "无法识别"), ({"planned_invest": "-5"}, "超出合理范围"),
    ({"planned_invest": "很多"}, "不是数字"), ({"box_id": "3"}, "不能修改"),
])
def test_bad_fields_are_refused(fields, words):
    clean, problem = check_fields(fields)
    assert clean == {} and words in problem
