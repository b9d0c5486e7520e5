"""The indicator grid as a spreadsheet: Enter moves down, Tab right, copy and paste blocks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView

from .models.indicator_grid import IndicatorGridModel
from .text import tr


class IndicatorGridView(QTableView):
    message = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("indicatorGrid")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def grid_model(self) -> IndicatorGridModel:
        return self.model()  # type: ignore[return-value]

    # ---- keyboard ------------------------------------------------------------------------
    def closeEditor(self, editor, hint) -> None:
        move_down = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if move_down else hint)
        if move_down:
            self._move(1, 0)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._move(1, 0)
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection_values()
                return
        super().keyPressEvent(event)

    def _move(self, rows: int, cols: int) -> None:
        cur = self.currentIndex()
        if not cur.isValid():
            return
        target = self.model().index(min(cur.row() + rows, self.model().rowCount() - 1),
                                    cur.column() + cols)
        if target.isValid():
            self.setCurrentIndex(target)

    # ---- clipboard -----------------------------------------------------------------------
    def _selected_block(self) -> tuple[int, int, int, int] | None:
        indexes = self.selectedIndexes()
        if not indexes:
            return None
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), max(rows), min(cols), max(cols)

    def copy_selection(self) -> None:
        block = self._selected_block()
        if not block:
            return
        r0, r1, c0, c1 = block
        selected = {(i.row(), i.column()) for i in self.selectedIndexes()}
        lines = []
        for r in range(r0, r1 + 1):
            cells = []
            for c in range(c0, c1 + 1):
                text = str(self.model().index(r, c).data() or "") if (r, c) in selected else ""
                cells.append(text.replace("\t", " ").replace("\n", " "))
            lines.append("\t".join(cells))
        QGuiApplication.clipboard().setText("\r\n".join(lines) + "\r\n")

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        items = self.paste_items(text)
        if items is None:
            return
        model = self.grid_model()
        if items and model.edit_handler:
            problem = model.edit_handler(items, tr("粘贴"))
            if problem:
                self.message.emit(problem)

    def paste_items(self, text: str) -> list[tuple[int, int, str]] | None:
        """The cells a pasted block lands on; None (with a message) when it does not fit."""
        model = self.grid_model()
        rows = [line.split("\t") for line in text.replace("\r\n", "\n").rstrip("\n").split("\n")]
        if not text.strip():
            return None
        start = self.currentIndex()
        if not start.isValid():
            self.message.emit(tr("请先选中要粘贴到的单元格"))
            return None
        if len(rows) == 1 and len(rows[0]) == 1 and len(self.selectedIndexes()) > 1:
            targets = [(i.row(), i.column()) for i in self.selectedIndexes()]
            values = [rows[0][0]] * len(targets)
        else:
            targets, values = [], []
            for dr, line in enumerate(rows):
                for dc, value in enumerate(line):
                    targets.append((start.row() + dr, start.column() + dc))
                    values.append(value)
        items = []
        for (r, c), value in zip(targets, values, strict=True):
            if r >= model.rowCount() or c >= len(model.columns) or not model.columns[c].year:
                self.message.emit(tr("粘贴区域超出了{0}的数值列，未粘贴任何内容；"
                                     "请选中要填入的第一个年度单元格后再粘贴").format(model.period.span_text))
                return None
            items.append((model.state_at(r).id, model.columns[c].year, value.strip()))
        return items

    def clear_selection_values(self) -> None:
        model = self.grid_model()
        items = []
        for i in self.selectedIndexes():
            col = model.columns[i.column()]
            state = model.state_at(i.row())
            if col.year and state and state.cells.get(col.year) and state.cells[col.year].text:
                items.append((state.id, col.year, ""))
        if items and model.edit_handler:
            problem = model.edit_handler(items, tr("清除"))
            if problem:
                self.message.emit(problem)
