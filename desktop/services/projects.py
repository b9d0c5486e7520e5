"""专栏 projects as the overview and the reports count them."""

from __future__ import annotations

from dataclasses import dataclass

from ..storage import plans as stored_plans
from .session import Session


@dataclass
class BoxCompletion:
    no: int
    title: str
    done: int
    total: int
    weighted: float  # mean progress %, cancelled projects left out

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0


def box_completion(*, session: Session, plan_id: int) -> list[BoxCompletion]:
    out = []
    for box in stored_plans.plan_boxes(session.store, plan_id):
        items = [j for j in box["items"] if j["status"] != "已取消"]
        done = sum(1 for j in items if j["status"] == "已完成")
        weighted = sum(100 if j["status"] == "已完成" else j["progress"] for j in items)
        out.append(BoxCompletion(box["no"], box["title"], done, len(items),
                                 weighted / len(items) if items else 0.0))
    return out
