"""上报: export the workbook or template off the UI thread, import with a preview, 汇总."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from ..domain.errors import KnownError
from ..services import rollup, submissions
from ..services.output import write_file
from ..services.session import Session, open_session
from . import folders
from .status_style import background
from .tasks import Task
from .text import minute, tr


def run_in_worker(parent, label: str, session: Session, fn, on_done, *, with_state: bool = False) -> Task:
    """`fn(session)` (or `fn(session, state)`: progress and Cancel) on a worker thread with its own
    connection to the same database (read-only when the window's is: a read-only window never
    writes through a worker)."""
    db_path, readonly = session.database_path, session.store.readonly

    def work(state):
        state.check()
        s = open_session(db_path, readonly=readonly)
        try:
            return fn(s, state) if with_state else fn(s)
        finally:
            s.close()

    task = Task(parent, label, work)
    task.done.connect(on_done)
    task.error.connect(lambda message, _known: QMessageBox.warning(parent, label, message))
    return task.start()


class ImportPreviewDialog(QDialog):
    """What a filled workbook would change; apply all of it or nothing."""

    def __init__(self, session: Session, preview, parent=None):
        super().__init__(parent)
        self.session, self.preview, self.change = session, preview, None
        head = preview.head
        self.setWindowTitle(tr("导入上报表 — ") + preview.file_name)
        from .buttons import fit_size

        fit_size(self, 900, 600)
        where = tr("新收到的单位规划（将建立）") if preview.plan_id is None else tr("数据库中已有的规划")
        intro = QLabel(tr("{0} · {1} · {2}年度 · 填报：{3} {4}　｜　{5}").format(
            head["region"], head["title"], head["year"],
            preview.signers.get("unit") or head.get("unit", ""),
            preview.signers.get("filler") or head.get("filler", ""), where))
        intro.setWordWrap(True)
        tabs = QTabWidget()
        tabs.addTab(self._table([tr("指标"), tr("新值")], preview.new_values),
                    tr("新增数值（{0}）").format(len(preview.new_values)))
        tabs.addTab(self._table([tr("指标"), tr("原值"), tr("新值")], preview.changed_values),
                    tr("修改数值（{0}）").format(len(preview.changed_values)))
        tabs.addTab(self._table([tr("项目/任务"), tr("内容"), tr("原为"), tr("改为")], preview.changed_items),
                    tr("项目与任务（{0}）").format(len(preview.changed_items)))
        self.conflicts = self._conflict_table(preview.conflicts)
        tabs.addTab(self._with_choices(self.conflicts),
                    tr("冲突（{0}）").format(len(preview.conflicts)))
        rejected = QListWidget()
        rejected.setObjectName("rejectedList")
        rejected.addItems(preview.rejected)
        tabs.addTab(rejected, tr("被拒绝（{0}）").format(len(preview.rejected)))
        notices = QListWidget()
        notices.setObjectName("noticeList")
        notices.setWordWrap(True)
        notices.addItems(preview.notices)
        tabs.addTab(notices, tr("提示（{0}）").format(len(preview.notices)))
        if preview.rejected:
            tabs.setCurrentIndex(4)
        elif preview.conflicts:
            tabs.setCurrentIndex(3)
        self.tabs = tabs
        if not preview.ok:
            text = tr("有 {0} 处问题，不能导入。请把被拒绝的单元格改正后重新导入；数据库没有任何改动。").format(
                len(preview.rejected))
        elif preview.conflicts:
            text = tr("有 {0} 处本库在导出后也改过：默认保留本库的值，勾选“采用表格的值”的才会改。"
                      "空白单元格视为未填报，不会清除任何数据。").format(len(preview.conflicts))
        elif preview.empty:
            text = tr("表格中没有与本库不同的内容，导入不会改动任何数据。")
        else:
            text = tr("可以导入：只导入表格中填报或改动过的内容（空白单元格不会清除数据），"
                      "在一次操作中保存并记入修改记录。")
        status = QLabel(text)
        status.setWordWrap(True)
        status.setStyleSheet("color: #1b5e20;" if preview.ok else "color: #b71c1c;")
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton(tr("全部导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(preview.ok)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(tabs, 1)
        lay.addWidget(status)
        from .buttons import safe_default

        safe_default(self)
        lay.addWidget(buttons)

    TAKE = 6  # the conflicts table's choice column

    def _conflict_table(self, conflicts) -> QTableWidget:
        rows = [(c.name, c.label, c.cell, c.base or tr("（空）"), c.mine or tr("（空）"), c.theirs)
                for c in conflicts]
        t = self._table([tr("指标/项目/任务"), tr("内容"), tr("单元格"), tr("导出时"), tr("本库现值"),
                         tr("表格中"), tr("采用表格的值")], [(*r, "") for r in rows])
        t.setObjectName("conflictTable")
        for r, c in enumerate(conflicts):
            item = t.item(r, self.TAKE)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if c.take_theirs else Qt.CheckState.Unchecked)
        return t

    def _with_choices(self, table: QTableWidget):
        from PySide6.QtWidgets import QWidget

        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(table, 1)
        row = QHBoxLayout()
        for label, state in ((tr("全部保留本库"), Qt.CheckState.Unchecked),
                             (tr("全部采用表格"), Qt.CheckState.Checked)):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, st=state: self.choose_all(st))
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        return box

    def choose_all(self, state) -> None:
        for r in range(self.conflicts.rowCount()):
            self.conflicts.item(r, self.TAKE).setCheckState(state)

    def _table(self, headers: list[str], rows: list[tuple]) -> QTableWidget:
        t = QTableWidget(len(rows), len(headers))
        t.setHorizontalHeaderLabels(headers)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                t.setItem(r, c, QTableWidgetItem(str(v)))
        t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        return t

    def apply(self) -> None:
        for r, c in enumerate(self.preview.conflicts):
            c.take_theirs = self.conflicts.item(r, self.TAKE).checkState() == Qt.CheckState.Checked
        try:
            self.change = submissions.apply_import(session=self.session, preview=self.preview)
        except KnownError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.accept()


class CompareModel(QAbstractTableModel):
    """指标对比: an indicator a row, a unit a column; cells made when drawn (300 units × 60
    indicators as table items took half a second to fill)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows, self.regions = [], []

    def set_data(self, data) -> None:
        self.beginResetModel()
        self.rows, self.regions = data.rows, data.regions
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:   # noqa: N802, B008 - Qt's names
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:   # noqa: N802, B008
        return 0 if parent.isValid() else 2 + len(self.regions)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):   # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return (tr("指标"), tr("单位"))[section] if section < 2 else self.regions[section - 2]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, c = self.rows[index.row()], index.column()
        if c < 2:
            return (row.name, row.unit)[c] if role == Qt.ItemDataRole.DisplayRole else None
        value, status = row.cells.get(self.regions[c - 2], ("", tr("无此指标")))
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value or '—'}  {status}" if value else status
        if role == Qt.ItemDataRole.ToolTipRole:
            return status
        if role == Qt.ItemDataRole.BackgroundRole:
            return background(status)
        return None


