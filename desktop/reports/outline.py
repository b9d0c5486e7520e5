"""The reports as one model — headings, paragraphs, tables — built once from the facts; the PDF
(reportlab) and the Word document (python-docx) are two renderings of it. Two reports: the
year's 进展情况 (landscape, every year's value, the signature block) and the 中期/总结评估.

What people entered goes in (原因分析, 下一步措施, the report's 主要成效 / 存在问题 / 下一步工作);
where something is missing, a paragraph or cell carries a fill-in mark: the .docx shows it
highlighted for the clerk, the PDF prints only 未填写 in a table cell and nothing in the text.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field

from ..domain.checklist import completion
from ..domain.colours import GOOD, JUDGED, LIGHTS
from ..domain.numbers import fmt
from .model import ReportData


@dataclass
class Heading:
    level: int          # 1: 一、  2: （一）
    text: str


@dataclass
class Para:
    text: str = ""
    fill_in: str = ""   # what to write here, when nothing was entered


@dataclass
class Cell:
    text: str = ""
    fill_in: str = ""
    status: str = ""    # a judged status: coloured
    colour: str = ""    # text colour (a 督办 light, a binding attribute), hex without #


@dataclass
class Grid:
    header: list[str]
    rows: list[list[Cell]]
    widths: list[float]            # relative column widths
    wrap: list[bool] = field(default_factory=list)   # columns whose text wraps (names, sentences)


@dataclass
class Charts:
    """The PDF's pictures: status shares, domains met or on course, 专栏 completion. The Word
    document leaves them out (its status table and sentences say the same)."""
    counts: dict[str, int]
    domains: tuple[list[str], list[float]]
    boxes: tuple[list[str], list[float]]


@dataclass
class Signature:
    """填报人 / 审核人 / 单位负责人, 单位盖章 / 日期: where a printed return is signed."""


Block = Heading | Para | Grid | Charts | Signature


@dataclass
class Outline:
    title: str          # the plan's title
    kind: str           # 总结评估报告, 2025年度进展情况
    subtitle: str
    signer: str
    date: str
    blocks: list[Block]
    wide: bool = False  # landscape pages
    cover: bool = True  # a cover page (the evaluation report), or the title on the first page

    @property
    def full_title(self) -> str:
        return self.title + self.kind


def kind_of(data: ReportData) -> str:
    return "总结评估" if data.year >= data.period.target_year else "中期评估"


def cn_date(text: str) -> str:
    """2025-12-31 → 2025年12月31日, the one date form of the reports; anything else as it is."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    return f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日" if m else (text or "")


