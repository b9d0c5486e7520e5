"""The chosen plan's heading, its 专栏 projects and its section tree (the main window places
them; the indicators have their own tab)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QTreeView

from ..services import plans
from ..services.session import Session
from .text import tr


class PlanView(QObject):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.plan_id: int | None = None
        self.title = QLabel()
        self.title.setObjectName("planTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.box_model = QStandardItemModel(self)
        self.box_tree = QTreeView()
        self.box_tree.setObjectName("boxTree")
        self.box_tree.setModel(self.box_model)
        self.box_tree.setWordWrap(True)
        self.section_model = QStandardItemModel(self)
        self.section_tree = QTreeView()
        self.section_tree.setObjectName("sectionTree")
        self.section_tree.setModel(self.section_model)

    def show_plan(self, plan_id: int | None) -> None:
        self.plan_id = plan_id
        if plan_id is None:
            self.title.setText(tr("尚无规划，请从“文件 → 导入规划”导入规划文本"))
            self.subtitle.clear()
            self.box_model.clear()
            self.section_model.clear()
            return
        info = next(p for p in plans.list_plans(session=self.session) if p["id"] == plan_id)
        detail = plans.plan_detail(session=self.session, plan_id=plan_id)  # boxes, sections
        draft = tr("（征求意见稿）") if info["draft"] else ""
        self.title.setText(info["title"] + draft)
        self.subtitle.setText(
            f"{info['parent_region']} {info['region']} · {info['period']} · "
            + tr("指标 {0} 项，专栏 {1} 个（项目 {2} 个），章节 {3} 个").format(
                info["indicators"], info["boxes"], info["projects"], info["sections"]))
        self._fill_boxes(detail["boxes"])
        self._fill_sections(detail["sections"])

    def _fill_boxes(self, boxes: list[dict]) -> None:
        self.box_model.clear()
        self.box_model.setHorizontalHeaderLabels([tr("专栏 / 项目"), tr("内容")])
        for box in boxes:
            head = QStandardItem(tr("专栏{0} {1}").format(box["no"], box["title"]))
            head.setEditable(False)
            count = QStandardItem(tr("{0} 个项目").format(len(box["items"])))
            count.setEditable(False)
            for item in box["items"]:
                name = QStandardItem(item["name"])
                text = QStandardItem(item["text"])
                text.setToolTip(item["text"])
                for it in (name, text):
                    it.setEditable(False)
                head.appendRow([name, text])
            self.box_model.appendRow([head, count])
        if not boxes:
            empty = QStandardItem(tr("本规划没有专栏；其编号的任务章节即为台账清单，见“章节任务”"))
            empty.setEditable(False)
            self.box_model.appendRow([empty])
        self.box_tree.expandAll()
        self.box_tree.setColumnWidth(0, 320)

    def _fill_sections(self, sections: list[dict]) -> None:
        self.section_model.clear()
        self.section_model.setHorizontalHeaderLabels([tr("章节"), tr("内容摘要")])
        items: dict[int, QStandardItem] = {}
        for s in sections:
            title = QStandardItem(f"{s['marker']}{s['title']}")
            summary = QStandardItem(s["text"][:80].replace("\n", " "))
            summary.setToolTip(s["text"][:600])
            for it in (title, summary):
                it.setEditable(False)
            parent = items.get(s["parent_id"]) if s["parent_id"] else None
            (parent or self.section_model.invisibleRootItem()).appendRow([title, summary])
            items[s["id"]] = title
        self.section_tree.expandToDepth(0)
        self.section_tree.setColumnWidth(0, 380)
