"""Page furniture and styles shared by the reports: A4, header with the plan, 第 x 页 共 y 页."""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib import textsplit as _textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle
from reportlab.platypus import paragraph as _paragraph

from ..domain import colours
from .fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, visible


def escape(text: str) -> str:
    """&, < and > as entities for reportlab's paragraph markup (xml.sax.saxutils' escape, without
    loading urllib and http with it: 30 ms of every export's start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

# 避头尾: reportlab's CJK line breaking keeps 、。）」 off the start of a line, but not the full-width
# comma, semicolon, colon, ？！ or ％ that Chinese text is full of ("，滞后" opened lines). Its list is
# a module constant read at each break; the full-width marks are added to it once, here.
_NOT_AT_LINE_START = "，；：？！％〕》」』】”’…"
for _module in (_paragraph, _textsplit):     # the one-fragment and the mixed-fragment line breakers
    _module.ALL_CANNOT_START += "".join(ch for ch in _NOT_AT_LINE_START if ch not in _module.ALL_CANNOT_START)

STATUS_COLOURS = {k: f"#{bg}" for k, (bg, _fg) in colours.STATUS_COLOURS.items()}
STRONG = {k: f"#{fg}" for k, (_bg, fg) in colours.STATUS_COLOURS.items()}
LIGHTS = {k: (f"#{c}", word) for k, (c, word) in colours.LIGHTS.items()}


def _style(name, font, size, *, leading=None, align=TA_LEFT, space_before=0, space_after=0,
           indent=0, color=colors.black) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.45,
                          alignment=align, spaceBefore=space_before, spaceAfter=space_after,
                          firstLineIndent=indent, wordWrap="CJK", textColor=color)


STYLES = {
    "title": _style("title", SERIF_BOLD, 20, leading=30, align=TA_CENTER, space_after=6),
    "subtitle": _style("subtitle", SERIF, 12, align=TA_CENTER, space_after=10),
    "h1": _style("h1", SANS_BOLD, 14, space_before=10, space_after=4),
    "h2": _style("h2", SERIF_BOLD, 12.5, space_before=6, space_after=3),
    "body": _style("body", SERIF, 11.5, leading=20, indent=23),
    "plain": _style("plain", SERIF, 11.5, leading=19),
    "cell": _style("cell", SANS, 8.2, leading=10.6),
    "cell_c": _style("cell_c", SANS, 8.2, leading=10.6, align=TA_CENTER),
    "head": _style("head", SANS_BOLD, 8.4, leading=10.8, align=TA_CENTER),
    "small": _style("small", SANS, 8, leading=11, color=colors.HexColor("#555555")),
}
# The year's 进展情况 is a form: printed in the sans faces only (its title and sentences too), so a
# summary registers two faces, not four. The evaluation report keeps the serif text of a 公文.
SANS_ONLY = {name: (ParagraphStyle(f"{name}_sans", parent=style,
                                   fontName=SANS_BOLD if style.fontName == SERIF_BOLD else SANS)
                    if style.fontName in (SERIF, SERIF_BOLD) else style)
             for name, style in STYLES.items()}


class WrappedOnce(Paragraph):
    """A paragraph that breaks its lines once per width: a long table asks each cell its height at
    every page split and again when drawing it (a 2,000-row summary wrapped each cell 3–4 times).
    The result depends only on the width, so a second ask at the same width is answered from the
    first."""

    def wrap(self, availWidth, availHeight):   # noqa: N803 - reportlab's names
        if getattr(self, "_wrapped_width", None) == availWidth:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size

    def split(self, availWidth, availHeight):   # noqa: N803
        self._wrapped_width = None      # split paragraphs (body text across a page) break again
        return super().split(availWidth, availHeight)


_SPACE = re.compile(f"[{re.escape(_paragraph._wsc)}]").search     # what reportlab's cleaning collapses
_PLAIN_FRAG: dict[str, object] = {}     # style name → the fragment reportlab's parser makes of plain text


def _plain_frag(style: ParagraphStyle):
    """What reportlab's markup parser makes of one line of plain text in this style (a fragment
    with the style's font, size and colour), parsed once: a cell's text is then set on a copy of it.
    A 2,000-row table spent a tenth of its time parsing cells that had no markup."""
    frag = _PLAIN_FRAG.get(style.name)
    if frag is None:
        frag = _PLAIN_FRAG[style.name] = Paragraph("x", style).frags[0]
    return frag


def p(text, style: str = "cell", styles: dict | None = None) -> Paragraph:
    """A paragraph in one of the styles (of `styles`: STYLES, or SANS_ONLY for a form)."""
    chosen = (styles or STYLES)[style]
    # a line break typed on Windows (\r\n) or an old Mac (\r) is a line break, not a 〓
    text = visible(("" if text is None else str(text)).replace("\r\n", "\n").replace("\r", "\n"))
    if text.strip() and not any(ch in text for ch in "\n&<>"):
        clean = _paragraph.cleanBlockQuotedText(text) if _SPACE(text) else text   # as the parser is given it
        return WrappedOnce(clean, chosen, frags=[_plain_frag(chosen).clone(text=clean)])
    return WrappedOnce(escape(text).replace("\n", "<br/>"), chosen)


PAD_X, PAD_Y = 3, 2      # the grid's cell padding (points), as its style below sets it


def one_line(text: str, style: str, width: float) -> str | None:
    """The text as a plain string when it fits one line of a grid cell `width` wide in the style's
    face and size (measured with the face's own widths), else None. A table draws such a string
    as it is, without parsing, wrapping or a paragraph per cell: in a 2,000-row table most names
    and every number are one line."""
    if "\n" in text or "\r" in text:
        return None
    text = visible(text)
    if _SPACE(text):
        text = _paragraph.cleanBlockQuotedText(text)      # spaces collapsed, as a paragraph shows them
    chosen = STYLES[style]
    if stringWidth(text, chosen.fontName, chosen.fontSize) + 2 * PAD_X + 0.5 > width:
        return None
    return text


def _heights(rows: list[list], widths: list[float]) -> list[float] | None:
    """Each row's height, measured once: every cell wrapped at its column's inner width (the
    width the table will draw it at, so the drawing reuses the measure). A long table otherwise
    measures every remaining row again at each page it splits over."""
    if not all(isinstance(c, WrappedOnce | str) for row in rows for c in row):
        return None
    line = STYLES["cell_c"].leading      # a plain string cell: one line
    out = []
    for row in rows:
        tallest = 0.0
        for cell, width in zip(row, widths, strict=False):
            tallest = max(tallest, line if isinstance(cell, str) else cell.wrap(width - 2 * PAD_X, 1e6)[1])
        out.append(tallest + 2 * PAD_Y)
    return out


MARGINS = (18 * mm, 16 * mm)      # the page's top and bottom margins (build's frame)
FRAME_PADDING = 6                 # reportlab's Frame pads each side by 6 points


def body_height(wide: bool) -> float:
    """The height a page's frame gives its flowables (build's page, portrait or landscape)."""
    size = landscape(A4) if wide else A4
    return size[1] - sum(MARGINS) - 2 * FRAME_PADDING


def grid_table(rows: list[list], widths: list[float], *, header_rows: int = 1,
               extra: list | None = None, page_height: float | None = None):
    """The report's grid. `page_height`: a page's room, so that a row taller than a page (a long
    原因分析) is split within itself across pages instead of stopping the report."""
    heights = _heights(rows, widths)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), SANS),   # a table's own default is Helvetica (unembedded)
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#808080")),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#D9E1F2")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X), ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
    ]
    if heights is not None:
        return PagedGrid(rows, widths, heights, header_rows, style, extra or [], page_height=page_height)
    t = Table(rows, colWidths=widths, repeatRows=header_rows, rowHeights=heights, splitInRow=1)
    t.setStyle(TableStyle(style + (extra or [])))
    return t


class PagedGrid(Flowable):
    """A long grid laid out a page at a time: each page's rows (under the repeated header) become
    one small Table. reportlab's own Table splits a long table at every page end by rebuilding the
    whole remainder and filtering every style command again (a 2,000-row summary spent a third of
    its time there); here the row heights are measured once and each command belongs to its row.

    A command on one body row (a cell's colour) moves with its row; any other command (the grid,
    a column's alignment from the first body row to the last) is given to every page as it is."""

    def __init__(self, rows, widths, heights, header_rows, style, extra, start=None, page_height=None):
        super().__init__()
        self._rows, self._widths, self._heights = rows, widths, heights
        self._page_height = page_height
        self._head = header_rows
        self._style = style
        self._start = header_rows if start is None else start
        if start is None:
            pieces = self._split_tall_rows()        # old row -> its rows now
            self._by_row: dict[int, list] = {}
            for cmd in extra:
                (_c0, r0), (_c1, r1) = cmd[1], cmd[2]
                if r0 == r1 and r0 >= header_rows:
                    for r in pieces.get(r0, (r0,)):     # a row's colour on each of its pieces
                        self._by_row.setdefault(r, []).append(cmd)
                else:
                    self._style = self._style + [cmd]
        self._page = None

    def _split_tall_rows(self) -> dict[int, tuple[int, ...]]:
        """A row taller than a page (a 1,500-character 原因分析) becomes rows that each fit one:
        its long paragraphs cut at a page's height, its short cells in the first, （续） in the first
        column of the others. Returns where each row that moved now is."""
        room = self._page_height
        if room is None:
            return {}
        head = self._head
        room -= sum(self._heights[:head]) + 2 * PAD_Y + 1
        if not any(h > room + 2 * PAD_Y for h in self._heights[head:]):
            return {}
        rows, heights, moved = list(self._rows[:head]), list(self._heights[:head]), {}
        for r in range(head, len(self._rows)):
            if self._heights[r] <= room + 2 * PAD_Y:
                if len(rows) != r:
                    moved[r] = (len(rows),)
                rows.append(self._rows[r])
                heights.append(self._heights[r])
                continue
            columns = []
            for cell, width in zip(self._rows[r], self._widths, strict=False):
                parts = [cell]
                while isinstance(parts[-1], Paragraph) and parts[-1].wrap(width - 2 * PAD_X, 1e6)[1] > room:
                    cut = parts[-1].split(width - 2 * PAD_X, room)
                    if len(cut) < 2:
                        break
                    parts[-1:] = cut
                columns.append(parts)
            moved[r] = ()
            for k in range(max(len(parts) for parts in columns)):
                piece = [parts[k] if k < len(parts) else "" for parts in columns]
                if k and piece[0] == "":
                    piece[0] = "（续）"
                tallest = max((c.wrap(w - 2 * PAD_X, 1e6)[1] if isinstance(c, Paragraph) else STYLES["cell"].leading)
                              for c, w in zip(piece, self._widths, strict=False))
                moved[r] += (len(rows),)
                rows.append(piece)
                heights.append(tallest + 2 * PAD_Y)
        self._rows, self._heights = rows, heights
        return moved

    def _rest(self, start: int) -> PagedGrid:
        rest = PagedGrid(self._rows, self._widths, self._heights, self._head, self._style, [], start,
                         page_height=self._page_height)
        rest._by_row = self._by_row
        return rest

    def _table(self, end: int) -> Table:
        head, start = self._head, self._start
        cmds = list(self._style)
        for r in range(start, end):
            for cmd in self._by_row.get(r, ()):
                (c0, _r0), (c1, _r1) = cmd[1], cmd[2]
                row = r - start + head
                cmds.append((cmd[0], (c0, row), (c1, row), *cmd[3:]))
        t = Table(self._rows[:head] + self._rows[start:end], colWidths=self._widths, repeatRows=head,
                  rowHeights=self._heights[:head] + self._heights[start:end])
        t.setStyle(TableStyle(cmds))
        return t

    def _fits(self, height: float) -> int:
        """The end of the rows from the start that fit in `height` under the header."""
        room = height - sum(self._heights[:self._head])
        end = self._start
        while end < len(self._rows) and self._heights[end] <= room + 1e-6:
            room -= self._heights[end]
            end += 1
        return end

    def wrap(self, availWidth, availHeight):   # noqa: N803 - reportlab's names
        self.width = sum(self._widths)
        self.height = sum(self._heights[:self._head]) + sum(self._heights[self._start:])
        self._page = None
        if self.height <= availHeight + 1e-6:
            self._page = self._table(len(self._rows))
            self._page.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):   # noqa: N803
        end = self._fits(availHeight)
        if end == self._start:
            return []       # not even one row here: the next frame
        if end == len(self._rows):
            return [self._table(end)]
        return [self._table(end), self._rest(end)]

    def draw(self):
        self._page.drawOn(self.canv, 0, 0)


