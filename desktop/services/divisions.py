"""China's administrative divisions (国家统计局 2023 codes, bundled under resources/divisions):
which unit is under which, for a city's or province's roll-up."""

from __future__ import annotations

import csv
from functools import lru_cache

from .. import paths
from ..domain.divisions import Division, Divisions


@lru_cache(maxsize=1)
def table() -> Divisions:
    with open(paths.resources() / "divisions" / "divisions.csv", encoding="utf-8", newline="") as f:
        rows = [tuple(r) for r in csv.reader(f)][1:]
    return Divisions(rows)


def unit_of(*, region: str, parent_region: str = "", title: str = "") -> Division | None:
    """A plan's unit: its region read with its parent (and title) as the hint, or the chain its
    title names ("四川省乐山市峨眉山市…")."""
    d = table()
    found = d.find(region, hint=f"{parent_region} {title}") if region else None
    return found or (d.from_text(title) if title else None)


def parent_name(*, region: str, parent_region: str = "", title: str = "") -> str:
    """The unit a plan reports to: from the divisions where they know the region, else as the
    plan or workbook wrote it."""
    unit = unit_of(region=region, parent_region=parent_region, title=title)
    parent = table().parent_of(unit) if unit else None
    return parent.name if parent else parent_region


def cities_and_counties(province: str = "") -> list[str]:
    """Names to pick one's region from: a province's cities and counties (or every province)."""
    d = table()
    top = d.find(province) if province else None
    if top is None:
        return [x.name for x in d.by_code.values() if x.level == "省"]
    return [x.name for x in d.by_code.values() if d.is_under(x, top)]


def cities_and_counties_all() -> list[str]:
    """Every city and county name (the first-run region picker completes from them)."""
    return sorted({x.name for x in table().by_code.values() if x.level != "省"})
