"""Writes the corpus of plan documents the reader is tested on (run from the repository root):

    .venv/bin/python tests/plandoc/corpus/make_corpus.py

Each document is written here by hand in a layout the bundled plans do not have: Word tables with
merged cells and a repeated header row, a box in a one-cell layout table, numbered 专栏 items, an
issuing notice before the plan, binding marks (*) with the note under the table. The .docx files
are then printed to PDF and saved as .doc by LibreOffice (`soffice --headless --convert-to`), and
one PDF is turned into an image-only ("scanned") PDF. The generated files are committed, so the
tests run where no office suite is installed; their expected readings are in expected.py, written
by hand from the text below, not from the reader's output.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent

MUCHUAN_ROWS = [
    ["健康水平", "1", "人均预期寿命", "岁", "79.0", "80.0", "预期性"],
    ["健康水平", "2", "孕产妇死亡率", "/10万", "9.5", "≤9", "约束性"],
    ["健康水平", "3", "婴儿死亡率", "‰", "3.2", "≤3.0", "约束性"],
    ["健康服务", "4", "每千人口执业（助理）医师数", "人", "2.8", "3.3", "预期性"],
    ["健康服务", "5", "每千人口拥有3岁以下婴幼儿托位数", "个", "3.5", "4.5", "预期性"],
    ["健康服务", "6", "每万人口全科医生数", "人", "3.5", "4.2", "预期性"],
    ["健康保障", "7", "个人卫生支出占卫生总费用的比重", "%", "27.5", "≤27", "约束性"],
]


def _font(document) -> None:
    style = document.styles["Normal"]
    style.font.name = "Noto Sans SC"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans SC")


def _grid(table) -> None:
    table.style = "Table Grid"


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _merge_down(table, col: int, rows: list[int]) -> None:
    """Merge a column's cells over rows (the domain cell of a group), its text once."""
    top = table.cell(rows[0], col)
    text = top.text
    for r in rows[1:]:
        table.cell(r, col).text = ""
        top = top.merge(table.cell(r, col))
    top.text = text


def _indicator_table(document, header: list[str], rows: list[list[str]], merge_col: int | None = 0,
                     repeat: bool = False):
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    _grid(table)
    for c, text in enumerate(header):
        table.cell(0, c).text = text
    if repeat:
        _repeat_header(table.rows[0])
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    if merge_col is not None:
        groups: dict[str, list[int]] = {}
        for r, row in enumerate(rows, 1):
            groups.setdefault(row[merge_col], []).append(r)
        for group in groups.values():
            if len(group) > 1:
                _merge_down(table, merge_col, group)
    return table


def muchuan() -> Path:
    """c01: a 十五五 county plan in Word, with its issuing notice, a merged-cell table, numbered
    专栏 items (one box in a one-cell layout table)."""
    d = docx.Document()
    _font(d)
    for line in ["沐川县人民政府关于印发《沐川县“十五五”卫生健康事业发展规划》的通知", "沐府发〔2026〕5号",
                 "各乡镇人民政府，县级各部门：",
                 "现将《沐川县“十五五”卫生健康事业发展规划》印发给你们，请结合实际认真贯彻执行。",
                 "沐川县人民政府", "2026年3月20日"]:
        d.add_paragraph(line)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("沐川县“十五五”卫生健康事业发展规划")
    d.add_paragraph("第一章 发展基础")
    d.add_paragraph("“十四五”时期，全县卫生健康事业取得长足发展，居民健康水平持续提高，医疗卫生服务体系不断完善。")
    d.add_paragraph("第二章 发展目标")
    d.add_paragraph("到2030年，全县卫生健康服务体系更加完善，居民主要健康指标达到全市平均水平。")
    d.add_paragraph("表1 沐川县“十五五”卫生健康发展主要指标")
    _indicator_table(d, ["领域", "序号", "指标名称", "单位", "2025年", "2030年", "指标性质"], MUCHUAN_ROWS)
    d.add_paragraph("第三章 主要任务")
    d.add_paragraph("一、健全公共卫生体系")
    d.add_paragraph("（一）提升疾病预防控制能力")
    d.add_paragraph("完善县乡两级疾病预防控制网络，提升监测预警和应急处置能力（见专栏1）。")
    d.add_paragraph("专栏1 公共卫生能力提升工程")
    d.add_paragraph("1.疾控中心标准化建设：新建县疾控中心业务用房3000平方米，配齐检验检测设备。")
    d.add_paragraph("2.急救网络建设：在5个中心乡镇卫生院设立院前急救站点。")
    d.add_paragraph("3.健康教育阵地建设：每个乡镇建成1个健康主题公园。")
    d.add_paragraph("二、提升医疗服务能力")
    d.add_paragraph("推动县级医院提标扩能，见专栏2。")
    box = d.add_table(rows=1, cols=1)
    _grid(box)
    cell = box.cell(0, 0)
    cell.text = "专栏2 医疗服务能力提升工程"
    cell.add_paragraph("（1）县人民医院提档升级：新建住院综合楼，编制床位增至500张。")
    cell.add_paragraph("（2）中医医院建设：建成县中医医院中医药传承创新中心。")
    d.add_paragraph("第四章 保障措施")
    d.add_paragraph("一、加强组织领导")
    d.add_paragraph("各乡镇、各部门要把卫生健康事业发展摆上重要议事日程，确保规划目标任务落到实处。")
    path = HERE / "c01_muchuan15.docx"
    d.save(path)
    return path


