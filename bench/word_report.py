"""The Word evaluation report of the largest plan, against python-docx writing the same tables
bare (the same rows, no styles, fonts or widths) in the same run. Goal: ≤ 2×."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import HEADER, bundled_home, median_ms, row  # noqa: E402
from desktop.services import evaluation, reports, values  # noqa: E402


def main() -> None:
    import docx

    from desktop.reports.docx_report import write_evaluation_docx
    from desktop.reports.outline import Grid, evaluation_outline

    with bundled_home() as (home, s):
        plan = 2  # 井研县: 28 indicators, 25 projects
        import json

        fixture = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "plausible_values.json"
        by_key = {f"井研县|{st.row.seq}|{st.row.name}": st.id
                  for st in evaluation.evaluate_plan(session=s, plan_id=plan)}
        values.enter_values(session=s, items=[(by_key[k], int(y), v) for k, by in json.loads(
            fixture.read_text(encoding="utf-8")).items() if k in by_key for y, v in by.items()], confirmed=True)
        data = reports.report_data(session=s, plan_id=plan, year=2025)
        ours = median_ms(lambda: write_evaluation_docx(data, home / "e.docx"), repeat=7, warmup=1)
        grids = [b for b in evaluation_outline(data).blocks if isinstance(b, Grid)]

        def bare() -> None:
            d = docx.Document()
            for g in grids:
                t = d.add_table(rows=1 + len(g.rows), cols=len(g.header))
                for r, texts in enumerate([g.header, *[[c.text for c in cells] for cells in g.rows]]):
                    for cell, text in zip(t.rows[r].cells, texts, strict=True):   # a row's cells once
                        cell.text = text
            d.save(str(home / "bare.docx"))

        floor = median_ms(bare, repeat=7, warmup=1)
        cells = sum(len(g.rows) * len(g.header) for g in grids)
        print(HEADER)
        print(row(f"Word evaluation report, 井研县 2025 ({cells} table cells)", ours,
                  "python-docx, the same tables bare", floor,
                  "≤ 2×: " + ("met" if ours <= 2 * floor else "NOT met")))


if __name__ == "__main__":
    main()
