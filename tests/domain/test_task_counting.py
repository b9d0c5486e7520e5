"""章节任务: which sections are tasks. Background, principles and goals are context; a heading's
sub-sections are its tasks; the clerk's 计入 / 不计入 wins; recorded work is never hidden.
Titles in shapes the bundled plans do not have, expectations written by hand."""

from __future__ import annotations

import pytest

from desktop.domain.checklist import check_fields, task_counting


@pytest.mark.parametrize("chain, has_children, counted", [
    (["第一部分 发展回顾"], False, False),                     # a review chapter with no sub-sections
    (["第一章 现状分析与发展形势", "一、取得的成绩"], False, False),   # under the background chapter
    (["第二章 总体思路", "第一节 战略定位"], False, False),
    (["二、规划目标", "（二）2030年远景目标"], False, False),
    (["附件：名词解释"], False, False),
    (["第四章 深化医改", "第二节 推进分级诊疗"], False, True),   # a leaf under a work chapter
    (["第四章 深化医改"], True, False),                         # its heading: the leaves are the tasks
    (["十、保障措施", "（一）加强组织领导"], False, True),       # safeguards are work a bureau reports on
    (["（三）加快应对人口老龄化挑战的能力建设"], False, True),  # "挑战" inside a task is still a task
])
def test_sections_that_carry_work(chain, has_children, counted):
    assert task_counting(chain, has_children)[0] is counted


def test_why_a_section_is_not_counted_is_said():
    ok, why = task_counting(["第一章 规划背景", "第一节 发展基础"], False)
    assert not ok and "规划背景" in why
    ok, why = task_counting(["第三章 主要任务"], True)
    assert not ok and "标题" in why


def test_the_clerks_choice_and_recorded_work_win():
    assert task_counting(["第二章 指导思想"], False, "计入") == (True, "")
    assert task_counting(["第四章 深化医改", "第二节 推进分级诊疗"], False, "不计入")[0] is False
    assert task_counting(["第三章 主要任务"], True, worked=True)[0] is True      # a ticked heading stays
    assert task_counting(["二、基本原则"], False, "不计入", worked=True)[0] is False


def test_only_the_two_choices_or_the_rule_are_accepted():
    assert check_fields({"counted": "计入"}) == ({"counted": "计入"}, "")
    assert check_fields({"counted": ""}) == ({"counted": ""}, "")
    good, problem = check_fields({"counted": "是"})
    assert not good and "计入" in problem
