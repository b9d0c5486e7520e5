"""Undo: one command per user action, each a service call and its inverse."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from ..domain.errors import KnownError


class ServiceCommand(QUndoCommand):
    """Already done when pushed (the action was validated and saved first); undo and redo call
    services. A failure (a locked database) is reported and the command made obsolete."""

    def __init__(self, label: str, *, do: Callable[[], object], undo: Callable[[], object],
                 notify: Callable[[object], None], report: Callable[[str], None]):
        super().__init__(label)
        self._do, self._undo = do, undo
        self._notify, self._report = notify, report
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, fn: Callable[[], object]) -> None:
        try:
            change = fn()
        except KnownError as exc:
            self._report(str(exc))
            self.setObsolete(True)
            return
        self._notify(change)
