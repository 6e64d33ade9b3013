"""Files in, cards out: native YAML (the authoring format), the card text format, the public
catalog's JSON files and our own ``export json`` files."""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tradeoffs.errors import CatalogError, Problem, TradeoffsError, duplicate_id
from tradeoffs.io.listing import CARD_SUFFIXES, RECORD_SUFFIXES, card_files, list_files
from tradeoffs.io.read import read_text
from tradeoffs.loaders.cache import Parsed, ReadCache, read_all
from tradeoffs.loaders.snapshot import Snapshot
from tradeoffs.models import Card

if TYPE_CHECKING:
    from tradeoffs.formats.adr import RecordName
    from tradeoffs.models import Record

BUNDLED_CATALOG = Path(__file__).resolve().parent.parent / "catalog"

__all__ = ["BUNDLED_CATALOG", "LoadedCards", "card_files", "collector_paused", "load_cards"]


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
    folders: dict[str, str] = field(default_factory=dict)
    """Card id -> the catalog or records folder it was read from, resolved (``bundled`` for
    the bundled catalog): which folder a Neo4j load must read to remove the card."""
    read: list[str] = field(default_factory=list)
    """The folders read, named as in ``folders``."""
    snapshot: Snapshot = field(default_factory=Snapshot)
    """Every file read, as it was read (see :mod:`tradeoffs.loaders.snapshot`)."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while cards are read or their graph is built. Those
    make a few hundred thousand objects that all live on (values, models, edges), and the
    collector would walk the live ones again and again, finding no cycles: about a fifth of
    a cold read of 10,000 files, and more of building their graph. It runs again afterwards,
    as before."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def load_cards(
    root: Path, *, keep_going: bool = False, cache: ReadCache | None = None
) -> LoadedCards:
    """Load every card under ``root``, following symlinks; every command reads cards this way.

    Raises :class:`CatalogError` listing every problem, unless ``keep_going``,
    in which case the valid cards are returned with the problems beside them. With a
    ``cache``, files unchanged since a command read them are not read again.
    """
    if not root.exists() and not root.is_symlink():
        raise TradeoffsError("no such file or folder", path=root)
    loaded = LoadedCards()
    listing = list_files(root)
    loaded.problems.extend(listing.problems)
    loaded.complete = listing.complete
    loaded.files_read[str(root)] = len(listing.files)
    where: dict[str, str] = {}
    loaded.snapshot.listed(root, CARD_SUFFIXES, listing.files)
    with collector_paused():
        parsed = read_all(cache, root, "cards", listing.files, _card_reader(loaded.snapshot))
    label = catalog_label(root.resolve())
    for path in listing.files:
        card, problems, id_line = parsed[path]
        loaded.problems.extend(problems)
        if card is None:
            loaded.failed.add(path)
            continue
        here = f"{path}:{id_line}"
        if card.id in loaded.cards:
            loaded.problems.append(duplicate_id(str(path), id_line, card.id, where[card.id]))
            loaded.failed.add(path)
            continue
        loaded.cards[card.id] = card
        loaded.sources[card.id] = path
        loaded.folders[card.id] = label
        where[card.id] = here
    loaded.read = [label]
    if loaded.problems and not keep_going:
        raise CatalogError(loaded.problems)
    return loaded


def _card_reader(snapshot: Snapshot) -> Callable[[Path], Parsed]:
    """Read a card file, noting in ``snapshot`` the content parsed."""

    def parse(path: Path) -> Parsed:
        # The YAML reader, imported only when a file is read: a warm cache reads none.
        from tradeoffs.formats.native import parse_card_text

        try:
            text = read_text(path)
        except CatalogError as exc:
            return None, exc.problems, 1
        snapshot.read(path, text)
        return parse_card_text(text, str(path))

    return parse


# ---- layered catalogs and decision records ----

BUNDLED_NAME = "bundled"
"""The word that names the bundled catalog among several ``--catalog`` folders."""

RECORD_FOLDERS = ("docs/decisions", "docs/adr", "doc/adr", "docs/architecture/decisions")
"""Where a team's decision records usually live, looked for under the current folder."""
ADR_DIR_FILE = ".adr-dir"
"""adr-tools' file naming the records folder (relative to the folder that holds it)."""
LOG4BRAINS_FILE = ".log4brains.yml"
"""log4brains' configuration: ``project.adrFolder`` and each of ``project.packages``'
``adrFolder`` name records folders (relative to the folder that holds it)."""


