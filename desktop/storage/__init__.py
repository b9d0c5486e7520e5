"""SQLite through sqlite-utils: migrations, queries, audit, backup. The only SQL in the program."""

from .database import Store, open_store

__all__ = ["Store", "open_store"]
