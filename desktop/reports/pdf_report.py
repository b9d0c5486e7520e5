"""The reports as PDF: a report outline (outline.py) rendered with reportlab — the 中期/总结评估
(portrait, with a cover) and the year's 进展情况 (landscape, with charts and the signature block)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table

from . import charts
from .fonts import ALL, SANS, SANS_BOLD
from .layout import SANS_ONLY, STATUS_COLOURS, STYLES, body_height, build, grid_table, one_line, p, plain_table
from .model import ReportData
from .outline import (
    Charts,
    Grid,
    Heading,
    Outline,
    Para,
    Signature,
    evaluation_outline,
    fit_widths,
    summary_outline,
)


def write_evaluation(data: ReportData, path: Path) -> Path:
    return render(evaluation_outline(data), path)


def write_summary(data: ReportData, path: Path) -> Path:
    return render(summary_outline(data), path)


def faces(outline: Outline) -> tuple[str, ...]:
    """The faces a report prints in: a form (the year's 进展情况, wide) the two sans faces; the
    evaluation report with its serif text all four."""
    return (SANS, SANS_BOLD) if outline.wide else ALL


def render(outline: Outline, path: Path) -> Path:
    width = (landscape(A4)[0] if outline.wide else A4[0]) - 36 * mm
    styles = SANS_ONLY if outline.wide else STYLES

    def para(text, style):
        return p(text, style, styles)

    if outline.cover:
        story = [
            Spacer(1, 30 * mm),
            para(f"{outline.title}\n{outline.kind}", "title"),
            Spacer(1, 6 * mm),
            para(outline.subtitle, "subtitle"),
            Spacer(1, 60 * mm),
            para(outline.signer, "subtitle"),
            para(outline.date, "subtitle"),
            PageBreak(),
        ]
    else:
        story = [para(f"{outline.title}\n{outline.kind}", "title"),
                 para(outline.subtitle, "subtitle")]
    for block in outline.blocks:
        if isinstance(block, Heading):
            story.append(para(block.text, "h1" if block.level == 1 else "h2"))
        elif isinstance(block, Para):
            if block.text:     # a paragraph nobody wrote is left out: no placeholder sentence
                story.append(para(block.text, "body"))
        elif isinstance(block, Grid):
            story.append(_grid(block, width, body_height(outline.wide)))
            story.append(Spacer(1, 3 * mm))
        elif isinstance(block, Charts):
            story.append(_charts(block))
        elif isinstance(block, Signature):
            story += [Spacer(1, 8 * mm), KeepTogether([_signature(width, styles)])]
    return build(Path(path), story, header=f"{outline.title} · {outline.kind}", title=outline.full_title,
                 wide=outline.wide)


def _grid(g: Grid, width: float, page_height: float):
    widths = fit_widths(g, width, 8.4, padding=8)
    rows = [[p(h, "head") for h in g.header]]
    extra = []
    # a cell of one line that fits is a plain string (in the cells' face, size and leading): short
    # columns centred, the columns that wrap (names, sentences) left
    extra = [("FONTSIZE", (0, 1), (-1, -1), STYLES["cell"].fontSize),
             ("LEADING", (0, 1), (-1, -1), STYLES["cell"].leading)]
    for c, wraps in enumerate(g.wrap):
        if not wraps:
            extra.append(("ALIGN", (c, 1), (c, -1), "CENTER"))
    for r, row in enumerate(g.rows, 1):
        cells = []
        for c, cell in enumerate(row):
            wraps = g.wrap[c] if c < len(g.wrap) else True
            text = cell.text or ("未填写" if cell.fill_in else "")
            style = "cell" if wraps else "cell_c"
            plain = one_line(text, style, widths[c]) if text.strip() else ""
            cells.append(p(text, style) if plain is None else plain)
            if cell.status in STATUS_COLOURS:
                extra.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(STATUS_COLOURS[cell.status])))
            if cell.colour:
                extra.append(("TEXTCOLOR", (c, r), (c, r), colors.HexColor(f"#{cell.colour}")))
        rows.append(cells)
    return grid_table(rows, widths, extra=extra, page_height=page_height)


def _charts(block: Charts) -> Table:
    d_labels, d_values = block.domains
    b_labels, b_values = block.boxes
    row = [charts.status_pie(block.counts), charts.bars("各领域达标或符合进度的比例", d_labels, d_values)]
    if b_labels:
        row.append(charts.bars("专栏项目完成率", b_labels, b_values, colour="#2E7D32"))
    return plain_table([row])


def _signature(width: float, styles: dict) -> Table:
    rows = [[p("填报人：", "plain", styles), p("审核人：", "plain", styles), p("单位负责人：", "plain", styles)],
            [p("单位盖章：", "plain", styles), p("", "plain", styles), p("日期：　　年　　月　　日", "plain", styles)]]
    return plain_table(rows, [width / 3] * 3, rowHeights=[14 * mm, 22 * mm])
