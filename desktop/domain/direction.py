"""Higher or lower is better: from what the indicator means first, its numbers last.

The order: the target's own wording (≤14.5 says lower), the catalogue entry, the name's words;
only when none of them says, the baseline against the target — and that is a guess, shown and
asked once. An evaluator reads "target 99" on a 管理率 as "keep at least 99", never as "bring it
down to 99".
"""

from __future__ import annotations

from . import catalogue
from .target_wording import HIGHER, LOWER, Rule, rule_direction

LOWER_WORDS = ("死亡率", "过早死亡率", "吸烟率", "近视率", "个人卫生支出占", "发病率", "感染率",
               "再住院率", "抗菌药物使用率", "平均住院日", "患病率", "肥胖率", "龋患率", "转诊率",
               "超重率", "漏报率", "外转率", "病死率", "报告发病率", "罹患率", "自付", "负担", "不合格率",
               "剖宫产率", "流失率", "空置率", "等候时间", "候诊时间", "药占比", "耗占比", "事故")
HIGHER_WORDS = ("覆盖率", "管理率", "接种率", "达标率", "知晓率", "素养", "床位数", "医师数", "预期寿命",
                "护士数", "药师", "医生数", "人员数", "托位数", "合格率", "治愈率", "控制率", "签约率",
                "随访率", "筛查率", "优良天数", "参加体育锻炼", "满意度", "占比", "比例", "就诊率",
                "完成率", "建成率", "设置率", "达到率", "受益", "规范化", "标准化", "通过率", "支付比例",
                "人数比例", "水体比例", "救治率", "服务率", "健康管理率", "检测率", "普及率", "利用率")

RULE, CATALOGUE, NAME, NUMBERS, DEFAULT = "目标表述", "指标目录", "指标名称", "基期与目标", "默认"
BY_MEANING = (RULE, CATALOGUE, NAME)


def from_name(name: str) -> str | None:
    """The name's words: 死亡率 lower, 覆盖率 higher; lower words first (个人卫生支出占…比重)."""
    n = name or ""
    if any(w in n for w in LOWER_WORDS):
        return LOWER
    if any(w in n for w in HIGHER_WORDS):
        return HIGHER
    return None


def from_meaning(name: str, catalogue_key: str = "") -> tuple[str, str] | None:
    """(direction, source) from the catalogue entry or the name's words, if either says."""
    entry = catalogue.entry(catalogue_key or catalogue.match(name))
    if entry and entry.direction in (HIGHER, LOWER):
        return entry.direction, CATALOGUE
    named = from_name(name)
    return (named, NAME) if named else None


def infer_with_source(name: str, rule: Rule, baseline: float | None = None,
                      target: float | None = None, catalogue_key: str = "") -> tuple[str, str]:
    """(direction, where it came from): the rule's own sign, the catalogue, the name, and only
    then the numbers (a guess)."""
    stated = rule_direction(rule)
    if stated:
        return stated, RULE
    meant = from_meaning(name, catalogue_key)
    if meant:
        return meant
    if baseline is not None and target is not None and target != baseline:
        return (LOWER if target < baseline else HIGHER), NUMBERS
    return HIGHER, DEFAULT


def infer(name: str, rule: Rule, baseline: float | None = None,
          target: float | None = None) -> str:
    return infer_with_source(name, rule, baseline, target)[0]
