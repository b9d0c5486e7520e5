"""The command line over services. No arguments opens the window."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from . import __version__, paths
from .domain.errors import KnownError
from .domain.period import DEFAULT as DEFAULT_PERIOD

if TYPE_CHECKING:
    import argparse

# argparse's own sentences, in Chinese: it looks them up through gettext at the moment it speaks
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出 / show this help",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s（用 --help 查看用法）\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "invalid %(type)s value: %(value)r": "值 %(value)r 格式不对（应为数字）",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r 不是可选的值（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "至多一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "需要参数 %s 之一",
    "ignored explicit argument %r": "多余的值 %r",
    "int": "整数", "float": "数字",
}


def _chinese_argparse() -> None:
    import argparse

    argparse._ = lambda text: ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: ARGPARSE_ZH.get(one if n == 1 else many,  # type: ignore[attr-defined]
                                                             one if n == 1 else many)


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    _chinese_argparse()
    parser = argparse.ArgumentParser(
        prog="planledger",
        description="规划台账：卫生健康五年规划（“十四五”“十五五”……）台账。不带参数时打开窗口。\n"
                    "PlanLedger: the ledger of a health plan. Without arguments it opens the window.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"规划台账 PlanLedger {__version__}")
    parser.add_argument("--home", metavar="DIR",
                        help="把数据库、备份、附件和设置都放在此文件夹 / keep all data under DIR")
    parser.add_argument("--db", metavar="FILE", help="打开指定的数据库文件 / open this database file")
    parser.add_argument("--create", action="store_true",
                        help="--home 文件夹或 --db 文件不存在时新建 / create the --home folder or --db file")
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)  # open, paint, quit
    sub = parser.add_subparsers(dest="group", metavar="命令 command")

    plan = sub.add_parser("plan", help="规划 / plans")
    plan_sub = plan.add_subparsers(dest="action", metavar="子命令", required=True)
    p = plan_sub.add_parser("list", help="列出数据库中的规划 / list the plans")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")
    p = plan_sub.add_parser("import", help="导入规划文本（.docx/.pdf/.doc/.wps/.txt） / import a plan document")
    p.add_argument("file", help="规划文本文件 / the plan document")
    p.add_argument("--dry-run", action="store_true", help="只读取并显示，不保存 / read only, save nothing")
    p.add_argument("--region", default=None, help="地区（文本中识别不出或识别错时填写） / the region")
    p.add_argument("--period", default=None,
                   help="规划期，如 2026-2030 或 十五五（覆盖从文本读出的） / the plan period")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")
    p.add_argument("--update", action="store_true",
                   help="修订后的文本：更新同一地区同一规划期的已有规划（保留已填数据） / a corrected edition")

    p = plan_sub.add_parser("close", help="结束规划：锁定各年度并标为已结束 / close a plan")
    p.add_argument("plan", help="规划编号或地区名 / plan id or region")
    p.add_argument("--note", default="", help="说明 / note")
    p = plan_sub.add_parser("reopen", help="重新打开已结束的规划 / reopen a closed plan")
    p.add_argument("plan", help="规划编号或地区名 / plan id or region")
    p.add_argument("--reason", required=True, help="理由 / reason")
    p = plan_sub.add_parser("handover", help="与上一规划期衔接：期末值对照、结转项目 / hand-over from the plan before")
    p.add_argument("plan", help="新规划的编号或“地区 规划期” / the new plan")
    p.add_argument("--take-baselines", action="store_true",
                   help="规划文本缺基期值的指标采用上一规划期末填报值 / fill missing baselines")
    p.add_argument("--carry", nargs="*", default=[], metavar="project:ID",
                   help="结转上一规划期的未完成项目或任务，如 project:12 task:40 / carry items")
    p.add_argument("-o", "--output", help="导出对照表（.xlsx） / write the hand-over table")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")
    p = plan_sub.add_parser("evaluate", help="判断一个规划全部指标某年的进度 / judge a whole plan")
    p.add_argument("plan", help="规划编号或地区名 / plan id or region")
    p.add_argument("--year", type=int, required=True, help="年份 / year")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    p = sub.add_parser("judge", help="判断一个指标某年的进度 / judge one indicator value")
    p.add_argument("--baseline", required=True, help="基期值（规划期的基期年），如 15.53 / baseline")
    p.add_argument("--target", required=True, help="目标值（规划期的目标年），如 ≤14.5 / target")
    p.add_argument("--period", default=DEFAULT_PERIOD.label,
                   help=f"规划期，如 2026-2030 或 十五五（默认 {DEFAULT_PERIOD.label}） / plan period")
    p.add_argument("--year", type=int, required=True, help="年份 / year")
    p.add_argument("--actual", required=True, help="实际值 / actual value")
    p.add_argument("--previous", default="", help="此前各年的值，如 \"2021=15.1,2022=14.9\" / earlier years")
    p.add_argument("--name", default="", help="指标名称（用于判断方向） / indicator name")
    p.add_argument("--unit", default="", help="单位 / unit")
    p.add_argument("--attribute", default="预期性", choices=["预期性", "约束性"],
                   help="指标性质 / expected or binding")
    p.add_argument("--benchmark", type=float, default=None, help="当年对标值（如国家平均水平） / benchmark")
    p.add_argument("--direction", choices=["higher", "lower"], default=None,
                   help="越高越好或越低越好 / higher or lower is better")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    val = sub.add_parser("value", help="指标实际值 / indicator values")
    val_sub = val.add_subparsers(dest="action", metavar="子命令", required=True)
    p = val_sub.add_parser("set", help="填报一个指标某年的实际值 / enter one value")
    p.add_argument("plan", help="规划编号或地区名 / plan id or region")
    p.add_argument("indicator", help="指标序号、目录编码或名称 / indicator seq, key or name")
    p.add_argument("value", help="实际值（空字符串表示清除） / the value ('' clears it)")
    p.add_argument("--year", type=int, required=True, help="年度 / year")
    p.add_argument("--source", default=None, help="数据来源 / source")
    p.add_argument("--note", default=None, help="备注 / note")
    p.add_argument("--confirm", action="store_true",
                   help="数值与基期或上年相差很大时仍保存（确认没有填错） / save a value that looks like a slip")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    proj = sub.add_parser("project", help="专栏项目 / key projects")
    proj_sub = proj.add_subparsers(dest="action", metavar="子命令", required=True)
    p = proj_sub.add_parser("list", help="列出规划的专栏项目 / list a plan's projects")
    p.add_argument("plan", help="规划编号或地区名 / plan id or region")
    p.add_argument("--unit", default="", help="只看某单位牵头或配合的 / only this unit's")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")
    p = proj_sub.add_parser("set", help="更新一个项目 / update one project")
    p.add_argument("plan", help="规划编号或地区名 / plan id or region")
    p.add_argument("item", help="项目编号或名称 / project id or name")
    p.add_argument("--status", help="未启动/推进中/已完成/已暂停/已取消 / status")
    p.add_argument("--progress", help="进度 0-100 / progress %%")
    p.add_argument("--lead", dest="lead_unit", help="牵头单位 / lead unit")
    p.add_argument("--support", dest="support_units", help="配合单位 / supporting units")
    p.add_argument("--planned-year", dest="planned_year", help="计划完成年份 / planned year")
    p.add_argument("--done-date", dest="done_date", help="实际完成日期 / completion date")
    p.add_argument("--planned-invest", dest="planned_invest", help="计划投资（万元） / planned")
    p.add_argument("--spent-invest", dest="spent_invest", help="已完成投资（万元） / spent")
    p.add_argument("--note", help="备注 / note")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    exp = sub.add_parser("export", help="导出 / export")
    exp_sub = exp.add_subparsers(dest="action", metavar="子命令", required=True)
    for name, text in (("xlsx", "导出上报表（.xlsx） / the submission workbook"),
                       ("template", "导出填报模板（本年度数值为空） / the blank template")):
        p = exp_sub.add_parser(name, help=text)
        p.add_argument("plan", help="规划编号或地区名 / plan id or region")
        p.add_argument("--year", type=int, required=True, help="年度 / year")
        p.add_argument("-o", "--output", required=True, help="输出文件 / output file")
        if name == "template":
            p.add_argument("--unit", default="",
                           help="只开放该单位负责的行 / open only the rows this unit is responsible for")
    for name, text, kinds in (("pdf", "导出PDF报告 / a PDF report", ["summary", "evaluation"]),
                              ("docx", "Word报告（公文格式，可编辑） / the report as Word", ["evaluation", "summary"])):
        p = exp_sub.add_parser(name, help=text)
        p.add_argument("plan", help="规划编号或地区名 / plan id or region")
        p.add_argument("--year", type=int, required=True, help="年度 / year")
        p.add_argument("--kind", choices=kinds, default=kinds[0],
                       help="summary 年度进展情况，evaluation 中期/总结评估报告 / which report")
        p.add_argument("-o", "--output", required=True, help=f"输出文件（.{name}） / output file")
    p = exp_sub.add_parser("long", help="长格式数据（CSV/JSON） / long format for other systems")
    p.add_argument("plan", help="规划编号或地区名 / plan id or region")
    p.add_argument("--format", choices=["csv", "json"], default="csv", help="格式 / format")
    p.add_argument("-o", "--output", required=True, help="输出文件 / output file")
    p = exp_sub.add_parser("rollup", help="汇总表（本级和所属单位对比） / roll-up workbook of one's units")
    p.add_argument("--year", type=int, required=True, help="年度 / year")
    p.add_argument("--region", default=None,
                   help="汇总哪个地区的所属单位（默认：本单位地区） / whose units (default: the profile's region)")
    p.add_argument("-o", "--output", required=True, help="输出文件 / output file")

    prof = sub.add_parser("profile", help="本单位信息 / who the bureau is")
    prof_sub = prof.add_subparsers(dest="action", metavar="子命令", required=True)
    prof_sub.add_parser("show", help="显示本单位信息 / show")
    p = prof_sub.add_parser("set", help="设置本单位信息（首次使用时询问的内容） / set")
    p.add_argument("--region", default=None, help="本单位地区，如 乐山市 / region")
    p.add_argument("--level", choices=["省", "市", "县", "区"], default=None, help="行政级别 / level")
    p.add_argument("--plan", default=None,
                   help="本单位规划（编号或地区名；none 表示暂无），其余内置规划成为示例 / own plan")
    p.add_argument("--name", default=None, help="填报人 / who fills in")
    p.add_argument("--unit", default=None, help="填报单位 / unit")
    p.add_argument("--phone", default=None, help="联系电话 / phone")
    p.add_argument("--expected", default=None,
                   help="应报单位，用顿号或逗号分隔（汇总时列出未报送的） / units expected to report")

    smb = sub.add_parser("submission", help="上报表导入与审核 / submissions received")
    smb_sub = smb.add_subparsers(dest="action", metavar="子命令", required=True)
    p = smb_sub.add_parser("import", help="导入填好的上报表或模板（可一次多份：全部导入或都不导入） / "
                                          "import filled workbooks (several: all or none)")
    p.add_argument("file", nargs="+", help="上报表文件（.xlsx） / workbook(s)")
    p.add_argument("--year", type=int, default=None, help="应为的年度 / the year expected")
    p.add_argument("--dry-run", action="store_true", help="只检查和预览，不保存 / check only")
    p.add_argument("--conflicts", choices=["mine", "theirs"], default="mine",
                   help="本库和表格都改过的单元格：mine 保留本库（默认），theirs 采用表格 / "
                        "cells changed on both sides: keep ours (default) or take the workbook's")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")
    p = smb_sub.add_parser("list", help="已收到的上报表 / submissions received")
    p.add_argument("--year", type=int, default=None, help="年度 / year")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")
    for name, text in (("accept", "审核通过 / accept"), ("return", "退回并写明理由 / return with a reason")):
        p = smb_sub.add_parser(name, help=text)
        p.add_argument("id", type=int, help="上报记录编号 / submission id")
        if name == "return":
            p.add_argument("--reason", required=True, help="退回理由 / reason")
            p.add_argument("-o", "--output", help="退回说明文件 / write the return note here")

    aud = sub.add_parser("audit", help="修改记录 / the audit log")
    aud_sub = aud.add_subparsers(dest="action", metavar="子命令", required=True)
    p = aud_sub.add_parser("export", help="导出修改记录到 Excel / export the audit log")
    p.add_argument("-o", "--output", required=True, help="输出文件 / output file")
    p.add_argument("--since", default="", help="起始日期 YYYY-MM-DD / from date")
    p.add_argument("--until", default="", help="截止日期 YYYY-MM-DD / to date")
    p.add_argument("--who", default="", help="操作人 / person")
    p.add_argument("--plan", default=None, help="规划编号或地区名 / plan")

    db = sub.add_parser("db", help="数据库 / the database")
    db_sub = db.add_subparsers(dest="action", metavar="子命令", required=True)
    p = db_sub.add_parser("check", help="检查完整性和结构版本 / integrity and schema version")
    p.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")
    p = db_sub.add_parser("backup", help="备份数据库到文件 / back the database up to FILE")
    p.add_argument("file", help="备份文件 / backup file")
    p = db_sub.add_parser("build", help="由规划文本重建内置数据库 / build the bundled database")
    p.add_argument("file", help="要生成的数据库文件 / database file to write")
    p.add_argument("--sources", default=None,
                   help="规划文本所在文件夹（默认 data/plans） / folder of plan documents")
    p.add_argument("--force", action="store_true",
                   help="替换已存在的文件（先另存原文件） / replace an existing file (kept aside first)")
    return parser


def run(args: argparse.Namespace) -> int:
    from .services import database, plans
    from .services.session import open_for_reading, open_for_work

    if args.group == "db" and args.action == "build":
        sources = Path(args.sources) if args.sources else paths.bundled_plan_documents()
        result = database.build_database(target=args.file, sources=sources, force=args.force)
        for p in result.plans:
            print(f"{p.region}\t{p.indicators} 项指标\t{p.boxes} 个专栏\t{p.projects} 个项目")
        print(f"已生成 {result.path}（{len(result.plans)} 个规划）")
        return 0

    if args.group == "judge":
        return _judge(args)

    if args.group == "db" and args.action == "check":
        return _check(args)
    workplace = None
    if _writes(args):  # as the window: the one-writer lock, the day's check and backup
        workplace = open_for_work(args.db, create=args.create)
        if workplace.readonly_reason:
            workplace.close()
            raise KnownError(workplace.readonly_reason.split("：")[0] + "，本命令需要修改数据，未执行")
        session = workplace.session
    else:
        session = open_for_reading(args.db, create=args.create)
    try:
        if args.group == "plan" and args.action == "evaluate":
            from .services import evaluation

            plan_id = plans.resolve_plan(session=session, plan=args.plan)
            report = evaluation.evaluate_plan_json(session=session, plan_id=plan_id, year=args.year)
            if args.json:
                _print_json(report)
            else:
                for it in report["indicators"]:
                    print(f"{it['seq']}\t{it['name']}\t{it['actual'] or '—'}\t{it['status']}\t"
                          f"{it['explanation']}")
                print("；".join(f"{k} {v}" for k, v in report["counts"].items()))
            return 0
        if args.group == "profile":
            return _profile(args, session)
        if args.group == "plan" and args.action == "list":
            rows = plans.list_plans(session=session)
            if args.json:
                _print_json([{**dataclasses.asdict(r), "baseline_year": r.span.baseline_year,
                              "target_year": r.span.target_year, "closed": r.closed} for r in rows])
            else:
                for r in rows:
                    print(f"{r.id}\t{r.region}\t{r.level}\t{r.span.name}（{r.span.label}）\t{r.title}"
                          + ("\t已结束" if r.closed else ""))
            return 0
        if args.group == "plan" and args.action in ("close", "reopen"):
            plan_id = plans.resolve_plan(session=session, plan=args.plan)
            if args.action == "close":
                result = plans.close_plan(session=session, plan_id=plan_id, note=args.note)
            else:
                result = plans.reopen_plan(session=session, plan_id=plan_id, reason=args.reason)
            print(f"已{result.label}")
            return 0
        if args.group == "value":
            return _value(args, session)
        if args.group == "plan" and args.action == "handover":
            return _handover(args, session)
        if args.group == "plan" and args.action == "import" and args.update:
            document, _ = plans.import_plan(session=session, path=args.file, dry_run=True, region=args.region,
                                            period=args.period)
            found, _exact = plans.same_plan(session=session, document=document)
            if found is None:
                raise KnownError("没有同一地区、同一规划期的已有规划可以更新；新规划请直接导入（不加 --update）")
            change = plans.edition(session=session, plan_id=found.id, document=document)
            print(f"按新文本更新“{found.title}”：{len(change.lines)} 处差别")
            for line in change.lines:
                print(f"  {line}")
            if not args.dry_run:
                plans.update_from_document(session=session, plan_id=found.id, document=document)
                print("已更新（更新前已自动备份）")
            return 0
        if args.group == "plan" and args.action == "import":
            document, changed = plans.import_plan(session=session, path=args.file, dry_run=args.dry_run,
                                                  region=args.region, period=args.period)
            if args.json:
                from .services import handover

                out = document.summary()
                if changed:
                    out["plan_id"] = changed.plan_ids[0]
                found = handover.for_document(session=session, document=document)
                out["handover"] = found.to_json() if found else None
                out["warnings"] = plans.import_warnings(session=session, document=document)
                _print_json(out)
            else:
                boxes = sum(len(b.items) for b in document.boxes)
                verb = "读取" if args.dry_run else "导入"
                print(f"已{verb}：{document.title}（{document.region}）{len(document.indicators)} 项指标，"
                      f"{len(document.boxes)} 个专栏 {boxes} 个项目，{len(document.sections)} 个章节")
                for f in document.findings:
                    print(f"  提示 {f.where}：{f.message}")
                for warning in plans.import_warnings(session=session, document=document):
                    print(f"  提示 {warning}")
            return 0
        if args.group == "project":
            return _project(args, session)
        if args.group == "audit":
            from .services import audit

            plan_id = plans.resolve_plan(session=session, plan=args.plan) if args.plan else None
            path = audit.export(session=session, path=args.output, since=args.since,
                                until=args.until, who=args.who, plan_id=plan_id)
            print(f"已导出 {path}")
            return 0
        if args.group == "export":
            return _export(args, session)
        if args.group == "submission":
            return _submission(args, session)
        if args.group == "db" and args.action == "backup":
            target = database.backup_database(session=session, target=args.file)
            print(f"已备份到 {target}")
            return 0
    finally:
        if workplace is not None:
            workplace.close()
        else:
            session.close()
    return 2


def _profile(args: argparse.Namespace, session) -> int:
    """profile show|set: what the first-run dialog asks."""
    from .services import plans
    from .services import settings as user_settings

    profile = user_settings.profile(session=session)
    if args.action == "set":
        for key in ("region", "level", "name", "unit", "phone"):
            value = getattr(args, key)
            if value is not None:
                setattr(profile, "user_name" if key == "name" else key, value.strip())
        if args.plan is not None:
            plan_id = None if args.plan.strip().lower() in ("none", "无", "") else plans.resolve_plan(
                session=session, plan=args.plan)
            profile.home_plan = str(plan_id or "")
            if plan_id and not profile.region:
                info = plans.plan_info(session=session, plan_id=plan_id)
                profile.region, profile.level = info.region, profile.level or info.level
        user_settings.save_profile(session=session, value=profile)
        if args.plan is not None:
            plans.choose_own_plan(session=session, plan_id=int(profile.home_plan) if profile.home_plan else None)
        if args.expected is not None:
            from .services import rollup

            rollup.set_expected_units(session=session, units=args.expected.replace(",", "、").split("、"))
    home = profile.home_plan
    title = ""
    if home:
        title = next((p.title for p in plans.list_plans(session=session, examples=True) if str(p.id) == home), "")
    examples = sum(1 for p in plans.list_plans(session=session, examples=True) if p.example)
    print(f"本单位地区：{profile.region or '（未设置）'}（{profile.level or '级别未设置'}）")
    print(f"本单位规划：{title or '（暂无）'}")
    print(f"填报人：{profile.user_name or '—'}　填报单位：{profile.unit or '—'}　联系电话：{profile.phone or '—'}")
    print(f"示例规划：{examples} 个（隐藏）")
    from .services import rollup

    expected = rollup.expected_units(session=session)
    print(f"应报单位：{'、'.join(expected) if expected else '（未设置）'}")
    return 0


def _writes(args: argparse.Namespace) -> bool:
    """The commands that change data: they take the lock the window takes."""
    return ((args.group == "plan" and args.action == "import" and not args.dry_run)
            or (args.group == "plan" and args.action in ("close", "reopen"))
            or (args.group == "plan" and args.action == "handover" and (args.take_baselines or args.carry))
            or args.group == "value"
            or (args.group == "profile" and args.action == "set")
            or (args.group == "project" and args.action == "set")
            or (args.group == "submission" and args.action in ("accept", "return"))
            or (args.group == "submission" and args.action == "import" and not args.dry_run))


def _check(args: argparse.Namespace) -> int:
    """db check: reads the file as it is (no migration, no lock); a damaged file is a report."""
    from .domain.errors import DatabaseDamaged
    from .services import database
    from .services.session import ensure_user_database

    path = ensure_user_database(Path(args.db) if args.db else None)
    try:
        report = database.check_file(path=path)
    except DatabaseDamaged as exc:
        report = {"path": str(path), "schema_version": None, "integrity": str(exc), "ok": False}
    if args.json:
        _print_json(report)
    else:
        print(f"数据库 {report['path']}")
        print(f"结构版本 schema version {report['schema_version']}")
        print(f"完整性 integrity {report['integrity']}")
        print("ok" if report["ok"] else "数据库有问题 / damaged")
    return 0 if report["ok"] else 1


PROJECT_OPTIONS = ("status", "progress", "lead_unit", "support_units", "planned_year", "done_date",
                   "planned_invest", "spent_invest", "note")


def _project_rows(session, plan_id: int, unit: str = "") -> list[dict]:
    from .services import checklist

    rows = []
    for g in checklist.projects(session=session, plan_id=plan_id, unit=unit):
        for i in g.items:
            rows.append({"id": i.id, "box": g.title, "name": i.title, **dataclasses.asdict(i.fields),
                         "light": i.light.colour, "light_reason": i.light.reason,
                         "timing": i.timing})
    return rows


def _project(args: argparse.Namespace, session) -> int:
    from .services import checklist, plans

    plan_id = plans.resolve_plan(session=session, plan=args.plan)
    if args.action == "list":
        rows = _project_rows(session, plan_id, args.unit)
        if args.json:
            _print_json(rows)
        else:
            for r in rows:
                print(f"{r['id']}\t{r['box']}\t{r['name']}\t{r['status']}\t{r['progress']:g}%\t"
                      f"{r['lead_unit']}")
        return 0
    rows = _project_rows(session, plan_id)
    matches = [r for r in rows if args.item == str(r["id"]) or args.item == r["name"]]
    if len(matches) != 1:
        raise KnownError(f"在该规划中没有找到唯一的项目“{args.item}”；可用 project list 查看编号")
    fields = {k: getattr(args, k) for k in PROJECT_OPTIONS if getattr(args, k) is not None}
    if not fields:
        raise KnownError("没有给出要修改的内容（如 --status 已完成）")
    if fields.get("status") == "已完成":  # as ticking it in the window: 100% and today's date
        fields.pop("status")
        checklist.tick_done(session=session, kind="project", ids=[matches[0]["id"]], also=fields)
    else:
        checklist.update(session=session, kind="project", changes={matches[0]["id"]: fields},
                         action="命令行更新项目")
    row = next(r for r in _project_rows(session, plan_id) if r["id"] == matches[0]["id"])
    if args.json:
        _print_json(row)
    else:
        print(f"已更新：{row['name']}：{row['status']}，{row['progress']:g}%，{row['light_reason']}")
    return 0


def _export(args: argparse.Namespace, session) -> int:
    from .services import plans

    if args.action == "rollup":
        from .services import rollup

        path = rollup.export_rollup(session=session, year=args.year, path=args.output, region=args.region)
    elif args.action == "pdf":
        from .services import reports

        plan_id = plans.resolve_plan(session=session, plan=args.plan)
        path = reports.export_pdf(session=session, plan_id=plan_id, year=args.year, path=args.output,
                                  kind=args.kind)
    elif args.action == "docx":
        from .services import reports

        plan_id = plans.resolve_plan(session=session, plan=args.plan)
        path = reports.export_docx(session=session, plan_id=plan_id, year=args.year, path=args.output,
                                   kind=args.kind)
    elif args.action == "long":
        from .services import rollup

        plan_id = plans.resolve_plan(session=session, plan=args.plan)
        path = rollup.export_long(session=session, plan_id=plan_id, path=args.output, fmt=args.format)
    else:
        from .services import submissions

        plan_id = plans.resolve_plan(session=session, plan=args.plan)
        kind = "template" if args.action == "template" else "submission"
        path = submissions.export_workbook(session=session, plan_id=plan_id, year=args.year,
                                           path=args.output, kind=kind,
                                           unit=getattr(args, "unit", "") or "")
    print(f"已导出 {path}")
    return 0


def _submission_batch(args: argparse.Namespace, session) -> int:
    """Several units' workbooks as one batch, as the window imports them: read on every core,
    checked, then all imported in one transaction, or none when any file has a problem."""
    from .services import submissions

    batch = submissions.Batch()
    try:
        for path, preview in submissions.preview_many(session=session, paths=args.file, expected_year=args.year):
            if isinstance(preview, KnownError):
                batch.problems.append(f"{Path(path).name}：{preview}")
                continue
            for c in preview.conflicts:
                c.take_theirs = args.conflicts == "theirs"
            batch.add(preview)
        applied = not batch.problems and not args.dry_run
        if applied:
            submissions.apply_imports(session=session, previews=batch)
        if args.json:
            _print_json({"files": len(args.file), "lines": batch.lines, "notices": batch.notices,
                         "rejected": batch.problems, "applied": applied})
        else:
            for line in batch.lines:
                print(line)
            for n in batch.notices:
                print(f"  提示 {n}")
            for r in batch.problems:
                print(f"  拒绝 {r}")
            print(f"已导入 {len(batch)} 份上报表" if applied
                  else ("未导入（仅预览）" if not batch.problems else "未导入任何内容"))
        if batch.problems:
            print(f"错误：本批有 {len(batch.problems)} 处问题，未导入任何内容：{batch.problems[0]}", file=sys.stderr)
            return 1
        return 0
    finally:
        batch.close()


def _submission(args: argparse.Namespace, session) -> int:
    from .services import submissions

    if args.action == "import" and len(args.file) > 1:
        return _submission_batch(args, session)
    if args.action == "import":
        preview = submissions.preview_import(session=session, path=args.file[0], expected_year=args.year)
        for c in preview.conflicts:
            c.take_theirs = args.conflicts == "theirs"
        out = preview.summary()
        if preview.ok and not args.dry_run:
            out["plan_id"] = submissions.apply_import(session=session, preview=preview).plan_ids[0]
            out["applied"] = True
        else:
            out["applied"] = False
        if args.json:
            _print_json(out)
        else:
            print(f"{out['region']} {out['year']}年：新增 {len(out['new_values'])} 个值，"
                  f"修改 {len(out['changed_values'])} 个值，项目/任务变更 {len(out['changed_items'])} 处")
            for c in preview.conflicts:
                keep = "采用表格" if c.take_theirs else "保留本库"
                print(f"  冲突 {c.cell}（{c.name}·{c.label}）：导出时“{c.base}”，本库“{c.mine}”，"
                      f"表格“{c.theirs}”——{keep}")
            for n in out["notices"]:
                print(f"  提示 {n}")
            for r in out["rejected"]:
                print(f"  拒绝 {r}")
            print("已导入" if out["applied"] else ("未导入（仅预览）" if preview.ok else "未导入任何内容"))
        if not preview.ok:
            print(f"错误：表格有 {len(preview.rejected)} 处问题，未导入任何内容：{preview.rejected[0]}",
                  file=sys.stderr)
        return 0 if preview.ok else 1
    if args.action == "list":
        rows = submissions.submissions(session=session, year=args.year)
        if args.json:
            _print_json([dataclasses.asdict(r) for r in rows])
        else:
            for r in rows:
                print(f"{r.id}\t{r.region}\t{r.year}\t{r.state}\t{r.received_at}\t{r.reason}")
        return 0
    state = "已通过" if args.action == "accept" else "已退回"
    submissions.set_state(session=session, submission_id=args.id, state=state,
                          reason=getattr(args, "reason", "") or "")
    if state == "已退回" and args.output:
        from .services.output import write_file

        note = submissions.return_note(session=session, submission_id=args.id)
        write_file(args.output, lambda tmp: tmp.write_text(note, encoding="utf-8"))
    print(f"上报表 {args.id}：{state}")
    return 0


def _handover(args: argparse.Namespace, session) -> int:
    from .services import handover, plans

    plan_id = plans.resolve_plan(session=session, plan=args.plan)
    if args.take_baselines:
        found = handover.for_plan(session=session, plan_id=plan_id)
        ids = [p.new.key for p in found.pairs if p.offered] if found else []
        result = handover.fill_baselines(session=session, plan_id=plan_id, indicator_ids=ids)
        print(f"已{result.label}")
    if args.carry:
        items = []
        for text in args.carry:
            kind, _, number = text.partition(":")
            if kind not in ("project", "task") or not number.isdigit():
                raise KnownError(f"--carry 的“{text}”格式不对，应为 project:编号 或 task:编号")
            items.append((kind, int(number)))
        print(f"已{handover.carry(session=session, plan_id=plan_id, items=items).label}")
    found = handover.for_plan(session=session, plan_id=plan_id)
    if found is None:
        raise KnownError("该规划所在地区没有上一规划期的规划，无需衔接")
    if args.output:
        print(f"已导出 {handover.export_report(session=session, plan_id=plan_id, path=args.output)}")
    if args.json:
        _print_json(found.to_json())
    elif not args.output:
        for row in handover.report_rows(found):
            print("\t".join(str(v) for v in row.values()))
        for c in found.unfinished:
            print(f"未完成\t{c.kind}:{c.id}\t{c.title}\t{c.status}" + ("\t已结转" if c.carried else ""))
    return 0


def _value(args: argparse.Namespace, session) -> int:
    """value set: the grid's entry from a script — the same validation, audit and year lock."""
    from .services import plans, values

    plan_id = plans.resolve_plan(session=session, plan=args.plan)
    indicator = values.resolve_indicator(session=session, plan_id=plan_id, text=args.indicator)
    try:
        result = values.enter_values(session=session, items=[(indicator.id, args.year, args.value)],
                                     confirmed=args.confirm)
    except values.NeedsConfirmation as exc:
        raise KnownError(f"{exc}；确认无误请加 --confirm 再保存，本次未保存") from exc
    if args.value.strip() and (args.source is not None or args.note is not None):
        current = values.value_of(session=session, indicator_id=indicator.id, year=args.year)
        values.set_value_details(
            session=session, indicator_id=indicator.id, year=args.year,
            source=current.get("source", "") if args.source is None else args.source,
            note=current.get("note", "") if args.note is None else args.note)
    stored = values.value_of(session=session, indicator_id=indicator.id, year=args.year)
    if args.json:
        _print_json({"plan_id": plan_id, "indicator_id": indicator.id, "seq": indicator.seq,
                     "name": indicator.name, "year": args.year, "value": stored.get("value_text", ""),
                     "source": stored.get("source", ""), "note": stored.get("note", "")})
    else:
        verb = result.label if args.value.strip() else "清除"
        print(f"已{verb}（{args.year}年，{indicator.seq} {indicator.name}）")
    return 0


