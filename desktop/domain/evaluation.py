"""Judging an indicator's value for a year, the way a 规划评估 does, with a sentence to read aloud."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import direction as directions
from .colours import STATUSES  # noqa: E402,F401 - the one status table
from .numbers import Value, fmt, parse_value, pct
from .period import DEFAULT as DEFAULT_PERIOD
from .period import Period
from .target_wording import (
    APPROX_TOLERANCE,
    HIGHER,
    LOWER,
    Benchmark,
    Comparison,
    Composite,
    Keep,
    NeedsPerson,
    Range,
    Ratio,
    Relative,
    Rule,
    Trend,
    YearlyPath,
    parse_target,
)

DONE, MET, FASTER, ON_TRACK, LAGGING, REVERSE, PERSON, MISSING = STATUSES
RANK = {REVERSE: 0, LAGGING: 1, ON_TRACK: 2, FASTER: 3, MET: 4, DONE: 4}
DEFAULT_MARGIN = 0.10
# Raise when a rule below changes what it decides: roll-up summaries kept by older rules are not used.
RULES_VERSION = 2


@dataclass(frozen=True)
class Judgement:
    status: str
    time_share: float
    direction: str
    rule: Rule
    explanation: str
    progress: float | None = None
    expected: float | None = None
    warning: bool = False
    projection: float | None = None
    likely_met: bool | None = None
    parts: tuple = field(default_factory=tuple)
    notes: tuple[str, ...] = ()       # 注意 (met but getting worse), how the target was read, a guess
    direction_source: str = ""        # 目标表述 / 指标目录 / 指标名称 / 基期与目标 (a guess) / 默认

    @property
    def direction_guessed(self) -> bool:
        return self.direction_source in (directions.NUMBERS, directions.DEFAULT)


@dataclass(frozen=True)
class Case:
    """What one judgement needs, beyond the indicator's own wording."""

    year: int
    binding: bool
    direction: str
    margin: float
    history: tuple[tuple[int, float], ...]  # earlier years' values of this part
    benchmark: float | None
    shown: str = ""  # the actual as entered ('14.90'), for the sentence
    base_sign: str = ""  # a baseline printed as '>90'
    period: Period = DEFAULT_PERIOD
    base_shown: str = ""  # the baseline as printed ('0.30'), for the sentence
    target_shown: str = ""  # a plain target as printed ('≤3.30'), for the sentence

    @property
    def start(self) -> int:
        return self.period.baseline_year

    @property
    def end(self) -> int:
        return self.period.target_year

    def actual(self, a: float) -> str:
        return self.shown or fmt(a)

    def base(self, b: float | None) -> str:
        return self.base_shown or fmt(b)


def time_share(year: int, period: Period = DEFAULT_PERIOD) -> float:
    return period.time_share(year)


