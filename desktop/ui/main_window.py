"""The main window: the bureau's plan and year on top, the overview, the grid, the projects."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, __version__, paths
from ..domain.errors import KnownError
from ..domain.period import DEFAULT as DEFAULT_PERIOD
from ..domain.period import Period
from ..services import evaluation, plans, projects
from ..services import settings as user_settings
from ..services.session import Session
from .models.columns import CENTER, RIGHT, Column, field
from .models.record_table import RecordTableModel
from .operations import Operations
from .overview import OverviewPage
from .plan_view import PlanView
from .qt_numbers import TOOL_BUTTON_TEXT_ONLY
from .text import tr
from .window_actions import WindowActions

if TYPE_CHECKING:
    from ..services.evaluation import IndicatorState
    from .checklist_tab import ChecklistTab
    from .indicator_tab import IndicatorTab

ORIGINS = {"own": tr("本局导入"), "bundled": tr("内置"), "received": tr("下级上报表")}
ROLES = {"own": tr("本级"), "example": tr("示例"), "received": tr("下级上报"), "": tr("未定")}
PLAN_COLUMNS = [
    field("region", tr("地区")),
    field("level", tr("级别"), align=CENTER),
    field("title", tr("规划名称")),
    Column("period", tr("规划期"), lambda r: f"{r.span.name}（{r.span.label}）", align=CENTER),
    Column("closed", tr("状态"), lambda r: tr("已结束") if r.closed else tr("执行中"), align=CENTER),
    Column("origin", tr("来源"), lambda r: ORIGINS.get(r.origin, r.origin), align=CENTER),
    Column("role", tr("归属"), lambda r: ROLES.get(r.role, r.role), align=CENTER),
    field("indicators", tr("指标"), align=RIGHT),
    field("projects", tr("专栏项目"), align=RIGHT),
    field("sections", tr("章节"), align=RIGHT),
]
TAB_OVERVIEW, TAB_GRID, TAB_BOXES, TAB_SECTIONS, TAB_PLANS = range(5)


def default_year(today: dt.date | None = None, period: Period = DEFAULT_PERIOD) -> int:
    """The year a clerk is most likely filling in: last year, within the plan's period."""
    return period.clamp((today or dt.date.today()).year - 1)


ROLE_MARKS = {"received": tr("（下级上报）"), "example": tr("（示例）")}


def plan_label(r) -> str:
    """'井研县 · 十五五 · 井研县“十五五”卫生健康规划', '（已结束）' after a closed plan, and whose it is
    when it is not the bureau's own (a unit's return, a sample)."""
    return (f"{r.region} · {r.span.name} · {r.title}" + ROLE_MARKS.get(getattr(r, "role", ""), "")
            + (tr("（已结束）") if r.closed else ""))


