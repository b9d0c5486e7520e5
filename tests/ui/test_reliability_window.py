"""Reliability from the window: 备份与恢复, unlocking a year, a second copy, a damaged file."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.services import backups, evaluation, instance_lock, submissions, values
from desktop.ui import app as app_module
from desktop.ui.backup_dialog import BackupDialog
from desktop.ui.main_window import MainWindow
from tests.conftest import JINGYAN, SIPING


def test_backup_dialog_lists_and_restores(app, session, qtbot, home):
    backups.daily(session=session)
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=SIPING)]
    values.enter_values(session=session, items=[(ids[0], 2023, "79")])
    restored = []
    d = BackupDialog(session, restored.append)
    qtbot.addWidget(d)
    assert d.table.rowCount() == 2
    d.backup_to_file(str(home / "manual.db"))
    assert (home / "manual.db").exists()
    d.table.selectRow(0)
    d.restore_selected(confirm=False)
    assert restored and evaluation.evaluate_plan(session=session, plan_id=SIPING)[0].cells[2023].text == ""
    assert d.table.rowCount() == 3  # the state before the restore is itself a backup now


def test_unlock_a_year_from_the_window(app, session, qtbot, tmp_path):
    submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "f.xlsx", final=True)
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.open_plan(JINGYAN)
    w.set_year(2023)
    m = w.indicators.model
    header = [m.headerData(i, Qt.Orientation.Horizontal) for i in range(m.columnCount())]
    col = header.index("2023（锁）")
    assert not (m.flags(m.index(0, col)) & Qt.ItemFlag.ItemIsEditable)
    w.unlock_year(reason="上级退回修改")
    assert m.headerData(col, Qt.Orientation.Horizontal) == "2023"


def test_a_second_copy_is_offered_read_only(app, session, monkeypatch):
    lock = instance_lock.acquire(session.database_path)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    place = app_module._open(str(session.database_path))
    assert "使用" in asked[0] and place.lock is None and place.session.store.readonly
    assert place.readonly_reason
    place.close()
    lock.release()


def test_a_damaged_file_is_offered_the_newest_good_backup(app, home, damaged_db, monkeypatch):
    db = damaged_db
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: asked.append(a[2]))
    place = app_module._open(str(db))
    assert asked and "备份" in asked[0]
    assert len(place.session.store.query("SELECT id FROM plans")) == 5
    assert list(home.glob("plans.db.damaged-*"))
    place.close()


def test_audit_export_from_the_window_with_filters(app, session, qtbot, tmp_path):
    import openpyxl

    from desktop.ui.dialogs import AuditFilterDialog

    w = MainWindow(session)
    qtbot.addWidget(w)
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=SIPING)]
    values.enter_values(session=session, items=[(ids[0], 2023, "79")])
    d = AuditFilterDialog([SimpleNamespace(id=1, region="四平市", title="t")], 1)
    qtbot.addWidget(d)
    d.since.setText("2023-13-01")
    assert "不是日期" in d.problem()
    d.since.setText("")
    assert d.filters()["plan_id"] == 1
    w.export_audit(str(tmp_path / "a.xlsx"), {"since": "", "until": "", "who": "", "plan_id": 1})
    rows = list(openpyxl.load_workbook(tmp_path / "a.xlsx").active.iter_rows(min_row=3, values_only=True))
    assert rows and all(r[2] == "四平市" for r in rows)


def test_an_unforeseen_error_is_logged_told_and_leaves_the_data(app, session, home, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: told.append(a[2]))
    before = session.store.query("SELECT COUNT(*) AS n FROM actuals")
    try:
        with session.store.change(who="测试", action="填报"):
            session.store.conn.execute("INSERT INTO actuals (indicator_id, year, value_text, entered_at) "
                                       "VALUES (1, 2023, '78', '2026-11-23')")
            raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as exc:
        log = app_module.report_unexpected(type(exc), exc, exc.__traceback__)
    assert session.store.query("SELECT COUNT(*) AS n FROM actuals") == before
    assert log == home / "logs" / "errors.log" and "ZeroDivisionError" in log.read_text(encoding="utf-8")
    assert "本次操作未完成" in told[0] and str(log) in told[0]


def test_the_whole_file_is_checked_once_a_day_and_after_a_crash_not_at_every_start(app, home, built_db,
                                                                                    monkeypatch):
    """A big database takes most of a second to read through; a clerk starts the program many
    times a day. First start of the day (before its backup) and the start after a power cut check."""
    import json
    import os
    import shutil

    from desktop.storage import maintenance

    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built_db, home / "plans.db")
    checked = []
    real = maintenance.quick_check
    monkeypatch.setattr(maintenance, "quick_check", lambda store: checked.append(1) or real(store))

    def start():
        return app_module._open(str(home / "plans.db"))

    start().close()  # first start today: checked, then backed up
    assert len(checked) == 1 and not backups.due_today()
    start().close()  # again after a clean close: not read through
    assert len(checked) == 1
    instance_lock.info_path(home / "plans.db").write_text(json.dumps(  # the power went off
        {"user": "张三", "host": os.uname().nodename, "pid": 999999, "since": "2026-11-23T08:00:00"}),
        encoding="utf-8")
    start().close()
    assert len(checked) == 2
