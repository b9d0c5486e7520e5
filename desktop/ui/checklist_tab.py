"""专栏项目 and 章节任务: tick them off, with units, lights, links, evidence, bulk edits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..services import checklist, plans
from ..services.session import Session
from .checklist_delegate import ChecklistDelegate
from .models.checklist_tree import ChecklistModel
from .operations import Operations
from .text import tr

ALL_UNITS = tr("全部单位")


def _dialogs():
    """The checklist's dialogs, loaded when first opened (start-up does not wait for them)."""
    from . import checklist_dialogs

    return checklist_dialogs


class ChecklistTab(QWidget):
    def __init__(self, session: Session, ops: Operations, kind: str, parent=None):
        super().__init__(parent)
        self.session, self.ops, self.kind = session, ops, kind
        self.year_source = lambda: None     # the window's reporting year (a tick's completion date)
        ops.changed.connect(self.on_changes)
        self.plan_id: int | None = None
        self.model = ChecklistModel(kind, self)
        self.model.edit_handler = self.edit
        self.model.tick_handler = self.tick
        self.model.rejected.connect(self.show_message)
        self.tree = QTreeView()
        self.tree.setObjectName("projectTree" if kind == "project" else "taskTree")
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(ChecklistDelegate(lambda: checklist.units(session=self.session), self,
                                                    period_source=self._period))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.unit = QComboBox()
        self.unit.setObjectName("unitFilter")
        self.unit.setMinimumWidth(150)
        self.unit.currentIndexChanged.connect(lambda _i: self.reload())
        self.summary = QLabel()
        self.summary.setObjectName("checklistSummary")
        self.message = QLabel()
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("单位")))
        bar.addWidget(self.unit)
        for label, slot in ((tr("标记完成"), self.tick_selected), (tr("批量设置…"), self.bulk),
                            (tr("关联指标…"), self.link), (tr("佐证材料…"), self.evidence),
                            (tr("责任单位…"), self.manage_units)):
            b = QPushButton(label)
            b.clicked.connect(slot)
            bar.addWidget(b)
        if kind == "task":    # background, principles, goals are not counted; the clerk may decide
            from PySide6.QtWidgets import QMenu

            self.counting = QPushButton(tr("计入统计…"))
            self.counting.setObjectName("countingButton")
            menu = QMenu(self.counting)
            for label, choice in ((tr("计入任务统计"), "计入"), (tr("不计入任务统计"), "不计入"),
                                  (tr("按规则（背景、原则、目标和章节标题不计入）"), "")):
                menu.addAction(label, lambda c=choice: self.set_counted(c))
            self.counting.setMenu(menu)
            bar.addWidget(self.counting)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.summary)
        lay.addWidget(self.message)
        lay.addWidget(self.tree, 1)
        self.message.hide()

    # ---- loading -------------------------------------------------------------------------
    def _period(self):
        """The open plan's period (the examples in the editors name its years)."""
        from ..domain.period import DEFAULT
        from ..services.evaluation import plan_period

        return plan_period(session=self.session, plan_id=self.plan_id) if self.plan_id else DEFAULT

    def show_plan(self, plan_id: int | None) -> None:
        """Loaded when the tab is first looked at (start-up does not wait for it)."""
        self.plan_id = plan_id
        self._stale = True
        if self.isVisible():
            self._load()

    def _load(self) -> None:
        self._stale = False
        self._fill_units()
        self.reload(first=True)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "_stale", False):
            self._load()

    def _fill_units(self) -> None:
        current = self.unit.currentText()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItems([ALL_UNITS, *checklist.units(session=self.session)])
        self.unit.setCurrentText(current if current else ALL_UNITS)
        self.unit.blockSignals(False)

    def unit_filter(self) -> str:
        return "" if self.unit.currentText() == ALL_UNITS else self.unit.currentText()

    def reload(self, first: bool = False) -> None:
        if self.plan_id is None:
            return
        if not first and getattr(self, "_stale", False):
            return  # not loaded yet: it will be, fresh, when shown
        expanded = set() if first else self._expanded()
        if self.kind == "project":
            groups = checklist.projects(session=self.session, plan_id=self.plan_id,
                                        unit=self.unit_filter())
            self.model.set_groups(groups)
            items = [i for g in groups for i in g.items]
            self.tree.expandAll()
        else:
            items = checklist.tasks(session=self.session, plan_id=self.plan_id, unit=self.unit_filter())
            self.model.set_items(items)
            if first or not expanded:
                self.tree.expandToDepth(0)
            else:
                self._restore_expanded(expanded)
        scale = self.logicalDpiX() / 96 if self.logicalDpiX() > 0 else 1.0
        metrics = self.tree.header().fontMetrics()
        for i, col in enumerate(self.model.columns):     # never narrower than its header's words
            self.tree.setColumnWidth(i, max(int(col.width * scale), metrics.horizontalAdvance(col.header) + 20))
        self._summarise(items)

    def _summarise(self, items) -> None:
        if self.kind == "project" and not items and not self.unit_filter():
            self.summary.setText(tr("本规划没有专栏项目；其编号的任务章节即为台账清单，见“章节任务”。"))
            return
        context = [i for i in items if not i.counted]
        items = [i for i in items if i.counted]
        counts = {s: sum(1 for i in items if i.fields.status == s)
                  for s in ("已完成", "推进中", "未启动", "已暂停", "已取消")}
        lights = {c: sum(1 for i in items if i.light.colour == c) for c in ("red", "yellow", "green")}
        what = tr("项目") if self.kind == "project" else tr("章节任务")
        self.summary.setText(
            tr("{0} {1} 个：").format(what, len(items))
            + "，".join(f"{k} {v}" for k, v in counts.items() if v)
            + tr("　督办：红灯 {0}，黄灯 {1}，绿灯 {2}").format(lights["red"], lights["yellow"],
                                                     lights["green"])
            + (tr("　（另有 {0} 个背景、原则、目标或章节标题不计入，灰色显示）").format(len(context))
               if context else ""))

    def _expanded(self) -> set[str]:
        out = set()

        def walk(parent):
            for r in range(self.model.rowCount(parent)):
                idx = self.model.index(r, 0, parent)
                if self.tree.isExpanded(idx):
                    out.add(self.model.node(idx).key)
                    walk(idx)
        walk(self.tree.rootIndex())
        return out

    def _restore_expanded(self, keys: set[str]) -> None:
        def walk(parent):
            for r in range(self.model.rowCount(parent)):
                idx = self.model.index(r, 0, parent)
                if self.model.node(idx).key in keys:
                    self.tree.setExpanded(idx, True)
                    walk(idx)
        walk(self.tree.rootIndex())

    def show_message(self, text: str) -> None:
        self.message.setText("！" + text)
        self.message.show()

    def selected_items(self):
        return self.model.items_at(self.tree.selectionModel().selectedRows())

    # ---- changes (each one undo step) ----------------------------------------------------
    def on_changes(self, changes) -> None:
        if self.plan_id is None or not changes.touches(self.plan_id):
            return
        if changes.plans or changes.checklist & {self.kind, "units", "links", "evidence"}:
            self.reload()

    def _run(self, do) -> str | None:
        """One action through the window's operations; the refusal's sentence, or None."""
        refused: list[str] = []
        if self.ops.run(do, report=refused.append) is not None:
            self.message.hide()
            return None
        return refused[0] if refused else tr("未保存")

    def edit(self, changes: dict[int, dict], label: str) -> str | None:
        return self._run(lambda: checklist.update(session=self.session, kind=self.kind,
                                                  changes=changes, action=label))

    def tick(self, ids: list[int], checked: bool) -> str | None:
        if checked:
            return self._run(lambda: checklist.tick_done(session=self.session, kind=self.kind, ids=ids,
                                                         year=self.year_source()))
        reopen = {i: {"status": "推进中", **({"done_date": ""} if self.kind == "project" else {})}
                  for i in ids}
        return self._run(lambda: checklist.update(session=self.session, kind=self.kind,
                                                  changes=reopen, action=tr("取消完成")))

    def tick_selected(self) -> None:
        items = self.selected_items()
        if items:
            problem = self.tick([i.id for i in items], True)
            if problem:
                self.show_message(problem)

    def set_counted(self, choice: str) -> None:
        """计入 / 不计入 the selected sections in the task counts, or back to the rule ('')."""
        items = self.selected_items()
        if not items:
            self.show_message(tr("请先选择要计入或不计入统计的章节"))
            return
        label = {"计入": tr("计入任务统计"), "不计入": tr("不计入任务统计")}.get(choice, tr("按规则计入"))
        problem = self.edit({i.id: {"counted": choice} for i in items}, label)
        if problem:
            self.show_message(problem)

    def bulk(self) -> None:
        items = self.selected_items()
        if not items:
            self.show_message(tr("请先选择要批量修改的行（按住 Ctrl 或 Shift 多选）"))
            return
        dialog = _dialogs().BulkDialog(self.kind, len(items), checklist.units(session=self.session), self,
                                       period=self._period())
        if not dialog.exec() or not dialog.fields():
            return
        problem = self.edit({i.id: dict(dialog.fields()) for i in items},
                            tr("批量设置 {0} 项").format(len(items)))
        if problem:
            self.show_message(problem)

    def link(self) -> None:
        items = self.selected_items()
        if len(items) != 1:
            self.show_message(tr("请选择一个项目或任务再关联指标"))
            return
        item = items[0]
        indicators = plans.plan_indicators(session=self.session, plan_id=self.plan_id)
        old = checklist.linked_indicators(session=self.session, kind=self.kind, item_id=item.id)
        dialog = _dialogs().LinkDialog(item.title, indicators, old, self)
        if not dialog.exec():
            return
        new = dialog.chosen()
        problem = self._run(lambda: checklist.set_links(session=self.session, kind=self.kind,
                                                        item_id=item.id, indicator_ids=new))
        if problem:
            self.show_message(problem)

    def evidence(self) -> None:
        items = self.selected_items()
        if len(items) != 1:
            self.show_message(tr("请选择一个项目或任务再管理佐证材料"))
            return
        _dialogs().EvidenceDialog(self.session, self.ops, self.kind, items[0].id, items[0].title,
                                  parent=self).exec()

    def manage_units(self) -> None:
        _dialogs().UnitsDialog(self.session, self.ops, self).exec()
        self._fill_units()

    def select_item(self, item_id: int) -> None:
        index = self.model.find(item_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and self.tree.hasFocus():
            self.tick_selected()
            return
        super().keyPressEvent(event)
