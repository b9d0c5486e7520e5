"""A plan's period: its baseline year, its target year and the years a value is reported for.

Nothing else in the program names a year of its own: "十四五" is only the default a plan gets when
nothing says otherwise (a database from before periods were stored, a v1 workbook).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .errors import KnownError
from .numbers import fold_width

FIRST_YEAR, LAST_YEAR = 1990, 2100   # what the schema accepts for any year of any plan
# from the third five-year plan (1966) on, plan n begins in 1951 + 5n: 十四五 in 2021
PLAN_ORIGIN = 1951
_ORDINALS = "一二三四五六七八九"


def _chinese_ordinal(n: int) -> str:
    """13 -> 十三, 15 -> 十五, 20 -> 二十, 21 -> 二十一 (the numbers five-year plans carry)."""
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _ORDINALS[tens - 1]) + "十" if tens else ""
    return head + (_ORDINALS[ones - 1] if ones else "")


def _from_chinese(text: str) -> int | None:
    """十 -> 10, 十四 -> 14, 二十一 -> 21, 九 -> 9."""
    m = re.fullmatch(r"(?:([一二三四五六七八九]?)(十))?([一二三四五六七八九]?)", text or "")
    if not m or not text:
        return None
    tens = (_ORDINALS.index(m.group(1)) + 1 if m.group(1) else 1) if m.group(2) else 0
    ones = _ORDINALS.index(m.group(3)) + 1 if m.group(3) else 0
    return tens * 10 + ones


@dataclass(frozen=True, order=True)
class Period:
    baseline_year: int
    target_year: int

    def __post_init__(self):
        if not (FIRST_YEAR <= self.baseline_year < self.target_year <= LAST_YEAR):
            raise KnownError(f"规划期“{self.baseline_year}-{self.target_year}”不合理：基期年应早于目标年，"
                             f"且都在{FIRST_YEAR}至{LAST_YEAR}年之间")

    # ---- the forms a period is written in --------------------------------------------------
    @property
    def label(self) -> str:
        """'2021-2025' (the stored form; also the JSON's)."""
        return f"{self.first_year}-{self.target_year}"

    @property
    def span_text(self) -> str:
        """'2021—2025年' for sentences."""
        return f"{self.first_year}—{self.target_year}年"

    @property
    def first_year(self) -> int:
        return self.baseline_year + 1

    @functools.cached_property
    def years(self) -> tuple[int, ...]:
        """The years a value is reported for (made once: a Period serves every plan of its period)."""
        return tuple(range(self.first_year, self.target_year + 1))

    @property
    def number(self) -> int | None:
        """Which five-year plan (14 for 2021–2025), when the period is one."""
        if self.target_year - self.baseline_year != 5 or (self.first_year - PLAN_ORIGIN) % 5:
            return None
        return (self.first_year - PLAN_ORIGIN) // 5

    @property
    def name(self) -> str:
        """'十四五' for 2021–2025; the years for a period that is not a five-year plan's."""
        n = self.number
        return f"{_chinese_ordinal(n)}五" if n else self.label

    @property
    def long_name(self) -> str:
        """'“十四五”（2021—2025年）'."""
        return f"“{self.name}”（{self.span_text}）" if self.number else self.span_text

    # ---- arithmetic ------------------------------------------------------------------------
    def time_share(self, year: int) -> float:
        """时序进度: how much of the period has gone by the end of `year`."""
        share = (year - self.baseline_year) / (self.target_year - self.baseline_year)
        return min(1.0, max(0.0, share))

    def check_year(self, year: int, what: str = "年份") -> int:
        """A reporting year of this period, or a sentence saying which years are."""
        try:
            y = int(year)
        except (TypeError, ValueError):
            raise KnownError(f"{what}“{year}”不是年份，应在{self.first_year}至{self.target_year}之间") from None
        if y not in self.years:
            raise KnownError(f"{what}应在{self.first_year}至{self.target_year}之间（{self.name}规划期），"
                             f"“{y}”不在其中")
        return y

    def clamp(self, year: int) -> int:
        return min(max(year, self.first_year), self.target_year)

    # ---- reading ---------------------------------------------------------------------------
    @classmethod
    def of_number(cls, n: int) -> Period:
        first = PLAN_ORIGIN + 5 * n
        return cls(first - 1, first + 4)

    @classmethod
    def of_year(cls, year: int) -> Period:
        """The five-year plan a reporting year belongs to (2027 -> 十五五 2026–2030)."""
        first = int(year) - (int(year) - 1) % 5
        return cls(first - 1, first + 4)

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2026-2030', '2026—2030年', '2026–2030', '十五五', '“十五五”'; refused with the reason."""
        t = fold_width(str(text or "")).strip().strip("“”\"'")
        m = re.fullmatch(r"(\d{4})\s*年?\s*[-—–~至到]+\s*(\d{4})\s*年?", t)
        if m:
            first, last = int(m.group(1)), int(m.group(2))
            if not 1 <= last - first <= 10:
                raise KnownError(f"规划期“{text}”不合理：应起始年在前、目标年在后，相隔不超过10年，如“2026-2030”")
            # "2025-2030" spans six years: the baseline and the target year, not the reporting years
            return cls(first, last) if last - first == 5 else cls(first - 1, last)
        m = re.fullmatch(r"([一二三四五六七八九十]+)五(?:规划)?(?:时期|期间)?", t)
        if m and (n := _from_chinese(m.group(1))):
            return cls.of_number(n)
        raise KnownError(f"规划期“{text}”无法识别，请按“2026-2030”或“十五五”填写")

    @classmethod
    def from_stored(cls, text: str | None) -> Period:
        """The period kept with a plan; a plan from before periods were stored is 十四五. (Read
        once per text: a roll-up of 3,000 plans asks 3,000 times of the same two or three.)"""
        return _stored(text)

    @classmethod
    def _from_stored(cls, text: str | None) -> Period:
        try:
            return cls.parse(text) if text else DEFAULT
        except KnownError:
            return DEFAULT


# patterns compiled when first used (by the re module's cache): the window's start needs none
_NAMED = (r"(?<![第一二三四五六七八九十])(二?十[一二三四五六七八九]?|[八九])五"
          r"(?![届年条日月岁个次号点项万亿%名位])")
_SPAN = r"((?:19|20)\d\d)\s*年?\s*[-—–~～至到]+\s*((?:19|20)\d\d)\s*年"
_NTH = r"第([一二三四五六七八九十]{1,3})个五年规划"


def span_in(text: str) -> Period | None:
    """A period written as years in a title or caption: '（2026—2030年）', '2026-2030年'."""
    for m in re.finditer(_SPAN, fold_width(text or "")):
        try:
            return Period.parse(f"{m.group(1)}-{m.group(2)}")
        except KnownError:
            continue
    return None


def named_in(text: str) -> Period | None:
    """The five-year plan a title names ('“十五五”卫生健康规划' -> 2026–2030), if it names one."""
    folded = fold_width(text or "")
    m = re.search(_NTH, folded)
    if m and (n := _from_chinese(m.group(1))) and 8 <= n <= 21:
        return Period.of_number(n)
    for m in re.finditer(_NAMED, folded):
        n = _from_chinese(m.group(1))
        if n and 8 <= n <= 21:
            return Period.of_number(n)
    return None


DEFAULT = Period(2020, 2025)   # 十四五: a plan, database or workbook that names no period


@functools.lru_cache(maxsize=64)
def _stored(text: str | None) -> Period:
    return Period._from_stored(text)      # a Period is frozen: one object serves every plan of that period
