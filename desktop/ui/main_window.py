"""The main window: the plans of the database on the left, the chosen plan on the right."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, __version__, paths
from ..domain.errors import KnownError
from ..services import database, plans
from ..services.plans import PlanChanged
from ..services.session import Session
from .models.columns import CENTER, RIGHT, field
from .models.record_table import RecordTableModel
from .plan_view import PlanView
from .text import tr

PLAN_COLUMNS = [
    field("region", tr("地区"), width=80),
    field("level", tr("级别"), align=CENTER, width=44),
    field("title", tr("规划名称"), width=300),
    field("indicators", tr("指标"), align=RIGHT, width=48),
    field("projects", tr("专栏项目"), align=RIGHT, width=64),
]


class MainWindow(QMainWindow):
    """Views listen on `changed` and decide for themselves whether to redraw."""

    changed = Signal(object)

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.plan_model = RecordTableModel(PLAN_COLUMNS, self)
        self.plan_table = QTableView()
        self.plan_table.setObjectName("planTable")
        self.plan_table.setModel(self.plan_model)
        self.plan_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.plan_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.plan_table.verticalHeader().hide()
        self.plan_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.plan_table.setAlternatingRowColors(True)
        self.plan_table.selectionModel().currentRowChanged.connect(self._plan_chosen)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(6, 6, 0, 6)
        heading = QLabel(tr("规划"))
        heading.setObjectName("paneHeading")
        lay.addWidget(heading)
        lay.addWidget(self.plan_table)

        self.plan_view = PlanView(session)
        self.tabs = self.plan_view.tabs
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(left)
        splitter.addWidget(self.plan_view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 1000])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self._actions()
        self.changed.connect(self._on_changed)
        self.statusBar().showMessage(tr("数据库：") + str(session.database_path or tr("内存")))
        self.reload_plans()
        self._restore_layout()

    # ---- actions -------------------------------------------------------------------------
    def _actions(self) -> None:
        file_menu = self.menuBar().addMenu(tr("文件(&F)"))
        self.import_action = QAction(tr("导入规划(&I)…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_plan)
        self.backup_action = QAction(tr("备份数据库(&B)…"), self)
        self.backup_action.triggered.connect(self.backup)
        quit_action = QAction(tr("退出(&X)"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for a in (self.import_action, self.backup_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(tr("帮助(&H)"))
        about = QAction(tr("关于规划台账"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)
        toolbar = self.addToolBar(tr("常用"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.backup_action)

    def import_plan(self) -> None:
        from .import_dialog import ImportDialog

        path, _ = QFileDialog.getOpenFileName(
            self, tr("导入规划文本"), "", tr("规划文本 (*.docx *.txt);;所有文件 (*)"))
        if not path:
            return
        try:
            document = plans.read_document(path=path)
        except KnownError as exc:
            QMessageBox.warning(self, tr("导入规划"), str(exc))
            return
        dialog = ImportDialog(self.session, document, self)
        if dialog.exec() and dialog.result_change:
            self.changed.emit(dialog.result_change)

    def backup(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("备份数据库"), str(paths.home() / "规划台账备份.db"), tr("数据库 (*.db)"))
        if not path:
            return
        try:
            target = database.backup_database(session=self.session, target=path)
        except KnownError as exc:
            QMessageBox.warning(self, tr("备份数据库"), str(exc))
            return
        self.statusBar().showMessage(tr("已备份到 ") + str(target), 8000)

    def _about(self) -> None:
        QMessageBox.about(self, tr("关于规划台账"),
                          f"{APP_NAME} {__version__}\n" + tr("卫生健康“十四五”规划台账（离线）") +
                          "\n" + tr("数据文件夹：") + str(paths.home()))

    # ---- plans ---------------------------------------------------------------------------
    def reload_plans(self, select: int | None = None) -> None:
        current = select or self.current_plan_id()
        self.plan_model.set_rows(plans.list_plans(session=self.session))
        row = self.plan_model.row_of(current) if current else -1
        self.plan_table.selectRow(row if row >= 0 else 0)

    def current_plan_id(self) -> int | None:
        index = self.plan_table.currentIndex()
        return self.plan_model.row_id(index.row()) if index.isValid() else None

    def select_plan(self, plan_id: int) -> None:
        row = self.plan_model.row_of(plan_id)
        if row >= 0:
            self.plan_table.selectRow(row)

    def _plan_chosen(self, current, _previous) -> None:
        plan_id = self.plan_model.row_id(current.row()) if current.isValid() else None
        self.plan_view.show_plan(plan_id)

    def _on_changed(self, change: PlanChanged) -> None:
        if change.entity == "plans":
            self.reload_plans(select=change.plan_ids[0] if change.plan_ids else None)

    # ---- layout memory -------------------------------------------------------------------
    def _settings(self) -> QSettings:
        return QSettings(str(paths.ui_settings()), QSettings.Format.IniFormat)

    def _restore_layout(self) -> None:
        s = self._settings()
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1340, 740)
        state = s.value("window/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        last = s.value("window/plan")
        if last:
            self.select_plan(int(last))

    def closeEvent(self, event) -> None:
        s = self._settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        if self.current_plan_id():
            s.setValue("window/plan", self.current_plan_id())
        s.sync()
        super().closeEvent(event)
