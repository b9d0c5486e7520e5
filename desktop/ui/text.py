"""The one translation function for user-visible strings (the UI speaks Chinese)."""

from PySide6.QtCore import QCoreApplication


def tr(text: str, context: str = "PlanLedger") -> str:
    return QCoreApplication.translate(context, text)


def minute(stamp: str | None) -> str:
    """A stored time as the screen shows it: 2026-12-02T04:17:08 → 2026-12-02 04:17."""
    return (stamp or "").replace("T", " ")[:16]
