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


def register(folder: Path) -> None:
    global _done
    if _done:
        return
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    for family, regular, bold in ((SANS, SANS, SANS_BOLD), (SERIF, SERIF, SERIF_BOLD)):
        addMapping(family, 0, 0, regular)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, regular)
        addMapping(family, 1, 1, bold)
    _done = True
