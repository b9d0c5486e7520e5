"""What Qt's shipped Chinese translation (qtbase_zh_CN) leaves in English in its standard dialogs
on Linux: the file dialog's "Look in:", "Files of type:", the "Folder" type, and a few more. A
translator that answers only these; everything else falls through to Qt's own translation."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

MISSING = {
    "&Look in:": "查找范围(&L)：",
    "Look in:": "查找范围：",
    "Files of &type:": "文件类型(&T)：",
    "Files of type:": "文件类型：",
    "File &name:": "文件名(&N)：",
    "Folder": "文件夹",
    "File Folder": "文件夹",
    "Drive": "驱动器",
    "File": "文件",
    "Alias": "别名",
    "Shortcut": "快捷方式",
    "Unknown": "未知",
    "Directory:": "目录：",
    "Directories": "目录",
    "All Files (*)": "所有文件 (*)",
    "Recent Places": "最近访问的位置",
    "My Computer": "我的电脑",
    "Computer": "计算机",
}


class MissingChinese(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: ARG002 - Qt's signature
        return MISSING.get(source_text)    # None: a null string, so Qt asks the next translator

    def isEmpty(self) -> bool:   # noqa: N802 - Qt's name
        return False
