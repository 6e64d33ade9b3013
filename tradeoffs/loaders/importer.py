"""``tradeoffs import``: sources in the formats the registry reads (card text, catalog JSON
files and folders, our own ``export json`` files), read together and written as native card
files, all or nothing.

Each source's format is decided on its own (or forced with ``source_format``) from
:data:`tradeoffs.formats.registry.FORMATS` (:func:`candidates`): a folder is the reading
format kept in folders (catalog JSON), a file is a format that claims its suffix, told apart
by its content when two do (``.json``: our export or a catalog file), anything else card
text. This module lists and reads a source's files (through :mod:`tradeoffs.io`) and hands
their text to the format's reader. Every source is read, and every problem of every source
collected, before anything is written; a run with a problem writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.errors import CatalogError, Problem, TradeoffsError, shown
from tradeoffs.formats.catalog_json import LAYOUT_FILE, CatalogLayout, layout_text
from tradeoffs.formats.native import dump_card
from tradeoffs.formats.registry import FORMATS, Format, Read, readable
from tradeoffs.formats.text import resolve_titles
from tradeoffs.io.listing import list_files
from tradeoffs.io.read import read_text
from tradeoffs.io.write import write_into
from tradeoffs.loaders import BUNDLED_CATALOG, load_cards
from tradeoffs.models import SLUG, Card

Add = Callable[[Card, Path], None]


@dataclass
class Imported:
    """What a run of sources gives: the cards, the layout of their catalog JSON files (if
    any), the files of a folder that were skipped, each with why, and warnings (a card text's
    links that name no known card: the card is imported, those links keep only their title)."""

    cards: list[Card] = field(default_factory=list)
    layout: CatalogLayout | None = None
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def candidates(source: Path, forced: str | None = None) -> list[Format]:
    """The formats a source may be read as: ``forced``, else by what it is (see the module):
    a folder is the first reading format kept in folders, a file the reading formats that
    claim its suffix (told apart by its content), else those that claim no suffix."""
    if forced:
        return [FORMATS[forced]]
    reading = [FORMATS[name] for name in readable()]
    if source.is_dir():
        return [next(fmt for fmt in reading if fmt.folder)]
    claiming = [fmt for fmt in reading if source.suffix.lower() in fmt.suffixes]
    return claiming or [fmt for fmt in reading if not fmt.suffixes]


def read_source(source: Path, forced: str | None = None) -> Read:
    """One source, read as ``forced`` or as the format it is; raises :class:`CatalogError`."""
    if not source.exists() and not source.is_symlink():
        raise CatalogError([Problem(str(source), 1, "(file)", "no such file or folder")])
    formats = candidates(source, forced)
    if source.is_dir():
        [fmt] = formats
        if not fmt.folder:
            message = f"{fmt.name} is one file per source; name a file"
            raise CatalogError([Problem(str(source), 1, "(file)", message)])
        return _read_folder(source, fmt)
    what = " or ".join(f"a {fmt.name} file" for fmt in formats)
    text = read_text(source, max(fmt.max_bytes for fmt in formats), what)
    recognised = [fmt for fmt in formats if len(formats) == 1 or fmt.recognises(text)]
    if not recognised:
        shapes = " nor ".join(fmt.shape() for fmt in formats)
        raise CatalogError([Problem(str(source), 1, "(file)", f"neither {shapes}")])
    return recognised[0].reader()({str(source): text})


def _read_folder(folder: Path, fmt: Format) -> Read:
    found = list_files(folder, fmt.suffixes)
    problems = list(found.problems)
    files: dict[str, str] = {}
    for path in found.files:
        try:
            files[path.relative_to(folder).as_posix()] = read_text(
                path, fmt.max_bytes, f"a {fmt.name} file"
            )
        except CatalogError as exc:
            problems += exc.problems
    try:
        read = fmt.reader()(files, str(folder))
    except CatalogError as exc:
        problems += exc.problems
    if problems:
        raise CatalogError(problems)
    return read


def read_sources(
    sources: list[Path],
    *,
    source_format: str | None = None,
    catalog: Path | None = None,
    card_id: str | None = None,
) -> Imported:
    """Read every source; raises :class:`CatalogError` with every problem of every source.

    Card text names its links by title: titles the catalog (``catalog``, else the bundled one)
    or this run has become ids, and a card whose title the catalog already has keeps the
    catalog's id. ``card_id`` gives the one card of a single card text its id.
    """
    if source_format is not None and source_format not in readable():
        raise TradeoffsError(
            f"unknown import format {{value}}: use {', '.join(readable())}", value=source_format
        )
    formats = [candidates(source, source_format) for source in sources]
    if card_id is not None:
        if formats != [[FORMATS["text"]]]:
            raise TradeoffsError("--id names the card of one card text file; give exactly one")
        if not SLUG.match(card_id):
            raise TradeoffsError(
                "{value} is not a slug (lowercase words joined by hyphens)",
                field="--id",
                value=card_id,
            )
    imported = Imported()
    problems: list[Problem] = []
    texts: list[tuple[Path, Card]] = []  # cards whose links name cards by title
    origins: dict[str, str] = {}  # card id -> where it was read, for duplicates

    def add(card: Card, where: Path) -> None:
        if card.id in origins:
            message = f"duplicate id {card.id!r}, also in {origins[card.id]}"
            problems.append(Problem(str(where), 1, "id", message))
            return
        origins[card.id] = str(where)
        imported.cards.append(card)

    for source, fmt in zip(sources, formats, strict=True):
        try:
            read = read_source(source, source_format)
            if fmt[0].links_by_title:
                texts += [(source, card) for card in read.subgraph.cards]
            else:
                _add_read(imported, read, source, add)
        except CatalogError as exc:
            problems.extend(exc.problems)
    if texts:
        known = load_cards(catalog or BUNDLED_CATALOG, keep_going=True).cards.values()
        titles_to_ids = {card.title.casefold(): card.id for card in known}
        for card in imported.cards:
            titles_to_ids.setdefault(card.title.casefold(), card.id)
        for _, card in texts:
            titles_to_ids.setdefault(card.title.casefold(), card.id)
        for source, card in texts:
            resolved = resolve_titles(card, titles_to_ids)
            imported.warnings.extend(unresolved_links(resolved, source))
            new_id = card_id or titles_to_ids.get(card.title.casefold(), card.id)
            add(resolved.model_copy(update={"id": new_id}), source)
    if problems:
        raise CatalogError(problems)
    return imported


def unresolved_links(card: Card, source: Path) -> list[Problem]:
    """One warning per link of ``card`` that names a card by a title no known card has."""
    return [
        Problem(
            str(source), None, f"links.{group}", f"{shown(link.title)} is not a card in the catalog"
        )
        for group, links in card.links.groups()
        for link in links
        if link.title and not link.id
    ]


def _add_read(imported: Imported, read: Read, source: Path, add: Add) -> None:
    for card in read.subgraph.cards:
        add(card, source)
    imported.skipped.extend(read.skipped)
    if read.layout is None:
        return
    root = source if source.is_dir() else source.parent
    if imported.layout is None:
        imported.layout = CatalogLayout()
    for name, file_layout in read.layout.files.items():
        if name in imported.layout.files:
            raise CatalogError(
                [
                    Problem(
                        str(root / name),
                        1,
                        "(file)",
                        "two sources hold a catalog file of this name; import them one at a time",
                    )
                ]
            )
        imported.layout.files[name] = file_layout


def write_import(imported: Imported, out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write the cards (and the catalog layout, if any) into ``out_dir``: every target is
    checked before the first file is written, so a refusal writes nothing. A card whose id a
    card file of ``out_dir`` under another name already holds is refused, ``force`` or not:
    the folder would hold the id twice, and no command could read it."""
    if out_dir.is_dir():
        held = load_cards(out_dir, keep_going=True)
        for card in imported.cards:
            where = held.sources.get(card.id)
            target = out_dir / f"{card.id}.yaml"
            if where is not None and where.resolve() != target.resolve():
                raise TradeoffsError(
                    f"already holds card {{value}}: writing {target} would put the id in two "
                    "files; nothing was written (import into another folder, or remove or "
                    "rename that file)",
                    path=where,
                    value=card.id,
                )
    files = {f"{card.id}.yaml": dump_card(card) for card in imported.cards}
    if imported.layout is not None and imported.layout.files:
        files[LAYOUT_FILE] = layout_text(imported.layout)
    return write_into(out_dir, files, force=force)
