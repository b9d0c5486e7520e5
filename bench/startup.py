"""Cold start to the window showing a plan, against a bare PySide6 window started the same way."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
app = QApplication([])
w = QMainWindow(); w.resize(1366, 768); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""
OURS = """
import sys
sys.argv = ["planledger", "--home", sys.argv[1]]
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QTimer
from desktop import paths
paths.set_home(sys.argv[2])
from desktop.ui.app import setup_application
from desktop.services.session import open_session
from desktop.ui.main_window import MainWindow
app = QApplication([])
setup_application(app)
w = MainWindow(open_session()); w.resize(1366, 768); w.show()
assert w.indicators.model.rowCount() > 0
QTimer.singleShot(0, app.quit)
app.exec()
"""


def timed(code: str, *args: str, runs: int = 7) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], check=True, env=env, cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        timed(OURS, home, home, runs=1)  # first start copies the bundled database
        ours = timed(OURS, home, home)
    bare = timed(BARE)
    print("| what | ours (median) | floor (same run) | ratio | goal |\n|---|---|---|---|---|")
    ratio = ours / bare
    print(f"| cold start to the window showing a plan | {ours:.0f} ms | bare PySide6 window "
          f"{bare:.0f} ms | {ratio:.2f}× | ≤ 2×: {'met' if ratio <= 2 else 'NOT met'} |")


if __name__ == "__main__":
    main()
