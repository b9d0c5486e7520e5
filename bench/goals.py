"""The goals of the performance issue, each with what this run measured and met / not met; the
reasons for every "not met" are in bench/README.md ("Goals not met, and why")."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(path: str) -> None:
    file = Path(path)
    lines = [json.loads(x) for x in file.read_text(encoding="utf-8").splitlines() if x.strip()] if file.exists() else []
    print("| goal | this run | compares | verdict |\n|---|---|---|---|")
    for g in lines:
        print(f"| {g['goal']} | {g['shown']} | {g['compares']} | {'met' if g['met'] else 'NOT met'} |")
    missed = sum(not g["met"] for g in lines)
    if missed:
        print(f"\n{len(lines) - missed} of {len(lines)} goals met; why the others are not, as far as it is "
              "known: bench/README.md (\"Goals not met, and why\")")
    else:
        print(f"\nall {len(lines)} goals met in this run (a goal met in one run and not in another: "
              "bench/README.md)")


if __name__ == "__main__":
    main(sys.argv[1])
