"""The bundled Noto fonts, registered once per process and embedded (as subsets) in every PDF."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SANS, SANS_BOLD, SERIF, SERIF_BOLD = "NotoSansSC", "NotoSansSC-Bold", "NotoSerifSC", "NotoSerifSC-Bold"
_FILES = {SANS: "NotoSansSC-Regular.ttf", SANS_BOLD: "NotoSansSC-Bold.ttf",
          SERIF: "NotoSerifSC-Regular.ttf", SERIF_BOLD: "NotoSerifSC-Bold.ttf"}
_done: set[str] = set()      # the faces registered in this process
_PARSING = threading.Lock()   # registering, and reportlab's face class lent out meanwhile
KEPT_SHAPE = 1          # raise when what is kept of a face changes
_covered: frozenset[str] = frozenset()     # the characters every registered face has, and \n \t
MISSING = "〓"      # the typesetter's mark for a character the font does not have: visible, not a blank
READABLE = {"‱": "/万"}     # a sign the fonts lack, written out
ALL = tuple(_FILES)


def register(folder: Path, kept: Path | None = None, faces: tuple[str, ...] = ALL) -> None:
    """Register the faces a report uses (all four unless told), each once per process. `kept`: a
    folder where each face's parsed tables are kept between runs (reportlab reads a face's tables
    in Python, about 80 ms a face; loading them kept takes a few). A kept file is used only whole
    (its SHA-256), for the same reportlab version and the same font file (size and time); anything
    else is parsed and written again. No fault of the cache (damaged, unreadable, a file where its
    folder should be) stops a PDF."""
    with _PARSING:      # two first prints at once (a preview and an export): one registers
        wanted = [name for name in faces if name not in _done]
        if wanted:
            _register(folder, kept, wanted)


def _register(folder: Path, kept: Path | None, faces: list[str]) -> None:
    global _covered
    covered = set(_covered) - {"\n", "\t"} if _done else None
    for name in faces:
        font = _face(name, folder / _FILES[name], kept)
        pdfmetrics.registerFont(font)
        chars = frozenset(map(chr, font.face.charToGlyph))
        covered = chars if covered is None else covered & chars
        _done.add(name)
    _covered = frozenset(covered or ()) | {"\n", "\t"}
    for family, regular, bold in ((SANS, SANS, SANS_BOLD), (SERIF, SERIF, SERIF_BOLD)):
        addMapping(family, 0, 0, regular)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, regular)
        addMapping(family, 1, 1, bold)


def _face(name: str, path: Path, kept: Path | None) -> TTFont:
    if kept is None:
        return TTFont(name, str(path))
    import reportlab
    from reportlab.pdfbase import ttfonts

    stat = path.stat()
    key = f"{reportlab.Version}|{path.name}|{stat.st_size}|{stat.st_mtime_ns}|{KEPT_SHAPE}"
    store = kept / f"{path.stem}.face"
    tables = _read_kept(store, key)
    if tables is not None:
        face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
        face.__dict__.update(tables)
        face._ttf_data = path.read_bytes()      # the glyphs a PDF embeds are cut from these bytes
        # TTFont's own constructor, lent the face read back (under register's lock: our code
        # builds no other TTFont meanwhile)
        parse = ttfonts.TTFontFace
        ttfonts.TTFontFace = lambda *_a, **_k: face
        try:
            return TTFont(name, str(path))
        finally:
            ttfonts.TTFontFace = parse
    font = TTFont(name, str(path))
    tables = {k: v for k, v in font.face.__dict__.items() if k != "_ttf_data"}
    tables["_pdfScale"] = _Scale(font.face.unitsPerEm)   # reportlab's is a lambda: the same sum
    _write_kept(store, key, tables)
    return font


def _read_kept(store: Path, key: str) -> dict | None:
    """The kept tables, if the file is whole (its SHA-256 matches) and for this key; else None."""
    import hashlib
    import pickle

    try:
        blob = store.read_bytes()
        head, _, payload = blob.partition(b"\n")
        saved_key, digest = head.decode("utf-8").rsplit("|", 1)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if saved_key != key or hashlib.sha256(payload).hexdigest() != digest:
        return None      # another version's, or damaged: parsed again and written anew
    collecting = gc.isenabled()
    gc.disable()        # a face is some 100,000 small objects: no collection passes while they load
    try:
        tables = pickle.loads(payload)   # our own file, whole: written by _write_kept
    except Exception:  # noqa: BLE001 - a cache: whatever is wrong with it, the font is parsed instead
        return None
    finally:
        if collecting:
            gc.enable()
    return tables if isinstance(tables, dict) else None


def _write_kept(store: Path, key: str, tables: dict) -> None:
    import contextlib
    import hashlib
    import pickle

    partial = store.with_suffix(".part")
    try:
        payload = pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)
        store.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(f"{key}|{hashlib.sha256(payload).hexdigest()}\n".encode() + payload)
        partial.replace(store)
    except Exception:  # noqa: BLE001 - kept next time, or never: the face is parsed each time instead
        with contextlib.suppress(OSError):
            partial.unlink()


class _Scale:
    """Font units to PDF's thousandths, as reportlab computes it (x itself at 1,000 units per em)."""

    def __init__(self, units_per_em: int):
        self.mult = None if units_per_em == 1000 else 1000 / units_per_em

    def __call__(self, x):
        return x if self.mult is None else x * self.mult


def visible(text: str) -> str:
    """Text every registered face can draw: a character none has becomes 〓 (or its written-out
    form), so a rare place name never prints as a blank."""
    if not _covered or not text or _covered.issuperset(text):
        return text
    return "".join(ch if ch in _covered else READABLE.get(ch, MISSING) for ch in text)
