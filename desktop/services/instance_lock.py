"""One writer: a second copy of the program on the same database is told who has it open."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import KnownError


class InUse(KnownError):
    def __init__(self, holder: dict):
        since = holder.get("since", "").replace("T", " ")[:16]
        super().__init__(f"数据库正在被 {holder.get('user', '?')}（{holder.get('host', '?')}）"
                         f"使用，自 {since} 起打开。可以只读方式打开查看，或等对方关闭程序后再试。")
        self.holder = holder


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would send Ctrl+C there, not ask
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _alive_windows(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # access denied: it exists, under another user
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259
    finally:
        kernel32.CloseHandle(handle)


@dataclass
class Lock:
    path: Path
    held: bool = False
    after_crash: bool = False  # the last program on this database ended without closing it

    def release(self) -> None:
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def holder(db_path: Path) -> dict | None:
    try:
        return json.loads(lock_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def acquire(db_path: Path) -> Lock:
    """Take the lock, or raise InUse; a lock left by a crashed program on this PC is taken over."""
    path = lock_path(db_path)
    me = {"user": _user(), "host": _host(), "pid": os.getpid(),
          "since": dt.datetime.now().isoformat(timespec="seconds")}
    crashed = False
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            other = holder(db_path) or {}
            stale = other.get("host") == me["host"] and not _alive(int(other.get("pid", 0)))
            if stale or not other:
                path.unlink(missing_ok=True)  # left by a program that crashed
                crashed = True
                continue
            raise InUse(other) from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(me, fh, ensure_ascii=False)
        return Lock(path, True, after_crash=crashed)
    raise InUse(holder(db_path) or {})


def _host() -> str:
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "")  # Windows


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "未知用户"
