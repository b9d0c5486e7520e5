"""Excel: the submission export against openpyxl writing the same cells unstyled, in-process and
as a whole process. Importing and rolling up 10 → 1,000 workbooks: bench/scaling.py."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bare_openpyxl  # noqa: E402
from bench.common import HEADER, bundled_home, fill_plausible, goal, paired_ms, row  # noqa: E402
from desktop.services import submissions  # noqa: E402


def whole_process(home: Path, cells: dict) -> None:
    """`planledger export xlsx` against a bare openpyxl script writing the same cells unstyled."""
    import json
    import statistics
    import subprocess

    (home / "cells.json").write_text(json.dumps(cells, ensure_ascii=False, default=str), encoding="utf-8")

    def run(command) -> float:
        t0 = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        return (time.perf_counter() - t0) * 1000
    pairs = [(run([sys.executable, "-m", "desktop", "--home", str(home), "export", "xlsx", "2", "--year", "2023",
                   "-o", str(home / "w.xlsx")]),
              run([sys.executable, str(Path(__file__).with_name("bare_openpyxl.py")), str(home / "cells.json"),
                   str(home / "bare-w.xlsx")]))
             for _ in range(5)]
    ours, floor = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    verdict = goal("submission workbook ≤ 1.5× unstyled openpyxl, whole process",
                   f"{ours:.0f} ms against {floor:.0f} ms, {ours / floor:.2f}×", ours <= 1.5 * floor,
                   "whole process against whole process")
    print(row("submission workbook export, whole process (`planledger export xlsx`)", ours,
              "a bare openpyxl script writing the same cells unstyled, whole process", floor, f"≤ 1.5×: {verdict}"))


def main() -> None:

    with bundled_home() as (home, s):
        for plan_id in range(1, 6):
            fill_plausible(s, plan_id, 2023)
        sub = submissions.build_submission(session=s, plan_id=2, year=2023)
        from desktop.exchange.submission_workbook import write_submission

        write_submission(sub, home / "s.xlsx")
        # the floor writes every cell our workbook holds (titles, headers, values, the note and the
        # checksum sheets), with openpyxl's defaults: no styles, merges, validation, print setup
        from openpyxl import load_workbook

        written = load_workbook(home / "s.xlsx")
        cells = {ws.title: [(c.row, c.column, c.value) for line in ws.iter_rows() for c in line
                            if c.value not in (None, "")] for ws in written}
        # the two in turns, 21 times each
        ours, floor = paired_ms(lambda: write_submission(sub, home / "s.xlsx"),
                                lambda: bare_openpyxl.write(cells, home / "bare.xlsx"), repeat=21)
        print(HEADER)
        verdict = goal("submission workbook ≤ 1.5× unstyled openpyxl, in-process",
                       f"{ours:.0f} ms against {floor:.0f} ms, {ours / floor:.2f}×", ours <= 1.5 * floor,
                       "in-process against in-process")
        print(row("submission workbook export (井研县, 3 sheets + checks), in-process", ours,
                  "openpyxl, every same cell, unstyled, in-process", floor, f"≤ 1.5×: {verdict}"))
        whole_process(home, cells)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
