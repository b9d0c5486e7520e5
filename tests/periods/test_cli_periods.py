"""The command line across periods: judge --period, value set, plan evaluate for any year of the
plan's period (and one Chinese line for any other), the import JSON's period, the hand-over,
closing and reopening; some in a separate process as a script would run them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop.cli import main
from tests.conftest import ROOT
from tests.periods.documents import JINGYAN_15


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def fifteenth(session, tmp_path, capsys) -> tuple[str, str]:
    """The database (with the 十五五 plan of 井研县 imported) and the new plan's id."""
    doc = tmp_path / "井研县十五五.txt"
    doc.write_text(JINGYAN_15, encoding="utf-8")
    db = str(session.database_path)
    session.close()
    code, out, err = run(capsys, "--db", db, "plan", "import", str(doc), "--json")
    assert code == 0, err
    return db, str(json.loads(out)["plan_id"])


def test_judge_on_the_fifteenth_period(capsys):
    code, out, _ = run(capsys, "judge", "--period", "2026-2030", "--baseline", "79.3", "--target", "80",
                       "--year", "2027", "--actual", "79.5", "--name", "人均预期寿命", "--json")
    data = json.loads(out)
    assert code == 0 and data["time_share"] == 0.4 and data["period"] == "2026-2030"
    assert data["projection_year"] == 2030 and "projection_2025" not in data
    assert "时序进度40%" in data["explanation"]


def test_judge_by_default_is_the_fourteenth_and_a_year_outside_is_one_line(capsys):
    code, out, _ = run(capsys, "judge", "--baseline", "1", "--target", "2", "--year", "2023",
                       "--actual", "1.5", "--json")
    assert json.loads(out)["time_share"] == 0.6
    code, out, err = run(capsys, "judge", "--period", "十五五", "--baseline", "1", "--target", "2",
                         "--year", "2023", "--actual", "1.5")
    assert code == 1 and "2026至2030" in err and "Traceback" not in err
    code, out, err = run(capsys, "judge", "--period", "二〇二六到三〇", "--baseline", "1", "--target", "2",
                         "--year", "2027", "--actual", "1.5")
    assert code == 1 and "规划期" in err and "无法识别" in err


def test_the_import_json_carries_the_period_and_the_hand_over(session, tmp_path, capsys):
    doc = tmp_path / "井研县十五五.txt"
    doc.write_text(JINGYAN_15, encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(session.database_path), "plan", "import", str(doc),
                       "--dry-run", "--json")
    data = json.loads(out)
    assert (data["period"], data["baseline_year"], data["target_year"]) == ("2026-2030", 2025, 2030)
    life = next(i for i in data["indicators"] if i["name"] == "人均预期寿命")
    assert (life["baseline"], life["target"]) == ("79.3", "80")
    assert data["handover"]["old_period"] == "2021-2025"
    assert {p["name"] for p in data["handover"]["pairs"]} >= {"人均预期寿命", "孕产妇死亡率"}


def test_value_set_and_evaluate_on_the_new_plan(fifteenth, capsys):
    db, plan = fifteenth
    code, out, err = run(capsys, "--db", db, "value", "set", plan, "1", "79.5", "--year", "2027",
                         "--source", "县统计年鉴", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["name"], data["value"], data["source"]) == ("人均预期寿命", "79.5", "县统计年鉴")
    code, out, _ = run(capsys, "--db", db, "value", "set", plan, "每千人口拥有3岁以下婴幼儿托位数", "4.7",
                       "--year", "2027")
    assert code == 0
    code, out, _ = run(capsys, "--db", db, "plan", "evaluate", plan, "--year", "2027", "--json")
    report = json.loads(out)
    life = next(i for i in report["indicators"] if i["name"] == "人均预期寿命")
    assert (life["actual"], life["time_share"], life["status"]) == ("79.5", 0.4, "滞后")
    seats = next(i for i in report["indicators"] if i["name"].startswith("每千人口拥有3岁"))
    assert seats["actual"] == "4.7"


