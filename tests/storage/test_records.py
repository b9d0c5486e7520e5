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
