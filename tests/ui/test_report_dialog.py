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


def test_reasons_and_the_report_paragraphs_entered_in_the_window_are_in_both_files(app, session, qtbot,
                                                                                   tmp_path, home):
    """A lagging indicator's 原因分析 and 下一步措施 typed in the side panel, the 主要成效 typed in
    the report dialog: both the PDF and the Word document carry them."""
    import docx

    from desktop.services import values
    from desktop.ui.main_window import MainWindow
    from tests.conftest import JINGYAN

    w = MainWindow(session)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.open_plan(JINGYAN)
    w.set_year(2023)
    w.tabs.setCurrentIndex(1)
    model = w.indicators.model
    r = next(k for k, s in enumerate(model.visible) if s.row.name == "居民健康素养水平")   # 17.2 -> >25
    assert model.setData(model.index(r, model.year_column(2023)), "17.5")
    assert model.state_at(r).cells[2023].status == "滞后"
    w.indicators.grid.setCurrentIndex(model.index(r, model.year_column(2023)))
    panel = w.indicators.panel
    panel.show_state(model.state_at(r), 2023)
    panel.analysis.setPlainText("健康教育覆盖面不足")
    panel.measures.setPlainText("开展健康素养促进行动")
    panel.findChild(type(panel.ask_buttons["higher"]), "saveReasons").click()
    cell = values.value_of(session=session, indicator_id=model.state_at(r).id, year=2023)
    assert (cell["analysis"], cell["measures"]) == ("健康教育覆盖面不足", "开展健康素养促进行动")
    d = ReportDialog(session, JINGYAN, "井研县", 2023, w)
    qtbot.addWidget(d)
    d.kind.setCurrentIndex(1)
    d.texts["成效"].setPlainText("全县居民健康素养稳步提升。")
    task = d.save(str(tmp_path / "评估.pdf"))
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    raw = subprocess.run(["pdftotext", "-raw", str(tmp_path / "评估.pdf"), "-"], capture_output=True,
                         text=True).stdout.replace(" ", "").replace("\n", "")
    assert "健康教育覆盖面不足" in raw and "开展健康素养促进行动" in raw and "全县居民健康素养稳步提升。" in raw
    task = d.save_docx(str(tmp_path / "评估.docx"))
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    document = docx.Document(str(tmp_path / "评估.docx"))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])
    assert "健康教育覆盖面不足" in text and "开展健康素养促进行动" in text and "全县居民健康素养稳步提升。" in text
    assert values.report_texts(session=session, plan_id=JINGYAN, year=2023)["成效"] == "全县居民健康素养稳步提升。"
    # the year's 进展情况, both files: the lagging table carries the same reasons
    d.kind.setCurrentIndex(0)
    task = d.save(str(tmp_path / "进展.pdf"))
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    raw = subprocess.run(["pdftotext", "-raw", str(tmp_path / "进展.pdf"), "-"], capture_output=True,
                         text=True).stdout.replace(" ", "").replace("\n", "")
    assert "进展情况" in raw and "健康教育覆盖面不足" in raw and "开展健康素养促进行动" in raw
    task = d.save_docx(str(tmp_path / "进展.docx"))
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    document = docx.Document(str(tmp_path / "进展.docx"))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])
    assert "2023年度进展情况" in text and "健康教育覆盖面不足" in text and "开展健康素养促进行动" in text
    assert "单位盖章" in text and document.sections[0].page_width > document.sections[0].page_height


def test_the_pdf_is_written_by_a_process_of_its_own_and_its_refusal_comes_back(app, session, qtbot, tmp_path,
                                                                               home, monkeypatch):
    """The window never loads the report fonts (they stayed in its memory for the rest of the day):
    a child process writes the PDF. What the child refuses reaches the window in the same words."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.reports import fonts

    registered = []
    monkeypatch.setattr(fonts, "register", lambda *a, **k: registered.append(a))
    d = ReportDialog(session, 2, "井研县", 2023)
    qtbot.addWidget(d)
    task = d.save(str(tmp_path / "进展.pdf"))
    with qtbot.waitSignal(task.done, timeout=60000):
        pass
    fonts_file = subprocess.run(["pdffonts", str(tmp_path / "进展.pdf")], capture_output=True, text=True).stdout
    assert "Noto" in fonts_file and d.result_path == tmp_path / "进展.pdf"
    assert registered == []         # the window's process never registered the faces

    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: told.append(text))
    (tmp_path / "是文件夹.pdf").mkdir()
    task = d.save(str(tmp_path / "是文件夹.pdf"))
    with qtbot.waitSignal(task.error, timeout=60000):
        pass
    assert told and "是文件夹" in told[0] and "请给出文件名" in told[0]


def test_a_second_print_while_one_is_written_waits_and_cancel_opens_nothing(app, session, qtbot, tmp_path, home):
    """预览 clicked twice (or 打印 meanwhile): the second is told to wait, not started over the
    first. 取消 while the PDF is written: it is not opened or printed afterwards."""
    d = ReportDialog(session, 2, "井研县", 2023)
    qtbot.addWidget(d)
    opened = []
    first = d.make(str(tmp_path / "a.pdf"), opened.append)
    again = d.make(str(tmp_path / "a.pdf"), opened.append)
    assert again is first and "还在生成" in d.status.text()
    first.state.cancel()             # as the progress dialog's 取消 does
    with qtbot.waitSignal(first.done, timeout=60000):
        pass
    assert opened == [] and "已取消" in d.status.text() and (tmp_path / "a.pdf").exists()
    task = d.make(str(tmp_path / "b.pdf"), opened.append)     # the next one is made and opened
    with qtbot.waitSignal(task.done, timeout=60000):
        pass
    assert opened == [tmp_path / "b.pdf"]
