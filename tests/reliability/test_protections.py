"""Backups, restore, one writer, damaged files, year locks, attachment names, old databases."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3

import pytest

from desktop.domain.errors import KnownError
from desktop.services import backups, evaluation, instance_lock, plan_edit, submissions, values
from desktop.services.session import open_session
from desktop.storage.files import safe_name
from tests.conftest import JINGYAN, ROOT, SIPING


def test_daily_backup_once_a_day_and_rotation(session, home):
    made = backups.daily(session=session, today=dt.date(2023, 3, 1))
    assert {p.name for p in made} == {"plans-20230301.db", "plans-202303.db"}
    assert backups.daily(session=session, today=dt.date(2023, 3, 1)) == []
    for k in range(40):
        backups.daily(session=session, today=dt.date(2023, 3, 2) + dt.timedelta(days=k * 10))
    assert len(list((home / "backups" / "daily").glob("*.db"))) == 30
    assert len(list((home / "backups" / "monthly").glob("*.db"))) == 12
    assert all(backups.is_good(b.path) for b in backups.listing()[:3])


def test_restore_backs_up_the_current_state_first(session, home):
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=SIPING)]
    values.enter_values(session=session, items=[(ids[2], 2023, "14.9")])
    saved = backups.to_file(session=session, target=home / "before.db")
    values.enter_values(session=session, items=[(ids[2], 2023, "13.0")])
    result = backups.restore(session=session, source=saved)
    assert evaluation.evaluate_plan(session=session, plan_id=SIPING)[2].cells[2023].text == "14.9"
    with sqlite3.connect(result.safety) as c:  # and what was replaced can be found again
        assert c.execute("SELECT value_text FROM actuals WHERE indicator_id = ?", [ids[2]]).fetchone() == ("13.0",)
    bad = home / "bad.db"
    bad.write_bytes(b"no")
    with pytest.raises(KnownError, match="已损坏"):
        backups.restore(session=session, source=bad)


def test_imports_take_a_backup_first(session, home, tmp_path):
    path = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "s.xlsx")
    submissions.apply_import(session=session, preview=submissions.preview_import(session=session, path=path))
    assert any(p.name.startswith("导入上报表前") for p in (home / "backups" / "events").glob("*.db"))


def test_one_writer_and_a_crashed_one(tmp_path):
    db = tmp_path / "plans.db"
    db.write_bytes(b"")
    lock = instance_lock.acquire(db)
    assert not lock.after_crash
    with pytest.raises(instance_lock.InUse) as info:
        instance_lock.acquire(db)
    assert "使用" in str(info.value) and "起打开" in str(info.value)
    lock.release()
    again = instance_lock.acquire(db)      # a clean close leaves nothing behind
    assert again.held and not again.after_crash
    again.release()
    # a program killed while holding it: the system frees the lock, the info file tells the crash
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from desktop.services import instance_lock;"
        f"held = instance_lock.acquire(Path({str(db)!r})); print('held', flush=True); time.sleep(60)")],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout.readline().strip() == "held"
    with pytest.raises(instance_lock.InUse):
        instance_lock.acquire(db)
    child.kill()
    child.wait()
    after = instance_lock.acquire(db)
    assert after.held and after.after_crash and instance_lock.holder(db)["pid"] == os.getpid()
    after.release()


def test_two_copies_started_together_never_both_write(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "plans.db"
    code = ("import time; from pathlib import Path; from desktop.services import instance_lock\n"
            "try:\n"
            f"    lock = instance_lock.acquire(Path({str(db)!r})); print('won', flush=True); time.sleep(3)\n"
            "except instance_lock.InUse:\n    print('refused', flush=True)\n")
    children = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                                 cwd=ROOT) for _ in range(4)]
    outcomes = sorted(c.communicate(timeout=60)[0].strip() for c in children)
    assert outcomes == ["refused", "refused", "refused", "won"]


def test_a_read_only_session_refuses_changes(session):
    ro = open_session(session.database_path, readonly=True)
    ids = [s.id for s in evaluation.evaluate_plan(session=ro, plan_id=SIPING)]
    with pytest.raises(KnownError, match="只读"):
        values.enter_values(session=ro, items=[(ids[0], 2023, "79")])
    ro.close()


def test_a_damaged_database_is_detected_and_recovered(damaged_db):
    db = damaged_db
    try:
        broken = open_session(db)
        from desktop.services import database

        healthy = database.quick_check(session=broken)
        broken.close()
    except KnownError:
        healthy = False
    assert not healthy
    good = backups.newest_good()
    assert good is not None
    damaged = backups.recover(db_path=db, backup=good.path)
    assert damaged.exists()  # kept aside, never deleted
    fixed = open_session(db)
    assert len(fixed.store.query("SELECT id FROM plans")) == 5
    fixed.close()


def test_year_lock_after_a_final_submission(session, tmp_path):
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    values.enter_values(session=session, items=[(ids[2], 2023, "12")])
    path = submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "f.xlsx",
                                       final=True)
    assert 2023 in values.year_locks(session=session, plan_id=JINGYAN)
    with pytest.raises(KnownError, match="已锁定"):
        values.enter_values(session=session, items=[(ids[2], 2023, "11")])
    values.enter_values(session=session, items=[(ids[2], 2024, "11")])  # other years stay open
    preview = submissions.preview_import(session=session, path=path)
    with pytest.raises(KnownError, match="已锁定"):  # an import cannot slip past the lock either
        import openpyxl

        wb = openpyxl.load_workbook(path)
        wb["指标"]["J6"] = 10
        wb.save(tmp_path / "g.xlsx")
        submissions.apply_import(session=session,
                                 preview=submissions.preview_import(session=session, path=tmp_path / "g.xlsx"))
    assert preview.ok
    assert evaluation.evaluate_plan(session=session, plan_id=JINGYAN)[2].cells[2023].text == "12"
    with pytest.raises(KnownError, match="理由"):
        values.unlock_year(session=session, plan_id=JINGYAN, year=2023, reason="")
    values.unlock_year(session=session, plan_id=JINGYAN, year=2023, reason="市卫健委退回修改")
    values.enter_values(session=session, items=[(ids[2], 2023, "11")])
    audit = session.store.query("SELECT action, reason FROM audit_log WHERE entity = 'year_locks'")
    assert [a["action"] for a in audit] == ["锁定年度", "解锁年度"] and audit[1]["reason"] == "市卫健委退回修改"


@pytest.mark.parametrize(("what", "act"), [
    ("人工判断", lambda s, i: values.override_status(session=s, indicator_id=i, year=2023,
                                                  status="滞后", reason="数据口径调整")),
    ("调整目标", lambda s, i: values.adjust_target(session=s, indicator_id=i, target="≤12",
                                               reason="中期评估", on="2023-06-30")),
    ("改基期值", lambda s, i: plan_edit.edit_indicator(session=s, indicator_id=i,
                                                   fields={"baseline_text": "30"})),
    ("改目标值", lambda s, i: plan_edit.edit_indicator(session=s, indicator_id=i,
                                                   fields={"target_text": "≤5"})),
    ("改方向", lambda s, i: values.set_direction(session=s, indicator_id=i, direction="higher")),
    ("对标值", lambda s, i: values.set_benchmark(session=s, indicator_id=i, year=2023, value=10.0)),
    ("删除指标", lambda s, i: plan_edit.delete_indicator(session=s, indicator_id=i, reason="重复")),
])
def test_a_locked_year_keeps_its_result(session, tmp_path, what, act):
    """Every change that would alter a locked year's judgement is refused, naming the unlock."""
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    values.enter_values(session=session, items=[(ids[2], 2023, "12")])
    submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "f.xlsx",
                                final=True)
    before = list(session.store.conn.iterdump())
    with pytest.raises(KnownError, match="解锁本年度数据"):
        act(session, ids[2])
    assert list(session.store.conn.iterdump()) == before
    # an indicator with no value in the locked year is still free to change
    plan_edit.edit_indicator(session=session, indicator_id=ids[3], fields={"target_text": "≤5"})
    values.unlock_year(session=session, plan_id=JINGYAN, year=2023, reason="上级退回")
    act(session, ids[2])