def resolve_catalog(name: str) -> Path:
    """The word ``bundled`` is the bundled catalog; anything else a folder or file (so a
    folder of that name is ``./bundled``). Paths come back resolved, so one catalog named
    twice is one catalog."""
    if name.strip() != BUNDLED_NAME:
        return Path(name).resolve()
    if Path(BUNDLED_NAME).is_dir():
        raise TradeoffsError(
            f"'{BUNDLED_NAME}' names the bundled catalog, but a folder of that name is here too; "
            f"write ./{BUNDLED_NAME} for the folder"
        )
    return BUNDLED_CATALOG


def catalog_label(path: Path) -> str:
    """How people see a catalog's name: ``bundled``, or the path as given."""
    return BUNDLED_NAME if path.resolve() == BUNDLED_CATALOG else str(path)


def find_records_folders(cwd: Path) -> list[Path]:
    """The records folders a project names, looked for from ``cwd`` up: adr-tools'
    :data:`ADR_DIR_FILE`, log4brains' :data:`LOG4BRAINS_FILE` (its folder and its packages'),
    else the first of :data:`RECORD_FOLDERS` under ``cwd``; none when there are none. Paths
    are as people type them (relative to ``cwd`` when it is relative)."""
    here = cwd
    for _ in range(len(cwd.resolve().parents) + 1):
        if (here / ADR_DIR_FILE).is_file():
            name = read_text(here / ADR_DIR_FILE, what="an .adr-dir file").strip()
            if not name or "\n" in name:
                raise TradeoffsError("expected one folder name", path=here / ADR_DIR_FILE)
            return [_tidy(here / name)]
        if (here / LOG4BRAINS_FILE).is_file():
            return [_tidy(here / name) for name in _log4brains_folders(here / LOG4BRAINS_FILE)]
        if here.resolve() == here.resolve().parent:
            break
        here = here / ".."
    return [cwd / name for name in RECORD_FOLDERS if (cwd / name).is_dir()][:1]


def _tidy(path: Path) -> Path:
    """``../docs/./adr`` without the ``.`` parts, and ``..`` kept only where it leads up."""
    return Path(os.path.normpath(path))


def _log4brains_folders(config: Path) -> list[str]:
    from tradeoffs.io.safe_yaml import load_yaml

    data = load_yaml(read_text(config, what="a log4brains configuration"), str(config))
    project = data.get("project") if isinstance(data, dict) else None
    if not isinstance(project, dict) or not isinstance(project.get("adrFolder"), str):
        raise CatalogError([Problem(str(config), 1, "project.adrFolder", "missing (required)")])
    folders = [project["adrFolder"]]
    for number, package in enumerate(project.get("packages") or []):
        folder = package.get("adrFolder") if isinstance(package, dict) else None
        if not isinstance(folder, str):
            field = f"project.packages.{number}.adrFolder"
            raise CatalogError([Problem(str(config), 1, field, "missing (required)")])
        folders.append(folder)
    return list(dict.fromkeys(folders))


def load_layers(
    catalogs: Sequence[Path],
    records: Path | Sequence[Path] | None = None,
    *,
    keep_going: bool = False,
    strict_records: bool = True,
    cache: ReadCache | None = None,
) -> LoadedCards:
    """Load several catalogs (the bundled one when none is given) and, from the ``records``
    folders, a team's decision records, into one set of cards: cards of any catalog may then
    link to cards of the others. A later catalog's card replaces an earlier catalog's card of
    the same id (listed in ``replaced``, so it is never silent); the same id twice within one
    catalog, or a record and a card of one id, is a problem naming both files. Raises
    :class:`CatalogError` listing every problem, unless ``keep_going``; without
    ``strict_records``, a record that cannot be read is left out with its problem beside the
    cards, never stopping the rest (read-only commands)."""
    layers = LoadedCards()
    where: dict[str, str] = {}
    for catalog in dict.fromkeys(c.resolve() for c in catalogs or [BUNDLED_CATALOG]):
        loaded = load_cards(catalog, keep_going=True, cache=cache)
        layers.problems.extend(loaded.problems)
        layers.failed |= loaded.failed
        layers.complete &= loaded.complete
        layers.files_read[catalog_label(catalog)] = loaded.files_read[str(catalog)]
        _merge(layers, where, loaded, catalog_label(catalog), replace=True)
    blocking = list(layers.problems)
    folders = [records] if isinstance(records, Path) else list(records or [])
    if folders:
        found = load_records(folders, cache=cache)
        layers.problems.extend(found.problems)
        if strict_records:
            blocking.extend(found.problems)
        layers.failed |= found.failed
        layers.skipped = found.skipped
        layers.complete &= found.complete
        layers.files_read |= {f"{folder} (records)": n for folder, n in found.files_read.items()}
        before = len(layers.problems)
        _merge(layers, where, found, "records")
        blocking.extend(layers.problems[before:])
    if blocking and not keep_going:
        raise CatalogError(layers.problems)
    return layers


