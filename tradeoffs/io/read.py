"""Reading one file safely: the only code that reads a user's file, or a file of our package.

A file that cannot be read, a path that is not a regular file (a FIFO, a device), a file over
its size limit or text that is not UTF-8 is one :class:`~tradeoffs.errors.CatalogError` naming
the file, never a hang and never a memory blow-up.
"""

from __future__ import annotations

import os
import stat
from importlib.resources import files
from importlib.resources.abc import Traversable
from importlib.util import find_spec
from pathlib import Path

from tradeoffs.errors import CatalogError, Problem
from tradeoffs.io.listing import os_problem

MAX_FILE_BYTES = 1024 * 1024
"""The largest card file read (1 MiB); real cards are a few kilobytes."""
MAX_COLLECTION_BYTES = 256 * 1024 * 1024
"""The largest file that holds many cards (a catalog JSON file, an ``export json`` file)."""


def read_text(path: Path, limit: int = MAX_FILE_BYTES, what: str = "a card file") -> str:
    """The UTF-8 text of the regular file ``path`` (a leading byte-order mark dropped).

    Raises :class:`CatalogError` with one problem naming the file when it cannot be read, is
    not a regular file, is over ``limit`` bytes or is not UTF-8. A FIFO or a device is refused
    without being read, so it can neither hang the run nor fill the memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise CatalogError([os_problem(path, exc, "cannot read")]) from None
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
        raise CatalogError([os_problem(path, exc, "cannot read")]) from None
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


def read_package_text(package: str, *parts: str) -> str:
    """The text of a file shipped inside the installed ``package``, at ``parts`` below it (the
    map's script, style and template; vis-network from pyvis): not a user's file, read here so
    that this module stays the only reader."""
    # Found, not imported where it can be: importing pyvis (to read vis-network) would import
    # IPython, a tenth of a second of the site's build.
    spec = find_spec(package)
    folders = spec.submodule_search_locations if spec is not None else None
    resource: Traversable = Path(next(iter(folders))) if folders else files(package)
    for part in parts:
        resource = resource / part
    return resource.read_text(encoding="utf-8")


def read_served_file(root: Path, address: str) -> bytes | None:
    """The bytes of the file below the folder ``root`` that the URL path ``address`` names
    (already unquoted; a folder stands for its ``index.html``), for the site's preview; None
    when there is no such regular file. A path that leaves ``root`` (``..``, a symlink out of
    it) names nothing."""
    parts = [part for part in address.split("/") if part]
    if any(part in (".", "..") or "\\" in part for part in parts):
        return None
    top = root.resolve()
    path = top.joinpath(*parts)
    if path.is_dir():
        path = path / "index.html"
    path = path.resolve()
    if not path.is_relative_to(top) or not path.is_file():
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None
