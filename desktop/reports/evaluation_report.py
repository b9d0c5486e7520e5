"""中期评估 / 总结评估: the facts arranged as an evaluation, in the official style."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer

from ..domain.period import DEFAULT as DEFAULT_PERIOD
from ..domain.period import Period
from .layout import STYLES, build, grid_table, p
from .model import ReportData
from .summary import indicator_table, overview_sentence, project_table


def kind_of(year: int, period: Period = DEFAULT_PERIOD) -> str:
    return "总结评估" if year >= period.target_year else "中期评估"


def write_evaluation(data: ReportData, path: Path) -> Path:
    width = A4[0] - 36 * mm
    kind = kind_of(data.year, data.period)
    story = [
        Spacer(1, 30 * mm),
        Paragraph(f"{data.title}<br/>{kind}报告", STYLES["title"]),
        Spacer(1, 6 * mm),
        Paragraph(f"（规划期{data.period.span_text}，数据截至{data.year}年）", STYLES["subtitle"]),
        Spacer(1, 60 * mm),
        Paragraph(f"{data.unit or data.region}", STYLES["subtitle"]),
        Paragraph(data.date, STYLES["subtitle"]),
        PageBreak(),
        Paragraph("一、总体情况", STYLES["h1"]),
        Paragraph(overview_sentence(data), STYLES["body"]),
    ]
    likely = [r for r in data.indicators if r.projection == "预计能完成"]
    unlikely = [r for r in data.indicators if r.projection == "预计难以完成"]
    story.append(Paragraph(
        f"按已填报年份的变化趋势推算到{data.period.target_year}年，预计能完成目标的指标{len(likely)}项，"
        f"预计难以完成的{len(unlikely)}项" + (f"（{'、'.join(r.name for r in unlikely)}）" if unlikely else "")
        + "。", STYLES["body"]))
    story.append(Paragraph("二、主要指标完成情况", STYLES["h1"]))
    story.append(indicator_table(data, width, evaluation=True))
    story.append(Paragraph("三、滞后指标及原因", STYLES["h1"]))
    lagging = [r for r in data.indicators if r.status in ("滞后", "逆向") or r.warning]
    if lagging:
        rows = [[p(h, "head") for h in ("指标", "判断", "说明", "填报的原因")]]
        for r in lagging:
            rows.append([p(r.name), p(r.status, "cell_c"), p(r.explanation),
                         p(r.reason or "（未填写原因，请在评估报告中补充）")])
        story.append(grid_table(rows, [38 * mm, 16 * mm, 70 * mm, width - 124 * mm]))
    else:
        story.append(Paragraph("截至本年，没有滞后或逆向的指标。", STYLES["body"]))
    story.append(Paragraph("四、专栏项目进展与投资", STYLES["h1"]))
    if data.projects:
        done = sum(1 for r in data.projects if r.status == "已完成")
        planned = sum(r.planned_invest or 0 for r in data.projects)
        spent = sum(r.spent_invest or 0 for r in data.projects)
        story.append(Paragraph(
            f"专栏项目共{len(data.projects)}个，已完成{done}个；计划投资合计{planned:g}万元，"
            f"已完成投资{spent:g}万元" + (f"，完成率{100 * spent / planned:.0f}%" if planned else "") + "。",
            STYLES["body"]))
        story.append(project_table(data, width, investment=True))
    else:
        story.append(Paragraph("本规划没有专栏项目，以重点任务推进情况代替（见规划台账“章节任务”）。",
                               STYLES["body"]))
    story.append(Paragraph("五、存在问题", STYLES["h1"]))
    problems = [f"{r.name}{r.status}：{r.explanation}" for r in lagging] or ["（无滞后指标，请结合实际填写。）"]
    red = [r for r in data.projects if r.light == "red"]
    if red:
        problems.append(f"专栏项目逾期未完成{len(red)}个：{'、'.join(r.name for r in red[:8])}"
                        + ("等" if len(red) > 8 else "") + "。")
    for k, text in enumerate(problems, 1):
        story.append(Paragraph(f"{k}. {text}", STYLES["body"]))
    story.append(Paragraph("（请在此基础上补充分析原因。）", STYLES["body"]))
    story.append(Paragraph("六、下一步工作", STYLES["h1"]))
    for k, r in enumerate(lagging[:10], 1):
        story.append(Paragraph(f"{k}. 针对{r.name}（目标{r.target}），……", STYLES["body"]))
    if not lagging:
        story.append(Paragraph("1. ……", STYLES["body"]))
    return build(Path(path), story, header=f"{data.title} · {kind}报告", title=f"{data.title}{kind}报告")
