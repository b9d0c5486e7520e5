"""规划台账 (PlanLedger): the ledger of a local health plan, offline."""

__version__ = "0.1.0"
APP_NAME = "规划台账"
