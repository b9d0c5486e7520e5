"""Database actions: check, back up, build the bundled database from the plan documents."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import KnownError
from ..storage import maintenance, open_store
from ..storage import plans as stored_plans
from .session import Session

BUILDER = "规划台账（内置数据）"


def check_database(*, session: Session) -> dict:
    return maintenance.integrity(session.store)


def quick_check(*, session: Session) -> bool:
    return maintenance.quick_check(session.store)


def backup_database(*, session: Session, target: str | Path) -> Path:
    return maintenance.backup_to(session.store, Path(target))


@dataclass
class BuildResult:
    path: Path
    plans: list[dict]


def build_database(*, target: str | Path, sources: str | Path) -> BuildResult:
    """Build a database from every plan document in `sources`, in name order, from scratch."""
    target, sources = Path(target), Path(sources)
    files = sorted(p for p in sources.iterdir() if p.suffix.lower() in (".txt", ".docx"))
    if not files:
        raise KnownError(f"文件夹“{sources}”中没有规划文本（.txt 或 .docx）")
    tmp = target.with_name(target.name + ".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    from ..plandoc import read_plan_file  # only the build needs the reader

    store = open_store(tmp)
    try:
        for path in files:
            stored_plans.insert_plan(store, read_plan_file(path), who=BUILDER, origin="bundled")
        plans = stored_plans.list_plans(store)
        maintenance.pack_for_shipping(store)
    finally:
        store.close()
    os.replace(tmp, target)
    return BuildResult(target, plans)
