"""The main window as the UI tests open it: on a session, shown (at 1366×768 unless told), with a
plan, a year and a tab chosen."""

from __future__ import annotations

from desktop.ui.main_window import MainWindow


def shown_window(session, qtbot, *, plan: int | None = None, year: int | None = None, tab: int | None = None,
                 size: tuple[int, int] | None = (1366, 768)) -> MainWindow:
    w = MainWindow(session)
    qtbot.addWidget(w)
    if size:
        w.resize(*size)
    w.show()
    if plan is not None:
        w.open_plan(plan)
    if year is not None:
        w.set_year(year)
    if tab is not None:
        w.tabs.setCurrentIndex(tab)
    return w
