"""Other encodings, Word files, other layouts, and documents the reader must refuse clearly."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import docx
import pytest

from desktop.domain.errors import DocumentError
from desktop.plandoc import read_plan_bytes, read_plan_file
from tests.conftest import SEEDS

OTHER_LAYOUT = """某某县“十四五”卫生健康发展规划
第一章 发展基础
“十三五”期间，全县卫生健康事业稳步发展，居民主要健康指标持续向好，医疗服务能力明显提升。
表1 主要指标
序号\t指标名称\t单位\t2025年目标\t2020年基期\t属性\t领域
1\t人均预期寿命\t岁\t79\t78.2\t预期性\t健康水平
2\t孕产妇死亡率\t1/10万\t≤12\t10.1\t预期性\t
3\t每千人口执业（助理）医师数\t人\t3.5\t2.9\t约束性\t健康服务
第二章 主要任务
一、强化公共卫生体系
加强疾病预防控制体系建设，提升监测预警能力，完善应急处置机制。
专栏1 公共卫生项目
疾控中心建设：新建县疾控中心实验楼。
慢病防控：开展高血压、糖尿病筛查。
二、提升医疗服务能力
推进县级医院提标扩能，建设胸痛、卒中中心。
"""


def test_gbk_text_reads_like_utf8():
    data = SEEDS["xiangshan"].read_text(encoding="utf-8").encode("gb18030")
    doc = read_plan_bytes(data, "相山区.txt")
    assert doc.region == "相山区" and len(doc.indicators) == 18


def test_utf16_text_with_bom_reads():
    data = SEEDS["liaocheng"].read_text(encoding="utf-8").encode("utf-16")
    doc = read_plan_bytes(data, "聊城市.txt")
    assert doc.region == "聊城市" and sum(len(b.items) for b in doc.boxes) == 34


def test_a_txt_in_another_column_order_with_a_unit_column():
    doc = read_plan_bytes(OTHER_LAYOUT.encode(), "某某县.txt")
    got = [(i.seq, i.domain, i.name, i.unit, i.baseline, i.target, i.attribute)
           for i in doc.indicators]
    assert got == [
        ("1", "健康水平", "人均预期寿命", "岁", "78.2", "79", "预期性"),
        ("2", "健康水平", "孕产妇死亡率", "1/10万", "10.1", "≤12", "预期性"),
        ("3", "健康服务", "每千人口执业（助理）医师数", "人", "2.9", "3.5", "约束性"),
    ]
    assert [i.catalogue_key for i in doc.indicators] == [
        "life_expectancy", "maternal_mortality", "doctors_per_1000"]
    assert [(b.no, [it.name for it in b.items]) for b in doc.boxes] == [(1, ["疾控中心建设", "慢病防控"])]
    assert [(s.level, s.title) for s in doc.sections] == [
        (1, "发展基础"), (1, "主要任务"), (2, "强化公共卫生体系"), (2, "提升医疗服务能力")]


def _docx(tmp_path, *, with_table=True) -> bytes:
    d = docx.Document()
    d.add_paragraph("某某区“十四五”卫生健康规划（征求意见稿）")
    d.add_paragraph("第一章 总体要求")
    d.add_paragraph("坚持以人民健康为中心，推动卫生健康事业高质量发展，持续提升居民健康水平。")
    if with_table:
        t = d.add_table(rows=4, cols=6)
        for c, h in enumerate(["领域", "序号", "指标", "2020年", "2025年", "指标性质"]):
            t.cell(0, c).text = h
        rows = [["健康水平", "1", "婴儿死亡率（‰）", "3.1", "<5", "预期性"],
                ["", "2", "5岁以下儿童死亡率（‰）", "4.0", "<6", "预期性"],
                ["健康服务", "3", "每万人口全科医生数（人）", "2.5", "3.5", "约束性"]]
        for r, row in enumerate(rows, 1):
            for c, v in enumerate(row):
                t.cell(r, c).text = v
        t.cell(1, 0).merge(t.cell(2, 0))  # a merged domain cell, as Word tables have
    box = d.add_table(rows=2, cols=1)
    box.cell(0, 0).text = "专栏1 基层能力提升"
    box.cell(1, 0).text = "社区医院建设：建成3所社区医院。"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_a_word_file_with_a_real_table_and_merged_cells(tmp_path):
    doc = read_plan_bytes(_docx(tmp_path), "某某区.docx")
    assert (doc.region, doc.level, doc.draft) == ("某某区", "区", True)
    assert [(i.domain, i.name, i.unit, i.target) for i in doc.indicators] == [
        ("健康水平", "婴儿死亡率", "‰", "<5"),
        ("健康水平", "5岁以下儿童死亡率", "‰", "<6"),
        ("健康服务", "每万人口全科医生数", "人", "3.5"),
    ]
    assert doc.boxes[0].items[0].name == "社区医院建设"


def test_a_word_file_without_tables_is_refused_saying_what_was_found(tmp_path):
    with pytest.raises(DocumentError) as info:
        read_plan_bytes(_docx(tmp_path, with_table=False), "无表格.docx")
    msg = str(info.value)
    assert "没有找到主要指标表" in msg and "1 个专栏" in msg and "未导入" in msg


@pytest.mark.parametrize(("data", "name", "words"), [
    (b"", "empty.txt", "空的"),
    (b"   \n\n  ", "blank.txt", "空的"),
    (bytes(range(256)) * 50, "binary.txt", "二进制"),
    (b"PK\x03\x04 not really a zip", "broken.docx", "不是有效的 .docx"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 200, "old.doc", "另存为 .docx"),
    ("第一章 总则\n这是一段没有任何表格的文字，只有一些说明。".encode(), "notable.txt", "没有找到主要指标表"),
])
def test_documents_that_cannot_be_read_get_a_clear_message(data, name, words):
    with pytest.raises(DocumentError) as info:
        read_plan_bytes(data, name)
    assert words in str(info.value)


def test_a_zip_that_is_not_a_word_document(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(DocumentError, match="不是 Word 文档"):
        read_plan_bytes(buf.getvalue(), "fake.docx")


def test_a_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="无法读取"):
        read_plan_file(tmp_path / "nowhere.txt")


MARKED = """某某县卫生健康事业发展“十五五”规划
第一章 发展基础
“十四五”期间，全县卫生健康事业稳步发展，居民主要健康指标持续向好，医疗服务能力明显提升。
表1 主要指标
序号\t指标名称\t单位\t2025年\t2030年
1\t人均预期寿命\t岁\t78.6\t80左右
2\t孕产妇死亡率*\t1/10万\t12.3\t≤12
3\t婴儿死亡率*\t‰\t3.1\t≤3.5
4\t每千人口床位数▲\t张\t6.12\t7.0
5\t居民健康素养水平★\t%\t28.5\t≥35
{note}
第二章 主要任务
一、完善公共卫生体系
加强疾控能力建设，提升监测预警和应急处置能力。
"""


@pytest.mark.parametrize(("note", "attributes", "finding"), [
    # the note names both marks: each mark its own attribute; a row with neither is asked about
    ("注：带*的为约束性指标，带▲的为预期性指标。",
     ["预期性", "约束性", "约束性", "预期性", "预期性"],
     "按表下注“带*的为约束性指标，带▲的为预期性指标”读取：第2、3行为约束性，第4行为预期性，"
     "第1、5行没有这些标记，按预期性处理，请核对"),
    # marks that mean something else (新增, 考核) are not an attribute
    ("注：带*的为约束性指标；带★的为本县新增指标；带▲的指标为市级考核指标。",
     ["预期性", "约束性", "约束性", "预期性", "预期性"],
     "按表下注“带*的为约束性指标”读取：第2、3行为约束性，其余为预期性"),
])
def test_each_mark_means_what_the_note_under_the_table_says(note, attributes, finding):
    doc = read_plan_bytes(MARKED.format(note=note).encode("utf-8"), "标记.txt")
    assert [i.attribute for i in doc.indicators] == attributes
    assert [i.name for i in doc.indicators][1:4] == ["孕产妇死亡率", "婴儿死亡率", "每千人口床位数"]
    assert any(finding in f.message for f in doc.findings), [f.message for f in doc.findings]


def test_a_row_with_more_cells_than_the_header_is_asked_about():
    """A doubled tab in copied text ('岁\\t\\t78.5'): the values would slide one column right (the
    baseline read as empty, the target as the baseline, the target lost); the row is named."""
    text = MARKED.format(note="").replace("1\t人均预期寿命\t岁\t78.6\t80左右", "1\t人均预期寿命\t岁\t\t78.6\t80左右")
    doc = read_plan_bytes(text.encode("utf-8"), "多格.txt")
    assert [(f.where, f.message) for f in doc.findings if f.where == "指标表第1行"] == [
        ("指标表第1行", "该行有6格，多于表头的5列（多了一个制表符或空格？），数值可能错位，请核对")]
    assert not [f for f in doc.findings if f.where.startswith("指标表第") and f.where != "指标表第1行"]


REVIEWED = """某某县卫生健康事业发展“十五五”规划
第一章 发展基础
“十四五”期间，全县卫生健康事业稳步发展，居民主要健康指标持续向好，医疗服务能力明显提升。
表1 主要指标
序号\t指标名称\t单位\t{a}\t{b}\t2030年目标\t属性
1\t人均预期寿命\t岁\t79\t79.3\t80\t预期性
2\t孕产妇死亡率\t1/10万\t≤14.5\t10.2\t≤10\t约束性
3\t每千人口执业（助理）医师数\t人\t3.0\t2.85\t3.4\t预期性
第二章 主要任务
一、完善公共卫生体系
加强疾控能力建设，提升监测预警和应急处置能力。
"""


@pytest.mark.parametrize(("a", "b"), [("2025年规划目标", "2025年完成情况"), ("2025年目标", "2025年")])
def test_the_baseline_is_the_year_reached_not_the_last_plans_target(a, b):
    """A 十五五 table that also shows the 十四五 target for 2025: the baseline is where 2025
    ended (79.3, 10.2, 2.85), not what the last plan aimed at (79, ≤14.5, 3.0)."""
    doc = read_plan_bytes(REVIEWED.format(a=a, b=b).encode("utf-8"), "两列2025.txt")
    assert [(i.baseline, i.target) for i in doc.indicators] == [("79.3", "80"), ("10.2", "≤10"), ("2.85", "3.4")]
    assert f"指标表中“{a}”列未导入：基期值和目标值取自“{b}”“2030年目标”列，请核对" in [f.message for f in doc.findings]


def test_the_last_plans_review_table_is_not_read_as_the_new_plans_indicators():
    """A 十五五 plan that first reviews the 十四五 table (2020 → 2025, dated) and then gives its own
    without years: its own is the plan's; the review is kept aside, and said."""
    review = [["指标名称", "2020年", "2025年目标", "2025年完成", "属性"],
              ["人均预期寿命（岁）", "77.5", "78.5", "78.6", "预期性"],
              ["孕产妇死亡率（1/10万）", "15.2", "≤14.5", "12.3", "约束性"]]
    own = [["序号", "指标名称", "单位", "基期值", "目标值", "属性"],
           ["1", "人均预期寿命", "岁", "78.6", "80左右", "预期性"],
           ["2", "孕产妇死亡率", "1/10万", "12.3", "≤12", "约束性"],
           ["3", "每千人口床位数", "张", "6.12", "7.0", "预期性"]]
    data = _docx_plan("表1 “十四五”规划主要指标完成情况", review, "二、发展目标", "表2 “十五五”卫生健康主要指标", own)
    doc = read_plan_bytes(data, "十五五.docx")
    assert [(i.name, i.baseline, i.target) for i in doc.indicators] == [
        ("人均预期寿命", "78.6", "80左右"), ("孕产妇死亡率", "12.3", "≤12"), ("每千人口床位数", "6.12", "7.0")]
    assert any("目标年为2025年，与标题的规划期（目标年2030年）不符" in f.message for f in doc.findings)
    assert len(doc.reference_tables) == 1


