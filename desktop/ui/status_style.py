"""The colours of the statuses, the same in the grid, the overview and the charts."""

from __future__ import annotations

from PySide6.QtGui import QColor

# status -> (background, strong colour for charts and text)
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "提前完成": ("#c8e6c9", "#2e7d32"),
    "快于预期": ("#dcedc8", "#689f38"),
    "基本符合预期": ("#e3f2fd", "#1e88e5"),
    "滞后": ("#ffe0b2", "#ef6c00"),
    "逆向": ("#ffcdd2", "#c62828"),
    "待人工判断": ("#ede7f6", "#6a1b9a"),
    "未填报": ("#f5f5f5", "#9e9e9e"),
}
ORDER = tuple(STATUS_COLOURS)
BINDING = QColor("#b71c1c")


def background(status: str) -> QColor | None:
    pair = STATUS_COLOURS.get(status)
    return QColor(pair[0]) if pair and status != "未填报" else None


def strong(status: str) -> QColor:
    return QColor(STATUS_COLOURS.get(status, ("#fff", "#555"))[1])
