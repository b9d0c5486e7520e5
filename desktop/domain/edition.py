"""A corrected edition of a plan already in the file: what changes between the stored plan and
the new text. Indicators are matched by name (then by catalogue key), projects by their 专栏 and
name. Nothing is removed: an indicator or project the new text no longer has is kept, with its
values, and said so — an edition never erases what people entered."""

from __future__ import annotations

from dataclasses import dataclass, field

from .plan import Indicator, PlanDocument

# stored indicator column -> the document's field
FIELDS = {"seq": "seq", "domain": "domain", "unit": "unit", "baseline_text": "baseline",
          "target_text": "target", "attribute": "attribute", "name_printed": "name_printed"}
LABELS = {"seq": "序号", "domain": "领域", "unit": "单位", "baseline_text": "基期值", "target_text": "目标值",
          "attribute": "属性", "name_printed": "原文名称"}


@dataclass
class Edition:
    changed: dict[int, dict[str, str]] = field(default_factory=dict)   # indicator id -> column -> new
    added: list[Indicator] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)                      # only in the stored plan
    new_projects: list[tuple[int, str, str, str]] = field(default_factory=list)   # box no, box title, name, text
    plan_fields: dict[str, str] = field(default_factory=dict)          # title, issuer, issued
    lines: list[str] = field(default_factory=list)                     # the differences, as sentences

    @property
    def empty(self) -> bool:
        return not (self.changed or self.added or self.new_projects or self.plan_fields)


def compare(stored_plan: dict, stored_indicators: list, stored_boxes: list[dict], doc: PlanDocument) -> Edition:
    """stored_plan: the plan's title/issuer/issued; stored_indicators: StoredIndicator rows;
    stored_boxes: boxes with their items (names)."""
    out = Edition()
    for key, label in (("title", "标题"), ("issuer", "发文单位"), ("issued", "印发日期")):
        new = getattr(doc, key, "") or ""
        if new and new != (stored_plan.get(key) or ""):
            out.plan_fields[key] = new
            out.lines.append(f"规划{label}：“{stored_plan.get(key) or '（空）'}”→“{new}”")
    by_name = {s.name: s for s in stored_indicators}
    by_key = {s.catalogue_key: s for s in stored_indicators if s.catalogue_key}
    matched: set[int] = set()
    for ind in doc.indicators:
        s = by_name.get(ind.name) or (by_key.get(ind.catalogue_key) if ind.catalogue_key else None)
        if s is None or s.id in matched:
            out.added.append(ind)
            out.lines.append(f"新增指标：{ind.name}（{ind.unit or '无单位'}，"
                             f"基期{ind.baseline or '—'}，目标{ind.target or '—'}）")
            continue
        matched.add(s.id)
        diff = {}
        for column, attr in FIELDS.items():
            new = (getattr(ind, attr) or "").strip()
            old = (getattr(s, column) or "").strip()
            if column == "attribute" and not new:
                continue
            if new != old and (new or column not in ("name_printed",)):
                diff[column] = new
                out.lines.append(f"{s.name}：{LABELS[column]}“{old or '（空）'}”→“{new or '（空）'}”")
        if s.name != ind.name:
            diff["name"] = ind.name
            out.lines.append(f"指标名称：“{s.name}”→“{ind.name}”")
        if diff:
            out.changed[s.id] = diff
    for s in stored_indicators:
        if s.id not in matched:
            out.kept.append(s.name)
            renamed = [a.name for a in out.added if a.unit == s.unit and (a.baseline or "") == (s.baseline_text or "")]
            hint = f"（可能改名为“{renamed[0]}”，请核对）" if len(renamed) == 1 else ""
            out.lines.append(f"新文本中没有“{s.name}”：保留原指标及已填报的数据{hint}")
    have = {(b["no"], j["name"]) for b in stored_boxes for j in b["items"]}
    for box in doc.boxes:
        for item in box.items:
            if (box.no, item.name) not in have:
                out.new_projects.append((box.no, box.title, item.name, item.text))
                out.lines.append(f"新增专栏项目：专栏{box.no} {item.name}")
    return out
