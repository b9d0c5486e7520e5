"""Reading each bundled plan document, against merely reading the file's bytes (goal: < 100 ms)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import HEADER, median_ms, row  # noqa: E402
from desktop.plandoc import read_plan_bytes  # noqa: E402

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"


def main() -> None:
    print(HEADER)
    for path in sorted(PLANS.glob("*.txt")):
        data = path.read_bytes()
        ours = median_ms(lambda p=path: read_plan_bytes(p.read_bytes(), p.name))
        floor = median_ms(lambda p=path: p.read_bytes())
        goal = "< 100 ms: " + ("met" if ours < 100 else "NOT met")
        print(row(f"read {path.name} ({len(data) // 1024} KB)", ours, "read bytes", floor, goal))


if __name__ == "__main__":
    main()
