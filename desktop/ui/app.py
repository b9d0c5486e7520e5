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


def register_fonts() -> str:
    """Register the bundled CJK fonts once; returns the family the window uses."""
    if not _registered:
        for name in ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"):
            font_id = QFontDatabase.addApplicationFont(str(paths.fonts() / name))
            if font_id >= 0:
                _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    return _registered[0] if _registered else QApplication.font().family()


def setup_application(app: QApplication) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
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
    import datetime as dt
    import traceback

    log = None
    try:
        folder = paths.logs()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "errors.log"
        with log.open("a", encoding="utf-8") as f:
            f.write(f"--- {dt.datetime.now():%Y-%m-%d %H:%M:%S}\n")
            f.write("".join(traceback.format_exception(exc_type, exc, tb)))
    except OSError:
        log = None
    where = f"详细信息已记录在：{log}" if log else "详细信息未能写入日志（磁盘不可写）"
    if QApplication.instance() is not None:
        QMessageBox.critical(parent, APP_NAME, "程序出现意外错误，本次操作未完成；已保存的数据没有改动。\n"
                             f"请把下面的文件发给信息科以便修复。\n\n{where}\n\n（{exc_type.__name__}：{exc}）")
    return log


def _open(db: str | None):
    """The database for the window: one writer, checked, backed up at the start of the day."""
    from ..services import backups, instance_lock
    from ..services.session import ensure_user_database, open_session

    path = ensure_user_database(Path(db) if db else None)
    lock = None
    readonly = False
    try:
        lock = instance_lock.acquire(path)
    except instance_lock.InUse as exc:
        answer = QMessageBox.question(None, APP_NAME, str(exc) + "\n\n是否以只读方式打开？")
        if answer != QMessageBox.StandardButton.Yes:
            return None, None
        readonly = True
    try:
        session = open_session(path, readonly=readonly)
        # the whole file is read through once a day, before the day's backup (so a damaged file
        # never becomes a backup), and after a program on it ended without closing (a power cut):
        # on a big database the check takes most of a second, too long for every start
        check = not readonly and (backups.due_today() or (lock is not None and lock.after_crash))
        healthy = not check or _quick_check(session)
    except KnownError as exc:
        session, healthy, problem = None, False, str(exc)
    else:
        problem = "数据库文件检查未通过（可能因断电或磁盘故障损坏）"
    if not healthy:
        if session is not None:
            session.close()
        session = _offer_recovery(path, problem, readonly)
        if session is None:
            if lock is not None:
                lock.release()
            return None, None
    if not readonly:
        try:
            backups.daily(session=session)
        except KnownError as exc:
            QMessageBox.warning(None, APP_NAME, "今日自动备份未能完成：" + str(exc))
    return session, lock


def _quick_check(session) -> bool:
    from ..services import database

    return database.quick_check(session=session)


def _offer_recovery(path, problem: str, readonly: bool):
    from ..services import backups
    from ..services.session import open_session

    good = backups.newest_good()
    if good is None:
        QMessageBox.critical(None, APP_NAME, problem + "。没有找到可用的备份，请联系信息科。数据库未被改动。")
        return None
    answer = QMessageBox.question(
        None, APP_NAME, f"{problem}。\n\n最近一份完好的备份：{good.at:%Y-%m-%d %H:%M}（{good.kind}），"
        f"{backups.describe(good.path)}。\n\n是否用它恢复？损坏的文件会另存在旁边，不会删除。"
        "选“否”则以只读方式打开现有文件。")
    if answer == QMessageBox.StandardButton.Yes:
        backups.recover(db_path=path, backup=good.path)
        return open_session(path, readonly=readonly)
    try:
        return open_session(path, readonly=True)
    except KnownError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None


def run_window(*, db: str | None = None, smoke: bool = False) -> int:
    from PySide6.QtCore import qInstallMessageHandler

    from .main_window import MainWindow

    qInstallMessageHandler(_qt_messages)
    sys.excepthook = lambda t, e, tb: report_unexpected(t, e, tb, parent=QApplication.activeWindow())
    app = QApplication.instance() or QApplication(sys.argv)
    setup_application(app)
    session, lock = _open(db)
    if session is None:
        return 1
    window = MainWindow(session)
    window.show()
    if smoke:  # the installer's smoke run: the window shows a plan, then the program ends
        from PySide6.QtCore import QTimer

        def done() -> None:
            print(f"ok: {window.plan_model.rowCount()} plans, "
                  f"{window.indicators.model.rowCount()} indicators shown")
            app.quit()

        QTimer.singleShot(0, done)
    else:
        window.ask_profile()
    try:
        return app.exec()
    finally:
        session.close()
        if lock is not None:
            lock.release()
