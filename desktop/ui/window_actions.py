"""What the File and 上报 menus do: each asks what it needs (a file, a unit, a reason), runs the
service through the window's operations or on a worker, and tells the result. Mixed into
MainWindow, which keeps only the layout, the menus and the wiring."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from ..domain.errors import KnownError
from ..services import plans
from .text import tr


def final_choice(parent, year: int) -> bool:
    """Ask whether this export is the final submission (the year's values are then locked)."""
    answer = QMessageBox.question(
        parent, tr("导出上报表"),
        tr("这是{0}年度的正式上报吗？\n选“是”：导出后锁定{0}年度数据，修改需先解锁并说明理由。\n选“否”：仅导出查看。").format(year))
    return answer == QMessageBox.StandardButton.Yes


def _more(count: int, shown: int, measure: str) -> str:
    """'\n……共 120 份' after a list cut to its first lines."""
    return tr("\n……共 {0} {1}").format(count, measure) if count > shown else ""


class WindowActions:
    """The menu actions of MainWindow (self is the window: session, ops, plan_id, year …)."""

    def import_plan(self) -> None:
        from . import folders
        from .import_dialog import ImportDialog
        from .tasks import Task

        path = folders.open_path(self, tr("导入规划文本"), folders.PLAN,
                                 tr("规划文本 (*.docx *.pdf *.doc *.wps *.txt);;所有文件 (*)"))
        if not path:
            return

        def opened(document) -> None:
            found, exact = plans.same_plan(session=self.session, document=document)
            if found is not None:      # asked now, before any correcting in the preview
                self.plan_already_here(found, exact, document)
                return
            dialog = ImportDialog(self.session, document, self)
            if dialog.exec() and dialog.result_change:
                result = self.ops.run(lambda: dialog.result_change)
                if result is not None and dialog.handover is not None:
                    self.open_handover(result.plan_ids[0], ask=True)

        task = Task(self, tr("正在读取规划文本…"), lambda state: plans.read_document(path=path))
        task.done.connect(opened)
        task.error.connect(lambda message, _known: QMessageBox.warning(self, tr("导入规划"), message))
        self._task = task.start()

    def plan_already_here(self, found, exact: bool, document, choice: str | None = None) -> str:
        """The plan is in the file already: open it, or (a corrected edition) update it from the
        new text — never a second copy that would count twice. Returns what was done."""
        if choice is None:
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle(tr("导入规划"))
            if exact:
                box.setText(tr("这份规划文本已经导入过：“{0}”。").format(found.title))
            else:
                box.setText(tr("本地区同一规划期已有“{0}”（{1}）。\n如这是修订后的文本，可按新文本更新："
                               "指标按名称对应，已填报的数据保留，差别逐条列出并记入修改记录。").format(
                    found.title, found.span.long_name))
            open_button = box.addButton(tr("打开已有规划"), QMessageBox.ButtonRole.AcceptRole)
            update_button = None if exact else box.addButton(tr("按新文本更新…"), QMessageBox.ButtonRole.ActionRole)
            box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(open_button)
            box.exec()
            clicked = box.clickedButton()
            choice = "open" if clicked is open_button else ("update" if update_button and clicked is update_button
                                                             else "cancel")
        if choice == "open":
            if found.example:       # the bureau's own document matched a sample: it is the bureau's plan
                self.ops.run(lambda: plans.adopt_plan(session=self.session, plan_id=found.id), title=tr("导入规划"))
            self.reload_plans(found.id)
        elif choice == "update":
            try:
                change = plans.edition(session=self.session, plan_id=found.id, document=document)
            except KnownError as exc:
                QMessageBox.warning(self, tr("导入规划"), str(exc))
                return "cancel"
            if change.empty:
                QMessageBox.information(self, tr("导入规划"), tr("新文本与已有规划的指标和项目没有差别，无需更新。"))
                return "same"
            if self._confirm_update(change):
                result = self.ops.run(lambda: plans.update_from_document(session=self.session, plan_id=found.id,
                                                                         document=document), title=tr("导入规划"))
                if result is not None:
                    self.reload_plans(found.id)
                    self.statusBar().showMessage(result.label, 10000)
        return choice

    def _confirm_update(self, change) -> bool:
        lines = "\n".join(f"· {line}" for line in change.lines[:15])
        more = tr("\n……共{0}处").format(len(change.lines)) if len(change.lines) > 15 else ""
        intro = tr("将做以下修改（更新前自动备份，可在修改记录中查看）：\n")
        return QMessageBox.question(self, tr("按新文本更新"), intro + lines + more) == QMessageBox.StandardButton.Yes

    # ---- 规划 -----------------------------------------------------------------------------
    def open_handover(self, plan_id: int | None = None, ask: bool = False) -> None:
        """The hand-over with the region's plan of the period before (after an import: asked)."""
        from .handover_dialog import HandoverDialog

        plan_id = plan_id or self.plan_id
        if plan_id is None:
            return
        if ask and QMessageBox.question(
                self, tr("与上一规划期衔接"),
                tr("本地区有上一规划期的规划。现在查看期末值与基期值对照，并结转未完成的项目吗？\n"
                   "（以后也可在“规划 → 与上一规划期衔接”中打开）")) != QMessageBox.StandardButton.Yes:
            return
        self._handover = HandoverDialog(self.session, plan_id, self.ops, self)
        if self._handover.found is None and not ask:
            QMessageBox.information(self, tr("与上一规划期衔接"), tr("本地区没有上一规划期的规划，无需衔接。"))
            return
        self._handover.exec()

    def close_plan(self, note: str | None = None) -> None:
        """结束规划: every year locked, the plan marked 已结束 (shown and reported, not edited)."""
        from PySide6.QtWidgets import QInputDialog

        if self.plan_id is None:
            return
        info = plans.plan_info(session=self.session, plan_id=self.plan_id)
        if info.closed:
            QMessageBox.information(self, tr("结束规划"),
                                    tr("“{0}”已于{1}结束").format(info.title, info.closed_at[:10]))
            return
        if note is None:
            note, ok = QInputDialog.getText(
                self, tr("结束规划"),
                tr("结束“{0}”（{1}）后，{2}至{3}各年度数据全部锁定，规划标为“已结束”，仍可查看、导出和打印；"
                   "如需修改须“重新打开规划”并说明理由。\n说明（可不填）：").format(
                    info.title, info.span.name, info.span.first_year, info.span.target_year))
            if not ok:
                return
        plan_id = self.plan_id
        self.ops.run(lambda: plans.close_plan(session=self.session, plan_id=plan_id, note=note),
                     title=tr("结束规划"))

    def reopen_plan(self, reason: str | None = None) -> None:
        from PySide6.QtWidgets import QInputDialog

        if self.plan_id is None:
            return
        info = plans.plan_info(session=self.session, plan_id=self.plan_id)
        if not info.closed:
            QMessageBox.information(self, tr("重新打开规划"), tr("“{0}”没有结束").format(info.title))
            return
        if reason is None:
            reason, ok = QInputDialog.getText(self, tr("重新打开规划"),
                                              tr("重新打开的理由（将记入修改记录）："))
            if not ok:
                return
        plan_id = self.plan_id
        self.ops.run(lambda: plans.reopen_plan(session=self.session, plan_id=plan_id, reason=reason),
                     title=tr("重新打开规划"))

    # ---- 上报 -----------------------------------------------------------------------------
    def export_unit_template(self, unit: str | None = None, path: str | None = None):
        """A template for one responsible unit: only the rows it leads or supports are open."""
        from PySide6.QtWidgets import QInputDialog

        from ..services import submissions

        if self.plan_id is None:
            return None
        if unit is None:
            units = submissions.plan_units(session=self.session, plan_id=self.plan_id)
            if not units:
                QMessageBox.information(self, tr("分单位填报模板"), tr(
                    "本规划的指标、项目和任务还没有登记责任单位（在“编辑指标”或项目、任务中填写），"
                    "请先登记后再按单位导出。"))
                return None
            unit, ok = QInputDialog.getItem(self, tr("分单位填报模板"), tr("为哪个单位导出（只开放其负责的行）："),
                                            units, 0, False)
            if not ok:
                return None
        return self.export_workbook("template", path, unit=unit)

    def export_workbook(self, kind: str, path: str | None = None, unit: str = ""):
        from . import folders
        from .exchange_dialogs import run_in_worker

        if self.plan_id is None:
            return None
        region = self.plan_model.rows[self.plan_model.row_of(self.plan_id)].region
        who = f"-{unit}" if unit else ""
        name = f"{region}{who}-{self.year}年度-{'填报模板' if kind == 'template' else '监测表'}.xlsx"
        if path is None:
            path = folders.save_path(self, tr("导出"), folders.WORKBOOK, name, tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return None
        plan_id, year = self.plan_id, self.year
        from ..services import submissions

        final = kind == "submission" and not self.session.store.readonly and final_choice(self, year)
        return run_in_worker(
            self, tr("正在生成工作簿…"), self.session,
            lambda s: submissions.export_workbook(session=s, plan_id=plan_id, year=year, path=path,
                                                  kind=kind, final=final, unit=unit),
            lambda p: (self.statusBar().showMessage(tr("已导出 ") + str(p), 10000),
                       final and plan_id == self.plan_id and self.rejudge()))

    def import_workbook(self, path: str | None = None) -> None:
        from ..services import submissions
        from . import folders
        from .exchange_dialogs import ImportPreviewDialog

        if path is None:
            chosen = folders.open_paths(self, tr("导入上报表（可多选）"), folders.WORKBOOK,
                                        tr("Excel 工作簿 (*.xlsx)"))
            if len(chosen) > 1:
                self.import_workbooks(chosen)
                return
            path = chosen[0] if chosen else None
        if not path:
            return
        try:
            preview = submissions.preview_import(session=self.session, path=path)
        except KnownError as exc:
            QMessageBox.warning(self, tr("导入上报表"), str(exc))
            return
        dialog = ImportPreviewDialog(self.session, preview, self)
        if dialog.exec() and dialog.change:
            self.ops.run(lambda: dialog.change)  # not undone: backed up before, in the audit log

    def open_backups(self) -> None:
        from .backup_dialog import BackupDialog

        def restored(result) -> None:
            self.undo_stack.clear()
            self.ops.changed.emit(result.changes)
            self.statusBar().showMessage(tr("已恢复；恢复前的数据已另存为 ") + str(result.safety), 15000)

        BackupDialog(self.session, restored, self).exec()

    def export_audit(self, path: str | None = None, filters: dict | None = None) -> None:
        from ..services import audit
        from . import folders
        from .dialogs import AuditFilterDialog

        if filters is None:
            dialog = AuditFilterDialog(plans.list_plans(session=self.session), self.plan_id, self)
            if not dialog.exec():
                return
            filters = dialog.filters()
        if path is None:
            path = folders.save_path(self, tr("导出修改记录"), folders.REPORT, "修改记录.xlsx",
                                     tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        try:
            audit.export(session=self.session, path=path, **filters)
        except KnownError as exc:
            QMessageBox.warning(self, tr("导出修改记录"), str(exc))
            return
        self.statusBar().showMessage(tr("已导出 ") + path, 10000)

    def unlock_year(self, reason: str | None = None) -> None:
        from PySide6.QtWidgets import QInputDialog

        from ..services import values

        if self.plan_id is None:
            return
        if self.year not in values.year_locks(session=self.session, plan_id=self.plan_id):
            QMessageBox.information(self, tr("解锁"), tr("{0}年度数据没有锁定").format(self.year))
            return
        if reason is None:
            reason, ok = QInputDialog.getText(self, tr("解锁{0}年度").format(self.year),
                                              tr("解锁理由（将记入修改记录）"))
            if not ok:
                return
        plan_id, year = self.plan_id, self.year
        self.ops.run(lambda: values.unlock_year(session=self.session, plan_id=plan_id, year=year,
                                                reason=reason), title=tr("解锁"))

    def open_reports(self) -> None:
        from .report_dialog import ReportDialog

        if self.plan_id is None:
            return
        region = self.plan_model.rows[self.plan_model.row_of(self.plan_id)].region
        ReportDialog(self.session, self.plan_id, region, self.year, self).exec()

    def import_workbooks(self, files: list[str], confirm: bool = True):
        """Several units' workbooks at once, read and checked on a worker (the window stays
        responsive, with progress and Cancel): all imported in one batch, or none."""
        from ..services import submissions
        from .exchange_dialogs import run_in_worker

        running = getattr(self, "_batch", None)
        if running is not None and running.worker.isRunning():
            QMessageBox.information(self, tr("导入上报表"), tr("上一批上报表还在检查或导入，请等它完成后再导入。"))
            return running

        def check(session, state):
            batch = submissions.Batch()   # each checked preview kept on disk, not in memory
            state.progress(0, len(files))
            checked = submissions.preview_many(session=session, paths=files)   # read on every core
            try:
                for k, (f, preview) in enumerate(checked, 1):
                    state.check()
                    if isinstance(preview, KnownError):
                        batch.problems.append(f"{Path(f).name}：{preview}")
                    else:
                        batch.add(preview)
                    state.progress(k, len(files))
            except BaseException:
                batch.close()
                raise
            finally:
                checked.close()
            return batch

        def checked(batch) -> None:
            if batch.problems:
                batch.close()
                QMessageBox.warning(self, tr("导入上报表"), tr("以下文件有问题，本批未导入任何内容：\n") +
                                    "\n".join(batch.problems[:20]) + _more(len(batch.problems), 20, "处"))
                return
            summary = "\n".join(batch.lines[:20]) + _more(len(batch.lines), 20, "份")
            if batch.notices:     # told, not blocking: what the clerk should know before saying yes
                summary += tr("\n\n请注意：\n") + "\n".join(batch.notices[:8]) + _more(len(batch.notices), 8, "条")
            if confirm and QMessageBox.question(self, tr("导入上报表"), tr("将导入 {0} 份上报表：\n").format(
                    len(batch)) + summary) != QMessageBox.StandardButton.Yes:
                batch.close()
                return

            def apply(s):
                try:
                    return submissions.apply_imports(session=s, previews=batch)
                finally:
                    batch.close()
            self._batch = run_in_worker(self, tr("正在导入上报表…"), self.session, apply,
                                        lambda applied: self.ops.run(lambda: applied))

        self._batch = run_in_worker(self, tr("正在检查上报表…"), self.session, check, checked,
                                    with_state=True)
        return self._batch

    def open_rollup(self) -> None:
        from .exchange_dialogs import RollupDialog

        RollupDialog(self.session, self.year, self).exec()

    def export_long(self) -> None:
        from ..services import rollup
        from . import folders

        if self.plan_id is None:
            return
        path = folders.save_path(self, tr("导出长格式数据"), folders.REPORT, "指标数据.csv",
                                 tr("CSV 文件 (*.csv);;JSON 文件 (*.json)"))
        if not path:
            return
        try:
            rollup.export_long(session=self.session, plan_id=self.plan_id, path=path,
                               fmt="json" if path.endswith(".json") else "csv")
        except KnownError as exc:
            QMessageBox.warning(self, tr("导出长格式数据"), str(exc))
            return
        self.statusBar().showMessage(tr("已导出 ") + path, 10000)