def judge(*, name: str = "", baseline: str, target: str, year: int, actual: str,
          previous: dict[int, str] | None = None, attribute: str = "预期性",
          direction: str | None = None, benchmark: float | None = None,
          margin: float = DEFAULT_MARGIN, period: Period = DEFAULT_PERIOD) -> Judgement:
    """The status of `actual` in `year`, its progress and the sentence that explains it;
    时序进度 and the projection run from the period's baseline year to its target year."""
    rule = parse_target(target)
    base = parse_value(baseline)
    ts = time_share(year, period)
    target_value = rule.value if isinstance(rule, Comparison | Ratio) else None
    if isinstance(rule, Range):
        target_value = rule.low if base.number is None or base.number <= rule.low else rule.high
    if direction:
        way, source = direction, "人工设定"
    else:
        way, source = directions.infer_with_source(name, rule, base.number, target_value)
    notes: list[str] = []
    if source in (directions.NUMBERS, directions.DEFAULT):
        notes.append(f"方向为推测（{'越高越好' if way == HIGHER else '越低越好'}，依据{source}），请确认")
    rule, floor_note = _floor(rule, base.number, way, source)
    if floor_note:
        notes.append(floor_note)
    extra = {"notes": tuple(notes), "direction_source": source}
    if not str(actual or "").strip():
        return Judgement(MISSING, ts, way, rule, f"{year}年未填报", **extra)
    act = parse_value(actual)
    if act.empty:
        return Judgement(PERSON, ts, way, rule, f"{year}年实际值“{actual}”无法识别为数值，需人工判断", **extra)
    earlier = [(y, parse_value(v)) for y, v in sorted((previous or {}).items()) if y < year]
    n = max(len(base.parts), len(act.parts),
            len(rule.parts) if isinstance(rule, Composite) else 1)
    shown_base = str(baseline).strip() if n == 1 and base.number is not None and not base.sign else ""
    shown_target = (str(target).strip() if n == 1 and isinstance(rule, Comparison) and not floor_note
                    and not rule.approx and re.fullmatch(r"[<>≤≥＜＞≦≧]?\s*\d+(?:\.\d+)?", str(target).strip())
                    else "")
    case_of = lambda i: Case(year, attribute == "约束性", way, margin,  # noqa: E731
                             tuple((y, v.parts[i]) for y, v in earlier if len(v.parts) == n),
                             benchmark, str(actual).strip() if n == 1 else "", base.sign, period,
                             shown_base, shown_target)
    if n == 1:
        return _noted(_single(rule, base.number, act.parts[0], case_of(0)), notes, source)
    if len(act.parts) != n:
        return Judgement(PERSON, ts, way, rule,
                         f"基期为{n}项（{baseline}），{year}年实际值应同样填{n}项，如“{'/'.join(['…'] * n)}”",
                         **extra)
    labels = base.labels or (tuple(lb for lb, _ in rule.parts) if isinstance(rule, Composite) else ())
    parts = []
    for i in range(n):
        part_rule = _part_rule(rule, base, i)
        b = base.parts[i] if len(base.parts) == n else base.number
        parts.append(_single(part_rule, b, act.parts[i], case_of(i)))
    worst = min(parts, key=lambda j: RANK.get(j.status, -1))
    names = labels or tuple(f"第{i + 1}项" for i in range(n))
    text = "；".join(f"{names[i]}：{p.explanation}" for i, p in enumerate(parts))
    part_notes = tuple(dict.fromkeys(x for p in parts for x in p.notes))
    return Judgement(worst.status, ts, way, rule, f"{text}（整体取最差：{worst.status}）",
                     warning=any(p.warning for p in parts), parts=tuple(parts),
                     notes=tuple(notes) + part_notes, direction_source=source)


def _floor(rule: Rule, b: float | None, way: str, source: str) -> tuple[Rule, str]:
    """A bare-number target worse than the baseline, on an indicator whose meaning says which
    way is better, is a floor (管理率 100 → 99: keep at least 99) or a ceiling, not a way back."""
    if not (isinstance(rule, Comparison) and rule.implied and b is not None
            and source in (directions.CATALOGUE, directions.NAME)):
        return rule, ""
    if way == HIGHER and rule.value < b:
        return Comparison("≥", rule.value), f"目标{fmt(rule.value)}低于基期，按“保持不低于{fmt(rule.value)}”判断"
    if way == LOWER and rule.value > b:
        return Comparison("≤", rule.value), f"目标{fmt(rule.value)}高于基期，按“控制在{fmt(rule.value)}以内”判断"
    return rule, ""


def _noted(j: Judgement, notes: list[str], source: str) -> Judgement:
    """The judgement with the notes of how its target and direction were read; the reading of
    the target and a 注意 are said in the explanation too (the reports print it)."""
    from dataclasses import replace

    every = tuple(notes) + j.notes
    said = [n for n in every if not n.startswith("方向为推测")]
    text = j.explanation + ("（" + "；".join(said) + "）" if said else "")
    return replace(j, notes=every, direction_source=source, explanation=text)


