"""Finding the files of a catalog under a folder, and reading one safely.

A catalog is read completely or not at all: symlinked folders and files are followed (a folder
reached twice, as through a symlink loop, is read once), and a folder that cannot be listed, a
file that cannot be read, a path that is not a regular file (a FIFO, a device) or a file over
:data:`MAX_FILE_BYTES` is a problem naming it, never a silent skip and never a hang.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.errors import CatalogError, Problem

CARD_SUFFIXES = (".yaml", ".yml")

MAX_FILE_BYTES = 1024 * 1024
# A file that holds many cards (a catalog JSON file, an `export json` file) may be larger.
MAX_COLLECTION_BYTES = 256 * 1024 * 1024
"""The largest card file read (1 MiB); real cards are a few kilobytes."""


@dataclass
class Found:
    """The files a walk found, and the folders or entries it could not read."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def find_files(root: Path, suffixes: tuple[str, ...] = CARD_SUFFIXES) -> Found:
    """Files under ``root`` (or ``root`` itself) ending in one of ``suffixes``, in a stable
    order, hidden files and folders skipped, symlinks followed."""
    found = Found()
    if not root.is_dir():
        found.files.append(root)
        return found
    seen: set[tuple[int, int]] = set()

    def walk(folder: Path) -> None:
        try:
            info = folder.stat()
            key = (info.st_dev, info.st_ino)
            if key in seen:  # reached again (a symlink loop, or two links to one folder)
                return
            seen.add(key)
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            found.problems.append(_os_problem(folder, exc, "cannot read the folder"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError as exc:
                found.problems.append(_os_problem(path, exc, "cannot read"))
                continue
            if is_dir:
                walk(path)
            elif entry.name.endswith(suffixes):
                found.files.append(path)

    walk(root)
    return found


def card_files(root: Path, suffixes: tuple[str, ...] = CARD_SUFFIXES) -> list[Path]:
    """The files :func:`find_files` finds; raises :class:`CatalogError` if a folder could not
    be read."""
    found = find_files(root, suffixes)
    if found.problems:
        raise CatalogError(found.problems)
    return found.files


def read_text(path: Path, limit: int = MAX_FILE_BYTES, what: str = "a card file") -> str:
    """The UTF-8 text of the regular file ``path`` (a leading byte-order mark dropped).

    Raises :class:`CatalogError` with one problem naming the file when it cannot be read, is
    not a regular file, is over ``limit`` bytes or is not UTF-8. A FIFO or a device is refused
    without being read, so it can neither hang the run nor fill the memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise CatalogError([_os_problem(path, exc, "cannot read")]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _file_error(path, "not a regular file (a FIFO, device or socket is never read)")
        if info.st_size > limit:
            raise _file_error(path, f"larger than the {_size(limit)} {what} may have")
        chunks = []
        size = 0
        while chunk := os.read(fd, 65536):
            size += len(chunk)
            if size > limit:  # grew while being read
                raise _file_error(path, f"larger than the {_size(limit)} {what} may have")
            chunks.append(chunk)
    except OSError as exc:
        raise CatalogError([_os_problem(path, exc, "cannot read")]) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _file_error(
            path, f"not UTF-8 text ({exc.reason} at byte {exc.start})", line
        ) from None


def read_cache_file(path: Path, limit: int) -> bytes | None:
    """The bytes of one of tradeoffs' cache files, or None when there is no usable one: none
    there, a symlink (never followed: it could point anywhere), not a regular file, over
    ``limit`` bytes, or unreadable. A cache is rebuilt, never an error."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks = []
        size = 0
        while size <= limit and (chunk := os.read(fd, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return b"".join(chunks) if size <= limit else None


def _size(limit: int) -> str:
    return f"{limit // 1024**2} MiB" if limit >= 1024**2 else f"{limit // 1024} KiB"


def _file_error(path: Path, message: str, line: int = 1) -> CatalogError:
    return CatalogError([Problem(str(path), line, "(file)", message)])


def _os_problem(path: Path, exc: OSError, what: str) -> Problem:
    return Problem(str(path), 1, "(file)", f"{what}: {exc.strerror or exc}")
