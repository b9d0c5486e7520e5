"""Reading plan documents by kind, each against the bare text extraction of the same file by the
library that opens it (goal: reading ≤ 2× the bare extraction; a 30-page PDF plan under 3 s).

The 30-page plan is written in this run (python-docx: 12 chapters of text, a 60-row indicator table
over several pages, 专栏 boxes) and printed to PDF by LibreOffice when it is installed; the corpus
files are measured too. In-process, same interpreter, medians of repeated runs."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import HEADER, median_ms, row  # noqa: E402
from desktop.plandoc import read_plan_bytes  # noqa: E402
from desktop.plandoc.doc_source import office_program  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "plandoc" / "corpus"


def long_plan(folder: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("沐川县“十五五”卫生健康事业发展规划")
    d.add_paragraph("第一章 发展基础")
    d.add_paragraph("表1 主要指标")
    t = d.add_table(rows=61, cols=7)
    t.style = "Table Grid"
    for c, h in enumerate(["领域", "序号", "指标名称", "单位", "2025年", "2030年", "属性"]):
        t.cell(0, c).text = h
    for r in range(1, 61):
        cells = ["健康服务", str(r), f"第{r}项监测指标", "%", f"{40 + r / 2}", f"≥{50 + r / 2}", "预期性"]
        for c, v in enumerate(cells):
            t.cell(r, c).text = v
    body = "加强县域医疗卫生服务体系建设，推进优质医疗资源扩容下沉和区域均衡布局，提升基层医疗卫生服务能力。" * 6
    for ch in range(2, 14):
        d.add_paragraph(f"第{'二三四五六七八九十'[ch - 2] if ch <= 10 else '十' + '一二三'[ch - 11]}章 主要任务{ch}")
        for s in range(1, 5):
            d.add_paragraph(f"{'一二三四'[s - 1]}、重点工作{s}")
            for _ in range(3):
                d.add_paragraph(body)
        d.add_paragraph(f"专栏{ch - 1} 重点工程{ch - 1}")
        for k in range(1, 4):
            d.add_paragraph(f"{k}.项目{k}建设：新建业务用房{k}000平方米，配齐设备。")
    path = folder / "long.docx"
    d.save(path)
    return path


def to_pdf(path: Path, folder: Path) -> Path | None:
    program = office_program()
    if program is None:
        return None
    subprocess.run([program, "--headless", f"-env:UserInstallation={(folder / 'p').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=300)
    return path.with_suffix(".pdf")


def bare_pdf(data: bytes) -> None:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def bare_docx(data: bytes) -> None:
    import io

    import docx

    d = docx.Document(io.BytesIO(data))
    for item in d.iter_inner_content():
        getattr(item, "text", None)


def main() -> None:
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docx_path = long_plan(folder)
        pdf_path = to_pdf(docx_path, folder)
        cases = [(docx_path, bare_docx, "python-docx 逐段取文字")]
        if pdf_path is not None:
            import pdfplumber

            with pdfplumber.open(pdf_path) as pdf:
                pages = len(pdf.pages)
            cases.append((pdf_path, bare_pdf, f"pdfplumber 逐页取文字（{pages}页）"))
        cases += [(CORPUS / "c02_muchuan15.pdf", bare_pdf, "pdfplumber 逐页取文字"),
                  (CORPUS / "c12_jinkouhe14_long_table.pdf", bare_pdf, "pdfplumber 逐页取文字"),
                  (CORPUS / "c01_muchuan15.docx", bare_docx, "python-docx 逐段取文字")]
        for path, bare, label in cases:
            data = path.read_bytes()
            repeat = 3 if len(data) > 100_000 else 7
            ours = median_ms(lambda d=data, n=path.name: read_plan_bytes(d, n), repeat=repeat, warmup=1)
            floor = median_ms(lambda d=data, extract=bare: extract(d), repeat=repeat, warmup=1)
            if path.suffix == ".pdf":
                goal = "≤ 2×: " + ("met" if ours <= 2 * floor else "NOT met")
                if path.name == "long.pdf":
                    goal += "; < 3 s: " + ("met" if ours < 3000 else "NOT met")
            else:   # a Word file's text is read in milliseconds: the ratio shows the structure's cost
                goal = "< 100 ms: " + ("met" if ours < 100 else "NOT met")
            print(row(f"read {path.name} ({len(data) // 1024} KB)", ours, label, floor, goal))


if __name__ == "__main__":
    main()
