"""Plan actions: list the plans, read a plan document, import it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import DuplicateDocument, KnownError
from ..domain.records import PlanSummary, StoredIndicator, StoredPlan
from ..storage import plans as stored_plans
from .ops import Changes, OpResult
from .session import Session

if TYPE_CHECKING:  # only named in annotations: the start does not load the document model
    from ..domain.plan import PlanDocument


def list_plans(*, session: Session) -> list[PlanSummary]:
    return stored_plans.list_plans(session.store)


def read_document(*, path: str | Path) -> PlanDocument:
    """Read a plan document for preview; nothing is saved."""
    from ..plandoc import read_plan_file  # the reader is not needed to start the window

    return read_plan_file(path)


def already_imported(*, session: Session, document: PlanDocument) -> dict | None:
    return stored_plans.find_by_hash(session.store, document.source_hash)


def save_plan(*, session: Session, document: PlanDocument) -> OpResult:
    """Store a (previewed, possibly corrected) plan document as one audited change."""
    existing = already_imported(session=session, document=document)
    if existing:
        raise DuplicateDocument(
            f"这份规划文本已经导入过（“{existing['title']}”，编号 {existing['id']}），未重复导入")
    from . import backups

    backups.before(session=session, action="导入规划前")
    plan_id = stored_plans.insert_plan(session.store, document, who=session.who)
    # not undone step by step: a backup was made before, and the audit log keeps the import
    return OpResult(f"导入规划 {document.region}", Changes((plan_id,), plans=True, select=plan_id))


def import_plan(*, session: Session, path: str | Path, dry_run: bool = False
                ) -> tuple[PlanDocument, OpResult | None]:
    document = read_document(path=path)
    if dry_run:
        return document, None
    return document, save_plan(session=session, document=document)


def plan_info(*, session: Session, plan_id: int) -> StoredPlan:
    row = stored_plans.plan_row(session.store, plan_id)
    if row is None:
        raise KnownError("没有找到该规划")
    return row


def resolve_plan(*, session: Session, plan: str | int) -> int:
    """A plan named by its id or its region (as the command line takes it)."""
    rows = list_plans(session=session)
    text = str(plan).strip()
    for r in rows:
        if text == str(r.id) or text in (r.region, r.title):
            return r.id
    matches = [r for r in rows if text and text in r.title]
    if len(matches) == 1:
        return matches[0].id
    raise KnownError(f"没有找到规划“{plan}”；可用 plan list 查看编号和地区")


def plan_indicators(*, session: Session, plan_id: int) -> list[StoredIndicator]:
    return stored_plans.plan_indicators(session.store, plan_id)
