"""Target wording: every form the plans print, parsed into a typed rule; never an exception."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .numbers import NUMBER, fmt, normalise, to_number

HIGHER, LOWER = "higher", "lower"
APPROX_TOLERANCE = 0.02  # 左右: within 2% of the value
_UP = "提高|增加|增长|提升|上升"
_DOWN = "降低|下降|减少|减|降"
_CHANGE_WORD = re.compile(f"{_UP}|{_DOWN}")


@dataclass(frozen=True)
class Comparison:
    """≤ < ≥ > a value; `implied` when a bare number's sense comes from the direction."""

    op: str
    value: float
    implied: bool = False
    approx: bool = False
    kind: str = "comparison"

    def describe(self) -> str:
        if self.approx:
            return f"{fmt(self.value)}左右"
        return fmt(self.value) if self.implied else f"{self.op}{fmt(self.value)}"


@dataclass(frozen=True)
class Relative:
    """A change from the baseline (or from another year's value): +1 岁, +30%, −5% vs 2015."""

    delta: float
    percent: bool
    ref_year: int | None = None   # None: the plan's baseline year
    approx: bool = False
    unit: str = ""
    kind: str = "relative"

    def target_from(self, base: float) -> float:
        return base * (1 + self.delta / 100) if self.percent else base + self.delta

    def describe(self) -> str:
        verb = "提高" if self.delta >= 0 else "降低"
        amount = f"{fmt(abs(self.delta))}{'%' if self.percent else self.unit}"
        ref = "基期" if self.ref_year is None else f"{self.ref_year}年"
        return f"比{ref}{verb}{amount}{'左右' if self.approx else ''}"


@dataclass(frozen=True)
class YearlyPath:
    """每年降低0.5个百分点以上: a point for every year."""

    step: float  # signed: negative when the value must fall (a rate, in %, when compound)
    at_least: bool = True
    unit: str = ""
    kind: str = "yearly_path"
    compound: bool = False   # 年均增长5%: each year's value 5% over the last one's
    average: bool = False    # worded 年均 (on average) rather than 每年

    def point(self, base: float, year: int, baseline_year: int) -> float:
        n = year - baseline_year
        if self.compound:
            return base * (1 + self.step / 100) ** n
        return base + self.step * n

    def describe(self) -> str:
        if self.compound:
            verb = "下降" if self.step < 0 else "增长"
        else:
            verb = "降低" if self.step < 0 else "提高"
        head = "年均" if self.average else "每年"
        unit = "%" if self.compound else self.unit
        return f"{head}{verb}{fmt(abs(self.step))}{unit}{'以上' if self.at_least else ''}"


@dataclass(frozen=True)
class Range:
    """80-85, 80～85%: inside is met; beyond it on the good side too; a shortfall is measured to
    the near end."""

    low: float
    high: float
    kind: str = "range"

    def describe(self) -> str:
        return f"{fmt(self.low)}～{fmt(self.high)}"


@dataclass(frozen=True)
class Keep:
    """保持稳定; `strict` when the baseline is itself a floor (职工≥80): no slack below it."""

    strict: bool = False
    kind: str = "keep"

    def describe(self) -> str:
        return "保持稳定"


@dataclass(frozen=True)
class Trend:
    """持续提升: only the direction is promised."""

    direction: str
    kind: str = "trend"

    def describe(self) -> str:
        return "持续提升" if self.direction == HIGHER else "持续下降"


@dataclass(frozen=True)
class Benchmark:
    """达到国家平均水平: judged against a value the user enters for each year."""

    label: str
    kind: str = "benchmark"

    def describe(self) -> str:
        return f"达到{self.label}"


@dataclass(frozen=True)
class Ratio:
    """1:1.35 — the second term is what moves."""

    value: float
    kind: str = "ratio"

    def describe(self) -> str:
        return f"1:{fmt(self.value)}"


@dataclass(frozen=True)
class Composite:
    """Several parts judged one by one; the whole takes the worst."""

    parts: tuple[tuple[str, object], ...]
    kind: str = "composite"

    def describe(self) -> str:
        return " ".join(f"{label}{rule.describe()}" for label, rule in self.parts)


