"""The committed data/plans.db holds exactly what a fresh build from data/plans/ holds."""

from __future__ import annotations

import json
import sqlite3

from tests.conftest import ROOT

VOLATILE = {"audit_log": {"at"}, "plans": {"imported_at"}, "_sqlite_migrations": {"applied_at"},
            "tokens": {"token"}, "plan_summaries": {"token"}}     # tokens are random by design


def _stable(value):
    """An audit row's copy of a plan carries its import time: drop it."""
    if isinstance(value, str) and value.startswith("{") and '"imported_at"' in value:
        data = json.loads(value)
        data.pop("imported_at", None)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)
    return value


def dump(path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as c:
        tables = [r[0] for r in c.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        out = {}
        for t in sorted(tables):
            cols = [r[1] for r in c.execute(f"PRAGMA table_info({t})")
                    if r[1] not in VOLATILE.get(t, set())]
            rows = c.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY rowid").fetchall()
            out[t] = [tuple(_stable(v) for v in r) for r in rows]
        out["__schema__"] = c.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    return out


def test_committed_database_equals_a_fresh_build(built_db):
    committed = dump(ROOT / "data" / "plans.db")
    fresh = dump(built_db)
    assert committed.keys() == fresh.keys()
    for table in fresh:
        assert committed[table] == fresh[table], f"data/plans.db differs in {table}: run " \
                                                 "`python -m desktop db build data/plans.db --force`"


def test_committed_database_is_self_contained():
    assert not (ROOT / "data" / "plans.db-wal").exists()
    with sqlite3.connect(ROOT / "data" / "plans.db") as c:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
