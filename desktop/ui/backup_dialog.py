"""备份与恢复: back up to a chosen file, see the automatic backups, restore one (the current
state is backed up first)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..domain.errors import KnownError
from ..services import backups
from . import folders
from .text import tr


class BackupDialog(QDialog):
    def __init__(self, session, on_restored=None, parent=None):
        super().__init__(parent)
        self.session = session
        self.on_restored = on_restored or (lambda r: None)
        self.setWindowTitle(tr("备份与恢复"))
        from .buttons import fit_size

        fit_size(self, 760, 460)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([tr("时间"), tr("类型"), tr("大小"), tr("文件")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        row = QHBoxLayout()
        for label, slot in ((tr("立即备份到文件…"), self.backup_to_file),
                            (tr("从所选备份恢复…"), self.restore_selected),
                            (tr("从其他文件恢复…"), self.restore_file)):
            b = QPushButton(label)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        from .buttons import close_button

        close_button(self, row)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(tr("程序每天第一次打开时自动备份（保留最近30天和12个月），每次导入和恢复前也会先备份。")))
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self.reload()

    def reload(self) -> None:
        self.items = backups.listing(self.session.shown_path or self.session.database_path)
        self.table.setRowCount(len(self.items))
        for r, b in enumerate(self.items):
            for c, v in enumerate((f"{b.at:%Y-%m-%d %H:%M}", b.kind, f"{b.size // 1024} KB", str(b.path))):
                self.table.setItem(r, c, QTableWidgetItem(v))

    def backup_to_file(self, path: str | None = None) -> None:
        if path is None:
            path = folders.save_path(self, tr("备份数据库"), folders.BACKUP, "规划台账备份.db", tr("数据库 (*.db)"))
        if not path:
            return
        try:
            backups.to_file(session=self.session, target=path)
        except KnownError as exc:
            QMessageBox.warning(self, tr("备份"), str(exc))

    def restore_selected(self, confirm: bool = True) -> None:
        r = self.table.currentRow()
        if 0 <= r < len(self.items):
            self.restore(str(self.items[r].path), confirm)

    def restore_file(self) -> None:
        path = folders.open_path(self, tr("选择备份文件"), folders.BACKUP, tr("数据库 (*.db)"))
        if path:
            self.restore(path)

    def restore(self, path: str, confirm: bool = True) -> None:
        try:
            what = backups.describe(path)
        except Exception:  # noqa: BLE001 - an unreadable file is reported, not raised
            QMessageBox.warning(self, tr("恢复"), tr("所选文件不是可用的备份"))
            return
        if confirm and QMessageBox.question(
                self, tr("恢复"),
                tr("将用备份（{0}）替换当前的全部数据。当前数据会先自动备份，之后仍可找回。是否继续？")
                .format(what)) != QMessageBox.StandardButton.Yes:
            return
        try:
            result = backups.restore(session=self.session, source=path)
        except KnownError as exc:
            QMessageBox.warning(self, tr("恢复"), str(exc))
            return
        self.reload()
        if result.missing_evidence:
            names = "、".join(result.missing_evidence[:8]) + ("等" if len(result.missing_evidence) > 8 else "")
            QMessageBox.warning(self, tr("恢复"), tr("数据已恢复，但有 {0} 个佐证材料文件在备份中找不到：{1}。"
                                                    "这些材料的记录仍在，打开时会提示找不到文件。")
                                .format(len(result.missing_evidence), names))
        self.on_restored(result)