def add_table(d, rows: list[list[str]]):
    """A Word table holding these rows, the first its header."""
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    return t


def _docx_plan(*tables_and_lines) -> bytes:
    """A plan with the given tables (lists of rows, drawn with lines) and paragraphs (str) after
    its 表1 caption; a paragraph "续表1" or "" starting with a form feed begins a new page."""
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.add_paragraph("苍溪县卫生健康事业发展“十五五”规划")
    d.add_paragraph("一、发展基础")
    d.add_paragraph("“十四五”以来，全县卫生健康事业稳步发展，主要健康指标持续向好。")
    d.add_paragraph("表1 主要指标")
    for part in tables_and_lines:
        if isinstance(part, str):
            p = d.add_paragraph()
            if part.startswith("\f"):
                p.add_run().add_break(WD_BREAK.PAGE)
            p.add_run(part.lstrip("\f"))
            continue
        add_table(d, part).style = "Table Grid"
    d.add_paragraph("二、重点任务")
    d.add_paragraph("（一）完善公共卫生体系。加强疾控能力建设，提升监测预警能力。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


HEAD = ["序号", "指标名称", "2025年基期值", "2030年目标值", "属性"]
ROWS = [[str(k), name, b, t, "预期性"] for k, (name, b, t) in enumerate([
    ("人均预期寿命（岁）", "78.6", "80"), ("孕产妇死亡率（1/10万）", "12.3", "≤12"),
    ("婴儿死亡率（‰）", "3.1", "≤3.5"), ("每千人口床位数（张）", "6.12", "7.0")], 1)]


@pytest.mark.parametrize("between", [["续表1"], [""], []])
def test_a_table_whose_header_was_not_repeated_after_a_break_goes_on(between):
    """表1 split in two (续表1 over the rest, or only a blank line): one table of four rows."""
    data = _docx_plan([HEAD, *ROWS[:2]], *between, ROWS[2:])
    doc = read_plan_bytes(data, "续表.docx")
    assert [(i.seq, i.name, i.baseline, i.target) for i in doc.indicators] == [
        ("1", "人均预期寿命", "78.6", "80"), ("2", "孕产妇死亡率", "12.3", "≤12"),
        ("3", "婴儿死亡率", "3.1", "≤3.5"), ("4", "每千人口床位数", "6.12", "7.0")]


def test_a_box_table_right_after_the_indicator_table_is_not_more_indicators():
    """A 专栏 drawn as a table of as many columns just after 表1: never read as indicator rows
    (its project name as a 序号, its cost as a unit); numbering that does not go on is not
    taken as the rest of the table either."""
    box = [["专栏1 公共卫生能力提升工程"] * 5,
           ["县疾控中心迁建", "新建业务用房8000平方米", "12,000", "2026—2028", "县卫健局"]]
    restart = [["1", "其他指标甲", "1", "2", "预期性"]]
    for after in (box, restart):
        doc = read_plan_bytes(_docx_plan([HEAD, *ROWS], after), "专栏.docx")
        assert [i.name for i in doc.indicators] == ["人均预期寿命", "孕产妇死亡率", "婴儿死亡率", "每千人口床位数"]


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is installed by the setup")
def test_in_a_pdf_the_rest_of_a_table_goes_on_and_a_box_table_on_the_next_page_does_not(tmp_path):
    """The same two shapes printed to PDF: 续表1 over the table's rest on the next page; a 专栏
    table of as many columns at the top of the next page (it was read as two more indicators)."""
    def pdf(parts, name):
        (tmp_path / f"{name}.docx").write_bytes(_docx_plan(*parts))
        subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / f"{name}.docx")],
                       capture_output=True, timeout=240, check=True)
        return read_plan_file(tmp_path / f"{name}.pdf")

    names = ["人均预期寿命", "孕产妇死亡率", "婴儿死亡率", "每千人口床位数"]
    doc = pdf([[HEAD, *ROWS[:2]], "\f续表1", ROWS[2:]], "续表")
    assert [(i.name, i.target) for i in doc.indicators] == list(zip(names, ["80", "≤12", "≤3.5", "7.0"], strict=True))
    box = [["专栏1 公共卫生能力提升工程"] * 5,
           ["县疾控中心迁建", "新建业务用房8000平方米", "12,000", "2026—2028", "县卫健局"]]
    doc = pdf([[HEAD, *ROWS], "\f", box], "专栏")
    assert [i.name for i in doc.indicators] == names


