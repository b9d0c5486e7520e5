"""The schema, as named migrations applied in order at open (sqlite-utils 4 `Migrations`)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from . import audit
from .schema_names import MIGRATION_SET

migrations = Migrations(MIGRATION_SET)
INITIAL_AUDITED = ("plans", "sections", "indicators", "actuals", "boxes", "projects", "tasks",
                   "attachments", "reference_tables", "settings")


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    _run(db, """
        CREATE TABLE change_context (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            at TEXT NOT NULL, who TEXT NOT NULL, reason TEXT, action TEXT
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL, who TEXT NOT NULL, plan_id INTEGER,
            entity TEXT NOT NULL, entity_id TEXT, field TEXT,
            old_value TEXT, new_value TEXT, reason TEXT, action TEXT
        );
        CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
        CREATE INDEX audit_log_plan ON audit_log (plan_id, at);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            region TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('市', '县', '区')),
            parent_region TEXT NOT NULL DEFAULT '',
            issuer TEXT NOT NULL DEFAULT '',
            issued TEXT NOT NULL DEFAULT '',
            period TEXT NOT NULL DEFAULT '2021-2025',
            draft INTEGER NOT NULL DEFAULT 0,
            source_name TEXT NOT NULL DEFAULT '',
            source_hash TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT 'own',
            imported_at TEXT NOT NULL
        );
        CREATE INDEX plans_hash ON plans (source_hash);
        CREATE TABLE sections (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES sections (id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            level INTEGER NOT NULL,
            marker TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX sections_plan ON sections (plan_id, ord);
        CREATE TABLE indicators (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES indicators (id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            seq TEXT NOT NULL DEFAULT '',
            domain TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL,
            name_printed TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            baseline_text TEXT NOT NULL DEFAULT '',
            baseline_value REAL,
            target_text TEXT NOT NULL DEFAULT '',
            target_value REAL,
            attribute TEXT NOT NULL DEFAULT '预期性' CHECK (attribute IN ('预期性', '约束性')),
            direction TEXT NOT NULL DEFAULT '' CHECK (direction IN ('', 'higher', 'lower')),
            catalogue_key TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX indicators_plan ON indicators (plan_id, ord);
        CREATE TABLE actuals (
            id INTEGER PRIMARY KEY,
            indicator_id INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
            year INTEGER NOT NULL CHECK (year BETWEEN 2020 AND 2035),
            value_text TEXT NOT NULL,
            value REAL,
            source TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            entered_by TEXT NOT NULL DEFAULT '',
            entered_at TEXT NOT NULL,
            UNIQUE (indicator_id, year)
        );
        CREATE TABLE boxes (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
            no INTEGER NOT NULL,
            ord INTEGER NOT NULL,
            title TEXT NOT NULL
        );
        CREATE INDEX boxes_plan ON boxes (plan_id, ord);
        CREATE TABLE projects (
            id INTEGER PRIMARY KEY,
            box_id INTEGER NOT NULL REFERENCES boxes (id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            name TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '未启动'
                CHECK (status IN ('未启动', '推进中', '已完成', '已暂停', '已取消')),
            progress REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
            lead_unit TEXT NOT NULL DEFAULT '',
            support_units TEXT NOT NULL DEFAULT '',
            planned_year INTEGER,
            done_date TEXT NOT NULL DEFAULT '',
            planned_invest REAL,
            spent_invest REAL,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX projects_box ON projects (box_id, ord);
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
            section_id INTEGER NOT NULL UNIQUE REFERENCES sections (id) ON DELETE CASCADE,
            status TEXT NOT NULL DEFAULT '未启动'
                CHECK (status IN ('未启动', '推进中', '已完成', '已暂停', '已取消')),
            lead_unit TEXT NOT NULL DEFAULT '',
            support_units TEXT NOT NULL DEFAULT '',
            deadline TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
            entity TEXT NOT NULL,
            entity_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL
        );
        CREATE TABLE reference_tables (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            title TEXT NOT NULL,
            header TEXT NOT NULL,
            rows TEXT NOT NULL
        );
        """)
    for table in INITIAL_AUDITED:
        audit.install_triggers(db, table)


@migrations(name="0002_judgement")
def judgement(db: Database) -> None:
    """Adjusted targets (the printed one kept beside), status overrides, yearly benchmarks."""
    _run(db, """
        ALTER TABLE audit_log ADD COLUMN subject INTEGER;
        CREATE INDEX audit_log_subject ON audit_log (subject);
        ALTER TABLE indicators ADD COLUMN target_adjusted_text TEXT NOT NULL DEFAULT '';
        ALTER TABLE indicators ADD COLUMN target_adjusted_on TEXT NOT NULL DEFAULT '';
        ALTER TABLE indicators ADD COLUMN target_adjusted_reason TEXT NOT NULL DEFAULT '';
        CREATE TABLE status_overrides (
            id INTEGER PRIMARY KEY,
            indicator_id INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
            year INTEGER NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            who TEXT NOT NULL,
            at TEXT NOT NULL,
            UNIQUE (indicator_id, year)
        );
        CREATE TABLE benchmarks (
            id INTEGER PRIMARY KEY,
            indicator_id INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
            year INTEGER NOT NULL,
            value REAL NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            UNIQUE (indicator_id, year)
        );
        """)
    for table in (*INITIAL_AUDITED, "status_overrides", "benchmarks"):
        audit.install_triggers(db, table)


@migrations(name="0003_checklist")
def checklist(db: Database) -> None:
    """The responsible units, indicator links, task progress, evidence for a year's value."""
    _run(db, """
        CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
        );
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            indicator_id INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
            entity TEXT NOT NULL CHECK (entity IN ('project', 'task')),
            entity_id INTEGER NOT NULL,
            UNIQUE (indicator_id, entity, entity_id)
        );
        ALTER TABLE tasks ADD COLUMN progress REAL NOT NULL DEFAULT 0;
        ALTER TABLE attachments ADD COLUMN year INTEGER;
        ALTER TABLE attachments ADD COLUMN mime TEXT NOT NULL DEFAULT '';
        CREATE INDEX attachments_entity ON attachments (entity, entity_id);
        CREATE INDEX links_entity ON links (entity, entity_id)
        """)
    for table in ("units", "links", "tasks", "attachments"):
        audit.install_triggers(db, table)


@migrations(name="0004_submissions")
def submissions(db: Database) -> None:
    """Workbooks received from units: where each row came from, and each submission's state."""
    _run(db, """
        ALTER TABLE plans ADD COLUMN ext_plan_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE indicators ADD COLUMN ext_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE projects ADD COLUMN ext_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE sections ADD COLUMN ext_key TEXT NOT NULL DEFAULT '';
        CREATE TABLE submissions (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
            year INTEGER NOT NULL,
            unit TEXT NOT NULL DEFAULT '',
            filler TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL DEFAULT '',
            file_hash TEXT NOT NULL DEFAULT '',
            received_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT '已接收' CHECK (state IN ('已接收', '已通过', '已退回')),
            reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX submissions_plan ON submissions (plan_id, year)
        """)
    for table in ("plans", "indicators", "projects", "sections", "submissions"):
        audit.install_triggers(db, table)


YEAR_LOCKED = "该年度数据已锁定（已作为正式上报表导出），如需修改请先解锁并说明理由；本次修改未保存"


@migrations(name="0005_year_locks")
def year_locks(db: Database) -> None:
    """A year exported as final is locked: its values cannot change until unlocked, with a reason."""
    _run(db, f"""
        CREATE TABLE year_locks (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
            year INTEGER NOT NULL,
            locked_at TEXT NOT NULL,
            who TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (plan_id, year)
        );
        CREATE TRIGGER year_lock_insert BEFORE INSERT ON actuals
        WHEN EXISTS (SELECT 1 FROM year_locks l JOIN indicators i ON i.plan_id = l.plan_id
                     WHERE i.id = NEW.indicator_id AND l.year = NEW.year)
        BEGIN SELECT RAISE(ABORT, '{YEAR_LOCKED}'); END;
        CREATE TRIGGER year_lock_update BEFORE UPDATE ON actuals
        WHEN EXISTS (SELECT 1 FROM year_locks l JOIN indicators i ON i.plan_id = l.plan_id
                     WHERE i.id = OLD.indicator_id AND l.year IN (OLD.year, NEW.year))
        BEGIN SELECT RAISE(ABORT, '{YEAR_LOCKED}'); END;
        CREATE TRIGGER year_lock_delete BEFORE DELETE ON actuals
        WHEN EXISTS (SELECT 1 FROM year_locks l JOIN indicators i ON i.plan_id = l.plan_id
                     WHERE i.id = OLD.indicator_id AND l.year = OLD.year)
             AND EXISTS (SELECT 1 FROM indicators WHERE id = OLD.indicator_id)
        BEGIN SELECT RAISE(ABORT, '{YEAR_LOCKED}'); END
        """)
    audit.install_triggers(db, "year_locks")


def _forget(table: str, plan: str) -> str:
    """Triggers that drop a plan's stored roll-up summaries when `table` changes under it."""
    out = []
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        where = plan.replace("ROW", row)
        out.append(f"CREATE TRIGGER {table}_forget_{event.lower()} AFTER {event} ON {table} "
                   f"BEGIN DELETE FROM plan_summaries WHERE plan_id = {where}; END")
        if event == "UPDATE" and "ROW.plan_id" in plan:  # an indicator moved: both plans change
            out[-1] = out[-1].replace("; END", f"; DELETE FROM plan_summaries WHERE plan_id = "
                                      f"{plan.replace('ROW', 'OLD')}; END")
    return ";\n".join(out)


@migrations(name="0006_plan_summaries")
def plan_summaries(db: Database) -> None:
    """Each plan's judged counts per year, kept for the roll-up; triggers drop a plan's rows
    whenever its indicators, values, overrides or benchmarks change, so a kept row is never stale."""
    by_indicator = "(SELECT plan_id FROM indicators WHERE id = ROW.indicator_id)"
    _run(db, ";\n".join([
        """CREATE TABLE plan_summaries (
            plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
            year INTEGER NOT NULL,
            stamp TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (plan_id, year)
        )""",
        _forget("indicators", "ROW.plan_id"),
        _forget("actuals", by_indicator),
        _forget("status_overrides", by_indicator),
        _forget("benchmarks", by_indicator),
    ]))


YEAR_LOCKED_RESULT = ("该年度数据已锁定（已作为正式上报表导出），此项修改会改变已上报年度的判断结果；"
                      "如需修改请先用“上报 → 解锁本年度数据”并说明理由；本次修改未保存")


def _locked(plan: str, year: str = "") -> str:
    """A condition: the plan has a locked year (that year, when one is named)."""
    return (f"EXISTS (SELECT 1 FROM year_locks l WHERE l.plan_id = {plan}"
            + (f" AND l.year = {year})" if year else ")"))


@migrations(name="0007_merge_and_locks")
def merge_and_locks(db: Database) -> None:
    """Workbook format 2 (reasons and measures beside a value, the reviewer of a submission, an
    indicator's responsible unit), and a year lock that covers everything that alters a locked
    year's result: overrides, benchmarks, the baseline, the target, deleting the indicator."""
    by_indicator = "(SELECT plan_id FROM indicators WHERE id = {r}.indicator_id)"
    statements = [
        "ALTER TABLE actuals ADD COLUMN analysis TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE actuals ADD COLUMN measures TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE submissions ADD COLUMN reviewer TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE submissions ADD COLUMN head_of_unit TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE submissions ADD COLUMN exported_at TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE indicators ADD COLUMN lead_unit TEXT NOT NULL DEFAULT ''",
        # an adjusted target judges the years from this one on (earlier years keep the printed one)
        "ALTER TABLE indicators ADD COLUMN target_adjusted_from INTEGER",
        # each indicator's judgement of the year as it was submitted: later rules never rewrite it
        "ALTER TABLE year_locks ADD COLUMN snapshot TEXT NOT NULL DEFAULT ''",
        _forget("year_locks", "ROW.plan_id"),
        "CREATE INDEX submissions_hash ON submissions (file_hash)",
    ]
    # the value triggers of 0005 again, their message naming where to unlock
    for name in ("year_lock_insert", "year_lock_update", "year_lock_delete"):
        sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                         [name]).fetchone()[0]
        statements += [f"DROP TRIGGER {name}", sql.replace(YEAR_LOCKED, YEAR_LOCKED_RESULT.replace(
            "此项修改会改变已上报年度的判断结果；", ""))]
    for table in ("status_overrides", "benchmarks"):
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            cond = _locked(by_indicator.format(r=row), f"{row}.year")
            if event == "UPDATE":
                cond += " OR " + _locked(by_indicator.format(r="OLD"), "OLD.year")
            statements.append(
                f"CREATE TRIGGER {table}_year_lock_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN {cond} BEGIN SELECT RAISE(ABORT, '{YEAR_LOCKED_RESULT}'); END")
    judged = ("baseline_text", "target_text", "target_adjusted_text", "target_adjusted_from",
              "direction", "attribute")
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in judged)
    statements.append(
        f"CREATE TRIGGER indicators_year_lock_update BEFORE UPDATE ON indicators "
        f"WHEN ({changed}) AND EXISTS (SELECT 1 FROM actuals a JOIN year_locks l "
        f"ON l.plan_id = OLD.plan_id AND l.year = a.year WHERE a.indicator_id = OLD.id) "
        f"BEGIN SELECT RAISE(ABORT, '{YEAR_LOCKED_RESULT}'); END")
    judged_in_locked_year = " OR ".join(
        f"EXISTS (SELECT 1 FROM {t} a JOIN year_locks l ON l.plan_id = OLD.plan_id AND l.year = a.year "
        f"WHERE a.indicator_id = OLD.id)" for t in ("actuals", "status_overrides", "benchmarks"))
    statements.append(
        f"CREATE TRIGGER indicators_year_lock_delete BEFORE DELETE ON indicators "
        f"WHEN ({judged_in_locked_year}) AND EXISTS (SELECT 1 FROM plans WHERE id = OLD.plan_id) "
        f"BEGIN SELECT RAISE(ABORT, '{YEAR_LOCKED_RESULT}'); END")
    _run(db, ";\n".join(statements))
    for table in ("actuals", "submissions", "indicators", "year_locks"):
        audit.install_triggers(db, table)


PLAN_CLOSED = "该规划已结束（各年度数据已锁定），如需修改请先“重新打开规划”并说明理由；本次修改未保存"


@migrations(name="0008_periods")
def periods(db: Database) -> None:
    """Any plan period: a value's year may be any year (1990–2100, the plan's own period checked
    by the program), a plan can be closed (已结束), a project or task carried into the next
    plan keeps where it came from. The actuals table is rebuilt without its 2020–2035 CHECK;
    every trigger on it (audit, year lock, roll-up summaries) and every trigger naming it is
    put back as it was."""
    triggers = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (tbl_name = 'actuals' "
        "OR sql LIKE '%actuals%')").fetchall()
    indexes = db.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'actuals' "
                         "AND sql IS NOT NULL").fetchall()
    create = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'actuals'"
                        ).fetchone()[0]
    wide = create.replace("CHECK (year BETWEEN 2020 AND 2035)", "CHECK (year BETWEEN 1990 AND 2100)")
    assert wide != create, "the actuals table's year check is not the one this migration replaces"
    columns = ", ".join(c.name for c in db["actuals"].columns)
    statements = [f"DROP TRIGGER {name}" for name, _ in triggers]
    statements += [
        wide.replace("CREATE TABLE actuals", "CREATE TABLE actuals_wide", 1),
        f"INSERT INTO actuals_wide ({columns}) SELECT {columns} FROM actuals",
        "DROP TABLE actuals",
        "ALTER TABLE actuals_wide RENAME TO actuals",
        *(sql for (sql,) in indexes),
        *(sql for _, sql in triggers),
        "ALTER TABLE plans ADD COLUMN closed_at TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE plans ADD COLUMN closed_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE plans ADD COLUMN closed_note TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE projects ADD COLUMN carried_from TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE tasks ADD COLUMN carried_from TEXT NOT NULL DEFAULT ''",
        "UPDATE plans SET period = '2021-2025' WHERE trim(period) = ''",
    ]
    # a closed plan (已结束) is shown, exported and reported, not edited until reopened
    closed = "EXISTS (SELECT 1 FROM plans WHERE id = {plan} AND closed_at != '')"
    owners = {"indicators": "{r}.plan_id", "boxes": "{r}.plan_id", "sections": "{r}.plan_id",
              "tasks": "{r}.plan_id", "attachments": "{r}.plan_id",
              "projects": "(SELECT plan_id FROM boxes WHERE id = {r}.box_id)",
              "links": "(SELECT plan_id FROM indicators WHERE id = {r}.indicator_id)"}
    for table, owner in owners.items():
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            statements.append(
                f"CREATE TRIGGER {table}_plan_closed_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN {closed.format(plan=owner.format(r=row))} "
                f"BEGIN SELECT RAISE(ABORT, '{PLAN_CLOSED}'); END")
    _run(db, ";\n".join(statements))
    for table in ("plans", "projects", "tasks"):
        audit.install_triggers(db, table)


@migrations(name="0009_report_texts")
def report_texts(db: Database) -> None:
    """What a bureau writes into its evaluation report for a year: 主要成效, 存在问题, 下一步工作."""
    _run(db, """
        CREATE TABLE report_texts (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
            year INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('成效', '问题', '措施')),
            text TEXT NOT NULL DEFAULT '',
            UNIQUE (plan_id, year, kind)
        )
        """)
    audit.install_triggers(db, "report_texts")


@migrations(name="0010_task_counted")
def task_counted(db: Database) -> None:
    """Whether a section counts as a task: '' by the rule (background, principles and goals do
    not), or the clerk's own 计入 / 不计入."""
    _run(db, "ALTER TABLE tasks ADD COLUMN counted TEXT NOT NULL DEFAULT '' "
             "CHECK (counted IN ('', '计入', '不计入'))")
    audit.install_triggers(db, "tasks")


@migrations(name="0011_plan_roles")
def plan_roles(db: Database) -> None:
    """Whose plan is whose: 'own' (the bureau's own, 本级), 'example' (a bundled sample kept out of
    pickers, counts and roll-ups), 'received' (a unit's workbook), '' (not known yet: asked at the
    next start). Marked by what is known: a received plan is received, an imported one own, the
    bundled plan the profile chose own and the other bundled ones examples; with no plan chosen
    yet, the bundled ones stay unknown until the bureau says who it is."""
    _run(db, "ALTER TABLE plans ADD COLUMN role TEXT NOT NULL DEFAULT '' "
             "CHECK (role IN ('', 'own', 'example', 'received'))")
    home = db.execute("SELECT value FROM settings WHERE key = 'home_plan'").fetchone()
    home_id = int(home[0]) if home and str(home[0]).isdigit() else None
    # the marking is the migration's (recorded as such), not a user's edit: the plans' audit
    # triggers are put back, with the new column, after it
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'plans' "
                              "AND name LIKE 'audit_%'").fetchall():
        db.execute(f"DROP TRIGGER {name}")
    _run(db, "UPDATE plans SET role = 'received' WHERE origin = 'received';\n"
             "UPDATE plans SET role = 'own' WHERE origin = 'own'")
    if home_id is not None:
        db.execute("UPDATE plans SET role = 'own' WHERE id = ?", [home_id])
        db.execute("UPDATE plans SET role = 'example' WHERE origin = 'bundled' AND id != ?", [home_id])
    audit.install_triggers(db, "plans")



