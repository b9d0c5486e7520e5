"""A 十五五 plan beside the bundled 十四五 one: its period, its values, its judgements, closing
the old plan, and the hand-over between the two. Expected values are worked out by hand."""

from __future__ import annotations

import pytest

from desktop.domain.errors import KnownError
from desktop.plandoc import read_plan_bytes
from desktop.services import checklist, evaluation, handover, plans, values
from tests.conftest import JINGYAN
from tests.periods.documents import JINGYAN_14_FINAL, JINGYAN_15


def import_text(session, text: str, name: str) -> int:
    doc = read_plan_bytes(text.encode("utf-8"), name)
    return plans.save_plan(session=session, document=doc).plan_ids[0]


def indicator(session, plan_id: int, name: str):
    return next(r for r in plans.plan_indicators(session=session, plan_id=plan_id) if r.name == name)


def enter(session, plan_id: int, year: int, by_name: dict[str, str]) -> None:
    values.enter_values(session=session, items=[
        (indicator(session, plan_id, n).id, year, v) for n, v in by_name.items()])


@pytest.fixture
def fifteenth(session) -> int:
    enter(session, JINGYAN, 2025, JINGYAN_14_FINAL)
    return import_text(session, JINGYAN_15, "井研县十五五.txt")


def test_the_new_plan_keeps_its_period_and_the_old_one_its_own(session, fifteenth):
    new, old = (plans.plan_info(session=session, plan_id=p) for p in (fifteenth, JINGYAN))
    assert (new.period, new.span.baseline_year, new.span.target_year) == ("2026-2030", 2025, 2030)
    assert old.period == "2021-2025"
    life = indicator(session, fifteenth, "人均预期寿命")
    assert (life.baseline_text, life.target_text) == ("79.3", "80")


def test_values_of_the_new_period_are_taken_and_others_refused_with_the_years(session, fifteenth):
    life = indicator(session, fifteenth, "人均预期寿命").id
    values.enter_values(session=session, items=[(life, 2026, "79.4"), (life, 2027, "79.6")])
    with pytest.raises(KnownError, match="2026至2030"):
        values.enter_values(session=session, items=[(life, 2025, "79.4")])
    with pytest.raises(KnownError, match="2026至2030"):
        values.enter_values(session=session, items=[(life, 2031, "79.4")])
    # the old plan still takes its own years
    values.enter_values(session=session, items=[(indicator(session, JINGYAN, "人均预期寿命").id, 2024, "79.2")])


def test_time_share_and_the_judgement_run_from_2025_to_2030(session, fifteenth):
    life = indicator(session, fifteenth, "人均预期寿命").id
    values.enter_values(session=session, items=[(life, 2027, "79.5")])
    report = evaluation.evaluate_plan_json(session=session, plan_id=fifteenth, year=2027)
    assert (report["period"], report["baseline_year"], report["target_year"]) == ("2026-2030", 2025, 2030)
    item = next(i for i in report["indicators"] if i["name"] == "人均预期寿命")
    assert item["time_share"] == 0.4                    # (2027 − 2025) / (2030 − 2025)
    assert item["progress"] == pytest.approx(round((79.5 - 79.3) / (80 - 79.3), 4))   # 28.57 %
    assert item["status"] == "滞后"                     # 28.6 % against 40 %, beyond the 10-point margin
    assert item["projection_year"] == 2030 and "projection_2025" not in item
    # two points (2025 baseline, 2027) give a straight line: 79.3 + 0.1 a year -> 79.8 in 2030
    assert item["projection"] == pytest.approx(79.8)


@pytest.mark.parametrize("year", [2020, 2025, 2031, 1999])
def test_a_year_outside_the_period_is_one_sentence(session, fifteenth, year):
    with pytest.raises(KnownError) as info:
        evaluation.evaluate_plan_json(session=session, plan_id=fifteenth, year=year)
    assert "2026至2030" in str(info.value) and "\n" not in str(info.value)


