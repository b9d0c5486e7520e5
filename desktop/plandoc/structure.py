"""From blocks to the plan's parts: tables, 专栏 boxes and the heading tree with its text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain.plan import Box, Finding, Indicator, ReferenceTable, Section
from . import boxes as box_reader
from . import headings
from .blocks import Block, Paragraph, Table, join_broken, squeeze
from .indicator_table import (
    column_roles,
    header_years,
    is_header_row,
    is_main_table,
    merge_header_rows,
    read_indicators,
    read_reference,
    table_years,
)

_TOC = re.compile(r"^目\s*录$")
_UNNUMBERED_MAX = 25


@dataclass
class Parts:
    indicators: list[Indicator] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    reference_tables: list[ReferenceTable] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    body_start: int = 0
    main_years: tuple[int | None, int | None] = (None, None)  # baseline, target year in its header
    main_caption: str = ""                                    # the line above it ("表1 主要指标（…）")


def normalise_blocks(blocks: list[Block], rejoin: bool = True) -> list[Block]:
    """Drop the table of contents; in plain text, rejoin paragraphs split by page breaks (a Word
    paragraph is whole: an unpunctuated heading is not glued to the next one)."""
    if not rejoin:
        return _without_toc(blocks)
    out: list[Block] = []
    run: list[Paragraph] = []
    for b in _without_toc(blocks):
        if isinstance(b, Paragraph):
            run.append(b)
            continue
        out.extend(join_broken(run, headings.is_heading))
        run = []
        out.append(b)
    out.extend(join_broken(run, headings.is_heading))
    return out


def _without_toc(blocks: list[Block]) -> list[Block]:
    for k, b in enumerate(blocks[:80]):
        if isinstance(b, Paragraph) and _TOC.match(squeeze(b.text)):
            end = k + 1
            while (end < len(blocks) and isinstance(blocks[end], Paragraph)
                   and len(blocks[end].text) <= 40):
                end += 1
            return blocks[:k] + blocks[end:]
    return blocks


def read_parts(blocks: list[Block], prefer_target: int | None = None) -> Parts:
    """`prefer_target`: the target year the title names — of several dated indicator tables
    (a 十三五 review table before the 十四五 one), the main table is the one aiming there, else
    the one aiming latest."""
    parts = Parts()
    tables: list[tuple[Table, str, str, int]] = []
    found_boxes: list[tuple[int | None, Box]] = []
    body: list[tuple[int, Paragraph]] = []
    k = 0
    while k < len(blocks):
        b = blocks[k]
        if isinstance(b, Table):
            title = _title_before(blocks, k)
            if tables and (title.startswith("续表") or _same_header(tables[-1][0], b) and tables[-1][3] >= k - 2):
                # 续表: the table goes on (its header repeated); its rows join the table before
                previous = tables[-1][0]
                previous.rows.extend(r for r in b.rows if not is_header_row(r, previous.header))
                tables[-1] = (previous, tables[-1][1], _note_after(blocks, k) or tables[-1][2], k)
            else:
                tables.append((b, title, _note_after(blocks, k), k))
            if body and body[-1][0] == k - 1 and len(body[-1][1].text) <= 60:
                body.pop()  # the table's own title is not body text
            k += 1
            continue
        start = box_reader.box_start(blocks, k)
        if start:
            no, title = start
            items, nxt = box_reader.read_items(blocks, k)
            if items:
                found_boxes.append((no, Box(no=no or 0, title=title, items=items)))
                k = nxt
                continue
            if no is not None:
                label = f"专栏{no}" + (f"“{title}”" if title else "")
                parts.findings.append(Finding(label, f"{label}没有读到项目（项目的写法未能识别），"
                                                     "未导入该专栏，请核对原文"))
        body.append((k, b))
        k += 1
    _tables(parts, [(t, title, note) for t, title, note, _ in tables], prefer_target)
    parts.boxes = box_reader.number_boxes(found_boxes)
    parts.sections = _sections([p for _, p in body])
    if not parts.indicators:
        parts.findings.append(Finding("全文", "没有找到主要指标表（含“指标”列和基期、目标年份列的表格）"))
    _cross_checks(parts, blocks)
    return parts


def _cross_checks(parts: Parts, blocks: list[Block]) -> None:
    """What the reading should agree with, said where it does not: the boxes the text mentions,
    the indicator count against the table's last 序号."""
    text = "\n".join(b.text for b in blocks if isinstance(b, Paragraph))
    mentioned = {box_reader.box_number(m) for m in re.findall(r"专栏\s*([0-9０-９一二三四五六七八九十]{1,3})", text)}
    read = {b.no for b in parts.boxes}
    missing = sorted(n for n in mentioned - read if n)
    if missing:
        names = "、".join(f"专栏{n}" for n in missing)
        parts.findings.append(Finding("专栏", f"正文提到{names}，但没有读到{'它' if len(missing) == 1 else '它们'}"
                                           f"（共读到{len(read)}个专栏），请核对原文"))
    numbers = [int(i.seq) for i in parts.indicators if not i.parent_seq and re.fullmatch(r"\d{1,3}", i.seq)]
    main = [i for i in parts.indicators if not i.parent_seq]
    if numbers and max(numbers) != len(main) and len(numbers) == len(main):
        parts.findings.append(Finding("指标表", f"指标表最后的序号为{max(numbers)}，但读到{len(main)}项指标"
                                             "（序号有重复或跳号），请核对"))


