"""The reports as editable Word documents in the 公文 style (GB/T 9704 as a model):
A4, margins 37/35/28/26 mm; title 方正小标宋简体 二号; body 仿宋_GB2312 三号 at 28-point line spacing;
headings 黑体 (level one) and 楷体_GB2312 (level two); page numbers "— 1 —" at the outer bottom.
Each 公文 font is declared with an altName a plain Windows has (宋体, 仿宋, 黑体, 楷体), so Word and
WPS render it without the 公文 fonts installed. What was not entered shows as a highlighted mark.
The evaluation report is portrait with a cover; the year's 进展情况 landscape, its title on the
first page and the signature block at the end (its charts are the PDF's: the tables say the same)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..domain import colours
from .model import ReportData
from .outline import Grid, Heading, Outline, Para, Signature, evaluation_outline, fit_widths, summary_outline

TITLE, BODY, BLACK, KAI = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
ALT = {TITLE: "宋体", BODY: "仿宋", BLACK: "黑体", KAI: "楷体", "宋体": "宋体"}
SIZE_2, SIZE_3, TABLE_SIZE = Pt(22), Pt(16), Pt(9)     # 二号, 三号; tables in 小五


def _font(run, name: str, size) -> None:
    run.font.name = name
    run.font.size = size
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _declare_fonts(doc) -> None:
    """The font table names each 公文 font with the alternative a plain Windows machine has."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = doc.part.part_related_by(RT.FONT_TABLE)
    from lxml import etree

    root = etree.fromstring(part.blob)
    ns = root.nsmap.get("w") or "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, alt in ALT.items():
        font = etree.SubElement(root, f"{{{ns}}}font")
        font.set(f"{{{ns}}}name", name)
        alt_el = etree.SubElement(font, f"{{{ns}}}altName")
        alt_el.set(f"{{{ns}}}val", alt)
        charset = etree.SubElement(font, f"{{{ns}}}charset")
        charset.set(f"{{{ns}}}val", "86")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _paragraph(doc, text: str, font: str = BODY, size=SIZE_3, *, align=None, indent: bool = True,
               fill_in: str = ""):
    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)      # two characters of 三号
    if align is not None:
        para.alignment = align
    if text:
        _font(para.add_run(text), font, size)
    elif fill_in:
        run = para.add_run(f"【请填写：{fill_in}】")
        _font(run, font, size)
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return para


def _page_numbers(section, first_differs: bool = True) -> None:
    """"— 1 —" at the outer bottom: right on odd pages, left on even ones (none on a cover)."""
    section.different_first_page_header_footer = first_differs
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        para = footer.paragraphs[0]
        para.alignment = align
        _font(para.add_run("— "), "宋体", Pt(14))
        run = para.add_run()
        _font(run, "宋体", Pt(14))
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            run._element.append(el)
        _font(para.add_run(" —"), "宋体", Pt(14))


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _shade(cell, hex_colour: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_colour)
    tc_pr.append(shd)


def _table_styles(doc) -> tuple:
    """Two paragraph styles for table cells (body and header): the fonts set once, not per run."""
    from docx.enum.style import WD_STYLE_TYPE

    out = []
    for name, font, centred in (("表格文字", BODY, False), ("表格标题", BLACK, True), ("表格居中", BODY, True)):
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.font.name = font
            style.font.size = TABLE_SIZE
            r_pr = style.element.get_or_add_rPr()
            fonts = r_pr.find(qn("w:rFonts"))
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attr), font)
            style.paragraph_format.space_after = Pt(0)
            if centred:
                style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        out.append(style)
    return tuple(out)