def ebian() -> Path:
    """c04: no 属性 column; binding indicators marked * on the name (units in brackets), with the
    note under the table; 专栏 items ①②, one of them without a title before "："."""
    d = docx.Document()
    _font(d)
    d.add_paragraph("峨边彝族自治县“十五五”卫生健康规划")
    d.add_paragraph("峨边彝族自治县卫生健康局")
    d.add_paragraph("第一章 规划背景")
    d.add_paragraph("全县卫生健康工作在“十四五”时期取得显著成效，群众看病就医更加方便。")
    d.add_paragraph("第二章 主要指标")
    d.add_paragraph("表1 峨边彝族自治县“十五五”卫生健康主要指标")
    rows = [["1", "人均预期寿命（岁）", "78.5", "79.5"],
            ["2", "孕产妇死亡率（1/10万）*", "12", "≤11"],
            ["3", "婴儿死亡率（‰）*", "4.0", "≤3.8"],
            ["4", "居民健康素养水平（%）", "25", "35"],
            ["5", "每千人口医疗卫生机构床位数（张）", "6.2", "7.0"]]
    _indicator_table(d, ["序号", "指标", "2025年", "2030年"], rows, merge_col=None)
    d.add_paragraph("注：带*的为约束性指标，其余为预期性指标。")
    d.add_paragraph("第三章 重点任务")
    d.add_paragraph("一、优化医疗资源布局")
    d.add_paragraph("专栏1 医疗卫生重点项目")
    d.add_paragraph("①县人民医院医技楼建设：新建医技综合楼8000平方米。")
    d.add_paragraph("②实施乡镇卫生院设备更新，为19个乡镇卫生院配备数字化X光机。")
    d.add_paragraph("③县妇幼保健院迁建：迁建县妇幼保健院，达到二级甲等标准。")
    d.add_paragraph("二、加强人才队伍建设")
    d.add_paragraph("实施基层卫生人才培养计划，每年招聘定向医学生20名。")
    path = HERE / "c04_ebian15_asterisk.docx"
    d.save(path)
    return path


