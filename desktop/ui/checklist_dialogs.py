"""Dialogs of the checklist: bulk setting, linking indicators, the units list, evidence files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ..domain.checklist import STATUSES
from ..domain.errors import KnownError
from ..services import checklist, evidence
from ..services.session import Session
from . import folders
from .models.columns import RIGHT, Column, field
from .models.record_table import RecordTableModel
from .text import minute, tr


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(tr("确定"))
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class BulkDialog(QDialog):
    """Set status, lead unit and deadline of several rows at once."""

    def __init__(self, kind: str, count: int, units: list[str], parent=None, period=None):
        super().__init__(parent)
        from ..domain.period import DEFAULT

        end = (period or DEFAULT).target_year
        self.setWindowTitle(tr("批量设置（{0} 项）").format(count))
        self.kind = kind
        form = QFormLayout()
        self.use_status, self.status = QCheckBox(tr("状态")), QComboBox()
        self.status.addItems(STATUSES)
        self.use_unit, self.unit = QCheckBox(tr("牵头单位")), QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(units)
        label = tr("计划完成年份") if kind == "project" else tr("完成时限")
        self.use_deadline, self.deadline = QCheckBox(label), QLineEdit()
        self.deadline.setPlaceholderText(str(end) if kind == "project" else f"{end}-12-31")
        for check, w in ((self.use_status, self.status), (self.use_unit, self.unit),
                         (self.use_deadline, self.deadline)):
            form.addRow(check, w)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(tr("勾选要修改的内容；未勾选的保持不变。整批修改可一次撤销。")))
        lay.addLayout(form)
        lay.addWidget(_buttons(self))

    def fields(self) -> dict:
        out = {}
        if self.use_status.isChecked():
            out["status"] = self.status.currentText()
        if self.use_unit.isChecked():
            out["lead_unit"] = self.unit.currentText()
        if self.use_deadline.isChecked():
            out["planned_year" if self.kind == "project" else "deadline"] = self.deadline.text()
        return out


class LinkDialog(QDialog):
    """Tick the indicators a project or task moves."""

    def __init__(self, title: str, indicators: list, linked: list[int], parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("关联指标 — ") + title)
        from .buttons import fit_size

        fit_size(self, 520, 560)
        self.list = QListWidget()
        for ind in indicators:
            item = QListWidgetItem(f"{ind.seq} {ind.name}")
            item.setData(Qt.ItemDataRole.UserRole, ind.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ind.id in linked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(tr("勾选本项目（任务）推动的指标；指标面板会显示这些项目的进展。")))
        lay.addWidget(self.list)
        lay.addWidget(_buttons(self))

    def chosen(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


class UnitsDialog(QDialog):
    """The bureau's responsible units, entered once and picked afterwards."""

    def __init__(self, session: Session, ops, parent=None):
        super().__init__(parent)
        self.session, self.ops = session, ops
        self.setWindowTitle(tr("责任单位"))
        self.resize(380, 420)
        self.list = QListWidget()
        add, remove = QPushButton(tr("添加…")), QPushButton(tr("删除"))
        add.clicked.connect(self.add)
        remove.clicked.connect(self.remove)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(tr("在此录入本局的科室和下属单位（如医政科、疾控中心、县人民医院），填报时从列表中选择。")))
        lay.addWidget(self.list)
        lay.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(tr("关闭"))
        close.rejected.connect(self.accept)
        lay.addWidget(close)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        self.list.addItems(checklist.units(session=self.session))

    def add(self) -> None:
        text, ok = QInputDialog.getText(self, tr("添加责任单位"), tr("单位名称（可用、分隔多个）"))
        if ok and text.strip():
            self.ops.run(lambda: checklist.add_units(session=self.session,
                                                     names=text.replace("，", "、").split("、")),
                         title=tr("责任单位"))
            self.reload()

    def remove(self) -> None:
        item = self.list.currentItem()
        if item:
            name = item.text()
            self.ops.run(lambda: checklist.remove_unit(session=self.session, name=name),
                         title=tr("责任单位"))
            self.reload()


def _size(row) -> str:
    n = row.size
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


EVIDENCE_COLUMNS = [field("name", tr("文件名")), Column("size", tr("大小"), _size, align=RIGHT),
                    Column("added_at", tr("上传时间"), lambda r: minute(r.added_at)),
                    field("added_by", tr("上传人"))]


class EvidenceDialog(QDialog):
    """佐证材料 of one project, task or indicator value: add, open, export, remove."""

    def __init__(self, session: Session, ops, entity: str, entity_id: int, title: str,
                 year: int | None = None, parent=None):
        super().__init__(parent)
        self.session, self.ops = session, ops
        self.entity, self.entity_id, self.year = entity, entity_id, year
        self.setWindowTitle(tr("佐证材料 — ") + title)
        self.resize(640, 380)
        self.model = RecordTableModel(EVIDENCE_COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        buttons = QHBoxLayout()
        for label, slot in ((tr("添加…"), self.add), (tr("打开"), self.open_selected),
                            (tr("导出…"), self.export_selected), (tr("删除"), self.remove_selected)):
            b = QPushButton(label)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        from .buttons import close_button

        close_button(self, buttons)
        lay = QVBoxLayout(self)
        intro = QLabel(tr("可上传照片、PDF、OFD、Word、Excel、WPS 文件或压缩包，每个不超过 50 MB。"
                          "文件保存在本机数据文件夹中；每次备份都会连同数据库一起保存这些文件，恢复时一并找回。"))
        intro.setWordWrap(True)      # a dialog never wider than the screen
        lay.addWidget(intro)
        lay.addWidget(self.table)
        lay.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(evidence.listing(session=self.session, entity=self.entity,
                                             entity_id=self.entity_id, year=self.year))

    def _selected(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row_id(index.row()) if index.isValid() else None

    def _warn(self, exc: KnownError) -> None:
        QMessageBox.warning(self, self.windowTitle(), str(exc))

    def add(self, path: str | None = None) -> None:
        if not path:
            path = folders.open_path(self, tr("选择佐证材料"), folders.EVIDENCE)
        if not path:
            return
        self.ops.run(lambda: evidence.attach(session=self.session, entity=self.entity,
                                             entity_id=self.entity_id, path=path, year=self.year),
                     title=self.windowTitle())
        self.reload()

    def open_selected(self) -> None:
        aid = self._selected()
        if aid is None:
            return
        try:
            path = evidence.file_path(session=self.session, attachment_id=aid)
        except KnownError as exc:
            self._warn(exc)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def export_selected(self, folder: str | None = None) -> Path | None:
        aid = self._selected()
        if aid is None:
            return None
        folder = folder or folders.folder_path(self, tr("导出到文件夹"), folders.EVIDENCE)
        if not folder:
            return None
        try:
            return evidence.export(session=self.session, attachment_id=aid, folder=folder)
        except KnownError as exc:
            self._warn(exc)
            return None

    def remove_selected(self, confirm: bool = True) -> None:
        aid = self._selected()
        if aid is None:
            return
        if confirm and QMessageBox.question(self, tr("删除佐证材料"), tr("删除所选材料？删除会记入修改记录。")) \
                != QMessageBox.StandardButton.Yes:
            return
        self.ops.run(lambda: evidence.remove(session=self.session, attachment_id=aid,
                                             reason=tr("用户删除")), title=self.windowTitle())
        self.reload()
