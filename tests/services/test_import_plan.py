"""Importing a plan: one audited transaction, a dry run saves nothing, the same file twice is refused."""

from __future__ import annotations

import pytest

from desktop.domain.errors import DocumentError, DuplicateDocument
from desktop.services import plans
from desktop.storage import plans as stored_plans
from tests.conftest import SEEDS


def _dump(session):
    db = session.store.db
    return {t: list(db.query(f"SELECT * FROM {t}")) for t in db.table_names()}


def test_import_stores_the_whole_plan_and_audits_it(empty_session):
    doc, changed = plans.import_plan(session=empty_session, path=SEEDS["siping"])
    plan_id = changed.plan_ids[0]
    store = empty_session.store
    assert len(stored_plans.plan_indicators(store, plan_id)) == 20
    boxes = stored_plans.plan_boxes(store, plan_id)
    assert [len(b["items"]) for b in boxes] == [4, 7, 7, 5, 2, 2]
    actions = {r[0] for r in store.db.execute("SELECT DISTINCT action FROM audit_log")}
    assert actions == {"导入规划"}
    audited = store.db.execute(
        "SELECT count(*) FROM audit_log WHERE entity = 'indicators' AND plan_id = ?",
        [plan_id]).fetchone()[0]
    assert audited == 20


def test_sections_keep_their_tree(empty_session):
    _, changed = plans.import_plan(session=empty_session, path=SEEDS["xiangqiao"])
    secs = stored_plans.plan_sections(empty_session.store, changed.plan_ids[0])
    by_id = {s["id"]: s for s in secs}
    child = next(s for s in secs if s["title"] == "面临的形势")
    assert by_id[child["parent_id"]]["title"] == "形势与挑战"
    assert by_id[by_id[child["parent_id"]]["parent_id"]]["title"] == "规划背景"


def test_sub_row_is_linked_to_its_parent_in_the_database(empty_session):
    _, changed = plans.import_plan(session=empty_session, path=SEEDS["xiangqiao"])
    rows = stored_plans.plan_indicators(empty_session.store, changed.plan_ids[0])
    sub = next(r for r in rows if r.parent_id)
    parent = next(r for r in rows if r.id == sub.parent_id)
    assert parent.seq == "9" and sub.name_printed.startswith("其中：")


def test_dry_run_saves_nothing(session):
    before = _dump(session)
    doc, changed = plans.import_plan(session=session, path=SEEDS["jingyan"], dry_run=True)
    assert changed is None and len(doc.indicators) == 28
    assert _dump(session) == before


def test_the_same_document_twice_is_refused_and_nothing_changes(session):
    before = _dump(session)
    with pytest.raises(DuplicateDocument, match="已经导入过"):
        plans.import_plan(session=session, path=SEEDS["xiangshan"])
    assert _dump(session) == before


def test_a_bad_document_leaves_the_database_as_it_was(session, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 1000)
    before = _dump(session)
    with pytest.raises(DocumentError):
        plans.import_plan(session=session, path=bad)
    assert _dump(session) == before
