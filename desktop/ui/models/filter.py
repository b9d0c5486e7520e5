"""Which indicators the grid shows: a domain, an attribute, a status, the unfilled ones, a text.
Plain Python, so the overview (which makes these filters) does not load the grid to start."""

from __future__ import annotations

from dataclasses import dataclass

from ...services.evaluation import IndicatorState


@dataclass
class Filter:
    domain: str = ""
    attribute: str = ""
    status: str = ""
    missing_only: bool = False
    text: str = ""

    def accepts(self, s: IndicatorState, year: int) -> bool:
        row = s.row
        if self.domain and row.domain != self.domain:
            return False
        if self.attribute and row.attribute != self.attribute:
            return False
        cell = s.cell_for(year)
        if self.status == "预警":
            if not cell.warning:
                return False
        elif self.status and cell.status != self.status:
            return False
        if self.missing_only and cell.text:
            return False
        t = self.text.strip()
        return not t or t in row.name or t in row.domain or t == row.seq
