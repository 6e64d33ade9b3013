"""Files in, cards out: native YAML (the authoring format), the card text format, the public
catalog's JSON files and our own ``export json`` files."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.errors import CatalogError, Problem, TradeoffsError
from tradeoffs.formats.native import parse_card_text
from tradeoffs.formats.walk import card_files, find_files, read_text, record_files
from tradeoffs.loaders.cache import Parsed, ReadCache, read_all
from tradeoffs.loaders.snapshot import Snapshot
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
    replaced: dict[str, tuple[str, Path]] = field(default_factory=dict)
    """Card id -> the earlier catalog and file whose card of that id a later catalog replaced."""
    folders: dict[str, str] = field(default_factory=dict)
    """Card id -> the folder (or file) it was read from as given to the load, resolved, and
    ``bundled`` for the bundled catalog: what a Neo4j load may remove cards of."""
    read: list[str] = field(default_factory=list)
    """The folders read, named as in ``folders``."""
    snapshot: Snapshot = field(default_factory=Snapshot)
    """Every file read, as it was read (see :mod:`tradeoffs.loaders.snapshot`)."""


def load_cards(
    root: Path, *, keep_going: bool = False, cache: ReadCache | None = None
) -> LoadedCards:
    """Load every card under ``root``, following symlinks; every command reads cards this way.

    Raises :class:`CatalogError` listing every problem, unless ``keep_going``,
    in which case the valid cards are returned with the problems beside them. With a
    ``cache``, files unchanged since a command read them are not read again.
    """
    if not root.exists():
        raise TradeoffsError(f"{root}: no such file or folder")
    loaded = LoadedCards()
    found = find_files(root)
    loaded.problems.extend(found.problems)
    loaded.complete = not found.problems
    where: dict[str, str] = {}
    loaded.snapshot.listed(root, "cards", found.files)

    def parse(path: Path) -> Parsed:
        try:
            text = read_text(path)
        except CatalogError as exc:
            return None, exc.problems, 1
        loaded.snapshot.read(path, text)
        return parse_card_text(text, str(path))

    parsed = read_all(cache, root, "cards", found.files, parse)
    for path in found.files:
        card, problems, id_line = parsed[path]
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
    catalogs: Sequence[Path],
    records: Path | None = None,
    *,
    keep_going: bool = False,
    cache: ReadCache | None = None,
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
        loaded = load_cards(catalog, keep_going=True, cache=cache)
        layers.problems.extend(loaded.problems)
        layers.failed |= loaded.failed
        layers.complete &= loaded.complete
        layers.snapshot.merge(loaded.snapshot)
        label = catalog_label(catalog)
        layers.read.append(label)
        _merge(layers, where, loaded, label, label, replace=True)
    if records is not None:
        found = load_records(records, cache=cache)
        layers.problems.extend(found.problems)
        layers.failed |= found.failed
        layers.skipped = found.skipped
        layers.snapshot.merge(found.snapshot)
        layers.read.append(str(records.resolve()))
        _merge(layers, where, found, "records", layers.read[-1])
    if layers.problems and not keep_going:
        raise CatalogError(layers.problems)
    return layers


def _merge(
    layers: LoadedCards,
    where: dict[str, str],
    loaded: LoadedCards,
    origin: str,
    folder: str,
    *,
    replace: bool = False,
) -> None:
    sources = loaded.sources
    for card_id, card in loaded.cards.items():
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
        layers.folders[card_id] = folder
        where[card_id] = str(sources[card_id])


def load_records(folder: Path, *, cache: ReadCache | None = None) -> LoadedCards:
    """Every decision record in ``folder`` (Markdown files named ``NNNN-title.md``; other
    Markdown files are skipped and listed), with a ``path:line: message`` problem for each
    record that cannot be read. Never raises for a bad record."""
    from tradeoffs.formats.adr import is_record_file, parse_record, record_id

    if not folder.is_dir():
        raise TradeoffsError(f"{folder}: no such folder of decision records")
    found = LoadedCards()
    paths = record_files(folder)
    found.snapshot.listed(folder, "records", paths)
    ids_by_number: dict[int, str] = {}
    for path in paths:
        if is_record_file(path):
            ids_by_number.setdefault(int(path.name.split("-", 1)[0]), record_id(path))

    def parse(path: Path) -> Parsed:
        try:
            text = read_text(path)
            found.snapshot.read(path, text)
            return parse_record(text, path, ids_by_number), [], 1
        except CatalogError as exc:
            return None, exc.problems, 1

    found.skipped = [path for path in paths if not is_record_file(path)]
    readable = [path for path in paths if is_record_file(path)]
    # A record's reading depends on the numbering of the others (what "Supersedes 3" names).
    numbering = json.dumps(sorted(ids_by_number.items()))
    for path, (record, problems, _) in read_all(
        cache, folder, "records", readable, parse, numbering
    ).items():
        if record is None:
            found.problems.extend(problems)
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
