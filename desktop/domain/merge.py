"""Merging a returned workbook cell by cell: it changes only what its sender changed.

Three ways to know what the sender changed:
- MERGE: the workbook came back to the database that exported it and carries every open cell's
  text at export, so a cell the sender left alone is told from one they changed, and a cell that
  also changed here since the export is a conflict for a person to settle.
- SENDER: the plan is a unit's received plan: the sender's workbook is the authority on its own
  values, so whatever it reports replaces what the last workbook said.
- COMPARE: our own plan, but the workbook does not say what it held at export (format 1, or a
  workbook exported by another database): a new value is taken, a different one is a conflict.
An empty cell is never a change ("not reported"); the word 删除 withdraws a value.
"""

from __future__ import annotations

from collections.abc import Callable

MERGE, SENDER, COMPARE = "merge", "sender", "compare"
SKIP, APPLY, CONFLICT = "skip", "apply", "conflict"
NOT_REPORTED = None


def decide(*, mode: str, theirs, base, mine, same: Callable[[object, object], bool]) -> str:
    """What to do with one cell. `theirs` is NOT_REPORTED for an empty cell; `base` is the cell's
    value at export (MERGE only); `mine` is the database's value now ('' when there is none)."""
    if theirs is NOT_REPORTED:
        return SKIP
    if mode == MERGE and same(theirs, base):
        return SKIP          # the sender left it as exported
    if same(theirs, mine):
        return SKIP          # nothing new
    if mode == SENDER:
        return APPLY
    if mode == MERGE:
        return APPLY if same(base, mine) else CONFLICT
    return APPLY if mine in ("", None) else CONFLICT