def _part_rule(rule: Rule, base: Value, i: int) -> Rule:
    if isinstance(rule, Composite):
        return rule.parts[i][1]
    if isinstance(rule, Keep) and base.labels:  # 职工≥80 居民≥70 保持稳定: keep each floor
        return Keep(strict=True)
    return rule


def _single(rule: Rule, b: float | None, a: float, case: Case) -> Judgement:
    ts = time_share(case.year, case.period)
    if isinstance(rule, NeedsPerson):
        return Judgement(PERSON, ts, case.direction, rule, rule.reason)
    if isinstance(rule, Benchmark):
        if case.benchmark is None:
            return Judgement(PERSON, ts, case.direction, rule,
                             f"{case.year}年{case.actual(a)}；需录入{case.year}年{rule.label}后才能判断")
        return _benchmark(rule, b, a, case)
    if isinstance(rule, Trend):
        return _trend(rule, b, a, case)
    if isinstance(rule, Keep):
        return _keep(rule, b, a, case)
    if isinstance(rule, YearlyPath):
        return _yearly(rule, b, a, case)
    if isinstance(rule, Relative):
        if rule.ref_year is not None and rule.ref_year != case.start:
            return Judgement(PERSON, ts, case.direction, rule,
                             f"目标以{rule.ref_year}年为参照，需该年数值，由人工判断")
        if b is None:
            return Judgement(PERSON, ts, case.direction, rule, "基期值缺失，无法按“比基期”计算目标")
        t = rule.target_from(b)
        op = "≥" if rule.delta >= 0 else "≤"
        return _path(rule, Comparison(op, t, approx=rule.approx), b, a, case,
                     f"{rule.describe()}（即{fmt(t)}）")
    if isinstance(rule, Ratio):
        return _path(rule, Comparison("≥", rule.value), b, a, case, rule.describe())
    if isinstance(rule, Range):
        return _range(rule, b, a, case)
    if isinstance(rule, Comparison):
        return _path(rule, rule, b, a, case, case.target_shown or rule.describe())
    return Judgement(PERSON, ts, case.direction, rule, "目标无法自动判断，需人工判断")


def _better(x: float, y: float, way: str) -> bool:
    return x > y if way == HIGHER else x < y


def _slack(goal: Comparison, b: float | None) -> float:
    """左右: within 2% of the target, but never more than a fifth of the planned change."""
    if not goal.approx:
        return 0.0
    slack = abs(goal.value) * APPROX_TOLERANCE
    return min(slack, 0.2 * abs(goal.value - b)) if b is not None else slack


def _met(x: float, goal: Comparison, way: str, slack: float = 0.0) -> bool:
    op = goal.op if goal.op and not goal.implied else ("≥" if way == HIGHER else "≤")
    if goal.approx:
        return x >= goal.value - slack if way == HIGHER else x <= goal.value + slack
    return {"≥": x >= goal.value, ">": x > goal.value, "≤": x <= goal.value,
            "<": x < goal.value}.get(op, x >= goal.value if way == HIGHER else x <= goal.value)


def _sign_meets(sign: str, b: float, goal: Comparison) -> bool:
    """A baseline printed '>90' already meets a target '>90' or '≥90'."""
    if sign in (">", "≥") and goal.op in (">", "≥"):
        return b >= goal.value
    if sign in ("<", "≤") and goal.op in ("<", "≤"):
        return b <= goal.value
    return False


def _projection(b: float | None, a: float, case: Case) -> float | None:
    points = ([(case.start, b)] if b is not None else []) + list(case.history) + [(case.year, a)]
    if len(points) < 2:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    return round(my + slope * (case.end - mx), 6)