@migrations(name="0012_tokens")
def tokens(db: Database) -> None:
    """Random tokens that say "this was written since", so a roll-up reads again only what changed.

    Each kept roll-up summary gets one when it is written: the roll-up asks which summaries changed
    by their tokens (3,000 small rows) instead of reading every summary's text again after one value
    changed (5 MB at 3,000 plans). The summaries kept before are dropped (judged again at the next
    roll-up, and kept with tokens); a row written without one (token 0) is read whole.

    The plans table gets one in `tokens` (name 'plans'), drawn again by triggers at every insert,
    update or delete of a plan, within the change's own transaction: the list of plans is read
    again only when it is new (3,000 plans' records were a fifth of the 汇总 window's wait)."""
    _run(db, "DELETE FROM plan_summaries;\n"
             "ALTER TABLE plan_summaries ADD COLUMN token INTEGER NOT NULL DEFAULT 0;\n"
             # the tokens of a year read from the index alone, not from pages full of summaries
             "CREATE INDEX plan_summaries_tokens ON plan_summaries (year, stamp, plan_id, token);\n"
             "CREATE TABLE tokens (name TEXT PRIMARY KEY, token INTEGER NOT NULL);\n"
             "INSERT INTO tokens (name, token) VALUES ('plans', random())")
    for event in ("insert", "update", "delete"):
        db.execute(f"CREATE TRIGGER plans_token_{event} AFTER {event.upper()} ON plans "
                   "BEGIN UPDATE tokens SET token = random() WHERE name = 'plans'; END")

def _run(db: Database, script: str) -> None:
    """Run statements one by one: executescript() would commit the migration's transaction."""
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


def known_names() -> list[str]:
    """The registered migrations in order (what sqlite-utils would apply to an empty database)."""
    return [m.name for m in migrations.pending(Database(memory=True))]
