"""Read a plan document (.txt or .docx) into a PlanDocument."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..domain.errors import DocumentError, os_reason
from ..domain.plan import Finding, PlanDocument
from .blocks import Paragraph
from .front_matter import read_front_matter
from .structure import normalise_blocks, read_parts
from .text_source import decode, text_blocks

MAX_BYTES = 50 * 1024 * 1024


def read_plan_file(path: str | Path) -> PlanDocument:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(f"文件“{p.name}”有 {size // 1024 // 1024} MB，超过规划文本的合理大小（50 MB）")
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError(f"无法读取文件“{p.name}”：{os_reason(exc)}") from exc
    return read_plan_bytes(data, p.name)


# The reader places a table's columns for the 十四五 period only (baseline 2020, target 2025). A
# plan of another period is refused with the reason until periods are data: read as 十四五, its
# 2025 baseline would land in the target and its targets would be lost, and nothing would say so.
SUPPORTED_TARGET_YEAR = 2025
LATER_PERIODS = ("十五五", "十六五", "十七五")


def _refuse_another_period(name: str, title: str, years: list[int]) -> None:
    later = sorted(y for y in years if y > SUPPORTED_TARGET_YEAR)
    word = next((w for w in LATER_PERIODS if w in title), "")
    if not later and not word:
        return
    span = f"（指标表为{min(years)}–{max(years)}年）" if later else ""
    raise DocumentError(
        f"“{name}”是{('“' + word + '”') if word else '其他规划期的'}规划{span}。本版本只能按“十四五”"
        "（基期2020年、目标2025年）读取指标表，读取其他规划期会把基期放进目标、丢掉目标值，"
        "因此未导入任何内容；请等待支持新规划期的版本")


def read_plan_bytes(data: bytes, name: str) -> PlanDocument:
    suffix = Path(name).suffix.lower()
    if suffix == ".docx" or data[:2] == b"PK":
        from .docx_source import docx_blocks

        blocks = docx_blocks(data, name)
        full_text = "\n".join(b.text for b in blocks if isinstance(b, Paragraph))
    elif suffix in (".doc", ".wps", ".pdf"):
        raise DocumentError(f"不支持“{suffix}”格式，请在 Word 或 WPS 中另存为 .docx 或 .txt 后再导入")
    else:
        full_text = decode(data, name)
        blocks = text_blocks(full_text)
    blocks = normalise_blocks(blocks)
    paras = [b for b in blocks if isinstance(b, Paragraph)]
    fm = read_front_matter(paras, full_text)
    parts = read_parts(blocks)
    if not parts.indicators:
        found = [f"{len(parts.sections)} 个章节标题", f"{len(parts.boxes)} 个专栏"]
        raise DocumentError(
            f"“{name}”中没有找到主要指标表（应有“指标”“2020年”“2025年”等列），"
            f"只找到{'、'.join(found)}；未导入任何内容",
        )
    _refuse_another_period(name, fm.title or "", parts.main_years)
    doc = PlanDocument(
        title=fm.title or Path(name).stem, region=fm.region, level=fm.level or "县",
        parent_region=fm.parent_region, draft=fm.draft, issuer=fm.issuer, issued=fm.issued,
        source_name=name, source_hash=hashlib.sha256(data).hexdigest(),
        indicators=parts.indicators, boxes=parts.boxes, sections=parts.sections,
        reference_tables=parts.reference_tables, findings=parts.findings,
    )
    if not fm.region:
        doc.findings.append(Finding("标题", "未能从标题中识别出地区名称，请在预览中填写"))
    return doc

