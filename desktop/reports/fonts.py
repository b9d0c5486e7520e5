"""The bundled Noto fonts, registered once per process and embedded (as subsets) in every PDF."""

from __future__ import annotations

import gc
import mmap
import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SANS, SANS_BOLD, SERIF, SERIF_BOLD = "NotoSansSC", "NotoSansSC-Bold", "NotoSerifSC", "NotoSerifSC-Bold"
_FILES = {SANS: "NotoSansSC-Regular.ttf", SANS_BOLD: "NotoSansSC-Bold.ttf",
          SERIF: "NotoSerifSC-Regular.ttf", SERIF_BOLD: "NotoSerifSC-Bold.ttf"}
_done = False
_PARSING = threading.Lock()
KEPT_SHAPE = 1          # raise when what is kept of a face changes
_covered: frozenset[int] = frozenset()
MISSING = "〓"      # the typesetter's mark for a character the font does not have: visible, not a blank
READABLE = {"‱": "/万"}     # a sign the fonts lack, written out


def register(folder: Path, kept: Path | None = None) -> None:
    """Register the four faces once per process. `kept`: a folder where each face's parsed tables
    are kept between runs (reportlab reads a face's tables in Python, about 80 ms a face; loading
    them kept takes a few). A kept file is used only for the same reportlab version and the same
    font file (size and time); anything else, or one that cannot be read, is parsed again."""
    global _done
    if _done:
        return
    global _covered
    covered = None
    for name, file in _FILES.items():
        font = _face(name, folder / file, kept)
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


def _face(name: str, path: Path, kept: Path | None) -> TTFont:
    if kept is None:
        return TTFont(name, str(path))
    import pickle

    import reportlab
    from reportlab.pdfbase import ttfonts

    stat = path.stat()
    key = f"{reportlab.Version}|{path.name}|{stat.st_size}|{stat.st_mtime_ns}|{KEPT_SHAPE}"
    store = kept / f"{path.stem}.face"
    collecting = gc.isenabled()
    gc.disable()        # a face is some 100,000 small objects: no collection passes while they load
    try:
        with open(store, "rb") as f:
            saved_key, tables = pickle.load(f)   # our own file, written below
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError, ImportError):
        saved_key, tables = None, None
    finally:
        if collecting:
            gc.enable()
    if saved_key == key and isinstance(tables, dict):
        face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
        face.__dict__.update(tables)
        # the glyphs a PDF embeds are cut from the file's bytes: mapped, so only the pages of the
        # glyphs used are read, and they are the file's (the system can drop them), not the heap's
        with open(path, "rb") as f:
            face._ttf_data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        with _PARSING:                          # TTFont's own constructor, given the face read back
            parse = ttfonts.TTFontFace
            ttfonts.TTFontFace = lambda *_a, **_k: face
            try:
                return TTFont(name, str(path))
            finally:
                ttfonts.TTFontFace = parse
    font = TTFont(name, str(path))
    tables = {k: v for k, v in font.face.__dict__.items() if k != "_ttf_data"}
    tables["_pdfScale"] = _Scale(font.face.unitsPerEm)   # reportlab's is a lambda: the same sum
    partial = store.with_suffix(".part")
    try:
        kept.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as f:
            pickle.dump((key, tables), f, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(store)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        partial.unlink(missing_ok=True)   # kept next time, or never: the face is parsed each time
    return font


class _Scale:
    """Font units to PDF's thousandths, as reportlab computes it (x itself at 1,000 units per em)."""

    def __init__(self, units_per_em: int):
        self.mult = None if units_per_em == 1000 else 1000 / units_per_em

    def __call__(self, x):
        return x if self.mult is None else x * self.mult


def visible(text: str) -> str:
    """Text every registered face can draw: a character none has becomes 〓 (or its written-out
    form), so a rare place name never prints as a blank."""
    if not _covered or not text:
        return text
    if all(ord(ch) in _covered or ch in "\n\t" for ch in text):
        return text
    return "".join(ch if ord(ch) in _covered or ch in "\n\t" else READABLE.get(ch, MISSING) for ch in text)
