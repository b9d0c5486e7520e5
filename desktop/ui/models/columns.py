"""The one column type of every table and tree in the window: what a column shows and how, so the
models ask their columns and hold no `if column == 3` (or `if key ==`) ladders.

`value` and the style callables take what the model hands them: a record table its row; the
indicator grid the indicator's state and the cell of the year in view; the checklist an item."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..qt_numbers import ALIGN_CENTER, ALIGN_LEFT, ALIGN_RIGHT, ALIGN_VCENTER

# a cell's alignment, as Qt's TextAlignmentRole takes it (numbers: see qt_numbers)
CENTER = ALIGN_CENTER
RIGHT = ALIGN_RIGHT | ALIGN_VCENTER
LEFT = ALIGN_LEFT | ALIGN_VCENTER


def _nothing(*_args):
    return None


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    value: Callable = _nothing            # what the cell shows (and edits)
    align: int = LEFT
    width: int = 0
    tooltip: Callable | None = None
    background: Callable | None = None
    foreground: Callable | None = None
    font: Callable | None = None
    editor: str = ""                      # the kind of editor; '' for a column not edited in place
    year: int | None = None               # a year column of the indicator grid (edited there)
    checkable: bool = False               # the tick that marks a checklist item done
    group: Callable | None = None         # the checklist's 专栏 row: (group, done, total, weighted)
    dim_repeats: bool = False             # greyed where the row above shows the same (the domain)

    @property
    def editable(self) -> bool:
        return bool(self.editor) or self.year is not None

    def display(self, *row) -> str:
        v = self.value(*row)
        return "" if v is None else str(v)

    def style(self, name: str, *row):
        fn = getattr(self, name)
        return fn(*row) if fn else None


def field(key: str, header: str, **kw) -> Column:
    """A column showing one field of a record (a typed record's attribute, or a dict's key)."""
    return Column(key, header, lambda r, k=key: r.get(k) if isinstance(r, dict) else getattr(r, k, None), **kw)