@pytest.mark.parametrize(("name", "safe"), [
    ("../../etc/passwd", "passwd"), ("/etc/shadow", "shadow"), ("C:\\Windows\\system32\\x.pdf", "x.pdf"),
    ("CON.pdf", "_CON.pdf"), ("nul", "_nul"), ("a<b>c|d?.jpg", "a_b_c_d_.jpg"),
    ("照片" * 200 + ".png", "照片" * 60 + ".png"), ("", "_佐证材料"), ("..", "_佐证材料"),
    ("NUL.tar.zip", "_NUL.tar.zip"), ("con.1.pdf", "_con.1.pdf"), ("COM¹.pdf", "_COM¹.pdf"),
    ("发票\u202efdp.exe", "发票fdp.exe"),
])
def test_attachment_names_are_made_safe(name, safe):
    assert safe_name(name) == safe


def test_an_evidence_file_with_a_hostile_name_stays_inside(session, home, tmp_path):
    from desktop.services import checklist, evidence

    item = [i for g in checklist.projects(session=session, plan_id=JINGYAN) for i in g.items][0]
    f = tmp_path / "CON.pdf"
    f.write_bytes(b"%PDF-1.4")
    aid = evidence.attach(session=session, entity="project", entity_id=item.id, path=f).value
    stored = evidence.file_path(session=session, attachment_id=aid)
    assert stored.resolve().is_relative_to((home / "attachments").resolve())
    out = evidence.export(session=session, attachment_id=aid, folder=tmp_path / ".")
    assert out.parent == tmp_path and out.name == "_CON.pdf"


