"""Qt's standard dialogs speak Chinese: no English label in the file dialog, the message box or
the input dialog; a folder's type is 文件夹 and dates read year first."""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTreeView,
    QWidget,
)

ENGLISH = re.compile(r"[A-Za-z]{2,}")
HAN = re.compile(r"[\u4e00-\u9fff]")


def english_labels(dialog: QWidget, allowed: set[str] = frozenset()) -> list[str]:
    found = []
    for w in dialog.findChildren(QWidget):
        texts = [w.toolTip()]
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        found += [t for t in texts if t and t not in allowed and ENGLISH.search(t) and not HAN.search(t)]
    return found


@pytest.mark.parametrize("mode", ["open", "save", "folder"])
def test_the_file_dialog_has_no_english_and_dates_in_chinese_form(app, qtbot, tmp_path, mode):
    (tmp_path / "材料").mkdir()
    (tmp_path / "报告.xlsx").write_bytes(b"x")
    d = QFileDialog(None, "选择文件", str(tmp_path), "Excel 工作簿 (*.xlsx)")
    d.setOption(QFileDialog.Option.DontUseNativeDialog)
    d.setViewMode(QFileDialog.ViewMode.Detail)
    if mode == "save":
        d.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if mode == "folder":
        d.setFileMode(QFileDialog.FileMode.Directory)
    qtbot.addWidget(d)
    d.show()
    tree = d.findChildren(QTreeView)[0]
    model, root = tree.model(), tree.rootIndex()
    deadline = time.time() + 10
    while model.rowCount(root) == 0 and time.time() < deadline:    # the folder is read in a thread
        app.processEvents()
        root = tree.rootIndex()
    assert english_labels(d, allowed={str(tmp_path)}) == []
    rows = {model.data(model.index(r, 0, root)): [model.data(model.index(r, c, root)) for c in range(4)]
            for r in range(model.rowCount(root))}
    folder = rows["材料"]
    assert folder[2] == "文件夹"
    assert re.match(r"20\d\d[/年-]", folder[3]), folder[3]     # 2026/12/2 10:40, not "2 12 2026 10:40"
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["名称", "体积", "类型", "修改日期"]


def test_message_and_input_boxes_have_no_english(app, qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "规划台账", "是否继续？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Ok
                      | QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Save)
    qtbot.addWidget(box)
    box.show()
    assert english_labels(box) == []
    ask = QInputDialog()
    qtbot.addWidget(ask)
    ask.setComboBoxItems(["甲", "乙"])
    ask.show()
    assert english_labels(ask) == []
