"""Judgements in the window: a mistyped value is asked about before it is judged; a guessed
direction is shown and settled with one click; the import preview's 方向 column."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.plandoc import read_plan_bytes
from desktop.services import plans
from desktop.ui import indicator_tab
from desktop.ui.import_dialog import DIRECTION_COLUMN, ImportDialog
from tests.conftest import JINGYAN
from tests.ui.windows import shown_window


@pytest.fixture
def window(app, session, qtbot):
    return shown_window(session, qtbot, plan=JINGYAN, year=2023)


def row_of(model, name: str) -> int:
    return next(r for r, s in enumerate(model.visible) if s.row.name == name)


def test_a_mistyped_value_is_asked_about_and_refusing_saves_nothing(window, monkeypatch):
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(indicator_tab.QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or answer[0])
    model = window.indicators.model
    r = row_of(model, "严重精神障碍管理率")            # baseline 97, target 95, binding
    index = model.index(r, model.year_column(2023))
    assert not model.setData(index, "3.2")
    assert "3.2不到基期值97的十分之一" in asked[0]
    assert model.state_at(r).cells[2023].text == ""      # nothing saved
    answer[0] = QMessageBox.StandardButton.Yes
    assert model.setData(index, "3.2")
    cell = model.state_at(r).cells[2023]
    assert cell.status == "逆向" and cell.warning          # judged as entered, once confirmed
    assert model.setData(index, "96.3")                    # a plausible value: no question
    assert len(asked) == 2
    cell = model.state_at(r).cells[2023]
    assert cell.status == "提前完成" and not cell.warning and "保持不低于95" in cell.explanation


def test_a_guessed_direction_is_marked_and_settled_in_the_panel(window, qtbot):
    window.tabs.setCurrentIndex(1)            # the grid, its panel beside it
    model = window.indicators.model
    r = row_of(model, "健康服务业总规模")                # 250 -> 300 亿元: no word says which way
    index = model.index(r, model.year_column(2023))
    assert model.setData(index, "280")
    status = model.index(r, next(i for i, c in enumerate(model.columns) if c.key == "status")).data()
    assert status.endswith("？")
    window.indicators.grid.setCurrentIndex(index)
    panel = window.indicators.panel
    panel.show_state(model.state_at(r), 2023)
    assert panel.ask.isVisibleTo(panel)
    panel.ask_buttons["higher"].click()
    r = row_of(model, "健康服务业总规模")
    assert model.state_at(r).row.direction == "higher"
    status = model.index(r, next(i for i, c in enumerate(model.columns) if c.key == "status")).data()
    assert not status.endswith("？")


def test_the_preview_shows_the_direction_and_the_clerk_changes_one_before_saving(window, qtbot):
    text = ("某某县“十五五”卫生健康规划\n第一章 发展基础\n表1 主要指标\n"
            "序号\t指标名称\t单位\t2025年\t2030年\n1\t孕产妇系统管理率\t%\t100\t99\n"
            "2\t健康服务业增加值\t亿元\t50\t40\n第二章 主要任务\n一、加强服务\n做好工作。\n")
    doc = read_plan_bytes(text.encode("utf-8"), "某某县.txt")
    dialog = ImportDialog(window.session, doc, window)
    qtbot.addWidget(dialog)
    model = dialog.indicators
    assert model.headerData(DIRECTION_COLUMN, Qt.Orientation.Horizontal) == "方向"
    assert model.index(0, DIRECTION_COLUMN).data() == "越高越好（依据指标名称）"
    assert model.index(1, DIRECTION_COLUMN).data() == "越低越好（推测，请确认）"    # 50 -> 40: a guess
    assert model.index(1, DIRECTION_COLUMN).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.setData(model.index(1, DIRECTION_COLUMN), "越高越好")
    dialog.save()
    result = window.ops.run(lambda: dialog.result_change)
    saved = {r.name: r for r in plans.plan_indicators(session=window.session, plan_id=result.plan_ids[0])}
    assert saved["健康服务业增加值"].direction == "higher"
    assert saved["孕产妇系统管理率"].direction == ""          # from its meaning, nothing to store