def _path(rule: Rule, goal: Comparison, b: float | None, a: float, case: Case,
          target_text: str) -> Judgement:
    """A target value reached along a straight path from the baseline (时序进度)."""
    way, ts, year = case.direction, time_share(case.year, case.period), case.year
    slack = _slack(goal, b)
    proj = _projection(b, a, case)
    likely = _met(proj, goal, way, slack) if proj is not None else None
    base_text = f"基期{case.base(b)}，" if b is not None else "基期值缺失，"
    head = f"{base_text}目标{target_text}，{year}年{case.actual(a)}"
    met_word = DONE if year >= case.end else MET   # met in the target year: 已完成; before it: 提前完成

    def done(status: str, text: str, progress=None, expected=None, warning=False) -> Judgement:
        warn = warning or (case.binding and status in (LAGGING, REVERSE))
        tail = "；约束性指标预警" if warn else ""
        notes = _worse_note(b, a, case) if status in (MET, DONE) else ()
        return Judgement(status, ts, way, rule, f"{head}，{text}{tail}", progress, expected, warn,
                         proj, likely, notes=notes)

    if b is None:
        if _met(a, goal, way, slack):
            return done(met_word, f"已达到目标，{met_word}")
        return done(PERSON, "尚未达到目标；基期值缺失，无法计算完成进度，需人工判断")
    if _met(b, goal, way, slack) or _sign_meets(case.base_sign, b, goal):
        if _met(a, goal, way, slack):
            return done(met_word, f"基期已达标，本年保持达标，{met_word}")
        return done(REVERSE, f"基期已达标，本年未保持达标，{REVERSE}")
    span = goal.value - b
    progress = (a - b) / span if span else None
    expected = b + ts * span
    pieces = f"完成进度{pct(progress)}，时序进度{pct(ts)}"
    if _met(a, goal, way, slack):
        return done(met_word, f"已达到目标，{met_word}", progress, expected)
    if _better(b, a, way):
        return done(REVERSE, f"比基期{'低' if way == HIGHER else '高'}{fmt(abs(a - b))}，差于基期，"
                             f"时序进度{pct(ts)}，{REVERSE}", progress, expected)
    if progress is None or year >= case.end:
        return done(LAGGING, f"尚未达到目标，{LAGGING}", progress, expected)
    gap = progress - ts
    if case.binding and progress < ts - 1e-9:   # on the time share exactly (0.3/0.5 in floats) is on time
        return done(LAGGING, f"{pieces}，低于时序进度，{LAGGING}", progress, expected)
    if gap > case.margin:
        return done(FASTER, f"{pieces}，{FASTER}", progress, expected)
    if gap >= -case.margin:
        return done(ON_TRACK, f"{pieces}，{ON_TRACK}", progress, expected)
    return done(LAGGING, f"{pieces}，{LAGGING}", progress, expected)


def _worse_note(b: float | None, a: float, case: Case) -> tuple[str, ...]:
    """注意: a target met while the value moved the wrong way since the baseline or last year."""
    if case.history:
        y0, v0 = case.history[-1]
        if _better(v0, a, case.direction):
            return (f"注意：已达到目标，但比{y0}年（{fmt(v0)}）变差",)
    if b is not None and _better(b, a, case.direction):
        return (f"注意：已达到目标，但比基期（{case.base(b)}）变差",)
    return ()


def _range(rule: Range, b: float | None, a: float, case: Case) -> Judgement:
    """Inside the range (or beyond it on the good side) is met; a shortfall runs to the near end."""
    goal = Comparison("≥", rule.low) if case.direction == HIGHER else Comparison("≤", rule.high)
    inside = rule.low <= a <= rule.high
    j = _path(rule, goal, b, a, case, rule.describe())
    if inside and j.status not in (MET, DONE):
        word = DONE if case.year >= case.end else MET
        return Judgement(word, j.time_share, j.direction, rule,
                         f"基期{case.base(b)}，目标{rule.describe()}，{case.year}年{case.actual(a)}，在目标区间内，{word}",
                         j.progress, j.expected, False, j.projection, j.likely_met)
    return j


