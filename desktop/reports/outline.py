"""The evaluation report as one model — headings, paragraphs, tables — built once from the facts;
the PDF (reportlab) and the Word document (python-docx) are two renderings of it.

What people entered goes in (原因分析, 下一步措施, the report's 主要成效 / 存在问题 / 下一步工作);
where something is missing, a paragraph or cell carries a fill-in mark: the .docx shows it
highlighted for the clerk, the PDF prints only 未填写 in a table cell and nothing in the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.colours import JUDGED
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


@dataclass
class Grid:
    header: list[str]
    rows: list[list[Cell]]
    widths: list[float]            # relative column widths
    wrap: list[bool] = field(default_factory=list)   # columns whose text wraps (names, sentences)


Block = Heading | Para | Grid


@dataclass
class Outline:
    title: str
    subtitle: str
    signer: str
    date: str
    blocks: list[Block]


def kind_of(data: ReportData) -> str:
    return "总结评估" if data.year >= data.period.target_year else "中期评估"


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
    blocks.append(Para(data.texts.get("成效", ""), fill_in="主要成效：请填写本规划实施以来的主要成效"))
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
    blocks += [Heading(1, "四、专栏项目进展与投资"), *project_blocks(data)]
    blocks.append(Heading(1, "五、存在问题"))
    blocks.append(Para(data.texts.get("问题", ""), fill_in="存在问题：请结合滞后指标和项目进展填写"))
    facts = [f"{r.name}{r.status}：{r.explanation}" for r in lagging]
    red = [r for r in data.projects if r.light == "red"]
    if red:
        facts.append(f"专栏项目逾期未完成{len(red)}个：{'、'.join(r.name for r in red[:8])}"
                     + ("等" if len(red) > 8 else "") + "。")
    blocks += [Para(f"{k}. {text}") for k, text in enumerate(facts, 1)]
    blocks.append(Heading(1, "六、下一步工作"))
    blocks.append(Para(data.texts.get("措施", ""), fill_in="下一步工作：请填写"))
    for k, r in enumerate([r for r in lagging if r.measures], 1):
        blocks.append(Para(f"{k}. 针对{r.name}：{r.measures}"))
    return Outline(f"{data.title}{kind}报告", f"（规划期{data.period.span_text}，数据截至{data.year}年底）",
                   data.unit or data.region, data.date, blocks)


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
    return f"约束性指标预警{len(warned)}项：{'、'.join(warned)}。" if warned else "约束性指标无预警。"


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


def project_blocks(data: ReportData) -> list[Block]:
    if not data.projects:
        return [Para("本规划没有专栏项目，以重点任务推进情况代替（见规划台账“章节任务”）。")]
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
    rows = [[Cell(r.box), Cell(r.name), Cell(r.status), Cell(f"{r.progress:g}%"), Cell(r.lead_unit or "—"),
             Cell("" if r.planned_invest is None else fmt(r.planned_invest)),
             Cell("" if r.spent_invest is None else fmt(r.spent_invest))] for r in data.projects]
    header = ["专栏", "项目", "状态", "进度", "牵头单位", "计划投资\n（万元）", "已完成投资\n（万元）"]
    return [Para(text + "。"), Grid(header, rows, [3, 4.5, 1.5, 1.2, 2.5, 1.6, 1.7],
                                    [True, True, False, False, True, False, False])]


def _text_width(text: str, size: float) -> float:
    """Points a line of text takes: a Chinese character a full em, Latin and digits about half."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text)


def fit_widths(g: Grid, total: float, size: float, padding: float = 7.0) -> list[float]:
    """Column widths from the content: a short column (序号, 单位, numbers, a status) as wide as its
    longest line, never broken; the columns that wrap (names, sentences) share what is left in
    proportion to their weights."""
    fixed: dict[int, float] = {}
    for c in range(len(g.header)):
        if c < len(g.wrap) and g.wrap[c]:
            continue
        lines = [line for h in [g.header[c]] for line in h.split("\n")]
        lines += [row[c].text or ("未填写" if row[c].fill_in else "") for row in g.rows if c < len(row)]
        # as wide as its longest line, but a long odd value (职工≥80 居民≥70) wraps past an eighth
        fixed[c] = min(max(_text_width(t, size) for t in lines) + padding, total / 8)
    rest = total - sum(fixed.values())
    weights = {c: g.widths[c] for c in range(len(g.header)) if c not in fixed}
    keep = min(0.5, 0.22 * len(weights)) * total     # the names and sentences keep a fair share
    if rest < keep and weights:                # too little left: scale the fixed ones down
        scale = (total - keep) / max(sum(fixed.values()), 1)
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