def evaluation_outline(data: ReportData) -> Outline:
    final = data.year >= data.period.target_year
    kind = kind_of(data)
    blocks: list[Block] = [Heading(1, "一、总体情况"), Para(overview(data, final))]
    if not final:
        likely = [r for r in data.indicators if r.projection == "预计能完成"]
        unlikely = [r for r in data.indicators if r.projection == "预计难以完成"]
        if likely or unlikely:
            blocks.append(Para(
                f"按已填报年份的变化趋势推算到{data.period.target_year}年，预计能完成目标的指标{len(likely)}项，"
                f"预计难以完成的{len(unlikely)}项" + (f"（{'、'.join(r.name for r in unlikely)}）" if unlikely else "")
                + "。"))
    blocks.append(Para(data.texts.get("成效", ""), fill_in="主要成效（本规划实施以来的主要成效）"))
    blocks += [Heading(1, "二、主要指标完成情况"), indicator_grid(data, final)]
    lagging = [r for r in data.indicators if r.status in ("滞后", "逆向") or r.warning]
    blocks.append(Heading(1, "三、滞后指标及原因"))
    if lagging:
        rows = [[Cell(r.name), Cell(r.status, status=r.status), Cell(r.explanation),
                 Cell(r.analysis or r.reason, fill_in="原因分析"), Cell(r.measures, fill_in="下一步措施")]
                for r in lagging]
        blocks.append(Grid(["指标", "判断", "说明", "原因分析", "下一步措施"], rows, [3, 1.3, 4.5, 3.5, 3.5],
                           [True, False, True, True, True]))
    else:
        blocks.append(Para(f"截至{data.year}年，没有滞后或逆向的指标。"))
    blocks += [Heading(1, "四、重点项目和任务进展"), Heading(2, "（一）专栏项目进展与投资"),
               *project_blocks(data), Heading(2, "（二）重点任务推进情况"), Para(task_sentence(data))]
    blocks.append(Heading(1, "五、存在问题"))
    blocks.append(Para(data.texts.get("问题", ""), fill_in="存在问题（结合下列滞后指标和项目进展）"))
    facts = [f"{r.name}{r.status}：{r.explanation}" for r in lagging]
    red = [r for r in data.projects if r.light == "red"]
    if red:
        facts.append(f"专栏项目逾期未完成{len(red)}个：{'、'.join(r.name for r in red[:8])}"
                     + ("等" if len(red) > 8 else "") + "。")
    blocks += [Para(f"{k}. {text}") for k, text in enumerate(facts, 1)]
    blocks.append(Heading(1, "六、下一步工作"))
    blocks.append(Para(data.texts.get("措施", ""), fill_in="下一步工作（针对存在问题的主要措施）"))
    for k, r in enumerate([r for r in lagging if r.measures], 1):
        blocks.append(Para(f"{k}. 针对{r.name}：{r.measures}"))
    return Outline(data.title, f"{kind}报告", f"（规划期{data.period.span_text}，数据截至{data.year}年底）",
                   data.unit or data.region, data.date, blocks)


def summary_outline(data: ReportData) -> Outline:
    """年度进展情况: where the plan stands this year, for the leadership and the stamp."""
    final = data.year >= data.period.target_year
    blocks: list[Block] = [Heading(1, "一、总体情况"), Para(overview(data, final)), status_tiles(data),
                           Charts(dict(data.counts), domain_progress(data), box_completion(data))]
    blocks += [Heading(1, "二、主要指标进展"), progress_grid(data)]
    blocks.append(Heading(1, "三、滞后指标和约束性指标预警"))
    lagging = [r for r in data.indicators if r.status in ("滞后", "逆向") or r.warning]
    if lagging:
        rows = [[Cell(r.name), Cell(r.attribute, colour="B71C1C" if r.attribute == "约束性" else ""),
                 Cell(r.status + ("（预警）" if r.warning else ""), status=r.status),
                 Cell(r.explanation + (f"；填报说明：{r.reason}" if r.reason else "")),
                 Cell(r.analysis, fill_in="原因分析"), Cell(r.measures, fill_in="下一步措施")] for r in lagging]
        blocks.append(Grid(["指标", "属性", "判断", "说明", "原因分析", "下一步措施"], rows,
                           [3, 1, 1.3, 4.5, 3.5, 3.5], [True, False, False, True, True, True]))
    else:
        blocks.append(Para(f"{data.year}年没有滞后或逆向的指标，约束性指标无预警。"))
    blocks += [Heading(1, "四、专栏项目进展"), *project_blocks(data, wide=True)]
    blocks += [Heading(1, "五、重点任务进展"), *task_blocks(data), Signature()]
    p = data.period
    subtitle = (f"规划期：{p.long_name}　{data.parent_region} {data.region}　填报单位：{data.unit or '　　　　'}　"
                f"填报人：{data.filler or '　　　'}　联系电话：{data.phone or '　　　'}　日期：{data.date}")
    return Outline(data.title, f"{data.year}年度进展情况", subtitle, data.unit or data.region, data.date,
                   blocks, wide=True, cover=False)


def status_tiles(data: ReportData) -> Grid:
    """How many indicators stand in each status: one row, each cell in its status colour."""
    from ..domain.colours import STATUSES

    return Grid(list(STATUSES), [[Cell(str(data.counts.get(s, 0)), status=s) for s in STATUSES]],
                [1] * len(STATUSES), [False] * len(STATUSES))


