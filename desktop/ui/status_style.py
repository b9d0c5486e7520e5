"""The colours of the statuses, the same in the grid, the overview and the charts."""

from __future__ import annotations

from PySide6.QtGui import QColor

from ..domain import colours

STATUS_COLOURS = {k: (f"#{bg}", f"#{fg}") for k, (bg, fg) in colours.STATUS_COLOURS.items()}
ORDER = tuple(colours.STATUS_COLOURS)
BINDING = QColor("#b71c1c")


def background(status: str) -> QColor | None:
    colour = colours.background(status)
    return QColor(colour) if colour else None


def strong(status: str) -> QColor:
    return QColor(colours.strong(status))
