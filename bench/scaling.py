"""How the costs grow: plans 5 → 300 → 3,000; indicators in one plan 20 → 200 → 2,000; received
workbooks 10 → 200 → 1,000. Each size runs in its own process (so its peak memory is its own); the
database or the files it needs are made by another process first.

    .venv/bin/python bench/scaling.py            # every table
    .venv/bin/python bench/scaling.py plans      # one of plans / indicators / workbooks
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import goal, open_rollup_window, peak_mb  # noqa: E402

PLANS = (5, 300, 3000)
INDICATORS = (20, 200, 2000)
WORKBOOKS = (10, 200, 1000)
CATALOGUE = ["人均预期寿命", "孕产妇死亡率", "婴儿死亡率", "5岁以下儿童死亡率", "居民健康素养水平"]


def ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def _child(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *map(str, args)], capture_output=True,
                         text=True, cwd=ROOT, env=dict(os.environ, BENCH_GOALS=""))
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---- the databases and files, made in their own process ----

def build_plans(n: int, path: str, indicators: int = 40) -> None:
    from desktop import paths
    from desktop.domain.plan import Indicator, PlanDocument
    from desktop.services.session import open_session
    from desktop.storage import plans as stored_plans
    from desktop.storage import values as stored_values

    paths.set_home(Path(path).parent)
    s = open_session(path, create=True)
    for p in range(n):
        doc = PlanDocument(title=f"第{p}县“十四五”卫生健康规划", region=f"第{p}县", level="县",
                           parent_region="某市", source_name=f"p{p}", source_hash=f"hash-{p}")
        for k in range(indicators):
            name = CATALOGUE[k] if k < len(CATALOGUE) else f"指标{k}"
            doc.indicators.append(Indicator(order=k + 1, seq=str(k + 1), domain=f"领域{k // 8}", name=name,
                                            unit="%", baseline=f"{20 + k % 50}", target=f"≥{30 + k % 50}",
                                            attribute="预期性"))
        stored_plans.insert_plan(s.store, doc, who="bench")
    writes = [stored_values.ValueWrite(i["id"], y, f"{25 + (i['id'] % 9)}", 25.0 + i["id"] % 9)
              for i in s.store.query("SELECT id FROM indicators") for y in (2021, 2022, 2023)]
    stored_values.write_values(s.store, writes, who="bench", action="bench")
    s.close()


def make_workbooks(n: int, folder: Path) -> list[Path]:
    """n workbooks from n different units (the five bundled plans' shapes, with plausible values)."""
    from bench.common import bundled_home, fill_plausible
    from desktop.exchange.submission_workbook import write_submission
    from desktop.services import submissions

    files = []
    with bundled_home() as (_home, s):
        for plan_id in range(1, 6):
            fill_plausible(s, plan_id, 2023)
        subs = [submissions.build_submission(session=s, plan_id=p, year=2023) for p in range(1, 6)]
        for k in range(n):
            sub = subs[k % 5]
            sub.plan_key, sub.region = f"unit-{k}", f"第{k}区"
            files.append(write_submission(sub, folder / f"in-{k}.xlsx"))
    return files


# ---- what each size measures ----

def measure_plans(n: int, path: str) -> dict:
    from desktop import paths
    from desktop.services import plans, rollup, values
    from desktop.services.session import open_session

    paths.set_home(Path(path).parent)
    s = open_session(path)
    got = {"list": ms(lambda: plans.list_plans(session=s))}
    got["first"] = ms(lambda: rollup.rollup(session=s, year=2023))
    one = s.store.scalar("SELECT id FROM indicators WHERE plan_id = ? ORDER BY ord LIMIT 1", [n // 2 + 1])
    warm, shown = [], []
    for k in range(5):
        values.enter_values(session=s, items=[(one, 2023, f"{40 + k}")])
        warm.append(ms(lambda: rollup.rollup(session=s, year=2023)))
        values.enter_values(session=s, items=[(one, 2023, f"{50 + k}")])
        shown.append(ms(lambda: open_rollup_window(s, 2023)))
    got["warm"] = sorted(warm)[2]
    got["window"] = sorted(shown)[2]
    got["peak"] = peak_mb()
    s.close()
    return got


def measure_indicators(n: int, folder: str) -> dict:
    from desktop import paths
    from desktop.reports import fonts
    from desktop.services import evaluation, reports, submissions
    from desktop.services.session import open_session

    path = Path(folder) / f"ind-{n}.db"
    build_plans(1, str(path), indicators=n)
    paths.set_home(folder)
    s = open_session(path)
    fonts.register(paths.fonts())
    got = {"open": ms(lambda: evaluation.evaluate_plan(session=s, plan_id=1))}
    got["pdf"] = ms(lambda: reports.export_pdf(session=s, plan_id=1, year=2023, path=Path(folder) / f"{n}.pdf"))
    export = lambda: submissions.export_workbook(session=s, plan_id=1, year=2023,  # noqa: E731
                                                 path=Path(folder) / f"{n}.xlsx")
    export()    # openpyxl loaded, the database id made
    got["xlsx"] = ms(export)
    got["peak"] = peak_mb()
    s.close()
    return got


def measure_workbooks(n: int, folder: str) -> dict:
    from desktop import paths
    from desktop.services import rollup, submissions
    from desktop.services.session import open_session

    files = [Path(folder) / f"in-{k}.xlsx" for k in range(n)]
    home = Path(tempfile.mkdtemp(dir=folder))
    paths.set_home(home)
    city = open_session(home / "city.db", create=True)
    t0 = time.perf_counter()
    batch = submissions.Batch()
    for _f, preview in submissions.preview_many(session=city, paths=files):   # as the window checks them
        batch.add(preview)
    checked = time.perf_counter()
    submissions.apply_imports(session=city, previews=batch)
    batch.close()
    applied = time.perf_counter()
    peak_import = peak_mb()      # checked and applied; the roll-up workbook below holds every cell
    data = rollup.rollup(session=city, year=2023)
    rolled = time.perf_counter()
    rollup.export_rollup(session=city, year=2023, path=home / "汇总.xlsx")
    done = time.perf_counter()
    assert len(data.regions) >= n, (len(data.regions), n)
    city.close()
    return {"check": checked - t0, "apply": applied - checked, "rollup": rolled - applied,
            "export": done - rolled, "total": done - t0, "peak_import": peak_import, "peak": peak_mb()}


def reader_peak(n: int, folder: str) -> dict:
    """What one reader process holds: a process of its own reading workbooks one after another, as
    the batch's readers do (its own VmHWM; a child's ru_maxrss would carry its parent's)."""
    from desktop.services.submission_import import _read_one

    for k in range(n):
        _read_one(str(Path(folder) / f"in-{k}.xlsx"))
    return {"peak": peak_mb()}


def read_floor(n: int, folder: str) -> dict:
    """openpyxl reading every cell's value of the same files (read-only mode), nothing checked."""
    from openpyxl import load_workbook

    t0 = time.perf_counter()
    for k in range(n):
        wb = load_workbook(Path(folder) / f"in-{k}.xlsx", read_only=True)
        for ws in wb:
            for _row in ws.iter_rows(values_only=True):
                pass
        wb.close()
    return {"total": time.perf_counter() - t0, "peak": peak_mb()}


CHILD = {"build-plans": lambda n, p: build_plans(int(n), p) or {}, "plans": lambda n, p: measure_plans(int(n), p),
         "indicators": lambda n, p: measure_indicators(int(n), p),
         "workbooks": lambda n, p: measure_workbooks(int(n), p), "read-floor": lambda n, p: read_floor(int(n), p),
         "reader": lambda n, p: reader_peak(int(n), p)}


# ---- the tables ----

def plans_table() -> None:
    print("### Plans in the database (40 indicators each, 3 years filled)")
    print("| plans | list plans | roll-up, first time | roll-up after a change | 汇总 window after a change "
          "| peak memory |\n|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for n in PLANS:
            path = f"{folder}/plans-{n}.db"
            t0 = time.perf_counter()
            _child("build-plans", n, path)
            built = time.perf_counter() - t0
            got = _child("plans", n, path)
            print(f"| {n:,} (built in {built:.1f} s) | {got['list']:.0f} ms | {got['first']:.0f} ms "
                  f"| {got['warm']:.0f} ms | {got['window']:.0f} ms | {got['peak']:.0f} MB |")
            if n == PLANS[-1]:
                window = got["window"]
    verdict = goal("汇总 window < 100 ms at 3,000 plans", f"{window:.0f} ms", window < 100,
                   "in-process: the window opened after a value changed, median of 5")
    print(f"\n汇总 window at {PLANS[-1]:,} plans: {window:.0f} ms; goal < 100 ms: {verdict}\n")


def indicators_table() -> None:
    print("### Indicators in one plan (3 years filled)")
    print("| indicators | open the plan (judge × 5 years) | PDF summary (fonts loaded) | submission workbook "
          "| peak memory |\n|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for n in INDICATORS:
            got = _child("indicators", n, folder)
            print(f"| {n:,} | {got['open']:.0f} ms | {got['pdf']:.0f} ms | {got['xlsx']:.0f} ms "
                  f"| {got['peak']:.0f} MB |")
            if n == INDICATORS[-1]:
                pdf = got["pdf"]
    verdict = goal("PDF summary of 2,000 indicators < 2 s", f"{pdf / 1000:.1f} s", pdf < 2000,
                   "in-process, fonts registered before")
    print(f"\nPDF summary at {INDICATORS[-1]:,} indicators: {pdf / 1000:.1f} s; goal < 2 s: {verdict}\n")


def workbooks_table() -> None:
    print("### Received workbooks in one batch (units of the five bundled plans' shapes)")
    print("| workbooks | check (read on every core + compare) | apply | roll-up | roll-up workbook | total "
          "| peak memory: after import / with the roll-up workbook |\n|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        make_workbooks(max(WORKBOOKS), Path(folder))
        made = time.perf_counter() - t0
        results = {}
        for n in WORKBOOKS:
            got = results[n] = _child("workbooks", n, folder)
            print(f"| {n:,} | {got['check']:.1f} s | {got['apply']:.1f} s | {got['rollup'] * 1000:.0f} ms "
                  f"| {got['export']:.1f} s | {got['total']:.1f} s "
                  f"| {got['peak_import']:.0f} MB / {got['peak']:.0f} MB |")
        floor = _child("read-floor", 200, folder)
        reader = _child("reader", 200, folder)
    print(f"\n({max(WORKBOOKS):,} workbooks written in {made:.0f} s first. Floor: openpyxl reading every "
          f"value of the same 200 files, read-only mode, nothing checked: {floor['total']:.1f} s. From 8 files "
          f"on, the batch is read by up to {min(4, os.cpu_count() or 1)} processes of their own; one such reader "
          f"reading 200 workbooks peaks at {reader['peak']:.0f} MB.)\n")
    t200 = results[200]["total"]
    v1 = goal("200 workbooks imported and rolled up < 8 s", f"{t200:.1f} s (openpyxl reading them bare: "
              f"{floor['total']:.1f} s, {t200 / floor['total']:.2f}×)", t200 < 8,
              "in-process, check + apply + roll-up + roll-up workbook")
    small, big = results[WORKBOOKS[0]]["peak_import"], results[WORKBOOKS[-1]]["peak_import"]
    flat = big - small < 0.5 * small
    v2 = goal("importing: memory flat in the number of workbooks", f"peak {small:.0f} MB at {WORKBOOKS[0]}, "
              f"{big:.0f} MB at {WORKBOOKS[-1]:,}", flat, "the importing process's own peak (VmHWM) once applied")
    print(f"200 workbooks: {t200:.1f} s; goal < 8 s: {v1}. Importing's peak memory {small:.0f} → {big:.0f} MB "
          f"from {WORKBOOKS[0]} to {WORKBOOKS[-1]:,} workbooks; goal flat (< 1.5× the smallest): {v2}\n")


def main(which: list[str]) -> None:
    tables = {"plans": plans_table, "indicators": indicators_table, "workbooks": workbooks_table}
    for name in which or list(tables):
        tables[name]()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        kind, n, where = sys.argv[2:5]
        print(json.dumps(CHILD[kind](n, where)))
    else:
        main(sys.argv[1:])
