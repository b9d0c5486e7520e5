"""Cold start of the built program against running from source (goal: within 1.5×)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], home: str, runs: int = 5) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run(cmd + ["--home", home, "--smoke"], env=env, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd + ["--home", home, "--smoke"], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> int:
    frozen = sys.argv[1]
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        built = timed([frozen], a)
        source = timed([sys.executable, "-m", "desktop"], b)
    ratio = built / source
    print(f"cold start to the window: built {built:.0f} ms, from source {source:.0f} ms, "
          f"{ratio:.2f}× (goal ≤ 1.5×: {'met' if ratio <= 1.5 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
