"""The methods `dataclasses` writes for the program's record classes, compiled once and kept.

For each record class, `dataclasses` writes its __init__, __repr__ and __eq__ (and a frozen
record's __setattr__, __delattr__ and __hash__) as source text and compiles it when the module
that defines the class is imported: at the window's start, 41 classes and some 200 small
functions, 30-40 ms (a quarter of what the program adds to a bare Qt window). Like the bytecode
Python keeps in __pycache__, the compiled functions are kept in a file there, under their exact
source text (compiled the same way, the same text is the same function, so no entry can go
stale), and later starts run them instead of compiling them again. The file carries its format and
a checksum: one of another format, another Python or with a damaged byte is not read.

`dataclasses` itself is untouched: it is given an `exec` of its own (a global of its module, found
before the builtin) that looks the text up first. Without the file, with a file of another Python
or a damaged one, classes are made as they always are. The installed program carries the file in
its folder (`installer/build` makes it); a source checkout writes it at the end of a run, unless
Python is told not to write bytecode."""

from __future__ import annotations

import builtins
import contextlib
import marshal
import os
import sys
import zlib
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType

FILE_NAME = "dataclass-methods.bin"
FORMAT = b"planledger-methods-2\n"     # changed whenever what an entry means changes
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
            except Exception:   # noqa: BLE001 - a damaged entry (the checksum passed): compiled again
                code = None
        if type(code) is not CodeType:
            # dont_inherit: compiled as `dataclasses` compiles it, not under this module's
            # `from __future__ import annotations` (which would make every annotation a string)
            code = compile(source, "<string>", "exec", dont_inherit=True)
            _codes[source] = marshal.dumps(code)
            _new.add(source)
        _used.add(source)
        source = code
    builtins.exec(source, globals, locals)


def _header(payload: bytes) -> bytes:
    return MAGIC_NUMBER + FORMAT + zlib.crc32(payload).to_bytes(4, "little")


def install(path: Path | None = None, *, read: bool = True) -> None:
    """Read the kept methods (a file of another format or Python, or with a damaged byte, is not
    read) and let `dataclasses` use them. Called first thing by the package."""
    import dataclasses

    global _path
    _path = path or location()
    _codes.clear()
    _new.clear()
    _used.clear()
    try:
        data = _path.read_bytes() if read else b""
        head = len(MAGIC_NUMBER) + len(FORMAT) + 4
        if data.startswith(MAGIC_NUMBER + FORMAT) and data[:head] == _header(data[head:]):
            kept = marshal.loads(data[head:])
            if isinstance(kept, dict) and all(type(k) is str and type(v) is bytes for k, v in kept.items()):
                _codes.update(kept)
    except Exception:   # noqa: BLE001 - whatever the file holds, classes are made as always
        _codes.clear()
    dataclasses.exec = _exec


def save(*, always: bool = False) -> bool:
    """Keep what was compiled in this process (at the end of a run). Not when Python is told not
    to write bytecode, nor into an installed program's folder, unless `always` (the build)."""
    if not _new or _path is None:
        return False
    if not always and (sys.dont_write_bytecode or getattr(sys, "frozen", False)):
        return False
    keep = dict(_codes) if len(_codes) <= KEEP_AT_MOST else {k: _codes[k] for k in list(_used)}
    temporary = _path.with_name(f"{_path.name}.{os.getpid()}.tmp")
    try:
        _path.parent.mkdir(parents=True, exist_ok=True)
        payload = marshal.dumps(keep)
        temporary.write_bytes(_header(payload) + payload)
        os.replace(temporary, _path)          # whole or not at all, whoever else is saving
    except OSError:           # a read-only disk, a file where the folder should be: only a cache
        with contextlib.suppress(OSError):
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

    install(path, read=False)      # every entry compiled afresh: nothing carried over from an old file
    for module in pkgutil.walk_packages(desktop.__path__, "desktop."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    save(always=True)
    return len(_codes)
