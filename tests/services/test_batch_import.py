"""A batch of received workbooks at the deadline: checked previews wait on disk, not in memory, and
two workbooks of one unit that would each be compared with the database as it was are refused."""

from __future__ import annotations

import gc
import weakref

import pytest

from desktop.domain.errors import KnownError
from desktop.services import evaluation, submissions, values

JINGYAN, XIANGSHAN = 2, 4


def _workbook(session, tmp_path, plan_id, year, value, name):
    first = evaluation.evaluate_plan(session=session, plan_id=plan_id)[0].id
    values.enter_values(session=session, items=[(first, year, value)], confirmed=True)
    return submissions.export_workbook(session=session, plan_id=plan_id, year=year, path=tmp_path / name)


def _count_plans(s):
    return s.store.scalar("SELECT count(*) FROM plans")


def test_a_checked_preview_is_not_held_in_memory_by_the_batch(session, empty_session, tmp_path):
    path = _workbook(session, tmp_path, JINGYAN, 2023, "79", "井研县.xlsx")
    batch = submissions.Batch()
    preview = submissions.preview_import(session=empty_session, path=path)
    alive = weakref.ref(preview)
    batch.add(preview)
    del preview
    gc.collect()
    assert alive() is None                       # memory does not grow with the number of files
    assert batch.lines == ["井研县（2023年度）：新增 1，修改 0"] and len(batch) == 1
    back = list(batch)                           # read back whole when the batch is applied
    assert back[0].head["region"] == "井研县" and back[0].plan["indicators"]
    batch.close()


def test_a_batch_read_back_from_disk_imports_every_workbook(session, empty_session, tmp_path):
    batch = submissions.Batch()
    for plan_id, name in ((JINGYAN, "井研县.xlsx"), (XIANGSHAN, "相山区.xlsx")):
        batch.add(submissions.preview_import(
            session=empty_session, path=_workbook(session, tmp_path, plan_id, 2023, "79.2", name)))
    changed = submissions.apply_imports(session=empty_session, previews=batch)
    batch.close()
    assert len(changed.plan_ids) == 2
    got = empty_session.store.query(
        "SELECT p.region, a.value_text FROM actuals a JOIN indicators i ON i.id = a.indicator_id "
        "JOIN plans p ON p.id = i.plan_id WHERE a.year = 2023 ORDER BY p.region")
    assert sorted((r["region"], r["value_text"]) for r in got) == [("井研县", "79.2"), ("相山区", "79.2")]


def test_two_years_of_a_unit_never_imported_before_are_refused_in_one_batch(session, empty_session,
                                                                            tmp_path):
    """Both would create the unit's plan: two copies of 井研县. Refused, with both files named."""
    batch = submissions.Batch()
    for year in (2023, 2024):
        batch.add(submissions.preview_import(
            session=empty_session, path=_workbook(session, tmp_path, JINGYAN, year, "79", f"井研县{year}.xlsx")))
    assert len(batch.problems) == 1
    assert "井研县2024.xlsx" in batch.problems[0] and "井研县2023.xlsx" in batch.problems[0]
    assert "尚未导入过" in batch.problems[0]
    with pytest.raises(KnownError, match="本批未导入任何内容"):
        submissions.apply_imports(session=empty_session, previews=batch)
    assert _count_plans(empty_session) == 0


def test_the_same_unit_and_year_twice_in_a_batch_is_refused(session, empty_session, tmp_path):
    first = _workbook(session, tmp_path, JINGYAN, 2023, "79", "井研县.xlsx")
    second = _workbook(session, tmp_path, JINGYAN, 2023, "79.5", "井研县（改）.xlsx")
    submissions.apply_import(session=empty_session,
                             preview=submissions.preview_import(session=empty_session, path=first))
    before = empty_session.store.query("SELECT value_text FROM actuals")
    batch = submissions.Batch()
    for path in (first, second):
        batch.add(submissions.preview_import(session=empty_session, path=path))
    assert any("同一年度（2023年度）" in p and "井研县（改）.xlsx" in p for p in batch.problems)
    with pytest.raises(KnownError):
        submissions.apply_imports(session=empty_session, previews=batch)
    assert empty_session.store.query("SELECT value_text FROM actuals") == before


