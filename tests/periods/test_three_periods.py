"""Plans of three (and four) periods in one database: every output that carries a year carries the
plan's own — the judgement JSON, the workbook's columns, both PDF reports, the long format, the
roll-up — and no year outside a plan's period ends in a traceback."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from desktop.domain.errors import KnownError
from desktop.plandoc import read_plan_bytes
from desktop.services import evaluation, plans, reports, rollup, submissions, values
from tests.conftest import JINGYAN
from tests.periods.documents import JINGYAN_15, SIXTEENTH, THIRTEENTH
from tests.reports.test_pdf import pdf_text

# period, a year inside it, the plan's baseline and target years (by hand)
CASES = {"十三五": ("2016-2020", 2018, 2015, 2020), "十四五": ("2021-2025", 2023, 2020, 2025),
         "十五五": ("2026-2030", 2027, 2025, 2030), "十六五": ("2031-2035", 2033, 2030, 2035)}


@pytest.fixture
def plan_ids(session) -> dict[str, int]:
    out = {"十四五": JINGYAN}
    for name, text in (("十三五", THIRTEENTH), ("十五五", JINGYAN_15), ("十六五", SIXTEENTH)):
        doc = read_plan_bytes(text.encode("utf-8"), f"{name}.txt")
        out[name] = plans.save_plan(session=session, document=doc).plan_ids[0]
    for name, plan_id in out.items():
        year = CASES[name][1]
        first = plans.plan_indicators(session=session, plan_id=plan_id)[0]
        values.enter_values(session=session, items=[(first.id, year, "79")])
    return out


@pytest.mark.parametrize("name", list(CASES))
def test_every_year_bearing_output_follows_the_plan(session, plan_ids, name, tmp_path):
    label, year, base, target = CASES[name]
    plan_id = plan_ids[name]
    info = plans.plan_info(session=session, plan_id=plan_id)
    assert (info.period, info.span.name) == (label, name)

    report = evaluation.evaluate_plan_json(session=session, plan_id=plan_id, year=year)
    assert (report["period"], report["baseline_year"], report["target_year"]) == (label, base, target)
    item = report["indicators"][0]
    assert item["time_share"] == round((year - base) / (target - base), 4)
    assert item["projection_year"] == target

    book = tmp_path / f"{name}.xlsx"
    submissions.export_workbook(session=session, plan_id=plan_id, year=year, path=book)
    assert load_workbook(book)["说明"]["B4"].value == f"{base + 1}—{target}年（基期{base}年）"
    ws = load_workbook(book)["指标"]
    header = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == "序号")
    assert f"{base}年" in header and f"{target}年目标" in header
    assert [h for h in header if isinstance(h, str) and h[:4].isdigit() and h.endswith("年")
            and h != f"{base}年"] == [f"{y}年" for y in range(base + 1, target + 1)]

    for kind in ("summary", "evaluation"):
        pdf = tmp_path / f"{name}-{kind}.pdf"
        reports.export_pdf(session=session, plan_id=plan_id, year=year, path=pdf, kind=kind)
        text = pdf_text(pdf)
        assert f"{base + 1}—{target}年" in text
        other = {y for n, c in CASES.items() if n != name for y in (c[2], c[3])} - {base, target}
        if kind == "evaluation":
            assert f"推算到{target}年" in text
        assert not any(f"推算到{y}年" in text for y in other)

    rows = rollup.long_rows(session=session, plan_id=plan_id)
    assert {r["period"] for r in rows} == {year}


@pytest.mark.parametrize("name", list(CASES))
def test_no_year_outside_a_plan_gives_a_traceback(session, plan_ids, name, tmp_path):
    label, _year, base, target = CASES[name]
    plan_id = plan_ids[name]
    first = plans.plan_indicators(session=session, plan_id=plan_id)[0]
    for outside in (base, target + 1, 1900, 3000):
        with pytest.raises(KnownError) as info:
            evaluation.evaluate_plan_json(session=session, plan_id=plan_id, year=outside)
        assert f"{base + 1}至{target}" in str(info.value)
        with pytest.raises(KnownError):
            values.enter_values(session=session, items=[(first.id, outside, "1")])
        with pytest.raises(KnownError):
            submissions.export_workbook(session=session, plan_id=plan_id, year=outside,
                                        path=tmp_path / "x.xlsx")
        with pytest.raises(KnownError):
            reports.export_pdf(session=session, plan_id=plan_id, year=outside, path=tmp_path / "x.pdf")


def test_the_roll_up_of_a_year_takes_only_the_plans_of_its_period(session, plan_ids, tmp_path):
    in_2027 = rollup.rollup(session=session, year=2027)
    assert in_2027.regions == ["井研县"]                       # only the 十五五 plan
    in_2023 = rollup.rollup(session=session, year=2023)
    assert "井研县" in in_2023.regions and len(in_2023.regions) == 5   # the five bundled 十四五 plans
    out = rollup.export_rollup(session=session, year=2027, path=tmp_path / "r.xlsx")
    assert "十五五" in load_workbook(out).active["A1"].value
    with pytest.raises(KnownError, match="2040"):
        rollup.export_rollup(session=session, year=2040, path=tmp_path / "none.xlsx")


def test_a_fifteenth_workbook_comes_back_to_its_plan(session, plan_ids, tmp_path):
    """A 十五五 template filled at a unit and imported home: values land in 2026–2030."""
    from tests.exchange.workbooks import fill, imported

    plan_id = plan_ids["十五五"]
    book = tmp_path / "模板.xlsx"
    submissions.export_workbook(session=session, plan_id=plan_id, year=2028, path=book, kind="template")
    ws = load_workbook(book)["指标"]
    header_row = next(r for r in ws.iter_rows() if r[0].value == "序号")
    col = next(c.column_letter for c in header_row if c.value == "2028年")
    filled = tmp_path / "填好.xlsx"
    fill(book, filled, {f"{col}{header_row[0].row + 1}": "79.8"}, sheet="指标")
    preview = imported(session, filled)
    first = plans.plan_indicators(session=session, plan_id=plan_id)[0]
    stored = values.value_of(session=session, indicator_id=first.id, year=2028)
    assert stored["value_text"] == "79.8"
    assert preview.year == 2028
