"""Editors for checklist cells: a status list, the units list, numbers, dates (Qt's own names)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate

from ..domain.checklist import STATUSES
from ..domain.period import DEFAULT as DEFAULT_PERIOD


class ChecklistDelegate(QStyledItemDelegate):
    def __init__(self, units_source, parent=None, period_source=None):
        super().__init__(parent)
        self.units_source = units_source  # callable giving the bureau's units
        self.period_source = period_source  # callable giving the open plan's period (examples)

    def _col(self, index):
        return index.model().columns[index.column()]

    def createEditor(self, parent, option, index):
        editor = self._col(index).editor
        if editor == "status":
            box = QComboBox(parent)
            box.addItems(STATUSES)
            return box
        if editor == "unit":
            box = QComboBox(parent)
            box.setEditable(True)
            box.addItems(["", *self.units_source()])
            return box
        line = QLineEdit(parent)
        end = (self.period_source() if self.period_source else DEFAULT_PERIOD).target_year
        line.setPlaceholderText({"date": f"{end}-06-30", "year": str(end), "percent": "0-100",
                                 "money": "万元", "units": "多个单位用、分隔"}.get(editor, ""))
        return line

    def setEditorData(self, editor, index):
        value = index.data(Qt.ItemDataRole.EditRole)
        text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
        if isinstance(editor, QComboBox):
            editor.setCurrentText(text)
        else:
            editor.setText(text)

    def setModelData(self, editor, model, index):
        text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        model.setData(index, text.strip(), Qt.ItemDataRole.EditRole)
