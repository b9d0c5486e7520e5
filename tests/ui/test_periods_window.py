"""The window on a 十五五 plan beside the 十四五 one: the preview with its hand-over, the grid's
years, the year picker, the plan picker grouped by region, closing and reopening a plan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.plandoc import read_plan_bytes
from desktop.services import checklist, plans, values
from desktop.ui.handover_dialog import HandoverDialog
from desktop.ui.import_dialog import ImportDialog
from tests.conftest import JINGYAN
from tests.periods.documents import JINGYAN_14_FINAL, JINGYAN_15
from tests.ui.windows import shown_window


@pytest.fixture
def window(app, session, qtbot):
    for name, value in JINGYAN_14_FINAL.items():
        row = next(r for r in plans.plan_indicators(session=session, plan_id=JINGYAN) if r.name == name)
        values.enter_values(session=session, items=[(row.id, 2025, value)])
    return shown_window(session, qtbot)


def import_fifteenth(window, qtbot, tick_all: bool) -> int:
    doc = read_plan_bytes(JINGYAN_15.encode("utf-8"), "井研县十五五.txt")
    dialog = ImportDialog(window.session, doc, window)
    qtbot.addWidget(dialog)
    assert dialog.period_box.currentData() == "2026-2030"
    assert dialog.indicators.headerData(4, Qt.Orientation.Horizontal) == "基期(2025)"
    assert dialog.handover is not None and dialog.handover.old.id == JINGYAN
    tab_titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "与十四五衔接（4）" in tab_titles
    if tick_all:
        dialog._tick_all_offered()
    dialog.save()
    assert dialog.result() == ImportDialog.DialogCode.Accepted
    result = window.ops.run(lambda: dialog.result_change)
    return result.plan_ids[0]


def test_the_preview_offers_the_2025_value_and_saving_takes_only_the_ticked(window, qtbot):
    plan_id = import_fifteenth(window, qtbot, tick_all=True)
    rows = {r.name: r for r in plans.plan_indicators(session=window.session, plan_id=plan_id)}
    assert rows["孕产妇死亡率"].baseline_text == "8.1"          # blank in the document, ticked
    assert rows["人均预期寿命"].baseline_text == "79.3"         # the document's own, kept


def test_not_ticked_nothing_is_filled_in(window, qtbot):
    plan_id = import_fifteenth(window, qtbot, tick_all=False)
    rows = {r.name: r for r in plans.plan_indicators(session=window.session, plan_id=plan_id)}
    assert rows["孕产妇死亡率"].baseline_text == "—"


def test_the_grid_and_the_year_picker_follow_the_plan_period(window, qtbot):
    plan_id = import_fifteenth(window, qtbot, tick_all=False)
    window.open_plan(plan_id)
    model = window.indicators.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "基期(2025)" in headers and "目标(2030)" in headers
    assert [h for h in headers if h.isdigit()] == ["2026", "2027", "2028", "2029", "2030"]
    years = [window.year_combo.itemData(i) for i in range(window.year_combo.count())]
    assert years == [2026, 2027, 2028, 2029, 2030]
    window.set_year(2027)
    life = next(r for r, s in enumerate(model.visible) if s.row.name == "人均预期寿命")
    assert model.setData(model.index(life, model.year_column(2027)), "79.5")
    state = model.state_at(life)
    assert state.cells[2027].status == "滞后" and "时序进度40%" in state.cells[2027].explanation
    # back on the 十四五 plan: its own years
    window.open_plan(JINGYAN)
    assert [window.year_combo.itemData(i) for i in range(window.year_combo.count())] == [
        2021, 2022, 2023, 2024, 2025]
    assert "基期(2020)" in [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_the_plan_picker_groups_a_region_and_shows_the_period(window, qtbot):
    plan_id = import_fifteenth(window, qtbot, tick_all=False)
    labels = [window.plan_combo.itemText(i) for i in range(window.plan_combo.count())]
    jingyan = [t for t in labels if t.startswith("井研县")]
    assert jingyan[0].startswith("井研县 · 十五五") and jingyan[1].startswith("井研县 · 十四五")
    assert labels.index(jingyan[1]) == labels.index(jingyan[0]) + 1     # side by side
    assert window.plan_combo.findData(plan_id) == labels.index(jingyan[0])


def test_the_hand_over_dialog_takes_baselines_and_carries_projects(window, qtbot, tmp_path):
    plan_id = import_fifteenth(window, qtbot, tick_all=False)
    project = checklist.projects(session=window.session, plan_id=JINGYAN)[0].items[0]
    checklist.update(session=window.session, kind="project", changes={project.id: {"status": "推进中"}})
    dialog = HandoverDialog(window.session, plan_id, window.ops, window)
    qtbot.addWidget(dialog)
    pairs = dialog.pairs
    offered = [r for r in range(pairs.rowCount()) if pairs.item(r, 0).isCheckable()]
    assert len(offered) == 1 and pairs.item(offered[0], 2).text() == "孕产妇死亡率"
    pairs.item(offered[0], 0).setCheckState(Qt.CheckState.Checked)
    dialog.take_baselines()
    rows = {r.name: r for r in plans.plan_indicators(session=window.session, plan_id=plan_id)}
    assert rows["孕产妇死亡率"].baseline_text == "8.1"
    window.undo_action.trigger()                               # one step back in the window
    rows = {r.name: r for r in plans.plan_indicators(session=window.session, plan_id=plan_id)}
    assert rows["孕产妇死亡率"].baseline_text == "—"
    carry = dialog.carry_model
    row = next(r for r in range(carry.rowCount()) if carry.item(r, 2).text() == project.title)
    carry.item(row, 0).setCheckState(Qt.CheckState.Checked)
    dialog.carry()
    carried = [i.title for g in checklist.projects(session=window.session, plan_id=plan_id) for i in g.items]
    assert carried == [project.title]
    row = next(r for r in range(dialog.carry_model.rowCount()) if dialog.carry_model.item(r, 2).text() == project.title)
    assert dialog.carry_model.item(row, 7).text() == "已结转"
    out = tmp_path / "对照表.xlsx"
    dialog.export(str(out))
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    header = [c.value for c in ws[2]]
    assert header[:5] == ["序号", "指标", "单位", "十四五目标", "十四五2025年填报值"]
    life = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[1] == "人均预期寿命")
    assert (life[4], life[6]) == ("79.5", "79.3")


def test_closing_a_plan_from_the_window_locks_its_years_and_reopening_needs_a_reason(window, qtbot):
    window.open_plan(JINGYAN)
    window.close_plan(note="总结评估完成")
    assert "已结束" in window.plan_view.title.text()
    model = window.indicators.model
    assert not model.flags(model.index(0, model.year_column(2024))) & Qt.ItemFlag.ItemIsEditable
    window.reopen_plan(reason="上级要求补报")
    assert "已结束" not in window.plan_view.title.text()
    assert model.flags(model.index(0, model.year_column(2024))) & Qt.ItemFlag.ItemIsEditable
