"""``tradeoffs import``: card text files, catalog JSON files and folders, and our own ``export
json`` files, read together and written as native card files, all or nothing.

Each source's format is decided on its own (or forced with ``source_format``): a folder is a
catalog JSON folder, a ``.json`` file is one of our exports or a catalog file (told by its
content), anything else is card text. Every source is read, and every problem of every source
collected, before anything is written; a run with a problem writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.errors import CatalogError, Problem, TradeoffsError, shown
from tradeoffs.formats.catalog_json import (
    CatalogImport,
    CatalogLayout,
    import_catalog_json,
    is_catalog_document,
    load_json,
    write_catalog_import,
)
from tradeoffs.formats.export_json import export_cards, is_export_document
from tradeoffs.formats.native import write_cards
from tradeoffs.formats.text import parse_text, resolve_titles
from tradeoffs.io.read import MAX_COLLECTION_BYTES, read_text
from tradeoffs.loaders import BUNDLED_CATALOG, load_cards
from tradeoffs.models import SLUG, Card

IMPORT_FORMATS = ("text", "catalog-json", "json")

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


def format_of(source: Path, forced: str | None = None) -> str:
    """The format a source is read as: ``forced``, else by what it is (see the module)."""
    if forced:
        return forced
    if source.is_dir():
        return "catalog-json"
    if source.suffix.lower() == ".json":
        return "json"  # ours or the catalog's: told apart by the content
    return "text"


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
    if source_format is not None and source_format not in IMPORT_FORMATS:
        raise TradeoffsError(
            f"unknown import format {{value}}: use {', '.join(IMPORT_FORMATS)}", value=source_format
        )
    formats = [format_of(source, source_format) for source in sources]
    if card_id is not None:
        if formats != ["text"]:
            raise TradeoffsError("--id names the card of one card text file; give exactly one")
        if not SLUG.match(card_id):
            raise TradeoffsError(
                "{value} is not a slug (lowercase words joined by hyphens)",
                field="--id",
                value=card_id,
            )
    imported = Imported()
    problems: list[Problem] = []
    texts: list[tuple[Path, Card]] = []
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
            if not source.exists() and not source.is_symlink():
                raise CatalogError([Problem(str(source), 1, "(file)", "no such file or folder")])
            if fmt == "text":
                if source.is_dir():
                    raise CatalogError(
                        [
                            Problem(
                                str(source),
                                1,
                                "(file)",
                                "card text is one card per file; name a file",
                            )
                        ]
                    )
                texts.append((source, parse_text(read_text(source), str(source))))
            elif fmt == "catalog-json":
                _add_catalog(imported, import_catalog_json(source), source, add)
            else:
                _read_json(source, imported, add)
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


def _add_catalog(imported: Imported, result: CatalogImport, source: Path, add: Add) -> None:
    root = source if source.is_dir() else source.parent
    for card in result.cards:
        add(card, source)
    imported.skipped.extend(result.skipped)
    if imported.layout is None:
        imported.layout = CatalogLayout()
    for name, file_layout in result.layout.files.items():
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


def _read_json(source: Path, imported: Imported, add: Add) -> None:
    text = read_text(source, MAX_COLLECTION_BYTES, "a JSON file of cards")
    document, problem = load_json(text, source)
    if problem is not None:
        raise CatalogError([problem])
    if is_export_document(document):
        for card in export_cards(document, text, source):
            add(card, source)
    elif is_catalog_document(document):
        _add_catalog(imported, import_catalog_json(source), source, add)
    else:
        raise CatalogError(
            [
                Problem(
                    str(source),
                    1,
                    "(file)",
                    'neither a catalog JSON file (a list of "entries") '
                    "nor a tradeoffs export (tradeoffs export json)",
                )
            ]
        )


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
    if imported.layout is not None and imported.layout.files:
        return write_catalog_import(
            CatalogImport(cards=imported.cards, layout=imported.layout), out_dir, force=force
        )
    return write_cards(imported.cards, out_dir, force=force)
