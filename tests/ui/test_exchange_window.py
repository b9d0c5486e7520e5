"""上报 from the window: export off the UI thread, import with the preview, the roll-up dialog."""

from __future__ import annotations

import openpyxl
import pytest

from desktop.services import evaluation, submissions
from desktop.ui.exchange_dialogs import ImportPreviewDialog, RollupDialog
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(app, session, qtbot):
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.show()
    w.open_plan(2)
    w.set_year(2023)
    return w


def test_export_runs_off_the_ui_thread(window, qtbot, tmp_path):
    target = tmp_path / "井研县.xlsx"
    task = window.export_workbook("template", str(target))
    with qtbot.waitSignal(task.done, timeout=20000):
        pass
    assert target.exists() and openpyxl.load_workbook(target)["指标"]["J4"].value in (None, "")
    assert "已导出" in window.statusBar().currentMessage()


def test_import_shows_a_preview_and_applies_all(window, qtbot, tmp_path, monkeypatch):
    from desktop.services import submissions

    path = submissions.export_workbook(session=window.session, plan_id=2, year=2023,
                                       path=tmp_path / "t.xlsx", kind="template")
    wb = openpyxl.load_workbook(path)
    wb["指标"]["J6"] = 12.5
    wb["指标"]["J7"] = "x"
    wb.save(tmp_path / "bad.xlsx")
    dialogs = []

    def fake_exec(d):
        dialogs.append(d)
        if d.preview.ok:
            d.apply()
            return True
        return False

    monkeypatch.setattr(ImportPreviewDialog, "exec", fake_exec)
    window.import_workbook(str(tmp_path / "bad.xlsx"))
    bad = dialogs[-1]
    assert not bad.apply_button.isEnabled() and bad.tabs.currentIndex() == 3
    assert "指标!J7" in bad.tabs.widget(3).item(0).text()
    wb["指标"]["J7"] = 1.5
    wb.save(tmp_path / "good.xlsx")
    window.import_workbook(str(tmp_path / "good.xlsx"))
    assert dialogs[-1].apply_button.isEnabled()
    states = evaluation.evaluate_plan(session=window.session, plan_id=2)
    assert states[2].cells[2023].text == "12.5"
    assert window.indicators.model.state_at(2).cells[2023].text == "12.5"  # the grid redrew


def test_rollup_dialog(window, qtbot, tmp_path):
    d = RollupDialog(window.session, 2023, window)
    qtbot.addWidget(d)
    assert d.compare.columnCount() == 2 + 5 and d.counts.rowCount() == 5
    d.export(str(tmp_path / "汇总.xlsx"))
    assert (tmp_path / "汇总.xlsx").exists()


def test_several_workbooks_in_one_batch(window, tmp_path, monkeypatch, empty_session, qtbot):
    from desktop.services import submissions
    from desktop.ui import main_window

    files = [str(submissions.export_workbook(session=window.session, plan_id=p, year=2023,
                                              path=tmp_path / f"{p}.xlsx")) for p in (2, 4)]
    city = MainWindow(empty_session)
    qtbot.addWidget(city)
    warned = []
    monkeypatch.setattr(main_window.QMessageBox, "warning", lambda *a: warned.append(a[2]))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"junk")
    city.import_workbooks([*files, str(bad)], confirm=False)
    assert warned and "bad.xlsx" in warned[0] and city.plan_model.rowCount() == 0
    city.import_workbooks(files, confirm=False)
    assert [city.plan_model.rows[r]["region"] for r in range(2)] == ["井研县", "相山区"]


def test_the_level_above_passes_and_returns_submissions_from_the_rollup(window, qtbot, tmp_path):
    path = submissions.export_workbook(session=window.session, plan_id=2, year=2023,
                                       path=tmp_path / "井研县.xlsx")
    preview = submissions.preview_import(session=window.session, path=path)
    assert preview.ok
    submissions.apply_import(session=window.session, preview=preview)
    d = RollupDialog(window.session, 2023, window)
    qtbot.addWidget(d)
    d.subs.setCurrentCell(0, 0)
    d.accept_selected()
    assert submissions.submissions(session=window.session, year=2023)[0]["state"] == "已通过"
    note = tmp_path / "退回说明.txt"
    d.subs.setCurrentCell(0, 0)
    d.return_selected(reason="第6行数据来源未填", note_path=str(note))
    row = submissions.submissions(session=window.session, year=2023)[0]
    assert (row["state"], row["reason"]) == ("已退回", "第6行数据来源未填")
    assert "第6行数据来源未填" in note.read_text(encoding="utf-8")
    assert d.subs.item(0, 6).text() == "已退回"  # the list redrew
    for _ in range(3):  # opened again and again on the same session (it once aborted the program)
        again = RollupDialog(window.session, 2023, window)
        qtbot.addWidget(again)
        assert again.subs.rowCount() == 1
