"""Judging every indicator of the five plans for five years, against a bare loop over the rows."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import HEADER, median_ms, row  # noqa: E402
from desktop.domain.evaluation import judge  # noqa: E402
from desktop.plandoc import read_plan_file  # noqa: E402

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"
YEARS = (2021, 2022, 2023, 2024, 2025)


def main() -> None:
    rows = []
    for path in sorted(PLANS.glob("*.txt")):
        doc = read_plan_file(path)
        for i in doc.indicators:
            base = i.baseline.split("/")[0].split(" ")[0]
            rows.append((doc.region, i, base if base[:1].isdigit() else "50"))
    cases = [(r, i, y, b) for r, i, b in rows for y in YEARS]

    def ours():
        for _, i, y, b in cases:
            judge(name=i.name, baseline=i.baseline, target=i.target, year=y, actual=b,
                  attribute=i.attribute)

    def bare():
        total = 0.0
        for _, i, y, b in cases:
            total += len(i.name) + y + len(b)
        return total

    print(HEADER)
    t = median_ms(ours, repeat=9)
    print(row(f"judge {len(rows)} indicators × 5 years ({len(cases)} judgements)", t,
              "bare loop", median_ms(bare, repeat=9),
              f"per plan {t / 5:.1f} ms, goal < 20 ms: " + ("met" if t / 5 < 20 else "NOT met")))


if __name__ == "__main__":
    main()
