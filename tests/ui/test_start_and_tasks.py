"""First start asks for the bureau's plan and the person; long work runs off the UI thread."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QThread

from desktop.domain.errors import KnownError
from desktop.services import plans
from desktop.services import settings as user_settings
from desktop.ui import dialogs
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import Task


def test_first_run_saves_the_profile_and_opens_the_bureau_plan(app, session, qtbot, monkeypatch):
    w = MainWindow(session)
    qtbot.addWidget(w)
    assert not user_settings.profile(session=session).complete

    def fake_exec(dialog):
        dialog.plan.setCurrentIndex(dialog.plan.findData(4))  # 相山区
        dialog.name.setText("王芳")
        dialog.unit.setText("相山区卫生健康委规划科")
        dialog.phone.setText("0561-1234567")
        return True

    monkeypatch.setattr(dialogs.FirstRunDialog, "exec", fake_exec)
    w.ask_profile()
    profile = user_settings.profile(session=session)
    assert (profile.user_name, profile.unit, profile.home_plan) == ("王芳", "相山区卫生健康委规划科", "4")
    assert (profile.region, profile.level) == ("相山区", "区")        # taken from the plan chosen
    assert w.plan_id == 4 and session.who == "王芳"
    # the other bundled plans are samples now: out of the picker until asked for
    shown = [w.plan_combo.itemData(i) for i in range(w.plan_combo.count()) if w.plan_combo.itemData(i)]
    assert shown == [4]
    w.examples_action.setChecked(True)
    assert sorted(w.plan_combo.itemData(i) for i in range(w.plan_combo.count())
                  if w.plan_combo.itemData(i)) == [1, 2, 3, 4, 5]
    w.examples_action.setChecked(False)
    assert w.remove_examples(confirm=False) == 4
    assert [p.id for p in plans.list_plans(session=session, examples=True)] == [4]
    again = MainWindow(session)   # later starts open the bureau's plan without asking
    qtbot.addWidget(again)
    called = []
    monkeypatch.setattr(dialogs.FirstRunDialog, "exec", lambda d: called.append(1))
    again.ask_profile()
    assert called == [] and again.plan_id == 4


def test_first_run_refuses_an_empty_name(app, session, qtbot):
    d = dialogs.FirstRunDialog([SimpleNamespace(id=1, region="四平市", title="t")],
                               user_settings.Profile())
    qtbot.addWidget(d)
    assert "填报人" in d.problem()


def test_task_runs_off_the_ui_thread_and_returns(qtbot, app):
    seen = {}

    def work(state):
        seen["thread"] = threading.current_thread() is not threading.main_thread()
        seen["qt"] = QThread.currentThread() != app.thread()
        return 42

    task = Task(None, "测试", work)
    with qtbot.waitSignal(task.done, timeout=5000) as blocker:
        task.start()
    assert blocker.args == [42] and seen == {"thread": True, "qt": True}
    assert not task.dialog.isVisible()


def test_task_cancel_is_a_flag_the_work_checks(qtbot, app):
    def work(state):
        for _ in range(200):
            state.check()
            time.sleep(0.01)
        return "finished"

    task = Task(None, "测试", work)
    with qtbot.waitSignal(task.error, timeout=5000) as blocker:
        task.start()
        task.state.cancel()
    assert blocker.args == ["已取消", True]


@pytest.mark.parametrize(("exc", "known"), [(KnownError("磁盘已满"), True), (ValueError("bug"), False)])
def test_task_failures_are_reported(qtbot, app, home, exc, known):
    def work(state):
        raise exc

    task = Task(None, "测试", work)
    with qtbot.waitSignal(task.error, timeout=5000) as blocker:
        task.start()
    assert blocker.args[1] is known
    if known:
        assert str(exc) in blocker.args[0]
    else:  # a bug inside the worker: its traceback is in the log the message names
        log = home / "logs" / "errors.log"
        assert str(log) in blocker.args[0]
        text = log.read_text(encoding="utf-8")
        assert "Traceback" in text and "in work" in text and "ValueError: bug" in text


def test_progress_dialog_appears_only_after_half_a_second(qtbot, app):
    release = threading.Event()          # the work lasts until the test has seen the dialog
    task = Task(None, "测试", lambda state: release.wait(30) and "ok")
    t0 = time.perf_counter()
    task.start()
    qtbot.wait(200)
    if time.perf_counter() - t0 < 0.45:   # a stalled machine may have slept past the half second
        assert not task.dialog.isVisible()
    qtbot.waitUntil(task.dialog.isVisible, timeout=10000)
    assert time.perf_counter() - t0 >= 0.45   # Qt may fire a coarse timer up to 5 % early
    with qtbot.waitSignal(task.done, timeout=10000) as blocker:
        release.set()
    assert blocker.args == ["ok"] and not task.dialog.isVisible()


def test_the_window_starts_without_what_it_does_not_show_yet(home, built_db):
    """The start waits only for what the first screen needs: the spreadsheet, PDF, Word and
    charting libraries, sqlite-utils and the tabs not yet looked at (the grid among them: the
    overview counts the window's own judgements) load when first used; the
    instance lock is the system's own (no filelock, asyncio or socket), backup names are read
    without strptime, file hashes (OpenSSL) wait for the first evidence file, the file dialogs'
    folders for the first dialog, and the window's options are read without a parser (which
    loads locale). Nothing before the first paint names PySide6's `Qt` (see qt_numbers)."""
    import os
    import shutil
    import subprocess
    import sys

    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built_db, home / "plans.db")
    probe = (
        "import sys\n"
        "from desktop.cli import main\n"      # as `python -m desktop` runs it, before it leaves
        f"main(['--home', {str(home)!r}, '--smoke'])\n"
        "heavy = ['openpyxl', 'reportlab', 'docx', 'sqlite_utils', 'PySide6.QtCharts',\n"
        "         'desktop.ui.checklist_tab', 'desktop.ui.indicator_panel', 'desktop.ui.dialogs',\n"
        "         'desktop.exchange', 'desktop.reports', 'desktop.plandoc',\n"
        "         'filelock', 'asyncio', 'socket', '_strptime', 'urllib.request', 'email', 'hashlib',\n"
        "         'desktop.ui.folders', 'locale']\n"
        "print('loaded:', [m for m in heavy if m in sys.modules])\n"
        # PySide6 makes the whole Qt namespace (96 enums, 11-20 ms) the moment anything names it
        "print('Qt namespace made:', 'Qt' in vars(sys.modules['PySide6.QtCore']))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert "ok: 5 plans" in out.stdout, out.stderr
    assert out.stderr == ""          # nothing alarming on the way out (Qt warns of a window torn down mid-paint)
    assert "loaded: []" in out.stdout
    assert "Qt namespace made: False" in out.stdout     # the first paint needs none of it


def test_a_clerks_start_also_paints_before_loading_dialogs_or_qt(home, built_db):
    """The start as a clerk makes it, without --smoke: the window asks for the bureau's profile
    before its first paint. With the profile complete nothing is asked, and neither the dialogs nor
    the `Qt` namespace may load for it (they did: 17 ms, found by a helper; the smoke run, which
    asks nothing, could not see it)."""
    import os
    import shutil
    import subprocess
    import sys

    from desktop.services import plans as plan_service
    from desktop.services import settings as user_settings
    from desktop.services.session import open_session

    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built_db, home / "plans.db")
    s = open_session(home / "plans.db")
    user_settings.save_profile(session=s, value=user_settings.Profile(
        user_name="张三", unit="井研县卫生健康局", region="井研县", level="县", home_plan="2"))
    plan_service.choose_own_plan(session=s, plan_id=2)
    s.close()
    probe = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop.ui import main_window\n"
        "seen = []\n"
        "paint = main_window.MainWindow.paintEvent\n"
        "def first_paint_then_quit(self, event):\n"      # as a clerk would close it at once
        "    if not seen:\n"
        "        seen.append([m for m in ('desktop.ui.dialogs', 'desktop.services.divisions') if m in sys.modules])\n"
        "        seen.append('Qt' in vars(sys.modules['PySide6.QtCore']))\n"
        "        QApplication.instance().exit(0)\n"
        "    paint(self, event)\n"
        "main_window.MainWindow.paintEvent = first_paint_then_quit\n"
        "from desktop.cli import main\n"
        f"code = main(['--home', {str(home)!r}])\n"
        "print('exit', code, 'loaded at the first paint:', seen[0], 'Qt namespace made:', seen[1])\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert "exit 0 loaded at the first paint: [] Qt namespace made: False" in out.stdout, out.stdout + out.stderr


