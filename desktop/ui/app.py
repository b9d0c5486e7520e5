"""Start the window: Chinese locale and Qt's own translations, the bundled font, the database."""

from __future__ import annotations

import sys

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


def run_window(*, db: str | None = None, smoke: bool = False) -> int:
    from PySide6.QtCore import qInstallMessageHandler

    from ..services.session import open_session
    from .main_window import MainWindow

    qInstallMessageHandler(_qt_messages)
    app = QApplication.instance() or QApplication(sys.argv)
    setup_application(app)
    try:
        session = open_session(db)
    except KnownError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
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
