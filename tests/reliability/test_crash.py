"""Power cuts: a stream of edits killed with SIGKILL at random moments, 50 times; every edit
reported saved is there, none is half-applied, and the file passes integrity_check."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("crash_child.py")
RUNS = 50


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is a POSIX signal")
def test_edits_survive_being_killed(built_db, tmp_path, capsys):
    db = tmp_path / "plans.db"
    shutil.copyfile(built_db, db)
    with sqlite3.connect(db) as c:
        ids = [r[0] for r in c.execute(
            "SELECT id FROM indicators WHERE plan_id = 2 AND baseline_text GLOB '[0-9]*' "
            "AND unit != '%' ORDER BY ord LIMIT 3")]
    assert len(ids) == 3
    rng = random.Random(20231231)
    env = dict(os.environ, PLANLEDGER_HOME=str(tmp_path / "home"))
    next_k, edits, losses, half = 1, 0, 0, 0
    for _ in range(RUNS):
        child = subprocess.Popen([sys.executable, str(CHILD), str(db), str(next_k),
                                  ",".join(map(str, ids))], stdout=subprocess.PIPE, env=env, text=True)
        time.sleep(rng.uniform(0.35, 0.9))  # start-up takes ~0.3 s; kill somewhere in the stream
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        saved = [int(x) for x in out.split()]
        edits += len(saved)
        with sqlite3.connect(db) as c:
            assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows = [r[0] for r in c.execute(
                f"SELECT value_text FROM actuals WHERE year = 2023 AND indicator_id IN ({','.join(map(str, ids))})")]
        if len(set(rows)) > 1:
            half += 1
        present = int(rows[0]) if rows else 0
        if saved and present < saved[-1]:
            losses += 1
        next_k = max(present, saved[-1] if saved else 0) + 1
    with capsys.disabled():
        print(f"\ncrash test: {RUNS} runs killed with SIGKILL, {edits} edits reported saved, "
              f"losses {losses}, half-applied {half}")
    assert edits > RUNS  # the kills landed in the middle of real work
    assert losses == 0 and half == 0
