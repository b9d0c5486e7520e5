"""Canonical keys for indicators that recur across plans, so regions can be compared."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .units import normalise as normalise_unit


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    unit: str
    direction: str  # "higher" or "lower" is better
    aliases: tuple[str, ...] = ()


ENTRIES: tuple[Entry, ...] = (
    Entry("life_expectancy", "人均预期寿命", "岁", "higher"),
    Entry("healthy_life_expectancy", "健康预期寿命", "岁", "higher", ("人均健康预期寿命",)),
    Entry("maternal_mortality", "孕产妇死亡率", "1/10万", "lower"),
    Entry("infant_mortality", "婴儿死亡率", "‰", "lower"),
    Entry("under5_mortality", "5岁以下儿童死亡率", "‰", "lower"),
    Entry("premature_ncd_mortality", "重大慢性病过早死亡率", "%", "lower",
          ("重大慢病过早死亡率", "因心脑血管疾病、癌症、慢性呼吸系统疾病和糖尿病导致的过早死亡率")),
    Entry("health_literacy", "居民健康素养水平", "%", "higher"),
    Entry("regular_exercise", "经常参加体育锻炼人数比例", "%", "higher"),
    Entry("smoking_15plus", "15岁以上人群吸烟率", "%", "lower"),
    Entry("mch_management", "孕产妇系统管理率和3岁以下儿童系统管理率", "%", "higher"),
    Entry("immunization_coverage", "以乡（镇、街道）为单位适龄儿童免疫规划疫苗接种率", "%", "higher",
          ("乡镇、街道适龄儿童免疫规划疫苗接种率", "以乡镇（街道）为单位适龄儿童免疫规划疫苗接种")),
    Entry("smi_management", "严重精神障碍患者规范管理率", "%", "higher",
          ("严重精神障碍患者管理率", "严重精神障碍管理率", "严重精神障碍规范管理率")),
    Entry("child_myopia", "儿童青少年总体近视率", "%", "lower", ("青少年总体近视率",)),
    Entry("oop_share", "个人卫生支出占卫生总费用的比重", "%", "lower",
          ("个人卫生支出占卫生总费用比例",)),
    Entry("beds_per_1000", "每千人口医疗卫生机构床位数", "张", "higher", ("每千人口医疗机构床位数",)),
    Entry("doctors_per_1000", "每千人口执业（助理）医师数", "人", "higher"),
    Entry("tcm_doctors_per_1000", "每千人口中医类别执业（助理）医师数", "人", "higher",
          ("每千人口中医执业类别执业（助理）医师数",)),
    Entry("nurses_per_1000", "每千人口注册护士数", "人", "higher"),
    Entry("pharmacists_per_1000", "每千人口药师（士）数", "人", "higher"),
    Entry("public_health_staff_per_1000", "每千人口公共卫生人员数", "人", "higher"),
    Entry("public_health_staff_per_10000", "每万人口公共卫生人员数", "人", "higher"),
    Entry("gp_per_10000", "每万人口全科医生数", "人", "higher"),
    Entry("childcare_places_per_1000", "每千人口3岁以下婴幼儿托位数", "个", "higher"),
    Entry("geriatric_dept_share", "二级及以上综合性医院设置老年医学科的比例", "%", "higher",
          ("二级及以上医院设老年医学科比例",
           "二级及以上综合性医院（包括综合医院、中医院、中西医结合医院）设置老年医学科的比例")),
    Entry("employee_insurance_inpatient", "职工基本医疗保险政策范围内住院费用基金支付比例", "%",
          "higher"),
    Entry("resident_insurance_inpatient", "城乡居民基本医疗保险政策范围内住院费用基金支付比例",
          "%", "higher"),
    Entry("doctor_nurse_ratio", "医护比", "", "higher"),
    Entry("air_quality_good_days", "地级及以上城市空气质量优良天数比率", "%", "higher"),
    Entry("surface_water_class3", "地表水达到或好于Ⅲ类水体比例", "%", "higher"),
    Entry("fitness_standard_pass", "城乡居民达到《国民体质测定标准》合格以上人数比例", "%", "higher"),
)

_REPLACE = (
    ("(", "（"), (")", "）"), ("常住", ""), ("拥有", ""), ("每万名", "每万"),
    ("全科医师", "全科医生"), ("重大慢病", "重大慢性病"),
)


def canonical_name(name: str) -> str:
    """The name with the spelling variants of the five plans folded together."""
    n = re.sub(r"\s+", "", name)
    for a, b in _REPLACE:
        n = n.replace(a, b)
    n = re.sub(r"^(全县|全省|全市|全区|本县|本区)", "", n)
    return re.sub(r"（[^（）]*(%|‰|岁|人|个|张|/10万)）$", "", n)


_INDEX: dict[str, Entry] = {}
for _entry in ENTRIES:
    for _alias in (_entry.name, *_entry.aliases):
        _INDEX[canonical_name(_alias)] = _entry


def entry(key: str) -> Entry | None:
    return next((e for e in ENTRIES if e.key == key), None)


def match(name: str, unit: str = "") -> str:
    """The catalogue key of an indicator, or '' when it is not one that recurs."""
    e = _INDEX.get(canonical_name(name))
    if e is None:
        return ""
    if unit and e.unit and normalise_unit(unit) != normalise_unit(e.unit):
        return ""
    return e.key
