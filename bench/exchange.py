"""Excel: the submission export against openpyxl writing the same cells unstyled; importing and
rolling up 200 unit submissions."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import HEADER, bundled_home, median_ms, row  # noqa: E402
from desktop.services import evaluation, rollup, submissions, values  # noqa: E402
from desktop.services.session import open_session  # noqa: E402


def main() -> None:
    from openpyxl import Workbook

    with bundled_home() as (home, s):
        ids = [x.id for x in evaluation.evaluate_plan(session=s, plan_id=2)]
        values.enter_values(session=s, items=[(i, y, "50") for i in ids[:20] for y in (2021, 2022)])
        sub = submissions.build_submission(session=s, plan_id=2, year=2023)
        from desktop.exchange.submission_workbook import write_submission

        ours = median_ms(lambda: write_submission(sub, home / "s.xlsx"), repeat=7)

        # the floor writes every cell our workbook holds (titles, headers, values, the note and the
        # checksum sheets), with openpyxl's defaults: no styles, merges, validation, print setup
        from openpyxl import load_workbook

        written = load_workbook(home / "s.xlsx")
        cells = {ws.title: [(c.row, c.column, c.value) for line in ws.iter_rows() for c in line
                            if c.value not in (None, "")] for ws in written}

        def bare():
            wb = Workbook()
            wb.remove(wb.active)
            for title, values_ in cells.items():
                ws = wb.create_sheet(title)
                for r, c, v in values_:
                    ws.cell(row=r, column=c, value=v)
            wb.save(home / "bare.xlsx")

        floor = median_ms(bare, repeat=7)
        print(HEADER)
        print(row("submission workbook export (井研县, 3 sheets + checks)", ours,
                  "openpyxl, every same cell, unstyled", floor,
                  "≤ 1.5×: " + ("met" if ours <= 1.5 * floor else "NOT met")))

        # 200 submissions received by the level above: import each, then the roll-up
        files = []
        for k in range(200):
            plan_id = 1 + k % 5
            path = home / f"in-{k}.xlsx"
            sub = submissions.build_submission(session=s, plan_id=plan_id, year=2023)
            sub.plan_key = f"unit-{k}"
            sub.region = f"第{k}区"
            write_submission(sub, path)
            files.append(path)
        city = open_session(home / "city.db", create=True)
        t0 = time.perf_counter()
        previews = [submissions.preview_import(session=city, path=path) for path in files]
        submissions.apply_imports(session=city, previews=previews)  # one batch, one backup
        t_import = time.perf_counter() - t0
        t0 = time.perf_counter()
        data = rollup.rollup(session=city, year=2023)
        t_roll = time.perf_counter() - t0
        rollup.export_rollup(session=city, year=2023, path=home / "rollup.xlsx")
        t_export = time.perf_counter() - t0 - t_roll
        total = t_import + t_roll + t_export
        city.close()
        print(f"| import 200 unit submissions, roll-up, roll-up workbook ({len(data.regions)} units) | "
              f"{total:.1f} s (import {t_import:.1f} s, roll-up {t_roll * 1000:.0f} ms, workbook "
              f"{t_export:.1f} s) | — | — | < 10 s: {'met' if total < 10 else 'NOT met'} |")


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