def jinkouhe_long() -> Path:
    """c11: a 十四五 district plan whose table runs over two pages, its header row repeated; a box
    whose numbered items wrap over several lines; a box mentioned in the text but never printed."""
    d = docx.Document()
    _font(d)
    d.add_paragraph("乐山市金口河区“十四五”卫生健康发展规划")
    d.add_paragraph("第一章 发展基础")
    d.add_paragraph("“十三五”以来，全区卫生健康事业快速发展。")
    d.add_paragraph("第二章 主要指标")
    d.add_paragraph("表1 金口河区“十四五”卫生健康主要指标")
    rows = []
    for k in range(1, 31):
        domain = "健康水平" if k <= 10 else ("健康服务" if k <= 20 else "健康保障")
        rows.append([domain, str(k), f"第{k}项监测指标", "%", f"{50 + k}.5", f"≥{60 + k}",
                     "约束性" if k % 7 == 0 else "预期性"])
    _indicator_table(d, ["领域", "序号", "指标名称", "单位", "2020年", "2025年", "属性"], rows, repeat=True)
    d.add_paragraph("第三章 主要任务")
    d.add_paragraph("一、提升基层服务能力")
    d.add_paragraph("专栏1 基层能力提升工程")
    d.add_paragraph("1．乡镇卫生院标准化建设：推进全区6个乡镇卫生院标准化建设，完善基本医疗和公共卫生服务功能，"
                    "到2025年全部达到国家“优质服务基层行”基本标准，其中2个达到推荐标准。")
    d.add_paragraph("2．村卫生室提档升级：新建改建村卫生室15个。")
    d.add_paragraph("二、推进智慧医疗（见专栏2、专栏3）")
    d.add_paragraph("专栏2 智慧医疗工程")
    d.add_paragraph("1、区域全民健康信息平台：建成区域全民健康信息平台，实现区内医疗机构信息互联互通。")
    d.add_paragraph("2、远程医疗：建设远程会诊中心。")
    d.add_paragraph("第四章 保障措施")
    d.add_paragraph("加强组织领导，强化投入保障。")
    path = HERE / "c11_jinkouhe14_long_table.docx"
    d.save(path)
    return path


def shawan() -> Path:
    """c14: the title over two lines and a date in Chinese numerals; a header of two rows (规划目标
    spanning 2025年 | 2030年), a 责任单位 column, group rows across the table ("一、健康水平"),
    attributes written 约束 / 预期; a box drawn as a 项目名称 | 建设内容 table; "专栏2" on its own line
    with its title below and items numbered 1) 2)."""
    d = docx.Document()
    _font(d)
    d.add_paragraph("沙湾区卫生健康事业发展")
    d.add_paragraph("第十五个五年规划")
    d.add_paragraph("二〇二六年四月")
    d.add_paragraph("第一章 发展基础")
    d.add_paragraph("全区卫生健康事业稳步发展。")
    d.add_paragraph("第二章 主要指标")
    d.add_paragraph("表1 主要指标")
    t = d.add_table(rows=8, cols=7)
    _grid(t)
    for c, text in enumerate(["序号", "指标名称", "单位", "规划目标", "规划目标", "属性", "责任单位"]):
        t.cell(0, c).text = text
    for c, text in enumerate(["序号", "指标名称", "单位", "2025年", "2030年", "属性", "责任单位"]):
        t.cell(1, c).text = text
    t.cell(0, 3).merge(t.cell(0, 4)).text = "规划目标"
    for c in (0, 1, 2, 5, 6):
        top = t.cell(0, c)
        keep = top.text
        t.cell(1, c).text = ""
        top.merge(t.cell(1, c)).text = keep
    rows = [None, ["1", "人均预期寿命（岁）", "岁", "79.4", "80.4", "预期", "区卫生健康局"],
            ["2", "孕产妇死亡率", "/10万", "9.6", "≤9.5", "约束", "区妇幼保健院"], None,
            ["3", "每千人口注册护士数", "人", "3.3", "4.0", "预期性指标", "区卫生健康局"],
            ["4", "每万人口全科医生数", "人", "3.0", "3.8", "约束性指标", "区卫生健康局"]]
    groups = {2: "一、健康水平", 5: "二、健康服务"}
    for r in range(2, 8):
        if r in groups:
            merged = t.cell(r, 0).merge(t.cell(r, 6))
            merged.text = groups[r]
            continue
        for c, text in enumerate(rows[r - 2]):
            t.cell(r, c).text = text
    d.add_paragraph("第三章 主要任务")
    d.add_paragraph("一、推进重点项目建设")
    d.add_paragraph("专栏1 重点建设项目")
    box = d.add_table(rows=3, cols=2)
    _grid(box)
    cells = [("项目名称", "建设内容"), ("区人民医院住院综合楼", "新建住院综合楼2万平方米，床位400张。"),
             ("区疾控中心实验室", "建成生物安全二级实验室。")]
    for r, (a, b) in enumerate(cells):
        box.cell(r, 0).text, box.cell(r, 1).text = a, b
    d.add_paragraph("二、加强基层能力")
    d.add_paragraph("专栏2")
    d.add_paragraph("基层能力提升工程")
    d.add_paragraph("1)乡镇卫生院改扩建：改扩建乡镇卫生院4所。")
    d.add_paragraph("2)村卫生室标准化：建成标准化村卫生室30个。")
    d.add_paragraph("第四章 保障措施")
    d.add_paragraph("加强组织领导，强化要素保障。")
    path = HERE / "c14_shawan15_two_row_header.docx"
    d.save(path)
    return path


