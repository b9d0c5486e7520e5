"""The layering of STYLE.md, checked by reading every module's imports."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "desktop"
STDLIB = __import__("sys").stdlib_module_names

# layer -> (allowed desktop layers, allowed third-party top-level modules)
RULES: dict[str, tuple[set[str], set[str]]] = {
    "domain": ({"domain"}, set()),
    "storage": ({"domain", "storage"}, {"sqlite_utils"}),
    "plandoc": ({"domain", "plandoc"}, {"docx", "pdfplumber", "pdfminer"}),
    "exchange": ({"domain", "exchange"}, {"openpyxl"}),
    "reports": ({"domain", "reports"}, {"reportlab", "docx", "lxml"}),
    "services": ({"domain", "storage", "plandoc", "exchange", "reports", "services", "paths"},
                 {"platformdirs"}),
    "ui": ({"domain", "services", "ui", "paths"}, {"PySide6"}),
}


def _imports(path: Path) -> list[tuple[str, int]]:
    """(absolute module, line) for every import in a module of the package."""
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    pkg_parts = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.extend((a.name, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg_parts[: len(pkg_parts) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                if not node.module:
                    out.extend((f"{module}.{a.name}", node.lineno) for a in node.names)
                    continue
            else:
                module = node.module or ""
            out.append((module, node.lineno))
    return out


def _violations(layer: str) -> list[str]:
    allowed_layers, allowed_libs = RULES[layer]
    bad = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module, line in _imports(path):
            top = module.split(".")[0]
            if top == "desktop":
                parts = module.split(".")
                target = parts[1] if len(parts) > 1 else ""
                is_module = (PACKAGE / target).is_dir() or (PACKAGE / f"{target}.py").exists()
                if is_module and target not in allowed_layers:
                    bad.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}")
            elif top not in STDLIB and top not in allowed_libs and top != "__future__":
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}")
    return bad


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports_only_what_it_may(layer):
    assert _violations(layer) == []


def test_the_check_catches_a_forbidden_import(tmp_path, monkeypatch):
    """A ui module that reached into storage would be reported."""
    fake = PACKAGE / "ui" / "_layering_probe.py"
    fake.write_text("from ..storage import plans\nimport sqlite3\n", encoding="utf-8")
    try:
        found = _violations("ui")
    finally:
        fake.unlink()
    assert any("desktop.storage" in v for v in found)
    domain_probe = PACKAGE / "domain" / "_layering_probe.py"
    domain_probe.write_text("import PySide6\n", encoding="utf-8")
    try:
        assert any("PySide6" in v for v in _violations("domain"))
    finally:
        domain_probe.unlink()


def test_no_sql_text_outside_storage():
    """Not only the imports: no SQL statement is written anywhere but in storage/."""
    sql = re.compile(r"""["'](SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA)\s""", re.IGNORECASE)
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "storage" in path.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if sql.search(line):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{n}")
    assert offenders == []


def test_sql_lives_only_in_storage():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "storage" in path.parts:
            continue
        for module, line in _imports(path):
            if module.split(".")[0] in {"sqlite3", "sqlite_utils"}:
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    assert offenders == []
