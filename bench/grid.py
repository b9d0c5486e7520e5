"""The grid: edit-to-commit time, and loading and scrolling a plan with 2,000 indicators."""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from bench.common import HEADER, row  # noqa: E402
from desktop import paths  # noqa: E402
from desktop.domain.plan import Indicator, PlanDocument  # noqa: E402
from desktop.services.session import open_session  # noqa: E402
from desktop.storage import plans as stored_plans  # noqa: E402
from desktop.ui.app import setup_application  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402

N = 2000


def big_plan() -> PlanDocument:
    doc = PlanDocument(title="测试县“十四五”规划（2000项指标）", region="测试县", level="县",
                       parent_region="测试市", source_name="big", source_hash="big-2000")
    for k in range(N):
        doc.indicators.append(Indicator(order=k + 1, seq=str(k + 1), domain=f"领域{k // 100}",
                                        name=f"指标{k}死亡率" if k % 3 == 0 else f"指标{k}覆盖率",
                                        unit="%", baseline=f"{20 + k % 50}", target=f"≥{30 + k % 50}",
                                        attribute="约束性" if k % 7 == 0 else "预期性"))
    return doc


def median(times: list[float]) -> float:
    return statistics.median(times)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    setup_application(app)
    with tempfile.TemporaryDirectory() as home:
        paths.set_home(home)
        session = open_session()
        big_id = stored_plans.insert_plan(session.store, big_plan(), who="bench")
        window = MainWindow(session)
        window.resize(1366, 768)
        window.show()
        window.tabs.setCurrentIndex(1)
        app.processEvents()

        # edit -> commit through the window's operations (validate, write + audit, undo step,
        # re-judge what changed, repaint those rows), on a 28-indicator plan and on 2,000
        tab = window.indicators
        tab.confirm_values = lambda questions: True   # a value that looks like a slip: the clerk says yes

        def edits_on(plan_id: int) -> list[float]:
            window.open_plan(plan_id)
            app.processEvents()
            ids = [s.id for s in tab.model.states if "/" not in s.row.baseline_text
                   and " " not in s.row.baseline_text and ":" not in s.row.baseline_text]
            times, painted = [], []
            for k in range(40):
                t0 = time.perf_counter()
                problem = tab.edit_values([(ids[k * 37 % len(ids)], 2023, f"{10 + k % 7}.{k % 10}")], "填报")
                t1 = time.perf_counter()
                app.processEvents()   # Qt paints the window: the rows, the panel and its chart
                times.append((t1 - t0) * 1000)
                painted.append((time.perf_counter() - t0) * 1000)
                assert problem is None, problem
            return times, painted

        edits, painted = edits_on(2)
        big_edits, big_painted = edits_on(big_id)
        conn = sqlite3.connect(Path(home) / "floor.db")
        conn.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
        floor = []
        for k in range(40):
            t0 = time.perf_counter()
            conn.execute("INSERT OR REPLACE INTO t VALUES (?, ?)", [k % 5, str(k)])
            conn.commit()
            floor.append((time.perf_counter() - t0) * 1000)

        # load and scroll the big plan
        t0 = time.perf_counter()
        window.open_plan(big_id)
        app.processEvents()
        load = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        grid = tab.grid
        for _ in range(20):
            grid.verticalScrollBar().setValue(grid.verticalScrollBar().value() + 600)
            grid.viewport().repaint()
        scroll = (time.perf_counter() - t0) * 1000 / 20

        bare_model = QStandardItemModel(N, 14)
        t0 = time.perf_counter()
        for r in range(N):
            for c in range(14):
                bare_model.setItem(r, c, QStandardItem(f"{r}.{c}"))
        bare = QTableView()
        bare.setModel(bare_model)
        bare.resize(1366, 600)
        bare.show()
        app.processEvents()
        bare_load = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        for _ in range(20):
            bare.verticalScrollBar().setValue(bare.verticalScrollBar().value() + 600)
            bare.viewport().repaint()
        bare_scroll = (time.perf_counter() - t0) * 1000 / 20
        for w in (bare, window):
            w.close()
            w.deleteLater()
        app.processEvents()
        session.close()
        paths.set_home(None)

    print(HEADER)
    e, big_e = median(edits), median(big_edits)
    print(row("edit → commit, 28 indicators (validate, write + audit, undo step, re-judge, model)", e,
              "bare sqlite3 upsert+commit", median(floor),
              "< 16 ms: " + ("met" if e < 16 else "NOT met")))
    print(row(f"edit → commit, {N} indicators (the same)", big_e, "bare sqlite3 upsert+commit",
              median(floor), "< 16 ms and flat: " + ("met" if big_e < 16 and big_e < 2 * e + 2 else "NOT met")))
    print(row("edit → commit → window painted (1366×768, panel chart), 28 indicators", median(painted),
              "bare sqlite3 upsert+commit", median(floor)))
    print(row(f"edit → commit → window painted, {N} indicators", median(big_painted),
              "bare sqlite3 upsert+commit", median(floor)))
    print(row(f"open a plan of {N} indicators (judge ×5 years, grid, overview)", load,
              "QStandardItemModel filled + shown", bare_load))
    print(row("scroll one screen of that plan", scroll, "same in a bare QTableView", bare_scroll))


if __name__ == "__main__":
    main()
