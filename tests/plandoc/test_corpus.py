"""The corpus: plan documents written for the tests in layouts the bundled plans do not have
(Word with merged cells, PDFs printed from it, .doc/.wps, text copied from a PDF or a web page,
GBK text). Each must read exactly as expected.py says, by hand."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.errors import DocumentError
from desktop.plandoc import read_plan_bytes
from desktop.plandoc.doc_source import office_program
from tests.plandoc.corpus.expected import CORPUS, NEEDS_OFFICE

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"


def read(name: str):
    return read_plan_bytes((CORPUS_DIR / name).read_bytes(), name)


def _skip_without_office(name: str) -> None:
    if name in NEEDS_OFFICE and office_program() is None:
        pytest.skip("LibreOffice 未安装：.doc/.wps 需转换（README 的安装命令会装上它）")


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_field_reads_as_written(name):
    _skip_without_office(name)
    doc, want = read(name), CORPUS[name]
    for key in ("title", "region", "level", "period", "issuer", "issued", "parent_region"):
        if key in want:
            assert getattr(doc, key) == want[key], key
    assert [(i.domain, i.seq, i.name, i.unit, i.baseline, i.target, i.attribute)
            for i in doc.indicators] == want["indicators"]
    assert [(b.no, b.title, [(it.name, it.text) for it in b.items]) for b in doc.boxes] == want["boxes"]
    if "lead_units" in want:
        assert [i.lead_unit for i in doc.indicators] == want["lead_units"]
    general = [(f.where, f.message) for f in doc.findings if not f.where.startswith("指标表第")]
    assert general == want["findings"]
    assert not [f for f in doc.findings if f.where.startswith("指标表第")]   # no row needs a look
    if "sections" in want:
        assert [f"{s.marker} {s.title}" if s.marker.endswith("章") else f"{s.marker}{s.title}"
                for s in doc.sections] == want["sections"]
    for title, text in want.get("section_text", {}).items():
        section = next(s for s in doc.sections if s.title == title)
        assert section.text == text


def test_a_scanned_pdf_is_refused_saying_it_is_a_scan():
    with pytest.raises(DocumentError, match="扫描件"):
        read("c13_scanned.pdf")


def test_without_an_office_suite_a_doc_is_refused_with_the_way_out(monkeypatch):
    from desktop.plandoc import doc_source

    monkeypatch.setattr(doc_source, "office_program", lambda: None)
    with pytest.raises(DocumentError, match="另存为 .docx"):
        read("c03_muchuan15.doc")


def test_a_damaged_doc_is_refused_not_hung():
    if office_program() is None:
        pytest.skip("LibreOffice 未安装")
    data = (CORPUS_DIR / "c03_muchuan15.doc").read_bytes()[:3000]
    with pytest.raises(DocumentError):
        read_plan_bytes(data, "坏文件.doc")


def test_the_pdf_command_line_dry_run(tmp_path):
    import json
    import subprocess
    import sys

    from tests.conftest import ROOT

    out = subprocess.run([sys.executable, "-m", "desktop", "--home", str(tmp_path), "--create", "plan", "import",
                          str(CORPUS_DIR / "c02_muchuan15.pdf"), "--dry-run", "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert (data["title"], data["period"], len(data["indicators"]), len(data["boxes"])) == (
        "沐川县“十五五”卫生健康事业发展规划", "2026-2030", 7, 2)


TEXTS = ["c06_mabian14_pdf_copied.txt", "c07_jiajiang15_web_copied.txt", "c08_qianwei14_gbk.txt",
         "c18_qianwei15_copied_page_break_in_row.txt"]
BINARIES = ["c01_muchuan15.docx", "c02_muchuan15.pdf", "c05_ebian15_asterisk.pdf",
            "c15_shawan15_two_row_header.pdf"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(TEXTS), seed=st.integers(0, 10_000), cut=st.floats(0.05, 1.0))
def test_shuffled_and_truncated_text_raises_only_document_errors(name, seed, cut):
    """Lines shuffled in runs and the file cut short: a reading, or a DocumentError; never
    anything else."""
    data = (CORPUS_DIR / name).read_bytes()
    text = data.decode("gbk" if "gbk" in name else "utf-8")
    lines = text.split("\n")
    rnd = random.Random(seed)
    k = rnd.randrange(len(lines))
    lines[k:k + 6] = rnd.sample(lines[k:k + 6], len(lines[k:k + 6]))
    cut_text = "\n".join(lines)[: max(1, int(len(text) * cut))]
    with contextlib.suppress(DocumentError):
        read_plan_bytes(cut_text.encode("utf-8"), name)


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(BINARIES), seed=st.integers(0, 10_000), cut=st.floats(0.1, 0.99))
def test_truncated_or_damaged_binaries_raise_only_document_errors(name, seed, cut):
    data = bytearray((CORPUS_DIR / name).read_bytes())
    rnd = random.Random(seed)
    for _ in range(5):
        data[rnd.randrange(len(data))] = rnd.randrange(256)
    with contextlib.suppress(DocumentError):
        read_plan_bytes(bytes(data[: int(len(data) * cut)]), name)
