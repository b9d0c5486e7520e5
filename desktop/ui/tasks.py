"""Long work off the UI thread: a progress dialog only after half a second, Cancel as a flag."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..domain.errors import KnownError
from .text import tr


class Cancelled(Exception):
    """The user pressed Cancel; the task stopped where it checked the flag."""


class TaskState:
    def __init__(self):
        self._cancel = threading.Event()
        self.on_progress: Callable[[int, int], None] = lambda done, total: None

    def progress(self, done: int, total: int) -> None:
        """How far the work is (called on the worker thread; the dialog follows by signal)."""
        self.on_progress(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()


class _Worker(QThread):
    finished_ok = Signal(object)
    failed = Signal(str, bool)  # message, known
    progressed = Signal(int, int)

    def __init__(self, fn: Callable[[TaskState], object], state: TaskState):
        super().__init__()
        self.fn, self.state = fn, state

    def run(self) -> None:
        try:
            self.finished_ok.emit(self.fn(self.state))
        except Cancelled:
            self.failed.emit(tr("已取消"), True)
        except KnownError as exc:
            self.failed.emit(str(exc), True)
        except Exception as exc:  # noqa: BLE001 - a bug: logged with its traceback, then told
            from ..services import logbook

            log = logbook.bug(exc, "后台任务")
            self.failed.emit(tr("程序出现意外错误，操作未完成；详细信息已记录在 {0}（{1}）").format(
                log or tr("（日志无法写入）"), type(exc).__name__), False)


class Task(QObject):
    """Runs `fn(state)` on a worker thread. The function must open its own database connection."""

    done = Signal(object)
    error = Signal(str, bool)

    def __init__(self, parent: QWidget, label: str, fn: Callable[[TaskState], object]):
        super().__init__(parent)
        self.state = TaskState()
        self.worker = _Worker(fn, self.state)
        self.state.on_progress = self.worker.progressed.emit
        self.dialog = QProgressDialog(label, tr("取消"), 0, 0, parent)
        self.dialog.setWindowTitle(tr("请稍候"))
        self.dialog.setMinimumDuration(500)
        self.dialog.canceled.connect(self.state.cancel)
        self.dialog.reset()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        self.worker.progressed.connect(self._progress)
        self.worker.finished_ok.connect(self._ok)
        self.worker.failed.connect(self._fail)

    def start(self) -> Task:
        self._timer.start(500)
        self.worker.start()
        return self

    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _show(self) -> None:
        if self.worker.isRunning():
            self.dialog.show()

    def _finish(self) -> None:
        self._timer.stop()
        self.dialog.reset()
        self.dialog.hide()
        self.worker.wait()

    def _ok(self, result) -> None:
        self._finish()
        self.done.emit(result)

    def _fail(self, message: str, known: bool) -> None:
        self._finish()
        self.error.emit(message, known)
