"""The long format for other systems: one row per indicator, region and year (DHIS2-like)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

COLUMNS = ("dataElement", "indicator", "orgUnit", "period", "value", "printed", "unit", "status",
           "comment", "storedBy", "lastUpdated")


def _safe(text) -> str:
    """A cell that a spreadsheet will not run as a formula."""
    s = "" if text is None else str(text)
    return "'" + s if s[:1] in ("=", "+", "-", "@") and not _number(s) else s


def _number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def write_csv(rows: list[dict], path: Path) -> Path:
    with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([_safe(r.get(c)) for c in COLUMNS])
    return Path(path)


def write_json(rows: list[dict], path: Path) -> Path:
    """dataValueSets shape: {"dataValues": [{dataElement, period, orgUnit, value, ...}]}."""
    data = {"dataValues": [
        {"dataElement": r["dataElement"], "period": str(r["period"]), "orgUnit": r["orgUnit"],
         "value": r["value"], "comment": r["comment"], "storedBy": r["storedBy"],
         "lastUpdated": r["lastUpdated"],
         "attributes": {"indicator": r["indicator"], "printed": r["printed"], "unit": r["unit"],
                        "status": r["status"]}}
        for r in rows]}
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return Path(path)
