"""PDF plan documents (text PDFs as printed from Word or WPS and published online), through
pdfplumber: tables from the page's ruling lines, the other text as lines in reading order.

Page headers, footers and page numbers are dropped; a line wrapped by the page width is rejoined
to its paragraph; a table continued on the next page (its header row repeated or not) is joined,
and a row a page break cut in two is put back together. A PDF without a text layer (a scan) is
refused with the reason.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from ..domain.errors import DocumentError
from .blocks import (
    MERGED,
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
from .headings import is_heading
from .text_source import FOOTER

MAX_PAGES = 400
def _page_number(text: str) -> bool:
    """A footer ("— 12 —", "第3页 共20页", "3 / 20", as in copied text) or, in a page's margin,
    a bare number."""
    return bool(FOOTER.match(text) or re.fullmatch(r"\d{1,3}", text.strip()))
_CJK = re.compile(r"[\u3400-\u9fff，。；：、（）《》“”]")


def join_cell_lines(text: str | None) -> str:
    """A table cell's lines as one: no space between Chinese pieces, one between Latin ones."""
    if not text:
        return ""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = ""
    for p in parts:
        if out and not (_CJK.search(out[-1]) or _CJK.search(p[0])):
            out += " "
        out += p
    return collapse(out)


def pdf_blocks(data: bytes, name: str = "") -> list[Block]:
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as exc:   # an installation without the PDF library
        raise DocumentError("本程序缺少读取 PDF 的组件，请重新安装，或把规划另存为 .docx 后导入") from exc
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, Exception) as exc:  # noqa: BLE001 - pdfminer raises many kinds for a broken file
        raise DocumentError(f"“{name}”不是有效的 PDF 文件（已损坏或并非 PDF），无法读取") from exc
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise DocumentError(f"“{name}”有 {len(pdf.pages)} 页，超过规划文本的合理页数（{MAX_PAGES} 页）")
        try:
            pages = [_page_items(page) for page in pdf.pages]
        except DocumentError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged page
            raise DocumentError(f"“{name}”的内容无法读取（PDF 可能已损坏）：{exc}") from exc
    if not any(items for items, _ in pages):
        raise DocumentError(f"“{name}”是扫描件（页面是图片，没有可读取的文字），无法导入；"
                            "请向发文单位索取 Word 版或可复制文字的 PDF，或用 OCR 软件识别后另存为 .docx")
    return _blocks(_drop_margins(pages))


