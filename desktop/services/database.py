"""Database actions: check, back up, build the bundled database from the plan documents."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import DatabaseDamaged, DatabaseMissing, KnownError, NotADatabase, SchemaTooNew
from ..storage import maintenance, open_store
from ..storage import plans as stored_plans
from .session import Session

BUILDER = "规划台账（内置数据）"


def check_database(*, session: Session) -> dict:
    return maintenance.integrity(session.store)


def check_file(*, path: Path) -> dict:
    """The whole-file check of a database file as it is: read-only, nothing migrated."""
    try:
        store = open_store(path, readonly=True, create=False)
    except KnownError as exc:
        if isinstance(exc, (DatabaseDamaged, SchemaTooNew, NotADatabase, DatabaseMissing)):
            raise
        # a WAL database in a folder that cannot be written: read through a copy
        from .session import _read_only_copy

        store = _read_only_copy(path, str(exc)).session.store
    try:
        report = maintenance.integrity(store)
        report["path"] = str(path)
        return report
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

    if not str(target).strip():
        raise KnownError("没有给出要生成的数据库文件名")
    target, sources = Path(target), Path(sources)
    if target.is_dir():
        raise KnownError(f"“{target}”是文件夹，请给出数据库文件的名称")
    if target.exists() and target.resolve() == paths.database().resolve():
        raise KnownError(f"“{target}”是正在使用的数据库，不能用重建覆盖它（会丢失全部填报数据）；"
                         "请给出另一个文件名")
    if target.exists() and not force:
        raise KnownError(f"“{target}”已存在；重建会替换它的全部内容。确需替换请加 --force（会先把原文件另存一份）")
    if not sources.is_dir():
        raise KnownError(f"“{sources}”不是文件夹")
    lock = None
    if target.exists():   # replaced only when no program has it open and nothing is left unsaved
        from . import instance_lock

        lock = instance_lock.acquire(target)
        wal = Path(f"{target}-wal")
        if wal.exists() and wal.stat().st_size:
            lock.release()
            raise KnownError(f"“{target.name}”上次未正常关闭，还有未写入的修改；请先用规划台账打开它一次，"
                             "或换一个文件名")
    try:
        return _build(target, sources, files_of(sources))
    finally:
        if lock is not None:
            lock.release()


def files_of(sources: Path) -> list[Path]:
    return sorted(p for p in sources.iterdir() if p.suffix.lower() in (".txt", ".docx"))


def _build(target: Path, sources: Path, files: list[Path]) -> BuildResult:
    from .. import paths

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
    except BaseException:
        store.close()
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    store.close()
    if target.exists():  # replaced only with --force: the old file goes to the backups first
        import datetime as dt
        import shutil

        kept = paths.backups() / "events" / f"重建前-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.db"
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, kept)
    os.replace(tmp, target)
    for stale in (Path(f"{target}-wal"), Path(f"{target}-shm")):  # empty: checked above, under the lock
        stale.unlink(missing_ok=True)
    return BuildResult(target, plans)
