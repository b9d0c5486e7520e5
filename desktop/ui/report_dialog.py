"""打印/导出PDF: choose the report and the year; save, open in the system viewer, or print."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from .. import paths
from ..services import reports
from ..services.evaluation import plan_period
from .exchange_dialogs import run_in_worker
from .text import tr

KINDS = (("summary", tr("年度进展情况（横版，含图表）")), ("evaluation", tr("中期/总结评估报告（公文版式）")))


class ReportDialog(QDialog):
    def __init__(self, session, plan_id: int, region: str, year: int, parent=None):
        super().__init__(parent)
        self.session, self.plan_id, self.region = session, plan_id, region
        self.setWindowTitle(tr("打印 / 导出PDF"))
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
        self.result_path: Path | None = None
        self.status = QLabel()
        buttons = QHBoxLayout()
        for label, slot in ((tr("导出PDF…"), self.save), (tr("打开查看"), self.open_view),
                            (tr("打印…"), self.print_it), (tr("关闭"), self.accept)):
            b = QPushButton(label)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        self.task = None

    def _default_name(self) -> str:
        kind = "年度进展情况" if self.kind.currentData() == "summary" else "评估报告"
        return f"{self.region}-{self.year.currentData()}年{kind}.pdf"

    def make(self, path: str, then=None):
        kind, year, plan_id = self.kind.currentData(), self.year.currentData(), self.plan_id
        self.status.setText(tr("正在生成…"))

        def done(p):
            self.result_path = Path(p)
            self.status.setText(tr("已生成 ") + str(p))
            if then:
                then(Path(p))

        self.task = run_in_worker(self, tr("正在生成PDF…"), self.session,
                                  lambda s: reports.export_pdf(session=s, plan_id=plan_id, year=year,
                                                               path=path, kind=kind), done)
        return self.task

    def save(self, path: str | None = None):
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, tr("导出PDF"),
                                                  str(paths.home() / self._default_name()),
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

