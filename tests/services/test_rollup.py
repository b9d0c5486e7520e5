"""The roll-up keeps each plan's judged summary per year; every change to a plan drops it."""

from __future__ import annotations

from desktop.services import evaluation, rollup, settings, values
from desktop.services.session import open_session
from tests.conftest import JINGYAN, XIANGSHAN

PLANS = [1, 2, 3, 4, 5]


def judged_afresh(session, year):
    """What the roll-up must show: every plan judged now, nothing kept."""
    states = evaluation.evaluate_plans(session=session, plan_ids=PLANS, years=(year,))
    return {p: rollup.summarise(states[p], year) for p in PLANS}


def kept_plans(session, year):
    return sorted(r["plan_id"] for r in session.store.query(
        "SELECT plan_id FROM plan_summaries WHERE year = ?", [year]))


def test_the_rollup_keeps_summaries_and_reads_them_back(session):
    first = rollup.rollup(session=session, year=2023)
    assert kept_plans(session, 2023) == PLANS
    assert rollup.rollup(session=session, year=2023) == first
    counts = {c["地区"]: c for c in first.counts}
    assert counts["井研县"]["指标数"] == 28 and counts["井研县"]["未填报"] == 28


def test_every_kind_of_change_drops_that_plans_summary_and_only_that(session):
    ids = {p: [s.id for s in evaluation.evaluate_plan(session=session, plan_id=p)] for p in PLANS}
    changes = [
        (2, lambda: values.enter_values(session=session, items=[(ids[2][2], 2023, "12.5")])),
        (2, lambda: values.enter_values(session=session, items=[(ids[2][2], 2022, "11")])),  # earlier year
        (4, lambda: values.override_status(session=session, indicator_id=ids[4][0], year=2023,
                                           status="滞后", reason="核查后")),
        (1, lambda: values.adjust_target(session=session, indicator_id=ids[1][2], target="≤12",
                                         reason="中期评估调整", on="2023-06-30")),
        (3, lambda: values.set_direction(session=session, indicator_id=ids[3][0], direction="lower")),
        (5, lambda: values.set_benchmark(session=session, indicator_id=ids[5][0], year=2023, value=80.0)),
        (2, lambda: values.enter_values(session=session, items=[(ids[2][2], 2023, "")])),  # cleared
    ]
    for plan_id, change in changes:
        rollup.rollup(session=session, year=2023)
        assert kept_plans(session, 2023) == PLANS
        change()
        assert kept_plans(session, 2023) == [p for p in PLANS if p != plan_id]
        assert rollup.summaries(session=session, year=2023, plan_ids=PLANS) == \
            judged_afresh(session, 2023)


def test_a_new_margin_is_not_served_old_summaries(session):
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    values.enter_values(session=session, items=[(ids[7], 2023, "21.2")])  # 健康素养 17.2 → >25
    before = rollup.rollup(session=session, year=2023)
    settings.set_margin(session=session, margin=0.0)
    after = rollup.rollup(session=session, year=2023)
    assert rollup.summaries(session=session, year=2023, plan_ids=PLANS) == judged_afresh(session, 2023)
    jy = lambda r: next(c for c in r.counts if c["地区"] == "井研县")  # noqa: E731
    assert (jy(before)["基本符合预期"], jy(after)["滞后"]) == (1, 1)  # judged under the stricter margin


def test_a_read_only_copy_rolls_up_without_writing(session):
    path = session.database_path
    session.close()
    ro = open_session(path, readonly=True)
    try:
        data = rollup.rollup(session=ro, year=2024)
        assert len(data.regions) == 5
        assert kept_plans(ro, 2024) == []
    finally:
        ro.close()


def test_preparing_after_a_batch_judges_once(session):
    rollup.prepare(session=session, plan_ids=[JINGYAN, XIANGSHAN], years=[2023, 2024])
    assert kept_plans(session, 2023) == [2, 4] and kept_plans(session, 2024) == [2, 4]


def test_a_batch_of_submissions_arrives_with_its_summaries_ready(session, empty_session, tmp_path):
    from desktop.services import backups, submissions

    previews = []
    for plan_id in (JINGYAN, XIANGSHAN):
        ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=plan_id)]
        values.enter_values(session=session, items=[(ids[0], 2023, "79")])
        path = submissions.export_workbook(session=session, plan_id=plan_id, year=2023,
                                           path=tmp_path / f"{plan_id}.xlsx")
        previews.append(submissions.preview_import(session=empty_session, path=path))
    changed = submissions.apply_imports(session=empty_session, previews=previews)
    assert len(backups.listing(empty_session.database_path)) == 1  # one backup for the whole batch
    assert kept_plans(empty_session, 2023) == sorted(changed.plan_ids)
    data = rollup.rollup(session=empty_session, year=2023)
    life = next(r for r in data.rows if r.key == "life_expectancy")
    assert life.cells == {"井研县": ("79", "提前完成"), "相山区": ("79", "提前完成")}


def test_keeping_summaries_never_commits_a_change_that_is_still_open(session):
    from desktop.storage import summaries as stored_summaries

    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    try:
        with session.store.change(who="测试", action="填报"):
            session.store.conn.execute(
                "INSERT INTO actuals (indicator_id, year, value_text, entered_at) VALUES (?, 2023, '78', 'x')",
                [ids[0]])
            assert not stored_summaries.keep(session.store, 2023, "s", {2: {"n": 1}})
            raise RuntimeError("the action fails after the roll-up looked")
    except RuntimeError:
        pass
    assert session.store.query("SELECT COUNT(*) AS n FROM actuals")[0]["n"] == 0


