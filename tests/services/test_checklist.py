"""Projects and tasks: tick, edit, bulk, units, links and evidence, each audited, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.errors import KnownError
from desktop.services import checklist, evaluation, evidence
from tests.conftest import JINGYAN, SIPING, XIANGSHAN

TODAY = dt.date(2023, 7, 1)


def _projects(session, plan_id=JINGYAN):
    return {i.title: i for g in checklist.projects(session=session, plan_id=plan_id, today=TODAY)
            for i in g.items}


def test_the_bundled_plans_show_their_boxes_and_task_trees(session):
    counts = [sum(len(g.items) for g in checklist.projects(session=session, plan_id=p))
              for p in range(1, 6)]
    assert counts == [27, 25, 34, 0, 0]
    tasks = checklist.tasks(session=session, plan_id=XIANGSHAN)  # 相山区: its checklist is the task tree
    assert len(tasks) == 26 and tasks[0].title == "第一章 规划背景"
    assert sum(1 for t in tasks if t.parent_id is None) == 4


def test_ticking_a_project_done_sets_status_progress_and_date(session):
    item = _projects(session)["提档升级规划"]
    checklist.tick_done(session=session, kind="project", ids=[item.id], today=dt.date(2023, 5, 4))
    done = _projects(session)["提档升级规划"]
    assert (done.fields.status, done.fields.progress, done.fields.done_date) == (
        "已完成", 100, "2023-05-04")
    assert done.light.colour == "green"


def test_early_and_late_completion_show(session):
    item = _projects(session)["提档升级规划"]
    checklist.update(session=session, kind="project",
                     changes={item.id: {"planned_year": "2024", "status": "已完成",
                                        "done_date": "2023-05-04"}})
    assert _projects(session)["提档升级规划"].timing == "提前完成"
    checklist.update(session=session, kind="project", changes={item.id: {"done_date": "2025-01-10"}})
    assert _projects(session)["提档升级规划"].timing == "逾期完成"


def test_box_completion_counts_and_weights(session):
    items = _projects(session)
    a, b = items["提档升级规划"], items["县域医疗次中心建设规划"]
    checklist.tick_done(session=session, kind="project", ids=[a.id])
    checklist.update(session=session, kind="project", changes={b.id: {"progress": "50", "status": "推进中"}})
    box2 = next(g for g in checklist.projects(session=session, plan_id=JINGYAN) if g.title.startswith("专栏2"))
    done, total, weighted = box2.completion()
    assert (done, total) == (1, 5) and weighted == pytest.approx(30.0)  # (100 + 50 + 0 + 0 + 0) / 5


def test_lights_of_projects_with_planned_years(session):
    items = _projects(session)
    late, soon = items["提档升级规划"], items["县域医疗次中心建设规划"]
    checklist.update(session=session, kind="project", changes={
        late.id: {"planned_year": "2022", "status": "推进中", "progress": "80"},
        soon.id: {"planned_year": "2023", "status": "推进中", "progress": "90"}})
    now = _projects(session)
    assert now["提档升级规划"].light.colour == "red"
    assert now["县域医疗次中心建设规划"].light.colour == "green"  # 90% ≥ time share to end-2023
    later = {i.title: i for g in checklist.projects(session=session, plan_id=JINGYAN, today=dt.date(2023, 11, 1))
             for i in g.items}
    assert later["县域医疗次中心建设规划"].light.colour == "yellow"  # due within three months


def test_a_bad_field_saves_nothing_in_a_bulk_change(session):
    items = list(_projects(session).values())[:3]
    before = checklist.current_fields(session=session, kind="project", ids=[i.id for i in items])
    with pytest.raises(KnownError, match="进度"):
        checklist.update(session=session, kind="project", changes={
            items[0].id: {"status": "推进中"}, items[1].id: {"progress": "150"}})
    assert checklist.current_fields(session=session, kind="project",
                                    ids=[i.id for i in items]) == before


def test_tasks_are_created_on_first_edit_and_audited(session):
    task = next(t for t in checklist.tasks(session=session, plan_id=XIANGSHAN) if "信息化" in t.title)
    checklist.update(session=session, kind="task", changes={task.id: {
        "status": "推进中", "lead_unit": "区卫健委信息科", "deadline": "2024-06-30", "progress": "75"}})
    again = next(t for t in checklist.tasks(session=session, plan_id=XIANGSHAN, today=TODAY) if t.id == task.id)
    assert again.fields.deadline == "2024-06-30" and again.light.colour == "green"  # 75% ≥ 71%
    n = session.store.scalar("SELECT count(*) FROM audit_log WHERE entity = 'tasks'")
    assert n >= 4


def test_unit_filter_shows_a_unit_its_own(session):
    items = _projects(session)
    checklist.update(session=session, kind="project", changes={
        items["提档升级规划"].id: {"lead_unit": "县人民医院"},
        items["医疗质量安全管理"].id: {"support_units": "医政股、县人民医院"}})
    mine = [i.title for g in checklist.projects(session=session, plan_id=JINGYAN, unit="县人民医院")
            for i in g.items]
    assert mine == ["提档升级规划", "医疗质量安全管理"]


def test_units_list(session):
    checklist.add_units(session=session, names=["医政科", "疾控中心", "医政科"])
    assert checklist.units(session=session) == ["医政科", "疾控中心"]
    checklist.remove_unit(session=session, name="医政科")
    assert checklist.units(session=session) == ["疾控中心"]


def test_links_show_on_the_indicator(session):
    item = _projects(session)["婴幼儿照护服务工程"]
    ind = next(s for s in evaluation.evaluate_plan(session=session, plan_id=JINGYAN)
               if s.row.name == "每千人口拥有3岁以下婴幼儿托位数")
    checklist.set_links(session=session, kind="project", item_id=item.id, indicator_ids=[ind.id])
    linked = checklist.links_of_indicator(session=session, indicator_id=ind.id)
    assert [(r.label, r.status) for r in linked] == [("专栏4 婴幼儿照护服务工程", "未启动")]
    checklist.set_links(session=session, kind="project", item_id=item.id, indicator_ids=[])
    assert checklist.links_of_indicator(session=session, indicator_id=ind.id) == []


def test_evidence_is_stored_by_hash_listed_exported_and_removed(session, home, tmp_path):
    item = _projects(session)["提档升级规划"]
    photo = tmp_path / "../验收照片.jpg".replace("../", "")
    photo.write_bytes(b"\xff\xd8\xff" + b"x" * 5000)
    aid = evidence.attach(session=session, entity="project", entity_id=item.id, path=photo).value
    rows = evidence.listing(session=session, entity="project", entity_id=item.id)
    assert [(r.name, r.size, r.added_by != "") for r in rows] == [("验收照片.jpg", 5003, True)]
    stored = evidence.file_path(session=session, attachment_id=aid)
    assert stored.is_relative_to(home / "attachments") and stored.name == rows[0].sha256
    assert stored.read_bytes() == photo.read_bytes()
    out = evidence.export(session=session, attachment_id=aid, folder=tmp_path)
    assert out.name == "验收照片(1).jpg" and out.read_bytes() == photo.read_bytes()
    evidence.remove(session=session, attachment_id=aid, reason="传错了")
    assert evidence.listing(session=session, entity="project", entity_id=item.id) == []
    audit = session.store.query("SELECT action, reason FROM audit_log WHERE entity = 'attachments'")
    assert [a["action"] for a in audit] == ["上传佐证材料", "删除佐证材料"]


@pytest.mark.parametrize(("name", "size", "words"), [
    ("病毒.exe", 10, "文件类型"), ("无扩展名", 10, "文件类型"), ("大文件.pdf", 51 * 1024 * 1024, "50 MB"),
    ("空.pdf", 0, "空文件"),
])
def test_evidence_refused_with_a_reason(session, tmp_path, name, size, words):
    item = _projects(session)["提档升级规划"]
    f = tmp_path / name
    with f.open("wb") as fh:
        fh.truncate(size)
    before = session.store.scalar("SELECT count(*) FROM attachments")
    with pytest.raises(KnownError, match=words):
        evidence.attach(session=session, entity="project", entity_id=item.id, path=f)
    assert session.store.scalar("SELECT count(*) FROM attachments") == before


def test_evidence_for_an_indicator_value_of_a_year(session, tmp_path):
    ind = evaluation.evaluate_plan(session=session, plan_id=SIPING)[2]
    f = tmp_path / "2023年妇幼年报.pdf"
    f.write_bytes(b"%PDF-1.4 test")
    evidence.attach(session=session, entity="value", entity_id=ind.id, path=f, year=2023)
    assert len(evidence.listing(session=session, entity="value", entity_id=ind.id, year=2023)) == 1
    assert evidence.listing(session=session, entity="value", entity_id=ind.id, year=2022) == []
