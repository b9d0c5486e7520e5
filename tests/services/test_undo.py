"""Undo is one step per user action, written by the service that made the change: over random
sequences of actions, undoing them all brings every user-data table back exactly, and redoing
them brings back what they made."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.errors import KnownError
from desktop.domain.period import DEFAULT as DEFAULT_PERIOD
from desktop.services import checklist, evaluation, evidence, plan_edit, values
from tests.conftest import JINGYAN

TABLES = ("plans", "sections", "indicators", "actuals", "status_overrides", "benchmarks", "boxes",
          "projects", "tasks", "units", "links", "attachments", "settings", "year_locks")
# row ids that are only a counter (a row put back gets a new one); the others are referred to
COUNTER_IDS = {"actuals", "status_overrides", "benchmarks", "tasks", "units", "links", "year_locks"}


def dump(session) -> dict[str, list]:
    out = {}
    for table in TABLES:
        rows = session.store.query(f"SELECT * FROM {table}")
        if table in COUNTER_IDS:
            rows = [{k: v for k, v in r.items() if k != "id"} for r in rows]
        out[table] = sorted(tuple(sorted(r.items(), key=lambda kv: kv[0])) for r in rows)
    return out


def _ids(session):
    return [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]


def _project_ids(session):
    return [i.id for g in checklist.projects(session=session, plan_id=JINGYAN) for i in g.items]


def _task_ids(session):
    return [t.id for t in checklist.tasks(session=session, plan_id=JINGYAN)]


def action_strategy(tmp_path):
    """Each action: a function of the session that makes one change and returns its OpResult."""
    pick = st.integers(0, 1000)
    year = st.sampled_from(DEFAULT_PERIOD.years)   # the bundled plans are 十四五
    evidence_file = tmp_path / "照片.jpg"
    evidence_file.write_bytes(b"\xff\xd8 photo")

    def nth(items, k):
        return items[k % len(items)]

    return st.one_of(
        st.builds(lambda k, y, text: lambda s: values.enter_values(
            session=s, items=[(nth(_ids(s), k), y, text)]), pick, year,
            st.sampled_from(["78.9", "12", "", "0", "95.5", "1:1.32", "职工81 居民72"])),
        st.builds(lambda k, y: lambda s: values.enter_values(
            session=s, items=[(i, y, "3") for i in _ids(s)[k % 5: k % 5 + 3]]), pick, year),
        st.builds(lambda k, y: lambda s: values.set_value_details(
            session=s, indicator_id=nth(_ids(s), k), year=y, source="统计年报", note="复核"), pick, year),
        st.builds(lambda k, y, status: lambda s: values.override_status(
            session=s, indicator_id=nth(_ids(s), k), year=y, status=status, reason="口径变化"),
            pick, year, st.sampled_from(["滞后", "提前完成", None])),
        st.builds(lambda k, y, v: lambda s: values.set_benchmark(
            session=s, indicator_id=nth(_ids(s), k), year=y, value=v), pick, year,
            st.sampled_from([None, 10.0, 80.5])),
        st.builds(lambda k, t, start: lambda s: values.adjust_target(
            session=s, indicator_id=nth(_ids(s), k), target=t, reason="中期评估", on="2023-06-30",
            from_year=start), pick, st.sampled_from(["≤14", "80左右", ""]),
            st.sampled_from([None, 2023, 2024])),
        st.builds(lambda k, d: lambda s: values.set_direction(
            session=s, indicator_id=nth(_ids(s), k), direction=d), pick,
            st.sampled_from(["", "higher", "lower"])),
        st.builds(lambda k, f: lambda s: plan_edit.edit_indicator(
            session=s, indicator_id=nth(_ids(s), k), fields=f), pick,
            st.sampled_from([{"name": "改过的名称"}, {"unit": "%"}, {"lead_unit": "疾控中心"},
                             {"attribute": "约束性"}, {"baseline_text": "50"}])),
        st.just(lambda s: plan_edit.add_indicator(session=s, plan_id=JINGYAN, fields={
            "name": "新增的指标", "unit": "%", "baseline_text": "10", "target_text": "≥20"})),
        st.builds(lambda k: lambda s: plan_edit.delete_indicator(
            session=s, indicator_id=nth(_ids(s), k), reason="重复"), pick),
        st.builds(lambda k: lambda s: plan_edit.move_indicator(
            session=s, indicator_id=nth(_ids(s), k), other_id=nth(_ids(s), k + 1)), pick),
        st.builds(lambda k, f: lambda s: checklist.update(
            session=s, kind="project", changes={nth(_project_ids(s), k): f}), pick,
            st.sampled_from([{"status": "推进中", "progress": 40}, {"lead_unit": "县人民医院"},
                             {"spent_invest": 120.5, "note": "已拨付"}, {"done_date": "2024-03-01"}])),
        st.builds(lambda k: lambda s: checklist.tick_done(
            session=s, kind="task", ids=[nth(_task_ids(s), k), nth(_task_ids(s), k + 7)]), pick),
        st.builds(lambda k: lambda s: checklist.tick_done(
            session=s, kind="project", ids=[nth(_project_ids(s), k)]), pick),
        st.builds(lambda k, j: lambda s: checklist.set_links(
            session=s, kind="project", item_id=nth(_project_ids(s), k),
            indicator_ids=_ids(s)[j % 4: j % 4 + 2]), pick, pick),
        st.just(lambda s: checklist.add_units(session=s, names=["县疾控中心", "县妇幼保健院"])),
        st.just(lambda s: checklist.remove_unit(session=s, name="县疾控中心")),
        st.builds(lambda k: lambda s: evidence.attach(
            session=s, entity="project", entity_id=nth(_project_ids(s), k), path=evidence_file), pick),
    )


def test_undo_restores_every_table_and_redo_brings_the_change_back(session, tmp_path, report_line):
    tried = {"sequences": 0, "actions": 0, "refused": 0}

    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.lists(action_strategy(tmp_path), min_size=1, max_size=7))
    def run(actions):
        tried["sequences"] += 1
        pictures, steps = [dump(session)], []
        for act in actions:
            try:
                result = act(session)
            except KnownError:
                tried["refused"] += 1
                continue
            tried["actions"] += 1
            assert result.undo is not None, result.label
            steps.append(result)
            pictures.append(dump(session))
        redo = []
        for k in range(len(steps) - 1, -1, -1):
            back = steps[k].undo(session)
            redo.append(back)
            assert dump(session) == pictures[k], f"undo of {steps[k].label}"
        for k, step in enumerate(reversed(redo)):
            step.undo(session)
            assert dump(session) == pictures[k + 1], f"redo of {step.label}"

    run()
    report_line(f"undo property: {tried['sequences']} sequences, {tried['actions']} actions undone "
                f"and redone, {tried['refused']} refused by the services")
    assert tried["actions"] > 20


def test_the_audit_log_records_an_undo(session):
    ids = _ids(session)
    result = values.enter_values(session=session, items=[(ids[0], 2023, "78.9")])
    result.undo(session)
    actions = [r["action"] for r in session.store.query(
        "SELECT action FROM audit_log WHERE entity = 'actuals' ORDER BY id")]
    assert actions[-2:] == ["填报", "撤销填报 人均预期寿命：78.9"]


def test_undoing_a_benchmark_restores_the_earlier_value(session):
    """Issue #16: undoing a benchmark entry deleted it instead of restoring the earlier value."""
    iid = _ids(session)[0]
    values.set_benchmark(session=session, indicator_id=iid, year=2023, value=10.0, source="公报")
    second = values.set_benchmark(session=session, indicator_id=iid, year=2023, value=12.0)
    second.undo(session)
    assert session.store.query("SELECT value, source FROM benchmarks WHERE indicator_id = ?",
                               [iid]) == [{"value": 10.0, "source": "公报"}]


def test_imports_and_restores_are_backed_up_not_undone(session, tmp_path, home):
    from desktop.services import backups, plans, submissions

    out = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "s.xlsx")
    result = submissions.apply_import(session=session,
                                      preview=submissions.preview_import(session=session, path=out))
    assert result.undo is None and any((home / "backups" / "events").glob("导入上报表前-*.db"))
    from tests.conftest import SEEDS

    doc, imported = plans.import_plan(session=session, path=SEEDS["jingyan"], dry_run=True)
    assert imported is None
    restored = backups.restore(session=session, source=next((home / "backups" / "events").glob("*.db")))
    assert restored.safety.exists() and restored.changes.plans