def test_the_first_released_schema_opens_migrated_after_a_backup(home, tmp_path):
    db = tmp_path / "old.db"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "schema-0001.db", db)
    s = open_session(db)
    assert s.store.schema_version >= 5
    states = evaluation.evaluate_plan(session=s, plan_id=SIPING)
    assert states[0].row.name == "人均预期寿命" and states[0].cells[2021].text == "77.5"
    values.enter_values(session=s, items=[(states[0].id, 2022, "77.8")])  # and it works on
    s.close()
    before = list((backups.root_for(db) / "upgrades").glob("升级前-*.db"))   # this file's own backups
    assert len(before) == 1
    with sqlite3.connect(before[0]) as c:
        assert [r[0] for r in c.execute("SELECT name FROM _sqlite_migrations")] == ["0001_initial"]


def test_audit_export_filters(session, tmp_path):
    import openpyxl

    from desktop.services import audit

    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=SIPING)]
    values.enter_values(session=session, items=[(ids[2], 2023, "14.9")])
    path = audit.export(session=session, path=tmp_path / "a.xlsx", plan_id=SIPING,
                        since=dt.date.today().isoformat())
    ws = openpyxl.load_workbook(path).active
    assert ws["A2"].value == "时间" and ws.max_row >= 3
    rows = audit.rows(session=session, who="nobody")
    assert rows == []
    everything = audit.rows(session=session)
    assert len(everything) > len(audit.rows(session=session, plan_id=SIPING))


def test_a_locked_year_keeps_the_judgement_it_was_submitted_with(session, tmp_path):
    """A later change of the rules (here the judging margin) never rewrites a submitted year."""
    from desktop.services import settings

    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    values.enter_values(session=session, items=[(ids[0], 2023, "78.52"), (ids[0], 2024, "78.52")])
    submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "f.xlsx",
                                final=True)
    settings.set_margin(session=session, margin=0.5)
    cells = evaluation.evaluate_plan(session=session, plan_id=JINGYAN)[0].cells
    assert cells[2023].status == "滞后" and "时序进度60%，滞后" in cells[2023].explanation
    assert cells[2024].status != "滞后"          # an open year follows the new rule
    values.unlock_year(session=session, plan_id=JINGYAN, year=2023, reason="退回重报")
    assert evaluation.evaluate_plan(session=session, plan_id=JINGYAN)[0].cells[2023].status == "基本符合预期"


def test_an_adjusted_target_judges_from_its_year_on(session):
    ids = [s.id for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)]
    values.enter_values(session=session, items=[(ids[0], 2022, "78.52"), (ids[0], 2024, "78.52")])
    values.adjust_target(session=session, indicator_id=ids[0], target="78.5", reason="中期评估调整",
                         on="2023-06-30", from_year=2024)
    cells = evaluation.evaluate_plan(session=session, plan_id=JINGYAN)[0].cells
    assert "目标78.6" in cells[2022].explanation     # before the adjustment: the printed target
    assert "目标78.5" in cells[2024].explanation and cells[2024].status == "提前完成"
    with pytest.raises(KnownError, match="起始年度"):
        values.adjust_target(session=session, indicator_id=ids[0], target="78.5", reason="x",
                             on="2023-06-30", from_year=2031)


@pytest.mark.parametrize(("code", "words"), [
    ("SQLITE_FULL", "磁盘已满"), ("SQLITE_BUSY", "另一程序使用"), ("SQLITE_READONLY", "不可写"),
    ("SQLITE_CORRUPT", "已损坏"), ("SQLITE_IOERR_WRITE", "无法读写"),
])
def test_sqlite_errors_are_told_in_chinese_by_their_code(code, words):
    """By SQLite's error code, never its English text ("database or disk is full")."""
    from desktop.storage.database import known_error

    exc = sqlite3.OperationalError("some English text")
    exc.sqlite_errorname = code
    told = known_error(exc, None)
    assert isinstance(told, KnownError) and words in str(told) and "English" not in str(told)
