"""Read a plan document (.txt or .docx) into a PlanDocument."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from ..domain.errors import DocumentError, os_reason
from ..domain.period import DEFAULT, Period, named_in
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


def read_period(title: str, text: str, years: tuple[int | None, int | None]) -> tuple[Period, list[Finding]]:
    """The plan's period, from the main table's header years first, then the title ("十五五"),
    then the text ("到2030年"); where they disagree a finding says so, and which was taken."""
    findings: list[Finding] = []
    base, target = years
    named = named_in(title)
    said = _years_in_text(text)
    if target is None and base is not None:
        target = base + 5
    if target is None:
        target = named.target_year if named else said
    if target is None:
        findings.append(Finding("规划期", f"指标表、标题和正文都没有写明规划期，按{DEFAULT.long_name}处理，"
                                          "请在预览中核对"))
        return DEFAULT, findings
    five = named is not None and named.target_year == target
    if base is not None and 0 < target - base <= 10 and (base == target - 5 or not five):
        period = Period(base, target)
    else:
        period = Period(target - 5, target)
        if base is not None:
            findings.append(Finding("规划期", f"指标表的基期列为{base}年，规划期按{period.long_name}，"
                                              f"时序进度从{period.baseline_year}年算起，请核对"))
    if named is not None and named != period:
        findings.append(Finding("规划期", f"标题为{named.long_name}，但指标表为{period.baseline_year}年基期、"
                                          f"{period.target_year}年目标；已按指标表读取为{period.long_name}，请核对"))
    elif said is not None and said != period.target_year and years[1] is not None:
        findings.append(Finding("规划期", f"正文多处写“到{said}年”，指标表目标年为{period.target_year}年；"
                                          f"已按指标表读取，请核对"))
    return period, findings


def _years_in_text(text: str) -> int | None:
    """The year the text most often aims at ("到2030年", "至2030年")."""
    counts = Counter(int(y) for y in re.findall(r"(?:到|至)\s*(20\d\d)\s*年", text or ""))
    return counts.most_common(1)[0][0] if counts else None


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
    named = named_in(fm.title or "")
    parts = read_parts(blocks, named.target_year if named else None)
    if not parts.indicators:
        found = [f"{len(parts.sections)} 个章节标题", f"{len(parts.boxes)} 个专栏"]
        raise DocumentError(
            f"“{name}”中没有找到主要指标表（应有“指标”、基期年份和目标年份等列，如“2025年”“2030年目标”），"
            f"只找到{'、'.join(found)}；未导入任何内容",
        )
    period, period_findings = read_period(fm.title or "", full_text, parts.main_years)
    doc = PlanDocument(
        title=fm.title or Path(name).stem, region=fm.region, level=fm.level or "县",
        parent_region=fm.parent_region, draft=fm.draft, issuer=fm.issuer, issued=fm.issued,
        source_name=name, source_hash=hashlib.sha256(data).hexdigest(),
        indicators=parts.indicators, boxes=parts.boxes, sections=parts.sections,
        reference_tables=parts.reference_tables, findings=period_findings + parts.findings,
        period=period.label,
    )
    if not fm.region:
        doc.findings.append(Finding("标题", "未能从标题中识别出地区名称，请在预览中填写"))
    return doc

