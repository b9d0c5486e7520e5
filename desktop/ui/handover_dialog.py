"""与上一规划期衔接: the old plan's final values beside this plan's baselines (take the offered
ones, export the table), and the old plan's unfinished projects and tasks (carry the chosen ones)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import KnownError
from ..services import handover
from . import folders
from .text import tr

NOTE = QColor("#fff4ce")


def _item(text, *, checkable: bool = False, checked: bool = False, data=None) -> QStandardItem:
    it = QStandardItem("" if text is None else str(text))
    it.setEditable(False)
    if checkable:
        it.setCheckable(True)
        it.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    if data is not None:
        it.setData(data, Qt.ItemDataRole.UserRole)
    return it


def pairs_model(found: handover.Handover, parent=None) -> QStandardItemModel:
    """The report rows; a pair whose old value is offered as baseline can be ticked (not ticked:
    the clerk decides)."""
    rows = handover.report_rows(found)
    model = QStandardItemModel(parent)
    headers = [tr("采用为基期"), *rows[0].keys()] if rows else [tr("采用为基期")]
    model.setHorizontalHeaderLabels(headers)
    offered = {p.new.key: p for p in found.pairs if p.offered}
    keys = [p.new.key for p in found.pairs] + [None] * (len(rows) - len(found.pairs))
    for key, row in zip(keys, rows, strict=True):
        first = _item("", checkable=key in offered, data=key) if key in offered else _item("")
        cells = [first, *(_item(v) for v in row.values())]
        if row.get("提示"):
            for c in cells:
                c.setBackground(QBrush(NOTE))
        model.appendRow(cells)
    return model


def ticked(model: QStandardItemModel) -> list:
    out = []
    for r in range(model.rowCount()):
        it = model.item(r, 0)
        if it.isCheckable() and it.checkState() == Qt.CheckState.Checked:
            out.append(it.data(Qt.ItemDataRole.UserRole))
    return out


def table_of(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    view.resizeColumnsToContents()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for c in range(model.columnCount()):
        view.setColumnWidth(c, min(view.columnWidth(c), 200))
    view.horizontalHeader().setStretchLastSection(True)   # the 提示 column takes the rest, wrapped
    view.resizeRowsToContents()
    return view


class HandoverDialog(QDialog):
    def __init__(self, session, plan_id: int, ops, parent=None):
        super().__init__(parent)
        self.session, self.plan_id, self.ops = session, plan_id, ops
        self.setObjectName("handoverDialog")
        from .buttons import fit_size

        fit_size(self, 1180, 640)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.tabs = QTabWidget()
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.tabs, 1)
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.accept)
        lay.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)
        self.refresh()

    def refresh(self) -> None:
        self.found = handover.for_plan(session=self.session, plan_id=self.plan_id)
        self.tabs.clear()
        if self.found is None:
            self.setWindowTitle(tr("与上一规划期衔接"))
            self.intro.setText(tr("本地区没有上一规划期的规划，无需衔接。"))
            return
        old, year = self.found.old, self.found.old.span.target_year
        self.setWindowTitle(tr("与{0}规划衔接").format(old.span.name))
        offered = sum(1 for p in self.found.pairs if p.offered)
        self.intro.setText(tr("上一规划期：{0}（{1}）。按目录或“名称和单位”对应了{2}项指标；{3}年填报值与本规划基期值"
                              "不同或可补基期的，黄色标出。{4}").format(
            old.title, old.span.label, len(self.found.pairs), year,
            tr("有{0}项本规划未给基期值、可采用{1}年填报值，勾选后点“采用”。").format(offered, year)
            if offered else ""))
        self.tabs.addTab(self._pairs_page(), tr("指标：期末值与基期值（{0}）").format(len(self.found.pairs)))
        self.tabs.addTab(self._carry_page(), tr("未完成项目和任务（{0}）").format(len(self.found.unfinished)))
        from .buttons import safe_default

        safe_default(self)       # Enter closes; 采用 and 结转 only when clicked

    def _pairs_page(self) -> QWidget:
        self.pairs = pairs_model(self.found, self)
        self.pairs_view = table_of(self.pairs)
        self.pairs_view.setObjectName("handoverPairs")
        take = QPushButton(tr("采用所勾选的期末值为基期"))
        take.setObjectName("takeBaselines")
        take.clicked.connect(self.take_baselines)
        take.setEnabled(any(p.offered for p in self.found.pairs))
        export = QPushButton(tr("导出对照表（Excel）…"))
        export.clicked.connect(lambda: self.export())
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(self.pairs_view, 1)
        row = QHBoxLayout()
        row.addWidget(take)
        row.addWidget(export)
        row.addStretch(1)
        lay.addLayout(row)
        return page

    def _carry_page(self) -> QWidget:
        self.carry_model = QStandardItemModel(self)
        self.carry_model.setHorizontalHeaderLabels(
            [tr("结转"), tr("类型"), tr("名称"), tr("所在专栏"), tr("状态"), tr("进度"), tr("牵头单位"), tr("已结转")])
        for c in self.found.unfinished:
            first = _item("", checkable=not c.carried, data=(c.kind, c.id))
            self.carry_model.appendRow([
                first, _item(tr("项目") if c.kind == "project" else tr("任务")), _item(c.title),
                _item(c.group), _item(c.status), _item(f"{c.progress:g}%"), _item(c.lead_unit),
                _item(tr("已结转") if c.carried else "")])
        view = table_of(self.carry_model)
        view.setObjectName("handoverCarry")
        carry = QPushButton(tr("结转所选到本规划"))
        carry.setObjectName("carryItems")
        carry.clicked.connect(self.carry)
        page = QWidget()
        lay = QVBoxLayout(page)
        if not self.found.unfinished:
            lay.addWidget(QLabel(tr("上一规划期没有未完成的专栏项目，也没有推进中的任务。")))
        lay.addWidget(view, 1)
        lay.addWidget(carry, alignment=Qt.AlignmentFlag.AlignLeft)
        return page

    # ---- actions --------------------------------------------------------------------------
    def take_baselines(self) -> None:
        ids = ticked(self.pairs)
        if not ids:
            QMessageBox.information(self, self.windowTitle(), tr("请先勾选要采用的指标"))
            return
        if self.ops.run(lambda: handover.fill_baselines(session=self.session, plan_id=self.plan_id,
                                                        indicator_ids=ids), title=self.windowTitle()):
            self.refresh()

    def carry(self) -> None:
        items = ticked(self.carry_model)
        if not items:
            QMessageBox.information(self, self.windowTitle(), tr("请先勾选要结转的项目或任务"))
            return
        if self.ops.run(lambda: handover.carry(session=self.session, plan_id=self.plan_id, items=items),
                        title=self.windowTitle()):
            self.refresh()
            self.tabs.setCurrentIndex(1)

    def export(self, path: str | None = None) -> None:
        if path is None:
            path = folders.save_path(self, tr("导出对照表"), folders.WORKBOOK, tr("期末值与基期值对照表.xlsx"),
                                     tr("Excel 工作簿 (*.xlsx)"))
            if not path:
                return
        try:
            handover.export_report(session=self.session, plan_id=self.plan_id, path=path)
        except KnownError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.intro.setText(self.intro.text().split(tr("　已导出"))[0] + tr("　已导出 ") + str(path))