def test_two_years_of_a_unit_already_here_import_together(session, empty_session, tmp_path):
    first = _workbook(session, tmp_path, JINGYAN, 2023, "79", "井研县2023.xlsx")
    submissions.apply_import(session=empty_session,
                             preview=submissions.preview_import(session=empty_session, path=first))
    batch = submissions.Batch()
    for year, value in ((2024, "79.4"), (2025, "79.6")):
        batch.add(submissions.preview_import(
            session=empty_session, path=_workbook(session, tmp_path, JINGYAN, year, value, f"井研县{year}.xlsx")))
    assert batch.problems == []
    submissions.apply_imports(session=empty_session, previews=batch)
    assert _count_plans(empty_session) == 1
    got = empty_session.store.query("SELECT year, value_text FROM actuals ORDER BY year")
    assert [(r["year"], r["value_text"]) for r in got] == [(2023, "79"), (2024, "79.4"), (2025, "79.6")]


def test_two_years_of_a_unit_whose_plan_grew_a_row_are_refused_together(session, empty_session, tmp_path):
    """Each workbook would add the unit's new indicator: two rows of one indicator, each with one
    year's value. Refused until one is imported; then the other applies to the one row."""
    from desktop.services import plan_edit

    first = _workbook(session, tmp_path, JINGYAN, 2023, "79", "井研县.xlsx")
    submissions.apply_import(session=empty_session,
                             preview=submissions.preview_import(session=empty_session, path=first))
    grown = plan_edit.add_indicator(session=session, plan_id=JINGYAN, fields={
        "name": "每千人口执业医师数", "unit": "人", "baseline_text": "2.5", "target_text": "3.2",
        "domain": "卫生资源"}).value
    files = []
    for year, value in ((2023, "2.7"), (2024, "2.9")):
        values.enter_values(session=session, items=[(grown, year, value)], confirmed=True)
        files.append(submissions.export_workbook(session=session, plan_id=JINGYAN, year=year,
                                                 path=tmp_path / f"井研县{year}新.xlsx"))
    batch = submissions.Batch()
    for path in files:
        batch.add(submissions.preview_import(session=empty_session, path=path))
    assert len(batch.problems) == 1 and "新增了指标" in batch.problems[0]
    assert any("新增指标“每千人口执业医师数”" in n for n in batch.notices)   # shown before yes
    with pytest.raises(KnownError):
        submissions.apply_imports(session=empty_session, previews=batch)
    for path in files:       # one at a time: the second finds the row the first created
        submissions.apply_import(session=empty_session,
                                 preview=submissions.preview_import(session=empty_session, path=path))
    rows = empty_session.store.query("SELECT id FROM indicators WHERE name = '每千人口执业医师数'")
    assert len(rows) == 1
    got = empty_session.store.query("SELECT year, value_text FROM actuals WHERE indicator_id = ? ORDER BY year",
                                    [rows[0]["id"]])
    assert [(r["year"], r["value_text"]) for r in got] == [(2023, "2.7"), (2024, "2.9")]


def test_a_batch_applied_twice_or_overtaken_by_another_writes_nothing(session, empty_session, tmp_path):
    """Two batches checked at once (a clerk who clicks again while the first is checked) would each
    create the same units: the second finds them already there and imports nothing."""
    files = [_workbook(session, tmp_path, plan_id, 2023, "79", f"{plan_id}.xlsx") for plan_id in (JINGYAN, XIANGSHAN)]
    first, second = submissions.Batch(), submissions.Batch()
    for batch in (first, second):
        for path in files:
            batch.add(submissions.preview_import(session=empty_session, path=path))
    submissions.apply_imports(session=empty_session, previews=first)
    before = (_count_plans(empty_session), empty_session.store.query("SELECT * FROM actuals ORDER BY id"))
    for again in (second, first):
        with pytest.raises(KnownError, match="在检查之后已被导入"):
            submissions.apply_imports(session=empty_session, previews=again)
    assert (_count_plans(empty_session), empty_session.store.query("SELECT * FROM actuals ORDER BY id")) == before
    assert _count_plans(empty_session) == 2


