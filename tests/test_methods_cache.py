"""The record classes' methods, compiled once and kept: the same records, made without compiling
again, and a damaged or foreign file never read."""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
from importlib.util import MAGIC_NUMBER

import pytest

from desktop import methods_cache


@pytest.fixture
def kept(tmp_path):
    """The cache read from (and written to) a file of the test's own; the program's own after."""
    path = tmp_path / "methods.bin"
    methods_cache.install(path)
    yield path
    methods_cache.install()


def _records():
    """Record classes of the shapes the program has: frozen with slots, with defaults and a
    default factory, ordered."""

    @dataclasses.dataclass(frozen=True, slots=True)
    class Indicator:
        id: int
        name: str
        target: float | None = None
        years: tuple = ()

    @dataclasses.dataclass
    class Box:
        title: str
        items: list = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, order=True)
    class Year:
        year: int
        value: float = 0.0

    return Indicator, Box, Year


def _behaviour(classes) -> list:
    Indicator, Box, Year = classes
    a, b = Indicator(1, "人均预期寿命", 79.0), Indicator(1, "人均预期寿命", 79.0)
    frozen = False
    try:
        a.name = "改过"
    except dataclasses.FrozenInstanceError:
        frozen = True
    one, two = Box("专栏1"), Box("专栏2")
    one.items.append("项目")
    return [repr(a), a == b, hash(a) == hash(b), a != Indicator(2, "人均预期寿命"), frozen, repr(one),
            two.items, Year(2023) < Year(2024, 1.0), sorted([Year(2025), Year(2021)])[0].year,
            [f.name for f in dataclasses.fields(Indicator)]]


def test_records_made_again_from_the_file_compile_nothing_and_behave_the_same(kept):
    first = _behaviour(_records())
    assert methods_cache._new, "the first making compiles the methods"
    assert methods_cache.save(always=True) and kept.read_bytes().startswith(MAGIC_NUMBER)

    methods_cache.install(kept)                 # a later start: the file read
    again = _behaviour(_records())
    assert methods_cache._new == set()          # nothing compiled
    assert again == first
    assert again[1:5] == [True, True, True, True] and again[6:] == [[], True, 2021, ["id", "name", "target", "years"]]
    assert again[0].endswith("Indicator(id=1, name='人均预期寿命', target=79.0, years=())")
    assert again[5].endswith("Box(title='专栏1', items=['项目'])")


def _signed(payload: bytes) -> bytes:
    return methods_cache._header(payload) + payload


def _flipped(good: bytes) -> bytes:
    """One bit changed in the middle of the kept code (a disk's error, a copy cut short)."""
    middle = len(good) // 2
    return good[:middle] + bytes([good[middle] ^ 0x01]) + good[middle + 1:]


@pytest.mark.parametrize("damage", [
    lambda good: b"",                                                       # empty
    lambda good: b"not a cache at all",                                     # garbage
    lambda good: good[: len(good) // 2],                                    # cut short
    _flipped,                                                               # one bit changed
    lambda good: b"\x00\x00\r\n" + good[4:],                               # another Python's
    lambda good: good.replace(methods_cache.FORMAT, b"planledger-methods-1\n"),   # an older format
    lambda good: _signed(marshal.dumps(["a", "list"])),                    # not what is kept
    lambda good: _signed(marshal.dumps({k: b"\xe3\x00garbage" for k in marshal.loads(
        good[len(methods_cache._header(b"")):])})),                          # every entry damaged
])
def test_a_damaged_or_foreign_file_is_not_read_and_is_written_anew(kept, damage):
    _records()
    assert methods_cache.save(always=True)
    kept.write_bytes(damage(kept.read_bytes()))
    methods_cache.install(kept)
    assert _behaviour(_records())[1:5] == [True, True, True, True]    # the records as always
    assert methods_cache._new                                          # made by compiling
    assert methods_cache.save(always=True)
    methods_cache.install(kept)
    _records()
    assert methods_cache._new == set()


def test_the_kept_methods_carry_real_annotations(kept):
    """Compiled as `dataclasses` compiles them: not under this module's `from __future__ import
    annotations`, which would make every annotation of __init__ a string nobody can resolve."""
    import typing

    def make():
        @dataclasses.dataclass
        class Entry:
            year: int
            value: float | None = None
        return Entry

    hints = {"year": int, "value": float | None, "return": type(None)}
    assert typing.get_type_hints(make().__init__) == hints          # compiled here
    assert methods_cache.save(always=True)
    methods_cache.install(kept)
    again = make()
    assert methods_cache._new == set()                                  # from the file
    assert typing.get_type_hints(again.__init__) == hints


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path):
    """A read-only disk or a file where the folder should be: the run ends as it would have."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    methods_cache.install(blocker / "methods.bin")
    try:
        _records()
        assert methods_cache.save(always=True) is False
    finally:
        methods_cache.install()


def test_a_build_starts_afresh(kept):
    """What an old file held is not carried into a new one (the installer's build)."""
    kept.write_bytes(_signed(marshal.dumps({"def old(): pass": marshal.dumps(compile("1", "<s>", "exec"))})))
    methods_cache.install(kept)
    assert "def old(): pass" in methods_cache._codes
    methods_cache.install(kept, read=False)    # as `build` begins
    _records()
    methods_cache.save(always=True)
    methods_cache.install(kept)
    assert "def old(): pass" not in methods_cache._codes and methods_cache._codes


def test_nothing_is_written_when_python_is_told_not_to_write_bytecode(kept, monkeypatch):
    _records()
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert not methods_cache.save() and not kept.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)    # an installed program's folder
    assert not methods_cache.save() and not kept.exists()
    assert methods_cache.save(always=True) and kept.exists()  # the installer's build writes it


def test_the_windows_start_compiles_no_record_method_once_the_file_is_built(tmp_path):
    """What the start of the window imports finds every record method in the built file."""
    path = tmp_path / "methods.bin"
    probe = (
        "from pathlib import Path\n"
        "from desktop import methods_cache\n"
        "import sys\n"
        "methods_cache.install(Path(sys.argv[1]))\n"
        "if sys.argv[2] == 'build':\n"
        "    print(methods_cache.build(Path(sys.argv[1])))\n"
        "else:\n"
        "    import desktop.cli, desktop.ui.app, desktop.ui.main_window\n"
        "    print('compiled', len(methods_cache._new), 'used', len(methods_cache._used))\n")
    built = subprocess.run([sys.executable, "-c", probe, str(path), "build"], capture_output=True, text=True,
                           timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert built.returncode == 0, built.stderr
    assert int(built.stdout.split()[-1]) > 100
    start = subprocess.run([sys.executable, "-c", probe, str(path), "start"], capture_output=True, text=True,
                           timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    words = start.stdout.split()
    assert start.returncode == 0, start.stderr
    assert words[:2] == ["compiled", "0"] and int(words[3]) > 100
