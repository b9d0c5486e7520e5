"""Charts drawn by reportlab: status distribution, progress by domain, 专栏 completion."""

from __future__ import annotations

from reportlab.graphics import shapes as _shapes
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from ..domain.colours import STATUSES
from .fonts import SANS, visible
from .layout import STRONG

ORDER = STATUSES

# A drawing starts its text state in Helvetica (reportlab's default), which put an unembedded
# Helvetica into every PDF with a chart even though no text is drawn in it; it starts in ours.
_shapes.STATE_DEFAULTS["fontName"] = SANS


def status_pie(counts: dict[str, int], width: float = 230, height: float = 170) -> Drawing:
    d = Drawing(width, height)
    items = [(s, counts.get(s, 0)) for s in ORDER if counts.get(s, 0)]
    d.add(String(width / 2, height - 12, "指标状态分布", fontName=SANS, fontSize=10, textAnchor="middle"))
    if not items or all(s == "未填报" for s, _ in items):
        d.add(String(width / 2, height / 2, "本年尚无填报数据", fontName=SANS, fontSize=9,
                     textAnchor="middle"))
        return d
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 20, 15, 120, 120
    pie.data = [n for _, n in items]
    pie.labels = None
    pie.slices.strokeWidth = 0.5
    pie.slices.strokeColor = colors.white
    for k, (s, _) in enumerate(items):
        pie.slices[k].fillColor = colors.HexColor(STRONG[s])
    d.add(pie)
    for k, (s, n) in enumerate(items):
        y = 130 - k * 16
        d.add(_swatch(152, y, STRONG[s]))
        d.add(String(166, y + 1, visible(f"{s} {n}"), fontName=SANS, fontSize=8.5))
    return d


def _swatch(x, y, colour):
    from reportlab.graphics.shapes import Rect

    return Rect(x, y, 10, 9, fillColor=colors.HexColor(colour), strokeColor=None)


def _unfilled(label: str) -> str:
    """'公共卫生（未填）': a bar at 0 that means nothing is filled yet, not 0 % (12 characters
    at most: what the label column holds)."""
    return (label if len(label) <= 8 else label[:7] + "…") + "（未填）"


MAX_BARS = 20    # a taller chart does not fit on a landscape page beside the others


def bars(title: str, labels: list[str], values: list[float], *, width: float = 250,
         maximum: float = 100, suffix: str = "%", colour: str = "#1E88E5") -> Drawing:
    """Horizontal bars, one per label, in the labels' order; a value None (nothing filled) is
    marked （未填） with no percentage. More than MAX_BARS: the lowest ones (what needs attention),
    those with nothing filled only after every one that has a value; the title says so."""
    note = ""
    if len(labels) > MAX_BARS:    # the lowest first; a label with nothing known yet after them
        lowest = sorted(sorted(range(len(labels)), key=lambda k: (values[k] is None, values[k] or 0))[:MAX_BARS])
        note = f"（共{len(labels)}个，列出最低的{MAX_BARS}个）"
        labels, values = [labels[k] for k in lowest], [values[k] for k in lowest]
    shown = ["" if value is None else f"{value:.0f}{suffix}" for value in values]   # no 0 % for 未填
    labels = [_unfilled(label) if value is None else label for label, value in zip(labels, values, strict=True)]
    values = [0 if value is None else value for value in values]
    height = 40 + 18 * max(1, len(labels)) + (12 if note else 0)
    d = Drawing(width, height)
    d.add(String(width / 2, height - 12, visible(title), fontName=SANS, fontSize=10, textAnchor="middle"))
    if note:
        d.add(String(width / 2, height - 24, note, fontName=SANS, fontSize=8, textAnchor="middle"))
    if not labels:
        d.add(String(width / 2, height / 2 - 6, "无", fontName=SANS, fontSize=9, textAnchor="middle"))
        return d
    c = HorizontalBarChart()
    c.x, c.y = 90, 12
    c.width, c.height = width - 120, height - 36 - (12 if note else 0)
    c.data = [list(reversed(values))]
    c.categoryAxis.categoryNames = [visible(label) for label in reversed(labels)]
    c.categoryAxis.labels.fontName = SANS
    c.categoryAxis.labels.fontSize = 7.5
    c.valueAxis.valueMin, c.valueAxis.valueMax = 0, maximum
    c.valueAxis.labels.fontName = SANS
    c.valueAxis.labels.fontSize = 7
    c.bars[0].fillColor = colors.HexColor(colour)
    c.bars.strokeColor = None
    c.barLabelFormat = "values"
    c.barLabelArray = [list(reversed(shown))]
    c.barLabels.fontName = SANS
    c.barLabels.fontSize = 7
    c.barLabels.boxAnchor = "w"
    c.barLabels.dx = 3
    d.add(c)
    return d
