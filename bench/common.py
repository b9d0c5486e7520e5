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


def fill_plausible(session, plan_id: int, upto: int) -> int:
    """Fill a bundled plan with the plausible values of tests/fixtures (up to a year); the count."""
    import json

    from desktop.services import evaluation, values

    fixture = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "plausible_values.json"
    states = evaluation.evaluate_plan(session=session, plan_id=plan_id)
    region = session.store.scalar("SELECT region FROM plans WHERE id = ?", [plan_id])
    by_key = {f"{region}|{st.row.seq}|{st.row.name}": st.id for st in states}
    items = [(by_key[k], int(y), v) for k, by in json.loads(fixture.read_text(encoding="utf-8")).items()
             if k in by_key for y, v in by.items() if int(y) <= upto]
    values.enter_values(session=session, items=items, confirmed=True)
    return len(items)


def median_ms(fn: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def paired_ms(ours: Callable[[], object], floor: Callable[[], object], repeat: int = 15,
              warmup: int = 2) -> tuple[float, float]:
    """The medians of two calls timed in turns, so that a busy moment of the machine falls on both
    sides alike."""
    for _ in range(warmup):
        ours()
        floor()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, kept in ((ours, times[0]), (floor, times[1])):
            t0 = time.perf_counter()
            fn()
            kept.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def row(what: str, ours_ms: float, floor_name: str, floor_ms: float, goal: str = "") -> str:
    ratio = ours_ms / floor_ms if floor_ms > 0 else float("inf")
    shown = f"{ratio:.2f}" if ratio < 10 else f"{ratio:.0f}"
    return f"| {what} | {ours_ms:.2f} ms | {floor_name} {floor_ms:.3f} ms | {shown}× | {goal} |"


HEADER = "| what | ours (median) | floor (same run) | ratio | goal |\n|---|---|---|---|---|"


def goal(name: str, shown: str, met: bool, compares: str = "") -> str:
    """One goal of the issue with what was measured and whether it is met; `bench/run` collects
    these (BENCH_GOALS names the file) and prints them together at the end."""
    import json
    import os

    verdict = "met" if met else "NOT met"
    target = os.environ.get("BENCH_GOALS")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps({"goal": name, "shown": shown, "met": met, "compares": compares},
                                 ensure_ascii=False) + "\n")
    return verdict


def _status_mb(field: str) -> float | None:
    """A figure of this process from /proc/self/status, in MB (None where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_mb() -> float:
    """This process's own peak resident memory (VmHWM; ru_maxrss would carry a parent's peak)."""
    found = _status_mb("VmHWM")
    if found is not None:
        return found
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """This process's resident memory now."""
    found = _status_mb("VmRSS")
    return float("nan") if found is None else found


def open_rollup_window(session, year: int) -> None:
    """The 汇总 window opened, filled (its roll-up runs on a worker) and closed."""
    from PySide6.QtWidgets import QApplication

    from desktop.ui.exchange_dialogs import RollupDialog

    app = QApplication.instance() or QApplication([])
    d = RollupDialog(session, year)
    d.show()
    from PySide6.QtCore import QEventLoop

    while not d.loaded:      # rolled up on a worker; the window waits for events as its loop does
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    d.close()
    d.deleteLater()
