"""Heading markers of Chinese official documents, from chapter down to numbered item."""

from __future__ import annotations

import re

_CN = "一二三四五六七八九十百零〇"
# rank: lower is higher in the tree
PATTERNS: list[tuple[int, re.Pattern]] = [
    (0, re.compile(rf"^(第[{_CN}\d]+章)\s*(.*)$")),
    (1, re.compile(rf"^(第[{_CN}\d]+节)\s*(.*)$")),
    (2, re.compile(rf"^([{_CN}]+、)\s*(.*)$")),
    (3, re.compile(rf"^([（(][{_CN}]+[）)])\s*(.*)$")),
    (4, re.compile(r"^(\d{1,2}[.．、](?!\d))\s*(.*)$")),
    (5, re.compile(r"^([（(]\d{1,2}[）)])\s*(.*)$")),
]
TITLE_MAX = 40


def match(text: str) -> tuple[int, str, str] | None:
    """(rank, marker, rest) when the paragraph starts with a heading marker."""
    for rank, pattern in PATTERNS:
        m = pattern.match(text)
        if m and m.group(2):
            return rank, m.group(1), m.group(2)
    return None


def is_heading(text: str) -> bool:
    return match(text) is not None


def split_title(rest: str) -> tuple[str, str]:
    """'加强疾病控制能力建设。健全以……' -> ('加强疾病控制能力建设', '健全以……')."""
    cut = rest.find("。")
    if 0 < cut <= TITLE_MAX:
        return rest[:cut].strip(), rest[cut + 1:].strip()
    if len(rest) <= TITLE_MAX:
        return rest.rstrip("。").strip(), ""
    return rest[:TITLE_MAX].strip() + "…", rest
