"""The statuses and their colours: one table for the window, the PDF, the workbook and the roll-up
(its order is the order every count, filter, chart and drop-down shows them in)."""

from __future__ import annotations

# status -> (background of a cell, strong colour for charts and text), as RGB hex
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "已完成": ("A5D6A7", "1B5E20"),     # met in the target year itself
    "提前完成": ("C8E6C9", "2E7D32"),   # met before the target year
    "快于预期": ("DCEDC8", "689F38"),
    "基本符合预期": ("E3F2FD", "1E88E5"),
    "滞后": ("FFE0B2", "EF6C00"),
    "逆向": ("FFCDD2", "C62828"),
    "待人工判断": ("EDE7F6", "6A1B9A"),
    "未填报": ("F5F5F5", "9E9E9E"),
}
STATUSES: tuple[str, ...] = tuple(STATUS_COLOURS)
GOOD: tuple[str, ...] = ("已完成", "提前完成", "快于预期", "基本符合预期")
JUDGED: tuple[str, ...] = tuple(s for s in STATUSES if s != "未填报")
# 三色督办 light -> (colour, word)
LIGHTS: dict[str, tuple[str, str]] = {"green": ("2E7D32", "绿灯"), "yellow": ("F9A825", "黄灯"),
                                      "red": ("C62828", "红灯"), "grey": ("9E9E9E", "—")}


def background(status: str) -> str | None:
    """The fill of a judged cell ('#RRGGBB'); none for a cell not yet filled."""
    pair = STATUS_COLOURS.get(status)
    return f"#{pair[0]}" if pair and status != "未填报" else None


def strong(status: str) -> str:
    return f"#{STATUS_COLOURS.get(status, ('FFFFFF', '555555'))[1]}"
