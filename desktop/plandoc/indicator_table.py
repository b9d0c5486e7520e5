"""The main indicator table (and any other indicator table) from a table block."""

from __future__ import annotations

import re

from ..domain import catalogue, units
from ..domain.numbers import fold_width
from ..domain.plan import Finding, Indicator, ReferenceTable
from .blocks import MERGED, Table, collapse, squeeze

ROLES = ("domain", "seq", "name", "unit", "baseline", "target", "attribute")


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_BASE_WORDS = ("基期", "现状", "基数", "基准", "基础值")
_TARGET_WORDS = ("目标", "预期值", "规划值")


def header_years(cell: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(fold_width(squeeze(cell)))]


def column_roles(header: list[str]) -> list[str]:
    """What each column holds, from the header's wording, whatever the column order and the
    period: '2025年基期值', '基期值（2025年）', '2030年目标'; two bare years ('2025年', '2030年'):
    the earlier is the baseline, the later the target."""
    roles = []
    for cell in header:
        c = fold_width(squeeze(cell))
        if "领域" in c or c in {"类别", "分类"}:
            role = "domain"
        elif "序号" in c or c in {"编号", "序"}:
            role = "seq"
        elif "性质" in c or "属性" in c or c == "类型":
            role = "attribute"
        elif re.search(r"(责任|牵头|主责|负责|承办|配合)(单位|部门)", c):
            role = "lead"          # 责任单位 / 牵头单位: who answers for the indicator
        elif "远景" in c:
            role = "other"         # 2035年远景目标: the long view beyond the plan, not its target
        elif "单位" in c and not header_years(c) and "指标" not in c:
            role = "unit"          # '指标名称（单位）' is the name column, its unit in brackets
        elif any(w in c for w in _BASE_WORDS):
            role = "baseline"
        elif any(w in c for w in _TARGET_WORDS):
            role = "target"
        elif header_years(c):
            role = "year"
        elif "指标" in c:
            role = "name"
        else:
            role = "other"
        roles.append(role)
    return _place_years(roles, [header_years(h) for h in header], header)


def _as_baseline(text: str) -> int:
    """How well a dated column's wording fits a baseline (lower fits better): what was reached
    (2025年完成情况, 2025年实际) before a bare year, and a bare year before a planned one
    (2025年规划目标: the last plan's target, not where this plan starts)."""
    t = fold_width(squeeze(text))
    if re.search(r"完成|实际|现状|基期|基数|预计|达到", t):
        return 0
    if any(w in t for w in _TARGET_WORDS) or "规划" in t:
        return 2
    return 1


def _place_years(roles: list[str], years: list[list[int]], header: list[str] | None = None) -> list[str]:
    """Columns named only by a year become the baseline (the earliest) and the target (the
    latest), unless the wording already placed one of them; any year between is 'other'. Two
    dated columns under one spanning cell ("规划目标" or "基期值及目标值" over 2025年 | 2030年) are
    told apart by their years."""
    for role in ("target", "baseline"):
        same = [k for k, r in enumerate(roles) if r == role and years[k]]
        if len(same) >= 2:
            roles = list(roles)
            for k in same:
                roles[k] = "year"
    bare = [k for k, r in enumerate(roles) if r == "year"]
    if not bare:
        return roles
    out = list(roles)
    by_year = sorted(bare, key=lambda k: max(years[k]))
    if "target" not in out:
        out[by_year.pop()] = "target"
    if "baseline" not in out and by_year:
        # of several earlier years (2024年实际 / 2025年 / 2030年), the one five years before the
        # target is the baseline; else the latest before it
        aim = max((max(years[k]) for k, r in enumerate(out) if r == "target" and years[k]), default=None)
        five = [k for k in by_year if aim is not None and max(years[k]) == aim - 5]
        latest = [k for k in by_year if max(years[k]) == max(years[by_year[-1]])]
        choice = five or latest
        if header is not None:       # of two columns of that year, the one reached, not the one planned
            choice = sorted(choice, key=lambda k: _as_baseline(header[k]))
        out[choice[0]] = "baseline"
    return [("other" if r == "year" else r) for r in out]


