"""The typed records are the tables: a migration that adds a column must add it to the record."""

from __future__ import annotations

from desktop.domain.records import INDICATOR_FIELDS, StoredIndicator
from desktop.storage import plans as stored_plans
from tests.conftest import JINGYAN


def test_the_indicator_record_has_every_column_of_its_table(empty_session):
    columns = [r["name"] for r in empty_session.store.query("PRAGMA table_info(indicators)")]
    assert list(INDICATOR_FIELDS) == columns


def test_storage_returns_indicators_as_records(session):
    rows = stored_plans.plan_indicators(session.store, JINGYAN)
    assert rows and all(isinstance(r, StoredIndicator) for r in rows)
    assert rows[2].name == "孕产妇死亡率" and rows[2].key == f"i{rows[2].id}" and not rows[2].binding


def test_the_plan_records_have_every_column_of_their_table(empty_session):
    from desktop.domain.records import PLAN_FIELDS

    columns = [r["name"] for r in empty_session.store.query("PRAGMA table_info(plans)")]
    assert list(PLAN_FIELDS) == columns


def test_the_list_of_plans_is_read_again_after_any_change_to_a_plan_from_any_connection(session):
    """The roll-up's list of plans is kept between calls while no plan changed: a plan closed here,
    a plan closed through another connection, a plan added, a change rolled back — each is seen."""
    from desktop.services import plans
    from desktop.services.session import open_session
    from desktop.storage import submissions as stored
    from tests.conftest import JINGYAN, SIPING

    first = stored.all_plans(session.store)
    assert not next(p for p in first if p.id == JINGYAN).closed
    plans.close_plan(session=session, plan_id=JINGYAN, note="期满")
    assert next(p for p in stored.all_plans(session.store) if p.id == JINGYAN).closed
    other = open_session(session.database_path)
    try:
        assert next(p for p in stored.all_plans(other.store) if p.id == JINGYAN).closed
        plans.close_plan(session=other, plan_id=SIPING, note="期满")
    finally:
        other.close()
    assert next(p for p in stored.all_plans(session.store) if p.id == SIPING).closed     # the other's change
    before = [p.id for p in stored.all_plans(session.store)]
    try:
        with session.store.change(who="测试", action="试写") as db:
            db.execute("UPDATE plans SET region = '改过的名字' WHERE id = ?", [SIPING])
            assert any(p.region == "改过的名字" for p in stored.all_plans(session.store))
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    after = stored.all_plans(session.store)
    assert [p.id for p in after] == before and not any(p.region == "改过的名字" for p in after)
