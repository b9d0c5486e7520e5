"""Every file the program writes for the user goes through one door: written whole to a temporary
file beside the target, then put in place; a full disk or a locked file leaves no partial file and
gets a sentence."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path

from ..domain.errors import KnownError, os_reason

PART = ".part"


def write_file(path: str | Path, write: Callable[[Path], object]) -> Path:
    """`write(tmp)` writes the whole file to `tmp`; then it replaces `path` at once."""
    target = check_target(path)
    # a name of its own: two writes of one file at once (预览 and 打印 of one report) never write
    # into each other's half-written file. (Named, not made by mkstemp: the writer creates it with
    # the user's usual permissions, not readable by its owner only.)
    tmp = target.with_name(f"{target.name}.{os.urandom(6).hex()}{PART}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        _discard(tmp)
        raise KnownError(why_not_written(target, exc)) from exc
    except BaseException:
        _discard(tmp)
        raise
    return target


def check_target(path: str | Path) -> Path:
    """Refuse, before any work, a place an export cannot or must not be written."""
    target = Path(path)
    if not str(path).strip():
        raise KnownError("没有给出要写入的文件名")
    if target.is_dir():
        raise KnownError(f"“{target}”是文件夹，请给出文件名")
    blocker = next((f for f in target.parents if f.exists() and not f.is_dir()), None)
    if blocker is not None:
        raise KnownError(f"无法写入“{target}”：路径中的“{blocker.name}”是一个文件，不是文件夹")
    if _is_database(target):
        raise KnownError(f"“{target.name}”是一个数据库文件，导出不能覆盖它（会毁掉其中的数据）；请换一个文件名")
    return target


def _is_database(target: Path) -> bool:
    try:
        with target.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def why_not_written(target: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"磁盘已满，无法写入“{target}”；请清理磁盘空间后重试（没有留下不完整的文件）"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"无法写入“{target}”：没有写入权限、文件夹只读，或文件正在 Excel/WPS 等程序中打开；"
                "请关闭该文件或换一个位置")
    return f"无法写入“{target}”：{os_reason(exc)}"


def _discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)