def _merge(
    layers: LoadedCards,
    where: dict[str, str],
    loaded: LoadedCards,
    origin: str,
    *,
    replace: bool = False,
) -> None:
    sources = loaded.sources
    layers.read += loaded.read
    layers.snapshot.merge(loaded.snapshot)
    for card_id, card in loaded.cards.items():
        if card_id in layers.cards and replace:
            layers.replaced[card_id] = (layers.origins[card_id], layers.sources[card_id])
        elif card_id in layers.cards:
            layers.problems.append(duplicate_id(str(sources[card_id]), 1, card_id, where[card_id]))
            layers.failed.add(sources[card_id])
            continue
        layers.cards[card_id] = card
        layers.sources[card_id] = sources[card_id]
        layers.origins[card_id] = origin
        layers.folders[card_id] = loaded.folders[card_id]
        where[card_id] = str(sources[card_id])


def load_records(folders: Path | Sequence[Path], *, cache: ReadCache | None = None) -> LoadedCards:
    """Every decision record in ``folders`` and their sub-folders (Markdown files named as
    :mod:`tradeoffs.formats.adr.names` says), with a ``path:line: message`` problem for each
    record that cannot be read, each file that reads like a record but whose name places it
    nowhere, and each number two records of one folder share. READMEs, indexes and templates
    are skipped and listed. Ids are file names as slugs, sub-folders included
    (``backend/0001-x.md`` is ``backend-0001-x``), and with several folders each id starts
    with its folder's name, so ids stay unique. With a ``cache``, records unchanged since
    they were last read are not read again. Never raises for a bad record."""
    from tradeoffs.formats.adr import (
        is_index_or_template,
        parse_record,
        record_id,
        record_name,
        resolver,
    )

    roots = [folders] if isinstance(folders, Path) else list(dict.fromkeys(folders))
    found = LoadedCards()
    labels = _folder_labels(roots)
    entries: list[tuple[Path, str]] = []  # (file, id)
    for root in roots:
        if not root.is_dir():
            raise TradeoffsError("no such folder of decision records", path=root)
        listed = list_files(root, RECORD_SUFFIXES)
        found.snapshot.listed(root, RECORD_SUFFIXES, listed.files)
        found.read.append(str(root.resolve()))
        found.problems.extend(listed.problems)
        found.complete &= listed.complete
        found.files_read[str(root)] = len(listed.files)
        for path in listed.files:
            if is_index_or_template(path) or path.parent.name == "templates":
                found.skipped.append(path)
                continue
            relative = path.relative_to(root).as_posix()
            own_id = record_id(f"{labels[root]}-{relative}" if labels[root] else relative)
            if record_name(path) is None:
                if _reads_like_a_record(path, found):
                    found.problems.append(
                        Problem(
                            str(path),
                            1,
                            "(file)",
                            "reads like a decision record, but its name has no number or date "
                            "(name it like 0007-title.md, adr-007-title.md or "
                            "20240311-title.md); not read",
                        )
                    )
                    found.failed.add(path)
                else:
                    found.skipped.append(path)
                continue
            entries.append((path, own_id))
    by_path = {path.resolve(): own_id for path, own_id in entries}
    by_number: dict[tuple[Path, int], list[tuple[str, Path]]] = {}
    for path, own_id in entries:
        name = record_name(path)
        if name is not None and name.number is not None:
            by_number.setdefault((path.parent.resolve(), name.number), []).append((own_id, path))
    first_by_number = {key: named[0][0] for key, named in by_number.items()}

    def locate(folder: Path, href: str) -> Path:
        return (folder / href).resolve()

    for (_, number), named in sorted(by_number.items()):
        for _, path in named[1:]:
            found.problems.append(
                Problem(
                    str(path),
                    1,
                    "(file)",
                    f"number {number} is also {named[0][1].name}'s: give one of them the next "
                    "free number",
                )
            )
    ids = dict(entries)

    def parse(path: Path) -> Parsed:
        try:
            text = read_text(path)
            found.snapshot.read(path, text)
            resolve = resolver(by_path, first_by_number, path.parent.resolve(), locate)
            return parse_record(text, path, resolve, ids[path]), [], 1
        except CatalogError as exc:
            return None, exc.problems, 1

    # A record's reading depends on the others' files and ids (what "Supersedes 3" names).
    context = json.dumps([(str(path), own_id) for path, own_id in entries])
    results: dict[Path, Parsed] = {}
    folder_of: dict[Path, str] = {}
    for root in roots:
        mine = [path for path, _ in entries if path.is_relative_to(root)]
        results |= read_all(cache, root, "records", mine, parse, context)
        folder_of |= dict.fromkeys(mine, str(root.resolve()))
    for path, _ in entries:
        record, problems, _ = results[path]
        if record is None:
            found.problems.extend(problems)
            found.failed.add(path)
            continue
        if record.id in found.cards:
            found.problems.append(
                duplicate_id(str(path), 1, record.id, str(found.sources[record.id]))
            )
            found.failed.add(path)
            continue
        found.cards[record.id] = record
        found.sources[record.id] = path
        found.folders[record.id] = folder_of[path]
    found.problems.sort(key=lambda problem: (problem.path, problem.line))
    return found


