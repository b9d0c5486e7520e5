"""专栏 projects as the overview and the reports count them."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.checklist import completion
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
        done, total, weighted = completion((j["status"], j["progress"]) for j in box["items"])
        out.append(BoxCompletion(box["no"], box["title"], done, total, weighted))
    return out