def _grid(doc, g: Grid, width_mm: float) -> None:
    table = doc.add_table(rows=1 + len(g.rows), cols=len(g.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    points = fit_widths(g, width_mm / 25.4 * 72, TABLE_SIZE.pt, padding=9)   # 1 mm cell margins each side, and slack
    widths = [Pt(w) for w in points]
    for c, column in enumerate(table.columns):   # the grid's widths: what Writer and WPS lay out by
        column.width = widths[c]
    layout = OxmlElement("w:tblLayout")        # fixed layout: Word keeps the grid's widths too,
    layout.set(qn("w:type"), "fixed")          # without a width on every cell
    table._tbl.tblPr.append(layout)
    margins = OxmlElement("w:tblCellMar")      # narrow cell margins (1 mm): a year stays on one line
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "57")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.append(margins)
    _repeat_header(table.rows[0])
    rows = table.rows
    header_cells = rows[0].cells        # a row's cells fetched once (table.cell() walks the whole grid)
    text_style, head_style, centre_style = _table_styles(doc)
    for c, head in enumerate(g.header):
        cell = header_cells[c]
        para = cell.paragraphs[0]
        para._p.get_or_add_pPr().style = head_style.style_id   # by id: no style lookup per cell
        for k, line in enumerate(head.split("\n")):    # "基期 / 2020" on two lines, as measured
            run = para.add_run(line)
            if k < head.count("\n"):
                run.add_break()
        _shade(cell, "D9E1F2")
    for r, row in enumerate(g.rows, 1):
        cells = rows[r].cells
        for c, item in enumerate(row):
            cell = cells[c]
            para = cell.paragraphs[0]
            centred = not (g.wrap[c] if c < len(g.wrap) else True)
            para._p.get_or_add_pPr().style = (centre_style if centred else text_style).style_id
            if item.text:
                para.add_run(item.text)
            elif item.fill_in:
                run = para.add_run(f"【请填写{item.fill_in}】")
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            if item.status in colours.STATUS_COLOURS:
                _shade(cell, colours.STATUS_COLOURS[item.status][0])
            if item.colour and para.runs:
                para.runs[0].font.color.rgb = RGBColor.from_string(item.colour)
    doc.add_paragraph()


def _signature(doc) -> None:
    """填报人 / 审核人 / 单位负责人, then 单位盖章 and the date: where the return is signed."""
    _paragraph(doc, "", indent=False)
    _paragraph(doc, "填报人：　　　　　　　审核人：　　　　　　　单位负责人：", indent=False)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, "单位盖章：　　　　　　　　　　　　　　　日期：　　年　　月　　日", indent=False)


def write_evaluation_docx(data: ReportData, path: Path) -> Path:
    return render(evaluation_outline(data), path)


def write_summary_docx(data: ReportData, path: Path) -> Path:
    return render(summary_outline(data), path)


def render(outline: Outline, path: Path) -> Path:
    doc = Document()
    _declare_fonts(doc)
    settings = doc.settings.element
    even_odd = OxmlElement("w:evenAndOddHeaders")
    settings.append(even_odd)
    section = doc.sections[0]
    if outline.wide:     # landscape: the 公文 margins turned with the page
        from docx.enum.section import WD_ORIENT

        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(37), Mm(35)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_numbers(section, first_differs=outline.cover)
    style = doc.styles["Normal"]
    style.font.name = BODY
    style.font.size = SIZE_3
    style.element.rPr.rFonts.set(qn("w:eastAsia"), BODY)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    if outline.cover:     # the cover: title, the period, who and when; the body on a new page
        for _ in range(3):
            _paragraph(doc, "", indent=False)
        _paragraph(doc, outline.title, TITLE, SIZE_2, align=centre, indent=False)
        _paragraph(doc, outline.kind, TITLE, SIZE_2, align=centre, indent=False)
        _paragraph(doc, outline.subtitle, KAI, SIZE_3, align=centre, indent=False)
        for _ in range(8):
            _paragraph(doc, "", indent=False)
        _paragraph(doc, outline.signer, BODY, SIZE_3, align=centre, indent=False)
        _paragraph(doc, outline.date, BODY, SIZE_3, align=centre, indent=False)
        body = doc.add_section(WD_SECTION_START.NEW_PAGE)
        body.different_first_page_header_footer = False
        width = 210 - 28 - 26
    else:                 # the title on the first page, the subtitle under it
        _paragraph(doc, outline.title, TITLE, SIZE_2, align=centre, indent=False)
        _paragraph(doc, outline.kind, TITLE, SIZE_2, align=centre, indent=False)
        _paragraph(doc, outline.subtitle, KAI, Pt(12), align=centre, indent=False)
        width = 297 - 37 - 35
    for block in outline.blocks:
        if isinstance(block, Heading):
            _paragraph(doc, block.text, BLACK if block.level == 1 else KAI)
        elif isinstance(block, Para):
            _paragraph(doc, block.text, fill_in=block.fill_in)
        elif isinstance(block, Grid):
            _grid(doc, block, width)
        elif isinstance(block, Signature):
            _signature(doc)
    doc.core_properties.title = outline.full_title
    doc.save(str(path))
    return Path(path)

