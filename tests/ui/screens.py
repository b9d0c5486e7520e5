"""Screenshots of the clerk's day at 1366×768 for a person to look at, and which column headers do
not fit: `python -m tests.ui.screens OUTDIR [SCALE]` (SCALE 1 or 1.25, the usual Windows
scaling). Prints a JSON report; tests/ui/test_screens.py runs it at both scales."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path


def main(out: Path, scale: str) -> dict:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["QT_SCALE_FACTOR"] = scale
    from desktop.ui.app import chinese_dates_everywhere

    chinese_dates_everywhere()
    from PySide6.QtWidgets import QApplication, QHeaderView

    from desktop import paths
    from desktop.ui.app import setup_application

    home = Path(tempfile.mkdtemp())
    shutil.copy(paths.bundled_database(), home / "plans.db")
    paths.set_home(home)
    app = QApplication.instance() or QApplication([])
    setup_application(app)
    from desktop.services import evaluation, values
    from desktop.services.session import open_session
    from desktop.ui.main_window import MainWindow

    session = open_session(home / "plans.db")
    states = evaluation.evaluate_plan(session=session, plan_id=2)
    values.enter_values(session=session, confirmed=True, items=[
        (s.id, 2023, s.row.baseline_text) for s in states if s.row.baseline_text.replace(".", "").isdigit()])
    w = MainWindow(session)
    factor = float(scale)
    w.resize(int(1366 / factor), int(768 / factor))      # 1366×768 physical pixels
    w.show()
    w.open_plan(2)
    w.set_year(2023)
    out.mkdir(parents=True, exist_ok=True)
    report = {"scale": scale, "screens": [], "elided": []}
    for index, name in enumerate(("overview", "grid", "projects", "tasks", "plans")):
        w.tabs.setCurrentIndex(index)
        for _ in range(3):
            app.processEvents()
        path = out / f"{name}-{int(factor * 100)}.png"
        w.grab().save(str(path))
        report["screens"].append(str(path))
        for header in w.tabs.currentWidget().findChildren(QHeaderView):
            if header.orientation().name != "Horizontal" or not header.isVisible():
                continue
            model = header.model()
            for section in range(header.count()):
                if header.isSectionHidden(section) or header.stretchLastSection() and section == header.count() - 1:
                    continue
                text = str(model.headerData(section, header.orientation()) or "")
                need = header.sectionSizeFromContents(section).width()     # what Qt needs to show it whole
                if need > header.sectionSize(section):
                    report["elided"].append(f"{name}: {text} ({header.sectionSize(section)} < {need})")
    from desktop.services import plans
    from desktop.services import settings as user_settings
    from desktop.ui.backup_dialog import BackupDialog
    from desktop.ui.checklist_dialogs import EvidenceDialog
    from desktop.ui.dialogs import FirstRunDialog
    from desktop.ui.exchange_dialogs import RollupDialog
    from desktop.ui.report_dialog import ReportDialog

    dialogs = {
        "report": lambda: ReportDialog(session, 2, "井研县", 2023, w),
        "rollup": lambda: RollupDialog(session, 2023, w),
        "backup": lambda: BackupDialog(session, parent=w),
        "evidence": lambda: EvidenceDialog(session, w.ops, "project", 1, "疾病防控救治能力提升工程", parent=w),
        "firstrun": lambda: FirstRunDialog(plans.list_plans(session=session, examples=True),
                                           user_settings.profile(session=session), w),
    }
    for name, make in dialogs.items():
        d = make()
        d.show()
        import time

        deadline = time.time() + 20
        while not getattr(d, "loaded", True) and time.time() < deadline:    # a roll-up works on a thread
            app.processEvents()
            time.sleep(0.02)
        for _ in range(5):
            app.processEvents()
        path = out / f"dialog-{name}-{int(factor * 100)}.png"
        d.grab().save(str(path))
        if d.frameGeometry().width() > w.width() or d.frameGeometry().height() > w.height():
            report["elided"].append(f"{name}: 对话框 {d.width()}×{d.height()} 超出屏幕")
        report["screens"].append(str(path))
        d.close()
    session.close()
    return report


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "1"), ensure_ascii=False))
