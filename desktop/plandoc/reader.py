"""Read a plan document (.txt or .docx) into a PlanDocument."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from ..domain.errors import DocumentError, os_reason
from ..domain.numbers import fold_width
from ..domain.period import DEFAULT, Period, named_in, span_in
from ..domain.plan import Finding, PlanDocument
from .blocks import Paragraph
from .front_matter import read_front_matter
from .indicator_table import column_roles, header_years
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


def read_period(title: str, text: str, years: tuple[int | None, int | None],
                caption: str = "") -> tuple[Period, list[Finding]]:
    """The plan's period. The target year from, in order: the main table's header, its caption
    ("表1 主要指标（2025年基期、2030年目标）"), years in the title ("（2026—2030年）"), the title's
    name ("十五五", "第十五个五年规划"), the text ("到2030年", the nearest such year; a finding
    says it was only inferred). A five-year plan's baseline is five years before its target; a
    header naming another baseline year is told. Where the sources disagree, a finding says which
    was taken."""
    findings: list[Finding] = []
    base, target = years
    cap_base, cap_target = caption_years(caption)
    base = base if base is not None else cap_base
    target = target if target is not None else cap_target
    titled = span_in(title) or named_in(title)
    said = _years_in_text(text)
    source = "指标表"
    if target is None and base is not None:
        target = base + 5
    if target is None and titled is not None:
        target, source = titled.target_year, "标题"
    if target is None and said is not None:
        target, source = said, "正文"
        findings.append(Finding("规划期", f"指标表和标题没有写明规划期，按正文“到{said}年”推定为"
                                          f"{Period(said - 5, said).long_name}，请核对"))
    if target is None:
        findings.append(Finding("规划期", f"指标表、标题和正文都没有写明规划期，按{DEFAULT.long_name}处理，"
                                          "请在预览中核对"))
        return DEFAULT, findings
    five_year = (base is None or base == target - 5 or target % 5 == 0 or not 0 < target - base <= 10
                 or (titled is not None and titled.target_year == target))
    # a plan that is not a five-year one (2023–2027) keeps the years its header names
    period = Period(target - 5, target) if five_year else Period(base, target)
    if base is not None and base != period.baseline_year:
        findings.append(Finding("规划期", f"指标表的基期列为{base}年，规划期按{period.long_name}，"
                                          f"时序进度从{period.baseline_year}年算起，请核对"))
    if titled is not None and titled != period:
        findings.append(Finding("规划期", f"标题为{titled.long_name}，但{source}为{period.baseline_year}年基期、"
                                          f"{period.target_year}年目标；已按{source}读取为{period.long_name}，请核对"))
    elif source == "指标表" and said is not None and said != period.target_year:
        findings.append(Finding("规划期", f"正文写“到{said}年”，指标表目标年为{period.target_year}年；"
                                          f"已按指标表读取，请核对"))
    return period, findings


def caption_years(caption: str) -> tuple[int | None, int | None]:
    """A caption's '2025年基期' / '基期（2025年）' and '2030年目标' (as header cells would say them)."""
    text = fold_width(caption or "")
    if not re.search(r"(?:19|20)\d\d", text):
        return None, None
    cells = [c for c in re.split(r"[、，,；;（）()和与及]", text) if re.search(r"(?:19|20)\d\d", c)]
    roles = column_roles(cells)
    base = next((max(header_years(c)) for c, r in zip(cells, roles, strict=True)
                 if r == "baseline" and any(w in c for w in ("基期", "现状", "基数", "基准"))), None)
    target = next((max(header_years(c)) for c, r in zip(cells, roles, strict=True)
                   if r == "target" and any(w in c for w in ("目标", "预期值", "规划值"))), None)
    return base, target


def _years_in_text(text: str) -> int | None:
    """The year the text aims at ("到2030年", "至2030年"): of the years it names so, the nearest
    that ends a five-year period — a 2035 远景目标 beside 2030 targets is the longer view."""
    years = {int(y) for y in re.findall(r"(?:到|至)\s*((?:19|20)\d\d)\s*年", text or "")}
    ends = sorted(y for y in years if y % 5 == 0)
    if ends:
        return ends[0]
    return Counter(years).most_common(1)[0][0] if years else None


def read_plan_bytes(data: bytes, name: str) -> PlanDocument:
    suffix = Path(name).suffix.lower()
    rejoin = False    # a Word or PDF paragraph is whole already; only plain text was cut by page breaks
    if suffix == ".docx" or data[:2] == b"PK":
        from .docx_source import docx_blocks

        blocks = docx_blocks(data, name)
        full_text = "\n".join(b.text for b in blocks if isinstance(b, Paragraph))
    elif suffix == ".pdf" or data[:5] == b"%PDF-":
        from .pdf_source import pdf_blocks

        blocks = pdf_blocks(data, name)
        full_text = "\n".join(b.text for b in blocks if isinstance(b, Paragraph))
    elif suffix in (".doc", ".wps") or data[:4] == b"\xd0\xcf\x11\xe0":
        from .doc_source import converted_docx
        from .docx_source import docx_blocks

        blocks = docx_blocks(converted_docx(data, name), name)
        full_text = "\n".join(b.text for b in blocks if isinstance(b, Paragraph))
    else:
        full_text = decode(data, name)
        blocks = text_blocks(full_text)
        rejoin = True
    blocks = normalise_blocks(blocks, rejoin=rejoin)
    paras = [b for b in blocks if isinstance(b, Paragraph)]
    fm = read_front_matter(paras, full_text)
    named = named_in(fm.title or "")
    parts = read_parts(blocks, named.target_year if named else None)
    if not parts.indicators:
        found = [f"{len(parts.sections)} 个章节标题", f"{len(parts.boxes)} 个专栏"]
        hint = ("；PDF 中没有框线的表格无法识别，可把原文另存为 .docx 或复制为文本后再导入"
                if suffix == ".pdf" or data[:5] == b"%PDF-" else "")
        raise DocumentError(
            f"“{name}”中没有找到主要指标表（应有“指标”、基期年份和目标年份等列，如“2025年”“2030年目标”），"
            f"只找到{'、'.join(found)}；未导入任何内容{hint}",
        )
    period, period_findings = read_period(fm.title or "", full_text, parts.main_years, parts.main_caption)
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

