"""The first window: it lists the plans, shows the chosen one, imports with a preview, remembers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo

from desktop.services import plans
from desktop.ui.import_dialog import ImportDialog, PreviewIndicatorModel
from desktop.ui.main_window import MainWindow
from tests.plandoc.test_formats import OTHER_LAYOUT
from tests.ui.windows import shown_window


@pytest.fixture
def window(app, session, qtbot):
    return shown_window(session, qtbot)


def test_lists_the_plans_of_the_database(window):
    model = window.plan_model
    regions = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert regions == ["四平市", "井研县", "聊城市", "相山区", "湘桥区"]
    assert window.plan_view.title.text() == "四平市卫生健康“十四五”规划（征求意见稿）"
    assert window.indicators.model.rowCount() == 20


def test_choosing_a_plan_shows_its_indicators_boxes_and_sections(window):
    window.plan_table.selectRow(2)
    view = window.plan_view
    assert view.title.text() == "聊城市“十四五”卫生与健康规划"
    assert window.indicators.model.rowCount() == 22
    assert window.indicators.model.state_at(2).row.name == "孕产妇死亡率"
    window.tabs.setCurrentIndex(2)  # the tabs load when first looked at
    boxes = window.projects.model
    assert boxes.rowCount() == 11
    assert boxes.rowCount(boxes.index(7, 0)) == 6
    window.tabs.setCurrentIndex(3)
    assert window.tasks.model.rowCount() == 5  # 第一章 … 第五章


def test_a_plan_without_boxes_says_where_its_checklist_is(window):
    window.plan_table.selectRow(3)
    window.tabs.setCurrentIndex(2)
    assert window.projects.model.rowCount() == 0
    assert "章节任务" in window.projects.summary.text()
    assert "无专栏" in window.plan_view.subtitle.text()


def test_models_pass_the_model_tester(window, qtmodeltester):
    qtmodeltester.check(window.plan_model)
    qtmodeltester.check(window.indicators.model)


def test_the_bundled_chinese_font_is_in_use(window):
    assert "Noto Sans SC" in QFontInfo(window.plan_table.font()).family()


def test_import_preview_lets_the_user_fix_and_drop_rows_before_saving(window, tmp_path, qtbot,
                                                                      qtmodeltester):
    path = tmp_path / "某某县.txt"
    path.write_text(OTHER_LAYOUT, encoding="gb18030")
    doc = plans.read_document(path=path)
    dialog = ImportDialog(window.session, doc, window)
    qtbot.addWidget(dialog)
    model = dialog.indicators
    qtmodeltester.check(model)
    assert model.setData(model.index(0, 5), "80") is True       # fix a target
    assert model.setData(model.index(0, 6), "不知道") is False    # not an attribute
    model.remove(1)                                              # drop 孕产妇死亡率
    dialog.region_edit.setText("某某县")
    dialog.save()
    assert dialog.result() == ImportDialog.DialogCode.Accepted
    window.ops.run(lambda: dialog.result_change)
    assert window.plan_model.rowCount() == 6
    assert window.plan_view.title.text() == "某某县“十四五”卫生健康发展规划"
    rows = [s.row for s in window.indicators.model.states]
    assert [(r.name, r.target_text) for r in rows] == [
        ("人均预期寿命", "80"), ("每千人口执业（助理）医师数", "3.5")]


def test_preview_marks_rows_with_findings(session, app):
    doc = plans.read_document(path=__import__("tests.conftest").conftest.SEEDS["jingyan"])
    model = PreviewIndicatorModel(doc)
    row = 20  # the second 序号17
    assert "重复" in model.index(row, 8).data()
    assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_importing_the_same_document_again_is_refused_in_the_dialog(window, qtbot, monkeypatch):
    from desktop.ui import import_dialog

    shown = []
    monkeypatch.setattr(import_dialog.QMessageBox, "warning",
                        lambda *a, **k: shown.append(a[2]))
    doc = plans.read_document(path=__import__("tests.conftest").conftest.SEEDS["siping"])
    dialog = ImportDialog(window.session, doc, window)
    qtbot.addWidget(dialog)
    dialog.save()
    assert shown and "已经导入过" in shown[0]
    assert dialog.result_change is None
    assert len(plans.list_plans(session=window.session)) == 5


def test_window_remembers_size_and_last_plan(app, session, qtbot):
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.resize(760, 560)  # inside the offscreen screen, which restoreGeometry clamps to
    w.show()
    w.plan_table.selectRow(4)
    w.close()
    again = MainWindow(session)
    qtbot.addWidget(again)
    assert again.current_plan_id() == 5
    assert (again.size().width(), again.size().height()) == (760, 560)


def test_a_value_entered_before_the_grid_is_first_opened_is_counted_and_then_shown(app, session, qtbot):
    """The 指标填报 tab is built when first shown (the start paints the overview without it);
    until then the window judges the open plan itself. A value entered meanwhile (as a paste, an
    import or an undo brings one) moves the overview's counts at once, and the grid opened
    afterwards shows that value with the same judgement."""
    from desktop.services import values
    from desktop.ui.indicator_tab import IndicatorTab
    from desktop.ui.main_window import TAB_GRID
    from tests.conftest import JINGYAN

    window = shown_window(session, qtbot, plan=JINGYAN, year=2025)
    assert not window.tabs.widget(TAB_GRID).findChildren(IndicatorTab)         # not built yet
    life = next(s for s in window.states if s.row.name == "人均预期寿命")      # 78.47 → 78.6 in 2025
    done, missing = window.overview.counts["已完成"], window.overview.counts["未填报"]
    window.ops.run(lambda: values.enter_values(session=window.session, items=[(life.id, 2025, "78.8")]))
    assert window.overview.counts["已完成"] == done + 1
    assert window.overview.counts["未填报"] == missing - 1
    window.undo_stack.undo()
    assert (window.overview.counts["已完成"], window.overview.counts["未填报"]) == (done, missing)
    window.undo_stack.redo()
    window.tabs.setCurrentIndex(TAB_GRID)
    grid = window.indicators
    assert window.tabs.widget(TAB_GRID).findChildren(IndicatorTab) == [grid]
    row = grid.model.row_of(life.id)
    assert grid.model.index(row, grid.model.year_column(2025)).data() == "78.8"
    assert grid.model.state_at(row).cell_for(2025).status == "已完成"
    assert window.overview.counts["已完成"] == done + 1                         # the same count


def test_the_plan_list_tab_is_built_when_shown_with_the_open_plan_selected(window, qtbot):
    from desktop.ui.main_window import TAB_PLANS
    from tests.conftest import JINGYAN, XIANGSHAN

    window.open_plan(XIANGSHAN)
    window.tabs.setCurrentIndex(TAB_PLANS)
    table = window.plan_table
    assert window.tabs.widget(TAB_PLANS).findChildren(type(table)) == [table]
    assert table.isVisible()
    assert window.plan_model.row_id(table.currentIndex().row()) == XIANGSHAN
    table.selectRow(window.plan_model.row_of(JINGYAN))         # a click on another plan opens it
    assert window.current_plan_id() == JINGYAN


def test_a_change_to_the_plan_list_judges_the_open_plan_once(window, qtbot, monkeypatch):
    """A change that reshapes the list of plans (here: the open plan set as the bureau's own) opens
    the plan again, and that judges it once, with the grid built as without it; the grid and the
    overview then show those judgements."""
    from desktop.services import evaluation
    from desktop.services import plans as plan_service
    from desktop.ui.main_window import TAB_GRID

    window.tabs.setCurrentIndex(TAB_GRID)
    grid = window.indicators
    judged = []
    real = evaluation.evaluate_plan
    monkeypatch.setattr(evaluation, "evaluate_plan", lambda **kw: judged.append(kw["plan_id"]) or real(**kw))
    plan = window.current_plan_id()
    window.ops.run(lambda: plan_service.adopt_plan(session=window.session, plan_id=plan), title="设为本单位规划")
    assert judged == [plan]
    assert window.current_plan_id() == plan and grid.model.states == window.states
    assert sum(window.overview.counts.values()) == grid.model.rowCount()
