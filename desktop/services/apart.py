"""Work done in a process of its own, for the window.

A PDF report registers four CJK faces, and reportlab keeps each face (its file's bytes and its
tables as Python objects) for the life of the process; the heap it used is not given back to the
system either. Printed from the window, one summary took the window from 90 MB to about 210 MB for
the rest of the day. The window therefore asks a child process — the program itself, started with
`--apart` — to write the PDF; the child ends when it is written and its memory with it.

The request and the answer go through two small files, not the child's standard output: a
program installed without a console may have none.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from .. import paths
from ..domain.errors import KnownError

FLAG = "--apart"
TIMEOUT = 900       # seconds: a 2,000-indicator summary takes a few; a child that hangs is ended


def command() -> list[str]:
    """How this program is started again: the installed program itself, or this Python with the
    package."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "desktop"]


def export_pdf(*, db_path: str | Path, readonly: bool, plan_id: int, year: int, path: str | Path,
               kind: str = "summary") -> Path:
    """services.reports.export_pdf, done by a child process on the same database: the same file,
    the same refusals (told in the same words), or a sentence saying the child failed."""
    return Path(_run({"job": "pdf", "db": str(db_path), "readonly": bool(readonly), "plan_id": int(plan_id),
                      "year": int(year), "path": str(path), "kind": kind})["path"])


def _run(request: dict) -> dict:
    import subprocess

    with tempfile.TemporaryDirectory(prefix="planledger-") as folder:
        asked, answered = Path(folder) / "request.json", Path(folder) / "answer.json"
        asked.write_text(json.dumps({**request, "home": str(paths.home())}, ensure_ascii=False), encoding="utf-8")
        env = dict(os.environ)
        if not getattr(sys, "frozen", False):     # the package found wherever the child starts
            root = str(Path(__file__).resolve().parent.parent.parent)
            env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)     # no console flashing up on Windows
        try:
            done = subprocess.run([*command(), FLAG, str(asked), str(answered)], env=env, capture_output=True,
                                  timeout=TIMEOUT, creationflags=flags, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise KnownError(f"生成报告的进程 {TIMEOUT // 60} 分钟未完成，已停止；未生成报告") from exc
        except OSError as exc:
            raise KnownError(f"无法启动生成报告的进程（{exc.strerror or exc}），未生成报告") from exc
        try:
            answer = json.loads(answered.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] if done.stderr else []
            raise KnownError(f"生成报告的进程意外退出（退出码 {done.returncode}），未生成报告"
                             + (f"：{tail[0][:200]}" if tail else "")) from None
    if "error" in answer:
        raise KnownError(answer["error"])
    return answer


def child(asked: str, answered: str) -> int:
    """The child's side: do the job asked, write the answer (the file, or the refusal in the words
    the window shows). An unforeseen error is logged with its traceback, as the window logs one."""
    try:
        request = json.loads(Path(asked).read_text(encoding="utf-8"))
        if request.get("home"):
            paths.set_home(request["home"])
        answer = _do(request)
    except KnownError as exc:
        answer = {"error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - a bug: logged, told in one sentence
        from . import logbook

        log = logbook.bug(exc, "生成报告")
        answer = {"error": f"程序出现意外错误，报告未生成；详细信息已记录在 {log or '（日志无法写入）'}，"
                           f"请发给信息科（{type(exc).__name__}）"}
    partial = Path(answered).with_suffix(".part")
    partial.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    partial.replace(answered)
    return 0


def _do(request: dict) -> dict:
    from .session import open_session

    if request.get("job") != "pdf":
        raise KnownError(f"未知的任务：{request.get('job')}")
    from . import reports

    session = open_session(request["db"], readonly=request["readonly"])
    try:
        out = reports.export_pdf(session=session, plan_id=request["plan_id"], year=request["year"],
                                 path=request["path"], kind=request["kind"])
    finally:
        session.close()
    return {"path": str(out)}
