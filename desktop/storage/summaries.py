"""Kept roll-up summaries: a plan's judged counts for a year, dropped by triggers on any change.

Not user data: no audit, no change context. Writing them is best effort (a read-only copy, a
busy file or a full disk only means the next roll-up judges again).
"""

from __future__ import annotations

import json
import sqlite3

from .database import Store


def kept(store: Store, year: int, stamp: str, plan_ids=None) -> dict[int, dict]:
    """The kept summaries of the year (of `plan_ids` only, when given: only those are decoded)."""
    sql = "SELECT plan_id, data FROM plan_summaries WHERE year = ? AND stamp = ?"
    params: list = [year, stamp]
    wanted = None if plan_ids is None else set(plan_ids)
    if wanted is not None and len(wanted) <= 500:
        sql += f" AND plan_id IN ({', '.join('?' * len(wanted))})"
        params += sorted(wanted)
    rows = store.conn.execute(sql, params).fetchall()
    return {plan_id: _decoded(plan_id, year, data) for plan_id, data in rows if wanted is None or plan_id in wanted}


_DECODED: dict[tuple[int, int], tuple[str, dict]] = {}
DECODED_MOST = 6000     # plan-years kept decoded (two years of 3,000 units); then it starts over


def _decoded(plan_id: int, year: int, data: str) -> dict:
    """A kept summary decoded once per text: the same text again (most plans, after one value
    changed) is the same summary. Callers read it, never change it. The text is compared whole,
    so two databases' plans of one id never mix."""
    seen = _DECODED.get((plan_id, year))
    if seen is not None and seen[0] == data:
        return seen[1]
    decoded = json.loads(data)
    if len(_DECODED) >= DECODED_MOST:
        _DECODED.clear()
    _DECODED[(plan_id, year)] = (data, decoded)
    return decoded


def keep(store: Store, year: int, stamp: str, summaries: dict[int, dict]) -> bool:
    if store.readonly or not summaries or store.conn.in_transaction:
        return False  # never commit a transaction a change has open
    try:
        with store.conn:
            store.conn.executemany(
                "INSERT OR REPLACE INTO plan_summaries (plan_id, year, stamp, data) VALUES (?, ?, ?, ?)",
                [(p, year, stamp, json.dumps(d, ensure_ascii=False)) for p, d in summaries.items()])
    except sqlite3.Error:
        return False
    return True
