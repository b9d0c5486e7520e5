"""A database of 300 plans × 40 indicators × 5 years: open, list, open a plan, filter, roll-up;
and the window's peak memory with the five bundled plans opened."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
PEAK = """
import resource


def peak_kb():
    # VmHWM: this process's own peak (ru_maxrss would carry the parent's peak across fork and exec)
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""
MEMORY = PEAK + """
import sys
from PySide6.QtWidgets import QApplication
from desktop import paths
paths.set_home(sys.argv[1])
from desktop.ui.app import setup_application
from desktop.services.session import open_session
from desktop.ui.main_window import MainWindow
app = QApplication([])
setup_application(app)
w = MainWindow(open_session()); w.resize(1366, 768); w.show()
for plan in (1, 2, 3, 4, 5):
    w.open_plan(plan); app.processEvents(); w.overview.draw_now()
    for tab in range(5):
        w.tabs.setCurrentIndex(tab); app.processEvents()
print(peak_kb())
"""
BARE = PEAK + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([]); w = QMainWindow(); w.resize(1366, 768); w.show(); app.processEvents()
print(peak_kb())
"""


def ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    from desktop import paths
    from desktop.domain.plan import Indicator, PlanDocument
    from desktop.services import evaluation, plans, rollup
    from desktop.services.session import open_session
    from desktop.storage import plans as stored_plans
    from desktop.storage import values as stored_values

    print("| what | ours | goal |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as home:
        home = Path(home)
        paths.set_home(home)
        s = open_session(home / "big.db", create=True)
        t0 = time.perf_counter()
        catalogue = ["人均预期寿命", "孕产妇死亡率", "婴儿死亡率", "5岁以下儿童死亡率", "居民健康素养水平"]
        for p in range(300):
            doc = PlanDocument(title=f"第{p}县“十四五”卫生健康规划", region=f"第{p}县", level="县",
                               parent_region="某市", source_name=f"p{p}", source_hash=f"hash-{p}")
            for k in range(40):
                name = catalogue[k] if k < len(catalogue) else f"指标{k}"
                doc.indicators.append(Indicator(order=k + 1, seq=str(k + 1), domain=f"领域{k // 8}",
                                                name=name, unit="%", baseline=f"{20 + k}",
                                                target=f"≥{30 + k}", attribute="预期性"))
            stored_plans.insert_plan(s.store, doc, who="bench")
        writes = [stored_values.ValueWrite(i["id"], y, f"{25 + (i['id'] % 9)}", 25.0 + i["id"] % 9)
                  for i in s.store.query("SELECT id FROM indicators") for y in (2021, 2022, 2023, 2024, 2025)]
        stored_values.write_values(s.store, writes, who="bench", action="bench")
        build = time.perf_counter() - t0
        s.close()
        print(f"| build the database (300 plans, 12,000 indicators, {len(writes)} values) | {build:.1f} s | |")
        opened = {}
        t = ms(lambda: opened.setdefault("s", open_session(home / "big.db")))
        s = opened["s"]
        print(f"| open the database | {t:.0f} ms | < 100 ms: {'met' if t < 100 else 'NOT met'} |")
        from desktop.services import database

        t = ms(lambda: database.quick_check(session=s))
        print(f"| read the whole file through (at the first start of a day and after a crash only) "
              f"| {t:.0f} ms | |")
        t = ms(lambda: plans.list_plans(session=s))
        print(f"| list 300 plans with their counts | {t:.0f} ms | < 100 ms: {'met' if t < 100 else 'NOT met'} |")
        t = ms(lambda: evaluation.evaluate_plan(session=s, plan_id=150))
        verdict = "met" if t < 100 else "NOT met"
        print(f"| open one plan (judge 40 indicators × 5 years) | {t:.0f} ms | < 100 ms: {verdict} |")
        from desktop.ui.models.indicator_grid import Filter, IndicatorGridModel

        model = IndicatorGridModel()
        model.set_states(evaluation.evaluate_plan(session=s, plan_id=150), 2023)
        t = ms(lambda: model.set_filter(Filter(status="提前完成", text="指标")))
        print(f"| filter the grid | {t:.1f} ms | < 100 ms: {'met' if t < 100 else 'NOT met'} |")
        t = ms(lambda: rollup.rollup(session=s, year=2023))
        print(f"| roll-up of 300 plans, first time (judges 12,000 indicators, keeps the summaries) "
              f"| {t:.0f} ms | once per new data; a batch import prepares it |")
        from desktop.services import values

        one = s.store.scalar("SELECT id FROM indicators WHERE plan_id = 150 ORDER BY ord LIMIT 1")
        warm = []
        for k in range(5):
            values.enter_values(session=s, items=[(one, 2023, f"{40 + k}")])
            warm.append(ms(lambda: rollup.rollup(session=s, year=2023)))
        t = sorted(warm)[len(warm) // 2]
        print(f"| roll-up of 300 plans after a value changed (median of 5) | {t:.0f} ms "
              f"| < 100 ms: {'met' if t < 100 else 'NOT met'} |")
        from bench.common import open_rollup_window

        shown = []
        for k in range(5):
            values.enter_values(session=s, items=[(one, 2023, f"{50 + k}")])
            shown.append(ms(lambda: open_rollup_window(s, 2023)))
        if os.environ.get("PROFILE_ROLLUP"):
            import cProfile
            import pstats

            pr = cProfile.Profile()
            pr.enable()
            open_rollup_window(s, 2023)
            pr.disable()
            pstats.Stats(pr).sort_stats("cumulative").print_stats(25)
        t = sorted(shown)[len(shown) // 2]
        print(f"| 汇总 window on 300 units after a value changed (filled and shown, median of 5) | {t:.0f} ms "
              f"| < 100 ms: {'met' if t < 100 else 'NOT met'} |")
        s.close()
        paths.set_home(None)
    with tempfile.TemporaryDirectory() as home:
        shutil.copyfile(ROOT / "data" / "plans.db", Path(home) / "plans.db")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        ours = int(subprocess.run([sys.executable, "-c", MEMORY, home], capture_output=True, text=True,
                                  env=env, check=True, cwd=ROOT).stdout.split()[-1]) / 1024
        bare = int(subprocess.run([sys.executable, "-c", BARE], capture_output=True, text=True, env=env,
                                  check=True).stdout.split()[-1]) / 1024
    print(f"| peak memory, window with the five plans opened (every tab) | {ours:.0f} MB (bare window "
          f"{bare:.0f} MB) | < 250 MB: {'met' if ours < 250 else 'NOT met'} |")


if __name__ == "__main__":
    main()
