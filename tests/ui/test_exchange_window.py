"""上报 from the window: export off the UI thread, import with the preview, the roll-up dialog."""

from __future__ import annotations

import openpyxl
import pytest

from desktop.services import evaluation, rollup, submissions
from desktop.ui.exchange_dialogs import ImportPreviewDialog, RollupDialog
from desktop.ui.main_window import MainWindow
from tests.conftest import JINGYAN
from tests.ui.windows import shown_window


@pytest.fixture
def window(app, session, qtbot):
    return shown_window(session, qtbot, plan=JINGYAN, year=2023, size=None)


def test_export_runs_off_the_ui_thread(window, qtbot, tmp_path):
    target = tmp_path / "井研县.xlsx"
    task = window.export_workbook("template", str(target))
    with qtbot.waitSignal(task.done, timeout=20000):
        pass
    assert target.exists() and openpyxl.load_workbook(target)["指标"]["J4"].value in (None, "")
    assert "已导出" in window.statusBar().currentMessage()


def test_import_shows_a_preview_and_applies_all(window, qtbot, tmp_path, monkeypatch):
    from desktop.services import submissions

    path = submissions.export_workbook(session=window.session, plan_id=JINGYAN, year=2023,
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
    assert not bad.apply_button.isEnabled() and bad.tabs.currentIndex() == 4
    assert "指标!J7" in bad.tabs.widget(4).item(0).text()
    wb["指标"]["J7"] = 1.5
    wb.save(tmp_path / "good.xlsx")
    window.import_workbook(str(tmp_path / "good.xlsx"))
    assert dialogs[-1].apply_button.isEnabled()
    states = evaluation.evaluate_plan(session=window.session, plan_id=JINGYAN)
    assert states[2].cells[2023].text == "12.5"
    assert window.indicators.model.state_at(2).cells[2023].text == "12.5"  # the grid redrew


def _returned(template, out, cells):
    wb = openpyxl.load_workbook(template)
    for coord, value in cells.items():
        wb["指标"][coord] = value
    wb.save(out)
    return str(out)


def test_partial_returns_merge_in_the_window(window, tmp_path, monkeypatch):
    """Two units each fill part of one template; a value typed in the grid meanwhile survives."""
    template = submissions.export_workbook(session=window.session, plan_id=JINGYAN, year=2023,
                                           path=tmp_path / "t.xlsx", kind="template")
    model = window.indicators.model
    model.setData(model.index(0, model.year_column(2023)), "78.9")
    a = _returned(template, tmp_path / "a.xlsx", {"J6": 12.5})
    b = _returned(template, tmp_path / "b.xlsx", {"J7": 4.1})
    seen = []

    def fake_exec(d):
        seen.append((list(d.preview.new_values), d.preview.conflicts, d.tabs.tabText(3)))
        d.apply()
        return True

    monkeypatch.setattr(ImportPreviewDialog, "exec", fake_exec)
    window.import_workbook(a)
    window.import_workbook(b)
    assert [s[0] for s in seen] == [[("孕产妇死亡率", "12.5")], [("婴儿死亡率", "4.1")]]
    assert all(not s[1] and s[2] == "冲突（0）" for s in seen)
    grid = window.indicators.model
    assert [grid.state_at(k).cells[2023].text for k in (0, 2, 3)] == ["78.9", "12.5", "4.1"]


def test_a_conflict_is_shown_side_by_side_and_the_clerk_chooses(window, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt

    template = submissions.export_workbook(session=window.session, plan_id=JINGYAN, year=2023,
                                           path=tmp_path / "t.xlsx", kind="template")
    model = window.indicators.model
    model.setData(model.index(2, model.year_column(2023)), "10")     # typed after the export
    model.setData(model.index(3, model.year_column(2023)), "5")
    path = _returned(template, tmp_path / "c.xlsx", {"J6": 12.5, "J7": 4.1})
    shown = {}

    def fake_exec(d):
        table = d.conflicts
        shown["rows"] = [[table.item(r, c).text() for c in range(6)] for r in range(table.rowCount())]
        shown["tab"] = d.tabs.currentIndex()
        table.item(1, d.TAKE).setCheckState(Qt.CheckState.Checked)   # take theirs for 婴儿死亡率
        d.apply()
        return True

    monkeypatch.setattr(ImportPreviewDialog, "exec", fake_exec)
    window.import_workbook(path)
    assert shown["tab"] == 3
    assert shown["rows"] == [["孕产妇死亡率", "实际值", "指标!J6", "（空）", "10", "12.5"],
                             ["婴儿死亡率", "实际值", "指标!J7", "（空）", "5", "4.1"]]
    assert [model.state_at(k).cells[2023].text for k in (2, 3)] == ["10", "4.1"]


def test_rollup_dialog(window, qtbot, tmp_path):
    d = RollupDialog(window.session, 2023, window)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: d.loaded, timeout=20000)      # rolled up on a worker
    assert d.compare.columnCount() == 2 + 5 and d.counts.rowCount() == 5
    d.export(str(tmp_path / "汇总.xlsx"))
    assert (tmp_path / "汇总.xlsx").exists()


def _two_units_and_a_city(window, tmp_path, empty_session, qtbot):
    """井研县's and 相山区's workbooks, and a city's window on an empty database."""
    from desktop.services import submissions

    files = [str(submissions.export_workbook(session=window.session, plan_id=p, year=2023,
                                              path=tmp_path / f"{p}.xlsx")) for p in (2, 4)]
    city = MainWindow(empty_session)
    qtbot.addWidget(city)
    return files, city


def test_several_workbooks_in_one_batch(window, tmp_path, monkeypatch, empty_session, qtbot):
    from desktop.ui import main_window

    files, city = _two_units_and_a_city(window, tmp_path, empty_session, qtbot)
    warned = []
    monkeypatch.setattr(main_window.QMessageBox, "warning", lambda *a: warned.append(a[2]))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"junk")
    city.import_workbooks([*files, str(bad)], confirm=False)
    qtbot.waitUntil(lambda: bool(warned), timeout=20000)      # checked on a worker thread
    assert "bad.xlsx" in warned[0] and city.plan_model.rowCount() == 0
    city.import_workbooks(files, confirm=False)
    qtbot.waitUntil(lambda: city.plan_model.rowCount() == 2, timeout=20000)
    assert [city.plan_model.rows[r].region for r in range(2)] == ["井研县", "相山区"]


