"""A plan as read from its document: what the reader finds and the database stores."""

from __future__ import annotations

from dataclasses import dataclass, field

from .period import DEFAULT as DEFAULT_PERIOD
from .period import Period

LEVELS = ("市", "县", "区")
ATTRIBUTES = ("预期性", "约束性")


@dataclass
class Indicator:
    """One row of the main indicator table, its cells as printed (whitespace collapsed)."""

    order: int
    seq: str
    domain: str
    name: str
    unit: str
    baseline: str
    target: str
    attribute: str
    name_printed: str = ""
    parent_seq: str = ""  # a "其中：" sub-row names the row it belongs to
    catalogue_key: str = ""
    note: str = ""
    lead_unit: str = ""   # 责任单位 / 牵头单位 when the table names one
    direction: str = ""   # '' (judged from the meaning), 'higher' or 'lower' as the clerk set it


@dataclass
class BoxItem:
    name: str
    text: str


@dataclass
class Box:
    """A 专栏: a numbered box of key projects."""

    no: int
    title: str
    items: list[BoxItem] = field(default_factory=list)


@dataclass
class Section:
    """A heading of the plan (chapter, section or numbered item) with the text under it."""

    level: int
    marker: str
    title: str
    text: str = ""


@dataclass
class ReferenceTable:
    """Another indicator table of the plan, kept as printed (e.g. the 十三五 completion table)."""

    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Finding:
    """Something the reader noticed and the user should see beside the row it concerns."""

    where: str
    message: str


@dataclass
class PlanDocument:
    title: str
    region: str
    level: str
    parent_region: str
    draft: bool = False
    issuer: str = ""
    issued: str = ""
    period: str = DEFAULT_PERIOD.label
    source_name: str = ""
    source_hash: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    reference_tables: list[ReferenceTable] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def span(self) -> Period:
        return Period.from_stored(self.period)

    def summary(self) -> dict:
        """The shape `plan import --dry-run --json` prints."""
        return {
            "title": self.title,
            "region": self.region,
            "level": self.level,
            "parent_region": self.parent_region,
            "draft": self.draft,
            "issuer": self.issuer,
            "issued": self.issued,
            "period": self.period,
            "baseline_year": self.span.baseline_year,
            "target_year": self.span.target_year,
            "indicators": [
                {
                    "seq": i.seq,
                    "domain": i.domain,
                    "name": i.name,
                    "unit": i.unit,
                    "baseline": i.baseline,
                    "target": i.target,
                    "attribute": i.attribute,
                    "catalogue_key": i.catalogue_key,
                    "parent_seq": i.parent_seq,
                    "lead_unit": i.lead_unit,
                }
                for i in self.indicators
            ],
            "boxes": [
                {"no": b.no, "title": b.title,
                 "items": [{"name": it.name, "text": it.text} for it in b.items]}
                for b in self.boxes
            ],
            "sections": [{"level": s.level, "title": s.title} for s in self.sections],
            "reference_tables": [
                {"title": t.title, "header": t.header, "rows": t.rows} for t in self.reference_tables
            ],
            "findings": [{"where": f.where, "message": f.message} for f in self.findings],
        }
