"""Plain-text plan documents (Word saved as text): decoding, markup clean-up, tables from tabs."""

from __future__ import annotations

import codecs
import re

from ..domain.errors import DocumentError
from .blocks import Block, Paragraph, Table, is_header_cell_set
from .indicator_table import DOMAIN_LABELS

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_COMMENT = re.compile(r"\tComment by [^:：]*[:：].*$")
_BOLD = re.compile(r"\*\*")
_TOC_PAGE = re.compile(r"\t\d{1,3}\s*$")


def decode(data: bytes, name: str = "") -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 as Chinese Windows writes."""
    if not data.strip():
        raise DocumentError(f"文件“{name}”是空的，没有可读取的内容")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise DocumentError(f"文件“{name}”不是文本文件（含二进制内容），请选择 .txt 或 .docx 规划文本")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise DocumentError(f"文件“{name}”的文字编码无法识别（既不是 UTF-8 也不是 GBK），请另存为 UTF-8 文本")


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return control <= len(sample) // 100


def clean_line(line: str) -> str:
    line = _BOOKMARK.sub("", line)
    line = _COMMENT.sub("", line)
    line = _BOLD.sub("", line)
    return line.rstrip("\r\n\f ")


# a page footer as copied out of a PDF: "— 12 —", "- 3 -", "第 3 页", "第3页共20页", "3/20"
FOOTER = re.compile(r"^\s*(?:[—–\-－]{1,2}\s*\d{1,3}\s*[—–\-－]{1,2}"
                    r"|第\s*\d{1,3}\s*页(?:\s*[，,]?\s*共\s*\d{1,3}\s*页)?"
                    r"|\d{1,3}\s*/\s*\d{1,3})\s*$")


def drop_page_furniture(lines: list[str]) -> list[str]:
    """Text copied from a PDF: page footers removed, and the running header that follows each
    of them (the plan's title repeated on every page) — but not the document's first line."""
    after_footer: dict[str, int] = {}
    for k, line in enumerate(lines):
        if FOOTER.match(line):
            nxt = next((ln.strip() for ln in lines[k + 1:k + 3] if ln.strip()), "")
            if nxt and len(nxt) <= 40:
                after_footer[nxt] = after_footer.get(nxt, 0) + 1
    running = {t for t, n in after_footer.items() if n >= 2}
    first = next((k for k, ln in enumerate(lines) if ln.strip()), -1)
    return [ln for k, ln in enumerate(lines)
            if not FOOTER.match(ln) and not (ln.strip() in running and k != first)]


def text_blocks(text: str) -> list[Block]:
    """Split lines into paragraphs and the indicator tables laid out with tabs (or flattened to
    one cell a line, as copied out of a PDF)."""
    lines = [clean_line(raw) for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = drop_page_furniture(lines)
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        flat = _flat_header(lines, i) if "\t" not in line else None
        if flat:
            header, j = flat
            table, i = _flat_table(lines, j, header, i)
            blocks.append(table)
            continue
        cells = _tab_cells(line)
        if len(cells) >= 3 and is_header_cell_set(cells):
            table, i = _row_per_line(lines, i)
            blocks.append(table)
            continue
        if line.startswith("\t") and len([c for c in cells if c]) == 1 and (
                "领域" in line or "指标" in line):
            header, j = _cell_run(lines, i)
            if is_header_cell_set(header):
                table, i = _cell_per_line(lines, j, header, i)
                blocks.append(table)
                continue
        stripped = _TOC_PAGE.sub("", line).strip(" \t\u3000")
        if stripped:
            blocks.append(Paragraph(stripped, i + 1, line.startswith("\t")))
        i += 1
    return blocks


def _tab_cells(line: str) -> list[str]:
    if "\t" not in line:
        return [line.strip()] if line.strip() else []
    cells = [c.strip() for c in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _row_per_line(lines: list[str], start: int) -> tuple[Table, int]:
    """One row a line, cells separated by tabs; blank lines inside the table are skipped."""
    rows = [_tab_cells(lines[start])]
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if "\t" not in line:
            if len(rows) > 1 and _wrapped_cell(lines, i):
                last = rows[-1]             # the row's last cell went on to a line of its own
                last[-1] = last[-1] + line.strip()
                i += 1
                continue
            break
        rows.append(_tab_cells(line))
        i += 1
    return Table(rows=rows[1:], header=rows[0], line=start + 1), i


def _wrapped_cell(lines: list[str], i: int) -> bool:
    """A short line without tabs inside a tab table, the table going on after it ("…降低0.5个" /
    "百分点以上" then a row of tabs): the end of the cell before it, not a heading."""
    text = lines[i].strip()
    if not text or len(text) > 20 or is_heading_line(text) or text.startswith(("注", "说明", "表", "专栏")) \
            or text in DOMAIN_LABELS:       # 健康水平 on a line of its own: the rows' domain
        return False
    nxt = next((ln for ln in lines[i + 1:] if ln.strip()), "")
    return len(_tab_cells(nxt)) >= 3


def _cell_run(lines: list[str], start: int) -> tuple[list[str], int]:
    """Consecutive one-cell lines (each starting with a tab) up to a blank line."""
    cells: list[str] = []
    i = start
    while i < len(lines) and lines[i].startswith("\t"):
        cells.append(lines[i].strip())
        i += 1
    return cells, i


def _cell_per_line(lines: list[str], i: int, header: list[str], start: int) -> tuple[Table, int]:
    """One cell a line: a tab starts a cell, a line without one continues it; rows by column count.

    Blank lines separate rows but also appear inside a cell split by a page break, so rows are cut
    by counting cells against the header, not by blank lines.
    """
    ncols = len(header)
    cells: list[str] = []
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            cells.append(line.strip())
        elif not line.strip():
            i += 1
            continue
        elif cells and len(cells) % ncols != 0:
            joiner = " " if _numeric(cells[-1]) and _numeric(line.strip()) else ""
            cells[-1] = f"{cells[-1]}{joiner}{line.strip()}"
        else:
            break
        i += 1
    rows = [cells[k:k + ncols] for k in range(0, len(cells), ncols)]
    return Table(rows=rows, header=header, line=start + 1, cell_per_line=True), i


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.%‰]+", text.strip()))


_HEADER_WORD = re.compile(r"^(?:领域|类别|序号|编号|序|指标|指标名称|主要指标|单位|计量单位|属性|指标属性|"
                          r"性质|指标性质|基期值?|目标值?|现状值?|(?:(?:19|20)\d\d\s*年)(?:基期值?|目标值?|现状|预计|实际)?)$")


def _flat_header(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """A table header flattened to one cell a line (领域 / 序号 / 指标名称 / 单位 / 2020年 / …)."""
    header: list[str] = []
    j = i
    while j < len(lines) and _HEADER_WORD.match(lines[j].strip().replace(" ", "")):
        header.append(lines[j].strip())
        j += 1
    if len(header) >= 4 and is_header_cell_set(header) and any(re.search(r"\d{4}|基期|目标", h) for h in header):
        return header, j
    return None


_UNIT = re.compile(r"^(?:%|‰|岁|人|个|张|万元|亿元|元|次|天|小时|平方米|[/‱]?1?/?10万|/10万|1/10万|/万|分钟|"
                   r"所|家|项|米|人/千人|张/千人|人/万人|[\u4e00-\u9fa5]{1,2}/[\u4e00-\u9fa5\d]{1,4})$")
_VALUE = re.compile(r"^(?:[<>≤≥＜＞≦≧~～约]?\s*-?\d[\d.,:：/]*\s*[%‰]?(?:以上|以下|左右)?|[—\-－/]+"
                    r"|.{0,24}(?:提高|降低|下降|增长|保持|稳定|达到|持续|力争|不低于|不高于|以上|以下|左右|同比|国家|全省|全市).{0,24})$")
_ATTRIBUTE = ("预期性", "约束性")


def _flat_table(lines: list[str], i: int, header: list[str], start: int) -> tuple[Table, int]:
    """The rows of a flattened table, told apart by what each cell is: the domain appears only
    on a group's first row, a 序号 is a small number, a unit is a unit, values are values, the
    attribute is 预期性/约束性; a name wrapped over two lines is joined."""
    from .indicator_table import column_roles

    roles = column_roles(header)
    tokens: list[str] = []
    while i < len(lines):
        t = lines[i].strip()
        if not t:
            i += 1
            continue
        if is_heading_line(t) or t.startswith(("注", "专栏", "表")) or len(t) > 60:
            break
        tokens.append(t)
        i += 1
    tokens = _without_repeated_header(tokens, header)
    rows: list[list[str]] = []
    short: set[int] = set()
    k = 0
    while k < len(tokens):
        row = {}
        for role_index, role in enumerate(roles):
            if k >= len(tokens):
                break
            t = tokens[k]
            if role not in ("domain", "seq", "name") and row.get("seq") and t == str(int(row["seq"]) + 1) \
                    and k + 1 < len(tokens) and not _fits(tokens[k + 1], "baseline"):
                short.add(len(rows))    # the next row's 序号 and name: an empty cell left no line
                break
            if role == "domain":
                nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
                if not re.fullmatch(r"\d{1,3}", t) and re.fullmatch(r"\d{1,3}", nxt):
                    row[role] = t
                    k += 1
            elif role == "seq":
                if re.fullmatch(r"\d{1,3}", t):
                    row[role] = t
                    k += 1
            elif role == "name":
                name = t
                k += 1
                after = roles[role_index + 1] if role_index + 1 < len(roles) else ""
                while k < len(tokens) and not _fits(tokens[k], after) and not re.fullmatch(r"\d{1,3}", tokens[k]):
                    name += tokens[k]   # the name wrapped onto the next line
                    k += 1
                row[role] = name
            elif role == "unit":
                if _UNIT.match(t):
                    row[role] = t
                    k += 1
            elif role == "attribute":
                if t in _ATTRIBUTE:
                    row[role] = t
                    k += 1
            else:
                row[role] = t
                k += 1
        rows.append([row.get(r, "") for r in roles])
    return Table(rows=rows, header=header, line=start + 1, cell_per_line=True, short_rows=short), i


def _without_repeated_header(tokens: list[str], header: list[str]) -> list[str]:
    """The header repeated at the top of the next page (even in the middle of a row the page
    break cut) taken out."""
    want = [h.replace(" ", "") for h in header]
    out: list[str] = []
    k = 0
    while k < len(tokens):
        if [t.replace(" ", "") for t in tokens[k:k + len(want)]] == want:
            k += len(want)
            continue
        out.append(tokens[k])
        k += 1
    return out


def _fits(token: str, role: str) -> bool:
    if role == "unit":
        return bool(_UNIT.match(token))
    if role == "attribute":
        return token in _ATTRIBUTE
    return bool(_VALUE.match(token))


def is_heading_line(text: str) -> bool:
    from .headings import match

    found = match(text)
    return found is not None and found[0] <= 3
