"""QtCharts helpers: a chart slot that loads QtCharts with its first chart (not at start), and a
fresh chart per redraw (a removed axis can leave its labels painted)."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QMargins
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QVBoxLayout, QWidget


class ChartSlot(QWidget):
    """Where a chart will be; the QChartView is made when the first chart is drawn."""

    def __init__(self, min_height: int = 240, parent=None):
        super().__init__(parent)
        self.setMinimumHeight(min_height)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.view = None

    def fresh_chart(self, title: str = ""):
        from PySide6.QtCharts import QChart, QChartView

        if self.view is None:
            self.view = QChartView()
            self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._layout.addWidget(self.view)
        chart = QChart()
        chart.setTitle(title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(QtCore.Qt.AlignmentFlag.AlignBottom)
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None:
            old.deleteLater()
        return chart

    def chart(self):
        return self.view.chart() if self.view is not None else None
