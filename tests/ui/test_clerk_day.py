"""The clerk's day at 1366×768 (#22): the toolbar keeps its place, every dialog closes with a
button and Esc and Enter does nothing it cannot take back, file dialogs open where the user
works."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QToolButton

from desktop.ui import folders
from desktop.ui.main_window import MainWindow
from tests.conftest import JINGYAN
from tests.ui.windows import shown_window

UNSAFE = ("删除", "恢复", "退回", "通过", "从所选备份恢复…", "从其他文件恢复…")


@pytest.fixture
def window(app, session, qtbot):
    return shown_window(session, qtbot, plan=JINGYAN)


def tool_button(w, action) -> QToolButton:
    return next(b for b in w.findChildren(QToolButton) if b.defaultAction() is action)


def test_the_undo_button_keeps_its_width_and_names_the_action_in_its_tooltip(window, qtbot):
    button = tool_button(window, window.undo_tool)
    before = button.sizeHint().width()
    assert not window.undo_tool.isEnabled()
    model = window.indicators.model
    r = next(k for k, s in enumerate(model.visible) if s.row.name == "每千人口拥有3岁以下婴幼儿托位数")
    assert model.setData(model.index(r, model.year_column(2023)), "3.6")
    assert window.undo_tool.isEnabled()
    assert button.sizeHint().width() == before and button.text() == "撤销"
    assert "每千人口拥有3岁以下婴幼儿托位数" in window.undo_tool.toolTip()
    window.undo_tool.trigger()
    assert model.state_at(r).cells[2023].text == "" and window.redo_tool.isEnabled()


def _dialogs(window):
    from desktop.ui.backup_dialog import BackupDialog
    from desktop.ui.checklist_dialogs import EvidenceDialog
    from desktop.ui.exchange_dialogs import RollupDialog
    from desktop.ui.report_dialog import ReportDialog

    s = window.session
    project = window.projects
    yield EvidenceDialog(s, window.ops, "project", 1, "测试项目", parent=window)
    yield BackupDialog(s, parent=window)
    yield RollupDialog(s, 2023, window)
    yield ReportDialog(s, JINGYAN, "井研县", 2023, window)
    assert project is not None


def test_the_import_dialogs_answer_enter_with_nothing_that_saves(window, qtbot, tmp_path):
    """An import's preview: Enter neither imports nor throws corrections away; Esc cancels."""
    from desktop.services import plans, submissions
    from desktop.ui.exchange_dialogs import ImportPreviewDialog
    from desktop.ui.import_dialog import ImportDialog
    from tests.conftest import SEEDS

    document = plans.read_document(path=SEEDS["jingyan"])
    d = ImportDialog(window.session, document, window)
    qtbot.addWidget(d)
    d.show()
    qtbot.wait(20)
    assert [b.text() for b in d.findChildren(QPushButton) if b.isDefault() or b.autoDefault()] == []
    qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert not d.isVisible()
    book = submissions.export_workbook(session=window.session, plan_id=JINGYAN, year=2023, path=tmp_path / "a.xlsx")
    preview = submissions.preview_import(session=window.session, path=book)
    p = ImportPreviewDialog(window.session, preview, window)
    qtbot.addWidget(p)
    p.show()
    qtbot.wait(20)
    default = [b.text() for b in p.findChildren(QPushButton) if b.isDefault()]
    assert default in ([], ["取消"]) and "全部导入" not in default


def test_every_dialog_closes_with_a_button_and_esc_and_enter_is_safe(window, qtbot):
    for d in _dialogs(window):
        qtbot.addWidget(d)
        d.show()
        buttons = {b.text(): b for b in d.findChildren(QPushButton)}
        assert "关闭" in buttons, d.windowTitle()
        default = [b.text() for b in buttons.values() if b.isDefault()]
        assert default == ["关闭"], (d.windowTitle(), default)
        assert not [t for t, b in buttons.items() if t in UNSAFE and b.autoDefault()]
        qtbot.keyClick(d, Qt.Key.Key_Escape)
        assert not d.isVisible(), d.windowTitle()


