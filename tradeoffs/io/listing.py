"""Which files a catalog or a records folder holds: decided here, once, by :func:`list_files`.

The rules, the same for every folder tradeoffs reads (card catalogs, records, catalog JSON):

- sub-folders are included, at any depth; a folder reached twice (a symlink loop, two links to
  one folder) is read once;
- symlinks are followed, to files and to folders; a symlink that points nowhere is an error
  naming it, whatever its name, since it may have been a folder of cards;
- a file is listed when its name ends in one of the suffixes, in any case (``card.YAML``,
  ``card.Yaml`` and ``card.yaml`` alike);
- names starting with ``.`` (hidden files and folders: ``.git``, an import's layout file) are
  skipped;
- a folder that cannot be listed is an error naming it; so is a root that does not exist.

Errors are :class:`~tradeoffs.errors.Problem`\\ s beside the files, never a silent skip: a
caller that deletes what it did not find (``load``) must see that the listing is incomplete.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.errors import CatalogError, Problem

CARD_SUFFIXES = (".yaml", ".yml")
RECORD_SUFFIXES = (".md", ".markdown")


@dataclass
class Listing:
    """The files a folder holds, in a stable order, and what could not be listed."""

    root: Path
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether every entry could be listed: only then are ``files`` all there is."""
        return not self.problems


def list_files(root: Path, suffixes: tuple[str, ...] = CARD_SUFFIXES) -> Listing:
    """The files under ``root`` ending in one of ``suffixes`` (any case), by the module's rules.

    ``root`` may be a file: it is then the one file listed, whatever its suffix.
    """
    listing = Listing(root)
    wanted = tuple(suffix.lower() for suffix in suffixes)
    if root.is_symlink() and not root.exists():
        listing.problems.append(_dangling(root))
        return listing
    if not root.exists():
        listing.problems.append(Problem(str(root), 1, "(file)", "no such file or folder"))
        return listing
    if not root.is_dir():
        listing.files.append(root)
        return listing
    seen: set[tuple[int, int]] = set()

    def walk(folder: Path) -> None:
        try:
            info = folder.stat()
            key = (info.st_dev, info.st_ino)
            if key in seen:
                return
            seen.add(key)
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            listing.problems.append(os_problem(folder, exc, "cannot read the folder"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows symlinks
                if entry.is_symlink() and not path.exists():
                    listing.problems.append(_dangling(path))
                    continue
            except OSError as exc:
                listing.problems.append(os_problem(path, exc, "cannot read"))
                continue
            if is_dir:
                walk(path)
            elif entry.name.lower().endswith(wanted):
                listing.files.append(path)

    walk(root)
    return listing


def card_files(root: Path, suffixes: tuple[str, ...] = CARD_SUFFIXES) -> list[Path]:
    """The files :func:`list_files` lists; raises :class:`CatalogError` unless complete."""
    listing = list_files(root, suffixes)
    if listing.problems:
        raise CatalogError(listing.problems)
    return listing.files


def os_problem(path: Path, exc: OSError, what: str) -> Problem:
    """An operating-system failure on ``path`` as one problem: ``what``, then the reason."""
    return Problem(str(path), 1, "(file)", f"{what}: {exc.strerror or exc}")


def _dangling(path: Path) -> Problem:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return Problem(
        str(path), 1, "(file)", f"a symlink to {target}, which does not exist (fix or remove it)"
    )
