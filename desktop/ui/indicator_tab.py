"""指标填报: the filter bar, the grid and the panel of the selected indicator."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QPersistentModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..domain.evaluation import STATUSES
from ..domain.target_wording import Benchmark
from ..services import evaluation, values
from ..services.session import Session
from .grid_view import IndicatorGridView
from .models.indicator_grid import Filter, IndicatorGridModel
from .operations import Operations
from .text import tr

if TYPE_CHECKING:
    from ..services.evaluation import IndicatorState
    from .indicator_panel import IndicatorPanel

ALL = tr("全部")


def _dialogs():
    """The indicator dialogs, loaded when first opened (the window's start does not wait for them)."""
    from . import dialogs

    return dialogs


def _plan_edit():
    """Editing the indicator table (and the catalogue it matches against), loaded when first used."""
    from ..services import plan_edit

    return plan_edit


class IndicatorTab(QWidget):
    def __init__(self, session: Session, ops: Operations, parent=None):
        super().__init__(parent)
        self.session, self.ops = session, ops     # the window re-judges at each change (take_judgements)
        self.plan_id: int | None = None
        self.model = IndicatorGridModel(self)
        self.model.edit_handler = self.edit_values
        self.grid = IndicatorGridView()
        self.grid.setModel(self.model)
        self.grid.customContextMenuRequested.connect(self._context_menu)
        self.grid.message.connect(self.show_message)
        self.model.rejected.connect(self._rejected)
        self.grid.installEventFilter(self)
        # a long name loses its middle, not its end (城乡居民达到…合格以上人数比例); the tooltip has it all
        self.grid.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._plan_widths: dict[int, list[int]] = {}     # column widths the clerk set, per plan
        self._fitting = False
        self.grid.horizontalHeader().sectionResized.connect(self._resized_by_hand)
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._update_panel())
        self._panel: IndicatorPanel | None = None  # built when the tab is first shown
        self._panel_slot = QWidget()
        QVBoxLayout(self._panel_slot).setContentsMargins(0, 0, 0, 0)
        self.domain = QComboBox()
        self.attribute = QComboBox()
        self.attribute.addItems([ALL, "预期性", "约束性"])
        self.status = QComboBox()
        self.status.addItems([ALL, *STATUSES, "预警"])
        self.missing = QCheckBox(tr("只看未填报"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("搜索指标名称、领域或序号"))
        self.search.setClearButtonEnabled(True)
        bar = QHBoxLayout()
        for label, w in ((tr("领域"), self.domain), (tr("属性"), self.attribute),
                         (tr("状态"), self.status)):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
        bar.addWidget(self.missing)
        bar.addWidget(self.search, 1)
        for w in (self.domain, self.attribute, self.status):
            w.currentIndexChanged.connect(self._filter_changed)
        self.missing.toggled.connect(self._filter_changed)
        self.search.textChanged.connect(self._filter_changed)
        self.banner = QLabel()
        self.banner.setObjectName("gridMessage")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #b71c1c; padding: 2px 4px;")
        self.banner.hide()
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.banner.hide)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(bar)
        ll.addWidget(self.banner)
        ll.addWidget(self.grid, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("indicatorSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._panel_slot)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([1070, 290])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.splitter)

    # ---- loading -------------------------------------------------------------------------
    def show_plan(self, plan_id: int, year: int, states: list[IndicatorState] | None = None) -> None:
        """Show a plan: its indicators judged here, or as the window already judged them."""
        self.plan_id = plan_id
        if states is None:
            states = evaluation.evaluate_plan(session=self.session, plan_id=plan_id)
        domains = list(dict.fromkeys(s.row.domain for s in states if s.row.domain))
        self.domain.blockSignals(True)
        self.domain.clear()
        self.domain.addItems([ALL, *domains])
        self.domain.blockSignals(False)
        self.model.locked_years = set(values.year_locks(session=self.session, plan_id=plan_id))
        period = states[0].period if states else evaluation.plan_period(session=self.session, plan_id=plan_id)
        year = period.clamp(year)
        self.model.set_states(states, year, period)
        self._fit_pending = True  # widths measured when the grid is first in view
        if self.isVisible():
            self._fit_columns()
        if self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(0, self.model.year_column(year)))
        self._update_panel()

    def refresh(self) -> None:
        if self.plan_id is None:
            return
        self.model.refresh_states(evaluation.evaluate_plan(session=self.session, plan_id=self.plan_id))
        self._update_panel()

    def take_judgements(self, states: list[IndicatorState]) -> None:
        """Indicators judged again after a change of their values (the window judges them, only
        those changed: a commit costs the same on 20 indicators as on 2,000)."""
        self.model.update_states(states)
        self._update_panel()

    def set_year(self, year: int) -> None:
        with self._keeping_current(year):
            self.model.set_year(year)
        self._update_panel()

    @contextlib.contextmanager
    def _keeping_current(self, year: int | None = None):
        """The model resets on a new year or filter; the clerk stays on the same indicator (and
        moves to the new year's column), or lands on the first row if it was filtered out."""
        state = self.current_state()
        column = self.grid.currentIndex().column()
        yield
        if year is not None or column < 0:
            column = self.model.year_column(self.model.year)
        row = self.model.row_of(state.id) if state else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.grid.setCurrentIndex(self.model.index(row, column))

    # (min, max) widths in pixels at 100% scaling: fits 1366 px with the panel beside
    WIDTHS = {"seq": (34, 40), "domain": (60, 70), "name": (150, 220), "unit": (40, 52),
              "baseline": (60, 84), "target": (70, 100), "attribute": (52, 56), "status": (92, 112)}

    def _resized_by_hand(self, *_args) -> None:
        if not self._fitting and self.plan_id is not None:
            header = self.grid.horizontalHeader()
            self._plan_widths[self.plan_id] = [header.sectionSize(i) for i in range(header.count())]

    def _fit_columns(self) -> None:
        self._fitting = True
        try:
            self._fit_columns_now()
        finally:
            self._fitting = False

    def _fit_columns_now(self) -> None:
        """The widths the clerk set for this plan; else widths from the text, not from measuring
        every cell (that cost 25 ms at start)."""
        self._fit_pending = False
        header = self.grid.horizontalHeader()
        kept = self._plan_widths.get(self.plan_id)
        if kept and len(kept) == len(self.model.columns):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
            for i, w in enumerate(kept):
                header.resizeSection(i, w)
            self.grid.horizontalScrollBar().setValue(0)
            return
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.grid.fontMetrics()
        scale = self.logicalDpiX() / 96 if self.logicalDpiX() > 0 else 1.0
        for i, c in enumerate(self.model.columns):
            lo, hi = (58, 62) if c.year else self.WIDTHS.get(c.key, (0, 0))
            if not hi:
                continue
            texts = [c.header] + [self.model.text(s, c) for s in self.model.states[:200]
                                  if c.key in ("name", "target", "baseline", "domain", "unit")]
            wanted = max(metrics.horizontalAdvance(t) for t in texts) + 16
            header.resizeSection(i, int(min(max(wanted, lo * scale), hi * scale)))
        header.setStretchLastSection(True)
        # on a 1366-pixel screen with the panel beside, the names give way before the 说明 column
        # is pushed out of view (it says why a row is lagging)
        name = next(i for i, c in enumerate(self.model.columns) if c.key == "name")
        used = sum(header.sectionSize(i) for i in range(len(self.model.columns) - 1))
        over = used - (self.grid.viewport().width() - int(160 * scale))
        if self.grid.isVisible() and over > 0:
            lo = int(self.WIDTHS["name"][0] * scale)
            header.resizeSection(name, max(lo, header.sectionSize(name) - over))
            # still too wide: the other columns give way, never below their header's words nor a
            # 领域's name (only 指标 names lose their middle, and show whole in the tooltip)
            for i, c in enumerate(self.model.columns[:-1]):
                used = sum(header.sectionSize(k) for k in range(len(self.model.columns) - 1))
                over = used - (self.grid.viewport().width() - int(160 * scale))
                if over <= 0:
                    break
                if c.key == "name":
                    continue
                texts = [c.header] + ([self.model.text(s, c) for s in self.model.states[:200]]
                                      if c.key in ("domain", "unit", "attribute", "status") else [])
                floor = max(metrics.horizontalAdvance(t) for t in texts) + 14
                header.resizeSection(i, max(floor, header.sectionSize(i) - over))
        # the first columns (序号, 指标) in view; then the current cell, if it is off to the right
        self.grid.horizontalScrollBar().setValue(0)
        if self.grid.currentIndex().isValid():
            self.grid.scrollTo(self.grid.currentIndex())

    def save_layout(self, s: QSettings) -> None:
        s.setValue("grid/header", self.grid.horizontalHeader().saveState())
        s.setValue("grid/splitter", self.splitter.saveState())
        for plan_id, widths in self._plan_widths.items():
            s.setValue(f"grid/widths/{plan_id}", ",".join(map(str, widths)))

    def restore_layout(self, s: QSettings) -> None:
        s.beginGroup("grid/widths")
        for key in s.childKeys():
            try:
                self._plan_widths[int(key)] = [int(w) for w in str(s.value(key)).split(",") if w]
            except ValueError:
                continue      # a hand-edited settings file: the widths are fitted again
        s.endGroup()
        for key, target in (("grid/header", self.grid.horizontalHeader()),
                            ("grid/splitter", self.splitter)):
            state = s.value(key)
            if state is not None:
                target.restoreState(state)

    # ---- editing -------------------------------------------------------------------------
    def edit_values(self, items: list[tuple[int, int, str]], label: str) -> str | None:
        """Save the cells now as one undo step; the refusal's sentence, or None. In a paste, the
        cells that are fine are saved and the refused ones named (which cell, why)."""
        if len(items) > 1:
            bad = values.refused_cells(session=self.session, items=items)
            if bad and len(bad) < len(items):
                wrong = {(r.indicator_id, r.year) for r in bad}
                good = [it for it in items if (it[0], it[1]) not in wrong]
                problem = self.edit_values(good, label)
                if problem:
                    return problem
                named = "；".join(f"{r.where}“{r.text}”：{r.message}" for r in bad[:3])
                more = tr("等") if len(bad) > 3 else ""
                return tr("{0} 个单元格未保存（{1}{2}）；其余 {3} 个已保存").format(len(bad), named, more, len(good))
        refused: list[str] = []
        questions = values.implausible_values(session=self.session, items=items)
        if questions and not self.confirm_values(questions):
            return tr("未保存（数值待核对）")
        # asked above (or nothing to ask): the save does not check the same cells again
        result = self.ops.run(lambda: values.enter_values(session=self.session, items=items, action=label,
                                                          confirmed=True),
                              report=refused.append)
        if result is not None:
            self.banner.hide()
        return refused[0] if refused else (None if result is not None else tr("未保存"))

    def confirm_values(self, questions) -> bool:
        """One question for the whole edit or paste: the cells that look like slips, and why."""
        lines = "\n".join(f"· {q.year}年 {q.message}" for q in questions[:12])
        more = tr("\n……共{0}处").format(len(questions)) if len(questions) > 12 else ""
        answer = QMessageBox.question(
            self, tr("确定吗？"),
            tr("以下数值与基期或上年相差很大，可能填错了：\n{0}{1}\n\n确定按此保存吗？").format(lines, more),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _rejected(self, index, message: str) -> None:
        """A refused cell keeps the cursor, with the reason beside it until the next key."""
        rect = self.grid.visualRect(index)
        QToolTip.showText(self.grid.viewport().mapToGlobal(rect.bottomLeft()), message, self.grid)
        self.show_message(message, until_key=True)
        keep = QPersistentModelIndex(index)
        QTimer.singleShot(0, lambda: keep.isValid() and self.grid.setCurrentIndex(self.model.index(
            keep.row(), keep.column())))

    def show_message(self, message: str, until_key: bool = False) -> None:
        self.banner.setText("！" + message)
        self.banner.show()
        self._banner_pinned = until_key
        if until_key:
            self._banner_timer.stop()
        else:
            self._banner_timer.start(12000)

    def eventFilter(self, watched, event) -> bool:   # noqa: N802 - Qt's name
        """The next key after a refusal takes its message away."""
        if event.type() == QEvent.Type.KeyPress and getattr(self, "_banner_pinned", False):
            self._banner_pinned = False
            self._banner_timer.start(1500)
        return super().eventFilter(watched, event)

    # ---- filter and selection ------------------------------------------------------------
    def _filter_changed(self) -> None:
        pick = lambda box: "" if box.currentText() == ALL else box.currentText()  # noqa: E731
        with self._keeping_current():
            self.model.set_filter(Filter(pick(self.domain), pick(self.attribute), pick(self.status),
                                         self.missing.isChecked(), self.search.text()))
        self._update_panel()

    def apply_filter(self, f: Filter) -> None:
        for box, value in ((self.domain, f.domain), (self.attribute, f.attribute),
                           (self.status, f.status)):
            box.blockSignals(True)
            box.setCurrentText(value or ALL)
            box.blockSignals(False)
        self.missing.blockSignals(True)
        self.missing.setChecked(f.missing_only)
        self.missing.blockSignals(False)
        self.search.blockSignals(True)
        self.search.setText(f.text)
        self.search.blockSignals(False)
        with self._keeping_current():
            self.model.set_filter(f)
        self._update_panel()

    def select_indicator(self, indicator_id: int) -> None:
        row = self.model.row_of(indicator_id)
        if row < 0:
            self.apply_filter(Filter())
            row = self.model.row_of(indicator_id)
        col = self.model.year_column(self.model.year)
        index = self.model.index(row, col)
        self.grid.setCurrentIndex(index)
        self.grid.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.grid.scrollTo(index)
        self._update_panel()

    def current_state(self):
        index = self.grid.currentIndex()
        return self.model.state_at(index.row()) if index.isValid() else None

    @property
    def panel(self) -> IndicatorPanel:
        """The selected indicator's panel (path chart, history, links), built the first time the
        tab is shown or the panel is asked for: the window's start does not wait for it."""
        if self._panel is None:
            from .indicator_panel import IndicatorPanel

            self._panel = IndicatorPanel(self.session)
            self._panel.reasons_saved.connect(
                lambda iid, year, analysis, measures: self._run(tr("原因分析/下一步措施"), lambda: values.set_reasons(
                    session=self.session, indicator_id=iid, year=year, analysis=analysis, measures=measures)))
            self._panel.direction_chosen.connect(
                lambda iid, way: self._run(tr("设置指标方向"), lambda: values.set_direction(
                    session=self.session, indicator_id=iid, direction=way)))
            self._panel_slot.layout().addWidget(self._panel)
            self._panel.show()
            self._panel.show_state(self.current_state(), self.model.year)
        return self._panel

    def _update_panel(self) -> None:
        if self._panel is None:
            if self.isVisible():
                self.panel  # noqa: B018 - builds and fills it
            return
        self._panel.show_state(self.current_state(), self.model.year)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_fit_pending", False):
            self._fit_columns()
        if self._panel is None:
            self._update_panel()

    # ---- context menu --------------------------------------------------------------------
    def _context_menu(self, pos) -> None:
        index = self.grid.indexAt(pos)
        state = self.model.state_at(index.row()) if index.isValid() else None
        year = self.model.columns[index.column()].year if index.isValid() else None
        year = year or self.model.year
        menu = QMenu(self)
        if state:
            cell = state.cell_for(year)
            self._act(menu, tr("人工判断 {0} 年…").format(year), lambda: self.override(state, year))
            if cell.override:
                self._act(menu, tr("取消人工判断"), lambda: self.clear_override(state, year))
            self._act(menu, tr("数据来源与备注…"), lambda: self.details(state, year),
                      enabled=bool(cell.text))
            self._act(menu, tr("{0} 年佐证材料…").format(year), lambda: self.evidence(state, year),
                      enabled=bool(cell.text))
            if isinstance(cell.judgement.rule if cell.judgement else None, Benchmark):
                self._act(menu, tr("录入 {0} 年对标值…").format(year), lambda: self.benchmark(state, year))
            menu.addSeparator()
            self._act(menu, tr("调整目标…"), lambda: self.adjust(state))
            way = menu.addMenu(tr("指标方向"))
            for label, value in ((tr("自动识别"), ""), (tr("越高越好"), "higher"),
                                 (tr("越低越好"), "lower")):
                a = self._act(way, label, lambda v=value: self.set_direction(state, v))
                a.setCheckable(True)
                a.setChecked(state.row.direction == value)
            menu.addSeparator()
            self._act(menu, tr("编辑指标…"), lambda: self.edit_indicator(state))
            self._act(menu, tr("上移"), lambda: self.move(state, -1))
            self._act(menu, tr("下移"), lambda: self.move(state, 1))
            self._act(menu, tr("删除指标…"), lambda: self.delete_indicator(state))
        self._act(menu, tr("新增指标…"), self.add_indicator, enabled=self.plan_id is not None)
        menu.exec(self.grid.viewport().mapToGlobal(pos))

    def _act(self, menu: QMenu, label: str, slot, enabled: bool = True) -> QAction:
        action = menu.addAction(label)
        action.triggered.connect(slot)
        action.setEnabled(enabled)
        return action

    def _run(self, title: str, do) -> bool:
        """One action through the window's operations: its undo, its one broadcast."""
        return self.ops.run(do, title=title) is not None

    def override(self, state, year: int) -> None:
        cell = state.cell_for(year)
        dialog = _dialogs().OverrideDialog(state.row.name, year, cell.judgement.status if cell.judgement else "",
                                           cell.judgement.explanation if cell.judgement else "", self)
        if not dialog.exec():
            return
        status, reason = dialog.status.currentText(), dialog.reason.toPlainText().strip()
        self._run(tr("人工判断"), lambda: values.override_status(
            session=self.session, indicator_id=state.id, year=year, status=status, reason=reason))

    def clear_override(self, state, year: int) -> None:
        self._run(tr("取消人工判断"), lambda: values.override_status(
            session=self.session, indicator_id=state.id, year=year, status=None,
            reason=tr("取消人工判断")))

    def details(self, state, year: int) -> None:
        cell = state.cell_for(year)
        dialog = _dialogs().DetailsDialog(state.row.name, year, cell.source, cell.note, self)
        if not dialog.exec():
            return
        src, note = dialog.source.text(), dialog.note.toPlainText()
        self._run(tr("数据来源与备注"), lambda: values.set_value_details(
            session=self.session, indicator_id=state.id, year=year, source=src, note=note))

    def evidence(self, state, year: int) -> None:
        from .checklist_dialogs import EvidenceDialog

        EvidenceDialog(self.session, self.ops, "value", state.id, f"{state.row.name} {year}年",
                       year=year, parent=self).exec()

    def benchmark(self, state, year: int) -> None:
        rule = state.cell_for(year).judgement.rule
        dialog = _dialogs().BenchmarkDialog(state.row.name, year, rule.label, None, self)
        if dialog.exec():
            value, source = dialog.value.value(), dialog.source.text()
            self._run(tr("录入对标值"), lambda: values.set_benchmark(
                session=self.session, indicator_id=state.id, year=year, value=value, source=source))

    def adjust(self, state) -> None:
        row = state.row
        dialog = _dialogs().AdjustTargetDialog(row.name, row.target_text, row.target_adjusted_text,
                                               self.model.period.years, row.target_adjusted_from or self.model.year,
                                               self)
        if not dialog.exec():
            return
        new, on, reason = dialog.target.text(), dialog.on.text(), dialog.reason.text()
        start = dialog.from_year.currentData()
        self._run(tr("调整目标"), lambda: values.adjust_target(
            session=self.session, indicator_id=state.id, target=new, reason=reason, on=on,
            from_year=start))

    def set_direction(self, state, direction: str) -> None:
        self._run(tr("设置指标方向"), lambda: values.set_direction(
            session=self.session, indicator_id=state.id, direction=direction))

    def _domains(self) -> list[str]:
        return list(dict.fromkeys(s.row.domain for s in self.model.states if s.row.domain))

    def add_indicator(self) -> None:
        dialog = _dialogs().IndicatorDialog(tr("新增指标"), {}, self._domains(), self,
                                            period=self.model.period)
        if not dialog.exec():
            return
        fields, plan_id = dialog.values(), self.plan_id
        self._run(tr("新增指标"), lambda: _plan_edit().add_indicator(
            session=self.session, plan_id=plan_id, fields=fields))

    def edit_indicator(self, state) -> None:
        before = _plan_edit().indicator_fields(session=self.session, indicator_id=state.id)
        dialog = _dialogs().IndicatorDialog(tr("编辑指标"), before, self._domains(), self,
                                            period=self.model.period)
        if not dialog.exec():
            return
        after = {k: v for k, v in dialog.values().items() if str(before.get(k) or "") != v}
        if after:
            self._run(tr("编辑指标"), lambda: _plan_edit().edit_indicator(
                session=self.session, indicator_id=state.id, fields=after))

    def move(self, state, step: int) -> None:
        ids = [s.id for s in self.model.states]
        k = ids.index(state.id)
        if 0 <= k + step < len(ids):
            other = ids[k + step]
            self._run(tr("移动指标"), lambda: _plan_edit().move_indicator(
                session=self.session, indicator_id=state.id, other_id=other))

    def delete_indicator(self, state) -> None:
        filled = sum(1 for c in state.cells.values() if c.text)
        answer = QMessageBox.question(
            self, tr("删除指标"),
            tr("删除“{0}”及其 {1} 个年度数值？此操作可撤销（Ctrl+Z），并记入修改记录。").format(
                state.row.name, filled))
        if answer == QMessageBox.StandardButton.Yes:
            self._run(tr("删除指标"), lambda: _plan_edit().delete_indicator(
                session=self.session, indicator_id=state.id, reason=tr("用户删除")))