class NumberedCanvas(canvas.Canvas):
    """Two passes over the pages so the footer can say 共 y 页."""

    header = ""

    def __init__(self, *args, **kwargs):
        # no stray, unembedded Helvetica in the file: the document template passes its own
        # initialFontName (None), so set it whatever came
        kwargs["initialFontName"] = kwargs.get("initialFontName") or SANS
        super().__init__(*args, **kwargs)
        self._saved = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self._furniture(total)
            super().showPage()
        super().save()

    def _furniture(self, total: int) -> None:
        w, h = self._pagesize
        self.setFont(SANS, 8.5)
        self.setFillColor(colors.HexColor("#555555"))
        self.drawString(18 * mm, h - 11 * mm, self.header)
        self.setStrokeColor(colors.HexColor("#999999"))
        self.setLineWidth(0.4)
        self.line(18 * mm, h - 12.5 * mm, w - 18 * mm, h - 12.5 * mm)
        self.drawCentredString(w / 2, 9 * mm, f"第 {self._pageNumber} 页 共 {total} 页")


def plain_table(rows: list[list], widths=None, **kw) -> Table:
    """A table without lines (a row of charts, the signature block), in our font."""
    t = Table(rows, colWidths=widths, **kw)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS)]))
    return t


def build(path: Path, story: list, *, header: str, title: str, wide: bool = False) -> Path:
    size = landscape(A4) if wide else A4
    doc = BaseDocTemplate(str(path), pagesize=size, leftMargin=18 * mm, rightMargin=18 * mm,
                          topMargin=MARGINS[0], bottomMargin=MARGINS[1], title=title,
                          author="规划台账", subject=title, creator="规划台账", initialFontName=SANS)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    class Canvas(NumberedCanvas):
        pass

    Canvas.header = header
    doc.build(story, canvasmaker=Canvas)
    return path