def test_a_row_deleted_after_the_check_stops_the_whole_batch_before_any_write(session, empty_session, tmp_path):
    from desktop.services import plan_edit

    jingyan = _workbook(session, tmp_path, JINGYAN, 2023, "79", "井研县.xlsx")
    submissions.apply_import(session=empty_session,
                             preview=submissions.preview_import(session=empty_session, path=jingyan))
    again = _workbook(session, tmp_path, JINGYAN, 2024, "79.3", "井研县2024.xlsx")
    xiangshan = _workbook(session, tmp_path, XIANGSHAN, 2023, "79", "相山区.xlsx")
    batch = submissions.Batch()
    for path in (xiangshan, again):
        batch.add(submissions.preview_import(session=empty_session, path=path))
    plan = empty_session.store.scalar("SELECT id FROM plans WHERE region = '井研县'")
    first_row = evaluation.evaluate_plan(session=empty_session, plan_id=plan)[0].id
    plan_edit.delete_indicator(session=empty_session, indicator_id=first_row)
    with pytest.raises(KnownError, match="检查之后有改动.*本批未导入任何内容"):
        submissions.apply_imports(session=empty_session, previews=batch)
    assert _count_plans(empty_session) == 1            # 相山区 was not imported before the refusal


def test_the_same_file_twice_is_named_as_such(session, empty_session, tmp_path):
    path = _workbook(session, tmp_path, JINGYAN, 2023, "79", "井研县.xlsx")
    copy = tmp_path / "井研县（副本）.xlsx"
    copy.write_bytes(path.read_bytes())
    batch = submissions.Batch()
    for p in (path, copy):
        batch.add(submissions.preview_import(session=empty_session, path=p))
    assert batch.problems == ["井研县（副本）.xlsx：与本批中的“井研县.xlsx”内容完全相同"
                              "（同一份表格选了两次），请只选一份"]


def test_a_temporary_folder_that_cannot_be_written_is_said_in_chinese(monkeypatch):
    import tempfile

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    with pytest.raises(KnownError, match="临时文件夹不能写入"):
        submissions.Batch()


def test_a_unit_that_corrected_its_plan_text_is_still_the_same_unit_above(session, empty_session, tmp_path):
    """The unit updates its plan from a corrected text (a target 78.6 → 78.8) between two years'
    workbooks: the level above still knows it as the one 井研县, not a second copy."""
    from desktop import paths
    from desktop.services import plans

    first = _workbook(session, tmp_path, JINGYAN, 2023, "79", "井研县2023.xlsx")
    text = (paths.bundled_plan_documents() / "2-jingyan.txt").read_text(encoding="utf-8")
    assert text.count("\t78.6\n") == 1
    corrected = tmp_path / "井研县规划（修订）.txt"
    corrected.write_text(text.replace("\t78.6\n", "\t78.8\n"), encoding="utf-8")
    plans.update_from_document(session=session, plan_id=JINGYAN, document=plans.read_document(path=corrected))
    second = _workbook(session, tmp_path, JINGYAN, 2024, "79.2", "井研县2024.xlsx")
    for path in (first, second):
        submissions.apply_import(session=empty_session,
                                 preview=submissions.preview_import(session=empty_session, path=path))
    assert empty_session.store.query("SELECT region FROM plans") == [{"region": "井研县"}]
    got = empty_session.store.query("SELECT year, value_text FROM actuals ORDER BY year")
    assert [(r["year"], r["value_text"]) for r in got] == [(2023, "79"), (2024, "79.2")]


def test_a_value_typed_after_the_check_is_never_overwritten(session, empty_session, tmp_path):
    """The check runs on a worker and the window stays usable: a clerk types 80 where the workbook
    brings 79. The batch stops before writing (a fresh preview would show the conflict)."""
    jingyan = _workbook(session, tmp_path, JINGYAN, 2023, "79", "井研县.xlsx")
    submissions.apply_import(session=empty_session,
                             preview=submissions.preview_import(session=empty_session, path=jingyan))
    later = _workbook(session, tmp_path, JINGYAN, 2024, "79.5", "井研县2024.xlsx")
    batch = submissions.Batch()
    batch.add(submissions.preview_import(session=empty_session, path=later))
    plan = empty_session.store.scalar("SELECT id FROM plans WHERE region = '井研县'")
    life = evaluation.evaluate_plan(session=empty_session, plan_id=plan)[0].id
    values.enter_values(session=empty_session, items=[(life, 2024, "80")], confirmed=True)   # meanwhile
    with pytest.raises(KnownError, match="数据在检查之后有改动"):
        submissions.apply_imports(session=empty_session, previews=batch)
    got = empty_session.store.query("SELECT value_text FROM actuals WHERE indicator_id = ? AND year = 2024", [life])
    assert got == [{"value_text": "80"}]