def test_the_level_above_passes_and_returns_submissions_from_the_rollup(window, qtbot, tmp_path):
    path = submissions.export_workbook(session=window.session, plan_id=JINGYAN, year=2023,
                                       path=tmp_path / "井研县.xlsx")
    preview = submissions.preview_import(session=window.session, path=path)
    assert preview.ok
    submissions.apply_import(session=window.session, preview=preview)
    d = RollupDialog(window.session, 2023, window)
    qtbot.addWidget(d)
    d.subs.setCurrentCell(0, 0)
    d.accept_selected()
    assert submissions.submissions(session=window.session, year=2023)[0].state == "已通过"
    note = tmp_path / "退回说明.txt"
    d.subs.setCurrentCell(0, 0)
    d.return_selected(reason="第6行数据来源未填", note_path=str(note))
    row = submissions.submissions(session=window.session, year=2023)[0]
    assert (row.state, row.reason) == ("已退回", "第6行数据来源未填")
    assert "第6行数据来源未填" in note.read_text(encoding="utf-8")
    assert d.subs.item(0, 6).text() == "已退回"  # the list redrew
    for _ in range(3):  # opened again and again on the same session (it once aborted the program)
        again = RollupDialog(window.session, 2023, window)
        qtbot.addWidget(again)
        assert again.subs.rowCount() == 1


def test_a_template_for_one_unit_from_the_window(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from desktop.services import plan_edit

    ids = [s.id for s in evaluation.evaluate_plan(session=window.session, plan_id=JINGYAN)]
    plan_edit.edit_indicator(session=window.session, indicator_id=ids[2], fields={"lead_unit": "妇幼保健院"})
    offered = []
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda *a, **k: (offered.append(a[3]) or "妇幼保健院", True))
    target = tmp_path / "妇幼.xlsx"
    task = window.export_unit_template(path=str(target))
    with qtbot.waitSignal(task.done, timeout=20000):
        pass
    assert "妇幼保健院" in offered[0]
    ws = openpyxl.load_workbook(target)["指标"]
    assert not ws["J6"].protection.locked and ws["J4"].protection.locked


def test_a_second_batch_waits_for_the_first(window, tmp_path, monkeypatch, empty_session, qtbot):
    """A clerk who chooses the files again while the first batch is still checked is told to wait:
    each batch would otherwise create the same units."""
    from desktop.ui import main_window

    files, city = _two_units_and_a_city(window, tmp_path, empty_session, qtbot)
    told = []
    monkeypatch.setattr(main_window.QMessageBox, "information", lambda *a: told.append(a[2]))
    city.import_workbooks(files, confirm=False)
    city.import_workbooks(files, confirm=False)        # at once, while the first is checked
    assert told and "上一批上报表还在检查或导入" in told[0]
    qtbot.waitUntil(lambda: city.plan_model.rowCount() == 2, timeout=20000)
    qtbot.wait(300)
    assert empty_session.store.scalar("SELECT count(*) FROM plans") == 2


