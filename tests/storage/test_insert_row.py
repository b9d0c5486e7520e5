"""A received plan's rows are plain INSERTs: a value that is neither text nor a number (a hand-made
workbook's plan information) is refused in Chinese, and the change leaves nothing behind."""

from __future__ import annotations

import pytest

from desktop.domain.errors import KnownError
from desktop.storage.database import insert_row


def test_a_list_where_a_name_should_be_is_refused_and_nothing_is_written(empty_session):
    store = empty_session.store
    with pytest.raises(KnownError, match="规划信息不正确"), store.change(who="测试", action="导入上报表") as db:
        plan = insert_row(db, "plans", {"title": "某县规划", "region": "某县", "level": "县", "parent_region": "",
                                        "origin": "received", "source_name": "上报表", "imported_at": "2026-12-02"})
        insert_row(db, "indicators", {"plan_id": plan, "ord": 1, "name": ["人均预期寿命", "岁"]})
    assert store.scalar("SELECT count(*) FROM plans") == 0


def test_text_and_numbers_are_written_as_given(empty_session):
    store = empty_session.store
    with store.change(who="测试", action="导入上报表") as db:
        plan = insert_row(db, "plans", {"title": "某县规划", "region": "某县", "level": "县", "parent_region": "",
                                        "origin": "received", "source_name": "上报表", "imported_at": "2026-12-02"})
        row = insert_row(db, "indicators", {"plan_id": plan, "ord": 1, "seq": "1", "name": "人均预期寿命",
                                            "unit": "岁", "baseline_text": "78.6", "target_text": "≥79"})
    got = store.query("SELECT plan_id, name, unit, target_text FROM indicators WHERE id = ?", [row])
    assert got == [{"plan_id": plan, "name": "人均预期寿命", "unit": "岁", "target_text": "≥79"}]