def test_the_hand_over_pairs_the_indicators_and_offers_the_2025_values(session, fifteenth):
    found = handover.for_plan(session=session, plan_id=fifteenth)
    assert found.old.id == JINGYAN
    pairs = {p.new.name: p for p in found.pairs}
    life = pairs["人均预期寿命"]
    assert (life.old_final, life.matched_by) == ("79.5", "目录")
    assert life.note == "规划文本基期值 79.3，十四五 2025年填报值 79.5"
    maternal = pairs["孕产妇死亡率"]
    assert maternal.offered and maternal.old_final == "8.1" and "未给基期值" in maternal.note
    assert pairs["每千人口拥有3岁以下婴幼儿托位数"].note == ""        # 4.5 both sides
    assert pairs["每千常住人口执业（助理）医师数"].note == ""
    assert [r.name for r in found.new_only] == ["县域内住院率"]
    assert "健康预期寿命" in [name for _, name, _ in found.old_only]


def test_taking_the_offered_baselines_is_one_undoable_step(session, fifteenth):
    found = handover.for_plan(session=session, plan_id=fifteenth)
    ids = [p.new.key for p in found.pairs if p.offered]
    result = handover.fill_baselines(session=session, plan_id=fifteenth, indicator_ids=ids)
    assert indicator(session, fifteenth, "孕产妇死亡率").baseline_text == "8.1"
    assert indicator(session, fifteenth, "人均预期寿命").baseline_text == "79.3"   # given: never replaced
    result.undo(session)
    assert indicator(session, fifteenth, "孕产妇死亡率").baseline_text == "—"


def test_unfinished_projects_are_carried_once_and_remember_their_origin(session, fifteenth):
    groups = checklist.projects(session=session, plan_id=JINGYAN)
    started, done = groups[0].items[0], groups[0].items[1]
    checklist.update(session=session, kind="project", changes={
        started.id: {"status": "推进中", "progress": 40}, done.id: {"status": "已完成", "progress": 100}})
    found = handover.for_plan(session=session, plan_id=fifteenth)
    listed = {(c.kind, c.id) for c in found.unfinished}
    assert ("project", started.id) in listed and ("project", done.id) not in listed
    handover.carry(session=session, plan_id=fifteenth, items=[("project", started.id)])
    carried = [i for g in checklist.projects(session=session, plan_id=fifteenth) for i in g.items]
    assert [(i.title, i.fields.status, i.fields.progress) for i in carried] == [(started.title, "推进中", 40)]
    assert "由十四五规划结转" in carried[0].text
    assert next(c for c in handover.for_plan(session=session, plan_id=fifteenth).unfinished
                if c.id == started.id).carried
    with pytest.raises(KnownError, match="已结转"):
        handover.carry(session=session, plan_id=fifteenth, items=[("project", started.id)])


def test_a_closed_plan_is_read_only_until_reopened_with_a_reason(session, fifteenth):
    plans.close_plan(session=session, plan_id=JINGYAN, note="十四五总结评估完成")
    info = plans.plan_info(session=session, plan_id=JINGYAN)
    assert info.closed
    assert set(values.year_locks(session=session, plan_id=JINGYAN)) == {2021, 2022, 2023, 2024, 2025}
    life = indicator(session, JINGYAN, "人均预期寿命").id
    with pytest.raises(KnownError, match="锁定"):
        values.enter_values(session=session, items=[(life, 2024, "79.0")])
    project = checklist.projects(session=session, plan_id=JINGYAN)[0].items[0]
    with pytest.raises(KnownError, match="已结束"):
        checklist.update(session=session, kind="project", changes={project.id: {"progress": 10}})
    # still judged and reported as it stands
    assert evaluation.evaluate_plan_json(session=session, plan_id=JINGYAN, year=2025)["counts"]
    with pytest.raises(KnownError, match="理由"):
        plans.reopen_plan(session=session, plan_id=JINGYAN, reason=" ")
    plans.reopen_plan(session=session, plan_id=JINGYAN, reason="上级要求补报2024年数据")
    values.enter_values(session=session, items=[(life, 2024, "79.0")])
    actions = [r["action"] for r in session.store.query(
        "SELECT DISTINCT action FROM audit_log WHERE plan_id = ?", [JINGYAN])]
    assert "结束规划" in actions and "重新打开规划" in actions


