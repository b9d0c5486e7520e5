"""Word .docx plan documents: paragraphs and tables in document order (python-docx)."""

from __future__ import annotations

import io
import zipfile

from ..domain.errors import DocumentError
from .blocks import (
    Block,
    Paragraph,
    Table,
    collapse,
    continues,
    is_header_cell_set,
    layout_paragraphs,
    numbered,
    says_continued,
)

MAX_UNPACKED = 200 * 1024 * 1024
# the XML a plan's text needs: a 200-page plan is a few MB; far more is a bomb, refused before
# python-docx parses it (parsing 190 MB of XML took minutes and gigabytes)
MAX_XML = 40 * 1024 * 1024
MAX_PARTS = 5000


def docx_blocks(data: bytes, name: str = "") -> list[Block]:
    _check_zip(data, name)
    import docx
    from docx.table import Table as DocxTable

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise DocumentError(f"“{name}”不是有效的 Word 文档（.docx），无法打开：{exc}") from exc
    blocks: list[Block] = []
    for k, item in enumerate(document.iter_inner_content()):
        if isinstance(item, DocxTable):
            blocks.extend(_continued(blocks, item, k) or _table_blocks(item, k))
        else:
            text = collapse(item.text)
            if text:
                blocks.append(Paragraph(text, k, indented=False))
    return blocks


def _check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise DocumentError(f"“{name}”是压缩包但不是 Word 文档（缺少 word/document.xml）")
            infos = z.infolist()
            xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
            if sum(i.file_size for i in infos) > MAX_UNPACKED or xml > MAX_XML or len(infos) > MAX_PARTS:
                raise DocumentError(f"“{name}”解压后过大（文字部分 {xml // 1024 // 1024} MB），"
                                    "疑似异常文件，已拒绝读取")
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"“{name}”不是有效的 .docx 文件（文件已损坏或并非 Word 文档）") from exc


def _row_cells(row) -> list[str]:
    """Cells of a row, one a grid column: a cell merged across columns gives its text in each
    (指标值 over 2025年 | 2030年), so the rows line up with the header."""
    return [collapse(cell.text) for cell in row.cells]


def _continued(blocks: list[Block], table, k: int) -> list[Block]:
    """A table without a header right after an indicator table of as many columns, with at most
    a "续表" line between (the table split at a page, its header not repeated): more rows of that
    table, under its header."""
    at = len(blocks) - 1
    said = at >= 0 and isinstance(blocks[at], Paragraph) and says_continued(blocks[at].text)
    if said:
        at -= 1
    if at < 0 or not isinstance(blocks[at], Table) or not blocks[at].header:
        return []
    if not said and not numbered(blocks[at]):     # nothing tells a table of its own from the rest
        return []
    rows = [_row_cells(r) for r in table.rows]
    width = len(blocks[at].header)
    if not rows or any(is_header_cell_set(r) for r in rows[:3]) or any(len(r) != width for r in rows) \
            or not continues(blocks[at], rows):
        return []
    return [Table(rows=rows, header=list(blocks[at].header), line=k)]


def _table_blocks(table, k: int) -> list[Block]:
    rows = [_row_cells(r) for r in table.rows]
    header_at = next((i for i, r in enumerate(rows[:3]) if is_header_cell_set(r)), None)
    if header_at is not None:
        return [Table(rows=rows[header_at + 1:], header=rows[header_at], line=k)]
    # a box (专栏) or layout table: its cells read as indented paragraphs
    raw = [[cell.text for cell in r.cells] for r in table.rows]
    return layout_paragraphs(raw, k)
