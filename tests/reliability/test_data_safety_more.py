"""More ways a bureau's data could be lost or mixed up, found by trying to break it: an export
aimed at the database, a rebuild over an open file, a restore from a stranger's file, backups of
two databases in one folder, a reused indicator id, a link to the database."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3

import pytest

from desktop import paths
from desktop.cli import main
from desktop.domain.errors import DatabaseDamaged, DatabaseLost, KnownError
from desktop.services import backups, evaluation, evidence, instance_lock, plan_edit, submissions, values
from desktop.services.session import open_for_work, open_session
from tests.conftest import JINGYAN, PLANS, XIANGQIAO


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def user_db(home, built_db):
    db = home / "plans.db"
    shutil.copyfile(built_db, db)
    return db


def _dump(db) -> list[str]:
    c = sqlite3.connect(db)
    try:
        return list(c.iterdump())
    finally:
        c.close()


def test_an_export_never_overwrites_a_database(home, user_db, capsys):
    before = _dump(user_db)
    for args in (["export", "xlsx", "井研县", "--year", "2023"], ["export", "pdf", "井研县", "--year", "2023"],
                 ["export", "long", "井研县"], ["audit", "export"]):
        assert main(["--home", str(home), *args, "-o", str(user_db)]) == 1
        assert "数据库文件" in capsys.readouterr().err
    assert _dump(user_db) == before


def test_what_is_left_of_the_users_own_database_is_damage(home, user_db):
    s = open_session(user_db)
    backups.daily(session=s)
    s.close()
    user_db.write_bytes(b"\0" * 8192)                   # what a power cut can leave
    with pytest.raises(DatabaseDamaged):
        open_for_work()
    user_db.unlink()                                     # moved away, deleted by a sync tool
    with pytest.raises(DatabaseLost):
        open_for_work()
    assert not user_db.exists()                          # not silently the sample data again


def test_a_rebuild_never_replaces_an_open_or_unfinished_database(home, tmp_path, built_db):
    work = tmp_path / "work.db"
    shutil.copyfile(built_db, work)
    place = open_for_work(work)
    before = _sha(work)
    with pytest.raises(KnownError, match="正在被"):
        from desktop.services.database import build_database

        build_database(target=work, sources=PLANS, force=True)
    place.close()
    assert _sha(work) == before
    c = sqlite3.connect(work)                            # a program killed with its changes in -wal
    c.execute("PRAGMA wal_autocheckpoint = 0")
    c.execute("CREATE TABLE scratch (x)")
    c.commit()
    wal = tmp_path / "work.db-wal"
    shutil.copyfile(wal, tmp_path / "kept-wal")
    c.close()
    shutil.copyfile(tmp_path / "kept-wal", wal)
    assert main(["--home", str(home), "db", "build", str(work), "--force", "--sources", str(PLANS)]) == 1
    for bad in ("", str(tmp_path)):
        assert main(["--home", str(home), "db", "build", bad, "--force", "--sources", str(PLANS)]) == 1
    assert not list(tmp_path.glob("*.building"))


def test_a_restore_from_a_strangers_or_a_newer_file_changes_nothing(session, tmp_path):
    stranger = tmp_path / "other.db"
    with sqlite3.connect(stranger) as c:
        c.execute("CREATE TABLE plans (x)")
    newer = tmp_path / "newer.db"
    shutil.copyfile(session.database_path, newer)
    c = sqlite3.connect(newer)
    with c:
        c.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                  "VALUES ('planledger', '0099_future', '2027-01-01')")
    c.close()
    before = list(session.store.conn.iterdump())
    for source in (stranger, newer):
        with pytest.raises(KnownError, match="不能用这个文件恢复"):
            backups.restore(session=session, source=source)
        assert list(session.store.conn.iterdump()) == before


def test_a_strangers_database_is_never_changed_by_opening_it(home, tmp_path, capsys):
    other = tmp_path / "other_app.sqlite"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE customers (name)")
    before = _sha(other)
    assert main(["--home", str(home), "--db", str(other), "plan", "list"]) == 1
    assert "别的程序的数据库" in capsys.readouterr().err and _sha(other) == before


def test_each_database_has_its_own_backups(home, user_db, tmp_path):
    other = tmp_path / "U.db"
    shutil.copyfile(user_db, other)
    open_for_work(other).close()
    assert not (home / "backups" / "daily").exists()     # the home database's day is not taken
    open_for_work().close()
    assert len(backups.listing(user_db)) == 2 and len(backups.listing(other)) == 2
    assert backups.listing(user_db)[0].path.parent != backups.listing(other)[0].path.parent


def test_a_deleted_indicator_takes_its_evidence_and_a_reused_id_cannot_be_undone_into(session, tmp_path):
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=XIANGQIAO)]
    last = ids[-1]
    values.enter_values(session=session, items=[(last, 2023, "5")])
    scan = tmp_path / "证明.pdf"
    scan.write_bytes(b"%PDF evidence")
    evidence.attach(session=session, entity="value", entity_id=last, path=scan, year=2023)
    deleted = plan_edit.delete_indicator(session=session, indicator_id=last)
    added = plan_edit.add_indicator(session=session, plan_id=JINGYAN, fields={"name": "新指标", "unit": "%"})
    assert evidence.listing(session=session, entity="value", entity_id=added.value, year=2023) == []
    if added.value == last:                                  # SQLite gave the id again
        with pytest.raises(KnownError, match="无法再撤销"):
            deleted.undo(session)
    plan_edit.delete_indicator(session=session, indicator_id=added.value)


def test_a_locked_year_keeps_an_indicator_judged_only_by_a_person(session, tmp_path):
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    values.override_status(session=session, indicator_id=ids[1], year=2023, status="滞后", reason="无统计")
    submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "f.xlsx", final=True)
    with pytest.raises(KnownError, match="解锁本年度数据"):
        plan_edit.delete_indicator(session=session, indicator_id=ids[1])


def test_a_link_to_the_database_is_the_same_database(home, user_db, tmp_path):
    link = tmp_path / "link.db"
    os.symlink(user_db, link)
    held = instance_lock.acquire(user_db)
    try:
        with pytest.raises(instance_lock.InUse):
            instance_lock.acquire(link)
    finally:
        held.release()


def test_odd_places_get_a_sentence(home, user_db, tmp_path, capsys):
    assert main(["--home", "", "plan", "list"]) == 1
    assert "--home" in capsys.readouterr().err
    (home / "plans.db.inuse").mkdir()
    assert main(["--home", str(home), "project", "set", "井研县", "提档升级规划", "--status", "推进中"]) == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["--home", str(home), "export", "xlsx", "井研县", "--year", "2023", "-o",
                 str(blocker / "x.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "不是文件夹" in err and "Not a directory" not in err


def test_the_program_opens_when_the_days_backup_cannot_be_made(home, user_db, monkeypatch):
    def full(*a, **k):
        raise KnownError("备份失败：磁盘已满")

    monkeypatch.setattr(backups, "daily", full)
    place = open_for_work()
    assert "今日自动备份未能完成" in place.warning and not place.session.store.readonly
    place.close()


def test_the_bundled_sample_data_is_never_written(home, tmp_path, capsys):
    bundled = paths.bundled_database()
    before = _sha(bundled)
    assert main(["--home", str(home), "--db", str(bundled), "plan", "list"]) == 0
    assert _sha(bundled) == before