@pytest.mark.parametrize(("args", "words"), [
    (["value", "set", "{plan}", "1", "79.5", "--year", "2025"], "2026至2030"),
    (["value", "set", "{plan}", "1", "七十九", "--year", "2027"], "未保存"),
    (["value", "set", "{plan}", "不存在的指标", "1", "--year", "2027"], "没有指标"),
    (["plan", "evaluate", "{plan}", "--year", "2031"], "2026至2030"),
    (["plan", "evaluate", "井研县", "--year", "2027"], "2个规划"),
])
def test_mistakes_get_one_chinese_line_and_change_nothing(fifteenth, capsys, args, words):
    db, plan = fifteenth
    import sqlite3

    with sqlite3.connect(db) as c:
        before = c.execute("SELECT count(*) FROM actuals").fetchone()[0]
    code, out, err = run(capsys, "--db", db, *[a.format(plan=plan) for a in args])
    assert code != 0 and words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM actuals").fetchone()[0] == before


def test_value_set_respects_the_year_lock_of_a_closed_plan(fifteenth, capsys):
    db, _plan = fifteenth
    code, out, err = run(capsys, "--db", db, "plan", "close", "井研县 十四五", "--note", "总结评估完成")
    assert code == 0, err
    code, out, err = run(capsys, "--db", db, "value", "set", "井研县 十四五", "1", "79", "--year", "2025")
    assert code != 0 and "锁定" in err
    code, out, err = run(capsys, "--db", db, "plan", "list")
    assert "已结束" in out
    code, out, err = run(capsys, "--db", db, "plan", "reopen", "井研县 十四五", "--reason", "补报")
    assert code == 0
    code, out, err = run(capsys, "--db", db, "value", "set", "井研县 十四五", "1", "79", "--year", "2025")
    assert code == 0, err


def test_hand_over_from_the_command_line_in_a_separate_process(fifteenth, tmp_path):
    db, plan = fifteenth

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "desktop", "--db", db, *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    assert cli("value", "set", "井研县 十四五", "孕产妇死亡率", "8.1", "--year", "2025").returncode == 0
    done = cli("plan", "handover", plan, "--take-baselines", "-o", str(tmp_path / "衔接.xlsx"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "衔接.xlsx").exists()
    data = json.loads(cli("plan", "handover", plan, "--json").stdout)
    maternal = next(p for p in data["pairs"] if p["name"] == "孕产妇死亡率")
    assert maternal["baseline"] == "8.1" and not maternal["offered"]


def test_a_document_without_a_region_is_not_saved_unless_one_is_given(session, tmp_path, capsys):
    doc = tmp_path / "无地区.txt"
    doc.write_text(JINGYAN_15.replace("井研县", ""), encoding="utf-8")
    db = str(session.database_path)
    session.close()
    code, out, err = run(capsys, "--db", db, "plan", "import", str(doc))
    assert code != 0 and "--region" in err
    code, out, err = run(capsys, "--db", db, "plan", "import", str(doc), "--region", "马边县", "--json")
    assert code == 0 and json.loads(out)["region"] == "马边县"


def test_the_period_can_be_given_on_the_command_line(session, tmp_path, capsys):
    doc = tmp_path / "无规划期.txt"
    doc.write_text(JINGYAN_15.replace("“十五五”", "").replace("2025年\t2030年", "基期值\t目标值")
                   .replace("到2030年", ""), encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(session.database_path), "plan", "import", str(doc), "--dry-run",
                       "--json")
    assert json.loads(out)["period"] == "2021-2025"          # nothing says: the default, with a finding
    code, out, _ = run(capsys, "--db", str(session.database_path), "plan", "import", str(doc), "--dry-run",
                       "--period", "十五五", "--json")
    assert json.loads(out)["period"] == "2026-2030"


def test_value_set_refuses_a_likely_slip_unless_confirmed(session, capsys):
    db = str(session.database_path)
    session.close()
    code, out, err = run(capsys, "--db", db, "value", "set", "井研县", "严重精神障碍管理率", "3.2", "--year", "2024")
    assert code != 0 and "不到基期值97的十分之一" in err and "--confirm" in err
    code, out, err = run(capsys, "--db", db, "value", "set", "井研县", "严重精神障碍管理率", "3.2", "--year", "2024",
                         "--confirm", "--json")
    assert code == 0 and json.loads(out)["value"] == "3.2"