def _same_header(a: Table, b: Table) -> bool:
    return bool(a.header) and [squeeze(c) for c in a.header] == [squeeze(c) for c in b.header]


def _note_after(blocks: list[Block], k: int) -> str:
    """The note under a table ("注：带*的为约束性指标")."""
    nxt = blocks[k + 1] if k + 1 < len(blocks) else None
    return nxt.text if isinstance(nxt, Paragraph) and squeeze(nxt.text).startswith(("注", "说明")) else ""


def _title_before(blocks: list[Block], k: int) -> str:
    prev = blocks[k - 1] if k else None
    return squeeze(prev.text) if isinstance(prev, Paragraph) and len(prev.text) <= 60 else ""


def _seqs(table: Table) -> list[int]:
    """The row numbers a table's 序号 column prints, in order."""
    roles = column_roles(table.header)
    if "seq" not in roles:
        return []
    k = roles.index("seq")
    return [int(squeeze(r[k])) for r in table.rows if k < len(r) and re.fullmatch(r"\d{1,3}", squeeze(r[k]))]


def _continuations(parts: Parts, tables: list, candidates: list[int], main: int | None) -> list[int]:
    """Indicator tables after the main one that go on with its numbering (表1 1–3, 表2 4–6) and
    aim at the same year: the plan's indicators, split over two tables."""
    if main is None:
        return []
    joined: list[int] = []
    numbers = _seqs(tables[main][0])
    aim = table_years(tables[main][0].header)[1]
    for k in candidates:
        if k <= main or not numbers:
            continue
        more = _seqs(tables[k][0])
        if more and more[0] == numbers[-1] + 1 and table_years(tables[k][0].header)[1] == aim:
            joined.append(k)
            numbers = more
        else:
            break
    return joined