_HEADER_PART = re.compile(r"[（(]?(?:(?:19|20)\d\d\s*年?)?[)）]?(?:基期值?|目标值?|现状值?|预期值|规划值|实际值?|预计)?"
                          r"[（(]?(?:(?:19|20)\d\d\s*年?)?[)）]?")


def merge_header_rows(table: Table) -> Table:
    """A Word table whose header spans two rows (基期值 / 目标值 above, 2025年 / 2030年 below, the
    other cells merged down): the second row joins the header instead of becoming an indicator."""
    header, rows = list(table.header), list(table.rows)
    while rows:
        row = rows[0]
        cells = [fold_width(squeeze(c)) for c in row]
        above = [fold_width(squeeze(c)) for c in header]
        informative = any(c and (k >= len(above) or c != above[k]) for k, c in enumerate(cells))
        fits = all(not c or (k < len(above) and c == above[k]) or _HEADER_PART.fullmatch(c)
                   for k, c in enumerate(cells))
        if not (informative and fits and len(row) <= len(header)):
            break
        header = [h if (k >= len(cells) or not cells[k] or cells[k] == above[k]) else h + row[k]
                  for k, h in enumerate(header)]
        rows.pop(0)
    if rows == table.rows:
        return table
    return Table(rows=rows, line=table.line, cell_per_line=table.cell_per_line, header=header)


def table_years(header: list[str]) -> tuple[int | None, int | None]:
    """The baseline and target years a main table's header names (None where it names none)."""
    roles = column_roles(header)
    found = {}
    for role, cell in zip(roles, header, strict=True):
        ys = header_years(cell)
        if role in ("baseline", "target") and ys and role not in found:
            found[role] = max(ys) if role == "target" else min(ys)
    return found.get("baseline"), found.get("target")


def is_main_table(table: Table) -> bool:
    """An indicator table with a target column, and a baseline column or a year in its header."""
    roles = column_roles(table.header)
    dated = any(header_years(h) for h in table.header)
    return "name" in roles and "target" in roles and (dated or "baseline" in roles)


def is_header_row(row: list[str], header: list[str]) -> bool:
    return [squeeze(c) for c in row if c] == [squeeze(c) for c in header if c]


def _fit_row(row: list[str], roles: list[str]) -> list[str]:
    """Pad or shift a row whose empty leading cell was lost in conversion."""
    row = list(row)
    while len(row) > len(roles) and not row[-1]:
        row.pop()
    if (len(row) == len(roles) - 1 and roles[:2] == ["domain", "seq"]
            and re.fullmatch(r"\d{1,3}", row[0] or "")):
        row.insert(0, "")
    return row + [""] * (len(roles) - len(row))


# the 领域 labels of health plans' indicator tables: a label a text conversion split over two rows
# of one merged cell ('健康' / '生活') is joined only when the two halves make one of these
DOMAIN_LABELS = frozenset({
    "健康水平", "健康生活", "健康服务", "健康保障", "健康环境", "健康产业", "健康素养", "疾病防控",
    "疾病预防控制", "妇幼健康", "老龄健康", "医疗服务", "公共卫生", "卫生资源", "卫生健康资源", "中医药",
    "中医药服务", "人口发展", "医疗保障", "健康支撑", "服务体系", "人才队伍",
})


def _carry_domains(domains: list[str]) -> list[str]:
    """Merged domain cells: carried down; a label split over two rows ('健康' / '生活') joined
    when the halves make a known 领域 label that neither half is (妇幼 and 老龄 stay two)."""
    out = list(domains)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if (a and b and a != b and a + b in DOMAIN_LABELS and a not in DOMAIN_LABELS
                and b not in DOMAIN_LABELS):
            out[k] = out[k + 1] = a + b
    current = ""
    for k, d in enumerate(out):
        current = d or current
        out[k] = current
    return out


