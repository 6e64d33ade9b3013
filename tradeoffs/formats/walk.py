"""Finding the files of a catalog under a folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

CARD_SUFFIXES = (".yaml", ".yml")


def card_files(root: Path, suffixes: tuple[str, ...] = CARD_SUFFIXES) -> Iterator[Path]:
    """Files under ``root`` (or ``root`` itself) ending in one of ``suffixes``, in a stable
    order, hidden files and folders skipped."""
    if root.is_file():
        yield root
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(suffixes) and not name.startswith("."):
                yield Path(folder) / name
