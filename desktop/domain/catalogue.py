"""Canonical keys for indicators that recur across plans (placeholder, filled below)."""


def match(name: str, unit: str = "") -> str:
    return ""
