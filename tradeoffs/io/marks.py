"""How tradeoffs knows its own output: by a mark that holds a hash of the content it marks.

A phrase ("written by tradeoffs") can be typed, pasted or quoted by anyone, so it proves
nothing; a SHA-256 of the very bytes that carry it cannot occur by accident, and stops
matching as soon as someone edits the file. So:

- a single file carries :data:`UNSTAMPED` where its format allows a comment or a field, before
  any card text (each format puts it there); :func:`stamp` writes into it the hash of the whole
  content, taken with the 64 hex digits as zeros. The file is ours while that still holds.
- a folder holds :data:`MARKER_FILE`, a manifest of every file below it with its hash; it is
  ours while it holds exactly those files, unchanged, and nothing else (no symlink either).
- a zip's comment is the mark, the hash of every entry's name and content.

:func:`is_own` checks the mark; the writer replaces (with ``force``) only what it accepts.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

MARK = "tradeoffs-output sha256="
UNSTAMPED = MARK + "0" * 64
"""The mark before :func:`stamp` fills in the hash: what a single-file format writes."""
MARKER_FILE = ".tradeoffs-output"
"""The manifest in every folder tradeoffs writes as a whole."""
MANIFEST_HEADING = (
    "# written by tradeoffs: the next --force replaces this folder as a whole, but only while\n"
    "# it holds exactly the files below, unchanged (SHA-256, then the path)\n"
)
HEAD_BYTES = 64 * 1024
"""How far into a file its mark is looked for (formats write it near the start)."""
MAX_CHECKED_BYTES = 1024**3
"""Larger files and archives are never taken for ours (hashing them is not worth it)."""

_MARK = re.compile(re.escape(MARK.encode()) + rb"([0-9a-f]{64})")
_HASH_LINE = re.compile(r"^([0-9a-f]{64})  (.+)$")

Content = str | bytes


def stamp(content: Content) -> Content:
    """``content`` with its first :data:`UNSTAMPED` holding the hash of the whole content
    (zeros in place); content without the mark is returned as it is (never ours)."""
    data = as_bytes(content)
    if UNSTAMPED.encode() not in data:
        return content
    stamped = MARK + hashlib.sha256(data).hexdigest()
    if isinstance(content, str):
        return content.replace(UNSTAMPED, stamped, 1)
    return content.replace(UNSTAMPED.encode(), stamped.encode(), 1)


def manifest(files: Mapping[str, Content]) -> str:
    """The :data:`MARKER_FILE` of a folder holding ``files`` (relative POSIX path -> content)."""
    return manifest_of({name: content_hash(content) for name, content in files.items()})


def manifest_of(hashes: Mapping[str, str]) -> str:
    """The :data:`MARKER_FILE` listing ``hashes`` (relative POSIX path -> SHA-256 in hex)."""
    return MANIFEST_HEADING + "".join(f"{hashes[name]}  {name}\n" for name in sorted(hashes))


def content_hash(content: Content) -> str:
    """The SHA-256 of ``content`` as written, as the manifest lists it."""
    return hashlib.sha256(as_bytes(content)).hexdigest()


def listed(folder: Path) -> dict[str, str] | None:
    """The files ``folder``'s :data:`MARKER_FILE` lists, with their hashes; None when it has
    no readable manifest (the folder is not ours)."""
    marker = folder / MARKER_FILE
    if marker.is_symlink() or not marker.is_file() or marker.stat().st_size > HEAD_BYTES * 16:
        return None
    hashes: dict[str, str] = {}
    for line in marker.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        match = _HASH_LINE.match(line)
        if match is None:
            return None
        hashes[match.group(2)] = match.group(1)
    return hashes


def zip_mark(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """The comment that marks a zip holding ``entries`` (name, content), in archive order."""
    digest = hashlib.sha256()
    for name, data in entries:
        digest.update(name.encode() + b"\0" + len(data).to_bytes(8, "big"))
        digest.update(data)
    return (MARK + digest.hexdigest()).encode()


def is_own(path: Path) -> bool:
    """Whether ``path`` is tradeoffs' output, unchanged since it was written: a stamped file,
    a folder matching its manifest or a marked zip. A symlink never is; nothing that cannot be
    read is."""
    try:
        if path.is_symlink():
            return False
        if path.is_dir():
            return _own_folder(path)
        if path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
            return _own_zip(path)
        return path.is_file() and _own_file(path)
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError, ValueError):
        return False


def _own_file(path: Path) -> bool:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CHECKED_BYTES:
            return False
        head = os.read(fd, HEAD_BYTES)
        found = _MARK.search(head)
        if found is None:
            return False
        digest = hashlib.sha256()
        digest.update(head[: found.start(1)] + b"0" * 64 + head[found.end(1) :])
        while chunk := os.read(fd, 1024 * 1024):
            digest.update(chunk)
    finally:
        os.close(fd)
    return digest.hexdigest() == found.group(1).decode()


def _own_folder(folder: Path) -> bool:
    hashes = listed(folder)
    if hashes is None:
        return False
    present: dict[str, Path] = {}
    for root, folders, names in os.walk(folder):
        for name in folders + names:
            entry = Path(root, name)
            if entry.is_symlink() or not (entry.is_dir() or entry.is_file()):
                return False
        for name in names:
            relative = Path(root, name).relative_to(folder).as_posix()
            if relative != MARKER_FILE:
                present[relative] = Path(root, name)
    if set(present) != set(hashes):
        return False
    return all(_file_hash(present[name]) == hashes[name] for name in hashes)


def _own_zip(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if sum(info.file_size for info in infos) > MAX_CHECKED_BYTES:
            return False
        if _MARK.fullmatch(archive.comment) is None:
            return False
        entries = ((info.filename, archive.read(info)) for info in infos)
        return zip_mark(entries) == archive.comment


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def as_bytes(content: Content) -> bytes:
    """Content as written: text as UTF-8."""
    return content.encode() if isinstance(content, str) else content
