"""Higher or lower is better: from the indicator's name, its rule, or its numbers."""

from __future__ import annotations

from .target_wording import HIGHER, LOWER, Rule, rule_direction

LOWER_WORDS = ("死亡率", "过早死亡率", "吸烟率", "近视率", "个人卫生支出占", "发病率", "感染率",
               "再住院率", "抗菌药物使用率", "平均住院日", "患病率", "肥胖率", "龋患率", "转诊率",
               "超重率", "漏报率", "外转率", "病死率", "报告发病率", "罹患率")


def from_name(name: str) -> str | None:
    return LOWER if any(w in (name or "") for w in LOWER_WORDS) else None


def infer(name: str, rule: Rule, baseline: float | None = None,
          target: float | None = None) -> str:
    """The rule's own sign first, then the name's words, then target against baseline."""
    stated = rule_direction(rule)
    if stated:
        return stated
    named = from_name(name)
    if named:
        return named
    if baseline is not None and target is not None and target < baseline:
        return LOWER
    return HIGHER
