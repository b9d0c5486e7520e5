"""打印/导出PDF from the window: off the UI thread, and printed through Qt's printer."""

from __future__ import annotations

import subprocess

from PySide6.QtPrintSupport import QPrinter

from desktop.ui.report_dialog import ReportDialog


def test_save_and_print(app, session, qtbot, tmp_path, home):
    d = ReportDialog(session, 2, "井研县", 2023)
    qtbot.addWidget(d)
    d.kind.setCurrentIndex(1)
    task = d.save(str(tmp_path / "eva.pdf"))
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    assert d.result_path == tmp_path / "eva.pdf"
    text = subprocess.run(["pdftotext", str(d.result_path), "-"], capture_output=True, text=True).stdout
    assert "评估报告" in text
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = d._print_pdf(d.result_path, printer)
    info = subprocess.run(["pdfinfo", str(tmp_path / "printed.pdf")], capture_output=True, text=True).stdout
    assert pages >= 3 and f"Pages:           {pages}" in info