def _judge(args: argparse.Namespace) -> int:
    from .domain.evaluation import judge
    from .domain.period import Period
    from .domain.value_entry import validate
    from .services.evaluation import check_year, judgement_json

    previous = {}
    for part in filter(None, (p.strip() for p in args.previous.replace("，", ",").split(","))):
        year, _, value = part.partition("=")
        if not year.strip().isdigit() or not value.strip():
            raise KnownError(f"--previous 的“{part}”格式不对，应为“2021=15.1”")
        previous[int(year)] = value.strip()
    period = Period.parse(args.period)
    check_year(args.year, period)
    for year in previous:
        if year not in period.years or year >= args.year:
            raise KnownError(f"--previous 的{year}年应是{period.first_year}至{args.year - 1}年之间的年份")
    entry = validate(args.actual, baseline=args.baseline, unit=args.unit, name=args.name)
    if not entry.ok:
        raise KnownError(f"实际值不可用：{entry.message}")
    j = judge(name=args.name, baseline=args.baseline, target=args.target, year=args.year,
              actual=entry.text, previous=previous, attribute=args.attribute,
              direction=args.direction, benchmark=args.benchmark, period=period)
    if args.json:
        _print_json({**judgement_json(j, period), "period": period.label})
    else:
        print(f"{j.status}：{j.explanation}")
    return 0


