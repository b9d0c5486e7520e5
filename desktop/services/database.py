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


def check_file(*, path: Path) -> dict:
    """The whole-file check of a database file as it is: read-only, nothing migrated."""
    store = open_store(path, readonly=True, create=False)
    try:
        return maintenance.integrity(store)
    finally:
        store.close()


def quick_check(*, session: Session) -> bool:
    return maintenance.quick_check(session.store)


def backup_database(*, session: Session, target: str | Path) -> Path:
    """A backup to a named file (with the evidence files beside it), only of a sound database:
    a damaged copy is worse than none, it would be trusted later."""
    from . import backups

    if not maintenance.quick_check(session.store):
        raise KnownError("数据库文件检查未通过（已损坏），没有备份：损坏的文件不能当作备份。"
                         "请用“备份与恢复”从最近一份完好的备份恢复")
    return backups.to_file(session=session, target=target)


@dataclass
class BuildResult:
    path: Path
    plans: list[dict]


def build_database(*, target: str | Path, sources: str | Path, force: bool = False) -> BuildResult:
    """Build a database from every plan document in `sources`, in name order, from scratch.
    Never over the live database; over another existing file only with `force`, after a copy."""
    from .. import paths

    target, sources = Path(target), Path(sources)
    if target.exists() and target.resolve() == paths.database().resolve():
        raise KnownError(f"“{target}”是正在使用的数据库，不能用重建覆盖它（会丢失全部填报数据）；"
                         "请给出另一个文件名")
    if target.exists() and not force:
        raise KnownError(f"“{target}”已存在；重建会替换它的全部内容。确需替换请加 --force（会先把原文件另存一份）")
    if not sources.is_dir():
        raise KnownError(f"“{sources}”不是文件夹")
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
    if target.exists():  # replaced only with --force: the old file goes to the backups first
        import datetime as dt
        import shutil

        kept = paths.backups() / "events" / f"重建前-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.db"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, kept)
    os.replace(tmp, target)
    return BuildResult(target, plans)