def test_a_year_locked_by_a_final_submission_stays_locked_after_reopening(session, fifteenth):
    values.lock_year(session=session, plan_id=JINGYAN, year=2024, note="正式上报")
    plans.close_plan(session=session, plan_id=JINGYAN)
    plans.reopen_plan(session=session, plan_id=JINGYAN, reason="补报")
    assert set(values.year_locks(session=session, plan_id=JINGYAN)) == {2024}


def test_a_region_with_two_plans_needs_the_period_on_the_command_line(session, fifteenth):
    with pytest.raises(KnownError, match="2个规划"):
        plans.resolve_plan(session=session, plan="井研县")
    assert plans.resolve_plan(session=session, plan="井研县 十五五") == fifteenth
    assert plans.resolve_plan(session=session, plan="井研县/2021-2025") == JINGYAN


def test_a_corrected_edition_updates_the_plan_and_is_never_a_second_copy(session, fifteenth):
    """The same region and period again (a revised text): refused as a second copy, naming the
    plan; updated from it instead — a changed target, a new indicator, values kept, audited."""
    from desktop.domain.errors import DuplicateDocument
    from desktop.services import rollup

    life = indicator(session, fifteenth, "人均预期寿命").id
    values.enter_values(session=session, items=[(life, 2027, "79.6")])
    revised_text = (JINGYAN_15.replace("县域内住院率\t%\t88\t90", "县域内住院率\t%\t88\t92")
                    .replace("健康服务\t5\t", "健康服务\t6\t每万人口全科医生数\t人\t3\t4\t预期性\n健康服务\t5\t"))
    revised = read_plan_bytes(revised_text.encode("utf-8"), "修订稿.txt")
    found, exact = plans.same_plan(session=session, document=revised)
    assert found.id == fifteenth and not exact
    with pytest.raises(DuplicateDocument, match="井研县“十五五”卫生健康事业发展规划"):
        plans.save_plan(session=session, document=revised)
    change = plans.edition(session=session, plan_id=fifteenth, document=revised)
    assert "县域内住院率：目标值“90”→“92”" in change.lines
    assert any(line.startswith("新增指标：每万人口全科医生数") for line in change.lines)
    plans.update_from_document(session=session, plan_id=fifteenth, document=revised)
    assert indicator(session, fifteenth, "县域内住院率").target_text == "92"
    assert indicator(session, fifteenth, "每万人口全科医生数").baseline_text == "3"
    assert values.value_of(session=session, indicator_id=life, year=2027)["value_text"] == "79.6"   # kept
    actions = session.store.query("SELECT DISTINCT action FROM audit_log WHERE entity = 'indicators' "
                                  "AND action = '按新文本更新规划'")
    assert actions
    data = rollup.rollup(session=session, year=2027)
    assert data.regions.count("井研县") == 1          # one plan, counted once
    with pytest.raises(KnownError, match="没有需要更新的内容"):
        plans.update_from_document(session=session, plan_id=fifteenth, document=revised)


def test_an_indicator_is_found_by_its_printed_name_with_full_width_brackets(session, fifteenth):
    found = values.resolve_indicator(session=session, plan_id=JINGYAN, text="每千常住人口执业（助理）医师数")
    assert found.name == "每千常住人口执业（助理）医师数"
    with pytest.raises(KnownError, match="2个指标"):
        values.resolve_indicator(session=session, plan_id=JINGYAN, text="17")    # the plan prints 17 twice


def test_a_value_on_a_closed_plan_is_refused_as_closed_not_as_a_locked_year(session, fifteenth):
    plans.close_plan(session=session, plan_id=JINGYAN)
    life = indicator(session, JINGYAN, "人均预期寿命").id
    with pytest.raises(KnownError) as info:
        values.enter_values(session=session, items=[(life, 2024, "79.0")])
    assert "已于" in str(info.value) and "重新打开规划" in str(info.value)