def test_a_smoke_run_whose_window_never_paints_fails_instead_of_hanging(app, home, built_db, monkeypatch,
                                                                       capsys):
    """The installer's smoke run ends at the window's first paint; on a platform that never paints
    it, it ends with an error after its patience, so a build fails instead of waiting forever."""
    import shutil

    from desktop.ui import app as app_module

    shutil.copyfile(built_db, home / "plans.db")
    monkeypatch.setattr(app_module, "SMOKE_PATIENCE_MS", 300)
    monkeypatch.setattr(MainWindow, "paintEvent", lambda self, event: None)   # paints, never says so
    from PySide6.QtCore import QTimer

    patience = QTimer(singleShot=True, interval=10_000)     # the test's own, should the run's fail
    patience.timeout.connect(lambda: app.exit(99))
    patience.start()
    try:
        assert app_module.run_window(smoke=True) == 3
    finally:   # in the program the process ends here; in the tests the window must go
        patience.stop()
        for w in app.topLevelWidgets():
            if isinstance(w, MainWindow):
                w.hide()
                w.deleteLater()
        app.processEvents()
    out = capsys.readouterr()
    assert "not painted within" in out.err and "ok:" not in out.out


def test_the_overview_charts_follow_the_first_paint_by_themselves(app, session, qtbot):
    """The start shows the numbers first; the charts (and QtCharts with them) come a moment after
    the overview has painted, without anyone asking, and again for the next plan chosen. The smoke
    run ends at the first paint, so it never races the charts (the test above)."""
    from tests.ui.windows import shown_window

    w = shown_window(session, qtbot, tab=0)
    qtbot.waitUntil(lambda: w.overview.status_view.chart() is not None, timeout=5000)
    first = w.overview.status_view.chart()
    assert first.series()[0].count() >= 1          # the pie of the statuses, drawn
    assert w.overview.box_view.chart().title().startswith("专栏项目完成情况")
    w.open_plan(3)
    qtbot.waitUntil(lambda: w.overview.status_view.chart() is not first, timeout=5000)
    assert sum(s.value() for s in w.overview.status_view.chart().series()[0].slices()) == \
        w.indicators.model.rowCount()


