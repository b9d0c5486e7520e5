"""The whole audit log, filterable by date, person and plan, exported to Excel."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import KnownError
from ..storage import audit as stored
from .output import write_file
from .session import Session


def _date(text: str, label: str) -> str:
    """A date as typed (2026-12-01, 2026/12/1, 2026年12月1日) in the form the log keeps, or refused."""
    import datetime as dt
    import re

    t = (text or "").strip()
    if not t:
        return ""
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", t)
    try:
        if m:
            return dt.date(*map(int, m.groups())).isoformat()
    except ValueError:
        pass
    raise KnownError(f"{label}“{t}”无法识别，请按 2026-12-01 的格式填写")


def rows(*, session: Session, since: str = "", until: str = "", who: str = "",
         plan_id: int | None = None) -> list[dict]:
    return stored.audit_rows(session.store, since=since, until=until, who=who, plan_id=plan_id)


def export(*, session: Session, path: str | Path, since: str = "", until: str = "", who: str = "",
           plan_id: int | None = None) -> Path:
    from ..exchange.audit_workbook import write_audit

    since, until = _date(since, "起始日期"), _date(until, "截止日期")
    data = rows(session=session, since=since, until=until, who=who, plan_id=plan_id)
    scope = "、".join(x for x in (f"{since or '最早'}至{until or '今'}", who, f"规划{plan_id}" if plan_id else "") if x)
    return write_file(path, lambda tmp: write_audit(data, tmp, f"规划台账修改记录（{scope}，共{len(data)}条）"))
