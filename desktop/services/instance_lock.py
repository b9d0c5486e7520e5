"""One writer: an operating-system lock on the data folder's database, held while the program runs.

The lock is the operating system's on an open file (fcntl.flock on Linux, msvcrt.locking on
Windows, as the `filelock` package does; its import alone was 25-35 ms of every start): the system
releases it when the process ends, however it ends, so there is no stale lock to guess about and
two copies started at the same moment cannot both take it. Beside it a small info file says who holds it (for "在用：
姓名 @ 主机，自 …") and, left behind by a program that did not close, tells a crash from a clean exit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import DatabaseInUse, DatabaseReadOnly, os_reason


class InUse(DatabaseInUse):
    def __init__(self, holder: dict):
        since = holder.get("since", "").replace("T", " ")[:16]
        who = f"{holder.get('user', '?')}（{holder.get('host', '?')}）" if holder else "另一个规划台账程序"
        super().__init__(f"数据库正在被 {who}使用" + (f"，自 {since} 起打开" if since else "")
                         + "。可以只读方式打开查看，或等对方关闭程序后再试。")
        self.holder = holder


class OsLock:
    """An exclusive, non-blocking lock on one file, held while its descriptor is open."""

    def __init__(self, path: str):
        self.path = path
        self.fd: int | None = None

    @property
    def is_locked(self) -> bool:
        return self.fd is not None

    def acquire(self) -> bool:
        """True when taken; False when another process (or another handle) holds it. OSError when
        the file cannot be opened (a folder that cannot be written)."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if os.name == "nt":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK):
                return False
            raise
        self.fd = fd
        return True

    def release(self) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        try:
            if os.name == "nt":
                import msvcrt

                os.lseek(fd, 0, os.SEEK_SET)      # the byte that was locked
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


@dataclass
class Lock:
    path: Path
    handle: OsLock | None = None
    after_crash: bool = False  # the last program on this database ended without closing it

    @property
    def held(self) -> bool:
        return self.handle is not None and self.handle.is_locked

    def release(self) -> None:
        if self.handle is not None and self.handle.is_locked:
            with contextlib.suppress(OSError):
                info_path(self.path).unlink(missing_ok=True)   # a clean exit leaves no info file
            self.handle.release()
        self.handle = None


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def info_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".inuse")


def holder(db_path: Path) -> dict | None:
    try:
        data = json.loads(info_path(Path(db_path).resolve()).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def acquire(db_path: Path) -> Lock:
    """Take the lock, or raise InUse naming who has it. The path is resolved first: a database
    reached through a link is the same database."""
    db_path = Path(db_path).resolve()
    handle = OsLock(str(lock_path(db_path)))
    try:
        taken = handle.acquire()
    except OSError as exc:  # the folder cannot be written: the caller opens read-only
        raise DatabaseReadOnly(f"数据文件夹“{db_path.parent}”不可写（{os_reason(exc)}）") from exc
    if not taken:
        raise InUse(holder(db_path) or {})
    crashed = info_path(db_path).is_file()
    me = {"user": _user(), "host": _host(), "pid": os.getpid(),
          "since": dt.datetime.now().isoformat(timespec="seconds")}
    with contextlib.suppress(OSError):  # the lock itself holds; only the "who" would be missing
        info_path(db_path).write_text(json.dumps(me, ensure_ascii=False), encoding="utf-8")
    return Lock(db_path, handle, after_crash=crashed)


def _host() -> str:
    """This computer's name (without loading the socket module at every start)."""
    if os.name == "nt":
        return os.environ.get("COMPUTERNAME", "") or "未知计算机"
    return os.uname().nodename or "未知计算机"


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "未知用户"
