"""Putting export files on disk: all or nothing, never over an existing path unless forced.

Everything is written into a hidden temporary sibling of the destination (same folder, so
same filesystem) and renamed into place only once complete; on any error the sibling is
removed, so a failed export leaves the destination exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from tradeoffs.errors import ExportError

# Zip entries get a fixed timestamp so the same pack is byte-for-byte the same archive.
ZIP_TIMESTAMP = (2000, 1, 1, 0, 0, 0)

Content = str | bytes
Files = Mapping[str, Content]
"""Relative POSIX path inside a folder or zip -> its content (str is written as UTF-8)."""


def write_file(path: Path, content: Content, *, force: bool = False) -> Path:
    """Write one file at ``path``."""
    return _replace(path, force, lambda staging: _write(staging, content), folder=False)


def write_files(path: Path, files: Files, *, force: bool = False) -> Path:
    """Write ``files`` into the folder ``path``, or into a zip archive when it ends in ``.zip``."""
    for name in files:
        _check_relative(name)
    if path.suffix.lower() == ".zip":
        return _replace(path, force, lambda staging: _write_zip(staging, files), folder=False)
    return _replace(path, force, lambda staging: _write_tree(staging, files), folder=True)


def check_free(path: Path, *, force: bool) -> None:
    """Refuse an existing ``path`` unless forced: called before the work and again before
    the rename, so a long export fails early and a path created meanwhile is not replaced."""
    if (path.exists() or path.is_symlink()) and not force:
        raise ExportError(f"{path} already exists (use --force to replace it)")


def _replace(path: Path, force: bool, fill: Callable[[Path], None], *, folder: bool) -> Path:
    check_free(path, force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{path.name}."
    if folder:
        staging = Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=path.parent))
    else:
        handle, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
        os.close(handle)
        staging = Path(name)
    try:
        fill(staging)
        # mkstemp and mkdtemp make private entries; an export is as readable as any new file.
        os.chmod(staging, 0o755 if folder else 0o644)
        check_free(path, force=force)
        _swap_in(staging, path)
    except BaseException:
        _remove(staging)
        raise
    return path


def _swap_in(staging: Path, path: Path) -> None:
    """Rename ``staging`` to ``path``. An old file is replaced atomically; an old folder (or
    a file where a folder goes) is first moved aside, then deleted once the new one is in."""
    if path.is_dir() and not path.is_symlink():
        aside = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
        os.replace(path, aside / path.name)
        try:
            os.replace(staging, path)
        except BaseException:
            os.replace(aside / path.name, path)
            _remove(aside)
            raise
        _remove(aside)
    elif staging.is_dir() and (path.exists() or path.is_symlink()):
        path.unlink()
        os.replace(staging, path)
    else:
        os.replace(staging, path)


def _write(path: Path, content: Content) -> None:
    path.write_bytes(content.encode() if isinstance(content, str) else content)


def _write_tree(folder: Path, files: Files) -> None:
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, content)


def _write_zip(path: Path, files: Files) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)


def _check_relative(name: str) -> None:
    """Only plain relative names: an entry must never land outside the folder or archive."""
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0]:
        raise ExportError(f"refusing to write {name!r}: export entries must be relative names")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