_GROUP_MARK = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[、.．])\s*")


class _Row(list):
    source: int = 0
    merged: tuple[str, ...] = ()     # value columns whose cell a merge covered (PDF): unread


def _group_rows(rows: list[list[str]], roles: list[str]) -> tuple[list[list[str]], dict[int, str]]:
    """Cells a merge covered (PDF) filled from the row above for the domain, unit and attribute
    columns; a row holding one label across the table ("一、健康水平") taken out as the domain of
    the rows below it. Returns the rows and {row index: domain label}."""
    out: list[list[str]] = []
    group_of: dict[int, str] = {}
    label = ""
    for row in rows:
        texts = list(dict.fromkeys(c for c in row if c and c != MERGED))
        if (len(texts) == 1 and len(row) >= 3 and not re.search(r"\d+\.\d|[%‰≥≤<>]", texts[0])
                and len(texts[0]) <= 20 and sum(1 for c in row if c and c != MERGED) in (1, len(row))):
            label = _GROUP_MARK.sub("", squeeze(texts[0]))
            continue
        fixed = _Row()
        fixed.source = id(row)      # which row of the table it was (a short one is told)
        for k, c in enumerate(row):
            if c == MERGED:
                role = roles[k] if k < len(roles) else "other"
                c = out[-1][k] if out and role in ("domain", "unit", "attribute") and k < len(out[-1]) else ""
                if role in ("baseline", "target"):
                    fixed.merged += (role,)
            fixed.append(c)
        if label:
            group_of[len(out)] = label
        out.append(fixed)
    return out, group_of


def _shifted(raw: list[str], cells: dict[str, str], roles: list[str]) -> bool:
    """A row with a cell left out (a tab-separated line missing its empty baseline): its values
    slid left — an attribute word or a number lands where the unit, baseline or target belongs."""
    filled = list(raw)
    while filled and not filled[-1]:
        filled.pop()
    if len(filled) >= len(roles):
        return False
    attribute_elsewhere = any(squeeze(cells.get(r, "")) in ("预期性", "约束性")
                              for r in ("unit", "baseline", "target", "name"))
    number_in_unit = bool(re.fullmatch(r"[<>≤≥＜＞]?\s*\d+(?:\.\d+)?%?", squeeze(cells.get("unit", ""))))
    return attribute_elsewhere or number_in_unit


_FOOTNOTE = re.compile(r"[①-⑳⑴-⒇]+$|[（(]注\d?[）)]$")      # 人均预期寿命① — see the note under the table
_MARKS = "*＊▲★△☆"
_MARK = re.compile(f"[{re.escape(_MARKS)}]+")
_NOTE = re.compile(rf"(?:带|标注|标有|标记|标|加|注有|有)\s*[“\"]?([{re.escape(_MARKS)}])[”\"]?\s*(?:号|符号)?\s*"
                   r"(?:的|者)?\s*(?:指标)?\s*(?:为|是|属于)\s*(约束性|预期性)")


def _mark_meanings(note: str) -> dict[str, str]:
    """'注：带*的为约束性指标，带▲的为预期性指标' -> {'*': '约束性', '▲': '预期性'}: only the marks
    the note says are an attribute (带★的为新增指标 is not one)."""
    found: dict[str, str] = {}
    for m in _NOTE.finditer(fold_width(note or "").replace("＊", "*")):
        found.setdefault(m.group(1), m.group(2))
    return found


def _other(attribute: str) -> str:
    return "预期性" if attribute == "约束性" else "约束性"