class MainWindow(WindowActions, QMainWindow):
    """Layout, menus and wiring. Every change runs through `self.ops`; each view listens to
    `ops.changed` and decides for itself whether to redraw."""

    first_paint = Signal()   # the window's first paint begins; its children paint in the same pass
    _painted = False

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_paint.emit()

    def __init__(self, session: Session, *, readonly_reason: str = ""):
        super().__init__()
        self.session = session
        self.plan_id: int | None = None
        self.period = DEFAULT_PERIOD
        self.year = default_year()
        self.undo_stack = QUndoStack(self)
        self.ops = Operations(session, self.undo_stack, self)
        self.setWindowTitle(f"{APP_NAME} {__version__}")

        self.plan_model = RecordTableModel(PLAN_COLUMNS, self)
        self.plan_view = PlanView(session)  # title, 专栏 tree, section tree
        self.overview = OverviewPage()
        self.overview.show_rows.connect(self._show_rows)
        self.overview.show_indicator.connect(self._show_indicator)
        # The tabs other than the overview are built the first time they are shown or asked for:
        # the start paints the overview without waiting for the grid's, the checklists' or the
        # plan list's modules, views and delegates. Until the grid is built, the window judges
        # the open plan itself (`states`); the grid, once built, takes those judgements over.
        self._grid: IndicatorTab | None = None
        self._states: list[IndicatorState] = []
        self._plan_table: QTableView | None = None
        self._checklists: dict[str, ChecklistTab] = {}
        self._pages: dict[str, QWidget] = {}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.overview, tr("概览"))
        for kind, label in (("grid", tr("指标填报")), ("project", tr("专栏项目")), ("task", tr("章节任务")),
                            ("plans", tr("全部规划"))):
            page = QWidget()
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self._pages[kind] = page
            self.tabs.addTab(page, label)
        self.tabs.currentChanged.connect(self._tab_shown)
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(8, 4, 8, 4)
        self.readonly_banner = QLabel(tr("只读：") + readonly_reason)
        self.readonly_banner.setObjectName("readonlyBanner")
        self.readonly_banner.setWordWrap(True)
        self.readonly_banner.setStyleSheet("background: #fff3e0; color: #8a4b00; padding: 4px 8px;")
        self.readonly_banner.setVisible(bool(readonly_reason or session.store.readonly))
        if session.store.readonly and not readonly_reason:
            self.readonly_banner.setText(tr("只读：数据以只读方式打开，不能修改"))
        lay.addWidget(self.readonly_banner)
        lay.addWidget(self.plan_view.title)
        lay.addWidget(self.plan_view.subtitle)
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._actions()
        self.ops.changed.connect(self._on_changes)
        shown = session.shown_path or session.database_path
        self.statusBar().showMessage(tr("数据库：") + str(shown or tr("内存"))
                                     + (tr("（只读）") if session.store.readonly else ""))
        last = self._settings().value("window/plan")
        self.reload_plans(select=int(last) if last else None)  # the plan left open last time, once
        self._restore_layout()

    # ---- actions -------------------------------------------------------------------------
    def _actions(self) -> None:
        self.import_action = QAction(tr("导入规划(&I)…"), self)
        self.import_action.setShortcuts([QKeySequence("Ctrl+I")])   # setShortcut would name `Qt`
        self.import_action.triggered.connect(self.import_plan)
        self.backup_action = QAction(tr("备份与恢复(&B)…"), self)
        self.backup_action.triggered.connect(self.open_backups)
        self.audit_action = QAction(tr("导出修改记录(&A)…"), self)
        self.audit_action.triggered.connect(self.export_audit)
        self.profile_action = QAction(tr("填报人信息(&P)…"), self)
        self.profile_action.triggered.connect(lambda: self.ask_profile(force=True))
        quit_action = QAction(tr("退出(&X)"), self)
        quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.undo_action = self.undo_stack.createUndoAction(self, tr("撤销"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, tr("重做"))
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)

        file_menu = self.menuBar().addMenu(tr("文件(&F)"))
        for a in (self.import_action, self.backup_action, self.audit_action, self.profile_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        report_menu = self.menuBar().addMenu(tr("上报(&R)"))
        for label, slot in ((tr("导出上报表(&X)…"), lambda: self.export_workbook("submission")),
                            (tr("导出填报模板(&T)…"), lambda: self.export_workbook("template")),
                            (tr("导出分单位填报模板(&N)…"), lambda: self.export_unit_template()),
                            (tr("导入上报表(&M)…"), self.import_workbook),
                            (tr("汇总(&S)…"), self.open_rollup),
                            (tr("导出长格式数据(&L)…"), self.export_long),
                            (tr("打印/导出PDF(&P)…"), self.open_reports),
                            (tr("解锁本年度数据(&U)…"), self.unlock_year)):
            action = QAction(label, self)
            action.triggered.connect(slot)
            report_menu.addAction(action)
        plan_menu = self.menuBar().addMenu(tr("规划(&G)"))
        self.handover_action = QAction(tr("与上一规划期衔接(&H)…"), self)
        self.handover_action.triggered.connect(lambda: self.open_handover())
        self.close_plan_action = QAction(tr("结束规划(&C)…"), self)
        self.close_plan_action.triggered.connect(lambda: self.close_plan())
        self.reopen_plan_action = QAction(tr("重新打开规划(&O)…"), self)
        self.reopen_plan_action.triggered.connect(lambda: self.reopen_plan())
        for a in (self.handover_action, self.close_plan_action, self.reopen_plan_action):
            plan_menu.addAction(a)
        plan_menu.addSeparator()
        self.examples_action = QAction(tr("显示示例规划(&S)"), self)
        self.examples_action.setCheckable(True)
        self.examples_action.setChecked(plans.show_examples(session=self.session))
        self.examples_action.toggled.connect(self.set_show_examples)
        self.remove_examples_action = QAction(tr("删除示例规划(&D)…"), self)
        self.remove_examples_action.triggered.connect(lambda: self.remove_examples())
        plan_menu.addAction(self.examples_action)
        plan_menu.addAction(self.remove_examples_action)
        edit_menu = self.menuBar().addMenu(tr("编辑(&E)"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        help_menu = self.menuBar().addMenu(tr("帮助(&H)"))
        about = QAction(tr("关于规划台账"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

        bar = self.addToolBar(tr("常用"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setProperty("toolButtonStyle", TOOL_BUTTON_TEXT_ONLY)   # an int: no `Qt` before the first paint
        bar.addWidget(QLabel(tr(" 规划 ")))
        self.plan_combo = QComboBox()
        self.plan_combo.setObjectName("planCombo")
        self.plan_combo.setMinimumWidth(260)
        self.plan_combo.activated.connect(lambda i: self.open_plan(self.plan_combo.itemData(i)))
        bar.addWidget(self.plan_combo)
        bar.addWidget(QLabel(tr("  年度 ")))
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("yearCombo")
        self._fill_years()
        self.year_combo.activated.connect(lambda i: self.set_year(self.year_combo.itemData(i)))
        bar.addWidget(self.year_combo)
        bar.addSeparator()
        # on the toolbar a fixed word: the action it would undo is in the tooltip (a long
        # "撤销 填报 每千人口拥有3岁以下婴幼儿托位数：3.6" pushed the other buttons away)
        self.undo_tool = self._stack_tool(tr("撤销"), self.undo_stack.undo, self.undo_stack.canUndoChanged,
                                          self.undo_stack.undoTextChanged, self.undo_stack.canUndo)
        self.redo_tool = self._stack_tool(tr("重做"), self.undo_stack.redo, self.undo_stack.canRedoChanged,
                                          self.undo_stack.redoTextChanged, self.undo_stack.canRedo)
        bar.addAction(self.undo_tool)
        bar.addAction(self.redo_tool)
        bar.addSeparator()
        bar.addAction(self.import_action)
        bar.addAction(self.backup_action)

    def _stack_tool(self, word: str, do, can_changed, text_changed, can) -> QAction:
        action = QAction(word, self)
        action.triggered.connect(do)
        action.setEnabled(can())
        action.setToolTip(word)
        can_changed.connect(action.setEnabled)
        text_changed.connect(lambda text: action.setToolTip(f"{word}：{text}" if text else word))
        return action

    def ask_profile(self, force: bool = False) -> None:
        """First run: the bureau's plan and who fills in; later from the File menu. Every start
        asks it before the first paint: the dialogs (and `Qt` with them) load only to be shown."""
        profile = user_settings.profile(session=self.session)
        if profile.complete and not force and not plans.roles_unknown(session=self.session):
            return
        from ..services import divisions
        from .dialogs import FirstRunDialog

        choices = [p for p in plans.list_plans(session=self.session, examples=True) if p.origin != "received"]
        dialog = FirstRunDialog(choices, profile, self, region_names=divisions.cities_and_counties_all())
        if not dialog.exec():
            return
        profile.user_name, profile.unit = dialog.name.text(), dialog.unit.text()
        profile.phone = dialog.phone.text()
        profile.home_plan = str(dialog.plan.currentData() or "")
        profile.region, profile.level = dialog.region.currentText().strip(), dialog.level.currentText()
        try:
            user_settings.save_profile(session=self.session, value=profile)
            self.ops.run(lambda: plans.choose_own_plan(session=self.session, plan_id=dialog.plan.currentData()),
                         title=tr("本单位规划"))
        except KnownError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self.reload_plans(int(profile.home_plan) if profile.home_plan else None)

    def set_show_examples(self, on: bool) -> None:
        """示例规划 (the bundled samples the bureau did not choose) in the pickers, or not."""
        plans.set_show_examples(session=self.session, on=on)
        self.reload_plans()

    def remove_examples(self, confirm: bool = True) -> int:
        asked = tr("从数据文件中删除全部示例规划？删除前会自动备份。")
        if confirm and QMessageBox.question(self, APP_NAME, asked) != QMessageBox.StandardButton.Yes:
            return 0
        try:
            n = plans.remove_examples(session=self.session)
        except KnownError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return 0
        self.ops.undo_stack.clear()
        self.reload_plans()
        self.statusBar().showMessage(tr("已删除示例规划 {0} 个（删除前已备份）").format(n), 8000)
        return n

    def _about(self) -> None:
        QMessageBox.about(self, tr("关于规划台账"),
                          f"{APP_NAME} {__version__}\n" + tr("卫生健康五年规划台账（离线）") +
                          "\n" + tr("数据文件夹：") + str(paths.home()))

    # ---- plan and year -------------------------------------------------------------------
    def reload_plans(self, select: int | None = None) -> None:
        rows = plans.list_plans(session=self.session)
        self.plan_model.set_rows(rows)
        self.plan_combo.clear()
        region = None
        # grouped by region, the newer period first: a bureau's 十五五 plan above its 十四五 one
        for r in sorted(rows, key=lambda r: (r.region, -r.span.target_year, r.id)):
            if region is not None and r.region != region:
                self.plan_combo.insertSeparator(self.plan_combo.count())
            region = r.region
            self.plan_combo.addItem(plan_label(r), r.id)
        target = select or self.plan_id
        if target is None or self.plan_model.row_of(target) < 0:
            home = user_settings.profile(session=self.session).home_plan
            target = int(home) if home and self.plan_model.row_of(int(home)) >= 0 else (
                rows[0].id if rows else None)
        self.open_plan(target)

    def current_plan_id(self) -> int | None:
        return self.plan_id

    def select_plan(self, plan_id: int) -> None:
        self.open_plan(plan_id)

    def open_plan(self, plan_id: int | None) -> None:
        self.plan_id = plan_id
        self._select_in_plan_table()
        index = self.plan_combo.findData(plan_id)
        if index >= 0:
            self.plan_combo.setCurrentIndex(index)
        self.plan_view.show_plan(plan_id)
        if plan_id is None:
            return
        self._enter_period(evaluation.plan_period(session=self.session, plan_id=plan_id))
        self._judge_plan()
        for tab in self._checklists.values():
            tab.show_plan(plan_id)
        self._refresh_overview()

    def _fill_years(self) -> None:
        """The year picker offers the open plan's reporting years."""
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in self.period.years:
            self.year_combo.addItem(tr("{0}年").format(y), y)
        self.year_combo.setCurrentIndex(self.period.years.index(self.year))
        self.year_combo.blockSignals(False)

    def _enter_period(self, period: Period) -> None:
        """A plan of another period: its own years in the picker, last year within it chosen."""
        if period == self.period:
            return
        self.period = period
        self.year = default_year(period=period)
        self._fill_years()

    def set_year(self, year: int) -> None:
        self.year = self.period.clamp(year)
        year = self.year
        self.year_combo.setCurrentIndex(self.period.years.index(year))
        if self._grid is not None:
            self._grid.set_year(year)
        self._refresh_overview()

    def _refresh_overview(self, force: bool = False) -> None:
        """The overview's counts and charts; drawn when it is in view, else when next shown."""
        if self.plan_id is None:
            return
        if not force and not self.overview.isVisible() and self.overview.drawn_once:
            self.overview.stale = True
            return
        self.overview.show_plan(self.states, self.year,
                                projects.box_completion(session=self.session, plan_id=self.plan_id))

    def _plan_row_chosen(self, current, _previous) -> None:
        plan_id = self.plan_model.row_id(current.row()) if current.isValid() else None
        if plan_id and plan_id != self.plan_id:
            self.open_plan(plan_id)

    def _show_rows(self, f) -> None:
        self.indicators.apply_filter(f)
        self.tabs.setCurrentIndex(TAB_GRID)

    def _show_indicator(self, indicator_id) -> None:
        if indicator_id is None:
            return
        self.tabs.setCurrentIndex(TAB_GRID)
        self.indicators.select_indicator(int(indicator_id))

    # ---- the tabs built when first needed --------------------------------------------------
    @property
    def states(self) -> list[IndicatorState]:
        """The open plan's indicators as judged: the grid's when it is built, else the window's."""
        return self._grid.model.states if self._grid is not None else self._states

    def _judge_plan(self) -> None:
        """Judge the open plan again (opened, reshaped, years locked): in the grid when built."""
        if self.plan_id is None:
            return
        if self._grid is not None:
            self._grid.show_plan(self.plan_id, self.year)
        else:
            self._states = evaluation.evaluate_plan(session=self.session, plan_id=self.plan_id)

    def rejudge(self) -> None:
        """The open plan judged and counted again (after a final export locked its year)."""
        self._judge_plan()
        self._refresh_overview()

    def _rejudge(self, changes) -> None:
        """A change to the open plan judged again, once, for the grid when it is built and for the
        overview: a value, those indicators only; a new shape or a lock, the whole plan."""
        if self.plan_id is None or not changes.touches(self.plan_id):
            return
        if changes.structure or changes.locks:
            self._judge_plan()
        elif changes.indicators:
            fresh = evaluation.evaluate_indicators(session=self.session, plan_id=self.plan_id,
                                                   indicator_ids=changes.indicators)
            if self._grid is not None:
                self._grid.take_judgements(fresh)
            else:
                by_id = {s.id: s for s in fresh}
                self._states = [by_id.get(s.id, s) for s in self._states]

    @property
    def indicators(self) -> IndicatorTab:
        """The 指标填报 tab, built the first time it is shown or asked for, with the judgements
        the window already holds (nothing is judged twice)."""
        if self._grid is None:
            from .indicator_tab import IndicatorTab

            tab = IndicatorTab(self.session, self.ops)
            tab.restore_layout(self._settings())
            self._pages["grid"].layout().addWidget(tab)
            tab.show()  # now, not at the next event loop turn: the tab may be in view already
            self._grid = tab
            if self.plan_id is not None:
                tab.show_plan(self.plan_id, self.year, states=self._states)
            self._states = []
        return self._grid

    @property
    def plan_table(self) -> QTableView:
        """全部规划: every plan in the database, the open one selected; built when first shown."""
        if self._plan_table is None:
            table = QTableView()
            table.setObjectName("planTable")
            table.setModel(self.plan_model)
            table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
            table.verticalHeader().hide()
            header = table.horizontalHeader()     # the title takes the room, the rest their text
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
            self._pages["plans"].layout().addWidget(table)
            table.show()
            self._plan_table = table
            self._select_in_plan_table()
            table.selectionModel().currentRowChanged.connect(self._plan_row_chosen)
        return self._plan_table

    def _select_in_plan_table(self) -> None:
        row = self.plan_model.row_of(self.plan_id) if self.plan_id else -1
        table = self._plan_table
        if table is not None and row >= 0 and table.currentIndex().row() != row:
            table.blockSignals(True)
            table.selectRow(row)
            table.blockSignals(False)

    @property
    def projects(self) -> ChecklistTab:
        return self._checklist("project")

    @property
    def tasks(self) -> ChecklistTab:
        return self._checklist("task")

    def _checklist(self, kind: str) -> ChecklistTab:
        """The 专栏项目 or 章节任务 tab, built the first time it is needed: the window's start
        does not wait for the checklist's module, tree and delegates."""
        tab = self._checklists.get(kind)
        if tab is None:
            from .checklist_tab import ChecklistTab

            tab = ChecklistTab(self.session, self.ops, kind)
            tab.year_source = lambda: self.year
            self._pages[kind].layout().addWidget(tab)
            tab.show()  # now, not at the next event loop turn: the tab is in view already
            self._checklists[kind] = tab
            if self.plan_id is not None:
                tab.show_plan(self.plan_id)
        return tab

    def _tab_shown(self, index: int) -> None:
        if index == TAB_OVERVIEW and self.overview.stale:
            self._refresh_overview(force=True)
        elif index == TAB_BOXES:
            self._checklist("project")
        elif index == TAB_SECTIONS:
            self._checklist("task")
        elif index == TAB_GRID:
            self.indicators  # noqa: B018 - built on first sight
        elif index == TAB_PLANS:
            self.plan_table  # noqa: B018 - built on first sight

    def _on_changes(self, changes) -> None:
        """The window's part of a change: the judgements (the grid's, or the window's own while the
        grid is not built), the plan list, the title, the overview. (The checklists listen for
        themselves.)"""
        if changes.plans:
            self.reload_plans(select=changes.select)   # opens the plan again: judged there, once
            return
        self._rejudge(changes)
        if not changes.touches(self.plan_id):
            return
        if changes.structure:
            self.plan_view.show_plan(self.plan_id)
        if changes.indicators or changes.structure or changes.locks or changes.checklist:
            self._refresh_overview()

    def _settings(self) -> QSettings:
        return QSettings(str(paths.ui_settings()), QSettings.Format.IniFormat)

    def _restore_layout(self) -> None:
        s = self._settings()
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1340, 740)
        tab = s.value("window/tab")
        if tab is not None:
            self.tabs.setCurrentIndex(int(tab))

    def closeEvent(self, event) -> None:
        s = self._settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/tab", self.tabs.currentIndex())
        if self._grid is not None:        # an unbuilt grid keeps the layout saved before
            self._grid.save_layout(s)
        if self.plan_id:
            s.setValue("window/plan", self.plan_id)
        s.sync()
        super().closeEvent(event)