def domain_progress(data: ReportData) -> tuple[list[str], list[float | None]]:
    """Share of each domain's filled indicators that are met or on course; None where none of the
    domain's indicators is filled yet (not 0 %: nothing is known)."""
    groups: OrderedDict[str, list] = OrderedDict()
    for r in data.indicators:
        groups.setdefault(r.domain or "其他", []).append(r)
    labels, values = [], []
    for domain, rows in groups.items():
        filled = [r for r in rows if r.status != "未填报"]
        labels.append(_short(domain))
        values.append(100 * sum(1 for r in filled if r.status in GOOD) / len(filled) if filled else None)
    return labels, values


def _short(label: str, most: int = 12) -> str:
    """A chart's label, shortened visibly (…) where it would run off the chart."""
    return label if len(label) <= most else label[:most - 1] + "…"


def box_completion(data: ReportData) -> tuple[list[str], list[float]]:
    boxes: OrderedDict[str, list] = OrderedDict()
    for pr in data.projects:
        boxes.setdefault(pr.box, []).append(pr)
    labels, values = [], []
    for box, rows in boxes.items():
        done, total, _ = completion((r.status, r.progress) for r in rows)
        labels.append(_short(box))
        values.append(100 * done / total if total else 0)
    return labels, values


def progress_grid(data: ReportData) -> Grid:
    """Every year of the period up to the report's, for the landscape summary."""
    p = data.period
    years = [y for y in p.years if y <= data.year]
    header = ["序号", "领域", "指标", "单位", f"基期\n{p.baseline_year}", f"目标\n{p.target_year}", "属性",
              *[str(y) for y in years], "判断", "说明"]
    rows = [[Cell(r.seq), Cell(r.domain), Cell(r.name), Cell(r.unit), Cell(r.baseline), Cell(r.target),
             Cell(r.attribute, colour="B71C1C" if r.attribute == "约束性" else ""),
             *[Cell(r.values.get(y, "")) for y in years],
             Cell(r.status + ("（预警）" if r.warning else ""), status=r.status), Cell(r.explanation)]
            for r in data.indicators]
    widths = [1, 1.6, 4, 1, 1.3, 1.5, 1.1, *[1.1] * len(years), 1.6, 6]
    wrap = [False, False, True, False, False, False, False, *[False] * len(years), False, True]
    return Grid(header, rows, widths, wrap)


def task_sentence(data: ReportData) -> str:
    tasks = [t for t in data.tasks if t.counted]
    context = len(data.tasks) - len(tasks)
    if not data.tasks:
        return "本规划未列出任务章节。"
    if not tasks:
        return f"本规划的{context}个章节均为背景、原则、目标或章节标题，没有纳入统计的任务。"
    counts = OrderedDict((s, 0) for s in ("已完成", "推进中", "未启动", "已暂停", "已取消"))
    for t in tasks:
        counts[t.status] = counts.get(t.status, 0) + 1
    red = sum(1 for t in tasks if t.light == "red")
    text = (f"纳入统计的重点任务{len(tasks)}项，" + "、".join(f"{k}{v}项" for k, v in counts.items() if v)
            + (f"，逾期未完成{red}项" if red else ""))
    if context:
        text += f"（规划背景、指导思想、发展目标等{context}个章节不是任务，不计入）"
    return text + "。"


def task_blocks(data: ReportData) -> list[Block]:
    tasks = [t for t in data.tasks if t.counted]
    blocks: list[Block] = [Para(task_sentence(data))]
    if tasks:
        rows = [[Cell(t.section), Cell(t.title), Cell(t.lead_unit), Cell(t.status), Cell(f"{t.progress:g}%"),
                 Cell(cn_date(t.deadline)), Cell(LIGHTS.get(t.light, LIGHTS["grey"])[1],
                                                 colour=LIGHTS.get(t.light, LIGHTS["grey"])[0]),
                 Cell(t.note)] for t in tasks]
        blocks.append(Grid(["所属章节", "任务", "牵头单位", "状态", "进度", "完成时限", "督办", "进展说明"], rows,
                           [2.5, 4, 2, 1, 1, 1.5, 1, 4], [True, True, True, False, False, False, False, True]))
    return blocks