def _page_items(page) -> tuple[list, float]:
    """(items, page height): ('line', top, x0, x1, text) and ('table', top, rows) in page order."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(outside) if boxes else page
    items: list = [("line", ln["top"], ln["x0"], ln["x1"], ln["text"].strip())
                   for ln in rest.extract_text_lines(strip=True) if ln["text"].strip()]
    for t in tables:
        rows = [[MERGED if c is None else join_cell_lines(c) for c in row] for row in t.extract()]
        rows = [r for r in rows if any(c and c != MERGED for c in r)]
        if rows:
            items.append(("table", t.bbox[1], rows))
    items.sort(key=lambda it: it[1])
    return items, float(page.height)


def _drop_margins(pages: list[tuple[list, float]]) -> list[list]:
    """Page numbers, and a running header or footer (the same line at the top or bottom of most
    pages), removed."""
    edge = Counter()
    for items, _height in pages:
        lines = [it for it in items if it[0] == "line"]
        for it in lines[:1] + lines[-1:]:
            edge[it[4]] += 1
    running = {text for text, n in edge.items() if len(pages) >= 2 and n >= max(2, (len(pages) + 1) // 2)}
    out, seen = [], set()
    for items, height in pages:
        kept = []
        for it in items:
            if it[0] == "line":
                in_margin = it[1] < height * 0.1 or it[1] > height * 0.88
                if _page_number(it[4]) and in_margin:
                    continue
                if it[4] in running and in_margin:
                    if it[4] in seen:
                        continue
                    seen.add(it[4])    # its first time: the plan's title, kept once
            kept.append(it)
        out.append(kept)
    return out


def _blocks(pages: list[list]) -> list[Block]:
    blocks: list[Block] = []
    right = max((it[3] for items in pages for it in items if it[0] == "line"), default=0)
    width_char = 12.0
    line_no = 0
    last_table: Table | None = None
    for items in pages:
        page_start = True       # nothing of this page read yet but a "续表" line
        for it in items:
            line_no += 1
            if it[0] != "table" and page_start and last_table is not None and blocks and blocks[-1] is last_table \
                    and says_continued(it[4]):
                continue        # "续表1" over the rest of the table on this page
            if it[0] == "table":
                rows = it[2]
                continued = (last_table is not None and blocks and blocks[-1] is last_table
                             and (page_start or numbered(last_table))
                             and len(rows[0]) == len(last_table.header)
                             and ([collapse(c) for c in rows[0]] == [collapse(c) for c in last_table.header]
                                  or continues(last_table, [[c for c in r if c != MERGED] for r in rows])))
                page_start = False
                if continued:
                    _continue_table(last_table, rows)
                    continue
                header_at = next((i for i, r in enumerate(rows[:3]) if is_header_cell_set(r)), None)
                if header_at is not None:
                    header = _spread(rows[header_at])
                    body = [_spread(r) if _is_header_like(r) else r for r in rows[header_at + 1:header_at + 2]]
                    last_table = Table(rows=body + rows[header_at + 2:], header=header, line=line_no)
                    blocks.append(last_table)
                else:   # a box (专栏) or a layout table: its cells as indented paragraphs
                    blocks.extend(layout_paragraphs([[c for c in r if c != MERGED] for r in rows], line_no))
                    last_table = None
                continue
            _, _top, x0, x1, text = it
            page_start = False
            prev = blocks[-1] if blocks else None
            if (isinstance(prev, Paragraph) and getattr(prev, "_wrapped", False)
                    and not is_heading(text) and not text.startswith(("专栏", "表", "注："))):
                joined = Paragraph(prev.text + text, prev.line, prev.indented)
                joined._wrapped = x1 >= right - 2 * width_char   # type: ignore[attr-defined]
                blocks[-1] = joined
                continue
            p = Paragraph(text, line_no, indented=False)
            # a line that runs to the right edge was wrapped there: the next line continues it
            p._wrapped = x1 >= right - 2 * width_char and not text.endswith(("。", "：", "；"))  # type: ignore[attr-defined]
            blocks.append(p)
    return blocks


def _spread(row: list[str]) -> list[str]:
    """A header cell merged across columns (指标值 over 2025年 | 2030年): its text in each."""
    out = []
    for c in row:
        out.append(out[-1] if c == MERGED and out else ("" if c == MERGED else c))
    return out


def _is_header_like(row: list[str]) -> bool:
    return not any(re.search(r"\d+\.\d|^\d{1,3}$", c or "") for c in row if c != MERGED)


def _continue_table(table: Table, rows: list[list[str]]) -> None:
    """The part of a table on the next page: the repeated header skipped, a row the page break cut
    (only its wrapped text cells carried over) joined to the row it belongs to."""
    if [collapse(c) for c in rows[0]] == [collapse(c) for c in table.header]:
        rows = rows[1:]
    if rows and table.rows:
        first = rows[0]
        filled = [i for i, c in enumerate(first) if c]
        # a few cells' text and no 序号: the tails of the row above (a name and a target both
        # wrapped: two of five cells); a number alone would be a value of a row of its own
        if filled and len(filled) <= max(1, len(first) // 2) and not first[0]:
            previous = table.rows[-1]
            if all(i < len(previous) for i in filled) and not any(
                    re.fullmatch(r"[<>≤≥]?\s*\d+(?:\.\d+)?%?", first[i]) for i in filled):
                for i in filled:
                    previous[i] = join_cell_lines(previous[i] + "\n" + first[i])
                rows = rows[1:]
    table.rows.extend(rows)
