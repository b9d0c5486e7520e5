"""导入规划: what the reader found, editable before anything is saved."""

from __future__ import annotations

import contextlib
import dataclasses

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain import catalogue
from ..domain.errors import KnownError
from ..domain.period import Period
from ..domain.plan import ATTRIBUTES, LEVELS, Indicator, PlanDocument
from ..services import plans
from ..services.handover import MISSING_BASELINE
from ..services.session import Session
from .text import tr

EDITABLE = ("seq", "domain", "name", "unit", "baseline", "target", "attribute")
def headers(period: Period) -> tuple[str, ...]:
    return (tr("序号"), tr("领域"), tr("指标"), tr("单位"), tr("基期({0})").format(period.baseline_year),
            tr("目标({0})").format(period.target_year), tr("属性"), tr("方向"), tr("提示"))


WAYS = {"higher": tr("越高越好"), "lower": tr("越低越好")}
DIRECTION_COLUMN = 7


def direction_text(ind: Indicator) -> tuple[str, bool]:
    """What the 方向 column shows, and whether it is a guess the clerk should settle."""
    from ..domain import direction as directions
    from ..domain.numbers import parse_value
    from ..domain.target_wording import parse_target

    if ind.direction in WAYS:
        return WAYS[ind.direction] + tr("（已设定）"), False
    rule = parse_target(ind.target)
    way, source = directions.infer_with_source(ind.name, rule, parse_value(ind.baseline).number,
                                               getattr(rule, "value", None), ind.catalogue_key)
    guessed = source in (directions.NUMBERS, directions.DEFAULT)
    return WAYS[way] + (tr("（推测，请确认）") if guessed else tr("（依据{0}）").format(source)), guessed


PERIOD_CHOICES = tuple(Period.of_number(n) for n in (16, 15, 14, 13))
WARN = QColor("#fff4ce")


class PreviewIndicatorModel(QAbstractTableModel):
    """The indicator rows found in the document; the user may fix cells or drop rows."""

    def __init__(self, document: PlanDocument, parent=None):
        super().__init__(parent)
        self.rows: list[Indicator] = [dataclasses.replace(i) for i in document.indicators]
        self.origin = list(range(len(self.rows)))   # each row's place in the document
        self.headers = headers(document.span)
        self.notes: dict[int, list[str]] = {}
        for f in document.findings:
            if f.where.startswith("指标表第") and f.where.endswith("行"):
                order = int(f.where[4:-1])
                self.notes.setdefault(order, []).append(f.message)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() < len(EDITABLE) or index.column() == DIRECTION_COLUMN:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        ind = self.rows[index.row()]
        notes = self.notes.get(ind.order, [])
        if index.column() == DIRECTION_COLUMN:
            text, guessed = direction_text(ind)
            if role == Qt.ItemDataRole.DisplayRole:
                return text
            if role == Qt.ItemDataRole.EditRole:
                return WAYS.get(ind.direction, tr("自动"))
            if role == Qt.ItemDataRole.BackgroundRole and guessed:
                return WARN
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr("双击可选：自动 / 越高越好 / 越低越好")
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() < len(EDITABLE):
                value = getattr(ind, EDITABLE[index.column()])
                if index.column() == 2 and ind.parent_seq and role == Qt.ItemDataRole.DisplayRole:
                    return tr("其中：") + value
                return value
            return "；".join(notes)
        if role == Qt.ItemDataRole.BackgroundRole and notes:
            return WARN
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(notes) or (ind.name_printed if index.column() == 2 else None)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role == Qt.ItemDataRole.EditRole and index.isValid() and index.column() == DIRECTION_COLUMN:
            chosen = {v: k for k, v in WAYS.items()}.get(str(value).strip(), "" if str(value).strip() in (
                tr("自动"), "") else None)
            if chosen is None:
                return False
            self.rows[index.row()].direction = chosen
            self.dataChanged.emit(index, index)
            return True
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() >= len(EDITABLE):
            return False
        key = EDITABLE[index.column()]
        text = str(value).strip()
        if key == "attribute" and text not in ATTRIBUTES:
            return False
        if key == "name" and not text:
            return False
        setattr(self.rows[index.row()], key, text)
        if key in ("name", "unit"):
            ind = self.rows[index.row()]
            ind.catalogue_key = catalogue.match(ind.name, ind.unit)
        self.dataChanged.emit(index, index)
        return True

    def set_period(self, period: Period) -> None:
        self.headers = headers(period)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.headers) - 1)

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            del self.origin[row]
            self.endRemoveRows()


