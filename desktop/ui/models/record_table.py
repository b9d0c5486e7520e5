"""A read-only table of records (typed records, or dicts, with an id), its columns given as Column
objects."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex

from ..qt_numbers import ALIGNMENT_ROLE, DISPLAY_ROLE, TOOLTIP_ROLE, USER_ROLE
from .columns import Column

Index = QModelIndex | QPersistentModelIndex


def _id(row) -> int:
    return row["id"] if isinstance(row, dict) else row.id


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: list[Column], parent=None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_id(self, row: int) -> int | None:
        return _id(self.rows[row]) if 0 <= row < len(self.rows) else None

    def row_of(self, record_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if _id(r) == record_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = DISPLAY_ROLE):   # the plan list combo: before the first paint
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        col = self.columns[index.column()]
        row = self.rows[index.row()]
        if role == DISPLAY_ROLE:
            return col.display(row)
        if role == ALIGNMENT_ROLE:
            return int(col.align)
        if role == TOOLTIP_ROLE and col.tooltip:
            return col.tooltip(row)
        if role == USER_ROLE:
            return _id(row)
        return None

    def headerData(self, section: int, orientation, role: int = DISPLAY_ROLE):
        if role != DISPLAY_ROLE:
            return None
        Qt = QtCore.Qt   # a table's headers: after the first paint
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None
