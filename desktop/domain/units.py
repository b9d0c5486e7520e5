"""Units of measure: found in a name's closing brackets, and normalised for comparison."""

from __future__ import annotations

import re

_KNOWN = {
    "%", "‰", "‱", "岁", "人", "个", "张", "天", "元", "万元", "亿元", "万人", "次", "所", "家",
    "床", "辆", "平方米", "分钟", "小时", "公里", "千克", "克", "年", "件", "项", "名", "户",
}
# compiled when first used (the re module's cache): the window's start needs neither
_RATE = r"^(?:1)?\s*/\s*(?:10\s*万|十万|万|千|百|1000|100000)$"
_TRAILING = r"[（(]([^（）()]{1,8})[）)]+\s*$"


def is_unit(text: str) -> bool:
    t = text.strip()
    return t in _KNOWN or bool(re.match(_RATE, t))


def split_name_unit(name: str) -> tuple[str, str]:
    """'孕产妇死亡率（1/10万）' -> ('孕产妇死亡率', '1/10万'); '执业（助理）医师数' keeps its brackets."""
    m = re.search(_TRAILING, name)
    if m and is_unit(m.group(1)):
        return name[: m.start()].rstrip(), m.group(1).strip()
    return name, ""


def normalise(unit: str) -> str:
    """'/10 万', '1/10万', '/10万' -> '1/10万'; full-width percent -> '%'."""
    u = re.sub(r"\s+", "", unit or "").replace("％", "%")
    if re.match(_RATE, u):
        u = "1/" + u.lstrip("1").lstrip("/").replace("十万", "10万").replace("100000", "10万")
        u = u.replace("1000", "千")
    return u