def _tables(parts: Parts, tables: list[tuple[Table, str, str]], prefer_target: int | None) -> None:
    tables = [(merge_header_rows(t), title, note) for t, title, note in tables]
    candidates = [k for k, (t, _, _) in enumerate(tables) if is_main_table(t)]
    main = None
    aims: dict[int, int] = {}
    if candidates:
        aims = {k: table_years(tables[k][0].header)[1] or 0 for k in candidates}
        named = [k for k in candidates if prefer_target and aims[k] == prefer_target]
        # the title's period and a table dated for another (the last plan's 完成情况 table): a
        # table without years is this plan's, before one whose years say it is not
        undated = [k for k in candidates if prefer_target and not aims[k]]
        main = named[0] if named else undated[0] if undated else max(candidates, key=lambda k: (aims[k], -k))
        for k in candidates:
            if prefer_target and k != main and aims[k] and aims[k] != prefer_target:
                caption = tables[k][1] or "另一张指标表"
                parts.findings.append(Finding("指标表", f"“{caption}”的目标年为{aims[k]}年，与标题的规划期"
                                                     f"（目标年{prefer_target}年）不符，未作为主要指标导入，"
                                                     "见“其他指标表”"))
    joined = _continuations(parts, tables, candidates, main)
    for k, (table, title, note) in enumerate(tables):
        if k in joined:
            continue
        if k == main:
            parts.main_years = table_years(table.header)
            parts.main_caption = title
            parts.indicators, findings = read_indicators(table, note)
            roles = column_roles(table.header)
            unplaced = [squeeze(h) for h, r in zip(table.header, roles, strict=False)
                        if r == "other" and squeeze(h) and not header_years(h)]
            dated = [squeeze(h) for h, r in zip(table.header, roles, strict=False)
                     if r == "other" and squeeze(h) and header_years(h)]
            if dated:      # a year besides the baseline's and the target's (the last plan's target…)
                used = "”“".join(squeeze(h) for h, r in zip(table.header, roles, strict=False)
                                 if r in ("baseline", "target"))
                findings.insert(0, Finding("指标表", "指标表中“" + "”“".join(dated) + f"”列未导入：基期值和目标值"
                                           f"取自“{used}”列，请核对"))
            if unplaced:
                findings.insert(0, Finding("指标表", "指标表中“" + "”“".join(unplaced) + "”列未能识别"
                                           "（不是领域、序号、指标、单位、基期、目标或属性），其内容未导入，请核对"))
            for j in joined:             # 表2 numbering on from 表1, for the same years
                more, also = read_indicators(tables[j][0], tables[j][2])
                for ind in more:
                    ind.order = len(parts.indicators) + 1
                    parts.indicators.append(ind)
                findings.extend(Finding(f"{tables[j][1] or '续表'}：{f.where}", f.message) for f in also)
                findings.append(Finding("指标表", f"“{tables[j][1] or '下一张表'}”的序号接着“{title or '指标表'}”，"
                                                 f"年份相同，其{len(more)}项指标一并导入，请核对"))
            parts.findings.extend(findings)
        elif table.rows:
            parts.reference_tables.append(read_reference(table, title or "指标表"))
            if k in candidates and k != main and not (prefer_target and aims.get(k) and aims[k] != prefer_target):
                parts.findings.append(Finding("指标表", f"“{title or '另一张表'}”也像指标表（{len(table.rows)}行），"
                                                     "未作为主要指标导入，见“其他指标表”；如是主要指标的一部分，请核对"))


def _sections(paras: list[Paragraph]) -> list[Section]:
    """The heading tree; levels numbered by the marker kinds this document uses."""
    raw: list[tuple[float, str, str, list[str]]] = []  # rank, marker, title, text lines
    numbered = sorted({m[0] for p in paras if (m := headings.match(p.text))})
    last_numbered_rank: int | None = None
    for idx, p in enumerate(paras):
        m = headings.match(p.text)
        if m:
            rank, marker, rest = m
            title, text = headings.split_title(rest)
            raw.append((rank, marker, title, [text] if text else []))
            last_numbered_rank = rank
            continue
        nxt = paras[idx + 1] if idx + 1 < len(paras) else None
        if last_numbered_rank is not None and _unnumbered_heading(p, nxt):
            below = [r for r in numbered if r > last_numbered_rank]
            raw.append((below[0] if below else last_numbered_rank + 0.5, "", p.text, []))
            continue
        if raw:
            raw[-1][3].append(p.text)
    ranks = sorted({r for r, *_ in raw})
    level_of = {r: i + 1 for i, r in enumerate(ranks)}
    return [Section(level=level_of[r], marker=mk, title=t, text="\n".join(lines))
            for r, mk, t, lines in raw]


def _unnumbered_heading(p: Paragraph, nxt: Paragraph | None) -> bool:
    """A short line with no punctuation followed by body text: a heading whose number Word kept."""
    t = p.text
    return (len(t) <= _UNNUMBERED_MAX and not re.search(r"[，。：:；、！？]", t)
            and re.search(r"[\u4e00-\u9fa5]", t) is not None and not t.startswith(("表", "——"))
            and nxt is not None and len(nxt.text) > len(t) and not headings.is_heading(nxt.text))
