"""Where a file dialog opens: the user's Documents folder the first time, then the last folder
used for that kind of file (plan documents, workbooks, reports, evidence, backups) — never the
program's own data folder or the install folder. Kept per user in the data folder."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from .. import paths

PLAN, WORKBOOK, REPORT, EVIDENCE, BACKUP = "plan", "workbook", "report", "evidence", "backup"


def _store() -> Path:
    return paths.home() / "folders.json"


def _remembered() -> dict[str, str]:
    try:
        data = json.loads(_store().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def documents() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start(kind: str, name: str = "") -> str:
    """The folder (and file name) a dialog for `kind` opens at."""
    last = _remembered().get(kind, "")
    folder = Path(last) if last and Path(last).is_dir() else documents()
    return str(folder / name) if name else str(folder)


def remember(kind: str, chosen: str) -> None:
    """The folder of what the user picked, for the next dialog of that kind (best effort)."""
    if not chosen:
        return
    p = Path(chosen)
    folder = p if p.is_dir() else p.parent
    data = _remembered()
    data[kind] = str(folder)
    try:
        _store().parent.mkdir(parents=True, exist_ok=True)
        _store().write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass      # a folder not remembered is no reason to stop the user


def save_path(parent, title: str, kind: str, name: str, filters: str = "") -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, start(kind, name), filters)
    remember(kind, path)
    return path


def open_path(parent, title: str, kind: str, filters: str = "") -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, start(kind), filters)
    remember(kind, path)
    return path


def open_paths(parent, title: str, kind: str, filters: str = "") -> list[str]:
    chosen, _ = QFileDialog.getOpenFileNames(parent, title, start(kind), filters)
    if chosen:
        remember(kind, chosen[0])
    return chosen


def folder_path(parent, title: str, kind: str) -> str:
    folder = QFileDialog.getExistingDirectory(parent, title, start(kind))
    remember(kind, folder)
    return folder