def _window_args(argv: list[str] | None) -> SimpleNamespace | None:
    """The window's own options (--home DIR, --db FILE, --create, --smoke), read without argparse:
    building even a small parser loads gettext and locale, some 6 ms of the start. Anything else
    (a command, --help, an abbreviation, a missing value) goes to the full parser, which says
    what is wrong."""
    given = sys.argv[1:] if argv is None else argv
    found = SimpleNamespace(home=None, db=None, smoke=False, create=False, group=None)
    words = iter(given)
    for word in words:
        name, eq, value = word.partition("=")
        if name in ("--home", "--db"):
            if not eq:
                value = next(words, None)
                if value is None or value.startswith("-"):
                    return None
            setattr(found, name[2:], value)
        elif name in ("--smoke", "--create") and not eq:
            setattr(found, name[2:], True)
        else:
            return None
    return found


def _home_problem(home: str | None, create: bool) -> str:
    """A data folder named on the command line must exist (a typo never starts an empty one)."""
    if home is None:
        return ""
    if not home.strip():
        return "--home 后面没有给出文件夹"
    folder = Path(home).expanduser()
    if not folder.exists() and not create:
        return f"数据文件夹“{folder}”不存在；如要在此新建数据文件夹，请加 --create"
    return ""


def leave(code: int) -> None:
    """End the process once `main` has returned, everything saved: the database closed (main's own
    `finally`), the log and the output flushed. The interpreter's own teardown — every module's
    objects freed one by one, some 80 ms after the window and 50 ms after a PDF — is skipped: there
    is nothing left in it to keep. (No thread of ours outlives main; the workers are Qt's, ended
    with the window.)"""
    import logging

    from . import methods_cache

    logging.shutdown()
    methods_cache.save()        # what this run compiled of the record classes, for the next start
    code = code if isinstance(code, int) else 1
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        pass                # read by `| head`, which stopped reading: nothing is lost that was wanted
    except (OSError, ValueError) as exc:      # a full disk, a removed USB stick: never a silent 0
        with contextlib.suppress(AttributeError, OSError, ValueError):
            print(f"错误：输出未能写完（{exc.strerror or exc}）", file=sys.stderr)
        code = code or 120          # what Python itself exits with when its output cannot be written
    with contextlib.suppress(AttributeError, OSError, ValueError):   # no console (windowed), closed
        sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    if given[:1] == ["--apart"] and len(given) == 3:     # a job the window handed to a process of its own
        from .services import apart

        return apart.child(given[1], given[2])
    args = _window_args(argv) or build_parser().parse_args(argv)
    problem = _home_problem(args.home, args.create)
    if problem:
        print(f"错误：{problem}", file=sys.stderr)
        return 1
    if args.home:
        paths.set_home(args.home)
    if args.group is None:
        from .ui.app import run_window

        return run_window(db=args.db, smoke=args.smoke)
    try:
        return run(args)
    except KnownError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: kept with its traceback, told in one sentence
        from .services import logbook

        log = logbook.bug(exc, " ".join(sys.argv[1:] if argv is None else argv))
        print(f"错误：程序出现意外错误，命令未完成；详细信息已记录在 {log or '（日志无法写入）'}，"
              f"请发给信息科（{type(exc).__name__}）", file=sys.stderr)
        return 3
