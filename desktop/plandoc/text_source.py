"""Plain-text plan documents (Word saved as text): decoding, markup clean-up, tables from tabs."""

from __future__ import annotations

import codecs
import re

from ..domain.errors import DocumentError
from .blocks import Block, Paragraph, Table, is_header_cell_set

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


def text_blocks(text: str) -> list[Block]:
    """Split lines into paragraphs and the indicator tables laid out with tabs."""
    lines = [clean_line(raw) for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
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
            break
        rows.append(_tab_cells(line))
        i += 1
    return Table(rows=rows[1:], header=rows[0], line=start + 1), i


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