def test_cells_copied_before_closing_are_handed_to_the_system_clipboard():
    """The program ends without Python's teardown; when it holds the clipboard (a clerk copied
    cells), Qt's teardown runs first and hands the copy to the system, so it can be pasted into
    Excel after the program closed. Holding nothing, nothing is torn down. (The offscreen platform
    of the tests owns no clipboard: the application is stood in for.)"""
    from desktop.ui.app import hand_over_clipboard

    class Application:
        def __init__(self, owns: bool):
            self.owns, self.ended = owns, False

        def clipboard(self):
            return self

        def ownsClipboard(self) -> bool:    # noqa: N802 - Qt's name
            return self.owns

        def shutdown(self) -> None:
            self.ended = True

    copied, idle = Application(owns=True), Application(owns=False)
    assert hand_over_clipboard(copied) and copied.ended
    assert not hand_over_clipboard(idle) and not idle.ended


def test_the_tests_run_with_the_enum_spellings_the_program_uses():
    """The program asks PySide6 for its enums without the old shortcut spellings (faster to create);
    the tests run the same way, so a shortcut left in the code fails here, not in a clerk's window."""
    from PySide6.QtCore import Qt

    assert not hasattr(Qt, "AlignLeft") and Qt.AlignmentFlag.AlignLeft


def test_the_numbers_the_start_uses_are_qts_own():
    """The start passes roles, alignments and the toolbar's style as plain numbers (naming `Qt`
    would cost its whole namespace); each must be the value Qt defines, or a cell would be
    misaligned, a list's indicator id lost, the toolbar drawn as icons without text."""
    from PySide6.QtCore import Qt

    from desktop.ui import qt_numbers as n
    from desktop.ui.models.columns import CENTER, LEFT, RIGHT

    role, align = Qt.ItemDataRole, Qt.AlignmentFlag
    qt = {"display": role.DisplayRole, "tooltip": role.ToolTipRole, "alignment": role.TextAlignmentRole,
          "user": role.UserRole, "center": align.AlignCenter, "right": align.AlignRight | align.AlignVCenter,
          "left": align.AlignLeft | align.AlignVCenter, "text only": Qt.ToolButtonStyle.ToolButtonTextOnly}
    ours = {"display": n.DISPLAY_ROLE, "tooltip": n.TOOLTIP_ROLE, "alignment": n.ALIGNMENT_ROLE,
            "user": n.USER_ROLE, "center": CENTER, "right": RIGHT, "left": LEFT,
            "text only": n.TOOL_BUTTON_TEXT_ONLY}
    assert {k: v.value for k, v in qt.items()} == ours


def test_the_window_made_without_qt_names_still_has_its_toolbar_words_and_shortcuts(app, session, qtbot):
    """What the start now sets without naming `Qt`, read back through Qt: the toolbar shows words,
    导入规划 answers Ctrl+I, 撤销/重做/退出 the platform's own keys, the plan list's cells align."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QToolBar

    from tests.ui.windows import shown_window

    w = shown_window(session, qtbot, tab=0)
    bar = w.findChild(QToolBar, "mainToolbar")
    assert bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly
    assert w.import_action.shortcut().toString() == "Ctrl+I"
    assert w.undo_action.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)
    assert w.redo_action.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    model = w.plan_model
    level = next(i for i, c in enumerate(model.columns) if c.key == "level")
    count = next(i for i, c in enumerate(model.columns) if c.key == "indicators")
    assert model.data(model.index(0, level), Qt.ItemDataRole.TextAlignmentRole) == \
        (Qt.AlignmentFlag.AlignCenter).value
    assert Qt.AlignmentFlag(model.data(model.index(0, count), Qt.ItemDataRole.TextAlignmentRole)) & \
        Qt.AlignmentFlag.AlignRight
    assert model.headerData(level, Qt.Orientation.Horizontal) == "级别"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole) == model.row_id(0)
