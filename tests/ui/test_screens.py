"""The clerk's day at 1366×768, at 100% and 125% scaling (each in its own process: the scale is
set before Qt starts): every screen drawn, no column header cut. The screenshots stay in the
test's folder for a person to look at (`python -m tests.ui.screens OUTDIR 1.25` makes them too)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("scale", ["1", "1.25"])
def test_every_screen_fits_1366_by_768_with_no_header_cut(scale, tmp_path):
    run = subprocess.run([sys.executable, "-m", "tests.ui.screens", str(tmp_path), scale], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["elided"] == []
    shots = [Path(p) for p in report["screens"]]
    assert len(shots) == 10 and all(p.stat().st_size > 5_000 for p in shots)
