"""Both reports for all five plans: fonts embedded, the Chinese text comes back out of the PDF."""

from __future__ import annotations

import subprocess

import pytest

from desktop.services import checklist, evaluation, reports, values
from tests.conftest import JINGYAN, LIAOCHENG, SIPING, XIANGSHAN

TITLES = {1: "四平市卫生健康“十四五”规划", 2: "井研县“十四五”卫生健康发展规划",
          3: "聊城市“十四五”卫生与健康规划", 4: "相山区“十四五”卫生与健康规划",
          5: "潮州市湘桥区卫生健康事业发展“十四五”规划"}


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_fonts(path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def compact(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def filled(tmp_path_factory, built_db):
    """Every plan with two years of values, one override, some project progress."""
    import shutil

    from desktop import paths
    from desktop.services.session import open_session

    home = tmp_path_factory.mktemp("reports")
    shutil.copyfile(built_db, home / "plans.db")
    paths.set_home(home)
    session = open_session(home / "plans.db")
    for plan_id in TITLES:
        states = evaluation.evaluate_plan(session=session, plan_id=plan_id)
        items = []
        for s in states[:6]:
            base = s.row.baseline_text
            if base.replace(".", "").isdigit():
                items += [(s.id, 2022, base), (s.id, 2023, base)]
        values.enter_values(session=session, items=items)
        values.override_status(session=session, indicator_id=states[0].id, year=2023,
                               status="滞后", reason="统计口径调整，待复核")
        projects = [i for g in checklist.projects(session=session, plan_id=plan_id) for i in g.items]
        if projects:
            checklist.tick_done(session=session, kind="project", ids=[projects[0].id])
    yield session, home
    session.close()
    paths.set_home(None)


@pytest.mark.parametrize("plan_id", sorted(TITLES))
@pytest.mark.parametrize("kind", ["summary", "evaluation"])
def test_report_builds_with_embedded_fonts_and_readable_text(filled, plan_id, kind):
    session, home = filled
    out = reports.export_pdf(session=session, plan_id=plan_id, year=2023, path=home / f"{plan_id}-{kind}.pdf",
                             kind=kind)
    fonts = pdf_fonts(out)
    cjk = [line for line in fonts.splitlines() if "Noto" in line]
    assert cjk and all(" yes yes " in line for line in cjk)  # embedded, as subsets
    assert len(cjk) == len(fonts.splitlines()) - 2           # nothing else (no Helvetica)
    # the year's 进展情况 is a form in the two sans faces; the evaluation report's text is serif
    assert any("NotoSerifSC" in line for line in cjk) == (kind == "evaluation")
    text = compact(pdf_text(out))
    assert compact(TITLES[plan_id]) in text
    assert "孕产妇死亡率" in text and "第1页共" in text
    states = evaluation.evaluate_plan(session=session, plan_id=plan_id)
    assert compact(states[1].row.name) in text
    assert "滞后" in text and "未填报" in text
    if kind == "evaluation":
        assert "中期评估报告" in text and "存在问题" in text and "下一步工作" in text
        assert "统计口径调整，待复核" in text      # the reason a person entered
    else:
        assert "进展情况" in text and "填报人" in text and "单位盖章" in text


def test_a_plan_without_boxes_says_so(filled):
    session, home = filled
    text = compact(pdf_text(reports.export_pdf(session=session, plan_id=XIANGSHAN, year=2023,
                                               path=home / "x.pdf")))
    assert "本规划没有专栏项目" in text


def test_a_year_without_values_says_so(filled):
    session, home = filled
    text = compact(pdf_text(reports.export_pdf(session=session, plan_id=SIPING, year=2021,
                                               path=home / "y.pdf")))
    assert "2021年尚未填报任何指标的实际值" in text and "本年尚无填报数据" in text


def test_pdf_pages_render(filled, tmp_path):
    session, home = filled
    out = reports.export_pdf(session=session, plan_id=LIAOCHENG, year=2023, path=home / "r.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "2", str(out), str(tmp_path / "p")],
                   check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 2 and all(p.stat().st_size > 5000 for p in pages)


def test_a_plan_with_more_domains_than_a_page_holds_prints_the_lowest(empty_session, tmp_path):
    """30 domains: the domain chart had grown taller than the page and the export failed. It lists
    the 20 lowest and says how many there are."""
    from desktop.domain.plan import Indicator, PlanDocument
    from desktop.reports import charts
    from desktop.storage import plans as stored_plans

    doc = PlanDocument(title="某市“十五五”卫生健康规划", region="某市", level="市", parent_region="某省",
                       source_name="t", source_hash="h", period="2026-2030")
    for k in range(1, 31):
        doc.indicators.append(Indicator(order=k, seq=str(k), domain=f"领域{k:02d}", name=f"指标{k:02d}",
                                        unit="%", baseline="10", target="≥20", attribute="预期性"))
    plan_id = stored_plans.insert_plan(empty_session.store, doc, who="测试")
    states = evaluation.evaluate_plan(session=empty_session, plan_id=plan_id)
    # 领域01–领域12 already at the target; 领域13–领域30 fell below the baseline
    values.enter_values(session=empty_session, items=[(s.id, 2026, "25" if k < 12 else "5")
                                                      for k, s in enumerate(states)], confirmed=True)
    path = reports.export_pdf(session=empty_session, plan_id=plan_id, year=2026, path=tmp_path / "r.pdf")
    assert "共30个，列出最低的20个" in compact(pdf_text(path))

    drawing = charts.bars("各领域", [f"领域{k:02d}" for k in range(1, 31)],
                          [100.0] * 12 + [0.0] * 18)
    chart = next(x for x in drawing.contents if hasattr(x, "categoryAxis"))
    shown = chart.categoryAxis.categoryNames
    assert len(shown) == 20
    assert {f"领域{k}" for k in range(13, 31)} <= set(shown)        # every lagging domain is there
    assert drawing.height < 500                                      # fits a landscape page


def test_the_lowest_domains_are_those_behind_not_those_not_filled_yet():
    """Early in a year most domains have nothing filled: they are not 0 %, and the 20 lowest must
    still show the domain that is behind."""
    from desktop.reports import charts

    labels = [f"未填领域{k:02d}" for k in range(22)] + ["严重滞后领域", "半数滞后领域", "达标领域"]
    values = [None] * 22 + [0.0, 50.0, 100.0]
    drawing = charts.bars("各领域", labels, values)
    shown = next(x for x in drawing.contents if hasattr(x, "categoryAxis")).categoryAxis.categoryNames
    assert "严重滞后领域" in shown and "半数滞后领域" in shown and "达标领域" in shown
    assert sum(name.endswith("（未填）") for name in shown) == 17
    assert all(len(name) <= 12 for name in shown)
    chart = next(x for x in drawing.contents if hasattr(x, "categoryAxis"))
    printed = dict(zip(shown, chart.barLabelArray[0], strict=True))
    assert printed["严重滞后领域"] == "0%" and printed["达标领域"] == "100%"
    assert all(printed[name] == "" for name in shown if name.endswith("（未填）"))   # no 0 % for 未填


def test_a_long_table_runs_over_pages_with_its_header_and_every_row_once_in_its_colour(empty_session, tmp_path):
    """A plan of 150 indicators: the indicator table (and the table of those behind) is laid out a
    page at a time. Every page of a table starts with its header, every indicator is printed once
    in the indicator table and each one behind once more in the table of those behind, in order,
    and a row's status colour stays on that row whichever page it lands on."""
    import pdfplumber

    from desktop.domain.plan import Indicator, PlanDocument
    from desktop.storage import plans as stored_plans

    doc = PlanDocument(title="某县“十五五”卫生健康规划", region="某县", level="县", parent_region="某市",
                       source_name="t", source_hash="long", period="2026-2030")
    for k in range(150):
        doc.indicators.append(Indicator(order=k + 1, seq=str(k + 1), domain=f"领域{k // 10}",
                                        name=f"长表指标{k:03d}", unit="%", baseline="10", target="≥20",
                                        attribute="预期性"))
    plan_id = stored_plans.insert_plan(empty_session.store, doc, who="测试")
    states = evaluation.evaluate_plan(session=empty_session, plan_id=plan_id)
    # even rows reach the target (25 against ≥20), odd rows fall below the baseline (5 against 10)
    values.enter_values(session=empty_session, items=[(s.id, 2026, "25" if k % 2 == 0 else "5")
                                                      for k, s in enumerate(states)], confirmed=True)
    path = reports.export_pdf(session=empty_session, plan_id=plan_id, year=2026, path=tmp_path / "long.pdf")

    seen: list[str] = []
    colour_of: dict[int, tuple] = {}
    with pdfplumber.open(path) as pdf:
        table_pages = 0
        for page in pdf.pages:
            words = page.extract_words()
            names = [w for w in words if w["text"].startswith("长表指标")]
            if not names:
                continue
            table_pages += 1
            heads = [w for w in words if w["text"] == "指标"]
            assert heads and heads[0]["top"] < min(w["top"] for w in names), page.page_number   # header first
            for w in names:
                seen.append(w["text"])
                k = int(w["text"][4:7])
                if k in colour_of:
                    continue        # the table of those behind: the colour is checked in the first table
                middle = (w["top"] + w["bottom"]) / 2
                fills = {tuple(r["non_stroking_color"] or ()) for r in page.rects
                         if r["top"] <= middle <= r["bottom"] and r["fill"] and r["x0"] > w["x1"]}
                colour_of[k] = tuple(sorted(fills))
    assert table_pages >= 8
    assert seen == [f"长表指标{k:03d}" for k in range(150)] + [f"长表指标{k:03d}" for k in range(1, 150, 2)]
    even = {colour_of[k] for k in range(0, 150, 2)}
    odd = {colour_of[k] for k in range(1, 150, 2)}
    assert len(even) == 1 and len(odd) == 1 and even != odd and even != {()} and odd != {()}


def test_a_cell_without_markup_is_set_as_reportlab_would_parse_it():
    """Plain cells skip reportlab's markup parser: what they get must be what the parser gives."""
    from reportlab.platypus import Paragraph

    from desktop import paths
    from desktop.reports import fonts, layout

    fonts.register(paths.fonts())

    texts = ["人均预期寿命", "  两端 有空格  ", "≥80", "Latin and 数字 123 ％", "\u3000全角空格开头",
             "制表\t符", "长" * 300, "x"]
    for style in layout.STYLES:
        for text in texts:
            fast = layout.p(text, style)
            parsed = Paragraph(layout.escape(text), layout.STYLES[style])
            assert [f.__dict__ for f in fast.frags] == [f.__dict__ for f in parsed.frags], (style, text)
    for typed in ("第一行\r\n第二行", "第一行\r第二行"):      # Windows' and old Macs' line breaks
        broken = layout.p(typed)
        assert [getattr(f, "text", "") for f in broken.frags if getattr(f, "text", "")] == ["第一行", "第二行"]
        assert layout.one_line(typed, "cell", 500) is None
    marked = layout.p("a < b & c\n第二行")       # markup characters and a line break: parsed
    assert "".join(getattr(f, "text", "") for f in marked.frags) == "a < b & c第二行"
    assert any(getattr(f, "lineBreak", False) for f in marked.frags)


@pytest.mark.parametrize("kind", ["summary", "evaluation"])
def test_a_reason_longer_than_a_page_runs_on_to_the_next_page_whole(filled, kind):
    """A clerk's 1,500-character 原因分析 makes its row taller than a page: the row continues on the
    next page (the report stopped with an unexpected error), every character of it printed."""
    session, home = filled
    states = evaluation.evaluate_plan(session=session, plan_id=JINGYAN)
    literacy = next(s for s in states if s.row.name == "居民健康素养水平")
    values.enter_values(session=session, items=[(literacy.id, 2023, "17")], confirmed=True)   # behind
    middle = "受疫情影响健康教育活动开展受限基层宣传阵地覆盖不足" * 60
    analysis = "开头的一句话" + middle + "最后的一句话"
    values.set_reasons(session=session, indicator_id=literacy.id, year=2023, analysis=analysis, measures="加强宣传")
    try:
        out = reports.export_pdf(session=session, plan_id=JINGYAN, year=2023, path=home / f"long-{kind}.pdf",
                                 kind=kind)
        text = compact(pdf_text(out))
        assert "开头的一句话" in text and "最后的一句话" in text
        # the page ends and the row's other cells fall between its lines: counted by characters
        # the rest of the report never uses, each once in the sentence, none lost and none twice
        assert text.count("阵") == 60 and text.count("覆") == 60
    finally:
        values.set_reasons(session=session, indicator_id=literacy.id, year=2023, analysis="", measures="")
