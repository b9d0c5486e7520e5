"""Column objects: what a table column shows, so models hold no `if column == 3` ladders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    value: Callable[[dict], object]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    width: int = 0
    tooltip: Callable[[dict], str] | None = None

    def display(self, row: dict) -> str:
        v = self.value(row)
        return "" if v is None else str(v)


def field(key: str, header: str, **kw) -> Column:
    """A column showing one field of a record (a typed record's attribute, or a dict's key)."""
    return Column(key, header, lambda r, k=key: r.get(k) if isinstance(r, dict) else getattr(r, k, None), **kw)


CENTER = Qt.AlignmentFlag.AlignCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
