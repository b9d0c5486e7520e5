"""A plan document as a sequence of blocks: paragraphs and tables, whatever the file format."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WS = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u200b]+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff“”‘’《》（）【】"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
TERMINAL = tuple("。；！？：…」』）)”")


@dataclass
class Paragraph:
    text: str
    line: int = 0
    indented: bool = False


@dataclass
class Table:
    rows: list[list[str]]
    line: int = 0
    cell_per_line: bool = False
    header: list[str] = field(default_factory=list)
    short_rows: set[int] = field(default_factory=set)   # rows (0-based) that ended before their last cell


Block = Paragraph | Table
# a table cell covered by a merged cell (a PDF gives no text for it): resolved by the table reader
MERGED = "\u2063"


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, as a cell is kept 'as printed'."""
    return _WS.sub(" ", text).strip()


def squeeze(text: str) -> str:
    """Whitespace removed where it only splits Chinese words (titles, domain labels)."""
    return _SPACE_NEAR_CJK.sub("", collapse(text))


def is_header_cell_set(cells: list[str]) -> bool:
    """A table header row of an indicator table names its indicator column."""
    joined = "".join(cells)
    return len([c for c in cells if c]) >= 3 and "指标" in joined


def join_broken(paragraphs: list[Paragraph], is_heading) -> list[Paragraph]:
    """Rejoin paragraphs a page break split mid-sentence."""
    out: list[Paragraph] = []
    for p in paragraphs:
        if out and _continues(out[-1], p, is_heading):
            prev = out[-1]
            out[-1] = Paragraph(prev.text + p.text, prev.line, prev.indented)
        else:
            out.append(p)
    return out


def _continues(prev: Paragraph, cur: Paragraph, is_heading) -> bool:
    if len(prev.text) < 20 or prev.text.endswith(TERMINAL):
        return False
    if is_heading(cur.text) or cur.text.startswith(("专栏", "——", "表")):
        return False
    # a heading line with no body text is complete however long it is
    return not (is_heading(prev.text) and "。" not in prev.text)


_ITEM_HEAD = re.compile(r"^(?:序号|编号)?$")
_NAME_HEAD = re.compile(r"^(?:重点)?(?:项目|工程|任务)(?:名称)?$")
_TEXT_HEAD = re.compile(r"^(?:主要|建设|项目|工作)?(?:内容|建设内容|任务内容|目标)(?:及规模)?$")


def layout_paragraphs(rows: list[list[str]], line: int) -> list[Paragraph]:
    """A table that is not an indicator table (a 专栏 drawn as a table, a layout frame): its
    cells as indented paragraphs; a 项目名称 | 建设内容 table gives one "name：text" line a row."""
    if rows:
        head = [squeeze(c) for c in rows[0]]
        names = [k for k, h in enumerate(head) if _NAME_HEAD.match(h)]
        texts = [k for k, h in enumerate(head) if _TEXT_HEAD.match(h)]
        if names and texts:
            out = []
            for n, row in enumerate(rows[1:], 1):
                name = collapse(row[names[0]]) if names[0] < len(row) else ""
                text = collapse(row[texts[0]]) if texts[0] < len(row) else ""
                if name:
                    out.append(Paragraph(f"{n}.{name}：{text}" if text else f"{n}.{name}", line, indented=True))
            return out
    out = []
    for r in rows:
        for cell in dict.fromkeys(c for c in r if c):
            for piece in cell.split("\n"):
                if piece.strip():
                    out.append(Paragraph(collapse(piece), line, indented=True))
    return out


def continues(table: Table, rows: list[list[str]]) -> bool:
    """Whether headerless rows after an indicator table (the rest of it after a page break) are
    more of its rows, not a table of their own: no 专栏 or title row spanning the table, and where
    the table numbers its rows, the numbering goes on (8 → 9)."""
    first = [collapse(c) for c in rows[0] if c] if rows else []
    if not first or any(collapse(c).startswith("专栏") for r in rows[:2] for c in r if c):
        return False
    if len(first) > 1 and len(set(first)) == 1:     # one text across the whole row: a title
        return False
    if table.header and "序号" in collapse(table.header[0]):
        last = next((collapse(r[0]) for r in reversed(table.rows)
                     if r and re.fullmatch(r"\d{1,3}", collapse(r[0]))), None)
        if last is not None:
            head = collapse(rows[0][0]) if rows[0] else ""
            if head and not head.startswith("其中"):
                return head == str(int(last) + 1)
    return True


def numbered(table: Table) -> bool:
    """The table numbers its rows (a 序号 column): headerless rows can be checked to go on."""
    return bool(table.header) and "序号" in collapse(table.header[0])


def says_continued(text: str) -> bool:
    """A line over the rest of a table after a page break: "续表", "续表1"."""
    return collapse(text).startswith("续表") and len(text) <= 30

