"""中期评估 / 总结评估 as PDF: the report outline (outline.py) rendered with reportlab."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer

from .layout import STATUS_COLOURS, STYLES, build, grid_table, p
from .model import ReportData
from .outline import Grid, Heading, Para, evaluation_outline, fit_widths


def write_evaluation(data: ReportData, path: Path) -> Path:
    width = A4[0] - 36 * mm
    outline = evaluation_outline(data)
    kind = outline.title[len(data.title):]
    story = [
        Spacer(1, 30 * mm),
        Paragraph(f"{data.title}<br/>{kind}", STYLES["title"]),
        Spacer(1, 6 * mm),
        Paragraph(outline.subtitle, STYLES["subtitle"]),
        Spacer(1, 60 * mm),
        Paragraph(outline.signer, STYLES["subtitle"]),
        Paragraph(outline.date, STYLES["subtitle"]),
        PageBreak(),
    ]
    for block in outline.blocks:
        if isinstance(block, Heading):
            story.append(Paragraph(block.text, STYLES["h1" if block.level == 1 else "h2"]))
        elif isinstance(block, Para):
            if block.text:     # a paragraph nobody wrote is left out: no placeholder sentence
                story.append(p(block.text, "body"))
        elif isinstance(block, Grid):
            story.append(_grid(block, width))
    return build(Path(path), story, header=f"{data.title} · {kind}", title=outline.title)


def _grid(g: Grid, width: float):
    widths = fit_widths(g, width, 8.4, padding=8)
    rows = [[p(h, "head") for h in g.header]]
    extra = []
    for r, row in enumerate(g.rows, 1):
        cells = []
        for c, cell in enumerate(row):
            wraps = g.wrap[c] if c < len(g.wrap) else True
            cells.append(p(cell.text or ("未填写" if cell.fill_in else ""), "cell" if wraps else "cell_c"))
            if cell.status in STATUS_COLOURS:
                extra.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(STATUS_COLOURS[cell.status])))
        rows.append(cells)
    return grid_table(rows, widths, extra=extra)