@dataclass(frozen=True)
class NeedsPerson:
    """Wording no number can settle: tied to another indicator, or not understood."""

    reason: str
    kind: str = "needs_person"

    def describe(self) -> str:
        return self.reason


Rule = Comparison | Relative | YearlyPath | Keep | Trend | Benchmark | Ratio | Range | Composite | NeedsPerson

# a unit written inside the wording: 控制在3‰以下, 不超过5天, 降至10/10万以下
_UNIT_IN = r"(?:%|‰|‱|岁|人|个|张|天|日|小时|分钟|万元|元|次|/10万|/十万|/万|1/10万)?"
_WORD_OPS = [
    (rf"^(?:不低于|不少于|不小于|大于等于|至少)({NUMBER}){_UNIT_IN}$", "≥"),
    (rf"^(?:不高于|不超过|不大于|小于等于|最多)({NUMBER}){_UNIT_IN}$", "≤"),
    (rf"^(?:控制在|降至|降到|低于|下降到|下降至|降低到|降低至)({NUMBER}){_UNIT_IN}(?:以内|以下|及以下)?$", "≤"),
    (rf"^(?:高于|超过|大于)({NUMBER}){_UNIT_IN}$", ">"),
    (rf"^(?:达到|提高到|提高至|提升到|提升至|增加到|增加至|达)?({NUMBER}){_UNIT_IN}(?:及以上|以上)$", "≥"),
    (rf"^(?:达到|控制在)?({NUMBER}){_UNIT_IN}(?:及以下|以下|以内)$", "≤"),
]


@lru_cache(maxsize=4096)
def parse_target(text: str) -> Rule:
    """The rule a planner reads in a target cell. Never raises. (Rules are immutable: cached.)"""
    try:
        return _parse(text)
    except Exception as exc:  # noqa: BLE001 - wording must never break the program
        return NeedsPerson(f"目标表述无法识别（{type(exc).__name__}），需人工判断")


