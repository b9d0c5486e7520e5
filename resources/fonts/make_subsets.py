"""Make the bundled CJK fonts smaller: keep the characters Chinese government documents use and
drop the rest (CJK Extension A, kana). Run by hand when the fonts change (needs fontTools, which
the program itself does not use):  pip install fonttools; python resources/fonts/make_subsets.py SRC_DIR

Kept: every character GBK encodes (GB2312 and all 20,902 unified ideographs, its symbols and
punctuation), the fonts' ideographs beyond the BMP (the 通用规范汉字表's rare characters Noto SC
draws), ASCII and Latin-1, general and CJK punctuation, full-width forms, letterlike symbols,
number forms (Ⅰ Ⅱ), arrows, mathematical operators (≤ ≥ ±), enclosed numbers (① ⑴ ⒈), box and
geometric shapes (▲ ★ ●)."""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FILES = ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf", "NotoSerifSC-Regular.ttf", "NotoSerifSC-Bold.ttf")
RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x214F), (0x2150, 0x218F),
          (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x25FF), (0x2600, 0x26FF),
          (0x3000, 0x303F), (0x3200, 0x32FF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF)]


def wanted(cmap: dict[int, str]) -> set[int]:
    keep = set()
    for cp in cmap:
        ch = chr(cp)
        if any(lo <= cp <= hi for lo, hi in RANGES) or cp >= 0x20000:
            keep.add(cp)
            continue
        try:
            if ch.encode("gbk"):
                keep.add(cp)
        except UnicodeEncodeError:
            pass
    return keep


def main(source: Path, target: Path) -> None:
    for name in FILES:
        font = TTFont(str(source / name))
        codepoints = wanted(font.getBestCmap())
        options = subset.Options()
        options.name_IDs = ["*"]              # the family and licence names stay
        options.name_languages = ["*"]
        options.layout_features = ["*"]       # vertical forms, locale variants
        options.notdef_outline = True         # a missing character prints as a box, not a blank
        options.glyph_names = False
        sub = subset.Subsetter(options)
        sub.populate(unicodes=sorted(codepoints))
        sub.subset(font)
        font.save(str(target / name))
        print(f"{name}: {len(codepoints)} characters, {(target / name).stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent)
