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
        if shutil.which("libreoffice"):
            xlsx = submissions.export_workbook(session=s, plan_id=plan, year=2023, path=home / "s.xlsx")
            t0 = time.perf_counter()
            subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{home}/lo",
                            "--convert-to", "pdf", "--outdir", str(home / "lo-out"), str(xlsx)],
                           check=True, capture_output=True, timeout=300)
            lo = (time.perf_counter() - t0) * 1000
            print(row("PDF summary (ours)", ours, "LibreOffice headless: workbook → PDF", lo))


if __name__ == "__main__":
    main()
