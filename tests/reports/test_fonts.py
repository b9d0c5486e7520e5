"""The bundled fonts are subsets: every character of the bundled plans, of the program's own texts
and of rare place names is covered; a character they lack prints as a visible 〓, never a blank;
every font in a PDF is embedded (no stray Helvetica)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from desktop import paths
from desktop.reports import fonts

ROOT = Path(__file__).resolve().parents[2]
# place names a county bureau writes that GB2312 lacks or that are rare (written by hand)
PLACE_NAMES = ("犍为县 珙县 筠连县 荥经县 郫都区 邛崃市 綦江区 酉阳 渑池县 盱眙县 邗江区 邳州市 沭阳县 睢宁县 鄞州区 "
               "衢州市 莒县 郯城县 鄄城县 茌平区 亳州市 歙县 黟县 婺源县 枞阳县 鄠邑区 栟茶 濉溪县 砀山县 埇桥区 "
               "泾县 旌德县 岢岚县 崞县 浉河区 潢川县 淇县 浚县 涿州市 蠡县 滦州市 沽源县 礼泉县 旬邑县 洋县 "
               "勐海县 耿马 儋州市 东莞市 番禺区 坪山区 揭阳市 汕头市 潮州市 湘桥区 饶平县 "
               "乐山市 沐川县 峨边 马边 夹江县 井研县")
SIGNS = "①②③④⑤⑥⑦⑧⑨⑩⑴⑵⒈⒉ⅠⅡⅢⅣ≤≥≠±×÷‰℃№▲△★☆●○■□◆→←—…·、。，；：？！“”‘’（）【】《》〈〉「」％＋－／"


@pytest.fixture(scope="module")
def faces():
    folder = paths.fonts()
    return {name: frozenset(TTFont(name, str(folder / file)).face.charToGlyph) for name, file in fonts._FILES.items()}


def _texts() -> set[str]:
    chars = set()
    for p in (ROOT / "data" / "plans").glob("*.txt"):
        chars |= set(p.read_text(encoding="utf-8"))
    for p in (ROOT / "desktop").rglob("*.py"):
        chars |= set(p.read_text(encoding="utf-8"))
    chars |= set(PLACE_NAMES.replace(" ", "")) | set(SIGNS)
    return {c for c in chars if ord(c) > 0x7F} | {chr(c) for c in range(0x20, 0x7F)}


def test_every_character_of_the_plans_the_program_and_rare_place_names_is_covered(faces):
    wanted = _texts() - set(fonts.READABLE)
    for name, covered in faces.items():
        missing = sorted(c for c in wanted if ord(c) not in covered)
        assert missing == [], (name, missing[:20])


def test_the_fonts_are_subsets_smaller_than_the_originals():
    total = sum((paths.fonts() / f).stat().st_size for f in fonts._FILES.values())
    assert total < 40_000_000          # the four full faces were 49.6 MB


def test_a_character_the_fonts_lack_prints_visibly(tmp_path):
    from reportlab.platypus import SimpleDocTemplate

    from desktop.reports.layout import p

    fonts.register(paths.fonts())
    rare = "\u3400"                     # CJK Extension A, left out of the subsets
    assert fonts.visible(f"{rare}县") == "〓县" and fonts.visible("每万人口‱") == "每万人口/万"
    out = tmp_path / "r.pdf"
    SimpleDocTemplate(str(out)).build([p(f"测试{rare}县", "body")])
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "测试〓县" in text


def test_every_font_in_a_report_is_embedded(tmp_path, session):
    from desktop.services import reports
    from tests.conftest import JINGYAN

    out = reports.export_pdf(session=session, plan_id=JINGYAN, year=2023, path=tmp_path / "s.pdf")
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert listing and all(" yes " in line for line in listing), listing
    assert not [line for line in listing if "Helvetica" in line or "Times" in line]


KEPT_PROBE = """
import sys
from pathlib import Path
from reportlab import rl_config
rl_config.invariant = 1      # the same bytes for the same content (no time stamp, fixed ids)
from desktop import paths
from desktop.reports import fonts
fonts.register(paths.fonts(), None if sys.argv[2] == "-" else Path(sys.argv[2]))
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate
text = "井研县卫生健康事业发展规划：每千常住人口执业（助理）医师数达到3.2人，孕产妇死亡率≤9.5/10万，" * 6
story = [Paragraph(text + "①‰≥ 峨眉山市 犍为县 郫都区", ParagraphStyle(face, fontName=face, fontSize=10.5,
                                                           wordWrap="CJK"))
         for face in (fonts.SANS, fonts.SANS_BOLD, fonts.SERIF, fonts.SERIF_BOLD)]
