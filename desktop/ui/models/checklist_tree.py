"""The 专栏 projects and the task tree as one kind of tree model, edited in place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from ...domain import colours
from ...services.checklist import Group, Item
from ..text import tr
from .columns import Column, _nothing

LIGHT_COLOURS = {k: f"#{c}" for k, (c, _w) in colours.LIGHTS.items()}
LIGHT_WORDS = {k: tr(w) for k, (_c, w) in colours.LIGHTS.items()}
CENTERED = ("percent", "year", "money")


def _field_text(key: str):
    def text(item: Item, role) -> object:
        value = item.fields.value(key)
        if value is None:
            return ""
        if key == "progress" and role == Qt.ItemDataRole.EditRole:
            return value
        return f"{value:g}" if isinstance(value, float) else str(value)
    return text


def _light_text(item: Item, _role) -> str:
    word = LIGHT_WORDS[item.light.colour]
    return f"{word} {item.timing}" if item.timing else word


def _light_colour(item: Item):
    return QColor(LIGHT_COLOURS[item.light.colour])


def _bold():
    f = QFont()
    f.setBold(True)
    return f


TITLE_TIP = lambda item: f"{item.title}\n{item.text[:600]}"  # noqa: E731
LIGHT_TIP = lambda item: item.light.reason + (f"；{item.timing}" if item.timing else "")  # noqa: E731
FIELD_TIP = {k: (lambda item, k=k: item.fields.value(k) or None) for k in ("note", "support_units")}

TITLE = {"value": lambda i, r: i.title, "tooltip": TITLE_TIP, "checkable": True}
LIGHT = {"value": _light_text, "tooltip": LIGHT_TIP, "foreground": _light_colour}
EVIDENCE = {"value": lambda i, r: str(i.evidence) if i.evidence else ""}

PROJECT_COLUMNS = (
    Column("title", tr("专栏 / 项目"), width=300, group=lambda g, done, total, weighted: g.title, **TITLE),
    Column("status", tr("状态"), editor="status", width=80,
           group=lambda g, done, total, weighted: tr("完成 {0}/{1}").format(done, total)),
    Column("progress", tr("进度%"), editor="percent", width=60,
           group=lambda g, done, total, weighted: f"{weighted:.0f}"),
    Column("lead_unit", tr("牵头单位"), editor="unit", width=120),
    Column("support_units", tr("配合单位"), editor="units", width=120, tooltip=FIELD_TIP["support_units"]),
    Column("planned_year", tr("计划完成"), editor="year", width=70),
    Column("done_date", tr("实际完成"), editor="date", width=96),
    Column("planned_invest", tr("计划投资(万元)"), editor="money", width=96),
    Column("spent_invest", tr("已完成投资(万元)"), editor="money", width=104),
    Column("light", tr("督办"), width=120, **LIGHT),
    Column("evidence", tr("材料"), width=44, **EVIDENCE),
    Column("note", tr("备注"), editor="text", width=160, tooltip=FIELD_TIP["note"]),
)
TASK_COLUMNS = (
    Column("title", tr("章节 / 任务"), width=360, **TITLE),
    Column("status", tr("状态"), editor="status", width=80),
    Column("progress", tr("进度%"), editor="percent", width=60),
    Column("lead_unit", tr("牵头单位"), editor="unit", width=120),
    Column("support_units", tr("配合单位"), editor="units", width=120, tooltip=FIELD_TIP["support_units"]),
    Column("deadline", tr("完成时限"), editor="date", width=96),
    Column("light", tr("督办"), width=84, **LIGHT),
    Column("evidence", tr("材料"), width=44, **EVIDENCE),
    Column("note", tr("进展说明"), editor="text", width=220, tooltip=FIELD_TIP["note"]),
)


@dataclass
class Node:
    key: str
    item: Item | None = None
    group: Group | None = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


class ChecklistModel(QAbstractItemModel):
    rejected = Signal(str)

    def __init__(self, kind: str, parent=None):
        super().__init__(parent)
        self.kind = kind
        self.columns = PROJECT_COLUMNS if kind == "project" else TASK_COLUMNS
        self.root = Node("root")
        self.edit_handler: Callable[[dict[int, dict], str], str | None] | None = None
        self.tick_handler: Callable[[list[int], bool], str | None] | None = None

    # ---- data in -------------------------------------------------------------------------
    def set_groups(self, groups: list[Group]) -> None:
        self.beginResetModel()
        self.root = Node("root")
        for g in groups:
            gn = Node(g.key, group=g, parent=self.root)
            gn.children = [Node(f"i{i.id}", item=i, parent=gn) for i in g.items]
            self.root.children.append(gn)
        self.endResetModel()

    def set_items(self, items: list[Item]) -> None:
        """A tree from parent ids (the plan's sections)."""
        self.beginResetModel()
        self.root = Node("root")
        nodes = {i.id: Node(f"i{i.id}", item=i) for i in items}
        for i in items:
            parent = nodes.get(i.parent_id) if i.parent_id else None
            node = nodes[i.id]
            node.parent = parent or self.root
            node.parent.children.append(node)
        self.endResetModel()

    def node(self, index: QModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def items_at(self, indexes) -> list[Item]:
        seen, out = set(), []
        for i in indexes:
            n = self.node(i)
            if n.item and n.item.id not in seen:
                seen.add(n.item.id)
                out.append(n.item)
        return out

    def find(self, item_id: int) -> QModelIndex:
        def walk(node: Node, parent: QModelIndex):
            for r, child in enumerate(node.children):
                idx = self.index(r, 0, parent)
                if child.item and child.item.id == item_id:
                    return idx
                found = walk(child, idx)
                if found is not None:
                    return found
            return None
        return walk(self.root, QModelIndex()) or QModelIndex()

    # ---- Qt structure --------------------------------------------------------------------
    def index(self, row, column, parent=QModelIndex()):
        p = self.node(parent)
        if not (0 <= row < len(p.children)) or not (0 <= column < len(self.columns)):
            return QModelIndex()
        return self.createIndex(row, column, p.children[row])

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        p = index.internalPointer().parent
        if p is None or p is self.root:
            return QModelIndex()
        return self.createIndex(p.row(), 0, p)

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        node, col = self.node(index), self.columns[index.column()]
        if node.item is None or not node.item.counted:
            return base
        if col.checkable:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable if col.editor else base

    # ---- data ----------------------------------------------------------------------------
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node, col = self.node(index), self.columns[index.column()]
        if node.group is not None:
            return self._group_data(node.group, col, role)
        item = node.item
        if not item.counted:     # background, principles, goals, a heading: context, greyed, not counted
            return self._context_data(item, col, role)
        if role == Qt.ItemDataRole.CheckStateRole and col.checkable:
            return Qt.CheckState.Checked if item.fields.status == "已完成" else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (col.value if col.value is not _nothing else _field_text(col.key))(item, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.style("tooltip", item)
        if role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole):
            return col.style("foreground", item)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.editor in CENTERED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and col.checkable and item.level == 1:
            return _bold()
        return None

    def _context_data(self, item: Item, col: Column, role):
        """A section that is not a task: its title greyed, 不计入 where its light would be."""
        if role == Qt.ItemDataRole.DisplayRole:
            if col.checkable:
                return item.title
            heading = item.context.startswith("章节标题")      # its sub-sections say enough
            return tr("不计入") if col.key == "light" and not heading else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("不计入任务统计：{0}（可选中后点“计入统计…”改为计入）").format(item.context)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#8a8a8a")
        if role == Qt.ItemDataRole.FontRole and col.checkable and item.level == 1:
            return _bold()
        return None

    def _group_data(self, g: Group, col: Column, role):
        done, total, weighted = g.completion()
        if role == Qt.ItemDataRole.DisplayRole:
            return col.group(g, done, total, weighted) if col.group else None
        if role == Qt.ItemDataRole.FontRole:
            return _bold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("已完成 {0} 个，共 {1} 个（已取消的不计）；按进度加权完成 {2:.0f}%").format(
                done, total, weighted)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor("#eef3f8")
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        node, col = self.node(index), self.columns[index.column()]
        if node.item is None:
            return False
        if role == Qt.ItemDataRole.CheckStateRole and col.checkable and self.tick_handler:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            problem = self.tick_handler([node.item.id], checked)
        elif role == Qt.ItemDataRole.EditRole and col.editor and self.edit_handler:
            current = node.item.fields.value(col.key)
            if str("" if current is None else current) == str(value):
                return True
            problem = self.edit_handler({node.item.id: {col.key: value}}, tr("修改") + col.header)
        else:
            return False
        if problem:
            self.rejected.emit(problem)
            return False
        return True
