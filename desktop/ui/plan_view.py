"""The chosen plan's heading: its title and what it holds."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

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

    def show_plan(self, plan_id: int | None) -> None:
        self.plan_id = plan_id
        if plan_id is None:
            self.title.setText(tr("尚无规划，请从“文件 → 导入规划”导入规划文本"))
            self.subtitle.clear()
            return
        info = next(p for p in plans.list_plans(session=self.session) if p.id == plan_id)
        draft = tr("（征求意见稿）") if info.draft else ""
        if info.origin == "received":  # built from a unit's workbook, not from a plan document
            draft += tr("（由下级上报表建立：{0}）").format(info.source_name or tr("上报表"))
        if info.closed:
            draft += tr("（已结束：各年度数据已锁定）")
        self.title.setText(info.title + draft)
        boxes = (tr("专栏 {0} 个（项目 {1} 个）").format(info.boxes, info.projects)
                 if info.boxes else tr("无专栏（以编号任务章节为台账）"))
        self.subtitle.setText(
            f"{info.parent_region} {info.region} · {info.span.name}（{info.span.span_text}） · "
            + tr("指标 {0} 项，{1}，章节 {2} 个").format(info.indicators, boxes, info.sections))
