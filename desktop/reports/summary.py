"""年度进展情况: the progress summary of a plan for a year, for the leadership and the stamp."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from ..domain.checklist import completion
from ..domain.colours import GOOD, JUDGED
from . import charts
from .layout import LIGHTS, STATUS_COLOURS, STRONG, STYLES, build, grid_table, p
from .model import ReportData


def overview_sentence(data: ReportData) -> str:
    c = data.counts
    total = len(data.indicators)
    filled = total - c.get("未填报", 0)
    binding = [r for r in data.indicators if r.warning]
    parts = [f"{k}{c.get(k, 0)}项" for k in JUDGED if k != "已完成" or c.get(k)]
    text = f"本规划共有主要指标{total}项，{data.year}年已填报{filled}项、未填报{c.get('未填报', 0)}项。"
    if not filled:
        return text + f"{data.year}年尚未填报任何指标的实际值，以下表格只列出规划目标。"
    text += f"已填报指标中，{'，'.join(parts)}。"
    if binding:
        text += f"约束性指标预警{len(binding)}项：{'、'.join(r.name for r in binding)}。"
    else:
        text += "约束性指标无预警。"
    return text


def _domain_progress(data: ReportData) -> tuple[list[str], list[float]]:
    """Share of each domain's filled indicators that are met or on course."""
    good = GOOD
    groups: OrderedDict[str, list] = OrderedDict()
    for r in data.indicators:
        groups.setdefault(r.domain or "其他", []).append(r)
    labels, values = [], []
    for domain, rows in groups.items():
        filled = [r for r in rows if r.status != "未填报"]
        labels.append(domain)
        values.append(100 * sum(1 for r in filled if r.status in good) / len(filled) if filled else 0)
    return labels, values


def _box_completion(data: ReportData) -> tuple[list[str], list[float]]:
    boxes: OrderedDict[str, list] = OrderedDict()
    for pr in data.projects:
        boxes.setdefault(pr.box, []).append(pr)
    labels, values = [], []
    for box, rows in boxes.items():
        done, total, _ = completion((r.status, r.progress) for r in rows)
        labels.append(box[:12])
        values.append(100 * done / total if total else 0)
    return labels, values


def indicator_table(data: ReportData, width: float) -> Table:
    """Every year of the period up to the report's, for the landscape summary."""
    period = data.period
    years = [y for y in period.years if y <= data.year]
    head = ["序号", "领域", "指标", "单位", f"基期\n{period.baseline_year}", f"目标\n{period.target_year}",
            "属性", *[str(y) for y in years], "状态", "说明"]
    rows = [[p(h, "head") for h in head]]
    status_col, attr_col = head.index("状态"), head.index("属性")
    extra = []
    for k, r in enumerate(data.indicators, 1):
        rows.append([p(r.seq, "cell_c"), p(r.domain, "cell_c"), p(r.name), p(r.unit, "cell_c"),
                     p(r.baseline, "cell_c"), p(r.target, "cell_c"), p(r.attribute, "cell_c"),
                     *[p(r.values.get(y, ""), "cell_c") for y in years],
                     p(r.status + ("（预警）" if r.warning else ""), "cell_c"), p(r.explanation)])
        extra.append(("BACKGROUND", (status_col, k), (status_col, k),
                      colors.HexColor(STATUS_COLOURS.get(r.status, "#FFFFFF"))))
        if r.attribute == "约束性":
            extra.append(("TEXTCOLOR", (attr_col, k), (attr_col, k), colors.HexColor("#B71C1C")))
    fixed = [9 * mm, 15 * mm, 0, 11 * mm, 13 * mm, 15 * mm, 11 * mm, *[11 * mm] * len(years), 15 * mm, 0]
    rest = width - sum(fixed)
    fixed[2], fixed[-1] = rest * 0.34, rest * 0.66
    return grid_table(rows, fixed, extra=extra)


def project_table(data: ReportData, width: float) -> Table:
    head = ["专栏", "项目", "牵头单位", "状态", "进度", "计划完成", "完成时间", "督办"]
    rows = [[p(h, "head") for h in head]]
    extra = []
    for k, r in enumerate(data.projects, 1):
        colour, word = LIGHTS.get(r.light, LIGHTS["grey"])
        rows.append([p(r.box), p(r.name), p(r.lead_unit), p(r.status, "cell_c"), p(f"{r.progress:g}%", "cell_c"),
                     p(r.planned_year, "cell_c"), p(r.done_date, "cell_c"), p(word, "cell_c")])
        extra.append(("TEXTCOLOR", (len(head) - 1, k), (len(head) - 1, k), colors.HexColor(colour)))
    fixed = [30 * mm, 0, 24 * mm, 14 * mm, 12 * mm, 15 * mm, 18 * mm, 12 * mm]
    fixed[1] = width - sum(fixed)
    return grid_table(rows, fixed, extra=extra)


