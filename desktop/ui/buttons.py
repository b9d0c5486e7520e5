"""Every dialog closes with a button and Esc, and Enter never does something it cannot take back:
the 关闭 button is the default one, the others act only when clicked."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QDialog, QPushButton

from .text import tr


def close_button(dialog: QDialog, row: QBoxLayout) -> QPushButton:
    """Add 关闭 at the end of the dialog's button row and make it the default (Esc closes any
    QDialog by itself)."""
    in_row = [row.itemAt(k).widget() for k in range(row.count())]
    for b in [*dialog.findChildren(QPushButton), *(w for w in in_row if isinstance(w, QPushButton))]:
        b.setAutoDefault(False)   # (the row's buttons may not be the dialog's children yet)
        b.setDefault(False)
    close = QPushButton(tr("关闭"))
    close.setObjectName("closeButton")
    close.clicked.connect(dialog.accept)
    row.addWidget(close)
    close.setAutoDefault(True)
    close.setDefault(True)
    return close