def test_a_second_indicator_table_numbered_on_from_the_first_is_the_plans_too():
    """表1 (序号 1–2) and, after a paragraph, 表2 卫生资源 (序号 3–4, the same years under other
    wording): four indicators, said; a table that starts its numbering again stays aside, said."""
    second = [["序号", "指标名称", "2025年现状", "2030年目标", "指标属性"],
              ["3", "每千人口床位数（张）", "6.12", "7.0", "预期性"],
              ["4", "每万人口全科医生数（人）", "3.2", "4", "约束性"]]
    doc = read_plan_bytes(_docx_plan([HEAD, *ROWS[:2]], "卫生资源配置方面，到2030年，资源总量稳步增长。",
                                     "表2 卫生资源主要指标", second), "两表.docx")
    assert [(i.seq, i.name, i.baseline, i.target, i.attribute) for i in doc.indicators] == [
        ("1", "人均预期寿命", "78.6", "80", "预期性"), ("2", "孕产妇死亡率", "12.3", "≤12", "预期性"),
        ("3", "每千人口床位数", "6.12", "7.0", "预期性"), ("4", "每万人口全科医生数", "3.2", "4", "约束性")]
    assert any("一并导入" in f.message for f in doc.findings)
    again = [second[0], ["1", "每千人口床位数（张）", "6.12", "7.0", "预期性"]]
    doc = read_plan_bytes(_docx_plan([HEAD, *ROWS[:2]], "卫生资源配置方面，到2030年，资源总量稳步增长。",
                                     "表2 卫生资源主要指标", again), "两表.docx")
    assert [i.name for i in doc.indicators] == ["人均预期寿命", "孕产妇死亡率"]
    assert any("也像指标表" in f.message and "表2" in f.message for f in doc.findings)