SimpleDocTemplate(sys.argv[1]).build(story)
"""


def _print_with(tmp_path, name: str, kept) -> bytes:
    out = tmp_path / name
    subprocess.run([sys.executable, "-c", KEPT_PROBE, str(out), str(kept) if kept else "-"], check=True,
                   cwd=ROOT, capture_output=True)
    return out.read_bytes()


def test_faces_kept_between_runs_print_exactly_what_parsing_them_prints(tmp_path):
    """reportlab's parsed tables of each face are kept in the cache folder; a PDF printed from them
    is byte for byte the PDF printed from the parsed font files (widths, line breaks, subsets)."""
    kept = tmp_path / "cache"
    parsed = _print_with(tmp_path, "parsed.pdf", None)
    first = _print_with(tmp_path, "first.pdf", kept)          # parses, and keeps the tables
    assert sorted(p.name for p in kept.iterdir()) == sorted(
        Path(f).stem + ".face" for f in fonts._FILES.values())
    again = _print_with(tmp_path, "again.pdf", kept)          # from the kept tables
    assert parsed == first == again
    assert len(parsed) > 10_000


def test_a_damaged_or_foreign_kept_face_is_parsed_again(tmp_path):
    """A kept file is used only whole (its checksum) and for this reportlab and font: one flipped
    bit (a damaged disk) would otherwise print 年 with another glyph, or stop every export."""
    import pickle

    kept = tmp_path / "cache"
    parsed = _print_with(tmp_path, "parsed.pdf", None)
    assert _print_with(tmp_path, "first.pdf", kept) == parsed
    sans = kept / "NotoSansSC-Regular.face"
    blob = bytearray(sans.read_bytes())
    blob[len(blob) // 2] ^= 0x04                                  # one bit, inside the tables
    sans.write_bytes(bytes(blob))
    bold = kept / "NotoSansSC-Bold.face"
    blob = bytearray(bold.read_bytes())
    blob[blob.index(b"\n") + 11] ^= 0x40                          # one bit, in the pickle's framing
    bold.write_bytes(bytes(blob))
    (kept / "NotoSerifSC-Regular.face").write_bytes(b"\x80\x05 not a pickle")
    (kept / "NotoSerifSC-Bold.face").write_bytes(
        b"reportlab 1.0|other|0\n" + pickle.dumps({"charToGlyph": {}}))    # another version's
    assert _print_with(tmp_path, "repaired.pdf", kept) == parsed
    assert _print_with(tmp_path, "after.pdf", kept) == parsed     # written anew, and used


def test_a_cache_folder_that_is_a_file_does_not_stop_printing(tmp_path):
    parsed = _print_with(tmp_path, "parsed.pdf", None)
    blocked = tmp_path / "cache"
    blocked.write_text("not a folder")
    assert _print_with(tmp_path, "blocked.pdf", blocked / "fonts") == parsed
    assert blocked.read_text() == "not a folder"


RACE_PROBE = """
import sys, threading
from pathlib import Path
from reportlab.pdfbase import pdfmetrics
from desktop import paths
from desktop.reports import fonts
kept = Path(sys.argv[1])
go = threading.Barrier(4)
def first_print():
    go.wait()
    fonts.register(paths.fonts(), kept)
threads = [threading.Thread(target=first_print) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
for name, file in fonts._FILES.items():
    face = pdfmetrics.getFont(name).face
    print(name, Path(face.filename).name == file and face.name.ustr.startswith(Path(file).stem.split('-')[0]))
"""


def test_first_prints_at_once_each_get_their_own_faces(tmp_path):
    """A preview and an export started together (each on a worker) register the faces once; no face
    is ever built from another's kept tables."""
    kept = tmp_path / "cache"
    for _ in range(2):                   # the first run keeps the tables, the second reads them
        out = subprocess.run([sys.executable, "-c", RACE_PROBE, str(kept)], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
        assert out == [w for name in fonts._FILES for w in (name, "True")]
