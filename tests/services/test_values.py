"""Entering values: validated, all or nothing, audited; overrides, adjusted targets, history."""

from __future__ import annotations

import pytest

from desktop.services import evaluation, values
from desktop.services.values import ValuesRejected
from tests.conftest import JINGYAN, SIPING, XIANGSHAN


def _ids(session, plan_id=SIPING):
    return [s.id for s in evaluation.evaluate_plan(session=session, plan_id=plan_id)]


def _dump(session):
    db = session.store.db
    return {t: list(db.query(f"SELECT * FROM {t}")) for t in db.table_names()}


def test_entered_values_are_judged(session):
    ids = _ids(session)
    mmr = ids[2]  # 四平市 孕产妇死亡率 15.53 -> ≤14.5
    values.enter_values(session=session, items=[(mmr, 2023, "14.90")])
    state = evaluation.evaluate_plan(session=session, plan_id=SIPING)[2]
    cell = state.cells[2023]
    assert (cell.text, cell.number, cell.status) == ("14.90", 14.9, "基本符合预期")
    assert state.cells[2024].status == "未填报"


def test_one_bad_cell_and_nothing_is_saved(session):
    ids = _ids(session)
    before = _dump(session)
    with pytest.raises(ValuesRejected) as info:
        values.enter_values(session=session, items=[(ids[0], 2023, "79.1"), (ids[6], 2023, "abc"),
                                                    (ids[7], 2023, "120")])
    assert len(info.value.rejected) == 2
    assert "全部未保存" in str(info.value) and "第一处：" in str(info.value)   # which cell, and that none was saved
    assert _dump(session) == before


def test_a_paste_is_one_audited_action(session):
    ids = _ids(session)
    values.enter_values(session=session, items=[(i, 2022, "50") for i in ids[6:9]], action="粘贴")
    rows = list(session.store.db.query(
        "SELECT DISTINCT at, action FROM audit_log WHERE entity = 'actuals'"))
    assert len(rows) == 1 and rows[0]["action"] == "粘贴"


def test_override_needs_a_reason_and_is_shown_and_kept(session):
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[2], 2023, "15.30")])
    from desktop.domain.errors import KnownError

    with pytest.raises(KnownError, match="理由"):
        values.override_status(session=session, indicator_id=ids[2], year=2023,
                               status="基本符合预期", reason=" ")
    values.override_status(session=session, indicator_id=ids[2], year=2023, status="基本符合预期",
                           reason="统计口径调整，经局务会研究")
    cell = evaluation.evaluate_plan(session=session, plan_id=SIPING)[2].cells[2023]
    assert cell.status == "基本符合预期" and cell.judgement.status == "滞后"
    assert cell.explanation.startswith("人工判断：基本符合预期（理由：统计口径调整")
    history = values.indicator_history(session=session, indicator_id=ids[2])
    assert any(h.action == "人工判断" and h.reason.startswith("统计口径") for h in history)


def test_adjusted_target_is_used_and_the_printed_one_kept(session):
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[2], 2023, "14.90")])
    values.adjust_target(session=session, indicator_id=ids[2], target="≤14", reason="中期评估调整",
                         on="2023-06-30")
    state = evaluation.evaluate_plan(session=session, plan_id=SIPING)[2]
    assert state.row.target_text == "≤14.5" and state.target == "≤14"
    assert "目标≤14，" in state.cells[2023].explanation
    assert state.cells[2023].status == "滞后"  # (15.53-14.9)/(15.53-14) = 41% < 60% - 10%


def test_benchmark_settles_a_national_average_target(session):
    ids = _ids(session)
    target = ids[15]  # 职工基本医疗保险…支付比例: 达到国家平均水平
    values.enter_values(session=session, items=[(target, 2022, "82.5")])
    assert evaluation.evaluate_plan(session=session, plan_id=SIPING)[15].cells[2022].status == "待人工判断"
    values.set_benchmark(session=session, indicator_id=target, year=2022, value=82.0)
    assert evaluation.evaluate_plan(session=session, plan_id=SIPING)[15].cells[2022].status == "提前完成"


def test_evaluate_plan_json_counts(session):
    ids = _ids(session)
    values.enter_values(session=session, items=[(ids[2], 2023, "14.9"), (ids[12], 2023, "56")])
    report = evaluation.evaluate_plan_json(session=session, plan_id=SIPING, year=2023)
    assert report["counts"]["基本符合预期"] == 1 and report["counts"]["未填报"] == 18
    assert report["warnings"] == ["儿童青少年总体近视率"]  # binding, worse than its baseline


def test_many_plans_at_once_judge_the_same_as_one_by_one(session):
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    values.enter_values(session=session, items=[(ids[2], 2022, "10"), (ids[2], 2023, "12"),
                                                (ids[14], 2023, "53")])
    values.override_status(session=session, indicator_id=ids[0], year=2023, status="滞后", reason="测试")
    many = evaluation.evaluate_plans(session=session, plan_ids=[SIPING, JINGYAN, XIANGSHAN], years=(2023,))
    for plan_id in (SIPING, JINGYAN, XIANGSHAN):
        one = evaluation.evaluate_plan(session=session, plan_id=plan_id, years=(2023,))
        assert [(s.id, s.cells[2023].status, s.cells[2023].explanation) for s in many[plan_id]] == \
               [(s.id, s.cells[2023].status, s.cells[2023].explanation) for s in one]