class CompareView(QTableView):
    """A table of a model, with the questions the dialog asks of it (as a QTableWidget would)."""

    def columnCount(self) -> int:   # noqa: N802
        return self.model().columnCount()

    def rowCount(self) -> int:   # noqa: N802
        return self.model().rowCount()

    def currentRow(self) -> int:   # noqa: N802
        return self.currentIndex().row()

    def setCurrentCell(self, row: int, column: int) -> None:   # noqa: N802
        self.setCurrentIndex(self.model().index(row, column))


UNMATCHED_KEYS = ("地区", "指标", "单位", "值", "状态")


QUICK_JUDGE = 10     # plans the 汇总 window judges itself when it opens (a plan: a few milliseconds)


class RollupDialog(QDialog):
    """汇总: the bureau's own units side by side (本级 and the units under it), the units that have
    not reported, the indicators outside the catalogue to match, one indicator across units as a
    chart; what each unit sent and its state."""

    def __init__(self, session: Session, year: int, parent=None):
        super().__init__(parent)
        from ..services import settings as user_settings

        self.session, self.year = session, year
        self.region = user_settings.profile(session=session).region
        self.setWindowTitle(tr("汇总（{0}{1}年度）").format(f"{self.region}，" if self.region else "", year))
        from .buttons import fit_size

        fit_size(self, 1200, 680)
        self.tabs = QTabWidget()
        self.compare = CompareView()
        self.compare_model = CompareModel(self)
        self.compare.setModel(self.compare_model)
        self.subs = QTableWidget()
        from .models.columns import field
        from .models.record_table import RecordTableModel

        self.counts = CompareView()         # a row per unit: 3,000 units were 36,000 table items
        self.counts_model = RecordTableModel([], self)
        self.counts.setModel(self.counts_model)
        self.counts.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)

        self.unmatched = CompareView()      # thousands of rows at 300 units: a model, not items
        self.unmatched_model = RecordTableModel([field(k, tr(k)) for k in UNMATCHED_KEYS], self)
        self.unmatched.setModel(self.unmatched_model)
        self.unmatched.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        from .charts import ChartSlot

        self.chart = ChartSlot(300)
        self.tabs.addTab(self.compare, tr("指标对比"))
        self.tabs.addTab(self.chart, tr("单项指标对比图"))
        self.tabs.addTab(self.counts, tr("各单位情况"))
        self.tabs.addTab(self.unmatched, tr("未匹配"))
        self.tabs.addTab(self.subs, tr("收到的上报表"))
        self.unit_filter = QComboBox()
        self.unit_filter.setObjectName("rollupUnit")
        # as wide as a long unit name, not measured against every name (3,000 units: 23 ms a show)
        self.unit_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_filter.setMinimumContentsLength(10)
        self.unit_filter.setMinimumWidth(140)
        self.unit_filter.currentIndexChanged.connect(lambda _i: self._show_columns())
        self.missing = QLabel()
        self.missing.setObjectName("rollupMissing")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #b71c1c;")
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("单位")))
        top.addWidget(self.unit_filter)
        top.addWidget(self.missing, 1)
        self.compare.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._draw_if_shown(cur.row()))
        self.tabs.currentChanged.connect(lambda _i: self._draw_if_shown(max(self.compare.currentRow(), 0)))
        row = QHBoxLayout()
        for label, slot in ((tr("通过"), self.accept_selected), (tr("退回…"), self.return_selected),
                            (tr("匹配指标…"), self.match_selected), (tr("应报单位…"), self.edit_expected),
                            (tr("导出汇总表…"), self.export)):
            b = QPushButton(label)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        from .buttons import close_button

        close_button(self, row)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)
        lay.addLayout(row)
        self.reload()

    loaded = False   # the roll-up is in the tables

    def reload(self) -> None:
        """The submissions list now; the roll-up on a worker (the first roll-up after new data
        judges every plan: 300 plans, about half a second), the window responsive meanwhile."""
        self._fill_submissions()
        self.loaded = False
        year, region = self.year, self.region
        if self.session.database_path is None:   # an in-memory database has no second connection
            self._fill(rollup.rollup(session=self.session, year=year, region=region))
            return
        # most openings find every plan's summary kept but a few (a value changed): put together
        # at once, here (3,000 units: tens of milliseconds); a roll-up that must judge many plans
        # first runs on a worker
        ready = rollup.rollup(session=self.session, year=year, region=region, judge_at_most=QUICK_JUDGE)
        if ready is not None:
            self._fill(ready)
            return
        self._task = run_in_worker(self, tr("正在汇总…"), self.session,
                                   lambda s: rollup.rollup(session=s, year=year, region=region), self._fill)

    def _fill(self, data) -> None:
        self.data = data
        self.compare_model.set_data(data)
        self.compare.setColumnWidth(0, 260)
        from .models.columns import LEFT, RIGHT, field

        keys = list(data.counts[0]) if data.counts else []
        self.counts_model.columns = [field(k, tr(k), align=RIGHT if n > 1 else LEFT)
                                     for n, k in enumerate(keys)]
        self.counts_model.set_rows(data.counts)
        metrics = self.counts.fontMetrics()       # each column as wide as its header (the counts are short)
        for n, column in enumerate(self.counts_model.columns):
            self.counts.setColumnWidth(n, max(64, metrics.horizontalAdvance(column.header) + 28) if n else 140)
        self.unmatched_model.set_rows(data.unmatched)
        self.tabs.setTabText(3, tr("未匹配（{0}）").format(len(data.unmatched)) if data.unmatched else tr("未匹配"))
        self.compare.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        current = self.unit_filter.currentText()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItems([tr("全部单位"), *data.regions])
        self.unit_filter.setCurrentText(current or tr("全部单位"))
        self.unit_filter.blockSignals(False)
        self._show_columns()
        self.missing.setText(tr("未报送：{0}").format("、".join(data.missing)) if data.missing else "")
        self._draw_if_shown(max(self.compare.currentRow(), 0))
        self.loaded = True

    def _draw_if_shown(self, r: int) -> None:
        """The chart is drawn when its tab is looked at (QtCharts costs more than the tables)."""
        if self.tabs.currentWidget() is self.chart and getattr(self, "data", None) is not None and self.data.rows:
            self._draw(r)

    def _show_columns(self) -> None:
        """One unit's column, or every unit's."""
        chosen = self.unit_filter.currentIndex()
        for c in range(2, self.compare.columnCount()):
            self.compare.setColumnHidden(c, chosen > 0 and c - 2 != chosen - 1)

    def _draw(self, r: int) -> None:
        """The chosen indicator across the units: a bar per unit that reported a number."""
        from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QValueAxis

        from ..domain.numbers import to_number

        data = getattr(self, "data", None)
        if data is None or not 0 <= r < len(data.rows):
            return
        row = data.rows[r]
        chart = self.chart.fresh_chart(tr("{0}（{1}，{2}年）").format(row.name, row.unit, self.year))
        units, numbers = [], []
        for region in data.regions:
            number = to_number(row.cells.get(region, ("", ""))[0])
            if number is not None:
                units.append(region)
                numbers.append(number)
        if not numbers:
            chart.setTitle(chart.title() + tr("：各单位均未填报数值"))
            return
        bars = QBarSet(row.name)
        bars.append(numbers)
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        x, y = QBarCategoryAxis(), QValueAxis()
        x.append(units)
        top = max(numbers)
        y.setRange(min(0, min(numbers)), top * 1.15 if top > 0 else 1)     # headroom for the labels
        y.applyNiceNumbers()
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        chart.legend().setVisible(False)
        self.chart_units = units

    def match_selected(self, key: str | None = None) -> None:
        """Match the chosen 未匹配 indicator to a catalogue indicator (or to another unit's one)."""
        from ..domain import catalogue

        r = self.unmatched.currentRow()
        data = getattr(self, "data", None)
        if data is None or not 0 <= r < len(data.unmatched):
            self.tabs.setCurrentWidget(self.unmatched)
            QMessageBox.information(self, tr("匹配指标"), tr("请在“未匹配”中选择一个指标"))
            return
        item = data.unmatched[r]
        if key is None:
            choices = [f"{e.name}（{e.unit}）" for e in catalogue.ENTRIES]
            others = sorted({u["指标"] for u in data.unmatched if u["地区"] != item["地区"]})
            choices += [tr("与其他单位的“{0}”对应").format(o) for o in others]
            picked, ok = QInputDialog.getItem(self, tr("匹配指标"),
                                              tr("{0}的“{1}”对应：").format(item["地区"], item["指标"]),
                                              choices, 0, False)
            if not ok:
                return
            k = choices.index(picked)
            key = catalogue.ENTRIES[k].key if k < len(catalogue.ENTRIES) else \
                rollup.CUSTOM + others[k - len(catalogue.ENTRIES)]
        region = rollup.unit_of(item["地区"])      # a plan beside another of its region: 地区（编号N）
        self._run(lambda: rollup.map_indicator(session=self.session, region=region, name=item["指标"], key=key))
        self.reload()

    def edit_expected(self, units: list[str] | None = None) -> None:
        """The units expected to report (未报送 lists those missing)."""
        if units is None:
            now = rollup.expected_units(session=self.session) or [
                r for r in getattr(self, "data", rollup.Rollup(self.year, [], [], [])).regions if r != self.region]
            text, ok = QInputDialog.getMultiLineText(self, tr("应报单位"), tr("应报送的单位（用顿号分隔）"),
                                                     "、".join(now))
            if not ok:
                return
            units = text.replace("\n", "、").split("、")
        self._run(lambda: rollup.set_expected_units(session=self.session, units=units))
        self.reload()

    def _fill_submissions(self) -> None:
        rows = submissions.submissions(session=self.session, year=self.year)
        self.sub_rows = rows
        heads = [tr(h) for h in ("编号", "地区", "填报单位", "填报人", "文件", "收到时间", "状态", "理由")]
        self.subs.setColumnCount(len(heads))
        self.subs.setRowCount(len(rows))
        self.subs.setHorizontalHeaderLabels(heads)
        for r, s in enumerate(rows):
            for k, v in enumerate((s.id, s.region, s.unit, s.filler, s.file_name,
                                   minute(s.received_at), s.state, s.reason)):
                self.subs.setItem(r, k, QTableWidgetItem(str(v)))
        self.subs.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def _selected_submission(self) -> int | None:
        r = self.subs.currentRow()
        return self.sub_rows[r].id if 0 <= r < len(self.sub_rows) else None

    def _run(self, action) -> None:
        """Through the window's operations when there is a window (one broadcast), else directly."""
        ops = getattr(self.parent(), "ops", None)
        if ops is not None:
            ops.run(action, title=tr("上报表"))
        else:
            try:
                action()
            except KnownError as exc:
                QMessageBox.warning(self, tr("上报表"), str(exc))

    def accept_selected(self) -> None:
        sid = self._selected_submission()
        if sid is not None:
            self._run(lambda: submissions.set_state(session=self.session, submission_id=sid, state="已通过"))
            self.reload()

    def return_selected(self, reason: str | None = None, note_path: str | None = None) -> None:
        sid = self._selected_submission()
        if sid is None:
            return
        if reason is None:
            reason, ok = QInputDialog.getMultiLineText(self, tr("退回上报表"), tr("退回理由"))
            if not ok:
                return
        done = []

        def give_back():
            done.append(submissions.set_state(session=self.session, submission_id=sid, state="已退回",
                                              reason=reason))
            return done[-1]

        self._run(give_back)
        if not done:
            return
        if note_path is None:
            note_path = folders.save_path(self, tr("保存退回说明"), folders.WORKBOOK, tr("退回说明.txt"),
                                          tr("文本 (*.txt)"))
        if note_path:
            note = submissions.return_note(session=self.session, submission_id=sid)
            try:
                write_file(note_path, lambda tmp: tmp.write_text(note, encoding="utf-8"))
            except KnownError as exc:
                QMessageBox.warning(self, tr("退回上报表"), str(exc))
        self.reload()

    def export(self, path: str | None = None) -> None:
        if path is None:
            path = folders.save_path(self, tr("导出汇总表"), folders.WORKBOOK, f"{self.region}汇总表-{self.year}.xlsx",
                                     tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        try:
            rollup.export_rollup(session=self.session, year=self.year, path=path)
        except KnownError as exc:
            QMessageBox.warning(self, tr("导出汇总表"), str(exc))
