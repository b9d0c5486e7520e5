"""The selected indicator: its path chart, the year's explanation, and its history."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..services import checklist, evaluation, values
from ..services.evaluation import IndicatorState
from ..services.session import Session
from . import folders
from .charts import ChartSlot
from .models.checklist_tree import LIGHT_COLOURS  # one table: domain/colours
from .models.columns import Column, field
from .models.record_table import RecordTableModel
from .status_style import strong
from .text import minute, tr


def _shown(r, key: str):
    """A value of the history as the screen shows it: a stored time to the minute; a whole record
    (a value entered the first time, an indicator imported) as its labelled fields, not as the
    JSON the audit keeps."""
    value = r.get(key) if isinstance(r, dict) else getattr(r, key, None)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?", value):
        return minute(value)
    if isinstance(value, str) and value.startswith("{"):
        return _whole_record(value)
    return value


# a whole record's fields a clerk reads, in this order (ids, the parsed number and who/when, which
# the row's own columns show, are left out)
RECORD_FIELDS = ("year", "value_text", "source", "note", "analysis", "measures", "seq", "domain", "name",
                 "unit", "baseline_text", "target_text", "attribute")


def _whole_record(text: str) -> str:
    try:
        row = json.loads(text)
    except ValueError:
        return text
    if not isinstance(row, dict):
        return text
    parts = [f"{FIELD_LABELS.get(k, k)}：{row[k]}" for k in RECORD_FIELDS if row.get(k) not in (None, "")]
    return "；".join(parts) if parts else text     # nothing known to show: the record as kept


HISTORY_COLUMNS = [
    Column("at", tr("时间"), lambda r: minute(r.get("at") if isinstance(r, dict) else r.at)),
    field("who", tr("操作人")), field("action", tr("操作")),
    Column("field_label", tr("内容"), lambda r: FIELD_LABELS.get(r.field or "", r.field or tr("整条记录"))),
    Column("old_value", tr("原值"), lambda r: _shown(r, "old_value")),
    Column("new_value", tr("新值"), lambda r: _shown(r, "new_value")), field("reason", tr("理由")),
]
FIELD_LABELS = {
    "value_text": "实际值", "value": "数值", "source": "数据来源", "note": "备注",
    "target_adjusted_text": "调整后目标", "direction": "方向", "status": "判断",
    "target_text": "目标", "name": "名称", "entered_at": "填报时间", "entered_by": "填报人",
    "year": "年度", "analysis": "原因分析", "measures": "下一步措施", "seq": "序号", "domain": "领域",
    "unit": "单位", "baseline_text": "基期值", "attribute": "属性",
}


class IndicatorPanel(QWidget):
    direction_chosen = Signal(int, str)   # indicator id, 'higher' / 'lower': the clerk settled a guess
    reasons_saved = Signal(int, int, str, str)   # indicator id, year, 原因分析, 下一步措施

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.state: IndicatorState | None = None
        self.title = QLabel(tr("选中一项指标查看其进度路径"))
        self.title.setWordWrap(True)
        f = self.title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.15)
        self.title.setFont(f)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        # asked once: the direction the program had to guess from the numbers
        self.ask = QWidget()
        self.ask.setObjectName("directionQuestion")
        self.ask.setStyleSheet("background: #fff4ce;")
        ask = QHBoxLayout(self.ask)
        ask.setContentsMargins(4, 2, 4, 2)
        self.ask_text = QLabel()
        self.ask_text.setWordWrap(True)
        ask.addWidget(self.ask_text, 1)
        self.ask_buttons = {}
        for value, label in (("higher", tr("越高越好")), ("lower", tr("越低越好"))):
            b = QPushButton(label)
            b.clicked.connect(lambda _=False, v=value: self._chosen(v))
            ask.addWidget(b)
            self.ask_buttons[value] = b
        self.ask.hide()
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart_view = ChartSlot(220)
        self.chart = None
        self.year = 0
        self.history_model = RecordTableModel(HISTORY_COLUMNS, self)
        self.history = QTableView()
        self.history.setObjectName("historyTable")
        self.history.setModel(self.history_model)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        export = QPushButton(tr("导出修改记录…"))
        export.clicked.connect(self.export_history)
        hist_page = QWidget()
        hl = QVBoxLayout(hist_page)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(self.history)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(export)
        hl.addLayout(row)
        path_page = QWidget()
        pl = QVBoxLayout(path_page)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.chart_view, 1)
        pl.addWidget(self.explanation)
        # why it lags and what will be done: the evaluation report prints them
        self.reasons = QWidget()
        self.reasons.setObjectName("reasonsForm")
        rl = QVBoxLayout(self.reasons)
        rl.setContentsMargins(0, 0, 0, 0)
        self.analysis = QPlainTextEdit()
        self.analysis.setObjectName("analysisEdit")
        self.analysis.setPlaceholderText(tr("原因分析（写入评估报告）"))
        self.analysis.setFixedHeight(44)
        self.measures = QPlainTextEdit()
        self.measures.setObjectName("measuresEdit")
        self.measures.setPlaceholderText(tr("下一步措施（写入评估报告）"))
        self.measures.setFixedHeight(44)
        save = QPushButton(tr("保存原因与措施"))
        save.setObjectName("saveReasons")
        save.clicked.connect(self._save_reasons)
        rl.addWidget(self.analysis)
        rl.addWidget(self.measures)
        rl.addWidget(save, alignment=Qt.AlignmentFlag.AlignRight)
        pl.addWidget(self.reasons)
        self.links = QListWidget()
        self.links.setObjectName("linkedProjects")
        self.links.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(path_page, tr("路径"))
        self.tabs.addTab(self.links, tr("关联"))
        self.tabs.addTab(hist_page, tr("修改记录"))
        bar = self.tabs.tabBar()      # three short tabs that fit the panel: no scroll arrows
        bar.setUsesScrollButtons(False)
        bar.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.setTabToolTip(0, tr("进度路径：基期、各年实际值和目标"))
        self.tabs.setTabToolTip(1, tr("关联的专栏项目和章节任务"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 4, 4)
        lay.addWidget(self.title)
        lay.addWidget(self.facts)
        lay.addWidget(self.ask)
        lay.addWidget(self.tabs, 1)

    def show_state(self, state: IndicatorState | None, year: int) -> None:
        self.state, self.year = state, year
        if not self.isVisible():
            self._stale = True  # drawn when the panel is first shown
            return
        self._stale = False
        self._show(state, year)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self._stale = False
            self._show(self.state, self.year)

    def _show(self, state: IndicatorState | None, year: int) -> None:
        if state is None:
            self.title.setText(tr("选中一项指标查看其进度路径"))
            self.facts.clear()
            self.explanation.clear()
            if self.chart_view.view is not None:
                self.chart = self.chart_view.fresh_chart()
            self.history_model.set_rows([])
            return
        row = state.row
        self.title.setText(f"{row.seq} {row.name}" + (f"（{row.unit}）" if row.unit else ""))
        way = {"higher": tr("越高越好"), "lower": tr("越低越好")}
        cell = state.cell_for(year)
        judged = cell.judgement
        direction = judged.direction if judged else ""
        source = judged.direction_source if judged else ""
        manual = tr("（手动设置）") if row.direction else (tr("（依据{0}）").format(source) if source else "")
        guessed = bool(judged and judged.direction_guessed and not row.direction)
        self.ask.setVisible(guessed)
        if guessed:
            self.ask_text.setText(tr("方向是按基期和目标推测的（{0}），请确认：").format(way.get(direction, "")))
        adjusted = (tr("；原规划目标 {0}，{1} 调整：{2}").format(
            row.target_text, row.target_adjusted_on, row.target_adjusted_reason)
            if row.target_adjusted_text else "")
        self.facts.setText(
            tr("基期 {0} · 目标 {1} · {2} · {3}{4}{5}").format(
                row.baseline_text or "—", state.target or "—", row.attribute,
                way.get(direction, ""), manual, adjusted))
        self.reasons.setVisible(bool(cell.text))
        self.analysis.setPlainText(cell.analysis)
        self.measures.setPlainText(cell.measures)
        colour = strong(cell.status).name()
        self.explanation.setText(f"<b style='color:{colour}'>{year}年 {cell.status}</b>：{cell.explanation}")
        self._draw(state)
        self._fill_links(state, cell.status)
        self.history_model.set_rows(values.indicator_history(session=self.session, indicator_id=state.id))

    def _save_reasons(self) -> None:
        if self.state is not None:
            self.reasons_saved.emit(self.state.id, self.year, self.analysis.toPlainText(),
                                    self.measures.toPlainText())

    def _chosen(self, direction: str) -> None:
        if self.state is not None:
            self.direction_chosen.emit(self.state.id, direction)

    def _fill_links(self, state: IndicatorState, status: str) -> None:
        """The projects and tasks that move this indicator, with their state: 'lagging, and its
        project not started' in one place."""
        self.links.clear()
        linked = checklist.links_of_indicator(session=self.session, indicator_id=state.id)
        self.tabs.setTabText(1, tr("关联 {0}").format(len(linked)))
        for r in linked:
            warn = status in ("滞后", "逆向") and r.status in ("未启动", "已暂停")
            text = f"{'⚠ ' if warn else ''}{r.label}：{r.status}，{tr('进度')}{r.progress:g}%"
            item = QListWidgetItem(text)
            item.setForeground(QColor(LIGHT_COLOURS[r.light]))
            item.setToolTip(r.reason + (tr("；指标{0}而项目尚未推进").format(status) if warn else ""))
            self.links.addItem(item)
        if not linked:
            self.links.addItem(tr("尚未关联项目或任务（在“专栏项目”“章节任务”中选中一项，点“关联指标…”）"))

    def _draw(self, state: IndicatorState) -> None:
        from PySide6.QtCharts import QLineSeries, QScatterSeries, QValueAxis

        chart = self.chart = self.chart_view.fresh_chart()
        data = evaluation.path_series(state)
        b_year, t_year = state.period.baseline_year, state.period.target_year

        def line(name: str, points, colour: str, style=Qt.PenStyle.SolidLine, width: int = 2):
            ls = QLineSeries()
            ls.setName(name)
            for x, y in points:
                ls.append(QPointF(x, y))
            pen = QPen(QColor(colour))
            pen.setStyle(style)
            pen.setWidth(width)
            ls.setPen(pen)
            return ls

        series = []
        if data.expected and data.baseline is not None:
            series.append(line(tr("应达路径"), [(b_year, data.baseline), *sorted(data.expected.items())],
                               "#9e9e9e", Qt.PenStyle.DashLine))
        if data.target is not None:
            series.append(line(tr("目标"), [(b_year, data.target), (t_year, data.target)], "#2e7d32",
                               Qt.PenStyle.DotLine))
        points = ([(b_year, data.baseline)] if data.baseline is not None else []) + sorted(
            data.actuals.items())
        actual = line(tr("实际"), points, "#1565c0", width=3)
        actual.setPointsVisible(True)
        series.append(actual)
        if data.projection is not None and data.actuals:
            last = max(data.actuals)
            series.append(line(tr("推算"), [(last, data.actuals[last]), (t_year, data.projection)],
                               "#ef6c00", Qt.PenStyle.DashDotLine))
        if data.baseline is not None:
            base = QScatterSeries()
            base.setName(tr("基期"))
            base.setMarkerSize(9)
            base.append(QPointF(b_year, data.baseline))
            series.append(base)
        ys = [p.y() for s in series for p in s.points()]
        if not ys:
            return
        for s in series:
            chart.addSeries(s)
        x_axis = QValueAxis()
        x_axis.setRange(b_year, t_year)
        x_axis.setLabelFormat("%d")
        lo, hi = min(ys), max(ys)
        pad = (hi - lo) * 0.15 or abs(hi) * 0.05 or 1
        y_axis = QValueAxis()
        y_axis.setRange(lo - pad, hi + pad)
        y_axis.applyNiceNumbers()                         # 74, 76, 78 … not 74.55, 76.51
        y_axis.setLabelFormat("%.4g")
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.78))
        for axis in (x_axis, y_axis):
            axis.setLabelsFont(small)
        # a year per tick where the panel has room for the labels; else the first and last year
        # ("2…" elided labels at 125% scaling said nothing)
        plot = min(self.chart_view.width(), self.width()) - 90          # less the axis and margins
        room = plot / max(1, (t_year - b_year + 1))
        wide_enough = room >= QFontMetrics(small).horizontalAdvance(str(t_year)) + 12
        x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        x_axis.setTickAnchor(b_year)
        x_axis.setTickInterval(1 if wide_enough else max(1, t_year - b_year))
        chart.legend().setFont(small)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for s in series:
            s.attachAxis(x_axis)
            s.attachAxis(y_axis)

    def export_history(self) -> None:
        if not self.state:
            return
        path = folders.save_path(self, tr("导出修改记录"), folders.REPORT, f"{self.state.row.name}-修改记录.csv",
                                 tr("CSV 文件 (*.csv)"))
        if path:
            self.write_history(Path(path))

    def write_history(self, path: Path) -> None:
        try:
            with path.open("w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow([c.header for c in HISTORY_COLUMNS])
                for r in self.history_model.rows:
                    w.writerow([c.display(r) for c in HISTORY_COLUMNS])
        except OSError as exc:
            QMessageBox.warning(self, tr("导出修改记录"), tr("无法写入文件：") + str(exc))
