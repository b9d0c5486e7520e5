"""The command line: the commands of the foundation, in-process and as `python -m desktop`."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from desktop.cli import main
from desktop.storage.migrations import known_names
from tests.conftest import ROOT, SEEDS


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_list_json_lists_the_five_plans(session, capsys):
    code, out, _ = run(capsys, "--db", str(session.database_path), "plan", "list", "--json")
    rows = json.loads(out)
    assert code == 0
    assert [r["region"] for r in rows] == ["四平市", "井研县", "聊城市", "相山区", "湘桥区"]
    assert [r["indicators"] for r in rows] == [20, 28, 22, 18, 18]


def test_db_check_prints_schema_version_and_ok(session, capsys):
    code, out, _ = run(capsys, "--db", str(session.database_path), "db", "check")
    assert code == 0
    assert f"schema version {len(known_names())}" in out and out.strip().endswith("ok")


def test_db_check_json(session, capsys):
    code, out, _ = run(capsys, "--db", str(session.database_path), "db", "check", "--json")
    report = json.loads(out)
    assert code == 0 and report["integrity"] == "ok"
    assert report["schema_version"] == report["program_schema_version"] == len(known_names())


def test_db_backup_writes_a_complete_copy(session, tmp_path, capsys):
    target = tmp_path / "backup" / "copy.db"
    code, out, _ = run(capsys, "--db", str(session.database_path), "db", "backup", str(target))
    assert code == 0 and target.exists()
    with sqlite3.connect(target) as c:
        assert c.execute("SELECT count(*) FROM plans").fetchone()[0] == 5
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_db_build_builds_the_five_plans(tmp_path, capsys):
    target = tmp_path / "fresh.db"
    code, out, _ = run(capsys, "db", "build", str(target))
    assert code == 0 and "5 个规划" in out
    with sqlite3.connect(target) as c:
        assert c.execute("SELECT count(*) FROM projects").fetchone()[0] == 27 + 25 + 34


def test_an_error_is_one_chinese_line_and_a_nonzero_exit(home, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run(capsys, "plan", "import", str(empty))
    assert code == 1 and out == ""
    assert err.startswith("错误：") and len(err.strip().splitlines()) == 1 and "空的" in err


def test_home_option_keeps_the_database_there(tmp_path, capsys):
    code, out, err = run(capsys, "--home", str(tmp_path / "h"), "plan", "list", "--json")
    assert code == 1 and "不存在" in err and "--create" in err and not (tmp_path / "h").exists()
    code, out, _ = run(capsys, "--home", str(tmp_path / "h"), "--create", "plan", "list", "--json")
    assert code == 0 and (tmp_path / "h" / "plans.db").exists()
    from desktop import paths

    paths.set_home(None)


@pytest.mark.parametrize("args", [[], ["plan"], ["db"], ["plan", "import"], ["db", "build"]])
def test_help_is_in_chinese_and_english(args, capsys):
    with pytest.raises(SystemExit) as info:
        main([*args, "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out)
    assert any(word in out.lower() for word in ("plan", "database", "file", "import", "list"))


def test_python_m_desktop_runs_as_a_program(session, tmp_path):
    env = {"PLANLEDGER_HOME": str(tmp_path / "h2"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "desktop", "plan", "import", "--dry-run", "--json",
                          str(SEEDS["jingyan"])], capture_output=True, text=True, cwd=ROOT,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["region"] == "井研县" and len(data["indicators"]) == 28
    assert set(data["indicators"][0]) >= {"seq", "domain", "name", "unit", "baseline", "target",
                                          "attribute", "catalogue_key"}
    assert data["boxes"][0]["items"][0] == {
        "name": "疾病防控救治能力提升工程", "text": "改善疾病预防控制中心基础条件，新建疾控中心检验大楼。"}
    # a dry run saves nothing
    with sqlite3.connect(tmp_path / "h2" / "plans.db") as c:
        assert c.execute("SELECT count(*) FROM plans").fetchone()[0] == 5


def test_judge_prints_the_issue_shape(capsys):
    code, out, _ = run(capsys, "judge", "--baseline", "15.53", "--target", "≤14.5", "--year", "2023",
                       "--actual", "14.90", "--name", "孕产妇死亡率", "--json")
    data = json.loads(out)
    assert code == 0
    assert {"status", "progress", "time_share", "expected", "direction", "rule",
            "explanation"} <= set(data)
    assert data["status"] == "基本符合预期" and data["time_share"] == 0.6
    assert abs(data["progress"] - 0.6117) < 1e-3 and data["rule"]["kind"] == "comparison"


def test_judge_with_previous_years_and_binding(capsys):
    code, out, _ = run(capsys, "judge", "--baseline", "—", "--target", "力争每年降低1个百分点",
                       "--year", "2022", "--actual", "51", "--previous", "2021=51.5",
                       "--attribute", "约束性", "--name", "青少年总体近视率", "--json")
    data = json.loads(out)
    assert data["status"] == "滞后" and data["warning"] is True


def test_judge_refuses_a_bad_actual(capsys):
    code, out, err = run(capsys, "judge", "--baseline", "1", "--target", "2", "--year", "2023",
                         "--actual", "abc")
    assert code == 1 and "不是数值" in err


def test_plan_evaluate_by_region(session, capsys):
    code, out, _ = run(capsys, "--db", str(session.database_path), "plan", "evaluate", "湘桥区",
                       "--year", "2023", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["indicators"]) == 18 and data["counts"] == {"未填报": 18}


def test_project_list_and_set(session, capsys):
    db = str(session.database_path)
    code, out, _ = run(capsys, "--db", db, "project", "list", "聊城市", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 34 and rows[0]["status"] == "未启动"
    code, out, _ = run(capsys, "--db", db, "project", "set", "聊城市", "社区医院建设", "--status", "已完成",
                       "--lead", "市卫生健康委", "--spent-invest", "1200", "--json")
    row = json.loads(out)
    assert code == 0 and (row["status"], row["progress"], row["lead_unit"], row["spent_invest"]) == (
        "已完成", 100, "市卫生健康委", 1200)
    assert row["done_date"]
    code, _, err = run(capsys, "--db", db, "project", "set", "聊城市", "社区医院建设", "--progress", "abc")
    assert code == 1 and "不是数字" in err
    code, _, err = run(capsys, "--db", db, "project", "set", "聊城市", "不存在的项目", "--status", "推进中")
    assert code == 1 and "没有找到" in err


def test_export_and_import_from_the_command_line(session, tmp_path, capsys):
    db = str(session.database_path)
    out = tmp_path / "t.xlsx"
    code, text, _ = run(capsys, "--db", db, "export", "template", "相山区", "--year", "2023", "-o", str(out))
    assert code == 0 and out.exists()
    import openpyxl

    wb = openpyxl.load_workbook(out)
    wb["指标"]["J6"] = 5
    wb["指标"]["J7"] = "坏值"
    wb.save(tmp_path / "bad.xlsx")
    code, text, _ = run(capsys, "--db", db, "submission", "import", str(tmp_path / "bad.xlsx"), "--json")
    data = json.loads(text)
    assert code == 1 and data["applied"] is False and "指标!J7" in data["rejected"][0]
    wb["指标"]["J7"] = 0.3
    wb.save(tmp_path / "good.xlsx")
    code, text, _ = run(capsys, "--db", db, "submission", "import", str(tmp_path / "good.xlsx"),
                        "--dry-run", "--json")
    assert code == 0 and json.loads(text)["applied"] is False
    code, text, _ = run(capsys, "--db", db, "submission", "import", str(tmp_path / "good.xlsx"), "--json")
    assert code == 0 and json.loads(text)["applied"] is True
    code, text, _ = run(capsys, "--db", db, "export", "long", "相山区", "--format", "json", "-o",
                        str(tmp_path / "l.json"))
    assert code == 0 and len(json.loads((tmp_path / "l.json").read_text())["dataValues"]) == 2
    code, text, _ = run(capsys, "--db", db, "submission", "list", "--json")
    sid = json.loads(text)[0]["id"]
    code, text, _ = run(capsys, "--db", db, "submission", "return", str(sid), "--reason", "请补充数据来源",
                        "-o", str(tmp_path / "note.txt"))
    assert code == 0 and "请补充数据来源" in (tmp_path / "note.txt").read_text(encoding="utf-8")


def test_export_docx_writes_a_word_report(session, tmp_path, capsys):
    import docx

    out = tmp_path / "井研县-2023年评估报告.docx"
    code, _, err = run(capsys, "--db", str(session.database_path), "export", "docx", "井研县", "--year", "2023",
                       "-o", str(out))
    assert code == 0, err
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "中期评估报告" in text and "一、总体情况" in text


def test_export_docx_writes_the_years_summary_too(session, tmp_path, capsys):
    import docx

    out = tmp_path / "井研县-2023年度进展情况.docx"
    code, _, err = run(capsys, "--db", str(session.database_path), "export", "docx", "井研县", "--year", "2023",
                       "--kind", "summary", "-o", str(out))
    assert code == 0, err
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2023年度进展情况" in text and "单位盖章" in text
    assert document.sections[0].page_width > document.sections[0].page_height


def test_profile_set_and_show_say_who_the_bureau_is(session, capsys):
    code, _, err = run(capsys, "--db", str(session.database_path), "profile", "set", "--plan", "井研县",
                       "--name", "李明", "--unit", "井研县卫生健康局")
    assert code == 0, err
    code, out, err = run(capsys, "--db", str(session.database_path), "profile", "show")
    assert code == 0, err
    assert "本单位地区：乐山市" not in out and "本单位地区：井研县（县）" in out
    assert "井研县“十四五”卫生健康发展规划" in out and "示例规划：4 个" in out
    code, out, _ = run(capsys, "--db", str(session.database_path), "plan", "list")
    assert "井研县" in out and "四平市" not in out          # the samples are hidden


ARGPARSE_ENGLISH = ("error:", "usage:", "the following arguments are required", "invalid choice",
                    "unrecognized arguments", "expected one argument", "invalid int value", "argument ")


def _commands():
    """Every command of the command line, as (group, action) with its parser."""
    import argparse

    from desktop.cli import build_parser

    top = build_parser()
    groups = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    for name, group in groups.choices.items():
        subs = [a for a in group._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            yield (name,), group
            continue
        for action, parser in subs[0].choices.items():
            yield (name, action), parser


@pytest.mark.parametrize("words, parser", list(_commands()), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_commands_missing_or_invalid_arguments_are_told_in_chinese(words, parser, capsys):
    required = [a for a in parser._actions if a.required or (not a.option_strings and a.nargs is None)]
    told = []
    if required:
        with pytest.raises(SystemExit) as ex:
            main(list(words))
        assert ex.value.code == 2
        told.append(capsys.readouterr().err)
    numbers = [a for a in parser._actions if a.type is int and a.option_strings]
    for a in numbers:
        with pytest.raises(SystemExit):
            main([*words, a.option_strings[0], "二〇二三"])
        told.append(capsys.readouterr().err)
    with pytest.raises(SystemExit):
        main([*words, "--no-such-option"])
    told.append(capsys.readouterr().err)
    for err in told:
        assert "错误：" in err, err
        assert not [w for w in ARGPARSE_ENGLISH if w in err], err


def test_plan_import_update_applies_a_corrected_edition_and_a_plain_import_refuses_a_second_copy(
        session, tmp_path, capsys):
    from tests.conftest import SEEDS

    text = SEEDS["jingyan"].read_text(encoding="utf-8").replace("\n\t78.47\n", "\n\t78.50\n", 1)
    revised = tmp_path / "井研县规划修订稿.txt"
    revised.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "--db", str(session.database_path), "plan", "import", str(revised))
    assert code == 1 and "井研县“十四五”卫生健康发展规划" in err and "重复" in err
    code, out, err = run(capsys, "--db", str(session.database_path), "plan", "import", str(revised), "--update")
    assert code == 0, err
    assert "人均预期寿命：基期值“78.47”→“78.50”" in out and "已更新" in out


def test_a_hidden_sample_can_still_be_chosen_and_a_file_is_named_for_what_it_is(session, tmp_path, capsys):
    db = str(session.database_path)
    assert run(capsys, "--db", db, "profile", "set", "--plan", "none", "--region", "乐山市")[0] == 0
    code, out, _ = run(capsys, "--db", db, "plan", "list")
    assert "井研县" not in out                               # every bundled plan a hidden sample now
    code, out, err = run(capsys, "--db", db, "profile", "set", "--plan", "井研县")
    assert code == 0, err
    assert "井研县" in run(capsys, "--db", db, "plan", "list")[1]
    code, _, err = run(capsys, "--db", db, "export", "docx", "井研县", "--year", "2023", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and ".docx" in err and not (tmp_path / "x.pdf").exists()


def test_a_program_that_leaves_without_teardown_still_says_everything_and_its_exit_code(session, tmp_path):
    """`python -m desktop` ends the process without the interpreter's teardown once main returns:
    a large output piped to another program arrives whole, and a refusal still exits 1 with its
    sentence."""
    env = {"PLANLEDGER_HOME": str(tmp_path / "h3"), "PATH": "/usr/bin:/bin"}
    run = lambda *args: subprocess.run([sys.executable, "-m", "desktop", "--create", *args],  # noqa: E731
                                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    out = run("plan", "import", "--dry-run", "--json", str(SEEDS["liaocheng"]))
    assert out.returncode == 0 and json.loads(out.stdout)["region"] == "聊城市"     # whole: it parses
    out = run("export", "pdf", "99", "--year", "2023", "-o", str(tmp_path / "x.pdf"))
    assert out.returncode == 1 and "错误：" in out.stderr and not (tmp_path / "x.pdf").exists()


def test_several_workbooks_import_as_one_batch_from_the_command_line(session, empty_session, tmp_path, capsys,
                                                                     monkeypatch):
    """`submission import a.xlsx b.xlsx …`: read on every core as the window reads a batch; a bad
    file stops the whole batch by name with nothing imported; then the good ones land, each unit once."""
    from desktop.services import submission_import, submissions

    monkeypatch.setattr(submission_import, "PARALLEL_FROM", 2)       # read by processes of their own
    files = [str(submissions.export_workbook(session=session, plan_id=p, year=2023, path=tmp_path / f"{p}.xlsx"))
             for p in (1, 2, 3, 4, 5)]
    (tmp_path / "空的.xlsx").write_bytes(b"")
    city = str(empty_session.database_path)
    code, text, err = run(capsys, "--db", city, "submission", "import", *files, str(tmp_path / "空的.xlsx"),
                          "--json")
    data = json.loads(text)
    assert code == 1 and data["applied"] is False and "空的.xlsx" in data["rejected"][0] and "空的.xlsx" in err
    assert empty_session.store.scalar("SELECT count(*) FROM plans") == 0
    code, text, _ = run(capsys, "--db", city, "submission", "import", *files, "--dry-run")
    assert code == 0 and "未导入（仅预览）" in text and empty_session.store.scalar("SELECT count(*) FROM plans") == 0
    code, text, _ = run(capsys, "--db", city, "submission", "import", *files)
    assert code == 0 and "已导入 5 份上报表" in text
    regions = {r["region"] for r in empty_session.store.query("SELECT region FROM plans")}
    assert len(regions) == 5 and "井研县" in regions


def test_output_that_cannot_be_written_is_not_an_exit_code_of_0(session, tmp_path):
    """`planledger plan list > 满了的盘`: the output cannot be written; the program says so and exits
    non-zero (it ends without the interpreter's teardown, which would have said so itself)."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}   # as a clerk's machine
    env["PLANLEDGER_HOME"] = str(tmp_path / "h4")
    with open("/dev/full", "w") as full:        # a disk with no space left
        out = subprocess.run([sys.executable, "-m", "desktop", "--create", "plan", "list"], stdout=full,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode != 0 and "输出未能写完" in out.stderr


@pytest.mark.parametrize("argv", [
    [], ["--smoke"], ["--home", "D:/规划 台账"], ["--home=/tmp/x", "--smoke"], ["--db", "a.db", "--create"],
    ["--home", "one", "--home", "two"], ["--home="], ["--create", "--db=b.db", "--home", "h"],
])
def test_the_windows_options_are_read_as_the_full_parser_reads_them(argv):
    """The window's start reads its four options without argparse: to the same values."""
    from desktop.cli import _window_args, build_parser

    quick, full = _window_args(argv), build_parser().parse_args(argv)
    assert quick is not None and full.group is None
    assert {k: getattr(quick, k) for k in ("home", "db", "smoke", "create")} == \
           {k: getattr(full, k) for k in ("home", "db", "smoke", "create")}


@pytest.mark.parametrize("argv", [
    ["plan", "list"], ["--help"], ["--home"], ["--home", "--smoke"], ["--smoke=1"], ["--hom", "x"], ["--version"],
    ["--home", "x", "plan", "list"],
])
def test_anything_else_goes_to_the_full_parser(argv):
    """A command, help, a missing value or an abbreviation: the full parser reads it (and says
    what is wrong in Chinese)."""
    from desktop.cli import _window_args

    assert _window_args(argv) is None