def test_a_big_batch_is_read_on_every_core_in_order_with_its_bad_files_named(session, empty_session, tmp_path):
    """Ten files (enough to be read by processes of their own): each comes back in the order given,
    a truncated workbook and a text file renamed .xlsx are refused by name at their place, and every
    good one is checked exactly as one read here would be."""
    from desktop.services import submission_import

    first = evaluation.evaluate_plan(session=session, plan_id=JINGYAN)[0].id
    files = []
    for k in range(8):
        values.enter_values(session=session, items=[(first, 2023, f"7{k}.5")], confirmed=True)
        files.append(submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023,
                                                 path=tmp_path / f"第{k}份.xlsx"))
    whole = files[3].read_bytes()
    (tmp_path / "截断.xlsx").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "文本.xlsx").write_text("这不是工作簿", encoding="utf-8")
    files[2:2] = [tmp_path / "截断.xlsx"]
    files.append(tmp_path / "文本.xlsx")
    assert len(files) >= submission_import.PARALLEL_FROM

    got = list(submissions.preview_many(session=empty_session, paths=files))
    assert [p for p, _ in got] == files
    refused = {p.name: str(r) for p, r in got if isinstance(r, KnownError)}
    assert set(refused) == {"截断.xlsx", "文本.xlsx"}
    assert "截断.xlsx" in refused["截断.xlsx"] and "文本.xlsx" in refused["文本.xlsx"]
    for path, preview in got:
        if isinstance(preview, KnownError):
            continue
        here = submissions.preview_import(session=empty_session, path=path)
        assert (preview.file_hash, preview.new_values, preview.rejected, preview.head) == \
            (here.file_hash, here.new_values, here.rejected, here.head)
    name = evaluation.evaluate_plan(session=session, plan_id=JINGYAN)[0].row.name
    typed = [dict(p.new_values).get(name) for _f, p in got if not isinstance(p, KnownError)]
    assert typed == [f"7{k}.5" for k in range(8)]      # each file's own value, in the files' order


def test_where_reader_processes_cannot_start_or_are_ended_the_batch_is_read_here(session, tmp_path, monkeypatch):
    """No shared memory for the readers' queues (a locked-down machine), or readers ended midway:
    every file is still read, in order, in this process; nothing is refused for it."""
    import concurrent.futures
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from desktop.services import submission_import

    first = evaluation.evaluate_plan(session=session, plan_id=JINGYAN)[0]
    files = []
    for k in range(9):
        values.enter_values(session=session, items=[(first.id, 2023, f"8{k}.5")], confirmed=True)
        files.append(submissions.export_workbook(session=session, plan_id=JINGYAN, year=2023,
                                                 path=tmp_path / f"第{k}份.xlsx"))

    def each_file_read_whole(got):
        assert [p for p, _ in got] == files
        assert [any(text == f"8{k}.5" for _cell, text in read.values.values())
                for k, (_p, read) in enumerate(got)] == [True] * 9

    class NoSharedMemory:
        def __init__(self, *a, **k):
            raise OSError(30, "Read-only file system")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoSharedMemory)
    each_file_read_whole(list(submission_import.read_workbooks(files)))

    class EndedMidway:          # readers that answer four files, then are gone
        def __init__(self, *a, **k):
            self.asked = 0

        def submit(self, fn, *args):
            future = Future()
            self.asked += 1
            if self.asked > 4:
                future.set_exception(BrokenProcessPool("a reader was ended"))
            else:
                future.set_result(fn(*args))
            return future

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", EndedMidway)
    each_file_read_whole(list(submission_import.read_workbooks(files)))
