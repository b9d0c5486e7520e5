"""Projects and tasks: the 三色督办 light, on-time or not, and the checks on what a clerk enters."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from .numbers import to_number
from .period import DEFAULT as DEFAULT_PERIOD
from .period import Period

STATUSES = ("未启动", "推进中", "已完成", "已暂停", "已取消")
SOON_DAYS = 92  # "due within three months"
GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
LIGHT_NAMES = {GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯", GREY: "—"}
MAX_MONEY = 1e8  # 万元


@dataclass(frozen=True)
class Light:
    colour: str
    reason: str


def completion(items) -> tuple[int, int, float]:
    """A 专栏's completion from its projects' (status, progress): cancelled ones left out;
    (done, counted, mean progress % with a finished project at 100)."""
    live = [(status, progress) for status, progress in items if status != "已取消"]
    done = sum(1 for status, _ in live if status == "已完成")
    weighted = sum(100 if status == "已完成" else (progress or 0) for status, progress in live)
    return done, len(live), (weighted / len(live) if live else 0.0)


def deadline_of(*, deadline: str = "", planned_year: int | None = None) -> dt.date | None:
    """A task's deadline, or the end of a project's planned completion year."""
    if deadline:
        return parse_date(deadline)
    if planned_year:
        return dt.date(int(planned_year), 12, 31)
    return None


def parse_date(text: str) -> dt.date | None:
    """2023-06-30, 2023/6/30, 2023.6.30, 2023年6月30日, 2023-06 (end of month), 2023 (end of year)."""
    t = (text or "").strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", t)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", t)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        m = re.fullmatch(r"(\d{4})\s*年?(?:底|末)?", t)
        if m:
            return dt.date(int(m.group(1)), 12, 31)
    except ValueError:
        return None
    return None


def light(*, status: str, progress: float, deadline: dt.date | None, today: dt.date,
          period: Period = DEFAULT_PERIOD) -> Light:
    """Green on time; yellow behind the time share (from the start of the plan's period to the
    deadline) or due within three months; red overdue."""
    start = dt.date(period.first_year, 1, 1)
    if status == "已完成":
        return Light(GREEN, "已完成")
    if status == "已取消":
        return Light(GREY, "已取消")
    if deadline is None:
        return Light(GREY, "未设完成时限")
    if today > deadline:
        return Light(RED, f"已逾期{(today - deadline).days}天（时限{deadline.isoformat()}）")
    left = (deadline - today).days
    if status == "已暂停":
        return Light(YELLOW, f"已暂停，距时限{left}天")
    if left <= SOON_DAYS:
        return Light(YELLOW, f"{left}天内到期（{deadline.isoformat()}）")
    span = (deadline - start).days
    share = min(1.0, max(0.0, (today - start).days / span)) if span > 0 else 1.0
    if (progress or 0) / 100 < share - 1e-9:
        return Light(YELLOW, f"进度{round(progress or 0)}%，低于时序进度{round(share * 100)}%")
    return Light(GREEN, f"进度{round(progress or 0)}%，时序进度{round(share * 100)}%，按期推进")


def timing(*, status: str, done_date: str, planned_year: int | None) -> str:
    """提前完成 / 按期完成 / 逾期完成 for a finished project, from its planned year."""
    done = parse_date(done_date)
    if status != "已完成" or done is None or not planned_year:
        return ""
    if done.year < int(planned_year):
        return "提前完成"
    if done.year > int(planned_year):
        return "逾期完成"
    return "按期完成"


def check_fields(fields: dict, period: Period = DEFAULT_PERIOD) -> tuple[dict, str]:
    """Clean what a clerk typed into a project or task; the first problem in a sentence. Years
    and dates are held to the plan's period (a planned year from its first year to ten years
    past its target, a date from five years before its baseline to fifteen past its target)."""
    first_year, last_year = period.first_year, period.target_year + 10
    first_date, last_date = period.baseline_year - 5, period.target_year + 15
    out: dict = {}
    for key, value in fields.items():
        text = "" if value is None else str(value).strip()
        if key == "status":
            if text not in STATUSES:
                return {}, f"状态“{text}”不在可选范围（{'、'.join(STATUSES)}）"
            out[key] = text
        elif key == "progress":
            try:
                n = float(text.rstrip("%") or 0)
            except ValueError:
                return {}, f"进度“{text}”不是数字，请填0到100"
            if not 0 <= n <= 100:
                return {}, f"进度{text}超出0到100的范围"
            out[key] = n
        elif key == "planned_year":
            if text == "":
                out[key] = None
                continue
            if not re.fullmatch(r"\d{4}", text) or not first_year <= int(text) <= last_year:
                return {}, f"计划完成年份“{text}”应为{first_year}至{last_year}之间的年份"
            out[key] = int(text)
        elif key in ("done_date", "deadline"):
            if text == "":
                out[key] = ""
                continue
            d = parse_date(text)
            if d is None or not first_date <= d.year <= last_date:
                label = "完成日期" if key == "done_date" else "完成时限"
                return {}, f"{label}“{text}”无法识别，请按2023-06-30的格式填写"
            out[key] = d.isoformat()
        elif key in ("planned_invest", "spent_invest"):
            if text == "":
                out[key] = None
                continue
            n = to_number(text)
            if n is None or text.rstrip().endswith(("%", "‰")):
                return {}, f"投资额“{text}”不是数字（单位：万元；千位分隔写作 1,350）"
            if not 0 <= n <= MAX_MONEY:
                return {}, f"投资额{text}万元超出合理范围"
            out[key] = n
        elif key == "counted":
            if text not in ("", COUNTED, NOT_COUNTED):
                return {}, f"是否计入“{text}”只能是“{COUNTED}”“{NOT_COUNTED}”或空（按规则）"
            out[key] = text
        elif key in ("lead_unit", "support_units", "note"):
            if len(text) > 2000:
                return {}, "内容过长（超过2000字）"
            out[key] = text
        else:
            return {}, f"不能修改字段“{key}”"
    return out, ""


# 章节任务: a plan's sections are not all work. Background (规划背景, 发展基础, 面临形势), the
# guiding ideas (指导思想, 基本原则) and the goals (发展目标, 主要指标) are context the clerk reads,
# never a task that starts or ends; counting them makes every plan look unstarted. (Compiled at
# the first use, 1.7 ms: the window's first screen does not count tasks.)
CONTEXT_TITLE = (
    r"(?:第[一二三四五六七八九十百\d]+(?:章|节|部分|篇)|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]"
    r"|\d+[.．、]|附件\d*[:：]?|附表\d*[:：]?)?\s*"             # its number, if the title carries one
    r"(?:[“\"]?十[一二三四五六七八九]五[”\"]?(?:时期|期间)?的?|\d{4}年的?)?"   # “十四五”时期…, 2030年…
    r"(规划背景|发展背景|编制背景|发展基础|发展回顾|工作回顾|回顾|发展状况|发展环境|发展现状|基础现状|现状分析|面临形势|发展形势|机遇[和与及]挑战|面临的挑战|"
    r"总体要求|规划总则|指导思想|基本原则|总体思路|发展思路|发展理念|发展定位|战略定位|"
    r"发展目标|主要目标|规划目标|总体目标|具体目标|远景目标|目标指标|主要指标|指标体系|"
    r"取得成效|主要成就|主要成效|存在问题|主要问题|附表|附件|名词解释|面临的?形势)")


@cache
def _context_title() -> re.Pattern:
    return re.compile(CONTEXT_TITLE)


COUNTED, NOT_COUNTED = "计入", "不计入"     # the clerk's own choice, over the rule


def task_counting(titles: list[str], has_children: bool, choice: str = "",
                  worked: bool = False) -> tuple[bool, str]:
    """Whether a section counts as a task, and why not: `titles` is the section's own title
    after its ancestors' (outermost first). The clerk's choice (计入 / 不计入) wins; a section on
    which work was already recorded (a status, progress, a unit, a note, evidence) counts, so
    nothing entered is hidden; otherwise a section under (or being) background, principles or
    goals is context, and a section with sub-sections is their heading (its sub-sections are
    the tasks)."""
    if choice == COUNTED or (worked and choice != NOT_COUNTED):
        return True, ""
    if choice == NOT_COUNTED:
        return False, "已设为不计入"
    for k, title in enumerate(titles):
        m = _context_title().match(title.strip())   # at the title's start: 筑牢信息化发展基础 is a task
        if m and k == len(titles) - 1:
            return False, f"“{m.group(1)}”是背景、原则或目标，不是任务"
        if m:
            return False, f"属于“{title}”部分（背景、原则或目标），不是任务"
    if has_children:
        return False, "章节标题，其下各项为任务"
    return True, ""
