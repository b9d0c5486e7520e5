"""A report written by a child process: the file, the child's refusal in its words, a child that dies."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.domain.errors import KnownError
from desktop.services import apart
from tests.conftest import JINGYAN


def test_the_child_writes_the_report_from_the_database_as_committed(session, home, tmp_path):
    from desktop.services import values

    values.set_report_texts(session=session, plan_id=JINGYAN, year=2023, texts={"成效": "子进程读到的成效一段。"})
    out = apart.export_pdf(db_path=session.database_path, readonly=False, plan_id=JINGYAN, year=2023,
                           path=tmp_path / "评估.pdf", kind="evaluation")
    text = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True).stdout
    assert out == tmp_path / "评估.pdf" and "子进程读到的成效一段。" in text.replace("\n", "")


def test_a_refusal_in_the_child_is_the_same_sentence(session, home, tmp_path):
    with pytest.raises(KnownError, match="应以 .pdf 结尾"):
        apart.export_pdf(db_path=session.database_path, readonly=False, plan_id=JINGYAN, year=2023,
                         path=tmp_path / "报告.docx")
    with pytest.raises(KnownError, match="年份|年度|2019"):
        apart.export_pdf(db_path=session.database_path, readonly=False, plan_id=JINGYAN, year=2019,
                         path=tmp_path / "报告.pdf")
    assert not (tmp_path / "报告.pdf").exists()


def test_a_child_that_dies_is_told_not_taken_for_a_report(monkeypatch, home, tmp_path):
    monkeypatch.setattr(apart, "command", lambda: [sys.executable, "-c", "import sys; sys.exit(7)"])
    with pytest.raises(KnownError, match="意外退出（退出码 7）"):
        apart.export_pdf(db_path=tmp_path / "x.db", readonly=True, plan_id=1, year=2023, path=tmp_path / "a.pdf")


def test_two_prints_of_one_file_at_once_leave_one_whole_pdf_and_no_part_file(session, home, tmp_path):
    """预览 and 打印 write the same file: each child writes its own temporary file, so both succeed,
    the file left is a whole PDF of one of them, and nothing half-written stays beside it."""
    import threading

    target = tmp_path / "井研县-2023年年度进展情况.pdf"
    results, errors = [], []

    def one(kind):
        try:
            results.append(apart.export_pdf(db_path=session.database_path, readonly=False, plan_id=JINGYAN,
                                            year=2023, path=target, kind=kind))
        except KnownError as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=one, args=(k,)) for k in ("summary", "evaluation", "summary")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and results == [target] * 3
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True)
    assert info.returncode == 0 and "Pages:" in info.stdout
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == [target.name]   # no .part left


def test_a_written_report_has_the_users_usual_permissions(session, home, tmp_path):
    """Written through a temporary file of its own name, the report is readable as any file the
    user makes (a temporary file made by mkstemp would have left it readable by its owner only)."""
    import os

    from desktop.services import reports

    out = reports.export_pdf(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "r.pdf")
    probe = tmp_path / "probe.txt"
    probe.write_text("x")
    assert os.stat(out).st_mode & 0o777 == os.stat(probe).st_mode & 0o777
