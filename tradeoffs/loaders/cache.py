"""The cache of read catalogs: what reading each card file gave, kept per catalog folder, so a
command re-reads only the files that changed since the last one.

It can never change an answer:

- a file's entry is used only while the file's size, modification and change times, inode and
  device are what they were when it was read, under the same path (an edit, a replacement
  through a new inode, a `touch` back to the old time are all seen); a file modified less than
  :data:`RACY_NS` before it was read is not kept, since a filesystem's clock may be too coarse
  to show a second change made within the same tick;
- the folders are listed afresh by every command, so a new, removed or renamed file is seen;
- an entry is the reader's whole result (the card, or its problems), valid only for the code
  that wrote it (:func:`code_version`) and for its folder, kind and context.

A cache file is untrusted input, stored as JSON (never pickle) and validated on reading: one
that is a symlink, not a regular file, too large, not JSON, not of this shape, or written for
another version, folder or context is ignored, and replaced by the next write. Writes are
atomic (:func:`tradeoffs.io.write.write_cache_file`), so two commands at once each see a whole
file; a cache that cannot be written is simply not written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Literal

import pydantic
from pydantic import BaseModel, ConfigDict, ValidationError

from tradeoffs.errors import OutputError, Problem
from tradeoffs.io.listing import list_files
from tradeoffs.io.read import read_cache_file
from tradeoffs.models import Card

CACHE_FORMAT: Literal["tradeoffs-read-cache/1"] = "tradeoffs-read-cache/1"
RACY_NS = 2_000_000_000
"""A file modified this recently (2 s) when it was read is read again next time."""
ENV_FOLDER = "TRADEOFFS_CACHE_DIR"

Parsed = tuple[Card | None, list[Problem], int]
"""What reading one file gives: the card (None if it failed), its problems, a line number."""

# The code whose change can change what a file reads as (its folders walked whole): its files'
# sizes and times are part of the version a cache entry is valid for, so an upgrade or a
# local edit starts afresh.
_PACKAGE = Path(__file__).resolve().parents[1]
_READING_CODE = ("errors.py", "models.py", "vocabulary.py", "io", "formats", "loaders", "graph")
VIEW_CODE = (*_READING_CODE, "map", "site")
"""The code whose change can change what a view makes of a catalog (the map's data, the
site's search index)."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)

    path: str
    stat: tuple[int, int, int, int, int]
    """size, modification time, change time (ns), inode, device."""
    card: Card | None
    problems: list[tuple[str | None, int | None, str | None, str]]
    line: int


class _CacheFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)

    format: Literal["tradeoffs-read-cache/1"]
    version: str
    folder: str
    kind: str
    context: str
    entries: list[_Entry]


@cache
def code_version(code: tuple[str, ...] = _READING_CODE) -> str:
    """The cache format, pydantic's version and the files (size and time) of ``code`` (the
    reading code unless told)."""
    parts = [CACHE_FORMAT, pydantic.VERSION]
    for name in code:
        for path, info in _python_files(_PACKAGE / name):
            parts.append(f"{name}/{path}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _python_files(path: Path) -> list[tuple[str, os.stat_result]]:
    if not path.is_dir():
        return [(path.name, path.stat())]
    return [
        (file.relative_to(path).as_posix(), file.stat())
        for file in list_files(path, (".py",)).files
    ]


class ReadCache:
    """The cache under ``folder``: one JSON file per catalog folder and kind of file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> ReadCache:
        """``TRADEOFFS_CACHE_DIR``, else the user's cache folder (``~/.cache/tradeoffs`` on
        Linux, as platformdirs finds it on each system)."""
        where = environ.get(ENV_FOLDER)
        if not where:
            import platformdirs

            where = platformdirs.user_cache_dir("tradeoffs", appauthor=False)
        return cls(Path(where))

    def read(
        self,
        root: Path,
        kind: str,
        files: Sequence[Path],
        parse: Callable[[Path], Parsed],
        context: str = "",
    ) -> dict[Path, Parsed]:
        """``parse(path)`` for each of ``files`` (found under ``root``), taken from the cache
        for the files unchanged since they were read. ``context`` is whatever else the results
        depend on (a records folder's numbering): when it differs, nothing is reused."""
        started = time.time_ns()
        folder = str(root.resolve())
        stats = {path: stat_key(path) for path in files}
        name = hashlib.sha256(f"{folder}\0{kind}".encode()).hexdigest()[:32]
        cache_file = self.folder / "read" / f"{name}.json"
        # Entries are about the size of the files they hold; far larger is not ours.
        limit = 8 * sum(s[0] for s in stats.values() if s) + 1024 * 1024
        stored = self._load(cache_file, limit, (folder, kind, context))
        results: dict[Path, Parsed] = {}
        kept: list[_Entry] = []
        added = False
        for path in files:
            key = stats[path]
            entry = stored.get(str(path))
            if key is not None and entry is not None and entry.stat == key:
                problems = [Problem(*problem) for problem in entry.problems]
                results[path] = (entry.card, problems, entry.line)
                kept.append(entry)
                continue
            results[path] = card, problems, line = parse(path)
            if key is not None and key[1] < started - RACY_NS:
                shown = [dataclasses.astuple(problem) for problem in problems]
                kept.append(_Entry(path=str(path), stat=key, card=card, problems=shown, line=line))
                added = True
        if added or len(kept) != len(stored):
            content = _CacheFile(
                format=CACHE_FORMAT,
                version=code_version(),
                folder=folder,
                kind=kind,
                context=context,
                entries=kept,
            )
            from tradeoffs.io.write import write_cache_file  # with its zip writer: only to write

            try:
                write_cache_file(cache_file, content.model_dump_json().encode())
            except OutputError:
                pass  # a read-only or full disk: the next command reads the files again
        return results

    def _load(self, cache_file: Path, limit: int, key: tuple[str, str, str]) -> dict[str, _Entry]:
        data = read_cache_file(cache_file, limit)
        if data is None:
            return {}
        try:
            stored = _CacheFile.model_validate_json(data)
        except (ValidationError, ValueError):
            return {}
        if (stored.version, stored.folder, stored.kind, stored.context) != (code_version(), *key):
            return {}
        return {entry.path: entry for entry in stored.entries}


def stat_key(path: Path) -> tuple[int, int, int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None  # the reader names the problem
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def read_all(
    cache: ReadCache | None,
    root: Path,
    kind: str,
    files: Sequence[Path],
    parse: Callable[[Path], Parsed],
    context: str = "",
) -> dict[Path, Parsed]:
    """``parse`` each of ``files``, through ``cache`` when there is one."""
    if cache is None:
        return {path: parse(path) for path in files}
    return cache.read(root, kind, files, parse, context)