def test_the_text_after_a_box_is_not_its_last_item():
    """A 专栏 written as paragraphs, its last item ended with 。, then the section's text goes on
    without a number: the text stays the section's, the box keeps its two items."""
    after = "加强基层医疗卫生机构标准化建设，推进乡镇卫生院和村卫生室提档升级，方便群众就近就医。"
    doc = read_plan_bytes(_docx_plan([HEAD, *ROWS], "二、重点任务", "（一）提升医疗服务水平",
                                     "推动县人民医院提标扩能，建设胸痛、卒中、创伤救治中心。",
                                     "专栏1 医疗服务提升工程", "（1）县医院提标扩能：新建住院综合楼一栋。",
                                     "（2）中医院改扩建：新增床位200张。", after), "专栏段落.docx")
    (box,) = doc.boxes
    assert [(i.name, i.text) for i in box.items] == [("县医院提标扩能", "新建住院综合楼一栋。"),
                                                     ("中医院改扩建", "新增床位200张。")]
    assert any(after in s.text for s in doc.sections)


def test_a_long_range_vision_column_is_not_the_plans_target():
    """2025年基期值 | 2030年目标值 | 2035年远景目标值: a 十五五 plan aiming at 2030 (the 2035 vision
    is kept out and said), not a 十六五 plan aiming at 2035."""
    head = ["序号", "指标名称", "2025年基期值", "2030年目标值", "2035年远景目标值", "属性"]
    rows = [["1", "人均预期寿命（岁）", "78.6", "80", "81", "预期性"],
            ["2", "孕产妇死亡率（1/10万）", "12.3", "≤12", "≤10", "约束性"]]
    doc = read_plan_bytes(_docx_plan([head, *rows]), "远景.docx")
    assert [(i.baseline, i.target) for i in doc.indicators] == [("78.6", "80"), ("12.3", "≤12")]
    assert doc.period == "2026-2030"
    assert any("2035年远景目标值" in f.message for f in doc.findings)


