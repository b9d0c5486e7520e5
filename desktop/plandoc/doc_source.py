"""Old Word (.doc) and WPS (.wps) plan documents: converted to .docx by an installed office suite
(LibreOffice, headless, in a temporary folder, with a timeout); without one, the message says how
to save the file as .docx."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..domain.errors import DocumentError

TIMEOUT = 120   # seconds: a 200-page plan converts in a few


def office_program() -> str | None:
    """LibreOffice's soffice, from the PATH or its usual places."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = [Path("/usr/bin/soffice"), Path("/opt/libreoffice/program/soffice")]
    if sys.platform == "win32":
        for root in (os.environ.get("PROGRAMFILES", ""), os.environ.get("PROGRAMFILES(X86)", "")):
            if root:
                candidates.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    return next((str(p) for p in candidates if p.exists()), None)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # the container of Word 97–2003 and WPS files


def converted_docx(data: bytes, name: str) -> bytes:
    if not data.startswith(OLE):
        raise DocumentError(f"“{name}”不是 Word 或 WPS 文档（文件内容与扩展名不符，或已损坏），无法读取；"
                            "如能在 Word 或 WPS 中打开，请另存为 .docx 后再导入")
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in (".doc", ".wps") else ".doc"
    program = office_program()
    if program is None:
        raise DocumentError(f"“{name}”是旧版 Word/WPS 文件，本机没有安装可转换它的 LibreOffice；"
                            "请在 Word 或 WPS 中打开，另存为 .docx 后再导入")
    with tempfile.TemporaryDirectory(prefix="planledger-") as tmp:
        src = Path(tmp) / f"plan{suffix}"
        src.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()   # its own profile: never waits on a running office
        try:
            subprocess.run([program, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                            "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)],
                           capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise DocumentError(f"转换“{name}”超过 {TIMEOUT} 秒未完成，已放弃；请在 Word 或 WPS 中另存为 .docx 后再导入"
                                ) from exc
        except OSError as exc:
            raise DocumentError(f"无法启动 LibreOffice 转换“{name}”：{exc}；请另存为 .docx 后再导入") from exc
        out = Path(tmp) / "plan.docx"
        if not out.exists() or out.stat().st_size == 0:
            raise DocumentError(f"“{name}”无法转换为 .docx（文件可能已损坏，或不是 Word/WPS 文档）；"
                                "请在 Word 或 WPS 中打开，另存为 .docx 后再导入")
        return out.read_bytes()
