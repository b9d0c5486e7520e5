"""User settings kept in the database (who fills in, unit, phone, the bureau's plan)."""

from __future__ import annotations

from .database import Store


def get(store: Store, key: str, default: str = "") -> str:
    value = store.scalar("SELECT value FROM settings WHERE key = ?", [key])
    return value if value is not None else default


def put(store: Store, values: dict[str, str], *, who: str) -> None:
    with store.change(who=who, action="修改设置") as db:
        for key, value in values.items():
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
