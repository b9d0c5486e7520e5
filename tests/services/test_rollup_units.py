"""A city's roll-up of its own units (#21): 乐山市 receives the returns of three of its counties
(峨眉山市, a county-level city; 沐川县; 井研县, which the city's install also carries as a sample)
and one of another city (仁寿县, 眉山市). Plans written by hand for the test."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from desktop.services import evaluation, plans, rollup, submissions, values
from desktop.services import settings as user_settings
from desktop.services.session import open_session
from tests.conftest import JINGYAN


def plan_text(region: str, title_region: str, values_: tuple[str, str], extra: str = "") -> str:
    return f"""{title_region}“十四五”卫生健康事业发展规划
{region}人民政府
2021年6月
第一章 发展基础
表1 {region}“十四五”卫生健康发展主要指标
领域\t序号\t指标名称\t单位\t2020年\t2025年\t指标性质
健康水平\t1\t人均预期寿命\t岁\t{values_[0]}\t{values_[1]}\t预期性
健康水平\t2\t孕产妇死亡率\t/10万\t12\t≤10\t约束性
{extra}第二章 主要任务
一、完善公共卫生服务体系
（一）提升疾病预防控制能力
加强疾控中心实验室建设。
"""


UNITS = {  # region -> (how its title names it, life expectancy baseline and target, an own indicator)
    "峨眉山市": ("四川省乐山市峨眉山市", ("78.1", "79"), "健康服务\t3\t村医持证上岗率\t%\t80\t95\t预期性\n"),
    "沐川县": ("沐川县", ("76.9", "78"), "健康服务\t3\t乡村医生持证率\t%\t82\t96\t预期性\n"),
    "仁寿县": ("仁寿县", ("77.5", "78.5"), ""),
}


@pytest.fixture
def city(tmp_path, built_db, session):
    """The sender side (`session`, a county install) makes the returns; the city's own install is
    a fresh copy of the bundled file with its own plan imported."""
    for region, (title, nums, extra) in UNITS.items():
        doc = tmp_path / f"{region}.txt"
        doc.write_text(plan_text(region, title, nums, extra), encoding="utf-8")
        plans.import_plan(session=session, path=doc, region=region)
    ids = {p.region: p.id for p in plans.list_plans(session=session, examples=True)}
    for region, value in (("峨眉山市", "78.6"), ("沐川县", "77.20"), ("仁寿县", "77.9"), ("井研县", "78.9")):
        first = evaluation.evaluate_plan(session=session, plan_id=ids[region])[0]
        values.enter_values(session=session, items=[(first.id, 2023, value)], confirmed=True)
    books = [submissions.export_workbook(session=session, plan_id=ids[r], year=2023, path=tmp_path / f"{r}.xlsx")
             for r in ("峨眉山市", "沐川县", "仁寿县", "井研县")]
    city_db = tmp_path / "city" / "plans.db"
    city_db.parent.mkdir()
    shutil.copyfile(built_db, city_db)
    s = open_session(city_db)
    own = tmp_path / "乐山市.txt"
    own.write_text(plan_text("乐山市", "乐山市", ("78.5", "79.5")), encoding="utf-8")
    plans.import_plan(session=s, path=own, region="乐山市")
    own_id = next(p.id for p in plans.list_plans(session=s, examples=True) if p.region == "乐山市")
    profile = user_settings.profile(session=s)
    profile.region, profile.level, profile.home_plan = "乐山市", "市", str(own_id)
    user_settings.save_profile(session=s, value=profile)
    plans.choose_own_plan(session=s, plan_id=own_id)
    for book in books:
        preview = submissions.preview_import(session=s, path=book)
        assert preview.ok, preview.rejected
        submissions.apply_import(session=s, preview=preview)
    yield s
    s.close()


def test_the_city_rolls_up_its_own_plan_and_its_own_counties_only(city, tmp_path):
    data = rollup.rollup(session=city, year=2023, region="乐山市")
    assert sorted(data.regions) == sorted(["乐山市", "峨眉山市", "沐川县", "井研县"])   # not 仁寿县, no sample
    life = next(r for r in data.rows if r.key == "life_expectancy")
    assert life.cells["峨眉山市"][0] == "78.6" and life.cells["沐川县"][0] == "77.20"
    assert life.targets["沐川县"] == "78"
    shown = {p.region for p in plans.list_plans(session=city)}
    assert "四平市" not in shown and "聊城市" not in shown          # the samples stay out of pickers
    out = rollup.export_rollup(session=city, year=2023, path=tmp_path / "汇总.xlsx")   # the profile's region
    wb = openpyxl.load_workbook(out)
    ws = wb["指标对比"]
    assert ws["A1"].value == "乐山市卫生健康“十四五”规划主要指标汇总表（2023年度）"
    heads = [c.value for c in ws[2]]
    col = heads.index("沐川县") + 1
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == "人均预期寿命")
    cell = ws.cell(row=row, column=col)
    assert cell.data_type == "n" and cell.value == 77.2 and cell.number_format == "0.00"
    assert "四平市" not in heads and "仁寿县" not in heads
    sheet = wb["人均预期寿命"]             # units compared, worst first
    assert sheet.cell(row=3, column=4).value in ("滞后", "逆向", "未报送", "未填报")
    lo = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                        capture_output=True, text=True, timeout=180)
    assert lo.returncode == 0 and (tmp_path / "汇总.pdf").exists()


def test_a_county_workbook_matching_a_sample_plan_makes_it_a_return(city):
    jingyan = next(p for p in plans.list_plans(session=city, examples=True) if p.id == JINGYAN)
    assert jingyan.role == "received"


def test_the_rollup_window_filters_units_lists_the_missing_and_matches_own_indicators(city, app, qtbot):
    """汇总 in the window: one unit's column, the units expected but not reported, the indicators
    outside the catalogue matched to each other once (kept, undoable), a chart of one indicator."""
    from PySide6.QtCore import Qt

    from desktop.ui.exchange_dialogs import RollupDialog

    rollup.set_expected_units(session=city, units=["峨眉山市", "沐川县", "井研县", "马边彝族自治县"])
    d = RollupDialog(city, 2023)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: d.loaded, timeout=20000)
    assert "乐山市" in d.windowTitle()
    assert d.missing.text() == "未报送：马边彝族自治县"
    assert sorted(d.data.regions) == sorted(["乐山市", "峨眉山市", "沐川县", "井研县"])
    d.unit_filter.setCurrentText("沐川县")
    shown = [d.compare.model().headerData(c, Qt.Orientation.Horizontal) for c in range(2, d.compare.columnCount())
             if not d.compare.isColumnHidden(c)]
    assert shown == ["沐川县"]
    listed = {(u["地区"], u["指标"]) for u in d.data.unmatched}
    names = {("峨眉山市", "村医持证上岗率"), ("沐川县", "乡村医生持证率")}
    assert names <= listed and ("井研县", "健康服务业总规模") in listed    # listed, not dropped
    for region, name in sorted(names):
        r = next(k for k, u in enumerate(d.data.unmatched) if (u["地区"], u["指标"]) == (region, name))
        d.unmatched.setCurrentCell(r, 0)
        d.match_selected(key=rollup.CUSTOM + "乡村医生持证率")
        qtbot.waitUntil(lambda: d.loaded, timeout=20000)
    assert not names & {(u["地区"], u["指标"]) for u in d.data.unmatched}
    row = next(r for r in d.data.rows if r.name == "乡村医生持证率")
    assert set(row.cells) == {"峨眉山市", "沐川县"}
    life = next(k for k, r in enumerate(d.data.rows) if r.key == "life_expectancy")
    d._draw(life)
    assert sorted(d.chart_units) == ["井研县", "峨眉山市", "沐川县"]      # the units with a number
    again = rollup.rollup(session=city, year=2023, region="乐山市")     # the mapping is kept
    assert any(r.name == "乡村医生持证率" for r in again.rows)


def test_a_title_naming_the_whole_chain_is_the_deepest_units_plan(tmp_path):
    doc = tmp_path / "峨眉山.txt"
    doc.write_text(plan_text("峨眉山市", "四川省乐山市峨眉山市", ("78.1", "79")), encoding="utf-8")
    document = plans.read_document(path=doc)
    assert (document.region, document.parent_region, document.level) == ("峨眉山市", "乐山市", "县")


@pytest.mark.parametrize(("chain", "region", "parent"), [
    ("贵州省黔东南州凯里市", "凯里市", "黔东南州"),     # the prefecture by its everyday name
    ("四川省乐山市", "乐山市", "四川省"),
])
def test_a_title_is_never_read_as_a_unit_above_the_one_it_names(tmp_path, chain, region, parent):
    """The chain of divisions broke off at 黔东南州 (its full name is 黔东南苗族侗族自治州): the
    plan stays 凯里市's, not 贵州省's."""
    doc = tmp_path / "plan.txt"
    doc.write_text(plan_text(region, chain, ("78.1", "79")), encoding="utf-8")
    document = plans.read_document(path=doc)
    assert (document.region, document.parent_region) == (region, parent)
    assert document.level != "省"


def test_expected_units_are_the_regions_own_units_written_in_full(city):
    import pytest as _pytest

    from desktop.domain.errors import KnownError

    rollup.set_expected_units(session=city, units=["峨眉山、沐川县；马边彝族自治县 峨眉山市"])
    assert rollup.expected_units(session=city) == ["峨眉山市", "沐川县", "马边彝族自治县"]
    with _pytest.raises(KnownError, match="梨树县"):
        rollup.set_expected_units(session=city, units=["梨树县", "沐川县卫生健康局"])
    assert rollup.expected_units(session=city) == ["峨眉山市", "沐川县", "马边彝族自治县"]    # unchanged
    other = rollup.rollup(session=city, year=2023, region="眉山市")      # another region: not its list
    assert other.missing == []


def test_a_units_workbook_lands_on_its_plan_text_the_city_imported_itself(tmp_path, built_db, session):
    """The city imported 沐川县's plan document before receiving its workbook: the workbook's rows
    are matched to that plan by name (the two databases number them differently), and 沐川县 is
    rolled up as a unit, once."""
    region, (title, nums, extra) = "沐川县", UNITS["沐川县"]
    doc = tmp_path / "沐川县.txt"
    doc.write_text(plan_text(region, title, nums, extra), encoding="utf-8")
    plans.import_plan(session=session, path=doc, region=region)
    county = next(p.id for p in plans.list_plans(session=session, examples=True) if p.region == region)
    first = evaluation.evaluate_plan(session=session, plan_id=county)[0]
    values.enter_values(session=session, items=[(first.id, 2023, "77.4")], confirmed=True)
    book = submissions.export_workbook(session=session, plan_id=county, year=2023, path=tmp_path / "沐川.xlsx")
    city_db = tmp_path / "city2" / "plans.db"
    city_db.parent.mkdir()
    shutil.copyfile(built_db, city_db)
    s = open_session(city_db)
    try:
        profile = user_settings.profile(session=s)
        profile.region, profile.level = "乐山市", "市"
        user_settings.save_profile(session=s, value=profile)
        own = tmp_path / "乐山市.txt"          # the city's own plan first: its rows are numbered differently
        own.write_text(plan_text("乐山市", "乐山市", ("78.5", "79.5")), encoding="utf-8")
        plans.import_plan(session=s, path=own, region="乐山市")
        plans.import_plan(session=s, path=doc, region=region)       # the county's text, kept by the city
        preview = submissions.preview_import(session=s, path=book)
        assert preview.ok, preview.rejected
        submissions.apply_import(session=s, preview=preview)
        data = rollup.rollup(session=s, year=2023, region="乐山市")
        assert data.regions.count("沐川县") == 1
        life = next(r for r in data.rows if r.key == "life_expectancy")
        assert life.cells["沐川县"][0] == "77.4"
    finally:
        s.close()


def test_a_workbook_from_another_citys_unit_is_said_and_a_repeat_shows_no_false_changes(city, tmp_path, session):
    """仁寿县 (眉山市) sends to 乐山市: the preview says it will not count; the same workbook again
    lists no 0 → 0 changes."""
    renshou = next(p.id for p in plans.list_plans(session=session, examples=True) if p.region == "仁寿县")
    book = submissions.export_workbook(session=session, plan_id=renshou, year=2023, path=tmp_path / "仁寿.xlsx")
    preview = submissions.preview_import(session=city, path=book)
    assert any("仁寿县”不是乐山市的下级单位（属于眉山市）" in n for n in preview.notices)
    submissions.apply_import(session=city, preview=preview)
    again = submissions.preview_import(session=city, path=book)     # the very same file again
    assert not again.changed_items and not again.new_values, again.changed_items


def test_an_indicator_printed_twice_is_said_when_the_plan_is_read(tmp_path):
    text = plan_text("沐川县", "沐川县", ("76.9", "78")).replace(
        "健康水平\t2\t孕产妇死亡率", "健康水平\t2\t人均预期寿命\t岁\t76.9\t78\t预期性\n健康水平\t3\t孕产妇死亡率")
    doc = tmp_path / "twice.txt"
    doc.write_text(text, encoding="utf-8")
    document = plans.read_document(path=doc)
    assert any("“人均预期寿命”出现2次（序号1、2）" in f.message for f in document.findings)
