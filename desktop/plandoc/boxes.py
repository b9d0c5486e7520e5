"""专栏 boxes: a numbered (or, once in a while, unnumbered) box of key projects."""

from __future__ import annotations

import re

from ..domain.numbers import fold_width
from ..domain.plan import Box, BoxItem
from . import headings
from .blocks import Block, Paragraph, squeeze
from .headings import is_heading

_LABEL = re.compile(r"^专栏\s*([0-9０-９一二三四五六七八九十]+)\s*(.*)$")
_ITEM = re.compile(r"^([^：:。，；]{2,36}?)([：:。])(.+)$")
_ENUM = re.compile(r"[（(]\d{1,2}[)）]\s*")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}


def box_number(label: str) -> int:
    """'3', '３', '十二' -> the box's number."""
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
        title = squeeze(m.group(2)).lstrip("：:、.． ")
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if (not title and isinstance(nxt, Paragraph) and len(nxt.text) <= 30
                and not re.search(r"[，。；：:]", nxt.text) and not numbered_item(nxt.text)):
            title = squeeze(nxt.text)       # "专栏2" on its own line, the title on the next
        return box_number(m.group(1)), title
    nxt = blocks[k + 1] if k + 1 < len(blocks) else None
    if (_short_title(b) and isinstance(nxt, Paragraph) and nxt.indented
            and _ITEM.match(nxt.text) and not _LABEL.match(nxt.text)):
        return None, squeeze(b.text)
    return None


# the ways a box's items are numbered: 1. 1． 1、 （1） (1) ① — the style, and the number
_NUMBERED = (
    ("dot", re.compile(r"^(\d{1,2})\s*[.．]\s*(?!\d)(.+)$")),
    ("comma", re.compile(r"^(\d{1,2})\s*、\s*(.+)$")),
    ("paren", re.compile(r"^[（(]\s*(\d{1,2})\s*[)）]\s*(.+)$")),
    ("circled", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(.+)$")),
    ("rparen", re.compile(r"^(\d{1,2})\s*[)）]\s*(.+)$")),
    ("shi", re.compile(r"^([一二三四五六七八九十]{1,2})是\s*[，,：:]?\s*(.+)$")),       # 一是…二是…
    ("cnparen", re.compile(r"^[（(]([一二三四五六七八九十]{1,2})[)）]\s*(.+)$")),    # （一）名称：内容
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def numbered_item(text: str) -> tuple[str, int, str] | None:
    """(style, number, rest) when a line starts with an item number."""
    for style, pattern in _NUMBERED:
        m = pattern.match(text)
        if m:
            if style == "circled":
                n = _CIRCLED.index(m.group(1)) + 1
            elif style in ("shi", "cnparen"):
                n = box_number(m.group(1))
                if style == "cnparen" and not _ITEM.match(m.group(2).strip()):
                    continue        # （一）加强… without "name：": a heading, not an item
            else:
                n = int(m.group(1))
            return style, n, m.group(2).strip()
    return None


def _item(text: str) -> BoxItem:
    """'疾控中心标准化建设：新建…' -> name before the colon; without one, the first clause."""
    m = _ITEM.match(text)
    if m:
        return BoxItem(name=m.group(1).strip(), text=m.group(3).strip())
    clause = re.split(r"[，,；;。]", text, maxsplit=1)[0].strip()
    return BoxItem(name=clause[:36], text=text.rstrip())


def _major_heading(text: str) -> bool:
    """A chapter, section, 一、 or （一） heading: a box never runs past one."""
    found = headings.match(text)
    return found is not None and found[0] <= 3


def read_items(blocks: list[Block], k: int) -> tuple[list[BoxItem], int]:
    """The items of the box opened at k; returns them and the index after the box. Items are
    numbered in one style and count up (a 1. after a box of （1） items, or a 1. starting again,
    is the next heading, not an item); a line with no number continues the item before it."""
    items: list[BoxItem] = []
    style: str | None = None
    i = k + 1
    head = blocks[k]
    m = _LABEL.match(head.text) if isinstance(head, Paragraph) else None
    nxt = blocks[k + 1] if k + 1 < len(blocks) else None
    if m and not squeeze(m.group(2)).lstrip("：:、.． ") and isinstance(nxt, Paragraph):
        start = box_start(blocks, k)
        if start and start[1] and start[1] == squeeze(nxt.text):
            i = k + 2           # the title was on the line after "专栏2"
    while i < len(blocks):
        b = blocks[i]
        if not isinstance(b, Paragraph):
            break
        enum = [e.strip().rstrip("；;。") for e in _ENUM.split(b.text) if e.strip()]
        numbered = numbered_item(b.text)
        fits = numbered and (style is None or (numbered[0] == style and numbered[1] == len(items) + 1))
        if len(enum) >= 2 and _ENUM.match(b.text):  # "(1) 甲项目 (2) 乙项目 …" on one line
            items.extend(BoxItem(name=e, text=e) for e in enum)
        elif box_start(blocks, i) or (_major_heading(b.text) and not (fits and numbered[0] == "cnparen")):
            break
        elif fits:
            if style is None and items:
                break          # unnumbered items then a numbered line: the text goes on
            style = numbered[0]
            items.append(_item(numbered[2]))
        elif numbered or is_heading(b.text):
            break
        elif style is not None and items and not _ITEM.match(b.text):
            if items[-1].text.endswith(("。", "！", "？")):
                break          # the item had ended: this is the text after the box
            items[-1].text = (items[-1].text + b.text).strip()   # an item wrapped onto a new line
        else:
            m = _ITEM.match(b.text)
            if not m or style is not None:
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
