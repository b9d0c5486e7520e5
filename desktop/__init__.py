"""规划台账 (PlanLedger): the ledger of a local health plan, offline."""

from . import methods_cache as _methods_cache

_methods_cache.install()   # before any record class is made: their methods compiled once, kept

__version__ = "0.1.0"
APP_NAME = "规划台账"