_RECORD_LIKE = re.compile(
    r"^(?:#{2,3}\s*(?:status|context|decision)\b|\W{0,4}(?:status|date)\W{0,4}:)", re.I | re.M
)


def _reads_like_a_record(path: Path, found: LoadedCards) -> bool:
    """A heading and a status, date, context or decision: a record someone named oddly."""
    try:
        text = read_text(path, what="a decision record")
    except CatalogError as exc:
        found.problems.extend(exc.problems)
        return False
    return re.search(r"^#\s", text, re.M) is not None and _RECORD_LIKE.search(text) is not None


def _folder_labels(roots: list[Path]) -> dict[Path, str]:
    """Nothing for one folder; for several, the shortest end of each path that tells them
    apart: ``billing/docs/adr`` and ``search/docs/adr`` give ``billing-docs-adr`` and
    ``search-docs-adr``."""
    if len(roots) < 2:
        return {root: "" for root in roots}
    parts = {root: root.resolve().parts for root in roots}
    for depth in range(1, max(len(p) for p in parts.values()) + 1):
        labels = {root: "-".join(parts[root][-depth:]) for root in roots}
        if len(set(labels.values())) == len(labels):
            return labels
    return {root: str(number) for number, root in enumerate(roots, start=1)}


TEMPLATE_FILES = ("templates/template.md", "template.md", "adr-template.md", "_template.md")
"""Where a records folder keeps its template for new records (adr-tools' first)."""


@dataclass
class FolderStyle:
    """How a records folder writes its records: their names (to number the next one alike),
    the format most of its latest records have ("nygard" or "madr") and its template's text,
    if any."""

    names: list[RecordName]
    format: str = "madr"
    template: str | None = None


LATEST_RECORDS = 10
"""How many of a folder's latest records say which format its next one takes."""


def read_record(path: Path) -> Record:
    """The record in the file ``path``; raises :class:`CatalogError` with one problem when it
    cannot be read. Links to other records name their files (a folder's records are read
    together by :func:`load_records`)."""
    from tradeoffs.formats.adr import parse_record

    return parse_record(read_text(path), path)


def records_folder_style(folder: Path) -> FolderStyle:
    """The style of the records directly in ``folder`` (see :class:`FolderStyle`); an empty
    or missing folder has none of its own, so MADR."""
    from tradeoffs.formats.adr import is_index_or_template, record_name

    style = FolderStyle(names=[])
    if not folder.is_dir():
        return style
    dated: list[tuple[tuple[int, str], Path]] = []
    for path in card_files(folder, RECORD_SUFFIXES):
        if path.parent != folder or is_index_or_template(path):
            continue
        name = record_name(path)
        if name is None:
            continue
        style.names.append(name)
        dated.append(((name.number or 0, name.date.isoformat() if name.date else ""), path))
    for candidate in TEMPLATE_FILES:
        if (folder / candidate).is_file():
            style.template = read_text(folder / candidate, what="a record template")
            break
    formats = []
    for _, path in sorted(dated)[-LATEST_RECORDS:]:
        try:
            formats.append(read_record(path).template)
        except CatalogError:
            continue  # an unreadable record says nothing about the folder's style
    if formats.count("nygard") > len(formats) / 2:
        style.format = "nygard"
    return style