def overview(data: ReportData, final: bool) -> str:
    c = data.counts
    total = len(data.indicators)
    filled = total - c.get("未填报", 0)
    if not filled:
        return f"本规划共有主要指标{total}项，{data.year}年尚未填报任何指标的实际值。"
    if final:
        done = c.get("已完成", 0)
        rest = [f"{k}{c[k]}项" for k in JUDGED if k != "已完成" and c.get(k)]
        missing = c.get("未填报", 0)
        text = (f"规划目标完成情况：本规划共有主要指标{total}项，到{data.year}年已完成{done}项，"
                f"未完成{total - done}项")
        parts = rest + ([f"未填报{missing}项"] if missing else [])
        return text + (f"（{'、'.join(parts)}）" if parts else "") + "。" + _binding(data)
    parts = [f"{k}{c.get(k, 0)}项" for k in JUDGED if c.get(k)]
    return (f"本规划共有主要指标{total}项，{data.year}年已填报{filled}项、未填报{c.get('未填报', 0)}项；"
            f"已填报指标中，{'，'.join(parts)}。" + _binding(data))


def _binding(data: ReportData) -> str:
    warned = [r.name for r in data.indicators if r.warning]
    if warned:
        return f"约束性指标预警{len(warned)}项：{'、'.join(warned)}。"
    binding = [r for r in data.indicators if r.attribute == "约束性"]
    unfilled = [r.name for r in binding if r.status == "未填报"]
    if unfilled:     # not "no warning" when the binding ones were not filled in
        return f"约束性指标{len(binding)}项，其中{len(unfilled)}项未填报（{'、'.join(unfilled)}），无法判断是否预警。"
    return "约束性指标无预警。" if binding else ""


def indicator_grid(data: ReportData, final: bool) -> Grid:
    p = data.period
    header = ["序号", "指标", "单位", f"基期\n{p.baseline_year}", f"目标\n{p.target_year}", "属性",
              f"{data.year}年", "判断", *([] if final else [f"预计\n{p.target_year}"]), "说明"]
    widths = [1, 5, 1.3, 1.5, 1.8, 1.3, 1.5, 1.9, *([] if final else [1.6]), 4.5]
    wrap = [False, True, False, False, False, False, False, False, *([] if final else [False]), True]
    rows = []
    for r in data.indicators:
        rows.append([Cell(r.seq), Cell(r.name), Cell(r.unit), Cell(r.baseline), Cell(r.target), Cell(r.attribute),
                     Cell(r.values.get(data.year, "") or "未填报"),
                     Cell(r.status + ("（预警）" if r.warning else ""), status=r.status),
                     *([] if final else [Cell(r.projection.replace("预计", "") if r.projection else "—")]),
                     Cell(r.explanation)])
    return Grid(header, rows, widths, wrap)


