"""What a load read, file by file, so that it can tell before writing whether the files are
still what it read: a catalog edited while a load reads it must not reach the database as a
mix of two versions (issue 19).

Each file's state is taken before it is read (size, modification and change times, inode,
device) and, when its content is read, the SHA-256 of that very content (the text parsed is
the text hashed; a file the read cache answered for is not read, and its state alone tells:
any write since sets its change time to the present, far from the cached one). Each folder's
listing is kept too, so a file added, removed or renamed meanwhile is seen.
:func:`changed` re-lists the folders and re-checks every file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from tradeoffs.errors import CatalogError
from tradeoffs.io.listing import list_files
from tradeoffs.io.read import read_text
from tradeoffs.loaders.cache import stat_key


class FileState(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    stat: tuple[int, int, int, int, int] | None
    sha256: str | None = None


class Listing(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    folder: str
    suffixes: tuple[str, ...]  # the files it lists: those list_files finds with these
    files: list[str]


class Snapshot(BaseModel):
    """The files a load read and the folders it listed; empty for cards built in memory."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    files: dict[str, FileState] = {}
    listings: list[Listing] = []

    def listed(self, folder: Path, suffixes: tuple[str, ...], files: Sequence[Path]) -> None:
        """Note a folder's listing (``list_files(folder, suffixes)``) and the state of each of
        its files, before reading them."""
        self.listings.append(
            Listing(folder=str(folder), suffixes=suffixes, files=list(map(str, files)))
        )
        for path in files:
            self.files[str(path)] = FileState(stat=stat_key(path))

    def read(self, path: Path, text: str) -> None:
        """Note the content of ``path`` as read (and parsed)."""
        self.files[str(path)].sha256 = digest(text)

    def merge(self, other: Snapshot) -> None:
        self.files |= other.files
        self.listings += other.listings


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def changed(snapshot: Snapshot) -> str | None:
    """The first file (or folder) that is no longer as ``snapshot`` saw it, else None."""
    for listing in snapshot.listings:
        now = list(map(str, list_files(Path(listing.folder), listing.suffixes).files))
        if now != listing.files:
            different = sorted(set(now) ^ set(listing.files))
            return different[0] if different else listing.folder
    for name, state in snapshot.files.items():
        path = Path(name)
        if stat_key(path) != state.stat:
            return name
        if state.sha256 is not None:
            try:
                if digest(read_text(path)) != state.sha256:
                    return name
            except CatalogError:
                return name
    return None