class DirectionDelegate(QStyledItemDelegate):
    """The 方向 cell is chosen from a list: 自动 / 越高越好 / 越低越好."""

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        box.addItems([tr("自动"), WAYS["higher"], WAYS["lower"]])
        return box

    def setEditorData(self, editor, index):
        editor.setCurrentText(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


class ImportDialog(QDialog):
    def __init__(self, session: Session, document: PlanDocument, parent=None):
        super().__init__(parent)
        self.session = session
        self.document = document
        self.result_change = None
        self.setWindowTitle(tr("导入规划 — ") + document.source_name)
        from .buttons import fit_size

        fit_size(self, 1180, 700)
        form = QFormLayout()
        self.title_edit = QLineEdit(document.title)
        self.region_edit = QLineEdit(document.region)
        self.level_box = QComboBox()
        self.level_box.addItems(LEVELS)
        self.level_box.setCurrentText(document.level)
        self.parent_edit = QLineEdit(document.parent_region)
        row = QHBoxLayout()
        for label, w in ((tr("地区"), self.region_edit), (tr("级别"), self.level_box),
                         (tr("上级地区"), self.parent_edit)):
            row.addWidget(QLabel(label))
            row.addWidget(w)
        self.period_box = QComboBox()
        self.period_box.setObjectName("periodBox")
        self.period_box.setEditable(True)
        self.period_box.setMinimumWidth(180)
        choices = list(PERIOD_CHOICES)
        if document.span not in choices:
            choices.insert(0, document.span)
        for p in choices:
            self.period_box.addItem(f"{p.name}（{p.label}）", p.label)
        self.period_box.setCurrentIndex(choices.index(document.span))
        self.period_box.setToolTip(tr("规划期决定基期年、目标年和各填报年度；可选择或输入，如 2026-2030"))
        row.addWidget(QLabel(tr("规划期")))
        row.addWidget(self.period_box)
        form.addRow(tr("规划名称"), self.title_edit)
        form.addRow(row)
        general = [f"{f.where}：{f.message}" for f in document.findings
                   if not (f.where.startswith("指标表第") and f.where.endswith("行"))]
        general += plans.import_warnings(session=session, document=document)
        rows = len({f.where for f in document.findings if f.where.startswith("指标表第")})
        if rows:
            general.append(tr("另有{0}行指标需要核对（在“主要指标”中以黄色标出）").format(rows))
        if general:
            general.insert(0, tr("请先核对以下{0}条提示：").format(len(general)))
        self.findings_label = QLabel("\n".join(general))
        self.findings_label.setObjectName("documentFindings")
        self.findings_label.setWordWrap(True)
        self.findings_label.setStyleSheet("background: #fff4ce; padding: 4px;")
        self.findings_label.setVisible(bool(general))

        self.indicators = PreviewIndicatorModel(document, self)
        self.period_box.currentIndexChanged.connect(lambda _i: self._period_chosen())
        self.period_box.lineEdit().editingFinished.connect(self._period_chosen)
        self.table = QTableView()
        self.table.setObjectName("previewIndicators")
        self.table.setModel(self.indicators)
        self.table.setItemDelegateForColumn(DIRECTION_COLUMN, DirectionDelegate(self.table))
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        drop = QPushButton(tr("删除所选行"))
        drop.clicked.connect(self._drop_rows)
        ind_page = QWidget()
        ind_lay = QVBoxLayout(ind_page)
        ind_lay.addWidget(QLabel(tr("双击单元格可修改；黄色行有需要核对的提示。")))
        ind_lay.addWidget(self.table)
        ind_lay.addWidget(drop, alignment=Qt.AlignmentFlag.AlignLeft)

        tabs = QTabWidget()
        tabs.addTab(ind_page, tr("主要指标（{0}）").format(len(document.indicators)))
        items = sum(len(b.items) for b in document.boxes)
        tabs.addTab(self._box_tree(), tr("专栏（{0} 个，{1} 个项目）").format(len(document.boxes), items))
        tabs.addTab(self._section_tree(), tr("章节（{0}）").format(len(document.sections)))
        self.handover = None
        try:
            from ..services import handover

            self.handover = handover.for_document(session=session, document=document)
        except KnownError:
            self.handover = None
        if self.handover is not None:
            tabs.addTab(self._handover_page(), tr("与{0}衔接（{1}）").format(
                self.handover.old.span.name, len(self.handover.pairs)))
        if document.reference_tables:
            tabs.addTab(self._reference_view(), tr("其他指标表（{0}）").format(
                len(document.reference_tables)))
        self.tabs = tabs

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("保存到数据库"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.findings_label)     # what needs a look comes first
        lay.addLayout(form)
        lay.addWidget(tabs, 1)
        lay.addWidget(buttons)
        from .buttons import safe_default

        self._no_enter = lambda: safe_default(self, enter_closes=False)
        self._no_enter()

    def _handover_page(self) -> QWidget:
        """The region's plan of the period before: each paired indicator's final value beside the
        baseline read here; a baseline the document lacks can take it (ticked by the clerk)."""
        from .handover_dialog import pairs_model, table_of

        found = self.handover
        self.handover_model = pairs_model(found, self)
        view = table_of(self.handover_model)
        view.setObjectName("previewHandover")
        offered = sum(1 for p in found.pairs if p.offered)
        year = found.old.span.target_year
        note = QLabel(tr("本地区{0}规划《{1}》：按目录或名称和单位对应{2}项指标，黄色为基期值与{3}年填报值不同或可补。"
                         "{4}").format(found.old.span.name, found.old.title, len(found.pairs), year,
                                       tr("有{0}项未给基期值，勾选后保存即采用{1}年填报值。").format(offered, year)
                                       if offered else ""))
        note.setWordWrap(True)
        take_all = QPushButton(tr("全部勾选可采用的"))
        take_all.clicked.connect(self._tick_all_offered)
        take_all.setEnabled(bool(offered))
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(note)
        lay.addWidget(view, 1)
        lay.addWidget(take_all, alignment=Qt.AlignmentFlag.AlignLeft)
        return page

    def _tick_all_offered(self) -> None:
        for r in range(self.handover_model.rowCount()):
            it = self.handover_model.item(r, 0)
            if it.isCheckable():
                it.setCheckState(Qt.CheckState.Checked)

    def _taken_baselines(self) -> dict[int, str]:
        """document row -> the old plan's final value the clerk ticked to take as its baseline."""
        if self.handover is None:
            return {}
        from .handover_dialog import ticked

        finals = {p.new.key: p.old_final for p in self.handover.pairs if p.offered}
        return {k: finals[k] for k in ticked(self.handover_model) if k in finals}

    def _box_tree(self) -> QTreeView:
        model = QStandardItemModel(self)
        model.setHorizontalHeaderLabels([tr("专栏 / 项目"), tr("内容")])
        for box in self.document.boxes:
            head = QStandardItem(tr("专栏{0} {1}").format(box.no, box.title))
            for it in box.items:
                head.appendRow([QStandardItem(it.name), QStandardItem(it.text)])
            model.appendRow([head, QStandardItem(tr("{0} 个项目").format(len(box.items)))])
        if not self.document.boxes:
            model.appendRow([QStandardItem(tr("没有找到专栏；编号的任务章节将作为台账清单"))])
        view = QTreeView()
        view.setModel(model)
        view.expandAll()
        view.setColumnWidth(0, 300)
        view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        return view

    def _section_tree(self) -> QTreeView:
        model = QStandardItemModel(self)
        model.setHorizontalHeaderLabels([tr("章节"), tr("字数")])
        stack: list[tuple[int, QStandardItem]] = []
        for s in self.document.sections:
            while stack and stack[-1][0] >= s.level:
                stack.pop()
            item = QStandardItem(f"{s.marker}{s.title}")
            parent = stack[-1][1] if stack else model.invisibleRootItem()
            parent.appendRow([item, QStandardItem(str(len(s.text)))])
            stack.append((s.level, item))
        view = QTreeView()
        view.setModel(model)
        view.expandToDepth(0)
        view.setColumnWidth(0, 420)
        view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        return view

    def _reference_view(self) -> QTreeView:
        model = QStandardItemModel(self)
        for t in self.document.reference_tables:
            head = QStandardItem(t.title)
            for r in t.rows:
                head.appendRow([QStandardItem(c) for c in r])
            model.appendRow(head)
        model.setHorizontalHeaderLabels(self.document.reference_tables[0].header)
        view = QTreeView()
        view.setModel(model)
        view.expandAll()
        view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        return view

    def _drop_rows(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedIndexes()}, reverse=True)
        for r in rows:
            self.indicators.remove(r)

    def chosen_period(self) -> Period:
        """The period shown in the box (a choice, or what was typed), or refused with the reason."""
        text = self.period_box.currentText()
        data = self.period_box.currentData()
        if data and self.period_box.itemText(self.period_box.currentIndex()) == text:
            return Period.parse(data)
        return Period.parse(text.split("（")[-1].rstrip("）") if "（" in text else text)

    def _period_chosen(self) -> None:
        with contextlib.suppress(KnownError):   # a period not yet readable is said when saving
            self.indicators.set_period(self.chosen_period())

    def edited_document(self) -> PlanDocument:
        taken = self._taken_baselines()
        for k, row in zip(self.indicators.origin, self.indicators.rows, strict=True):
            if k in taken and row.baseline.strip() in MISSING_BASELINE:
                row.baseline = taken[k]     # a baseline typed in the preview meanwhile is kept
        return dataclasses.replace(
            self.document, period=self.chosen_period().label,
            title=self.title_edit.text().strip(), region=self.region_edit.text().strip(),
            level=self.level_box.currentText(), parent_region=self.parent_edit.text().strip(),
            indicators=list(self.indicators.rows),
        )

    def save(self) -> None:
        try:
            doc = self.edited_document()
        except KnownError as exc:
            QMessageBox.warning(self, tr("导入规划"), str(exc))
            return
        if not doc.region or not doc.title:
            QMessageBox.warning(self, tr("导入规划"), tr("请填写规划名称和地区后再保存"))
            return
        try:
            self.result_change = plans.save_plan(session=self.session, document=doc)
        except KnownError as exc:
            QMessageBox.warning(self, tr("导入规划"), str(exc))
            return
        self.accept()
