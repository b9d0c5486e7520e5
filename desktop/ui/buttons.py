"""Every dialog closes with a button and Esc, and Enter never does something it cannot take back:
the 关闭 button is the default one, the others act only when clicked."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
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


def safe_default(dialog: QDialog, *, enter_closes: bool = True) -> QPushButton | None:
    """Enter answers the dialog's 取消 / 关闭, never the button that imports, saves or deletes: every
    other button acts only when clicked. Where the dialog has fields to correct (an import's
    preview), Enter does nothing at all (`enter_closes=False`): neither saves nor throws the
    corrections away."""
    if not hasattr(dialog, "_safe_default"):     # again when shown: a button box makes its own default then
        dialog._safe_default = _AgainWhenShown(dialog, enter_closes)
        dialog.installEventFilter(dialog._safe_default)
    safe = None
    for b in dialog.findChildren(QPushButton):
        b.setAutoDefault(False)
        b.setDefault(False)
        if b.text().replace("&", "") in (tr("取消"), tr("关闭")):
            safe = b
    if safe is not None and enter_closes:
        safe.setAutoDefault(True)
        safe.setDefault(True)
    return safe


class _AgainWhenShown(QObject):
    def __init__(self, dialog: QDialog, enter_closes: bool):
        super().__init__(dialog)
        self.enter_closes = enter_closes

    def eventFilter(self, watched, event) -> bool:   # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, lambda: safe_default(watched, enter_closes=self.enter_closes))
        return False


def fit_size(dialog: QDialog, width: int, height: int) -> None:
    """The size a dialog asks for, but never more than the window it opens over (or the screen):
    at 1366×768 with 125% scaling a 1200-pixel dialog would run off the screen."""
    parent = dialog.parentWidget()
    if parent is not None and parent.isVisible():
        room = parent.window().size()
    elif dialog.screen() is not None:
        room = dialog.screen().availableGeometry().size()
    else:
        dialog.resize(width, height)
        return
    dialog.resize(min(width, int(room.width() * 0.95)), min(height, int(room.height() * 0.92)))
