"""The whole audit log, filterable by date, person and plan, exported to Excel."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import KnownError
from ..storage import audit as stored
from .session import Session


def rows(*, session: Session, since: str = "", until: str = "", who: str = "",
         plan_id: int | None = None) -> list[dict]:
    return stored.audit_rows(session.store, since=since, until=until, who=who, plan_id=plan_id)


def export(*, session: Session, path: str | Path, since: str = "", until: str = "", who: str = "",
           plan_id: int | None = None) -> Path:
    from ..exchange.audit_workbook import write_audit

    data = rows(session=session, since=since, until=until, who=who, plan_id=plan_id)
    scope = "、".join(x for x in (f"{since or '最早'}至{until or '今'}", who, f"规划{plan_id}" if plan_id else "") if x)
    try:
        return write_audit(data, Path(path), f"规划台账修改记录（{scope}，共{len(data)}条）")
    except OSError as exc:
        raise KnownError(f"无法写入“{path}”：{exc.strerror or exc}") from exc
