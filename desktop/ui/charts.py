"""QtCharts helpers: a fresh chart per redraw (a removed axis can leave its labels painted)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter


def chart_view(min_height: int = 240):
    from PySide6.QtCharts import QChartView  # loaded with the first chart, not at start

    view = QChartView()
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(min_height)
    return view


def fresh_chart(view, title: str = ""):
    from PySide6.QtCharts import QChart

    chart = QChart()
    chart.setTitle(title)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    old = view.chart()
    view.setChart(chart)
    if old is not None:
        old.deleteLater()
    return chart
