"""The Qt binding keeps Python's reference counts: a long session must not abort.

PySide6 6.12.0 on Python 3.11 (where None and the bools are ordinary counted objects) dropped one
reference to None on every call into Qt that returns nothing, and to a bool on every call that
returns one: after some ten thousand calls the interpreter aborted ("deallocating None"), in a
dialog opened twice or at the end of a clerk's day. pyproject.toml keeps the version below it.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem


def test_calls_into_qt_keep_the_references_to_none_and_to_bools(app):
    label, table = QLabel(), QTableWidget(3, 3)
    before = {v: sys.getrefcount(v) for v in (None, True, False)}
    for _ in range(2000):
        label.setText("孕产妇死亡率")                     # returns nothing
        table.setItem(0, 0, QTableWidgetItem("14.5"))  # returns nothing
        label.isVisible()                               # returns a bool (False)
        table.isEnabled()                               # returns a bool (True)
    # other code may take or drop a few references meanwhile; a leak would be thousands
    assert {v: abs(sys.getrefcount(v) - n) < 100 for v, n in before.items()} == \
        {None: True, True: True, False: True}
