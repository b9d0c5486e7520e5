"""Numbers as printed in Chinese documents: full-width forms, signs, ratios, two values in a cell."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# what NFKC would fold but a plan means: circled and Roman numerals (①, "Ⅲ类水体"), ², ³
_KEEP = re.compile(r"[\u2460-\u24ff\u2160-\u217f\u00b2\u00b3\u00b9]")
_SIGNS = str.maketrans({"≦": "≤", "≧": "≥"})  # no compatibility form of their own


def fold_width(text: str) -> str:
    """Full-width digits, letters and signs as half-width (Unicode NFKC), but for the numerals
    that belong to a name; ≦ ≧ as ≤ ≥."""
    if text.isascii():
        return text
    if not _KEEP.search(text):
        return unicodedata.normalize("NFKC", text).translate(_SIGNS)
    return "".join(ch if _KEEP.match(ch) else unicodedata.normalize("NFKC", ch)
                   for ch in text).translate(_SIGNS)


NUMBER = r"[-+]?\d+(?:\.\d+)?"
_NUM = re.compile(rf"^{NUMBER}$")
NONE_MARKS = {"", "—", "-", "--", "——", "/", "无", "暂无", "—/—", "-/-", "－"}
MAX_ABS = 1e12


def normalise(text: str) -> str:
    """Half-width signs and digits, ≦ as ≤, whitespace collapsed."""
    t = fold_width(text or "")
    t = t.replace("<=", "≤").replace(">=", "≥").replace("=<", "≤").replace("=>", "≥")
    return re.sub(r"\s+", " ", t).strip()


_GROUPED = r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"   # compiled when first met


def to_number(text: str) -> float | None:
    """A plain number ('14.90', '14.9%', '1,234'), or None. A comma is a thousands separator only
    in groups of three ('7,8' is not 78: it may be a decimal comma)."""
    t = normalise(text).rstrip("%‰").strip()
    if "," in t:
        if not re.match(_GROUPED, t):
            return None
        t = t.replace(",", "")
    if not _NUM.match(t):
        return None
    v = float(t)
    return v if math.isfinite(v) and abs(v) <= MAX_ABS else None


@dataclass(frozen=True)
class Value:
    """A value as a baseline or an actual is printed: one number, or several parts."""

    parts: tuple[float, ...] = ()
    labels: tuple[str, ...] = ()
    ratio: bool = False
    sign: str = ""  # '>90' as a baseline: the value is only known to exceed 90

    @property
    def number(self) -> float | None:
        return self.parts[0] if len(self.parts) == 1 else None

    @property
    def empty(self) -> bool:
        return not self.parts


@lru_cache(maxsize=8192)
def parse_value(text: str) -> Value:
    """'15.53' · '—' · '>90' · '1:1.3' · '95.96/93.82' · '87.35 86.57' · '职工≥80 居民≥70'."""
    t = normalise(text)
    if t in NONE_MARKS:
        return Value()
    n = to_number(t)
    if n is not None:
        return Value((n,))
    m = re.fullmatch(rf"1\s*:\s*({NUMBER})", t)
    if m:
        return Value((float(m.group(1)),), ratio=True)
    m = re.fullmatch(rf"([<>≤≥])\s*({NUMBER})%?", t)
    if m:
        return Value((float(m.group(2)),), sign=m.group(1))
    if not any("\u4e00" <= c <= "\u9fa5" for c in t):  # no label can be there: skip two costly patterns
        labelled = []
    else:
        labelled = re.findall(rf"([\u4e00-\u9fa5]+)\s*[<>≤≥]?\s*({NUMBER})", t)
    if len(labelled) >= 2 and re.fullmatch(rf"(?:[\u4e00-\u9fa5]+\s*[<>≤≥]?\s*{NUMBER}%?\s*)+", t):
        return Value(tuple(float(v) for _, v in labelled), labels=tuple(k for k, _ in labelled))
    pieces = [p for p in re.split(r"[/、;；\s]+", t) if p]
    if len(pieces) >= 2 and all(to_number(p) is not None for p in pieces):
        return Value(tuple(to_number(p) for p in pieces))  # type: ignore[misc]
    return Value()


def fmt(x: float | None) -> str:
    """A number for a sentence: no trailing zeros, at most 2 decimals."""
    if x is None:
        return "—"
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def pct(x: float | None) -> str:
    return "—" if x is None else f"{round(x * 100):d}%"