def test_a_tab_tables_cell_that_wrapped_onto_a_line_of_its_own_stays_in_its_row():
    """Copied text where the last cell of row 2 went on to the next line without a tab: the cell
    is "力争每年降低0.5个百分点以上", and rows 3 and 4 are still the table's (they became the text
    of a section titled "百分点以上")."""
    text = (MARKED.format(note="").split("表1")[0] + "表1 主要指标\n"
            "序号\t指标名称\t单位\t属性\t2025年\t2030年\n"
            "1\t人均预期寿命\t岁\t预期性\t78.6\t80\n"
            "2\t儿童青少年总体近视率\t%\t约束性\t52.1\t力争每年降低0.5个\n"
            "百分点以上\n"
            "3\t孕产妇死亡率\t1/10万\t约束性\t12.3\t≤12\n"
            "4\t婴儿死亡率\t‰\t约束性\t3.1\t≤3.5\n"
            "第二章 主要任务\n一、完善公共卫生体系\n加强疾控能力建设，提升监测预警和应急处置能力。\n")
    doc = read_plan_bytes(text.encode("utf-8"), "折行.txt")
    assert [(i.seq, i.name, i.target) for i in doc.indicators] == [
        ("1", "人均预期寿命", "80"), ("2", "儿童青少年总体近视率", "力争每年降低0.5个百分点以上"),
        ("3", "孕产妇死亡率", "≤12"), ("4", "婴儿死亡率", "≤3.5")]
    assert "百分点以上" not in [s.title for s in doc.sections]


