"""Start the window: Chinese locale and Qt's own translations, the bundled font, the database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import APP_NAME, paths
from ..domain.errors import KnownError

_registered: list[str] = []
SMOKE_PATIENCE_MS = 60_000   # the smoke run's wait for the window's first paint


def register_fonts() -> str:
    """Register the bundled CJK fonts once; returns the family the window uses."""
    if not _registered:
        for name in ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"):
            font_id = QFontDatabase.addApplicationFont(str(paths.fonts() / name))
            if font_id >= 0:
                _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    return _registered[0] if _registered else QApplication.font().family()


def chinese_dates_everywhere() -> None:
    """Qt formats the file dialog's dates by the system's LC_TIME: on a machine set to C/English
    that is "2 12 2026 04"; before the application starts, ask for the Chinese form (Qt carries
    its own locale data, nothing needs installing)."""
    import os

    current = os.environ.get("LC_ALL") or os.environ.get("LC_TIME") or os.environ.get("LANG") or ""
    if not current.startswith("zh") and not os.environ.get("LC_ALL"):   # LC_ALL is the user's explicit word
        os.environ["LC_TIME"] = "zh_CN.UTF-8"


def setup_application(app: QApplication) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    from .qt_zh import MissingChinese  # what qtbase_zh_CN leaves in English (asked first)

    app._missing_zh = MissingChinese(app)
    app.installTranslator(app._missing_zh)
    family = register_fonts()
    font = QFont(family)
    font.setPointSizeF(10.5)
    app.setFont(font)
    app.setApplicationName("PlanLedger")
    app.setApplicationDisplayName(APP_NAME)
    icon = paths.resources() / "icons" / "planledger-256.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


def _qt_messages(mode, context, message: str) -> None:
    """Qt's own messages to stderr, less the offscreen plugin's notes about what it cannot do."""
    if message.startswith("This plugin does not support"):
        return
    sys.stderr.write(message + "\n")


def report_unexpected(exc_type, exc, tb, *, parent=None) -> Path | None:
    """An error the program did not foresee: logged with its traceback under the user folder, and
    told in one sentence. Every write is one transaction, so the database holds either the whole
    action or none of it."""
    from ..services import logbook

    if exc is not None and exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    log = logbook.bug(exc if exc is not None else exc_type())
    where = f"详细信息已记录在：{log}" if log else "详细信息未能写入日志（磁盘不可写）"
    if QApplication.instance() is not None:
        QMessageBox.critical(parent, APP_NAME, "程序出现意外错误，本次操作未完成；已保存的数据没有改动。\n"
                             f"请把下面的文件发给信息科以便修复。\n\n{where}\n\n（{exc_type.__name__}：{exc}）")
    return log


def _open(db: str | None):
    """The data for the window, through the one service that opens it for work. Each known
    situation gets its own answer: in use -> offer read-only; damaged -> offer the newest good
    backup; a newer program's database, a missing file, a file that is no database -> say so."""
    from ..domain.errors import DatabaseDamaged
    from ..services import instance_lock
    from ..services.session import open_for_work

    try:
        return open_for_work(db)
    except instance_lock.InUse as exc:
        answer = QMessageBox.question(None, APP_NAME, str(exc) + "\n\n是否以只读方式打开？")
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return _try(lambda: open_for_work(db, readonly=True))
    except DatabaseDamaged as exc:
        return _offer_recovery(db, str(exc))
    except KnownError as exc:   # newer schema, missing, not a database, a file for a folder
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None


def _try(open_):
    try:
        return open_()
    except KnownError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None


def _offer_recovery(db: str | None, problem: str):
    from ..services import backups
    from ..services.session import open_for_work

    path = Path(db) if db else paths.database()
    good = backups.newest_good(path)
    if good is None:
        QMessageBox.critical(None, APP_NAME, problem + "。没有找到可用的备份，请联系信息科。数据库未被改动。")
        return None
    answer = QMessageBox.question(
        None, APP_NAME, f"{problem}。\n\n最近一份完好的备份：{good.at:%Y-%m-%d %H:%M}（{good.kind}），"
        f"{backups.describe(good.path)}。\n\n是否用它恢复？损坏的文件会另存在旁边，不会删除。"
        "选“否”则以只读方式打开现有文件。")
    if answer == QMessageBox.StandardButton.Yes:
        try:
            backups.recover(db_path=path, backup=good.path)
        except KnownError as exc:
            QMessageBox.critical(None, APP_NAME, str(exc))
            return None
        return _try(lambda: open_for_work(db))
    return _try(lambda: open_for_work(db, readonly=True))


def run_window(*, db: str | None = None, smoke: bool = False) -> int:
    from PySide6.QtCore import qInstallMessageHandler

    from .main_window import MainWindow

    qInstallMessageHandler(_qt_messages)
    sys.excepthook = lambda t, e, tb: report_unexpected(t, e, tb, parent=QApplication.activeWindow())
    chinese_dates_everywhere()
    ours = QApplication.instance() is None
    app = QApplication.instance() or QApplication(sys.argv)
    setup_application(app)
    workplace = _open(db)
    if workplace is None:
        return 1
    session = workplace.session
    window = MainWindow(session, readonly_reason=workplace.readonly_reason)
    if workplace.warning:
        QMessageBox.warning(None, APP_NAME, workplace.warning)
    window.show()
    if smoke:  # the installer's smoke run: the window paints a plan once, then the program ends (the
        def done() -> None:  # quit takes effect after this paint pass, before any timer it started
            print(f"ok: {window.plan_model.rowCount()} plans, {len(window.states)} indicators judged")
            app.exit(0)   # the loop ends after this paint pass; the window stays open until then

        window.first_paint.connect(done)

        def never_painted() -> None:   # a platform that shows nothing: fail, never hang a build
            sys.stderr.write(f"smoke: the window was not painted within {SMOKE_PATIENCE_MS // 1000} s\n")
            app.exit(3)

        from PySide6.QtCore import QTimer

        QTimer.singleShot(SMOKE_PATIENCE_MS, never_painted)
    else:
        window.ask_profile()
    try:
        return app.exec()
    finally:
        workplace.close()
        if ours:
            hand_over_clipboard(app)


def hand_over_clipboard(app: QApplication) -> bool:
    """Before the process ends without Python's teardown (cli.leave): when the program holds the
    clipboard (a clerk copied cells), Qt's own teardown hands it to the system, so what was copied
    can still be pasted into Excel or WPS after the program has closed (Windows flushes it, X11
    gives it to the clipboard manager). Otherwise there is nothing to hand over and no time spent."""
    if not app.clipboard().ownsClipboard():
        return False
    app.shutdown()
    return True