def test_a_batch_read_by_processes_of_its_own_imports_from_the_window(window, tmp_path, monkeypatch,
                                                                      empty_session, qtbot):
    """The window's batch read on every core (as a big batch is): a bad file still stops the batch
    by name with nothing imported; the good ones then land, each unit once."""
    from desktop.services import submission_import
    from desktop.ui import main_window

    monkeypatch.setattr(submission_import, "PARALLEL_FROM", 2)
    files = [str(submissions.export_workbook(session=window.session, plan_id=p, year=2023,
                                             path=tmp_path / f"{p}.xlsx")) for p in (1, 2, 3, 4, 5)]
    city = MainWindow(empty_session)
    qtbot.addWidget(city)
    warned = []
    monkeypatch.setattr(main_window.QMessageBox, "warning", lambda *a: warned.append(a[2]))
    bad = tmp_path / "坏的.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    city.import_workbooks([*files[:2], str(bad), *files[2:]], confirm=False)
    qtbot.waitUntil(lambda: bool(warned), timeout=60000)
    assert "坏的.xlsx" in warned[0] and empty_session.store.scalar("SELECT count(*) FROM plans") == 0
    city.import_workbooks(files, confirm=False)
    qtbot.waitUntil(lambda: city.plan_model.rowCount() == 5, timeout=60000)
    assert sorted(city.plan_model.rows[r].region for r in range(5)) == sorted(
        ["四平市", "井研县", "聊城市", "相山区", "湘桥区"])


def test_the_rollup_window_opens_at_once_when_little_is_left_to_judge_and_on_a_worker_otherwise(
        window, qtbot, monkeypatch):
    """Opened when every summary is kept (or a few plans changed), the 汇总 window is filled before
    it shows; when many plans must be judged first it fills from a worker. Both show the same."""
    from desktop.ui import exchange_dialogs

    rollup.rollup(session=window.session, year=2023)       # every plan's summary kept
    at_once = RollupDialog(window.session, 2023, window)
    qtbot.addWidget(at_once)
    assert at_once.loaded                                   # no worker: filled in the constructor
    monkeypatch.setattr(exchange_dialogs, "QUICK_JUDGE", -1)     # as if every plan had to be judged
    later = RollupDialog(window.session, 2023, window)
    qtbot.addWidget(later)
    assert not later.loaded
    qtbot.waitUntil(lambda: later.loaded, timeout=20000)
    assert later.data == at_once.data and later.counts.rowCount() == at_once.counts.rowCount() == 5


def test_an_indicator_of_a_plan_beside_another_of_its_region_is_matched_from_the_window(empty_session, qtbot):
    """Two plans of one county side by side (a revised plan imported beside the first) are columns
    某县（编号N）: matching one's indicator outside the catalogue in the 汇总 window takes effect
    (it was kept under the column's label and never applied)."""
    from desktop.domain.plan import Indicator, PlanDocument
    from desktop.storage import plans as stored_plans

    for n in (1, 2):
        doc = PlanDocument(title=f"某县“十五五”卫生健康规划（第{n}稿）", region="某县", level="县",
                           parent_region="某市", source_name=f"d{n}", source_hash=f"twin-{n}", period="2026-2030")
        doc.indicators.append(Indicator(order=1, seq="1", domain="健康水平", name="人均预期寿命", unit="岁",
                                        baseline="79", target="80", attribute="预期性"))
        doc.indicators.append(Indicator(order=2, seq="2", domain="健康服务", name=f"家庭医生履约率{n}",
                                        unit="%", baseline="60", target="≥75", attribute="预期性"))
        stored_plans.insert_plan(empty_session.store, doc, who="测试")
    d = RollupDialog(empty_session, 2026)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: d.loaded, timeout=20000)
    assert all(region.startswith("某县（编号") for region in d.data.regions)
    r = next(k for k, u in enumerate(d.data.unmatched) if u["指标"] == "家庭医生履约率1")
    d.unmatched.setCurrentCell(r, 0)
    d.match_selected(key=rollup.CUSTOM + "家庭医生签约服务履约率")
    qtbot.waitUntil(lambda: d.loaded, timeout=20000)
    assert "家庭医生履约率1" not in {u["指标"] for u in d.data.unmatched}
    row = next(x for x in d.data.rows if x.name == "家庭医生签约服务履约率")
    assert len(row.cells) == 1 and next(iter(row.cells)).startswith("某县（编号")