def test_a_flattened_table_row_with_an_empty_cell_is_asked_about_and_the_next_row_keeps_its_number():
    """Text copied out of a PDF, one cell a line: 托位数 has no baseline, so its row gives one line
    less. The next row's 序号 is not its target (it was: B 4.5, T 3), the row is asked about, and
    孕产妇死亡率 is still row 3."""
    cells = ["序号", "指标名称", "单位", "2025年", "2030年",
             "1", "人均预期寿命", "岁", "78.6", "80",
             "2", "每千人口托位数", "个", "", "4.5",
             "3", "孕产妇死亡率", "1/10万", "12.3", "≤12"]
    text = (MARKED.format(note="").split("表1")[0] + "表1 主要指标\n" + "\n".join(cells)
            + "\n第二章 主要任务\n一、完善公共卫生体系\n加强疾控能力建设，提升监测预警和应急处置能力。\n")
    doc = read_plan_bytes(text.encode("utf-8"), "每格一行.txt")
    assert [(i.seq, i.name) for i in doc.indicators] == [("1", "人均预期寿命"), ("2", "每千人口托位数"),
                                                          ("3", "孕产妇死亡率")]
    assert doc.indicators[2].baseline == "12.3" and doc.indicators[1].target != "3"
    assert any(f.where == "指标表第2行" and "少了一格" in f.message for f in doc.findings)


def test_a_footnote_marker_on_a_name_is_not_part_of_it_and_the_note_is_shown():
    """人均预期寿命① with "注：①人均预期寿命为2024年数据。" under the table: the indicator is
    人均预期寿命 (found in the catalogue), printed as it was, and the note is shown beside it."""
    text = MARKED.format(note="注：①人均预期寿命为2024年数据。").replace("1\t人均预期寿命\t", "1\t人均预期寿命①\t")
    doc = read_plan_bytes(text.encode("utf-8"), "脚注.txt")
    first = doc.indicators[0]
    assert (first.name, first.name_printed, first.catalogue_key) == ("人均预期寿命", "人均预期寿命①", "life_expectancy")
    assert "第1行的指标带注释，表下注：①人均预期寿命为2024年数据。" in [f.message for f in doc.findings]


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is installed by the setup")
def test_in_a_pdf_a_row_cut_by_the_page_break_is_joined_again(tmp_path):
    """Five columns, long names and targets, printed to PDF with the page break falling at
    different heights (so that it cuts through a row): the cut row's name and target are whole
    again, and no extra row without a number appears. (The name's bracket is part of it.)"""
    name = "基层医疗卫生机构门诊量占比（含乡镇卫生院、村卫生室、社区卫生服务中心及民营医疗机构）"
    target = "力争每年降低0.5个百分点以上，到2030年达到全省先进水平并保持稳定"
    rows = [["序号", "指标名称", "单位", "2025年", "2030年"]]
    rows += [[str(k), name if 5 <= k <= 11 else f"指标{k}", "%", "50", target if 5 <= k <= 11 else "60"]
             for k in range(1, 15)]
    docs = []
    for fill in (12, 15, 18, 21):
        data = _docx_plan(*["坚持以人民健康为中心，推动卫生健康事业高质量发展。"] * fill, rows)
        (tmp_path / f"cut{fill}.docx").write_bytes(data)
        docs.append(tmp_path / f"cut{fill}.docx")
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, docs)],
                   capture_output=True, timeout=240, check=True)
    for path in docs:
        doc = read_plan_file(path.with_suffix(".pdf"))
        assert [i.seq for i in doc.indicators] == [str(k) for k in range(1, 15)], path.name
        assert all((i.name, i.target) == (name, target) for i in doc.indicators[4:11]), path.name


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is installed by the setup")
def test_in_a_pdf_a_value_cell_merged_over_two_rows_is_asked_about_not_left_blank(tmp_path):
    """"≥90" printed once for two indicators (the cell merged over both rows): the PDF gives no
    text for the second row's cell, so the row is asked about instead of importing a blank target
    without a word (the Word file itself reads both)."""
    d = docx.Document(io.BytesIO(_docx_plan([HEAD, *ROWS])))
    table = d.tables[0]
    table.cell(3, 3).merge(table.cell(4, 3))          # 婴儿死亡率 and 每千人口床位数 share a target
    table.cell(3, 3).text = "≥90"
    d.save(tmp_path / "合并.docx")
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "合并.docx")],
                   capture_output=True, timeout=240, check=True)
    doc = read_plan_file(tmp_path / "合并.pdf")
    assert [(i.seq, i.target) for i in doc.indicators][:3] == [("1", "80"), ("2", "≤12"), ("3", "≥90")]
    assert doc.indicators[3].target == ""
    assert any(f.where == "指标表第4行" and "合并" in f.message for f in doc.findings)
