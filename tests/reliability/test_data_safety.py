"""Ordinary paths that must never erase or hide a bureau's data: a newer program's database, the
live database under `db build`, a read-only folder, a typo in --db, backups with their evidence."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import zipfile

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop import paths
from desktop.domain.errors import DatabaseDamaged, KnownError, SchemaTooNew
from desktop.services import backups, database, evaluation, evidence, values
from desktop.services import session as sessions
from desktop.services.session import open_for_work, open_session
from tests.conftest import JINGYAN


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def user_db(home, built_db):
    home.mkdir(parents=True, exist_ok=True)
    db = home / "plans.db"
    shutil.copyfile(built_db, db)
    return db


def _newer(db) -> None:
    c = sqlite3.connect(db)
    with c:
        c.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                  "VALUES ('planledger', '0099_from_the_future', '2027-01-01')")
    c.close()


def test_a_newer_schema_is_never_offered_a_restore(app, home, user_db, monkeypatch):
    """The issue's case 2: a healthy file from a newer program was moved aside for an old backup."""
    from desktop.ui import app as app_module

    s = open_session(user_db)
    backups.daily(session=s)        # a good backup exists that could be offered
    s.close()
    _newer(user_db)
    before = _sha(user_db)
    asked, told = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2])
                        or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: told.append(a[2]))
    assert app_module._open(str(user_db)) is None
    assert not asked and "更新版本" in told[0]
    assert _sha(user_db) == before and not list(home.glob("plans.db.damaged-*"))
    with pytest.raises(SchemaTooNew):
        open_for_work(user_db)
    with pytest.raises(KnownError, match="不需要从备份恢复"):  # and the service refuses it too
        backups.recover(db_path=user_db, backup=backups.newest_good().path)


def test_db_build_never_replaces_the_live_database(home, user_db, tmp_path):
    """The issue's case 3."""
    from desktop.cli import main
    from tests.conftest import PLANS

    s = open_session(user_db)
    ids = [x.id for x in evaluation.evaluate_plan(session=s, plan_id=JINGYAN)]
    values.enter_values(session=s, items=[(ids[0], 2023, "78.9")])
    s.close()
    before = _sha(user_db)
    assert main(["--home", str(home), "db", "build", str(user_db), "--sources", str(PLANS)]) == 1
    assert main(["--home", str(home), "db", "build", str(user_db), "--force", "--sources",
                 str(PLANS)]) == 1
    assert _sha(user_db) == before
    other = tmp_path / "other.db"
    shutil.copyfile(user_db, other)
    assert main(["--home", str(home), "db", "build", str(other), "--sources", str(PLANS)]) == 1
    assert _sha(other) == before
    assert main(["--home", str(home), "db", "build", str(other), "--force", "--sources",
                 str(PLANS)]) == 0
    kept = list((home / "backups" / "events").glob("重建前-*.db"))
    assert len(kept) == 1 and _sha(kept[0]) == before


def test_a_read_only_folder_opens_read_only_with_its_reason(app, home, user_db, monkeypatch):
    """The issue's case 5: a write-protected stick is not a damaged database. (The tests run as
    root, who may write anywhere, so the folder's refusal is simulated at the permission check.)"""
    s = open_session(user_db)
    ids = [x.id for x in evaluation.evaluate_plan(session=s, plan_id=JINGYAN)]
    values.enter_values(session=s, items=[(ids[0], 2023, "78.9")])
    s.store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    values.enter_values(session=s, items=[(ids[2], 2023, "9.5")])   # still only in the -wal file
    s.close()
    before = _sha(user_db)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode & os.W_OK else real(p, mode))
    place = open_for_work(user_db)
    assert "不可写" in place.readonly_reason and place.session.store.readonly
    states = evaluation.evaluate_plan(session=place.session, plan_id=JINGYAN)
    assert (states[0].cells[2023].text, states[2].cells[2023].text) == ("78.9", "9.5")
    with pytest.raises(KnownError, match="只读"):
        values.enter_values(session=place.session, items=[(ids[0], 2024, "79")])
    from desktop.ui.main_window import MainWindow

    w = MainWindow(place.session, readonly_reason=place.readonly_reason)
    assert not w.readonly_banner.isHidden() and "不可写" in w.readonly_banner.text()
    w.close()
    place.close()
    assert _sha(user_db) == before


def test_a_missing_database_is_never_created_silently(home, tmp_path, capsys):
    from desktop.cli import main

    typo = tmp_path / "plnas.db"
    assert main(["--home", str(home), "--db", str(typo), "plan", "list"]) == 1
    err = capsys.readouterr().err
    assert "不存在" in err and "--create" in err and not typo.exists()
    assert main(["--home", str(home), "--db", str(typo), "--create", "plan", "list"]) == 0
    assert typo.exists()


