"""Actions a clerk reaches from the window that the other window tests do not walk through."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from desktop.services import evaluation, submissions, values
from desktop.ui.exchange_dialogs import RollupDialog
from desktop.ui.main_window import TAB_GRID, MainWindow
from desktop.ui.models.indicator_grid import COLUMNS

YEAR_COL = {c.year: i for i, c in enumerate(COLUMNS) if c.year}
STATUS_COL = next(i for i, c in enumerate(COLUMNS) if c.key == "status")


@pytest.fixture
def window(app, session, qtbot):
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.open_plan(2)  # 井研县
    w.set_year(2023)
    return w


def ids(w):
    return [s.id for s in evaluation.evaluate_plan(session=w.session, plan_id=2)]


def test_clearing_an_override_goes_back_to_the_automatic_judgement_and_undo_brings_it_back(window):
    iid = ids(window)[3]  # 婴儿死亡率 1.76 → ≦5.2
    values.enter_values(session=window.session, items=[(iid, 2023, "5.0")])
    values.override_status(session=window.session, indicator_id=iid, year=2023, status="滞后",
                           reason="接近上限")
    window.indicators.refresh()
    window.tabs.setCurrentIndex(TAB_GRID)
    m = window.indicators.model
    assert m.index(3, STATUS_COL).data() == "滞后（人工）"
    window.indicators.clear_override(m.state_at(3), 2023)
    assert m.index(3, STATUS_COL).data() == "提前完成"
    window.undo_action.trigger()
    assert m.index(3, STATUS_COL).data() == "滞后（人工）"


def test_delete_clears_the_selected_values_as_one_undo_step(window, qtbot):
    window.tabs.setCurrentIndex(TAB_GRID)
    first, second = ids(window)[2:4]
    values.enter_values(session=window.session, items=[(first, 2023, "12.5"), (second, 2023, "5.0")])
    window.indicators.refresh()
    view, m = window.indicators.grid, window.indicators.model
    view.setCurrentIndex(m.index(2, YEAR_COL[2023]))
    view.selectionModel().select(m.index(3, YEAR_COL[2023]), QItemSelectionModel.SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    cells = {s.id: s.cells[2023].text for s in evaluation.evaluate_plan(session=window.session, plan_id=2)}
    assert (cells[first], cells[second]) == ("", "")
    window.undo_action.trigger()
    cells = {s.id: s.cells[2023].text for s in evaluation.evaluate_plan(session=window.session, plan_id=2)}
    assert (cells[first], cells[second]) == ("12.5", "5.0")


def test_a_tile_on_the_overview_opens_the_grid_on_those_rows(window, qtbot):
    values.enter_values(session=window.session, items=[(ids(window)[3], 2023, "5.0")])
    window.indicators.refresh()
    window.open_plan(2)
    window.tabs.setCurrentIndex(0)
    qtbot.mouseClick(window.overview.tiles["提前完成"], Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == TAB_GRID
    m = window.indicators.model
    assert [m.state_at(r).row["name"] for r in range(m.rowCount())] == ["婴儿死亡率"]


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