def test_file_dialogs_open_in_documents_then_where_the_user_last_was(app, home, tmp_path, monkeypatch):
    docs = tmp_path / "文档"
    docs.mkdir()
    monkeypatch.setattr(folders, "documents", lambda: docs)
    assert folders.start(folders.WORKBOOK, "井研县.xlsx") == str(docs / "井研县.xlsx")
    assert not folders.start(folders.REPORT).startswith(str(home))      # never the data folder
    elsewhere = tmp_path / "上报"
    elsewhere.mkdir()
    folders.remember(folders.WORKBOOK, str(elsewhere / "井研县-2023.xlsx"))
    assert folders.start(folders.WORKBOOK, "x.xlsx") == str(elsewhere / "x.xlsx")
    assert folders.start(folders.REPORT) == str(docs)                   # each kind its own
    seen = []

    def fake(parent, title, start, filters):
        seen.append(start)
        return str(Path(start).parent / "汇总.xlsx"), ""

    monkeypatch.setattr(folders.QFileDialog, "getSaveFileName", fake)
    assert folders.save_path(None, "导出", folders.WORKBOOK, "汇总.xlsx") == str(elsewhere / "汇总.xlsx")
    assert seen == [str(elsewhere / "汇总.xlsx")]


def test_a_project_ticked_after_the_reporting_year_is_dated_in_that_year(window, qtbot):
    import datetime as dt

    from desktop.services import checklist

    window.set_year(2023)
    window.tabs.setCurrentIndex(2)
    m = window.projects.model
    first = m.index(0, 0, m.index(0, 0))
    assert m.setData(first, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    item = next(i for g in checklist.projects(session=window.session, plan_id=JINGYAN) for i in g.items)
    assert item.fields.status == "已完成"
    assert item.fields.done_date == min(dt.date.today(), dt.date(2023, 12, 31)).isoformat()   # not today's 2026
    assert checklist.done_date_for(2025, dt.date(2026, 12, 2)) == dt.date(2025, 12, 31)
    assert checklist.done_date_for(2026, dt.date(2026, 3, 5)) == dt.date(2026, 3, 5)


def test_history_times_read_to_the_minute(window):
    window.tabs.setCurrentIndex(1)
    model = window.indicators.model
    assert model.setData(model.index(0, model.year_column(2023)), "78.6")
    panel = window.indicators.panel
    panel.show_state(model.state_at(0), 2023)
    times = [panel.history_model.index(r, 0).data() for r in range(panel.history_model.rowCount())]
    assert times and all(len(t) == 16 and "T" not in t and t[10] == " " for t in times), times


def test_importing_a_plan_already_here_offers_to_open_or_update_it_never_a_second_copy(window, monkeypatch):
    from desktop.plandoc import read_plan_bytes
    from desktop.services import plans
    from tests.conftest import SEEDS

    before = len(plans.list_plans(session=window.session, examples=True))
    same_file = plans.read_document(path=SEEDS["jingyan"])
    found, exact = plans.same_plan(session=window.session, document=same_file)
    assert found.id == JINGYAN and exact                 # found as soon as the file is read
    assert window.plan_already_here(found, exact, same_file, choice="open") == "open"
    assert window.plan_id == JINGYAN
    text = Path(SEEDS["jingyan"]).read_text(encoding="utf-8").replace("\n\t78.47\n", "\n\t78.50\n", 1)
    edition = read_plan_bytes(text.encode("utf-8"), "井研县规划（修订）.txt")
    found, exact = plans.same_plan(session=window.session, document=edition)
    assert found.id == JINGYAN and not exact
    monkeypatch.setattr(type(window), "_confirm_update", lambda self, change: True)
    assert window.plan_already_here(found, exact, edition, choice="update") == "update"
    life = next(r for r in plans.plan_indicators(session=window.session, plan_id=JINGYAN) if r.name == "人均预期寿命")
    assert life.baseline_text == "78.50"
    assert len(plans.list_plans(session=window.session, examples=True)) == before     # no second copy


def test_column_widths_the_clerk_sets_are_kept_per_plan(window, app, qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from tests.conftest import XIANGSHAN

    window.tabs.setCurrentIndex(1)
    header = window.indicators.grid.horizontalHeader()
    name = next(i for i, c in enumerate(window.indicators.model.columns) if c.key == "name")
    header.resizeSection(name, 333)                       # as a clerk drags the edge
    window.open_plan(XIANGSHAN)
    assert header.sectionSize(name) != 333               # another plan: its own widths
    window.open_plan(JINGYAN)
    assert header.sectionSize(name) == 333
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window.indicators.save_layout(settings)
    settings.sync()
    again = MainWindow(window.session)
    qtbot.addWidget(again)
    again.indicators.restore_layout(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    again.resize(1366, 768)
    again.show()
    again.open_plan(JINGYAN)
    again.tabs.setCurrentIndex(1)
    assert again.indicators.grid.horizontalHeader().sectionSize(name) == 333
