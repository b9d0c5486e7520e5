"""The PDF summary of the largest plan, against reportlab building a bare table of the same cells,
and against LibreOffice turning the submission workbook into a PDF (how it is printed otherwise)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import HEADER, bundled_home, median_ms, row  # noqa: E402
from desktop import paths  # noqa: E402
from desktop.services import evaluation, reports, submissions, values  # noqa: E402


def main() -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table

    from desktop.reports import fonts
    from desktop.reports.pdf_report import write_summary

    with bundled_home() as (home, s):
        plan = 2  # 井研县: 28 indicators, the most; 25 projects, 65 sections
        import json

        fixture = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "plausible_values.json"
        by_key = {f"井研县|{st.row.seq}|{st.row.name}": st.id
                  for st in evaluation.evaluate_plan(session=s, plan_id=plan)}
        values.enter_values(session=s, items=[(by_key[k], int(y), v) for k, by in json.loads(
            fixture.read_text(encoding="utf-8")).items() if k in by_key for y, v in by.items()
            if int(y) <= 2023], confirmed=True)
        t0 = time.perf_counter()
        fonts.register(paths.fonts())
        first_fonts = (time.perf_counter() - t0) * 1000
        data = reports.report_data(session=s, plan_id=plan, year=2023)
        ours = median_ms(lambda: write_summary(data, home / "s.pdf"), repeat=5, warmup=1)
        cells = [[r.seq, r.domain, r.name, r.unit, r.baseline, r.target, r.attribute,
                  *[r.values.get(y, "") for y in (2021, 2022, 2023)], r.status, r.explanation]
                 for r in data.indicators]
        cells += [[pr.box, pr.name, pr.lead_unit, pr.status, str(pr.progress)] for pr in data.projects]
        cells += [[t.title, t.lead_unit, t.status, str(t.progress)] for t in data.tasks]

        def bare():
            from reportlab.lib.styles import ParagraphStyle
            from reportlab.platypus import Paragraph

            st = ParagraphStyle("c", fontName=fonts.SANS, fontSize=8, wordWrap="CJK")
            width = max(len(c) for c in cells)
            rows = [[Paragraph(str(v), st) for v in c] + [""] * (width - len(c)) for c in cells]
            SimpleDocTemplate(str(home / "bare.pdf"), pagesize=landscape(A4)).build(
                [Table(rows, repeatRows=1)])

        floor = median_ms(bare, repeat=5, warmup=1)
        print(HEADER)
        print(row("PDF summary of 井研县 (charts, 5 tables, page x of y)", ours,
                  "bare reportlab table of the same cells", floor,
                  "≤ 2×: " + ("met" if ours <= 2 * floor else "NOT met")))
        print(f"| registering the four CJK fonts, once per process | {first_fonts:.0f} ms | — | — | |")
        big = _big_summary()
        t0 = time.perf_counter()
        write_summary(big, home / "big.pdf")
        big_ms = (time.perf_counter() - t0) * 1000

        def bare_big():
            from reportlab.lib.styles import ParagraphStyle
            from reportlab.platypus import Paragraph

            st = ParagraphStyle("c", fontName=fonts.SANS, fontSize=8, wordWrap="CJK")
            rows = [[Paragraph(str(v), st) for v in (r.seq, r.domain, r.name, r.unit, r.baseline, r.target,
                                                     r.attribute, *r.values.values(), r.status, r.explanation)]
                    for r in big.indicators]
            SimpleDocTemplate(str(home / "bare-big.pdf"), pagesize=landscape(A4)).build([Table(rows, repeatRows=1)])

        t0 = time.perf_counter()
        bare_big()
        bare_ms = (time.perf_counter() - t0) * 1000
        print(row("PDF summary, 2,000 indicators (in-process, fonts loaded)", big_ms,
                  "bare reportlab table of the same cells", bare_ms,
                  "< 2 s: " + ("met" if big_ms < 2000 else "NOT met")))
        if shutil.which("libreoffice"):
            xlsx = submissions.export_workbook(session=s, plan_id=plan, year=2023, path=home / "s.xlsx")
            t0 = time.perf_counter()
            subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{home}/lo",
                            "--convert-to", "pdf", "--outdir", str(home / "lo-out"), str(xlsx)],
                           check=True, capture_output=True, timeout=300)
            lo = (time.perf_counter() - t0) * 1000
            print(row("PDF summary (ours)", ours, "LibreOffice headless: workbook → PDF", lo))


def _big_summary():
    """A plan of 2,000 indicators with three years filled: the summary at scale."""
    from desktop.domain.period import Period
    from desktop.reports.model import IndicatorRow, ReportData

    rows = [IndicatorRow(seq=str(k), domain=f"领域{k % 7}", name=f"每千常住人口执业（助理）医师数第{k}项", unit="人",
                         baseline="2.6", target="3.2", attribute="预期性",
                         values={2021: "2.7", 2022: "2.8", 2023: "2.9"},
                         status="滞后" if k % 3 else "基本符合预期",
                         explanation="基期2.6，目标3.2，2023年2.9，按时序进度应达2.96，滞后") for k in range(1, 2001)]
    return ReportData(title="规模测试规划", region="测试县", parent_region="测试市", year=2023, unit="", filler="",
                      phone="", date="2026年12月2日", period=Period(2020, 2025), indicators=rows,
                      counts={"滞后": 1333, "基本符合预期": 667})


if __name__ == "__main__":
    main()