def task_table(data: ReportData, width: float) -> Table:
    head = ["任务", "牵头单位", "状态", "进度", "完成时限", "督办", "进展说明"]
    rows = [[p(h, "head") for h in head]]
    for t in data.tasks:
        colour, word = LIGHTS.get(t.light, LIGHTS["grey"])
        rows.append([p(("　" * max(0, t.level - 1)) + t.title), p(t.lead_unit), p(t.status, "cell_c"),
                     p(f"{t.progress:g}%", "cell_c"), p(t.deadline, "cell_c"), p(word, "cell_c"),
                     p(t.note)])
    fixed = [0, 24 * mm, 14 * mm, 12 * mm, 18 * mm, 12 * mm, 45 * mm]
    fixed[0] = width - sum(fixed)
    return grid_table(rows, fixed)


def signature_block(width: float) -> Table:
    rows = [[p("填报人：", "plain"), p("审核人：", "plain")],
            [p("单位盖章：", "plain"), p("日期：　　年　　月　　日", "plain")]]
    t = Table(rows, colWidths=[width / 2, width / 2], rowHeights=[14 * mm, 22 * mm])
    return t


def title_block(data: ReportData, kind: str) -> list:
    return [
        Paragraph(f"{data.title}<br/>{data.year}年度{kind}", STYLES["title"]),
        Paragraph(f"规划期：{data.period.long_name}　{data.parent_region} {data.region}　"
                  f"填报单位：{data.unit or '　　　　'}　"
                  f"填报人：{data.filler or '　　　'}　联系电话：{data.phone or '　　　'}　日期：{data.date}",
                  STYLES["subtitle"]),
    ]


def write_summary(data: ReportData, path: Path) -> Path:
    from reportlab.lib.pagesizes import A4, landscape

    width = landscape(A4)[0] - 36 * mm
    story = title_block(data, "进展情况")
    story.append(Paragraph("一、总体情况", STYLES["h1"]))
    story.append(Paragraph(overview_sentence(data), STYLES["body"]))
    tiles = [[p(s, "head") for s in charts.ORDER],
             [Paragraph(f"<font color='{STRONG[s]}' size='14'>{data.counts.get(s, 0)}</font>",
                        STYLES["cell_c"]) for s in charts.ORDER]]
    story.append(grid_table(tiles, [width / 7] * 7, extra=[
        ("BACKGROUND", (k, 1), (k, 1), colors.HexColor(STATUS_COLOURS[s])) for k, s in enumerate(charts.ORDER)]))
    story.append(Spacer(1, 4 * mm))
    d_labels, d_values = _domain_progress(data)
    b_labels, b_values = _box_completion(data)
    row = [charts.status_pie(data.counts), charts.bars("各领域达标或符合进度的比例", d_labels, d_values)]
    if b_labels:
        row.append(charts.bars("专栏项目完成率", b_labels, b_values, colour="#2E7D32"))
    story.append(Table([row]))
    story.append(Paragraph("二、主要指标进展", STYLES["h1"]))
    story.append(indicator_table(data, width))
    lagging = [r for r in data.indicators if r.status in ("滞后", "逆向") or r.warning]
    story.append(Paragraph("三、滞后指标和约束性指标预警", STYLES["h1"]))
    if lagging:
        rows = [[p(h, "head") for h in ("指标", "属性", "状态", "原因与说明")]]
        for r in lagging:
            rows.append([p(r.name), p(r.attribute, "cell_c"), p(r.status + ("（预警）" if r.warning else ""), "cell_c"),
                         p(r.explanation + (f"；填报说明：{r.reason}" if r.reason else ""))])
        story.append(grid_table(rows, [60 * mm, 16 * mm, 18 * mm, width - 94 * mm]))
    else:
        story.append(Paragraph("本年没有滞后或逆向的指标，约束性指标无预警。", STYLES["body"]))
    story.append(Paragraph("四、专栏项目进展", STYLES["h1"]))
    if data.projects:
        story.append(project_table(data, width))
    else:
        story.append(Paragraph("本规划没有专栏项目，重点任务的推进情况见下表。", STYLES["body"]))
    story.append(Paragraph("五、重点任务进展", STYLES["h1"]))
    tasks = [t for t in data.tasks if t.level >= 2] or data.tasks
    if tasks:
        story.append(task_table(ReportData(**{**data.__dict__, "tasks": tasks}), width))
    else:
        story.append(Paragraph("本规划未列出任务章节。", STYLES["body"]))
    story.append(Spacer(1, 8 * mm))
    story.append(KeepTogether([signature_block(width)]))
    return build(Path(path), story, header=f"{data.title} · {data.year}年度进展情况",
                 title=f"{data.title}{data.year}年度进展情况", wide=True)
