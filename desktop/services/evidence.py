"""佐证材料: evidence files for a project, a task or an indicator's value of a year."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from .. import paths
from ..domain.errors import KnownError, os_reason
from ..storage import checklist as stored
from ..storage import files
from .ops import Changes, OpResult, chain
from .session import Session

MAX_BYTES = 50 * 1024 * 1024
ALLOWED = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".pdf",
           ".ofd", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".csv", ".ppt", ".pptx",
           ".dps", ".txt", ".zip", ".rar", ".7z"}
ENTITIES = ("project", "task", "value")


def _changes(plan_id: int, entity: str, entity_id: int) -> Changes:
    return Changes((plan_id,), frozenset([entity_id]) if entity == "value" else frozenset(),
                   checklist=frozenset(["evidence"]))


def _plan_of(session: Session, entity: str, entity_id: int) -> int:
    plan_id = stored.plan_of(session.store, entity, entity_id)
    if plan_id is None:
        raise KnownError("要附加材料的项目、任务或指标已不存在")
    return plan_id


def attach(*, session: Session, entity: str, entity_id: int, path: str | Path,
           year: int | None = None) -> OpResult:
    """Keep a copy of the file (by content) and record it; the result's value is the record's id."""
    source = Path(path)
    if entity not in ENTITIES:
        raise KnownError("佐证材料只能附加到项目、任务或指标的年度数值")
    if entity == "value" and year is None:
        raise KnownError("指标数值的佐证材料需要指明年份")
    suffix = source.suffix.lower()
    if suffix not in ALLOWED:
        raise KnownError(f"“{source.name}”的文件类型（{suffix or '无扩展名'}）不在可接受范围；"
                         "请上传图片、PDF、OFD、Word、Excel、WPS 或压缩包")
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise KnownError(f"无法读取“{source.name}”：{os_reason(exc)}") from exc
    if size > MAX_BYTES:
        raise KnownError(f"“{source.name}”有 {size / 1024 / 1024:.1f} MB，超过50 MB的上限；"
                         "请压缩或分成几个文件")
    if size == 0:
        raise KnownError(f"“{source.name}”是空文件")
    plan_id = _plan_of(session, entity, entity_id)
    sha, size = files.store_file(paths.attachments(), source)
    row_id = stored.add_attachment(session.store, {
        "plan_id": plan_id, "entity": entity, "entity_id": entity_id, "year": year,
        "name": files.safe_name(source.name) if source.name else "佐证材料", "sha256": sha,
        "size": size, "mime": mimetypes.guess_type(source.name)[0] or "",
    }, who=session.who)
    row = stored.attachment(session.store, row_id)
    changes = _changes(plan_id, entity, entity_id)
    undo = chain("添加佐证材料", changes,
                 lambda s: stored.restore_attachment(s.store, row, who=s.who),
                 lambda s: stored.remove_attachment(s.store, row_id, who=s.who, reason="撤销添加"))
    return OpResult(f"添加佐证材料 {row['name']}", changes, undo, value=row_id)


def listing(*, session: Session, entity: str, entity_id: int, year: int | None = None) -> list[dict]:
    return stored.attachments(session.store, entity, entity_id, year)


def file_path(*, session: Session, attachment_id: int) -> Path:
    """The stored file, for the system viewer to open (read it, never write it)."""
    row = stored.attachment(session.store, attachment_id)
    if row is None:
        raise KnownError("该佐证材料已被删除")
    path = files.blob_path(paths.attachments(), row["sha256"])
    if not path.exists():
        raise KnownError(f"佐证材料“{row['name']}”的文件在数据文件夹中找不到，请从备份恢复")
    return path


def export(*, session: Session, attachment_id: int, folder: str | Path) -> Path:
    row = stored.attachment(session.store, attachment_id)
    if row is None:
        raise KnownError("该佐证材料已被删除")
    return files.export_file(paths.attachments(), row["sha256"], row["name"], Path(folder))


def remove(*, session: Session, attachment_id: int, reason: str = "") -> OpResult:
    """Remove the record (the stored file stays: other records or backups may refer to it)."""
    row = stored.remove_attachment(session.store, attachment_id, who=session.who, reason=reason)
    if row is None:
        raise KnownError("该佐证材料已被删除")
    changes = _changes(row["plan_id"], row["entity"], row["entity_id"])
    undo = chain("删除佐证材料", changes,
                 lambda s: stored.remove_attachment(s.store, attachment_id, who=s.who, reason=reason),
                 lambda s: stored.restore_attachment(s.store, row, who=s.who))
    return OpResult(f"删除佐证材料 {row['name']}", changes, undo, value=row)
