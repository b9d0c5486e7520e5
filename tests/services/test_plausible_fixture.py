"""The five bundled plans filled with plausible values (tests/fixtures/plausible_values.json, made
by make_plausible_values.py near each plan's own path): none of them is asked about as a slip,
and the judgements an evaluator would sign come out of them."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.services import evaluation, plans, values

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "plausible_values.json"


def fill(session) -> dict[str, int]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    ids = {}
    for p in plans.list_plans(session=session):
        for r in plans.plan_indicators(session=session, plan_id=p.id):
            ids[f"{p.region}|{r.seq}|{r.name}"] = r.id
    items = [(ids[key], int(y), v) for key, by_year in data.items() if key in ids for y, v in by_year.items()]
    assert len(items) > 400
    assert values.implausible_values(session=session, items=items) == []   # plausible: no question
    values.enter_values(session=session, items=items)
    return ids


def test_plausible_values_are_taken_without_a_question_and_judged_as_an_evaluator_would(session):
    ids = fill(session)
    states = {s.id: s for p in plans.list_plans(session=session)
              for s in evaluation.evaluate_plan(session=session, plan_id=p.id)}
    smi = states[ids["井研县|19|严重精神障碍管理率"]]                 # baseline 97, target 95, binding
    assert smi.cells[2024].status == "提前完成"                        # 96.3: the floor kept
    assert smi.cells[2025].status == "逆向" and smi.cells[2025].warning   # 94.4: below the floor
    mch = states[ids["井研县|17|孕产妇系统管理率和3岁以下儿童系统管理率"]]   # 100 -> 99
    assert mch.cells[2025].status == "已完成"                          # kept in the target year
    statuses = {c.status for s in states.values() for y, c in s.cells.items() if y == 2025 and c.text}
    assert "提前完成" not in statuses                                  # in the target year, 已完成
