"""Kept roll-up summaries: a plan's judged counts for a year, dropped by triggers on any change.

Not user data: no audit, no change context. Writing them is best effort (a read-only copy, a
busy file or a full disk only means the next roll-up judges again).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3

from .database import Store


def kept(store: Store, year: int, stamp: str, plan_ids=None) -> dict[int, dict]:
    """The kept summaries of the year (of `plan_ids` only, when given). A summary already decoded
    in this process is recognised by its token (a new random one each time a summary is written)
    and not read again: after one value changed, only that plan's summary is read."""
    wanted = None if plan_ids is None else set(plan_ids)
    where, params = _where(year, stamp, wanted)
    out, fetch = {}, []
    for plan_id, token in store.conn.execute(f"SELECT plan_id, token FROM plan_summaries {where}", params):
        if wanted is not None and plan_id not in wanted:
            continue
        seen = _DECODED.get((plan_id, year))
        if token and seen is not None and seen[0] == (stamp, token):
            out[plan_id] = seen[1]
        else:
            fetch.append(plan_id)
    if fetch:
        where, params = _where(year, stamp, set(fetch))
        for plan_id, token, data in store.conn.execute(
                f"SELECT plan_id, token, data FROM plan_summaries {where}", params):
            if plan_id in out or (wanted is not None and plan_id not in wanted):
                continue
            out[plan_id] = _decoded(plan_id, year, (stamp, token) if token else data, data)
    return out


def _where(year: int, stamp: str, plan_ids: set[int] | None) -> tuple[str, list]:
    sql, params = "WHERE year = ? AND stamp = ?", [year, stamp]
    if plan_ids is not None and len(plan_ids) <= 500:
        sql += f" AND plan_id IN ({', '.join('?' * len(plan_ids))})"
        params += sorted(plan_ids)
    return sql, params


_DECODED: dict[tuple[int, int], tuple[object, dict]] = {}
DECODED_MOST = 6000     # plan-years kept decoded (two years of 3,000 units); then it starts over


def _decoded(plan_id: int, year: int, mark: object, data: str) -> dict:
    """A kept summary decoded once per write: the same write again (most plans, after one value
    changed) is the same summary object. Callers read it, never change it. A write is known by its
    stamp and token; a row kept before tokens, by its whole text (two databases' plans of one id
    never mix: their tokens, or their texts, differ)."""
    seen = _DECODED.get((plan_id, year))
    if seen is not None and seen[0] == mark:
        return seen[1]
    decoded = json.loads(data)
    _remember(plan_id, year, mark, decoded)
    return decoded


def _remember(plan_id: int, year: int, mark: object, decoded: dict) -> None:
    if len(_DECODED) >= DECODED_MOST:
        _DECODED.clear()
    _DECODED[(plan_id, year)] = (mark, decoded)


@contextlib.contextmanager
def snapshot(store: Store):
    """One read transaction around judging plans and keeping their summaries: yields True when
    it is ours. A value another connection commits while the plans are judged then makes the
    keeping fail (SQLite refuses a write from an older snapshot) instead of keeping a summary of
    the data as it was, which no trigger would drop again. (Inside a change already open, or
    read-only, nothing is kept: False.)"""
    if store.readonly or store.conn.in_transaction:
        yield False
        return
    store.conn.execute("BEGIN")
    try:
        yield True
    finally:
        if store.conn.in_transaction:
            try:
                store.conn.commit()
            except sqlite3.Error:
                store.conn.rollback()


def keep(store: Store, year: int, stamp: str, summaries: dict[int, dict], *, in_snapshot: bool = False) -> bool:
    """Keep summaries (best effort). `in_snapshot`: inside `snapshot`'s transaction, written
    there (and committed when it ends), or not at all if the data changed since it began."""
    if store.readonly or not summaries or (store.conn.in_transaction and not in_snapshot):
        return False  # never commit a transaction a change has open
    tokens = {p: int.from_bytes(os.urandom(8), "big") >> 2 | 1 for p in summaries}     # never 0
    rows = [(p, year, stamp, json.dumps(d, ensure_ascii=False), tokens[p]) for p, d in summaries.items()]
    sql = "INSERT OR REPLACE INTO plan_summaries (plan_id, year, stamp, data, token) VALUES (?, ?, ?, ?, ?)"
    try:
        if in_snapshot:
            store.conn.executemany(sql, rows)
        else:
            with store.conn:
                store.conn.executemany(sql, rows)
    except sqlite3.Error:
        return False
    for p, d in summaries.items():      # what was written is what the next read would decode
        _remember(p, year, (stamp, tokens[p]), d)
    return True
