"""专栏项目 and 章节任务 in the window: tick, edit, bulk, evidence, link, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from desktop.ui import checklist_dialogs
from tests.conftest import JINGYAN, XIANGSHAN
from tests.ui.windows import shown_window

LIGHT = 9  # the 督办 column of the projects tree


@pytest.fixture
def window(app, session, qtbot):
    return shown_window(session, qtbot, plan=JINGYAN, tab=2)   # 井研县: 7 boxes, 25 projects


def project_index(w, box: int, row: int, col: int = 0):
    m = w.projects.model
    return m.index(row, col, m.index(box, 0))


def test_model_passes_the_model_tester(window, qtmodeltester):
    qtmodeltester.check(window.projects.model)
    qtmodeltester.check(window.tasks.model)


def test_boxes_and_projects_are_shown_with_completion(window):
    m = window.projects.model
    assert m.rowCount() == 7
    assert [m.rowCount(m.index(r, 0)) for r in range(7)] == [2, 5, 5, 4, 3, 3, 3]
    assert m.index(1, 0).data() == "专栏2 医疗服务提升项目"
    assert m.index(1, 1).data() == "完成 0/5"
    assert "项目 25 个" in window.projects.summary.text()


def test_ticking_a_project_marks_it_done_and_undo_unticks(window):
    m = window.projects.model
    idx = project_index(window, 1, 0)
    assert m.setData(idx, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    idx = project_index(window, 1, 0)
    assert m.data(idx, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert project_index(window, 1, 0, 1).data() == "已完成"
    assert project_index(window, 1, 0, 2).data() == "100"
    assert project_index(window, 1, 0, 6).data()  # today's date
    assert m.index(1, 1).data() == "完成 1/5"
    assert project_index(window, 1, 0, LIGHT).data().startswith("绿灯")
    window.undo_action.trigger()
    assert project_index(window, 1, 0, 1).data() == "未启动"
    assert project_index(window, 1, 0, 6).data() == ""


def test_editing_a_cell_through_its_editor(window, qtbot):
    tree = window.projects.tree
    idx = project_index(window, 1, 1, 5)  # 计划完成
    tree.setCurrentIndex(idx)
    tree.edit(idx)
    editor = tree.focusWidget()
    editor.setText("2022")
    tree.commitData(editor)
    tree.closeEditor(editor, tree.itemDelegate().EndEditHint.NoHint)
    assert project_index(window, 1, 1, 5).data() == "2022"
    light = project_index(window, 1, 1, LIGHT)
    assert light.data() == "红灯"          # not done and the year is over
    assert "已逾期" in light.data(Qt.ItemDataRole.ToolTipRole)
    assert "红灯 1" in window.projects.summary.text()


def test_a_bad_value_is_refused_with_a_message(window):
    m = window.projects.model
    assert not m.setData(project_index(window, 1, 1, 2), "150")
    assert "超出0到100" in window.projects.message.text()
    assert project_index(window, 1, 1, 2).data() == "0"


def test_bulk_set_is_one_undo_step(window, monkeypatch):
    tree, sel = window.projects.tree, window.projects.tree.selectionModel()
    for row in range(3):
        sel.select(project_index(window, 2, row), QItemSelectionModel.SelectionFlag.Select
                   | QItemSelectionModel.SelectionFlag.Rows)

    class Bulk:
        def __init__(self, *a, **k):
            pass

        def exec(self):
            return True

        def fields(self):
            return {"status": "推进中", "lead_unit": "县中医医院", "planned_year": "2024"}

    monkeypatch.setattr(checklist_dialogs, "BulkDialog", Bulk)
    window.projects.bulk()
    assert [project_index(window, 2, r, 3).data() for r in range(5)] == [
        "县中医医院", "县中医医院", "县中医医院", "", ""]
    assert window.undo_stack.count() == 1
    window.undo_action.trigger()
    assert [project_index(window, 2, r, 1).data() for r in range(3)] == ["未启动"] * 3
    assert tree is window.projects.tree


def test_unit_filter(window, monkeypatch):
    m = window.projects.model
    m.setData(project_index(window, 1, 0, 3), "县人民医院")
    window.projects._fill_units()
    from desktop.services import checklist

    checklist.add_units(session=window.session, names=["县人民医院"])
    window.projects._fill_units()
    window.projects.unit.setCurrentText("县人民医院")
    assert sum(m.rowCount(m.index(r, 0)) for r in range(m.rowCount())) == 1


def test_evidence_attach_open_export_remove(window, tmp_path, qtbot, monkeypatch):
    tree = window.projects.tree
    tree.setCurrentIndex(project_index(window, 1, 0))
    tree.selectionModel().select(project_index(window, 1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                 | QItemSelectionModel.SelectionFlag.Rows)
    dialogs = []
    monkeypatch.setattr(checklist_dialogs.EvidenceDialog, "exec", lambda d: dialogs.append(d))
    window.projects.evidence()
    dialog = dialogs[0]
    photo = tmp_path / "验收照片.png"
    photo.write_bytes(b"\x89PNG" + b"0" * 2000)
    dialog.add(str(photo))
    assert dialog.model.rowCount() == 1 and dialog.model.rows[0].name == "验收照片.png"
    assert project_index(window, 1, 0, 10).data() == "1"
    opened = []
    monkeypatch.setattr(checklist_dialogs.QDesktopServices, "openUrl", lambda url: opened.append(url))
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    dialog.open_selected()
    assert opened and opened[0].toLocalFile().endswith(dialog.model.rows[0].sha256)
    warned = []
    monkeypatch.setattr(checklist_dialogs.QMessageBox, "warning", lambda *a: warned.append(a[2]))
    assert dialog.export_selected(str(tmp_path / "out")) is None  # no such folder: a message
    assert warned and "无法导出" in warned[0]
    (tmp_path / "out").mkdir()
    assert dialog.export_selected(str(tmp_path / "out")).read_bytes() == photo.read_bytes()
    dialog.remove_selected(confirm=False)
    assert dialog.model.rowCount() == 0 and project_index(window, 1, 0, 10).data() == ""


def test_link_shows_on_the_indicator_panel(window, monkeypatch):
    tree = window.projects.tree
    idx = project_index(window, 3, 0)  # 专栏4 婴幼儿照护服务工程
    tree.selectionModel().select(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                 | QItemSelectionModel.SelectionFlag.Rows)
    target = next(s for s in window.indicators.model.states if "托位数" in s.row.name)

    class Link:
        def __init__(self, title, indicators, linked, parent=None):
            assert any(i.id == target.id for i in indicators)

        def exec(self):
            return True

        def chosen(self):
            return [target.id]

    monkeypatch.setattr(checklist_dialogs, "LinkDialog", Link)
    window.projects.link()
    window.tabs.setCurrentIndex(1)
    window.indicators.select_indicator(target.id)
    links = window.indicators.panel.links
    assert links.count() == 1 and "婴幼儿照护服务工程：未启动" in links.item(0).text()
    window.undo_action.trigger()
    window.indicators.select_indicator(target.id)
    assert "尚未关联" in window.indicators.panel.links.item(0).text()


def test_tasks_tab_edits_a_task(window):
    window.open_plan(XIANGSHAN)  # 相山区: no boxes; the tasks are the checklist
    window.tabs.setCurrentIndex(3)
    m = window.tasks.model

    def cell(col):  # 第三章 主要任务及重点项目, its first item (indexes renew on every change)
        return m.index(0, col, m.index(2, 0))

    assert cell(0).data() == "一、完善医疗卫生服务体系"
    assert m.setData(cell(5), "2022-12-31")
    assert cell(6).data() == "红灯"
    assert m.setData(cell(0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert cell(6).data() == "绿灯" and cell(1).data() == "已完成"
    assert window.tasks.tree.isExpanded(m.index(2, 0))  # the tree stays open where it was


def test_the_task_count_leaves_out_background_and_the_clerk_can_count_a_section(window, qtbot):
    """井研县: 第一章 规划背景 and 第二章 总体要求 are context, greyed, not counted; a section marked
    计入 counts, and undo puts it back."""
    window.tabs.setCurrentIndex(3)
    tab = window.tasks
    m = tab.model
    background = m.index(0, 0)
    assert background.data() == "第一章 规划背景"
    assert not (m.flags(background) & Qt.ItemFlag.ItemIsUserCheckable)      # nothing to tick
    assert "不计入" in m.index(0, 0, background).data(Qt.ItemDataRole.ToolTipRole)
    summary = tab.summary.text()
    assert "章节任务 47 个" in summary and "未启动 47" in summary and "另有 18 个" in summary, summary
    principles = m.index(1, 0, m.index(1, 0))            # 第二章 总体要求 / 第二节 基本原则
    assert principles.data() == "第二节 基本原则"
    tab.tree.selectionModel().select(principles, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                     | QItemSelectionModel.SelectionFlag.Rows)
    tab.set_counted("计入")
    assert "章节任务 48 个" in tab.summary.text()
    principles = m.index(1, 0, m.index(1, 0))
    assert m.flags(principles) & Qt.ItemFlag.ItemIsUserCheckable
    window.ops.undo_stack.undo()
    assert "章节任务 47 个" in tab.summary.text()
