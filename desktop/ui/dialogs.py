"""Small dialogs: a person's judgement, a value's source and note, a target adjustment, an
indicator, the first-run profile."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
)

from ..domain.evaluation import STATUSES
from ..domain.plan import ATTRIBUTES
from .text import tr


class _Form(QDialog):
    def __init__(self, title: str, intro: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        lay = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            lay.addWidget(label)
        lay.addLayout(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    def problem(self) -> str:
        return ""

    def _accept(self) -> None:
        problem = self.problem()
        if problem:
            QMessageBox.warning(self, self.windowTitle(), problem)
            return
        self.accept()


class OverrideDialog(_Form):
    def __init__(self, name: str, year: int, auto: str, explanation: str, parent=None):
        super().__init__(tr("人工判断"), tr("{0}，{1}年自动判断为“{2}”：{3}").format(
            name, year, auto, explanation), parent)
        self.status = QComboBox()
        self.status.addItems([s for s in STATUSES if s != "未填报"])
        self.status.setCurrentText(auto if auto in STATUSES else "基本符合预期")
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(tr("必填：为什么改判（如统计口径变化、上级认定等）"))
        self.reason.setMaximumHeight(90)
        self.form.addRow(tr("判断为"), self.status)
        self.form.addRow(tr("理由"), self.reason)

    def problem(self) -> str:
        return "" if self.reason.toPlainText().strip() else tr("请填写改判的理由")


class DetailsDialog(_Form):
    def __init__(self, name: str, year: int, source: str, note: str, parent=None):
        super().__init__(tr("数据来源与备注"), tr("{0}，{1}年").format(name, year), parent)
        self.source = QLineEdit(source)
        self.source.setPlaceholderText(tr("如：卫生健康统计年报、妇幼年报"))
        self.note = QPlainTextEdit(note)
        self.note.setMaximumHeight(90)
        self.form.addRow(tr("数据来源"), self.source)
        self.form.addRow(tr("备注"), self.note)


class AdjustTargetDialog(_Form):
    def __init__(self, name: str, printed: str, current: str, years: tuple[int, ...],
                 from_year: int | None, parent=None):
        super().__init__(tr("调整目标"), tr("{0}：规划原目标为“{1}”。调整后从所选年度起按新目标判断，"
                                          "此前各年仍按原目标；"
                                          "原目标保留在旁。清空新目标即恢复原目标。").format(name, printed), parent)
        self.target = QLineEdit(current)
        self.target.setPlaceholderText(tr("如 ≤14、80左右、不少于4.6"))
        self.from_year = QComboBox()
        self.from_year.addItem(tr("全部年度"), None)
        for y in years:
            self.from_year.addItem(tr("{0}年起").format(y), y)
        self.from_year.setCurrentIndex(max(0, self.from_year.findData(from_year)))
        self.on = QLineEdit(dt.date.today().isoformat())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("必填：如《XX县卫生健康规划中期评估报告》调整"))
        self.form.addRow(tr("新目标"), self.target)
        self.form.addRow(tr("适用年度"), self.from_year)
        self.form.addRow(tr("调整日期"), self.on)
        self.form.addRow(tr("理由"), self.reason)

    def problem(self) -> str:
        return "" if self.reason.text().strip() else tr("请填写调整的理由")


class BenchmarkDialog(_Form):
    def __init__(self, name: str, year: int, label: str, value: float | None, parent=None):
        super().__init__(tr("录入对标值"), tr("{0}的目标是“{1}”。请录入{2}年的{1}数值。").format(
            name, label, year), parent)
        self.value = QDoubleSpinBox()
        self.value.setRange(0, 1e9)
        self.value.setDecimals(2)
        if value is not None:
            self.value.setValue(value)
        self.source = QLineEdit()
        self.source.setPlaceholderText(tr("来源，如《2022年我国卫生健康事业发展统计公报》"))
        self.form.addRow(tr("数值"), self.value)
        self.form.addRow(tr("来源"), self.source)


class IndicatorDialog(_Form):
    KEYS = ("seq", "domain", "name", "unit", "baseline_text", "target_text", "attribute", "lead_unit",
            "note")
    LABELS = ("序号", "领域", "指标名称", "单位", "基期值({0})", "目标值({1})", "指标性质", "责任单位",
              "备注")

    def __init__(self, title: str, fields: dict, domains: list[str], parent=None, period=None):
        super().__init__(title, "", parent)
        from ..domain.period import DEFAULT

        period = period or DEFAULT
        self.edits = {}
        for key, label in zip(self.KEYS, self.LABELS, strict=True):
            label = label.format(period.baseline_year, period.target_year)
            if key == "attribute":
                w = QComboBox()
                w.addItems(ATTRIBUTES)
                w.setCurrentText(fields.get(key) or "预期性")
            elif key == "domain":
                w = QComboBox()
                w.setEditable(True)
                w.addItems(domains)
                w.setCurrentText(fields.get(key, ""))
            else:
                w = QLineEdit(str(fields.get(key, "") or ""))
            self.edits[key] = w
            self.form.addRow(tr(label), w)

    def values(self) -> dict:
        out = {}
        for key, w in self.edits.items():
            out[key] = w.currentText() if isinstance(w, QComboBox) else w.text()
        return out

    def problem(self) -> str:
        return "" if self.values()["name"].strip() else tr("请填写指标名称")


class FirstRunDialog(_Form):
    """On first start: who the bureau is (region and level), which plan is its own, and who fills
    in (used in exports). The bundled plans not chosen become 示例: hidden unless asked for."""

    def __init__(self, plans: list, profile, parent=None, region_names: list[str] | None = None):
        super().__init__(tr("欢迎使用规划台账"), tr(
            "请说明本单位是谁、哪个规划是本单位的，并填写填报人信息（用于上报表和报告）。"
            "程序自带的其他规划将作为“示例规划”隐藏（可在“规划 → 显示示例规划”中查看，或删除）。"
            "以后可在“文件 → 填报人信息”中修改。"), parent)
        from PySide6.QtWidgets import QCompleter

        self.plan = QComboBox()
        self.plan.setObjectName("ownPlan")
        for p in plans:
            self.plan.addItem(f"{p.region} · {p.title}", p.id)
        self.plan.addItem(tr("暂无（稍后用“导入规划”导入本单位的规划文本）"), None)
        self.regions = {p.id: (p.region, getattr(p, "level", "")) for p in plans}
        self.region = QComboBox()
        self.region.setObjectName("ownRegion")
        self.region.setEditable(True)
        names = sorted(set(region_names or []) | {r for r, _ in self.regions.values() if r})
        self.region.addItems(names)
        completer = QCompleter(names, self.region)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.region.setCompleter(completer)
        self.level = QComboBox()
        self.level.addItems(["市", "县", "区", "省"])
        self.plan.currentIndexChanged.connect(lambda _i: self._plan_chosen())
        if profile.home_plan:
            idx = self.plan.findData(int(profile.home_plan))
            if idx >= 0:
                self.plan.setCurrentIndex(idx)
        self._plan_chosen()
        if profile.region:
            self.region.setCurrentText(profile.region)
        if profile.level:
            self.level.setCurrentText(profile.level)
        self.name = QLineEdit(profile.user_name)
        self.unit = QLineEdit(profile.unit)
        self.unit.setPlaceholderText(tr("如：井研县卫生健康局规划发展股"))
        self.phone = QLineEdit(profile.phone)
        self.form.addRow(tr("本单位规划"), self.plan)
        self.form.addRow(tr("本单位地区"), self.region)
        self.form.addRow(tr("行政级别"), self.level)
        self.form.addRow(tr("填报人"), self.name)
        self.form.addRow(tr("填报单位"), self.unit)
        self.form.addRow(tr("联系电话"), self.phone)

    def _plan_chosen(self) -> None:
        region, level = self.regions.get(self.plan.currentData(), ("", ""))
        if region:
            self.region.setCurrentText(region)
        if level in ("省", "市", "县", "区"):
            self.level.setCurrentText(level)

    def problem(self) -> str:
        if not self.region.currentText().strip():
            return tr("请填写本单位地区（如：乐山市）")
        if not self.name.text().strip():
            return tr("请填写填报人姓名")
        if not self.unit.text().strip():
            return tr("请填写填报单位")
        return ""


class AuditFilterDialog(_Form):
    """Which part of the audit log to export: dates, person, plan."""

    def __init__(self, plans: list[dict], current_plan: int | None, parent=None):
        super().__init__(tr("导出修改记录"), tr("留空表示不限。日期格式 2023-01-01。"), parent)
        self.since = QLineEdit()
        self.until = QLineEdit()
        self.who = QLineEdit()
        self.plan = QComboBox()
        self.plan.addItem(tr("全部规划"), None)
        for p in plans:
            self.plan.addItem(f"{p.region} · {p.title}", p.id)
        if current_plan is not None:
            self.plan.setCurrentIndex(self.plan.findData(current_plan))
        self.form.addRow(tr("起始日期"), self.since)
        self.form.addRow(tr("截止日期"), self.until)
        self.form.addRow(tr("操作人"), self.who)
        self.form.addRow(tr("规划"), self.plan)

    def problem(self) -> str:
        for text in (self.since.text().strip(), self.until.text().strip()):
            if text and not _is_date(text):
                return tr("“{0}”不是日期，请按 2023-01-01 填写").format(text)
        return ""

    def filters(self) -> dict:
        return {"since": self.since.text().strip(), "until": self.until.text().strip(),
                "who": self.who.text().strip(), "plan_id": self.plan.currentData()}


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
        return True
    except ValueError:
        return False
