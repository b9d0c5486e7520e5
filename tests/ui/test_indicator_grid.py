"""The real window, driven as a clerk would: type, paste, undo, filter, override, overview."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop.services import evaluation, values
from desktop.ui.main_window import TAB_GRID, MainWindow, default_year
from desktop.ui.models.indicator_grid import COLUMNS, Filter
from tests.conftest import JINGYAN
from tests.ui.windows import shown_window

YEAR_COL = {c.year: i for i, c in enumerate(COLUMNS) if c.year}
STATUS_COL = next(i for i, c in enumerate(COLUMNS) if c.key == "status")


@pytest.fixture
def window(app, session, qtbot):
    return shown_window(session, qtbot, plan=JINGYAN, year=2023, tab=TAB_GRID)   # 井研县, 28 indicators


def grid(w):
    return w.indicators.grid


def model(w):
    return w.indicators.model


def type_into(qtbot, w, row: int, year: int, text: str) -> None:
    view = grid(w)
    view.setCurrentIndex(model(w).index(row, YEAR_COL[year]))
    qtbot.keyClicks(view, text[0])   # the first key opens the editor, as in a spreadsheet
    editor = view.focusWidget()
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # Qt commits an Enter-closed editor through the event loop


def stored(w, row: int, year: int) -> str:
    states = evaluation.evaluate_plan(session=w.session, plan_id=JINGYAN)
    return states[row].cells[year].text


def test_grid_model_passes_the_model_tester(window, qtmodeltester):
    qtmodeltester.check(model(window))


def test_typing_a_value_saves_judges_and_moves_down(window, qtbot):
    type_into(qtbot, window, 2, 2023, "12.5")   # 孕产妇死亡率 0 -> ≦14.5
    assert stored(window, 2, 2023) == "12.5"
    assert grid(window).currentIndex().row() == 3        # Enter moved down
    assert model(window).index(2, STATUS_COL).data() == "提前完成"
    assert "基期已达标" in model(window).index(2, YEAR_COL[2023]).data(Qt.ItemDataRole.ToolTipRole)


def test_tab_moves_right(window, qtbot):
    view = grid(window)
    view.setCurrentIndex(model(window).index(0, YEAR_COL[2021]))
    qtbot.keyClicks(view, "7")
    qtbot.keyClicks(view.focusWidget(), "8.5")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
    assert stored(window, 0, 2021) == "78.5"
    assert view.currentIndex().column() == YEAR_COL[2022]


def test_a_bad_value_is_refused_with_a_message_and_nothing_saved(window, qtbot):
    type_into(qtbot, window, 7, 2023, "abc")       # 居民健康素养水平 (%)
    assert stored(window, 7, 2023) == ""
    banner = window.indicators.banner
    assert banner.isVisibleTo(window) and "不是数值" in banner.text()
    type_into(qtbot, window, 7, 2023, "120")
    assert stored(window, 7, 2023) == "" and "超过100%" in banner.text()


def test_a_two_part_value_where_the_baseline_has_two(window, qtbot):
    row = 26  # 职工≥80 居民≥70
    type_into(qtbot, window, row, 2023, "81")
    assert stored(window, row, 2023) == ""
    type_into(qtbot, window, row, 2023, "81 72")
    assert stored(window, row, 2023) == "职工81 居民72"


def test_paste_a_block_from_excel_is_one_undo_step(window, qtbot):
    view = grid(window)
    view.setCurrentIndex(model(window).index(7, YEAR_COL[2021]))
    QGuiApplication.clipboard().setText("19.5\t21.3\t23.0\r\n32.0\t34.1\t35.2\r\n")
    view.paste()
    assert [stored(window, 7, y) for y in (2021, 2022, 2023)] == ["19.5", "21.3", "23.0"]
    assert [stored(window, 8, y) for y in (2021, 2022, 2023)] == ["32.0", "34.1", "35.2"]
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert [stored(window, r, 2022) for r in (7, 8)] == ["", ""]
    window.undo_stack.redo()
    assert stored(window, 8, 2023) == "35.2"
    assert model(window).index(8, YEAR_COL[2023]).data() == "35.2"


def test_a_paste_with_one_bad_cell_saves_the_others_and_names_the_bad_one(window, qtbot):
    view = grid(window)
    view.setCurrentIndex(model(window).index(7, YEAR_COL[2021]))
    QGuiApplication.clipboard().setText("19.5\t二十\t23.0\r\n")
    view.paste()
    assert [stored(window, 7, y) for y in (2021, 2022, 2023)] == ["19.5", "", "23.0"]
    text = window.indicators.banner.text()
    assert "1 个单元格未保存" in text and "居民健康素养水平 2022年“二十”" in text and "其余 2 个已保存" in text
    assert window.undo_stack.count() == 1        # the saved ones, one step
    window.undo_stack.undo()
    assert [stored(window, 7, y) for y in (2021, 2023)] == ["", ""]


def test_a_refused_value_keeps_the_cursor_and_its_message_until_the_next_key(window, qtbot):
    view = grid(window)
    type_into(qtbot, window, 7, 2023, "abc")
    qtbot.wait(10)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (7, YEAR_COL[2023])
    banner = window.indicators.banner
    assert "居民健康素养水平 2023年的值“abc”未保存" in banner.text() and "全部" not in banner.text()
    qtbot.wait(50)
    assert banner.isVisibleTo(window)
    qtbot.keyClick(view, Qt.Key.Key_Right)          # the next key: the message goes shortly after
    qtbot.waitUntil(lambda: not banner.isVisibleTo(window), timeout=3000)


def test_a_paste_outside_the_year_columns_is_refused(window):
    view = grid(window)
    view.setCurrentIndex(model(window).index(7, YEAR_COL[2025]))
    QGuiApplication.clipboard().setText("1\t2\t3\r\n")
    view.paste()
    assert "超出" in window.indicators.banner.text() and stored(window, 7, 2025) == ""


def test_copy_gives_tab_separated_text(window, qtbot):
    view = grid(window)
    type_into(qtbot, window, 0, 2021, "78.5")
    type_into(qtbot, window, 0, 2022, "78.6")
    sel = view.selectionModel()
    view.setCurrentIndex(model(window).index(0, YEAR_COL[2021]))
    sel.select(model(window).index(0, YEAR_COL[2022]), sel.SelectionFlag.Select)
    view.copy_selection()
    assert QGuiApplication.clipboard().text() == "78.5\t78.6\r\n"


def test_delete_clears_and_undo_brings_back(window, qtbot):
    type_into(qtbot, window, 0, 2023, "78.6")
    view = grid(window)
    view.setCurrentIndex(model(window).index(0, YEAR_COL[2023]))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert stored(window, 0, 2023) == ""
    window.undo_action.trigger()
    assert stored(window, 0, 2023) == "78.6"


def test_undo_and_redo_across_edits(window, qtbot):
    type_into(qtbot, window, 3, 2022, "2.3")
    type_into(qtbot, window, 3, 2022, "2.5")
    assert stored(window, 3, 2022) == "2.5"
    window.undo_action.trigger()
    assert stored(window, 3, 2022) == "2.3"
    window.undo_action.trigger()
    assert stored(window, 3, 2022) == ""
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert stored(window, 3, 2022) == "2.5"


def test_filters(window, qtbot):
    tab = window.indicators
    tab.attribute.setCurrentText("约束性")
    assert model(window).rowCount() == 6  # 近视率, 接种率, 严重精神障碍, 地表水, 个人卫生支出, 医保
    tab.attribute.setCurrentText("全部")
    tab.search.setText("死亡率")
    assert model(window).rowCount() == 4  # 孕产妇、婴儿、5岁以下儿童、重大慢性病过早
    tab.search.clear()
    tab.domain.setCurrentText("健康保障")
    assert model(window).rowCount() == 2
    tab.domain.setCurrentText("全部")
    type_into(qtbot, window, 0, 2023, "78.6")
    tab.missing.setChecked(True)
    assert model(window).rowCount() == 27
    tab.missing.setChecked(False)
    tab.status.setCurrentText("提前完成")
    assert [model(window).state_at(r).row.name for r in range(model(window).rowCount())] == [
        "人均预期寿命"]


def test_override_a_status_with_a_reason(window, qtbot, monkeypatch):
    from desktop.ui import dialogs

    type_into(qtbot, window, 3, 2023, "5.0")  # 婴儿死亡率 1.76 -> ≦5.2, met
    class FakeDialog:
        def __init__(self, *a, **k):
            self.status = type("S", (), {"currentText": lambda s: "滞后"})()
            self.reason = type("R", (), {"toPlainText": lambda s: "接近上限，需关注"})()
        def exec(self):
            return True
    monkeypatch.setattr(dialogs, "OverrideDialog", FakeDialog)
    state = model(window).state_at(3)
    window.indicators.override(state, 2023)
    assert model(window).index(3, STATUS_COL).data() == "滞后（人工）"
    assert "接近上限" in model(window).index(3, STATUS_COL).data(Qt.ItemDataRole.ToolTipRole)
    window.undo_action.trigger()
    assert model(window).index(3, STATUS_COL).data() == "提前完成"


def test_overview_counts_follow_the_edits(window, qtbot):
    ov = window.overview
    assert ov.counts["未填报"] == 28
    type_into(qtbot, window, 2, 2023, "12.5")
    type_into(qtbot, window, 14, 2023, "53")   # 近视率 binding, worse than baseline
    assert ov.stale    # out of view: redrawn when next shown, not at every commit
    window.tabs.setCurrentIndex(0)
    assert not ov.stale
    assert ov.counts["未填报"] == 26 and ov.counts["提前完成"] == 1 and ov.counts["逆向"] == 1
    assert ov.warnings.count() == 1 and "近视率" in ov.warnings.item(0).text()


def test_overview_click_goes_to_the_rows(window, qtbot):
    type_into(qtbot, window, 14, 2023, "53")
    window.tabs.setCurrentIndex(0)
    window.overview.tiles["逆向"].click()
    assert window.tabs.currentIndex() == TAB_GRID
    assert model(window).rowCount() == 1 and model(window).filter == Filter(status="逆向")
    window.overview.show_indicator.emit(model(window).state_at(0).id)
    assert window.indicators.panel.state.row.seq == "15"


def test_a_click_in_the_overview_lists_opens_the_row_and_the_empty_line_does_nothing(window, qtbot):
    """Clicking a line of 本年未填报 opens that indicator in the grid; clicking 没有约束性指标预警 (the
    line saying the list is empty) leaves the clerk where they were, their grid filter kept."""
    window.indicators.apply_filter(Filter(status="未填报"))
    window.tabs.setCurrentIndex(0)
    ov = window.overview
    warnings, missing = ov.warnings, ov.missing
    assert warnings.count() == 1 and warnings.item(0).text() == "没有约束性指标预警"
    qtbot.mouseClick(warnings.viewport(), Qt.MouseButton.LeftButton,
                     pos=warnings.visualItemRect(warnings.item(0)).center())
    assert window.tabs.currentIndex() == 0
    assert model(window).filter == Filter(status="未填报")
    line = missing.item(2)
    qtbot.mouseClick(missing.viewport(), Qt.MouseButton.LeftButton,
                     pos=missing.visualItemRect(line).center())
    assert window.tabs.currentIndex() == TAB_GRID
    assert window.indicators.panel.state.row.name in line.text()


def test_year_switch_changes_the_status_column(window, qtbot):
    type_into(qtbot, window, 2, 2022, "12.5")
    assert model(window).index(2, STATUS_COL).data() == "未填报"
    window.set_year(2022)
    assert model(window).index(2, STATUS_COL).data() == "提前完成"


def test_panel_shows_path_and_history(window, qtbot):
    type_into(qtbot, window, 2, 2023, "12.5")
    window.indicators.select_indicator(model(window).state_at(2).id)
    panel = window.indicators.panel
    assert panel.history_model.rowCount() >= 2  # the import and the value
    assert panel.history_model.rows[0].action == "填报"
    assert len(panel.chart.series()) >= 2
    # a value entered the first time and the indicator's import are whole records: shown by their
    # labelled fields, never as the audit's JSON
    new = next(c for c, col in enumerate(panel.history_model.columns) if col.key == "new_value")
    shown = [panel.history_model.index(r, new).data() for r in range(panel.history_model.rowCount())]
    assert shown[0] == "年度：2023；实际值：12.5"
    assert "名称：孕产妇死亡率" in shown[-1] and "单位：/10万" in shown[-1]
    assert not any("{" in (t or "") for t in shown)


def test_history_exports_to_csv(window, qtbot, tmp_path):
    type_into(qtbot, window, 2, 2023, "12.5")
    window.indicators.select_indicator(model(window).state_at(2).id)
    out = tmp_path / "history.csv"
    window.indicators.panel.write_history(out)
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("时间,操作人,操作") and "12.5" in text


def test_plan_editing_add_edit_delete_undo(window, qtbot, monkeypatch):
    from desktop.ui import dialogs, indicator_tab

    class Add:
        def __init__(self, title, fields, domains, parent=None, period=None):
            self.fields = fields
        def exec(self):
            return True
        def values(self):
            return {"seq": "25", "domain": "健康产业", "name": "社会办医床位数", "unit": "张",
                    "baseline_text": "300", "target_text": "≥400", "attribute": "预期性", "note": ""}
    monkeypatch.setattr(dialogs, "IndicatorDialog", Add)
    window.indicators.add_indicator()
    assert model(window).rowCount() == 29 and model(window).state_at(28).row.name == "社会办医床位数"
    window.undo_action.trigger()
    assert model(window).rowCount() == 28
    window.redo_action.trigger()
    assert model(window).rowCount() == 29

    class Edit(Add):  # the clerk renames the new row to a name the catalogue knows
        def values(self):
            return {**self.fields, "name": "每千人口医疗卫生机构床位数", "unit": "张"}
    monkeypatch.setattr(dialogs, "IndicatorDialog", Edit)
    window.indicators.edit_indicator(model(window).state_at(28))
    row = model(window).state_at(28).row
    assert (row.name, row.catalogue_key) == ("每千人口医疗卫生机构床位数", "beds_per_1000")
    window.undo_action.trigger()
    row = model(window).state_at(28).row
    assert (row.name, row.catalogue_key) == ("社会办医床位数", "")
    monkeypatch.setattr(indicator_tab.QMessageBox, "question",
                        lambda *a, **k: indicator_tab.QMessageBox.StandardButton.Yes)
    type_into(qtbot, window, 0, 2023, "78.6")
    window.indicators.delete_indicator(model(window).state_at(0))
    assert model(window).rowCount() == 28 and model(window).state_at(0).row.name == "健康预期寿命"
    window.undo_action.trigger()
    assert model(window).state_at(0).row.name == "人均预期寿命"
    assert stored(window, 0, 2023) == "78.6"


def test_move_and_set_direction(window):
    first = model(window).state_at(0)
    window.indicators.move(first, 1)
    assert model(window).state_at(1).id == first.id
    window.undo_action.trigger()
    assert model(window).state_at(0).id == first.id
    window.indicators.set_direction(model(window).state_at(0), "lower")
    assert model(window).state_at(0).row.direction == "lower"


def test_default_year_is_last_year_within_the_period():
    import datetime as dt

    assert default_year(dt.date(2024, 3, 1)) == 2023
    assert default_year(dt.date(2026, 11, 23)) == 2025
    assert default_year(dt.date(2021, 6, 1)) == 2021


def _ids(w):
    return [s.id for s in evaluation.evaluate_plan(session=w.session, plan_id=JINGYAN)]


def test_clearing_an_override_goes_back_to_the_automatic_judgement_and_undo_brings_it_back(window):
    iid = _ids(window)[3]  # 婴儿死亡率 1.76 → ≦5.2
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
    first, second = _ids(window)[2:4]
    values.enter_values(session=window.session, items=[(first, 2023, "12.5"), (second, 2023, "5.0")])
    window.indicators.refresh()
    view, m = window.indicators.grid, window.indicators.model
    view.setCurrentIndex(m.index(2, YEAR_COL[2023]))
    view.selectionModel().select(m.index(3, YEAR_COL[2023]), QItemSelectionModel.SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    cells = {s.id: s.cells[2023].text for s in evaluation.evaluate_plan(session=window.session, plan_id=JINGYAN)}
    assert (cells[first], cells[second]) == ("", "")
    window.undo_action.trigger()
    cells = {s.id: s.cells[2023].text for s in evaluation.evaluate_plan(session=window.session, plan_id=JINGYAN)}
    assert (cells[first], cells[second]) == ("12.5", "5.0")


def test_a_tile_on_the_overview_opens_the_grid_on_those_rows(window, qtbot):
    values.enter_values(session=window.session, items=[(_ids(window)[3], 2023, "5.0")])
    window.indicators.refresh()
    window.open_plan(JINGYAN)
    window.tabs.setCurrentIndex(0)
    qtbot.mouseClick(window.overview.tiles["提前完成"], Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == TAB_GRID
    m = window.indicators.model
    assert [m.state_at(r).row.name for r in range(m.rowCount())] == ["婴儿死亡率"]


def test_the_grid_opens_with_the_names_and_the_year_in_view(app, session, qtbot):
    """On a 1366×768 screen the first look at the grid shows 序号 and 指标 and the year's column
    (the year's cell is current; the grid once opened scrolled right, the names cut off)."""
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.open_plan(JINGYAN)
    w.set_year(2025)
    w.tabs.setCurrentIndex(TAB_GRID)
    view = grid(w)
    name = next(i for i, c in enumerate(COLUMNS) if c.key == "name")
    year = YEAR_COL[2025]
    assert view.horizontalScrollBar().value() == 0
    assert view.columnViewportPosition(0) == 0 and view.columnViewportPosition(name) > 0
    assert view.columnViewportPosition(year) + view.columnWidth(year) <= view.viewport().width()
    assert view.currentIndex().column() == year


def test_changing_the_year_or_the_filter_keeps_the_clerk_on_the_same_indicator(window):
    view, m = grid(window), model(window)
    view.setCurrentIndex(m.index(3, YEAR_COL[2023]))  # 婴儿死亡率
    window.set_year(2024)
    assert (m.state_at(view.currentIndex().row()).row.name, view.currentIndex().column()) == \
        ("婴儿死亡率", YEAR_COL[2024])
    window.indicators.search.setText("死亡率")
    assert m.state_at(view.currentIndex().row()).row.name == "婴儿死亡率"
    window.indicators.search.setText("医师")  # filtered out: the first row that is left
    assert m.state_at(view.currentIndex().row()).row.name == "每千常住人口执业（助理）医师数"


def test_the_status_pie_of_a_plan_with_one_status_is_a_whole_circle(window):
    window.tabs.setCurrentIndex(0)
    window.overview.draw_now()
    pie = window.overview.status_view.view.chart().series()[0]
    assert [s.label() for s in pie.slices()] == ["未填报 28"]
    only = pie.slices()[0]
    assert only.borderColor() == only.color()  # no white seam at twelve o'clock
    values.enter_values(session=window.session, items=[(_ids(window)[3], 2023, "5.0")])
    window.indicators.refresh()
    window.open_plan(JINGYAN)
    window.overview.draw_now()
    pie = window.overview.status_view.view.chart().series()[0]
    assert len(pie.slices()) == 2 and pie.slices()[0].borderColor() != pie.slices()[0].color()
