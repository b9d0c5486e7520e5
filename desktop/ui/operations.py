"""Running a user action: the one place the window calls a changing service.

`Operations.run(fn)` calls the service, shows an expected failure as a sentence, logs a bug with
its traceback, pushes the action's undo as one step and broadcasts what changed on one signal.
Each view listens to `changed` and decides for itself whether to redraw (Anki `CollectionOp`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.errors import KnownError
from ..services.ops import OpResult
from ..services.session import Session
from .text import tr


class Operations(QObject):
    changed = Signal(object)   # services.ops.Changes

    def __init__(self, session: Session, undo_stack: QUndoStack, parent: QWidget):
        super().__init__(parent)
        self.session, self.undo_stack, self.window = session, undo_stack, parent

    def run(self, fn: Callable[[], OpResult], *, title: str = "",
            report: Callable[[str], None] | None = None) -> OpResult | None:
        """Run one action; None when it failed (and the user was told why)."""
        try:
            result = fn()
        except KnownError as exc:
            self._tell(str(exc), title, report)
            return None
        except Exception as exc:  # noqa: BLE001 - a bug: logged with its traceback, then told
            self.bug(exc)
            return None
        if result is None:
            return None
        if result.undo is not None:
            self.undo_stack.push(_Step(self, result))
        elif result.changes.plans:
            self.undo_stack.clear()  # an import or a restore: backed up before, not undone
        self.changed.emit(result.changes)
        return result

    def broadcast(self, result) -> None:
        """What another path already did (a dialog that ran its own service), told to every view."""
        if result is not None:
            self.changed.emit(result.changes)

    def _tell(self, message: str, title: str, report) -> None:
        if report is not None:
            report(message)
        else:
            QMessageBox.warning(self.window, title or tr("操作未完成"), message)

    def bug(self, exc: BaseException) -> None:
        from ..services import logbook

        log = logbook.bug(exc, "窗口操作")
        QMessageBox.critical(self.window, tr("意外错误"), tr(
            "程序出现意外错误，本次操作未完成；已保存的数据没有改动。\n详细信息已记录在：{0}（{1}）")
            .format(log or tr("（日志无法写入）"), type(exc).__name__))


class _Step(QUndoCommand):
    """One user action on the undo stack: already done when pushed; undo and redo each run the
    inverse the service gave, which returns the next inverse."""

    def __init__(self, ops: Operations, result: OpResult):
        super().__init__(result.label)
        self.ops, self.inverse = ops, result.undo
        self.first = True

    def redo(self) -> None:
        if self.first:
            self.first = False
            return
        self._flip()

    def undo(self) -> None:
        self._flip()

    def _flip(self) -> None:
        try:
            result = self.inverse(self.ops.session)
        except KnownError as exc:
            self.ops._tell(str(exc), tr("撤销"), None)
            self.setObsolete(True)
            return
        except Exception as exc:  # noqa: BLE001
            self.ops.bug(exc)
            self.setObsolete(True)
            return
        self.inverse = result.undo
        self.ops.changed.emit(result.changes)
