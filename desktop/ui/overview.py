"""概览: how the plan stands for a year, as numbers and charts, each a way into the rows."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..services.evaluation import IndicatorState
from ..services.projects import BoxCompletion
from .charts import ChartSlot
from .models.filter import Filter
from .qt_numbers import USER_ROLE
from .status_style import ORDER, STATUS_COLOURS, strong
from .text import tr


class OverviewPage(QWidget):
    show_rows = Signal(object)        # a Filter for the grid
    show_indicator = Signal(int)      # an indicator id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.counts: dict[str, int] = {}
        self._pending = None
        self.tiles: dict[str, QPushButton] = {}
        tiles = QGridLayout()
        for k, status in enumerate(ORDER):
            b = QPushButton()
            b.setObjectName(f"tile_{status}")
            b.setMinimumHeight(58)
            b.setStyleSheet(
                f"QPushButton {{ background: {STATUS_COLOURS[status][0]}; border: 1px solid "
                f"{STATUS_COLOURS[status][1]}; border-radius: 4px; font-size: 15px; }}")
            b.clicked.connect(lambda _=False, s=status: self.show_rows.emit(Filter(status=s)))
            self.tiles[status] = b
            tiles.addWidget(b, 0, k)
        self.headline = QLabel()
        self.headline.setObjectName("overviewHeadline")
        self.headline.setWordWrap(True)
        f = self.headline.font()
        f.setPointSizeF(f.pointSizeF() * 1.2)
        self.headline.setFont(f)
        self.status_view = status_view = ChartSlot(280)
        self.domain_view = domain_view = ChartSlot(280)
        self.box_view = box_view = ChartSlot(300)
        self.warnings = QListWidget()
        self.warnings.setObjectName("warningList")
        self.missing = QListWidget()
        self.missing.setObjectName("missingList")
        for lst in (self.warnings, self.missing):
            lst.itemActivated.connect(self._item_chosen)
            lst.itemClicked.connect(self._item_chosen)
        warn_box = QGroupBox(tr("约束性指标预警"))
        QVBoxLayout(warn_box).addWidget(self.warnings)
        miss_box = QGroupBox(tr("本年未填报"))
        QVBoxLayout(miss_box).addWidget(self.missing)
        grid = QGridLayout()
        grid.addWidget(status_view, 0, 0)
        grid.addWidget(domain_view, 0, 1)
        grid.addWidget(warn_box, 1, 0)
        grid.addWidget(miss_box, 1, 1)
        grid.addWidget(box_view, 2, 0, 1, 2)
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.addWidget(self.headline)
        lay.addLayout(tiles)
        lay.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    drawn_once = False   # shown at least once: later changes may wait until it is in view again
    stale = False        # a change came while it was out of view
    _painted = False     # the numbers have been on screen: charts may follow

    def paintEvent(self, event) -> None:
        """The numbers paint first, the charts a moment after (QtCharts loads with the first one):
        the charts wait for this page's first paint, not for a guess of how long the start takes."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if self._pending is not None:
                QTimer.singleShot(30, self._draw_charts)

    def show_plan(self, states: list[IndicatorState], year: int, boxes: list[BoxCompletion]) -> None:
        self.drawn_once, self.stale = True, False
        cells = [(s, s.cell_for(year)) for s in states]
        self.counts = {status: sum(1 for _, c in cells if c.status == status) for status in ORDER}
        for status, button in self.tiles.items():
            button.setText(f"{status}\n{self.counts[status]}")
        filled = len(states) - self.counts["未填报"]
        warned = [(s, c) for s, c in cells if c.warning]
        self.headline.setText(tr("{0}年：共 {1} 项指标，已填报 {2} 项；约束性预警 {3} 项。"
                                 "点击下面的数字或图表查看对应指标。")
                              .format(year, len(states), filled, len(warned)))
        self._pending = (cells, boxes)
        if self._painted:
            QTimer.singleShot(30, self._draw_charts)
        self.warnings.clear()
        for s, c in warned:
            self._add(self.warnings, f"{s.row.seq} {s.row.name}：{c.status}", s.id, c.explanation)
        if not warned:
            self.warnings.addItem(tr("没有约束性指标预警"))
        self.missing.clear()
        for s, c in cells:
            if not c.text:
                self._add(self.missing, f"{s.row.seq} {s.row.name}", s.id, "")
        if self.missing.count() == 0:
            self.missing.addItem(tr("本年全部指标已填报"))

    def _draw_charts(self) -> None:
        if self._pending is None:
            return
        cells, boxes = self._pending
        self._pending = None
        self._status_pie()
        self._domains(cells)
        self._boxes(boxes)

    def draw_now(self) -> None:
        """Draw the charts at once (tests, screenshots)."""
        self._draw_charts()

    def _item_chosen(self, item: QListWidgetItem) -> None:
        """An indicator's line leads to its row; the line that says the list is empty leads nowhere
        (it would have switched to the grid and cleared the clerk's filter for nothing)."""
        indicator_id = item.data(USER_ROLE)
        if indicator_id is not None:
            self.show_indicator.emit(indicator_id)

    def _add(self, lst: QListWidget, text: str, indicator_id: int, tip: str) -> None:
        item = QListWidgetItem(text)
        item.setData(USER_ROLE, indicator_id)   # before the first paint: no `Qt`
        item.setToolTip(tip)
        lst.addItem(item)

    def _status_pie(self) -> None:
        from PySide6.QtCharts import QPieSeries

        chart = self.status_view.fresh_chart(tr("指标状态分布"))
        pie = QPieSeries()
        for status in ORDER:
            n = self.counts[status]
            if n:
                sl = pie.append(f"{status} {n}", n)
                sl.setColor(strong(status))
                sl.setLabelVisible(True)
                sl.clicked.connect(lambda s=status: self.show_rows.emit(Filter(status=s)))
        if pie.count() == 1:  # a whole circle: no white seam where a second slice would begin
            only = pie.slices()[0]
            only.setBorderColor(only.color())
        chart.addSeries(pie)
        chart.legend().hide()

    def _domains(self, cells) -> None:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QStackedBarSeries, QValueAxis

        chart = self.domain_view.fresh_chart(tr("各领域指标状态"))
        domains = list(dict.fromkeys(s.row.domain or tr("未分领域") for s, _ in cells))
        series = QStackedBarSeries()
        for status in ORDER:
            bar = QBarSet(status)
            bar.setColor(strong(status))
            for d in domains:
                bar.append(sum(1 for s, c in cells
                               if (s.row.domain or tr("未分领域")) == d and c.status == status))
            series.append(bar)
        series.clicked.connect(lambda index, bar_set: self.show_rows.emit(
            Filter(domain=domains[index], status=bar_set.label())))
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(domains)
        x.setTruncateLabels(False)
        y = QValueAxis()
        y.setLabelFormat("%d")
        y.setTickType(QValueAxis.TickType.TicksDynamic)
        step = max(1, len(cells) // 6)
        y.setTickInterval(step)
        y.setTickAnchor(0)
        tallest = max((sum(1 for s, _ in cells if (s.row.domain or tr("未分领域")) == d) for d in domains), default=0)
        y.setRange(0, (tallest // step + 1) * step)     # headroom: the tallest bar ends below the top
        chart.legend().setAlignment(QtCore.Qt.AlignmentFlag.AlignRight)   # beside the bars, not cut off below
        chart.addAxis(x, QtCore.Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, QtCore.Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)
        series.attachAxis(x)

    def _boxes(self, boxes: list[BoxCompletion]) -> None:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalBarSeries, QValueAxis

        chart = self.box_view.fresh_chart()
        if not boxes:
            chart.setTitle(tr("专栏项目完成情况（本规划没有专栏，任务见“章节任务”）"))
            return
        chart.setTitle(tr("专栏项目完成情况（已完成项目数 / 项目总数）"))
        series = QHorizontalBarSeries()
        done = QBarSet(tr("已完成"))
        done.setColor(strong("提前完成"))
        total = QBarSet(tr("项目总数"))
        total.setColor(strong("未填报"))
        labels = []
        for b in reversed(boxes):
            done.append(b.done)
            total.append(b.total)
            labels.append(f"专栏{b.no} {b.title[:10]}")
        series.append(done)
        series.append(total)
        chart.addSeries(series)
        y = QBarCategoryAxis()
        y.append(labels)
        y.setTruncateLabels(False)
        x = QValueAxis()
        x.setLabelFormat("%d")
        x.setMin(0)
        x.setTickType(QValueAxis.TickType.TicksDynamic)
        x.setTickInterval(1 if max(b.total for b in boxes) <= 10 else 5)
        x.setTickAnchor(0)
        x.setMax(max(b.total for b in boxes) + 1)        # headroom past the longest bar
        chart.addAxis(y, QtCore.Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x, QtCore.Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(y)
        series.attachAxis(x)
