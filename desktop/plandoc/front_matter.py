"""The plan's identity from its first lines: title, region, level, parent region, draft, date."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..domain.period import named_in
from .blocks import Paragraph, squeeze

PROVINCES = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
    "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省",
    "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
)
_DRAFT = re.compile(r"[（(]?\s*(征求意见稿|送审稿|讨论稿|草案|初稿)\s*[）)]?")
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$")
_REGION = re.compile(
    r"^(?:(?P<prov>[\u4e00-\u9fa5]{2,7}?(?:省|自治区)))?"
    r"(?:(?P<city>[\u4e00-\u9fa5]{2,8}?(?:市|州|盟)))?"
    r"(?:(?P<county>[\u4e00-\u9fa5]{1,6}?(?:县|区|旗|市)))?")   # 市 here: a county-level city after its city
_CITY_MENTION = re.compile(r"(?<![\u4e00-\u9fa5])([\u4e00-\u9fa5]{2,3}市)(?![级委场])|"
                           r"(?<=[与和及在对由、《“])([\u4e00-\u9fa5]{2,3}市)(?![级委场])")
_NOT_PLACE = ("卫生", "健康", "规划", "发展", "事业")
_ISSUER = re.compile(r"(卫生健康局|卫生健康委员会|卫健委|卫生健康委|人民政府|卫生局)$")


@dataclass
class FrontMatter:
    title: str = ""
    region: str = ""
    level: str = ""
    parent_region: str = ""
    draft: bool = False
    issuer: str = ""
    issued: str = ""


def read_front_matter(paras: list[Paragraph], full_text: str) -> FrontMatter:
    fm = FrontMatter()
    head = [p.text for p in paras[:12]]
    fm.title, fm.draft = _title(head)
    for text in head:
        m = _DATE.match(_arabic_date(squeeze(text)))
        if m and not fm.issued:
            fm.issued = f"{m.group(1)}-{int(m.group(2)):02d}" + (
                f"-{int(m.group(3)):02d}" if m.group(3) else "")
        t = squeeze(text)
        if len(t) <= 24 and _ISSUER.search(t) and not fm.issuer:
            fm.issuer = t
        if _DRAFT.fullmatch(squeeze(text)):
            fm.draft = True
    fm.region, fm.level, fm.parent_region = _region(fm.title, full_text)
    return fm


_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}


def _arabic_date(text: str) -> str:
    """'二〇二六年四月' -> '2026年4月' (a date written in Chinese numerals, as 公文 do)."""
    m = re.fullmatch(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
                     r"(?:([一二三四五六七八九十]{1,3})日)?", text)
    if not m:
        return text

    def small(s: str) -> int:
        if s == "十":
            return 10
        if s.startswith("十"):
            return 10 + int(_CN_DIGIT[s[1]])
        if "十" in s:
            tens, _, ones = s.partition("十")
            return 10 * int(_CN_DIGIT[tens]) + (int(_CN_DIGIT[ones]) if ones else 0)
        return int(_CN_DIGIT[s])

    year = "".join(_CN_DIGIT[c] for c in m.group(1))
    out = f"{year}年{small(m.group(2))}月"
    return out + (f"{small(m.group(3))}日" if m.group(3) else "")


def _title_start(text: str) -> bool:
    """A line that can be the first half of a title split over two lines."""
    t = squeeze(text)
    return (2 <= len(t) <= 30 and not re.search(r"[，。：:；〔〕\[\]]", t) and not _ISSUER.search(t)
            and not _DATE.match(_arabic_date(t)) and "规划" not in t)


def _title(head: list[str]) -> tuple[str, bool]:
    draft = False
    for k, text in enumerate(head):
        t = squeeze(text)
        if not ("规划" in t or named_in(t)):
            continue
        if "关于印发" in t:
            # an issuing notice ("XX县人民政府关于印发《…规划》的通知"): the plan's title is the
            # one it names, not the notice's
            joined = t
            for more in head[k + 1:k + 3]:
                if "通知" in joined:
                    break
                joined += squeeze(more)
            named = re.search(r"《([^》]+)》", joined)
            if named:
                t = named.group(1)
            else:
                t = re.sub(r"^.*?关于印发", "", joined)
                t = re.sub(r"的通知.*$", "", t)
        elif "规划" not in t and k + 1 < len(head):
            t += squeeze(head[k + 1])
        elif k > 0 and _title_start(head[k - 1]) and (t.startswith(("第", "“", "卫生", "健康"))
                                                      or not _REGION.match(t).group(0)):
            t = squeeze(head[k - 1]) + t     # "马边彝族自治县卫生健康事业发展" / "第十五个五年规划"
        if _DRAFT.search(t):
            draft = True
            t = _DRAFT.sub("", t)
        return t.strip("《》 "), draft
    return "", draft


def _region(title: str, text: str) -> tuple[str, str, str]:
    m = _REGION.match(title)
    prov, city, county = (m.group("prov"), m.group("city"), m.group("county")) if m else (None,) * 3
    if county and any(w in county for w in _NOT_PLACE):
        county = None
    if city and any(w in city for w in _NOT_PLACE):
        city = None
    if county:
        level = "区" if county.endswith("区") else "县"
        parent = city or _most_mentioned_city(text, exclude=county)
        return county, level, parent
    if city:
        return city, "市", prov or _most_mentioned_province(text)
    return "", "", ""


def _most_mentioned_province(text: str) -> str:
    counts = Counter({p: text.count(p) for p in PROVINCES})
    best, n = counts.most_common(1)[0]
    return best if n else ""


def _most_mentioned_city(text: str, exclude: str) -> str:
    found = Counter(a or b for a, b in _CITY_MENTION.findall(text))
    for name, _ in found.most_common():
        if name != exclude and not name.endswith(("城市", "全市", "我市", "本市")):
            return name
    return ""
