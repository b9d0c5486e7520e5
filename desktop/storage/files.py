"""Evidence files kept by content hash inside the user data folder; names never become paths."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from pathlib import Path

from ..domain.errors import KnownError, os_reason

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                     *(f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³"))}


def blob_path(root: Path, sha256: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise KnownError("佐证材料的记录已损坏（文件标识不正确）")
    return root / sha256[:2] / sha256


def store_file(root: Path, source: Path) -> tuple[str, int]:
    """Copy `source` into the store under its SHA-256; the same content is stored once."""
    import hashlib  # (OpenSSL: 3 ms the window's start need not wait for)

    digest = hashlib.sha256()
    size = 0
    try:
        with source.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1024 * 1024), b""):
                digest.update(chunk)
                size += len(chunk)
        sha = digest.hexdigest()
        target = blob_path(root, sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".part")
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
    except OSError as exc:
        raise KnownError(f"无法保存佐证材料“{source.name}”：{os_reason(exc)}") from exc
    return sha, size


def copy_blobs(hashes, source_root: Path, target_root: Path) -> list[str]:
    """Copy the stored files named by `hashes` that `target_root` lacks (a file is never
    rewritten: same name, same content); returns the hashes found in neither place."""
    missing = []
    for sha in sorted(hashes):
        target = blob_path(target_root, sha)
        if target.exists():
            continue
        source = blob_path(source_root, sha)
        if not source.exists():
            missing.append(sha)
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".part")
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        except OSError as exc:
            raise KnownError(f"佐证材料备份失败：无法写入“{target_root}”（{os_reason(exc)}）") from exc
    return missing


def safe_name(name: str) -> str:
    """A file name fit to write anywhere: no folders, no reserved or over-long names."""
    base = re.split(r"[\\/]", name or "")[-1]
    # direction overrides and other invisible format characters can disguise "exe" as "pdf"
    base = "".join(ch for ch in base if unicodedata.category(ch) != "Cf")
    base = re.sub(r'[<>:"|?*\x00-\x1f\x7f]', "_", base).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    device = stem.split(".")[0].strip().upper()  # Windows reads "NUL.tar.zip" as the device NUL
    if device in _WINDOWS_RESERVED or not stem:
        stem = f"_{stem or '佐证材料'}"
    stem = stem[:120]
    return f"{stem}.{ext[:16]}" if ext else stem


def export_file(root: Path, sha256: str, name: str, folder: Path) -> Path:
    """Copy a stored file out under its (made safe) original name, never overwriting."""
    source = blob_path(root, sha256)
    if not source.exists():
        raise KnownError(f"佐证材料“{name}”的文件在数据文件夹中找不到（可能被手工删除），请从备份恢复")
    target = folder / safe_name(name)
    n = 1
    while target.exists():
        stem, dot, ext = safe_name(name).rpartition(".")
        target = folder / (f"{stem}({n}).{ext}" if dot else f"{safe_name(name)}({n})")
        n += 1
    try:
        shutil.copyfile(source, target)
    except OSError as exc:
        raise KnownError(f"无法导出到“{folder}”：{os_reason(exc)}") from exc
    return target
