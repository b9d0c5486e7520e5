"""The names of the schema migrations, known without importing sqlite-utils (start-up speed).

`migrations.py` registers the same names in the same order; a test keeps the two equal.
"""

MIGRATION_SET = "planledger"
MIGRATION_NAMES: tuple[str, ...] = ("0001_initial", "0002_judgement", "0003_checklist",
                                   "0004_submissions", "0005_year_locks",
                                   "0006_plan_summaries", "0007_merge_and_locks",
                                   "0008_periods", "0009_report_texts", "0010_task_counted",
                                   "0011_plan_roles", "0012_tokens")