def test_a_data_folder_that_is_a_file(tmp_path, monkeypatch, capsys):
    from desktop.cli import main

    f = tmp_path / "not-a-folder"
    f.write_text("x")
    monkeypatch.setenv(paths.ENV_HOME, str(f))
    paths.set_home(None)
    assert main(["plan", "list"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：") and "是一个文件" in err and "\n" not in err


def test_db_check_and_backup_of_a_damaged_file(home, damaged_db, tmp_path, capsys):
    from desktop.cli import main

    assert main(["--home", str(home), "db", "check"]) == 1
    out = capsys.readouterr()
    assert "数据库有问题" in out.out and "Traceback" not in out.err
    target = tmp_path / "copy.db"
    assert main(["--home", str(home), "db", "backup", str(target)]) == 1
    err = capsys.readouterr().err
    assert ("损坏" in err or "检查未通过" in err) and not target.exists()
    with pytest.raises(DatabaseDamaged):
        open_for_work(damaged_db)


def test_event_backups_rotate_by_date_not_by_name(home, user_db):
    """The issue's case 6: "导入上报表前-…" sorts after "升级前-…"; the newest by date are kept."""
    s = open_session(user_db)
    events = home / "backups" / "events"
    events.mkdir(parents=True, exist_ok=True)
    for k in range(35):  # older backups whose names sort after the one made now
        stamp = (dt.datetime(2026, 1, 1) + dt.timedelta(days=k)).strftime("%Y%m%d-%H%M%S-%f")
        shutil.copyfile(user_db, events / f"重建前-{stamp}.db")
    made = backups.before(session=s, action="导入上报表前")
    kept = sorted(p.name for p in events.glob("*.db"))
    assert made.exists() and len(kept) == backups.KEEP["events"]
    assert "重建前-20260101-000000-000000.db" not in kept       # the oldest went
    s.close()


def test_backups_hold_the_evidence_and_a_restore_brings_it_back(home, user_db, tmp_path):
    s = open_session(user_db)
    scan = tmp_path / "验收报告.pdf"
    scan.write_bytes(b"%PDF-1.4 evidence")
    project = s.store.query("SELECT id FROM projects ORDER BY id LIMIT 1")[0]["id"]
    att = evidence.attach(session=s, entity="project", entity_id=project, path=scan).value
    backups.before(session=s, action="测试")
    manual = tmp_path / "手工备份.db"
    backups.to_file(session=s, target=manual)
    assert (tmp_path / "手工备份.db-佐证材料").is_dir()
    shutil.rmtree(paths.attachments())          # the evidence folder lost
    result = backups.restore(session=s, source=backups.listing()[0].path)
    assert result.missing_evidence == []
    assert evidence.file_path(session=s, attachment_id=att).read_bytes() == scan.read_bytes()
    shutil.rmtree(paths.attachments())
    shutil.rmtree(backups.files_folder())
    result = backups.restore(session=s, source=manual)   # from the folder beside the file
    assert result.missing_evidence == []
    shutil.rmtree(paths.attachments())
    shutil.rmtree(backups.files_folder(), ignore_errors=True)
    shutil.rmtree(tmp_path / "手工备份.db-佐证材料")
    assert backups.restore(session=s, source=manual).missing_evidence == ["验收报告.pdf"]
    s.close()


def test_leftovers_of_a_killed_backup_or_export_are_cleaned(home, user_db):
    leftovers = [home / "backups" / "daily" / "plans-20260101.db.part", home / "plans.db.part",
                 home / "attachments" / "ab" / ("ab" * 32 + ".part")]
    for p in leftovers:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"half")
    place = open_for_work(user_db)
    place.close()
    assert not any(p.exists() for p in leftovers)


def test_an_export_on_a_full_disk_leaves_no_partial_file(session, tmp_path, monkeypatch):
    from desktop.services import reports, submissions

    def full(self, *a, **k):
        raise OSError(28, "No space left on device")

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)     # the disk fills while the file is written
    with pytest.raises(KnownError, match="磁盘已满"):
        submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=out / "s.xlsx")
    monkeypatch.undo()
    from reportlab.platypus import BaseDocTemplate

    monkeypatch.setattr(BaseDocTemplate, "build", full)
    with pytest.raises(KnownError, match="磁盘已满"):
        reports.export_pdf(session=session, plan_id=JINGYAN, year=2023, path=out / "r.pdf")
    assert list(out.iterdir()) == []


def test_a_docx_bomb_is_refused_before_it_is_parsed(session, tmp_path):
    import time

    from desktop.services import plans

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + "<w:p/>" * 8_000_000 + "</w:document>")
    assert bomb.stat().st_size < 2_000_000
    start = time.perf_counter()
    with pytest.raises(KnownError, match="过大"):
        plans.import_plan(session=session, path=bomb)
    assert time.perf_counter() - start < 5   # refused from the zip directory, not by parsing


def test_session_module_has_no_second_lock_or_backup_path():
    """The window and the command line open data through the same service."""
    import inspect

    from desktop import cli
    from desktop.ui import app as app_module

    assert "open_for_work" in inspect.getsource(app_module._open)
    assert "open_for_work" in inspect.getsource(cli.run)
    assert "instance_lock.acquire" not in inspect.getsource(app_module)
    assert sessions.open_for_work is open_for_work and database is not None
