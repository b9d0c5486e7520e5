"""专栏 boxes: a numbered (or, once in a while, unnumbered) box of key projects."""

from __future__ import annotations

import re

from ..domain.numbers import fold_width
from ..domain.plan import Box, BoxItem
from .blocks import Block, Paragraph, squeeze
from .headings import is_heading

_LABEL = re.compile(r"^专栏\s*([0-9０-９一二三四五六七八九十]+)\s*(.*)$")
_ITEM = re.compile(r"^([^：:。，；]{2,36}?)([：:。])(.+)$")
_ENUM = re.compile(r"[（(]\d{1,2}[)）]\s*")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}


def _number(label: str) -> int:
    label = fold_width(label)
    if label.isdigit():
        return int(label)
    if label == "十":
        return 10
    if label.startswith("十"):
        return 10 + _CN_DIGITS.get(label[1:], 0)
    if label.endswith("十"):
        return 10 * _CN_DIGITS.get(label[0], 0)
    if "十" in label:
        tens, ones = label.split("十")
        return 10 * _CN_DIGITS.get(tens, 0) + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(label, 0)


def _short_title(p: Paragraph) -> bool:
    return (p.indented and len(p.text) <= 25 and not re.search(r"[，。：:；]", p.text)
            and not is_heading(p.text))


def box_start(blocks: list[Block], k: int) -> tuple[int | None, str] | None:
    """(number or None, title) when block k opens a box."""
    b = blocks[k]
    if not isinstance(b, Paragraph):
        return None
    m = _LABEL.match(b.text)
    if m:
        return _number(m.group(1)), squeeze(m.group(2))
    nxt = blocks[k + 1] if k + 1 < len(blocks) else None
    if (_short_title(b) and isinstance(nxt, Paragraph) and nxt.indented
            and _ITEM.match(nxt.text) and not _LABEL.match(nxt.text)):
        return None, squeeze(b.text)
    return None


def read_items(blocks: list[Block], k: int) -> tuple[list[BoxItem], int]:
    """The items of the box opened at k; returns them and the index after the box."""
    items: list[BoxItem] = []
    i = k + 1
    while i < len(blocks):
        b = blocks[i]
        if not isinstance(b, Paragraph):
            break
        enum = [e.strip().rstrip("；;。") for e in _ENUM.split(b.text) if e.strip()]
        if len(enum) >= 2 and _ENUM.match(b.text):  # "(1) 甲项目 (2) 乙项目 …" on one line
            items.extend(BoxItem(name=e, text=e) for e in enum)
        elif is_heading(b.text) or box_start(blocks, i):
            break
        else:
            m = _ITEM.match(b.text)
            if not m:
                break
            items.append(BoxItem(name=m.group(1).strip(), text=m.group(3).strip()))
        i += 1
    return items, i


def number_boxes(found: list[tuple[int | None, Box]]) -> list[Box]:
    """Give an unnumbered box the number its neighbours leave for it."""
    boxes = []
    for idx, (no, box) in enumerate(found):
        if no is None:
            after = next((n for n, _ in found[idx + 1:] if n is not None), None)
            before = boxes[-1].no if boxes else 0
            no = after - 1 if after is not None and after - 1 > before else before + 1
        box.no = no
        boxes.append(box)
    return boxes