def read_indicators(table: Table, note: str = "") -> tuple[list[Indicator], list[Finding]]:
    """The indicator rows. `note`: the line under the table ("注：带*的为约束性指标"), which gives
    the meaning of a mark on a name where the table has no 属性 column (or the mark overrides it)."""
    roles = column_roles(table.header)
    findings: list[Finding] = []
    meanings = _mark_meanings(note)
    marked_rows: list[int] = []            # rows whose name carries any mark
    noted: list[int] = []                  # rows whose name carries a footnote (①) the note explains
    by_note: dict[str, list[int]] = {}     # attribute -> the rows the note's marks give it
    unsaid: list[int] = []                 # rows the note's marks leave open (it names both)
    no_attribute = "attribute" not in roles
    kept = [k for k, r in enumerate(table.rows) if any(r) and not is_header_row(r, table.header)]
    raw, group_of = _group_rows([table.rows[k] for k in kept], roles)
    short = {id(table.rows[k]) for k in table.short_rows}
    short_rows = {order for order, r in enumerate(raw, 1) if getattr(r, "source", None) in short}
    rows = [_fit_row(r, roles) for r in raw]
    for k, label in group_of.items():     # a row "一、健康水平" across the table names the domain
        if k < len(rows) and "domain" in roles and not rows[k][roles.index("domain")]:
            rows[k][roles.index("domain")] = label
    cells = [dict(zip(roles, r, strict=False)) for r in rows]
    for order, (before, c) in enumerate(zip(raw, cells, strict=True), 1):
        if order in short_rows:
            findings.append(Finding(f"指标表第{order}行", "该行在下一行的序号前就结束了，少了一格（原文空着的格？），"
                                    "基期值和目标值可能错位，请核对"))
            continue
        filled = len(before)
        while filled and not before[filled - 1]:
            filled -= 1
        if filled > len(roles):
            findings.append(Finding(f"指标表第{order}行", f"该行有{filled}格，多于表头的{len(roles)}列"
                                    "（多了一个制表符或空格？），数值可能错位，请核对"))
        elif _shifted(before, c, roles):
            findings.append(Finding(f"指标表第{order}行", f"该行只有{len([x for x in before if x])}格，少于表头的"
                                    f"{len(roles)}列，数值可能错位（原文空着的格请补“—”），请核对"))
    domains = _carry_domains([squeeze(c.get("domain", "")) or group_of.get(k, "") for k, c in enumerate(cells)])
    indicators: list[Indicator] = []
    seen: set[str] = set()
    parent_seq = ""
    for order, (c, domain) in enumerate(zip(cells, domains, strict=True), 1):
        where = f"指标表第{order}行"
        printed = collapse(c.get("name", ""))
        if not printed:
            findings.append(Finding(where, "指标名称为空，已跳过该行"))
            continue
        marks = {ch for ch in printed.replace("＊", "*") if ch in _MARKS}
        if marks:
            marked_rows.append(order)
        said = {meanings[m] for m in marks if m in meanings}
        footnoted = _FOOTNOTE.search(printed)
        if footnoted:
            noted.append(order)
        name, unit = units.split_name_unit(_FOOTNOTE.sub("", _MARK.sub("", printed)).strip())
        unit = collapse(c.get("unit", "")) or unit
        sub = bool(re.match(r"^其中[：:]", name))
        seq = collapse(c.get("seq", ""))
        if sub:
            name = re.sub(r"^其中[：:]\s*", "", name)
        attribute = squeeze(c.get("attribute", ""))
        if attribute.startswith("约束"):      # 约束性指标, 约束
            attribute = "约束性"
        elif attribute.startswith("预期"):
            attribute = "预期性"
        if meanings and (no_attribute or attribute not in ("预期性", "约束性")):
            if len(said) == 1:
                attribute = said.pop()
                by_note.setdefault(attribute, []).append(order)
            elif said:
                findings.append(Finding(where, "指标名称的标记按表下注既是约束性又是预期性，按预期性处理，请核对"))
                attribute = "预期性"
            elif len(set(meanings.values())) == 1:     # the one attribute the note names, or the other
                attribute = _other(next(iter(meanings.values())))
            else:
                attribute = "预期性"
                unsaid.append(order)
        elif no_attribute:
            attribute = "预期性"            # said once for the table, below
        elif attribute not in ("预期性", "约束性"):
            findings.append(Finding(where, f"指标性质“{attribute}”无法识别，按预期性处理"))
            attribute = "预期性"
        ind = Indicator(
            order=order, seq=seq, domain=domain, name=name, unit=unit,
            baseline=collapse(c.get("baseline", "")), target=collapse(c.get("target", "")),
            attribute=attribute, name_printed=printed,
            parent_seq=parent_seq if sub else "",
            catalogue_key=catalogue.match(name, unit), lead_unit=collapse(c.get("lead", "")),
        )
        if seq and seq in seen:
            findings.append(Finding(where, f"序号{seq}与前面的行重复（按原文保留）"))
        if seq:
            seen.add(seq)
        if not sub:
            if "seq" not in roles:  # a table without a 序号 column: number its main rows
                seq = ind.seq = str(1 + sum(1 for i in indicators if not i.parent_seq))
            parent_seq = seq
        merged = [r for r in getattr(raw[order - 1], "merged", ()) if not getattr(ind, r)]
        if merged:
            said = "和".join("基期值" if r == "baseline" else "目标值" for r in merged)
            findings.append(Finding(where, f"{said}的单元格与上方或左侧的单元格合并，PDF 中读不出它属于哪一行，"
                                           "未导入，请对照原文填写"))
        elif not ind.baseline and not ind.target:
            findings.append(Finding(where, "基期值和目标值都为空"))
        for label, value in (("基期值", ind.baseline), ("目标值", ind.target)):
            if len(re.findall(r"\d+(?:\.\d+)?", value)) == 2 and re.search(r"[/\s]", value):
                findings.append(Finding(where, f"{label}“{value}”一格内有两个值"))
        indicators.append(ind)
    if noted and squeeze(note):
        said = re.sub(r"^(?:注|说明)\s*[：:]\s*", "", collapse(note))
        findings.insert(0, Finding("指标表", f"第{'、'.join(map(str, noted))}行的指标带注释，表下注：{said}"))
    if no_attribute and meanings:
        said_how = "，".join(f"带{m}的为{a}指标" for m, a in meanings.items())
        given = "，".join(f"第{'、'.join(map(str, rows))}行为{a}" for a, rows in by_note.items()) or "没有行带这些标记"
        if len(set(meanings.values())) == 1:
            rest = f"其余为{_other(next(iter(meanings.values())))}"
        else:
            rest = (f"第{'、'.join(map(str, unsaid))}行没有这些标记，按预期性处理，请核对" if unsaid else "")
        findings.insert(0, Finding("指标表", f"表中没有指标性质列，按表下注“{said_how}”读取：{given}"
                                          + (f"，{rest}" if rest else "")))
    elif no_attribute and marked_rows:
        rows_text = "、".join(map(str, marked_rows))
        findings.insert(0, Finding("指标表", f"表中没有指标性质列；第{rows_text}行的指标名称带标记，"
                                          "但表下没有说明标记的含义，全部按预期性处理，请核对"))
    elif no_attribute:
        findings.insert(0, Finding("指标表", "表中没有指标性质列，全部按预期性处理，请核对约束性指标"))
    return indicators, findings


def read_reference(table: Table, title: str) -> ReferenceTable:
    roles = column_roles(table.header)
    rows = [_fit_row(r, roles) for r in table.rows
            if any(r) and not is_header_row(r, table.header)]
    if "domain" in roles:
        k = roles.index("domain")
        for row, d in zip(rows, _carry_domains([squeeze(r[k]) for r in rows]), strict=True):
            row[k] = d
    return ReferenceTable(title=title, header=[collapse(h) for h in table.header],
                          rows=[[collapse(c) for c in r] for r in rows])
