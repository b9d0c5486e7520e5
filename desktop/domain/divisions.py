"""Which unit is under which: China's administrative divisions (province → city → county) as a
lookup, to roll up a city's own counties and to read the chain a title names
("四川省乐山市峨眉山市卫生健康…"). The table itself is data (resources/divisions); this is the
reading of it. A name that is not unique (朝阳区 in 北京市 and in 长春市) is resolved only with a
hint; without one it is not guessed."""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("省", "市", "县", "区")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str          # 省 / 市 / 区 / 县 (a county-level 市 is 市 with a city parent)
    parent: str         # the parent's code, '' for a province


class Divisions:
    def __init__(self, rows: list[tuple[str, str, str, str]]):
        self.by_code = {code: Division(code, name, level, parent) for code, name, level, parent in rows}
        self.by_name: dict[str, list[Division]] = {}
        self.children: dict[str, list[Division]] = {}
        for d in self.by_code.values():
            self.children.setdefault(d.parent, []).append(d)
            for key in {d.name, short(d.name)}:
                self.by_name.setdefault(key, []).append(d)

    def chain(self, d: Division) -> list[Division]:
        """Province first, the division itself last."""
        out = [d]
        while out[0].parent and out[0].parent in self.by_code:
            out.insert(0, self.by_code[out[0].parent])
        return out

    def parent_of(self, d: Division) -> Division | None:
        return self.by_code.get(d.parent)

    def is_under(self, d: Division, ancestor: Division) -> bool:
        return any(a.code == ancestor.code for a in self.chain(d)[:-1])

    def find(self, name: str, hint: str = "") -> Division | None:
        """A division by its name (or its name without 省/市/县/区), the hint — a parent's name or
        a longer text naming the chain — choosing among namesakes. None when unknown or when
        namesakes remain."""
        name = (name or "").strip()
        found = self.by_name.get(name, [])
        if len(found) > 1 and name in {d.name for d in found}:
            found = [d for d in found if d.name == name]     # the full name before the short one
        if len(found) > 1 and hint:
            found = [d for d in found if any(a.name in hint or short(a.name) in hint
                                             for a in self.chain(d)[:-1])] or found
        return found[0] if len(found) == 1 else None

    def from_text(self, text: str) -> Division | None:
        """The deepest division a text names as a chain from its start: "四川省乐山市峨眉山市
        卫生健康…" → 峨眉山市; "乐山市卫生健康…" → 乐山市; "井研县“十四五”…" → 井研县. A
        following name must lie under the one before it."""
        text = (text or "").strip()
        at, current = 0, None
        while at < len(text):
            found: list[Division] = []
            for end in range(min(len(text), at + 12), at + 1, -1):    # the longest name first
                piece = text[at:end]
                found = [d for d in self.by_name.get(piece, []) if d.name == piece   # full names only
                         and (current is None or self.is_under(d, current))]
                if found:
                    break
            if not found:
                break
            at += len(found[0].name)
            if len(found) > 1:         # namesakes: the next name in the text tells which
                found = [d for d in found if any(text.startswith(c.name, at) for c in self.children.get(d.code, []))]
                if len(found) != 1:
                    return None        # 朝阳区… with nothing after it to tell which
            current = found[0]
        return current


def short(name: str) -> str:
    """乐山市 → 乐山, 井研县 → 井研, 四川省 → 四川; a two-character name stays whole (城区)."""
    for suffix in ("自治州", "自治县", "自治旗", "特别行政区", "地区", "盟", "省", "市", "县", "区", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name
