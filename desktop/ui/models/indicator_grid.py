"""The indicator grid: one row per indicator, the five years editable, the status in colour."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from ...domain.period import DEFAULT as DEFAULT_PERIOD
from ...domain.period import Period
from ...services.evaluation import IndicatorState, YearCell
from ..status_style import BINDING, background, strong
from ..text import tr
from .columns import CENTER, Column
from .filter import Filter


def _bold() -> QFont:
    f = QFont()
    f.setBold(True)
    return f


ROLE_STYLES = {Qt.ItemDataRole.ToolTipRole: "tooltip", Qt.ItemDataRole.BackgroundRole: "background",
               Qt.ItemDataRole.ForegroundRole: "foreground", Qt.ItemDataRole.FontRole: "font"}


def _target_tip(s: IndicatorState, _c) -> str | None:
    r = s.row
    if not r.target_adjusted_text:
        return None
    return tr("原规划目标：{0}；{1}调整，理由：{2}").format(r.target_text, r.target_adjusted_on,
                                                      r.target_adjusted_reason)


def _status_text(s, c: YearCell) -> str:
    guessed = c.judgement is not None and c.judgement.direction_guessed and not s.row.direction and c.text
    return ("⚠ " if c.warning else "") + c.status + ("（人工）" if c.override else "") + ("？" if guessed else "")


def _status_tip(s, c: YearCell) -> str:
    if c.judgement is not None and c.judgement.direction_guessed and not s.row.direction and c.text:
        return c.explanation + tr("\n？方向是按基期和目标推测的，请在右侧确认“越高越好”或“越低越好”")
    return c.explanation


def grid_columns(period: Period) -> tuple[Column, ...]:
    """The grid's columns for a plan of `period`: its baseline and target years in the headers,
    one editable column per reporting year."""
    return (
        Column("seq", tr("序号"), align=CENTER, value=lambda s, c: s.row.seq),
        Column("domain", tr("领域"), value=lambda s, c: s.row.domain, dim_repeats=True),
        Column("name", tr("指标"), value=lambda s, c: ("其中：" if s.row.parent_id else "") + s.row.name,
                   tooltip=lambda s, c: s.row.name_printed or s.row.name),
        Column("unit", tr("单位"), align=CENTER, value=lambda s, c: s.row.unit),
        Column("baseline", tr("基期({0})").format(period.baseline_year), align=CENTER,
               value=lambda s, c: s.row.baseline_text),
        Column("target", tr("目标({0})").format(period.target_year), align=CENTER,
                   value=lambda s, c: s.target + (" *" if s.row.target_adjusted_text else ""), tooltip=_target_tip),
        Column("attribute", tr("属性"), align=CENTER, value=lambda s, c: s.row.attribute,
                   foreground=lambda s, c: BINDING if s.binding else None,
                   font=lambda s, c: _bold() if s.binding else None),
        *(Column(f"y{y}", f"{y}", align=CENTER, year=y) for y in period.years),
        Column("status", tr("状态"), align=CENTER, value=_status_text, tooltip=_status_tip,
                   background=lambda s, c: background(c.status), foreground=lambda s, c: strong(c.status)),
        Column("explanation", tr("说明"), value=lambda s, c: c.explanation, tooltip=lambda s, c: c.explanation),
    )


COLUMNS = grid_columns(DEFAULT_PERIOD)   # until a plan is shown


class IndicatorGridModel(QAbstractTableModel):
    """Rows keyed by indicator id; edits go to `edit_handler`, which pushes an undo command."""

    rejected = Signal(QModelIndex, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.states: list[IndicatorState] = []
        self.visible: list[IndicatorState] = []
        self.period = DEFAULT_PERIOD
        self.columns = COLUMNS
        self.year = self.period.target_year
        self.filter = Filter()
        self.locked_years: set[int] = set()
        self.edit_handler: Callable[[list[tuple[int, int, str]], str], str | None] | None = None

    # ---- data in -------------------------------------------------------------------------
    def year_column(self, year: int) -> int:
        """The column of a reporting year of the plan shown."""
        return next(i for i, c in enumerate(self.columns) if c.year == year)

    def set_states(self, states: list[IndicatorState], year: int | None = None,
                   period: Period | None = None) -> None:
        self.beginResetModel()
        if period is not None and period != self.period:
            self.period, self.columns = period, grid_columns(period)
        self.states = states
        if year:
            self.year = year
        self._apply_filter()
        self.endResetModel()

    def refresh_states(self, states: list[IndicatorState]) -> None:
        """New judgements for the same rows: only the cells change, the view keeps its place."""
        if [s.id for s in states] != [s.id for s in self.states]:
            self.set_states(states)
            return
        self.states = states
        if self._refiltered():
            return
        if self.visible:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.visible) - 1,
                                                               len(self.columns) - 1))

    def update_states(self, states: list[IndicatorState]) -> None:
        """New judgements for some rows (the ones an edit touched): only those rows repaint."""
        by_id = {s.id: s for s in states}
        if not by_id:
            return
        self.states = [by_id.get(s.id, s) for s in self.states]
        if self._refiltered():
            return
        last = len(self.columns) - 1
        for row, s in enumerate(self.visible):
            if s.id in by_id:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _refiltered(self) -> bool:
        """Filter the new states; when other rows now show, reset the view (and say so)."""
        old_visible = [s.id for s in self.visible]
        self._apply_filter()
        if [s.id for s in self.visible] != old_visible:
            self.beginResetModel()
            self.endResetModel()
            return True
        return False

    def set_year(self, year: int) -> None:
        self.year = year
        self.set_states(self.states)

    def set_filter(self, f: Filter) -> None:
        self.filter = f
        self.set_states(self.states)

    def _apply_filter(self) -> None:
        self.visible = [s for s in self.states if self.filter.accepts(s, self.year)]

    def state_at(self, row: int) -> IndicatorState | None:
        return self.visible[row] if 0 <= row < len(self.visible) else None

    def row_of(self, indicator_id: int) -> int:
        return next((i for i, s in enumerate(self.visible) if s.id == indicator_id), -1)

    # ---- Qt ------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            col = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return col.header + (tr("（锁）") if col.year in self.locked_years else "")
            if role == Qt.ItemDataRole.ToolTipRole and col.year in self.locked_years:
                return tr("{0}年度已作为正式上报表导出并锁定；修改请先“上报 → 解锁本年度数据”").format(col.year)
            if role == Qt.ItemDataRole.ToolTipRole and col.year:
                return tr("{0}年实际值：直接输入，回车下移，Tab右移").format(col.year)
            if role == Qt.ItemDataRole.FontRole and col.year == self.year:
                f = QFont()
                f.setBold(True)
                return f
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        col = self.columns[index.column()]
        if col.editable and col.year not in self.locked_years:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.visible[index.row()]
        col = self.columns[index.column()]
        if col.year:
            return self._year_data(s, col.year, role)
        cell = s.cell_for(self.year)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return col.display(s, cell)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align)
        if role == Qt.ItemDataRole.ForegroundRole and col.dim_repeats and self._repeats(index.row()):
            return strong("未填报")
        name = ROLE_STYLES.get(role)
        return col.style(name, s, cell) if name else None

    def _repeats(self, row: int) -> bool:
        return row > 0 and self.visible[row - 1].row.domain == self.visible[row].row.domain

    def text(self, s: IndicatorState, column: Column) -> str:
        return column.display(s, s.cell_for(self.year))

    def _year_data(self, s: IndicatorState, year: int, role):
        cell = s.cells.get(year)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return cell.text if cell else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTER
        if not cell or not cell.text:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return background(cell.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            extra = "".join(f"\n{label}：{v}" for label, v in (
                (tr("数据来源"), cell.source), (tr("备注"), cell.note),
                (tr("填报"), f"{cell.entered_by} {cell.entered_at[:16]}")) if v.strip())
            return cell.explanation + extra
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        col = self.columns[index.column()]
        if not col.year or self.edit_handler is None:
            return False
        s = self.visible[index.row()]
        text = str(value).strip()
        if text == (s.cells.get(col.year).text if s.cells.get(col.year) else ""):
            return True
        problem = self.edit_handler([(s.id, col.year, text)], tr("填报"))
        if problem:
            self.rejected.emit(index, problem)
            return False
        return True