def _yearly(rule: YearlyPath, b: float | None, a: float, case: Case) -> Judgement:
    ts = time_share(case.year, case.period)
    if b is not None:
        goal = Comparison("≥" if rule.step > 0 else "≤", rule.point(b, case.end, case.start))
        j = _path(rule, goal, b, a, case, f"{rule.describe()}（{case.end}年{fmt(goal.value)}）")
        expected = rule.point(b, case.year, case.start)
        return Judgement(j.status, ts, j.direction, rule,
                         j.explanation.replace("，完成进度", f"，本年应达{fmt(expected)}，完成进度", 1),
                         j.progress, expected, j.warning, j.projection, j.likely_met)
    if not case.history:
        return Judgement(PERSON, ts, case.direction, rule,
                         f"{case.year}年{case.actual(a)}；基期值缺失，需有上一年数值才能判断“{rule.describe()}”")
    y0, v0 = case.history[-1]
    change, wanted = a - v0, rule.step * (case.year - y0)
    if (change >= wanted) if rule.step > 0 else (change <= wanted):
        status = ON_TRACK
    elif (change > 0) == (rule.step > 0) and change != 0:
        status = LAGGING
    else:
        status = REVERSE if change != 0 else LAGGING
    warn = case.binding and status in (LAGGING, REVERSE)
    text = (f"{y0}年{fmt(v0)}，{case.year}年{case.actual(a)}，变化{fmt(change)}，目标{rule.describe()}，{status}"
            + ("；约束性指标预警" if warn else ""))
    return Judgement(status, ts, case.direction, rule, text, None, v0 + wanted, warn)


def _benchmark(rule: Benchmark, b: float | None, a: float, case: Case) -> Judgement:
    """达到国家平均水平: the benchmark moves every year, so no path, only above or below it."""
    ts, bench = time_share(case.year, case.period), case.benchmark
    if _better(a, bench, case.direction) or a == bench:
        status, word = (DONE if case.year >= case.end else MET), f"达到{rule.label}"
    elif b is not None and _better(b, a, case.direction):
        status, word = REVERSE, f"低于{rule.label}且差于基期"
    else:
        status, word = LAGGING, f"尚未达到{rule.label}"
    warn = case.binding and status in (LAGGING, REVERSE)
    text = (f"基期{fmt(b)}，目标达到{rule.label}（{case.year}年为{fmt(bench)}），{case.year}年"
            f"{case.actual(a)}，{word}，{status}" + ("；约束性指标预警" if warn else ""))
    return Judgement(status, ts, case.direction, rule, text, None, bench, warn)


def _keep(rule: Keep, b: float | None, a: float, case: Case) -> Judgement:
    ts = time_share(case.year, case.period)
    if b is None:
        return Judgement(PERSON, ts, case.direction, rule, "基期值缺失，无法判断是否保持稳定")
    slack = 0.0 if rule.strict else abs(b) * APPROX_TOLERANCE
    kept = not _better(b, a, case.direction) or abs(a - b) <= slack
    status = ON_TRACK if kept else REVERSE
    warn = case.binding and not kept
    text = (f"基期{fmt(b)}，目标保持稳定，{case.year}年{case.actual(a)}，{'保持稳定' if kept else '未保持稳定'}，"
            f"{status}" + ("；约束性指标预警" if warn else ""))
    return Judgement(status, ts, case.direction, rule, text, None, b, warn)


def _trend(rule: Trend, b: float | None, a: float, case: Case) -> Judgement:
    ts = time_share(case.year, case.period)
    ref_year, ref = case.history[-1] if case.history else (case.start, b)
    if ref is None:
        return Judgement(PERSON, ts, case.direction, rule, "基期值缺失，无法判断是否持续提升")
    if _better(a, ref, case.direction):
        status, word = ON_TRACK, "较前提升"
    elif b is not None and _better(b, a, case.direction):
        status, word = REVERSE, "差于基期"
    else:
        status, word = LAGGING, "未见提升"
    warn = case.binding and status in (LAGGING, REVERSE)
    label = "基期" if ref_year == case.start else f"{ref_year}年"
    text = (f"{label}{fmt(ref)}，目标{rule.describe()}，{case.year}年{case.actual(a)}，{word}，{status}"
            + ("；约束性指标预警" if warn else ""))
    return Judgement(status, ts, case.direction, rule, text, None, None, warn)
