"""打印/导出报告: choose the report and the year, write its own paragraphs; save as PDF or Word,
open in the system viewer, or print."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from .. import paths
from ..services import apart, reports, values
from ..services.evaluation import plan_period
from . import folders
from .exchange_dialogs import run_in_worker
from .tasks import Task
from .text import tr

KINDS = (("summary", tr("年度进展情况（横版，含图表和签章栏）")), ("evaluation", tr("中期/总结评估报告（公文版式）")))


class ReportDialog(QDialog):
    def __init__(self, session, plan_id: int, region: str, year: int, parent=None):
        super().__init__(parent)
        self.session, self.plan_id, self.region = session, plan_id, region
        self.setWindowTitle(tr("打印 / 导出报告"))
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.year = QComboBox()
        years = plan_period(session=session, plan_id=plan_id).years
        for y in years:
            self.year.addItem(tr("{0}年").format(y), y)
        self.year.setCurrentIndex(years.index(year) if year in years else len(years) - 1)
        form = QFormLayout()
        form.addRow(tr("报告"), self.kind)
        form.addRow(tr("年度"), self.year)
        # the report's own paragraphs for the year (the evaluation report prints them)
        self.texts = {}
        for kind, label in values.REPORT_TEXT_KINDS.items():
            box = QPlainTextEdit()
            box.setObjectName(f"reportText{kind}")
            box.setPlaceholderText(tr("{0}（写入评估报告；留空则 Word 版中标出待填写）").format(label))
            box.setFixedHeight(64)
            self.texts[kind] = box
            form.addRow(tr(label), box)
        self.year.currentIndexChanged.connect(lambda _i: self._load_texts())
        self._load_texts()
        self.result_path: Path | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for label, slot in ((tr("导出PDF…"), self.save), (tr("导出Word…"), self.save_docx),
                            (tr("打开查看"), self.open_view), (tr("打印…"), self.print_it)):
            b = QPushButton(label)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        from .buttons import close_button

        close_button(self, buttons)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        self.task = None

    def _default_name(self, suffix: str = ".pdf") -> str:
        kind = "年度进展情况" if self.kind.currentData() == "summary" else "评估报告"
        return f"{self.region}-{self.year.currentData()}年{kind}{suffix}"

    def _load_texts(self) -> None:
        saved = values.report_texts(session=self.session, plan_id=self.plan_id, year=self.year.currentData())
        for kind, box in self.texts.items():
            box.setPlainText(saved.get(kind, ""))

    def _save_texts(self) -> None:
        """The paragraphs as typed, kept with the plan and year before the report is made."""
        typed = {k: box.toPlainText() for k, box in self.texts.items()}
        saved = values.report_texts(session=self.session, plan_id=self.plan_id, year=self.year.currentData())
        if any(typed[k].strip() != saved.get(k, "").strip() for k in typed):
            year, plan_id = self.year.currentData(), self.plan_id
            ops = getattr(self.parent(), "ops", None)
            do = lambda: values.set_report_texts(session=self.session, plan_id=plan_id,  # noqa: E731
                                                 year=year, texts=typed)
            if ops is not None:
                ops.run(do, title=tr("评估报告文字"))
            else:
                do()

    def save_docx(self, path: str | None = None):
        """The chosen report as an editable Word document (公文 style)."""
        if path is None:
            path = folders.save_path(self, tr("导出Word"), folders.REPORT, self._default_name(".docx"),
                                     tr("Word 文档 (*.docx)"))
        if not path:
            return None
        running = self._running()
        if running is not None:
            return running
        self._save_texts()
        kind, year, plan_id = self.kind.currentData(), self.year.currentData(), self.plan_id

        def done(p):
            self.result_path = Path(p)
            self.status.setText(tr("已生成 ") + str(p))

        self.task = run_in_worker(self, tr("正在生成Word文档…"), self.session,
                                  lambda s: reports.export_docx(session=s, plan_id=plan_id, year=year,
                                                                path=path, kind=kind), done)
        return self.task

    def _running(self):
        """The report being written, told to wait for (预览 clicked again, 打印 or Word meanwhile)."""
        running = self.task
        if running is not None and running.worker.isRunning():
            self.status.setText(tr("上一份报告还在生成，请稍候再试"))
            return running
        return None

    def make(self, path: str, then=None):
        running = self._running()
        if running is not None:
            return running
        self._save_texts()
        kind, year, plan_id = self.kind.currentData(), self.year.currentData(), self.plan_id
        self.status.setText(tr("正在生成…"))

        def done(p):
            self.result_path = Path(p)
            if task.state.cancelled:      # 取消 while it was written: the file stays, nothing opens or prints
                self.status.setText(tr("已取消（{0} 已生成，未打开，未打印）").format(p))
                return
            self.status.setText(tr("已生成 ") + str(p))
            if then:
                then(Path(p))

        # written by a process of its own: the fonts a PDF needs stay out of the window's memory
        db_path, readonly = self.session.database_path, self.session.store.readonly
        task = self.task = Task(self, tr("正在生成PDF…"),
                                lambda _state: apart.export_pdf(db_path=db_path, readonly=readonly, plan_id=plan_id,
                                                                year=year, path=path, kind=kind))
        self.task.done.connect(done)
        self.task.error.connect(lambda message, _known: QMessageBox.warning(self, tr("生成PDF"), message))
        return self.task.start()

    def save(self, path: str | None = None):
        if path is None:
            path = folders.save_path(self, tr("导出PDF"), folders.REPORT, self._default_name(),
                                     tr("PDF 文件 (*.pdf)"))
        return self.make(path) if path else None

    def open_view(self):
        target = paths.home() / "reports" / self._default_name()
        target.parent.mkdir(parents=True, exist_ok=True)
        return self.make(str(target), lambda p: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p))))

    def print_it(self):
        target = paths.home() / "reports" / self._default_name()
        target.parent.mkdir(parents=True, exist_ok=True)
        return self.make(str(target), self._print_pdf)

    def _print_pdf(self, pdf: Path, printer=None) -> int:
        """Print through Qt's print dialog: each PDF page rendered at the printer's resolution."""
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        document = QPdfDocument(self)
        document.load(str(pdf))
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
                return 0
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, tr("打印"), tr("无法连接打印机"))
            return 0
        pages = document.pageCount()
        for k in range(pages):
            if k:
                printer.newPage()
            rect = painter.viewport()
            size = document.pagePointSize(k).toSize().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
            image = document.render(k, QSize(size.width(), size.height()))
            painter.drawImage(0, 0, image)
        painter.end()
        return pages