def _parse(text: str) -> Rule:
    raw = normalise(text)
    t = re.sub(r"\s+", "", raw)
    t = re.sub(r"^(力争|争取|确保|努力|预计)", "", t).rstrip("。")
    if not t or t in {"—", "-", "/", "无"}:
        return NeedsPerson("目标为空，需人工判断")
    if "同比例" in t or "同步" in t:
        return NeedsPerson(f"目标为“{raw}”，与其他指标挂钩，需人工判断")
    # each pattern is tried only where its key words occur: most targets are "≤14.5" or "80%",
    # and the program's start judges a plan before anything else (a regex compiles on first use)
    m = "平均水平" in t and re.search(r"(国家|全国|全省|省|全市|市)(?:的)?平均水平", t)
    if m:
        return Benchmark(m.group(0).replace("全国", "国家"))
    if t == "稳定" or (t[:2] in ("保持", "维持") and re.fullmatch(r"(保持|维持)(稳定|不变|现有水平|基本稳定)?", t)):
        return Keep()
    m = t[:2] in ("持续", "逐步", "不断", "稳步") and re.fullmatch(
        r"(?:持续|逐步|不断|稳步)(提升|提高|增加|增长|改善|下降|降低|减少)", t)
    if m:
        return Trend(LOWER if m.group(1) in ("下降", "降低", "减少") else HIGHER)
    m = t.startswith("每年") and re.fullmatch(
        rf"每年(?:平均)?({_UP}|{_DOWN})({NUMBER})(个百分点|%|岁|人|个)?(以上|左右)?", t)
    if m:
        step = float(m.group(2)) * (-1 if re.fullmatch(_DOWN, m.group(1)) else 1)
        return YearlyPath(step, at_least=m.group(4) == "以上", unit=m.group(3) or "")
    m = t.startswith("年均") and re.fullmatch(
        rf"年均({_UP}|{_DOWN})({NUMBER})(个百分点|%|岁|人|个|张)?(以上|左右)?", t)
    if m:   # 年均增长5%: compounded; 年均提高1个百分点: a straight line
        step = float(m.group(2)) * (-1 if re.fullmatch(_DOWN, m.group(1)) else 1)
        return YearlyPath(step, at_least=m.group(4) == "以上", unit=m.group(3) or "",
                          compound=m.group(3) == "%", average=True)
    m = re.fullmatch(rf"({NUMBER})%?\s*[-~～—–至到]\s*({NUMBER}){_UNIT_IN}", t)
    if m and float(m.group(1)) >= 0 and float(m.group(1)) < float(m.group(2)):
        return Range(float(m.group(1)), float(m.group(2)))
    m = t[:1] in ("比", "较") and re.fullmatch(
        rf"(?:比|较)(\d{{4}})年({_UP}|{_DOWN})({NUMBER})(%|个百分点)?(以上|左右)?", t)
    if m:
        delta = float(m.group(3)) * (-1 if re.fullmatch(_DOWN, m.group(2)) else 1)
        return Relative(delta, percent=m.group(4) == "%", ref_year=int(m.group(1)),
                        approx=m.group(5) == "左右", unit=m.group(4) or "")
    m = _CHANGE_WORD.match(t) and re.fullmatch(
        rf"({_UP}|{_DOWN})({NUMBER})(%|个百分点|岁|人|个|张)?(以上|左右)?", t)
    if m:
        delta = float(m.group(2)) * (-1 if re.fullmatch(_DOWN, m.group(1)) else 1)
        return Relative(delta, percent=m.group(3) == "%", approx=m.group(4) == "左右",
                        unit=m.group(3) or "")
    words = any("\u4e00" <= ch <= "\u9fa5" for ch in t)
    labelled = words and re.findall(rf"([\u4e00-\u9fa5]+)([<>≤≥]?)({NUMBER})%?", raw.replace(" ", " "))
    if labelled and len(labelled) >= 2 and re.fullmatch(
            rf"(?:[\u4e00-\u9fa5]+[<>≤≥]?{NUMBER}%?)+", t):
        return Composite(tuple(
            (label, Comparison(op or "≥", float(v), implied=not op)) for label, op, v in labelled))
    m = ":" in t and re.fullmatch(rf"1:({NUMBER})", t)
    if m:
        return Ratio(float(m.group(1)))
    m = re.fullmatch(rf"约?([<>≤≥])({NUMBER})%?", t)
    if m:
        return Comparison(m.group(1), float(m.group(2)))
    for pattern, op in _WORD_OPS if words else ():
        m = re.fullmatch(pattern, t)
        if m:
            return Comparison(op, float(m.group(1)))
    m = ("左右" in t or "约" in t) and (re.fullmatch(rf"(?:约|大约)?({NUMBER})%?左右", t)
                                        or re.fullmatch(rf"约({NUMBER})%?", t))
    if m:
        return Comparison("≈", float(m.group(1)), approx=True)
    m = re.fullmatch(rf"(?:达到)?({NUMBER})%?", t)
    if m and to_number(m.group(1)) is not None:
        return Comparison("", float(m.group(1)), implied=True)
    parts = [p for p in re.split(r"[/、]", t) if p]
    if len(parts) >= 2 and all(to_number(p) is not None for p in parts):
        return Composite(tuple((f"第{i}项", Comparison("", to_number(p), implied=True))
                               for i, p in enumerate(parts, 1)))
    return NeedsPerson(f"目标表述“{raw}”无法自动判断，需人工判断")


def rule_direction(rule: Rule) -> str | None:
    """The direction a rule itself states, if any."""
    if isinstance(rule, Comparison) and not rule.implied and not rule.approx:
        return LOWER if rule.op in ("≤", "<") else HIGHER
    if isinstance(rule, Relative) and rule.delta:
        return HIGHER if rule.delta > 0 else LOWER
    if isinstance(rule, YearlyPath) and rule.step:
        return HIGHER if rule.step > 0 else LOWER
    if isinstance(rule, Trend):
        return rule.direction
    if isinstance(rule, Ratio):
        return HIGHER
    return None


def to_json(rule: Rule) -> dict:
    out = {"kind": rule.kind, "text": rule.describe()}
    for key in ("op", "value", "delta", "percent", "ref_year", "step", "at_least", "unit", "direction",
                "label", "reason", "implied", "approx", "compound", "low", "high"):
        if hasattr(rule, key):
            out[key] = getattr(rule, key)
    if isinstance(rule, Composite):
        out["parts"] = [{"label": label, **to_json(r)} for label, r in rule.parts]
    return out
