"""Rows as they were: the before and after of one user action, for its undo and redo.

A service reads the rows an action will touch, makes the change, reads them again; undo writes
the first picture back, redo the second. One mechanism for every table an action changes."""

from __future__ import annotations

from .database import Store

# table -> the columns that name one row of it
KEYS: dict[str, tuple[str, ...]] = {
    "actuals": ("indicator_id", "year"),
    "status_overrides": ("indicator_id", "year"),
    "benchmarks": ("indicator_id", "year"),
    "indicators": ("id",),
    "projects": ("id",),
    "tasks": ("section_id",),
    "units": ("name",),
    "settings": ("key",),
    "report_texts": ("plan_id", "year", "kind"),
}
# columns never written back: the row's own id where it is not the key
SKIP = {"actuals": {"id"}, "status_overrides": {"id"}, "benchmarks": {"id"}, "tasks": {"id"},
        "units": {"id"}, "report_texts": {"id"}}


def snapshot(store: Store, table: str, keys: list[tuple]) -> dict:
    """key -> the whole row, None where there is no row."""
    names = KEYS[table]
    out: dict[tuple, dict | None] = {}
    for key in dict.fromkeys(keys):
        where = " AND ".join(f"{n} = ?" for n in names)
        rows = store.query(f"SELECT * FROM {table} WHERE {where}", list(key))
        out[key] = rows[0] if rows else None
    return out


def put_back(store: Store, table: str, picture: dict, *, who: str, action: str, reason: str = "",
             columns: tuple[str, ...] = ()) -> None:
    """Make the rows what `picture` says, in one audited transaction: a None removes the row, a
    missing row is inserted whole, an existing one gets back `columns` (all, when none named):
    an undo of one field never reverts another field changed since."""
    names = KEYS[table]
    skip = SKIP.get(table, set())
    with store.change(who=who, action=action, reason=reason) as db:
        for key, row in picture.items():
            where = " AND ".join(f"{n} = ?" for n in names)
            if row is None:
                db.execute(f"DELETE FROM {table} WHERE {where}", list(key))
                continue
            data = {c: v for c, v in row.items() if c not in skip}
            exists = db.execute(f"SELECT 1 FROM {table} WHERE {where}", list(key)).fetchone()
            if exists:
                sets = [c for c in data if c not in names and (not columns or c in columns)]
                if sets:
                    db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in sets)} WHERE {where}",
                               [*(data[c] for c in sets), *key])
            else:
                cols = list(data)
                db.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                           [data[c] for c in cols])