def test_a_rollup_after_a_change_is_the_rollup_built_whole(session):
    """After a change the roll-up puts back only the changed plans' cells into the last table. What
    it shows must be exactly the table built whole from nothing, through values entered and cleared,
    indicators matched to the catalogue, to each other (自定) and unmatched again, an indicator
    deleted and restored; and a table
    handed out before a change keeps what it showed."""
    first = rollup.rollup(session=session, year=2023)
    jy = [u for u in first.unmatched if u["地区"] == "井研县"]
    assert len(jy) >= 2      # 井研县 has indicators outside the catalogue
    states = {p: evaluation.evaluate_plan(session=session, plan_id=p) for p in PLANS}
    keyed = next(s for s in states[JINGYAN] if s.row.catalogue_key)
    key = keyed.row.catalogue_key
    other = next(s for s in states[XIANGSHAN] if s.row.catalogue_key)
    from desktop.domain import catalogue

    free = next(e.key for e in catalogue.ENTRIES      # a row 井研县's plan does not fill yet
                if e.key not in {s.row.catalogue_key for s in states[JINGYAN]})
    changes = [
        lambda: values.enter_values(session=session, items=[(keyed.id, 2023, "12.5")], confirmed=True),
        lambda: values.enter_values(session=session, items=[(other.id, 2023, "3"), (states[1][0].id, 2023, "1")],
                                    confirmed=True),
        lambda: rollup.map_indicator(session=session, region="井研县", name=jy[0]["指标"], key=free),
        lambda: values.enter_values(session=session, items=[(keyed.id, 2023, "")]),
        lambda: rollup.map_indicator(session=session, region="井研县", name=jy[1]["指标"],
                                     key=rollup.CUSTOM + "自定的一行"),
        lambda: values.enter_values(session=session, items=[(keyed.id, 2023, "13")], confirmed=True),
        lambda: rollup.map_indicator(session=session, region="井研县", name=jy[0]["指标"], key=""),
        lambda: values.enter_values(session=session, items=[(s.id, 2023, "") for s in states[1][:3]]),
        # a unit's indicator gone from its plan (its cell leaves the row), then back
        lambda: removed.append(plan_edit.delete_indicator(session=session, indicator_id=other.id)),
        lambda: plan_edit.restore_indicator(session=session, snapshot=removed[0].value),
    ]
    from desktop.services import plan_edit

    removed = []
    shown = {}
    for step, change in enumerate(changes):
        before = rollup.rollup(session=session, year=2023)
        kept = (before.regions[:], [(r.key, dict(r.cells), dict(r.targets)) for r in before.rows])
        change()
        merged = rollup.rollup(session=session, year=2023)
        rollup._LAST.clear()
        whole = rollup.rollup(session=session, year=2023)
        assert merged == whole, step
        assert (before.regions, [(r.key, r.cells, r.targets) for r in before.rows]) == kept, step
        shown[step] = next((r.cells.get("井研县") for r in merged.rows if r.key == key), None)
    assert shown[0][0] == "12.5" and shown[3][0] != "12.5" and shown[5][0] == shown[6][0] == "13"


def test_a_value_saved_by_another_connection_while_plans_are_judged_is_never_lost(session, monkeypatch):
    """The 汇总 window's worker judges on its own connection while the clerk types in the main
    window: the summary judged from before the value must not be kept (no trigger would drop it
    again, and every later roll-up would show the plan without the value)."""
    worker = open_session(session.database_path)
    literacy = next(s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)
                    if s.row.name == "居民健康素养水平")
    judge = evaluation.evaluate_plans

    def judged_while_a_value_is_typed(**kw):
        states = judge(**kw)
        if JINGYAN in kw["plan_ids"]:
            values.enter_values(session=session, items=[(literacy, 2023, "21.2")], confirmed=True)
        return states

    monkeypatch.setattr(evaluation, "evaluate_plans", judged_while_a_value_is_typed)
    rollup.rollup(session=worker, year=2023)
    monkeypatch.setattr(evaluation, "evaluate_plans", judge)
    worker.close()
    rollup._LAST.clear()
    later = next(c for c in rollup.rollup(session=session, year=2023).counts if c["地区"] == "井研县")
    assert later["已填报"] == 1 and later["未填报"] == 27


def test_an_indicator_is_not_matched_to_a_row_its_plan_already_fills(session):
    """井研县 already has a catalogue indicator on a row: matching one of its own indicators outside
    the catalogue to that row would put one value over the other. Refused, nothing matched; the
    same row for another unit, or another row, is fine."""
    from desktop.domain.errors import KnownError

    first = rollup.rollup(session=session, year=2023)
    own = next(u for u in first.unmatched if u["地区"] == "井研县")["指标"]
    keyed = next(s for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN) if s.row.catalogue_key)
    try:
        rollup.map_indicator(session=session, region="井研县", name=own, key=keyed.row.catalogue_key)
        raise AssertionError("a second indicator was matched to a row the plan already fills")
    except KnownError as exc:
        assert keyed.row.name in str(exc) and own in str(exc)
    assert rollup.mapping(session=session) == {}
    rollup.map_indicator(session=session, region="井研县", name=own, key=rollup.CUSTOM + "自定的一行")
    assert rollup.mapping(session=session) == {f"井研县|{own}": rollup.CUSTOM + "自定的一行"}