def project_blocks(data: ReportData, wide: bool = False) -> list[Block]:
    if not data.projects:
        return [Para("本规划没有专栏项目，以重点任务推进情况代替" + ("（见下一部分）。" if wide else "。"))]
    done = sum(1 for r in data.projects if r.status == "已完成")
    text = f"专栏项目共{len(data.projects)}个，已完成{done}个"
    invested = [r for r in data.projects if r.planned_invest is not None or r.spent_invest is not None]
    if invested:   # totals only over what was entered, and said so
        planned = sum(r.planned_invest or 0 for r in invested)
        spent = sum(r.spent_invest or 0 for r in invested)
        text += (f"；填报了投资的{len(invested)}个项目计划投资合计{fmt(planned)}万元，已完成投资{fmt(spent)}万元"
                 + (f"，完成率{100 * spent / planned:.0f}%" if planned else ""))
    else:
        text += "；各项目尚未填报投资"
    header = ["专栏", "项目", "牵头单位", "状态", "进度"]
    widths, wrap = [3, 4.5, 2.5, 1.5, 1.2], [True, True, True, False, False]
    if wide:
        header += ["计划完成", "完成时间"]
        widths, wrap = widths + [1.3, 1.8], wrap + [False, False]
    if invested:
        header += ["计划投资\n（万元）", "已完成投资\n（万元）"]
        widths, wrap = widths + [1.6, 1.7], wrap + [False, False]
    if wide:
        header.append("督办")
        widths, wrap = widths + [1], wrap + [False]
    rows = []
    for r in data.projects:
        row = [Cell(r.box), Cell(r.name), Cell(r.lead_unit or "—"), Cell(r.status), Cell(f"{r.progress:g}%")]
        if wide:
            row += [Cell(r.planned_year), Cell(cn_date(r.done_date))]
        if invested:
            row += [Cell("" if r.planned_invest is None else fmt(r.planned_invest)),
                    Cell("" if r.spent_invest is None else fmt(r.spent_invest))]
        if wide:
            colour, word = LIGHTS.get(r.light, LIGHTS["grey"])
            row.append(Cell(word, colour=colour))
        rows.append(row)
    return [Para(text + "。"), Grid(header, rows, widths, wrap)]


def text_width(text: str, size: float) -> float:
    """Points a line of text takes: a Chinese character a full em, Latin and digits about half."""
    return size * (0.6 * len(text) + 0.4 * len(_WIDE(text)))


_WIDE = re.compile("[^\x00-\u2e80]").findall      # characters a full em wide (the range written
                                                    # from above: 1 ms to compile, not 6)


def fit_widths(g: Grid, total: float, size: float, padding: float = 7.0) -> list[float]:
    """Column widths from the content: a short column (序号, 单位, numbers, a status) as wide as its
    longest line, never broken; the columns that wrap (names, sentences) share what is left in
    proportion to their weights. When the short columns leave too little, a long odd value in
    one of them (目标 "同比例提高", 职工≥80 居民≥70) wraps first; a year, a number or a header word
    is never cut."""
    natural: dict[int, float] = {}
    floor_of: dict[int, float] = {}
    for c in range(len(g.header)):
        if c < len(g.wrap) and g.wrap[c]:
            continue
        heads = g.header[c].split("\n")
        cells = [row[c].text or ("未填写" if row[c].fill_in else "") for row in g.rows if c < len(row)]
        natural[c] = max(text_width(t, size) for t in heads + cells) + padding
        # what must stay on one line: the header's words and the short values (numbers, statuses)
        floor_of[c] = max(text_width(t, size) for t in heads + [t for t in cells if len(t) <= 6] + [""]) + padding
    weights = {c: g.widths[c] for c in range(len(g.header)) if c not in natural}
    keep = min(0.45, 0.22 * len(weights)) * total     # the names and sentences keep a fair share
    cap = total / 8
    fixed = {c: min(w, max(cap, floor_of[c])) for c, w in natural.items()}
    while total - sum(fixed.values()) < keep and cap > size * 2:     # long odd values wrap first
        cap *= 0.85
        fixed = {c: min(w, max(cap, floor_of[c])) for c, w in natural.items()}
    rest = total - sum(fixed.values())
    least = len(weights) * (size * 6 + padding)     # six characters a line in each wrapping column
    if rest < least and weights:                # still too little left: scale the fixed ones down
        scale = (total - least) / max(sum(fixed.values()), 1)
        fixed = {c: w * scale for c, w in fixed.items()}
        rest = total - sum(fixed.values())
    share = sum(weights.values()) or 1
    out = [fixed[c] if c in fixed else rest * weights[c] / share for c in range(len(g.header))]
    floor = size * 4 + padding           # a wrapping column shows at least four characters a line
    short = [c for c in weights if out[c] < floor]
    if short:
        need = sum(floor - out[c] for c in short)
        wide = [c for c in weights if c not in short]
        if wide:
            spare = sum(out[c] for c in wide)
            for c in wide:
                out[c] -= need * out[c] / spare
            for c in short:
                out[c] = floor
    return out
