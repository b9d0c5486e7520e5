"""Shared fixtures: a temporary user folder, sessions on temporary databases, the offscreen Qt."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from desktop.ui.app import chinese_dates_everywhere  # noqa: E402

chinese_dates_everywhere()     # as the program does before its QApplication (dates in Chinese form)

import pytest  # noqa: E402

from desktop import paths  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "plans"
def _bundled_plan_ids() -> dict[str, int]:
    """The bundled plans' ids by region, read from the bundled database (which a test keeps equal to
    a fresh build): tests name plans by region, never by a number they assume."""
    import sqlite3

    c = sqlite3.connect(f"{(ROOT / 'data' / 'plans.db').as_uri()}?mode=ro", uri=True)
    try:
        return {region: pid for pid, region in c.execute("SELECT id, region FROM plans")}
    finally:
        c.close()


PLAN_IDS = _bundled_plan_ids()
SIPING, JINGYAN, LIAOCHENG, XIANGSHAN, XIANGQIAO = (
    PLAN_IDS[r] for r in ("四平市", "井研县", "聊城市", "相山区", "湘桥区"))


def only_plan(session) -> int:
    """The one plan of a database that started empty (a unit's received plan)."""
    ids = [r["id"] for r in session.store.query("SELECT id FROM plans ORDER BY id")]
    assert len(ids) >= 1
    return ids[0]


SEEDS = {
    "siping": PLANS / "1-siping.txt",
    "jingyan": PLANS / "2-jingyan.txt",
    "liaocheng": PLANS / "3-liaocheng.txt",
    "xiangshan": PLANS / "4-xiangshan.txt",
    "xiangqiao": PLANS / "5-xiangqiao.txt",
}


@pytest.fixture
def home(tmp_path, monkeypatch):
    """Everything the program writes goes under a fresh folder."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.delenv(paths.ENV_HOME, raising=False)
    paths.set_home(folder)
    yield folder
    paths.set_home(None)


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The five bundled plans built once per test run into a database file."""
    from desktop.services.database import build_database

    target = tmp_path_factory.mktemp("built") / "plans.db"
    build_database(target=target, sources=PLANS)
    return target


@pytest.fixture
def session(home, built_db):
    """A session on a private copy of the five-plan database."""
    from desktop.services.session import open_session

    db = home / "plans.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built_db, db)
    s = open_session(db)
    yield s
    s.close()


@pytest.fixture
def empty_session(home):
    from desktop.services.session import open_session

    s = open_session(home / "empty.db", create=True)
    yield s
    s.close()


@pytest.fixture
def damaged_db(home, built_db) -> Path:
    """The five-plan database in the user folder, backed up once, then overwritten with garbage
    in every page after the first few (as a failing disk or a power cut can leave it)."""
    from desktop.services import backups
    from desktop.services.session import open_session

    db = home / "plans.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built_db, db)
    s = open_session(db)
    backups.daily(session=s)
    s.close()
    data = bytearray(db.read_bytes())
    for k in range(8192, len(data), 4096):
        data[k + 64:k + 900] = b"\xff" * 836
    db.write_bytes(bytes(data))
    return db


@pytest.fixture
def app(qapp):
    from desktop.ui.app import setup_application

    setup_application(qapp)
    return qapp


REPORT_LINES: list[str] = []


@pytest.fixture
def report_line():
    """A line for the summary at the end of the test run (fuzz counts, crash-test counts)."""
    return REPORT_LINES.append


def pytest_terminal_summary(terminalreporter):
    if REPORT_LINES:
        terminalreporter.section("reliability counts")
        for line in REPORT_LINES:
            terminalreporter.write_line(line)
