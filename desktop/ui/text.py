"""The one translation function for user-visible strings (the UI speaks Chinese)."""

from PySide6.QtCore import QCoreApplication


def tr(text: str, context: str = "PlanLedger") -> str:
    return QCoreApplication.translate(context, text)
