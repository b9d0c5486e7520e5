"""The bundled Noto fonts, registered once per process and embedded (as subsets) in every PDF."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SANS, SANS_BOLD, SERIF, SERIF_BOLD = "NotoSansSC", "NotoSansSC-Bold", "NotoSerifSC", "NotoSerifSC-Bold"
_FILES = {SANS: "NotoSansSC-Regular.ttf", SANS_BOLD: "NotoSansSC-Bold.ttf",
          SERIF: "NotoSerifSC-Regular.ttf", SERIF_BOLD: "NotoSerifSC-Bold.ttf"}
_done = False
_covered: frozenset[int] = frozenset()
MISSING = "〓"      # the typesetter's mark for a character the font does not have: visible, not a blank
READABLE = {"‱": "/万"}     # a sign the fonts lack, written out


def register(folder: Path) -> None:
    global _done
    if _done:
        return
    global _covered
    covered = None
    for name, file in _FILES.items():
        font = TTFont(name, str(folder / file))
        pdfmetrics.registerFont(font)
        chars = frozenset(font.face.charToGlyph)
        covered = chars if covered is None else covered & chars
    _covered = covered or frozenset()
    for family, regular, bold in ((SANS, SANS, SANS_BOLD), (SERIF, SERIF, SERIF_BOLD)):
        addMapping(family, 0, 0, regular)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, regular)
        addMapping(family, 1, 1, bold)
    _done = True


def visible(text: str) -> str:
    """Text every registered face can draw: a character none has becomes 〓 (or its written-out
    form), so a rare place name never prints as a blank."""
    if not _covered or not text:
        return text
    if all(ord(ch) in _covered or ch in "\n\t" for ch in text):
        return text
    return "".join(ch if ord(ch) in _covered or ch in "\n\t" else READABLE.get(ch, MISSING) for ch in text)
