"""What a user action changed, and how to undo it: every service that changes data returns an
OpResult. The window runs it, pushes its undo as one step, and broadcasts its Changes once; each
view decides for itself whether they concern it (Anki's `OpChanges`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..storage import rows
from .session import Session


@dataclass(frozen=True)
class Changes:
    plan_ids: tuple[int, ...] = ()
    indicators: frozenset[int] = frozenset()   # whose values or judgements changed
    structure: bool = False                    # indicators added, removed, moved, redefined
    checklist: frozenset[str] = frozenset()    # "project", "task", "units", "links", "evidence"
    plans: bool = False                        # the list of plans (import, restore, received)
    locks: bool = False                        # a year locked or unlocked
    settings: bool = False
    submissions: bool = False
    select: int | None = None                  # the plan to show afterwards

    def touches(self, plan_id: int | None) -> bool:
        return self.plans or not self.plan_ids or plan_id in self.plan_ids

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            tuple(dict.fromkeys(self.plan_ids + other.plan_ids)), self.indicators | other.indicators,
            self.structure or other.structure, self.checklist | other.checklist,
            self.plans or other.plans, self.locks or other.locks, self.settings or other.settings,
            self.submissions or other.submissions, other.select or self.select)


@dataclass
class OpResult:
    """One user action done: what it changed, and (when it can be undone) how."""

    label: str
    changes: Changes = field(default_factory=Changes)
    undo: Callable[[Session], OpResult] | None = None
    value: object = None           # what the action made (a new row's id, a preview …)

    @property
    def plan_ids(self) -> list[int]:
        return list(self.changes.plan_ids)


def reversible(session: Session, label: str, changes: Changes, table: str, keys: list[tuple],
               do: Callable[[], object], columns: tuple[str, ...] = ()) -> OpResult:
    """Run `do` (one audited change of `table`'s rows named by `keys`) and return it with its undo:
    the rows as they were before, written back; and that undo's undo, the rows as they became."""
    before = rows.snapshot(session.store, table, keys)
    value = do()
    after = rows.snapshot(session.store, table, keys)
    return OpResult(label, changes, _swap(label, changes, table, before, after, "撤销", columns), value)


def _swap(label: str, changes: Changes, table: str, target: dict, other: dict,
          word: str, columns: tuple[str, ...]) -> Callable[[Session], OpResult]:
    def run(session: Session) -> OpResult:
        rows.put_back(session.store, table, target, who=session.who, action=f"{word}{label}",
                      columns=columns)
        back = "重做" if word == "撤销" else "撤销"
        return OpResult(label, changes, _swap(label, changes, table, other, target, back, columns))
    return run


def chain(label: str, changes: Changes, do: Callable[[Session], object],
          undo: Callable[[Session], object]) -> Callable[[Session], OpResult]:
    """An undo made of two service calls that invert each other (add/delete, swap/swap)."""
    def run(session: Session) -> OpResult:
        undo(session)
        return OpResult(label, changes, chain(label, changes, undo, do))
    return run
