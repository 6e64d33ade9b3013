"""Files in, cards out: native YAML (the authoring format), the card text format, the public
catalog's JSON files and our own ``export json`` files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.errors import CatalogError, Problem, TradeoffsError
from tradeoffs.formats.native import parse_card_file
from tradeoffs.io import RECORD_SUFFIXES, card_files, list_files
from tradeoffs.models import Card

BUNDLED_CATALOG = Path(__file__).resolve().parent.parent / "catalog"

__all__ = ["BUNDLED_CATALOG", "LoadedCards", "card_files", "load_cards"]


@dataclass
class LoadedCards:
    """The cards of a folder, where each came from, and every problem met on the way."""

    cards: dict[str, Card] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    failed: set[Path] = field(default_factory=set)
    """Files that did not become a card (unreadable, invalid, or a duplicate id)."""
    complete: bool = True
    """False when a folder could not be read: the cards are then not the whole catalog."""
    origins: dict[str, str] = field(default_factory=dict)
    """Which catalog (``bundled``, a path, or ``records``) each card comes from."""
    skipped: list[Path] = field(default_factory=list)
    """Markdown files of a records folder that are not records (a README, a template)."""
    files_read: dict[str, int] = field(default_factory=dict)
    """How many files were read from each catalog or records folder, by its name as people
    see it (``bundled``, or the path; a records folder's path followed by ``(records)``)."""
    replaced: dict[str, tuple[str, Path]] = field(default_factory=dict)
    """Card id -> the earlier catalog and file whose card of that id a later catalog replaced."""


def load_cards(root: Path, *, keep_going: bool = False) -> LoadedCards:
    """Load every card under ``root``, following symlinks; every command reads cards this way.

    Raises :class:`CatalogError` listing every problem, unless ``keep_going``,
    in which case the valid cards are returned with the problems beside them.
    """
    if not root.exists() and not root.is_symlink():
        raise TradeoffsError(f"{root}: no such file or folder")
    loaded = LoadedCards()
    listing = list_files(root)
    loaded.problems.extend(listing.problems)
    loaded.complete = listing.complete
    loaded.files_read[str(root)] = len(listing.files)
    where: dict[str, str] = {}
    for path in listing.files:
        card, problems, id_line = parse_card_file(path)
        loaded.problems.extend(problems)
        if card is None:
            loaded.failed.add(path)
            continue
        here = f"{path}:{id_line}"
        if card.id in loaded.cards:
            loaded.problems.append(
                Problem(
                    str(path), id_line, "id", f"duplicate id {card.id!r}, also in {where[card.id]}"
                )
            )
            loaded.failed.add(path)
            continue
        loaded.cards[card.id] = card
        loaded.sources[card.id] = path
        where[card.id] = here
    if loaded.problems and not keep_going:
        raise CatalogError(loaded.problems)
    return loaded


# ---- layered catalogs and decision records ----

BUNDLED_NAME = "bundled"
"""The word that names the bundled catalog among several ``--catalog`` folders."""

RECORD_FOLDERS = ("docs/decisions", "docs/adr", "doc/adr")
"""Where a team's decision records usually live, looked for under the current folder."""


def resolve_catalog(name: str) -> Path:
    """The word ``bundled`` is the bundled catalog; anything else a folder or file (so a
    folder of that name is ``./bundled``). Paths come back resolved, so one catalog named
    twice is one catalog."""
    if name.strip() != BUNDLED_NAME:
        return Path(name).resolve()
    if Path(BUNDLED_NAME).is_dir():
        raise TradeoffsError(
            f"{BUNDLED_NAME!r} names the bundled catalog, but a folder of that name is here too; "
            f"write ./{BUNDLED_NAME} for the folder"
        )
    return BUNDLED_CATALOG


def catalog_label(path: Path) -> str:
    """How people see a catalog's name: ``bundled``, or the path as given."""
    return BUNDLED_NAME if path.resolve() == BUNDLED_CATALOG else str(path)


def find_records_folder(cwd: Path) -> Path | None:
    """The first of :data:`RECORD_FOLDERS` under ``cwd`` that exists, else None."""
    for name in RECORD_FOLDERS:
        if (cwd / name).is_dir():
            return cwd / name
    return None


def load_layers(
    catalogs: Sequence[Path], records: Path | None = None, *, keep_going: bool = False
) -> LoadedCards:
    """Load several catalogs (the bundled one when none is given) and, from ``records``, a
    team's decision records, into one set of cards: cards of any catalog may then link to
    cards of the others. A later catalog's card replaces an earlier catalog's card of the same
    id (listed in ``replaced``, so it is never silent); the same id twice within one catalog,
    or a record and a card of one id, is a problem naming both files. Raises
    :class:`CatalogError` listing every problem, unless ``keep_going``."""
    layers = LoadedCards()
    where: dict[str, str] = {}
    for catalog in dict.fromkeys(c.resolve() for c in catalogs or [BUNDLED_CATALOG]):
        loaded = load_cards(catalog, keep_going=True)
        layers.problems.extend(loaded.problems)
        layers.failed |= loaded.failed
        layers.complete &= loaded.complete
        layers.files_read[catalog_label(catalog)] = loaded.files_read[str(catalog)]
        _merge(layers, where, loaded.cards, loaded.sources, catalog_label(catalog), replace=True)
    if records is not None:
        found = load_records(records)
        layers.problems.extend(found.problems)
        layers.failed |= found.failed
        layers.skipped = found.skipped
        layers.complete &= found.complete
        layers.files_read[f"{records} (records)"] = found.files_read[str(records)]
        _merge(layers, where, found.cards, found.sources, "records")
    if layers.problems and not keep_going:
        raise CatalogError(layers.problems)
    return layers


def _merge(
    layers: LoadedCards,
    where: dict[str, str],
    cards: dict[str, Card],
    sources: dict[str, Path],
    origin: str,
    *,
    replace: bool = False,
) -> None:
    for card_id, card in cards.items():
        if card_id in layers.cards and replace:
            layers.replaced[card_id] = (layers.origins[card_id], layers.sources[card_id])
        elif card_id in layers.cards:
            layers.problems.append(
                Problem(
                    str(sources[card_id]),
                    1,
                    "id",
                    f"duplicate id {card_id!r}, also in {where[card_id]}",
                )
            )
            layers.failed.add(sources[card_id])
            continue
        layers.cards[card_id] = card
        layers.sources[card_id] = sources[card_id]
        layers.origins[card_id] = origin
        where[card_id] = str(sources[card_id])


def load_records(folder: Path) -> LoadedCards:
    """Every decision record in ``folder`` and its sub-folders (Markdown files named
    ``NNNN-title.md``, listed by :func:`tradeoffs.io.list_files`; other Markdown files are
    skipped and listed), with a ``path:line: message`` problem for each record that cannot be
    read or entry that cannot be listed. Never raises for a bad record."""
    from tradeoffs.formats.adr import is_record_file, read_record, record_id

    if not folder.is_dir():
        raise TradeoffsError(f"{folder}: no such folder of decision records")
    found = LoadedCards()
    listing = list_files(folder, RECORD_SUFFIXES)
    found.problems.extend(listing.problems)
    found.complete = listing.complete
    found.files_read[str(folder)] = len(listing.files)
    paths = listing.files
    ids_by_number: dict[int, str] = {}
    for path in paths:
        if is_record_file(path):
            ids_by_number.setdefault(int(path.name.split("-", 1)[0]), record_id(path))
    for path in paths:
        if not is_record_file(path):
            found.skipped.append(path)
            continue
        try:
            record = read_record(path, ids_by_number)
        except CatalogError as exc:
            found.problems.extend(exc.problems)
            found.failed.add(path)
            continue
        if record.id in found.cards:
            found.problems.append(
                Problem(
                    str(path),
                    1,
                    "id",
                    f"duplicate id {record.id!r}, also in {found.sources[record.id]}",
                )
            )
            found.failed.add(path)
            continue
        found.cards[record.id] = record
        found.sources[record.id] = path
    return found
