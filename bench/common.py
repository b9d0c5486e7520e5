"""Timing helpers for the benchmarks: medians over repeats, printed as a ratio to a floor."""

from __future__ import annotations

import contextlib
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


@contextlib.contextmanager
def bundled_home():
    """A temporary user folder holding a copy of the bundled database; yields (home, session)."""
    from desktop import paths
    from desktop.services.session import open_session

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        shutil.copyfile(root / "data" / "plans.db", home / "plans.db")
        paths.set_home(home)
        session = open_session(home / "plans.db")
        try:
            yield home, session
        finally:
            session.close()
            paths.set_home(None)


def median_ms(fn: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def row(what: str, ours_ms: float, floor_name: str, floor_ms: float, goal: str = "") -> str:
    ratio = ours_ms / floor_ms if floor_ms > 0 else float("inf")
    shown = f"{ratio:.2f}" if ratio < 10 else f"{ratio:.0f}"
    return f"| {what} | {ours_ms:.2f} ms | {floor_name} {floor_ms:.3f} ms | {shown}× | {goal} |"


HEADER = "| what | ours (median) | floor (same run) | ratio | goal |\n|---|---|---|---|---|"
