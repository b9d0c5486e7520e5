"""Validating a value as a clerk types it: the same rules in the grid, the workbook and the CLI."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import fmt, normalise, parse_value, to_number

RATIO_MAX = 20  # 医护比, 床护比 …: 1:0.5 to 1:3 in practice; 1:132 is a slip of the hand
_PLAIN = r"\d+(?:\.\d+)?"  # (compiled when first used) a ratio's second term typed alone: 1.32 means 1:1.32


@dataclass(frozen=True)
class Entry:
    ok: bool
    text: str = ""          # as entered (full-width folded), or the form meant ('1.32' -> '1:1.32')
    number: float | None = None
    message: str = ""       # why it was refused, in a sentence


def validate(text: str, *, baseline: str = "", unit: str = "", name: str = "") -> Entry:
    """A number; a percentage not over 100; a ratio 1:x; two values where the baseline has two."""
    raw = normalise(str(text or ""))
    if not raw:
        return Entry(True, "", None)
    if len(raw) > 60:
        return Entry(False, message="内容过长，请只填写数值")
    if raw[0] in "=+@" or (raw[0] == "-" and to_number(raw) is None):
        return Entry(False, message=f"“{raw}”不是数值（不能以 = + - @ 开头的公式或文字）")
    base = parse_value(baseline)
    if raw.endswith("%") and not base.ratio and len(base.parts) < 2:
        u = (unit or "").strip()
        if u and u != "%":   # "78.9%" for an indicator counted in 岁: a format, not what was meant
            return Entry(False, message=f"“{raw}”带百分号，而本指标的单位是“{u}”，请只填写数值")
        raw = raw[:-1].strip()  # the unit says % already
    value = parse_value(raw)
    if len(base.parts) >= 2:
        if len(value.parts) != len(base.parts):
            example = "/".join(["…"] * len(base.parts))
            n = len(base.parts)
            return Entry(False, message=f"基期有{n}项（{baseline}），请同样填写{n}个数，如“{example}”")
        bad = _range_problem(value.parts, unit)
        if bad:
            return Entry(False, message=bad)
        text_out = raw
        if base.labels:
            text_out = " ".join(f"{label}{fmt_exact(p)}" for label, p in zip(base.labels, value.parts, strict=True))
        return Entry(True, text_out, None)
    if base.ratio or (raw.startswith("1:") and value.ratio):
        if not value.ratio:
            n = to_number(raw)
            if n is None or not re.fullmatch(_PLAIN, raw):
                return Entry(False, message=f"“{raw}”不是比值，本指标请按“1:1.3”的格式填写")
            value = parse_value(f"1:{raw}")
        second = value.parts[0]
        if not 0 < second <= RATIO_MAX:
            return Entry(False, message=f"比值1:{fmt_exact(second)}不合常理"
                                        f"（第二项应大于0、不超过{RATIO_MAX}），请检查")
        return Entry(True, f"1:{fmt_exact(second)}", second)
    n = to_number(raw)
    if n is None:
        if len(value.parts) >= 2:
            return Entry(False, message=f"“{raw}”含多个数，本指标只需填写一个数")
        return Entry(False, message=f"“{raw}”不是数值，请填写数字（如 14.9）")
    bad = _range_problem((n,), unit)
    if bad:
        return Entry(False, message=bad)
    return Entry(True, raw.replace(",", ""), n)


def _range_problem(parts, unit: str) -> str:
    u = (unit or "").strip()
    for p in parts:
        if p < 0:
            return f"{fmt(p)}为负数，本指标的值不能小于0"
        if u == "%" and p > 100:
            return f"{fmt(p)}%超过100%，请检查（百分比指标填写如 95.6）"
        if u == "‰" and p > 1000:
            return f"{fmt(p)}‰超过1000‰，请检查"
    return ""


def fmt_exact(x: float) -> str:
    """The number as typed, without a float's noise: 14.90 stays 14.9, 3 stays 3."""
    s = repr(float(x))
    if "e" in s:
        s = f"{x:.10f}"
    s = s.rstrip("0").rstrip(".") if "." in s else s
    return s or "0"


def implausible(number: float | None, *, baseline: str = "", previous: float | None = None,
                previous_year: int | None = None, unit: str = "", name: str = "") -> str:
    """Why a value that may still be true looks like a slip (asked, never refused): ten times or a
    tenth of the baseline or of last year's value, a per-1000 figure over 100."""
    if number is None:
        return ""
    base = parse_value(baseline).number if baseline else None
    for ref, label in ((previous, f"{previous_year}年的值{fmt(previous)}" if previous_year else None),
                       (base, f"基期值{fmt(base)}" if base is not None else None)):
        if ref is None or label is None or ref < 1:
            continue      # rare events (0.28‰, 0.14‰): ten times a tiny number may well be true
        if number >= 10 * ref:
            return f"{fmt_exact(number)}是{label}的{number / ref:.0f}倍"
        if number <= ref / 10:
            return f"{fmt_exact(number)}不到{label}的十分之一"
    if "每千" in (name or "") and number > 100:
        return f"{fmt_exact(number)}：每千人口的数值超过100"
    return ""
