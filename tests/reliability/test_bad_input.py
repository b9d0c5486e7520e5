"""A corpus of broken files through every importer: each gets a clear message in Chinese, and the
database is exactly as it was (its SQL dump compared before and after)."""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from desktop.domain.errors import KnownError
from desktop.services import plans, submissions
from tests.conftest import JINGYAN


def _zip_bomb(inner: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(inner, "<x/>")
        z.writestr("payload.xml", b"0" * (260 * 1024 * 1024))
    return buf.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, built_db):
    import shutil

    from desktop import paths
    from desktop.services.session import open_session

    folder = tmp_path_factory.mktemp("corpus")
    home = tmp_path_factory.mktemp("corpus-home")
    shutil.copyfile(built_db, home / "plans.db")
    paths.set_home(home)
    s = open_session(home / "plans.db")
    template = submissions.export_workbook(session=s, plan_id=JINGYAN, year=2023,
                                           path=folder / "template.xlsx", kind="template")
    s.close()
    paths.set_home(None)
    real = template.read_bytes()
    png = (b"\x89PNG\r\n\x1a\n" + b"\x00" * 400)
    elf = Path(sys.executable).resolve().read_bytes()[:20000]
    files = {
        "truncated.xlsx": real[:2048], "zero.xlsx": b"", "zero.txt": b"", "zero.docx": b"",
        "image-named.xlsx": png, "image-named.docx": png, "image-named.txt": png,
        "program-named.xlsx": elf, "program-named.docx": elf, "program-named.txt": elf,
        "bomb.xlsx": _zip_bomb("xl/workbook.xml"), "bomb.docx": _zip_bomb("word/document.xml"),
        "gbk-not-a-plan.txt": "这是一份会议通知，没有任何指标表格。\n请各单位按时参加。".encode("gb18030"),
        "utf16-not-a-plan.txt": "第一章 总则\n本文件不含指标。".encode("utf-16"),
        "encrypted.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000,
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)

    def edited(name: str, change) -> None:
        wb = openpyxl.load_workbook(template)
        change(wb)
        wb.save(folder / name)

    edited("formulas.xlsx", lambda wb: wb["指标"].__setitem__("J4", "=78+1"))
    edited("dates.xlsx", lambda wb: wb["指标"].__setitem__("J4", dt.datetime(2023, 5, 1)))
    edited("merged.xlsx", lambda wb: wb["指标"].merge_cells("C4:D5"))
    edited("tampered-hidden.xlsx", lambda wb: wb["_meta"].__setitem__(
        "A2", wb["_meta"]["A2"].value.replace('"region": "井研县"', '"region": "别的县"')))
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("指标")
    for r in range(100_000):
        ws.append([r])
    meta = openpyxl.load_workbook(template)["_meta"]
    ms = wb.create_sheet("_meta")
    for row in meta.iter_rows(values_only=True):
        ms.append(list(row))
    wb.save(folder / "100000-rows.xlsx")
    d = docx.Document()
    d.add_paragraph("某县“十四五”卫生健康规划")
    d.add_paragraph("第一章 总则")
    d.add_paragraph("本规划没有表格，只有文字。")
    d.save(folder / "no-tables.docx")
    return folder


def dump(session) -> list[str]:
    return list(session.store.conn.iterdump())


NAMES = ["truncated.xlsx", "zero.xlsx", "zero.txt", "zero.docx", "image-named.xlsx",
         "image-named.docx", "image-named.txt", "program-named.xlsx", "program-named.docx",
         "program-named.txt", "bomb.xlsx", "bomb.docx", "gbk-not-a-plan.txt", "utf16-not-a-plan.txt",
         "encrypted.xlsx", "formulas.xlsx", "dates.xlsx", "merged.xlsx", "tampered-hidden.xlsx",
         "100000-rows.xlsx", "no-tables.docx"]


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("name", NAMES)
def test_every_importer_refuses_with_a_message_and_changes_nothing(corpus, session, name):
    path = corpus / name
    before = dump(session)
    # the plan-document importer
    with pytest.raises(KnownError) as info:
        plans.import_plan(session=session, path=path)
    assert _chinese(str(info.value))
    # the workbook importer: refused outright, or a preview that names the cells and applies nothing
    try:
        preview = submissions.preview_import(session=session, path=path)
    except KnownError as exc:
        assert _chinese(str(exc))
    else:
        assert not preview.ok and all(_chinese(r) for r in preview.rejected)
        assert any("!" in r or "：" in r for r in preview.rejected)
        with pytest.raises(KnownError):
            submissions.apply_import(session=session, preview=preview)
    assert dump(session) == before


def test_the_corpus_says_where(corpus, session):
    messages = {}
    for name in ("formulas.xlsx", "dates.xlsx", "merged.xlsx"):
        messages[name] = submissions.preview_import(session=session, path=corpus / name).rejected
    assert any(r.startswith("指标!J4") and "公式" in r for r in messages["formulas.xlsx"])
    assert any(r.startswith("指标!J4") and "日期或时间" in r for r in messages["dates.xlsx"])
    assert any(r.startswith("指标!D4") or r.startswith("指标!C5") for r in messages["merged.xlsx"])
