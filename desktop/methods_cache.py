"""The methods `dataclasses` writes for the program's record classes, compiled once and kept.

For each record class, `dataclasses` writes its __init__, __repr__ and __eq__ (and a frozen
record's __setattr__, __delattr__ and __hash__) as source text and compiles it when the module
that defines the class is imported: at the window's start, 41 classes and some 200 small
functions, 30-40 ms (a quarter of what the program adds to a bare Qt window). Like the bytecode
Python keeps in __pycache__, the compiled functions are kept in a file there, under their exact
source text (the same text is the same function, so nothing in the file can go stale), and later
starts run them instead of compiling them again.

`dataclasses` itself is untouched: it is given an `exec` of its own (a global of its module, found
before the builtin) that looks the text up first. Without the file, with a file of another Python
or a damaged one, classes are made as they always are. The installed program carries the file in
its folder (`installer/build` makes it); a source checkout writes it at the end of a run, unless
Python is told not to write bytecode."""

from __future__ import annotations

import builtins
import marshal
import os
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType

FILE_NAME = "dataclass-methods.bin"
_codes: dict[str, bytes] = {}    # source text -> its code, marshalled: read only when used
_new: set[str] = set()           # compiled here, not in the file yet
_path: Path | None = None
KEEP_AT_MOST = 3000              # entries; beyond that a save keeps only what this process used
_used: set[str] = set()


def location() -> Path:
    """Beside the package's bytecode, or in the installed program's folder."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / FILE_NAME
    return Path(__file__).resolve().parent / "__pycache__" / f"{FILE_NAME[:-4]}.{sys.implementation.cache_tag}.bin"


def _exec(source, globals=None, locals=None, /) -> None:
    """`exec` as `dataclasses` calls it, with the code of a text compiled before."""
    if type(source) is str:
        code = None
        kept = _codes.get(source)
        if kept is not None:
            try:
                code = marshal.loads(kept)
            except (EOFError, ValueError, TypeError):   # a damaged entry: compiled again
                code = None
        if type(code) is not CodeType:
            code = compile(source, "<string>", "exec")
            _codes[source] = marshal.dumps(code)
            _new.add(source)
        _used.add(source)
        source = code
    builtins.exec(source, globals, locals)


def install(path: Path | None = None) -> None:
    """Read the kept methods (a file of another Python, or damaged, is not read) and let
    `dataclasses` use them. Called first thing by the package."""
    import dataclasses

    global _path
    _path = path or location()
    _codes.clear()
    _new.clear()
    _used.clear()
    try:
        data = _path.read_bytes()
        if data.startswith(MAGIC_NUMBER):
            kept = marshal.loads(data[len(MAGIC_NUMBER):])
            if isinstance(kept, dict) and all(type(v) is bytes for v in kept.values()):
                _codes.update(kept)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    dataclasses.exec = _exec


def save(*, always: bool = False) -> bool:
    """Keep what was compiled in this process (at the end of a run). Not when Python is told not
    to write bytecode, nor into an installed program's folder, unless `always` (the build)."""
    if not _new or _path is None:
        return False
    if not always and (sys.dont_write_bytecode or getattr(sys, "frozen", False)):
        return False
    keep = _codes if len(_codes) <= KEEP_AT_MOST else {k: _codes[k] for k in _used}
    temporary = _path.with_name(f"{_path.name}.{os.getpid()}.tmp")
    try:
        _path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(MAGIC_NUMBER + marshal.dumps(keep))
        os.replace(temporary, _path)          # whole or not at all, whoever else is saving
    except OSError:
        temporary.unlink(missing_ok=True)
        return False
    _new.clear()
    return True


def build(path: Path | None = None) -> int:
    """Import every module of the program, so that every record class is made, and write the
    file (for the installer's build, and after a change of the records). Returns how many
    methods the file holds. From a shell:
    `python -c "from desktop import methods_cache; methods_cache.build()"`."""
    import importlib
    import pkgutil

    import desktop

    if path is not None:
        install(path)
    for module in pkgutil.walk_packages(desktop.__path__, "desktop."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    save(always=True)
    return len(_codes)