def wutongqiao() -> Path:
    """c16: the indicator table split by a 续表 caption (its header repeated); ▲ marks on the
    names with the note "注：标注▲的指标为约束性指标"; box items written 一是…二是…."""
    d = docx.Document()
    _font(d)
    d.add_paragraph("五通桥区“十五五”卫生健康发展规划")
    d.add_paragraph("第一章 发展基础")
    d.add_paragraph("全区医疗卫生服务体系不断完善。")
    d.add_paragraph("表1 主要指标")
    header = ["序号", "指标", "单位", "2025年", "2030年"]
    _indicator_table(d, header, [["1", "人均预期寿命", "岁", "78.8", "79.8"],
                                 ["2", "孕产妇死亡率▲", "/10万", "10.5", "≤10"]], merge_col=None)
    d.add_paragraph("续表1")
    _indicator_table(d, header, [["3", "每千人口医疗卫生机构床位数", "张", "6.8", "7.5"],
                                 ["4", "婴儿死亡率▲", "‰", "3.6", "≤3.5"]], merge_col=None)
    d.add_paragraph("注：标注▲的指标为约束性指标。")
    d.add_paragraph("第二章 主要任务")
    d.add_paragraph("专栏1 健康服务提升工程")
    d.add_paragraph("一是建设区域医疗中心，引进优质医疗资源。")
    d.add_paragraph("二是推进智慧医院建设，实现检查结果互认。")
    d.add_paragraph("第三章 保障措施")
    d.add_paragraph("强化投入保障。")
    path = HERE / "c16_wutongqiao15_continued_table.docx"
    d.save(path)
    return path


def soffice(src: Path, to: str, out_name: str) -> Path:
    """Convert with LibreOffice into a temporary folder, then move the result beside the source."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", to, "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=180)
        made = next(p for p in Path(tmp).iterdir() if p.is_file())
        target = HERE / out_name
        shutil.move(str(made), target)
    return target


def scanned(pdf: Path, out_name: str) -> Path:
    """A PDF with no text layer: the first page as a picture."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), f"{tmp}/p"],
                       check=True, timeout=60)
        png = next(Path(tmp).glob("p*.png"))
        target = HERE / out_name
        c = canvas.Canvas(str(target), pagesize=A4)
        c.drawImage(str(png), 0, 0, width=A4[0], height=A4[1])
        c.save()
    return target


def main() -> None:
    c01 = muchuan()
    soffice(c01, "pdf", "c02_muchuan15.pdf")
    soffice(c01, "doc", "c03_muchuan15.doc")
    shutil.copyfile(HERE / "c03_muchuan15.doc", HERE / "c03b_muchuan15.wps")   # WPS saves Word 97 format
    c04 = ebian()
    soffice(c04, "pdf", "c05_ebian15_asterisk.pdf")
    c11 = jinkouhe_long()
    soffice(c11, "pdf", "c12_jinkouhe14_long_table.pdf")
    scanned(HERE / "c02_muchuan15.pdf", "c13_scanned.pdf")
    soffice(shawan(), "pdf", "c15_shawan15_two_row_header.pdf")
    soffice(wutongqiao(), "pdf", "c17_wutongqiao15_continued_table.pdf")


if __name__ == "__main__":
    main()
