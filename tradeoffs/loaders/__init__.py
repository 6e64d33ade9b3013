"""Files in, cards out: native YAML (the authoring format), the card text format, and the
public catalog's JSON files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.errors import CatalogError, TradeoffsError
from tradeoffs.formats.native import parse_card_file, write_cards
from tradeoffs.formats.walk import card_files
from tradeoffs.models import Card

BUNDLED_CATALOG = Path(__file__).resolve().parent.parent / "catalog"

IMPORT_FORMATS = ("text", "catalog-json")


@dataclass
class LoadedCards:
    """The cards of a folder, where each came from, and every problem met on the way."""

    cards: dict[str, Card] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    failed: set[Path] = field(default_factory=set)
    """Files that did not become a card (unreadable, invalid, or a duplicate id)."""


def load_cards(root: Path, *, keep_going: bool = False) -> LoadedCards:
    """Load every card under ``root``.

    Raises :class:`CatalogError` listing every problem, unless ``keep_going``,
    in which case the valid cards are returned with the problems beside them.
    """
    if not root.exists():
        raise TradeoffsError(f"{root}: no such file or folder")
    loaded = LoadedCards()
    where: dict[str, str] = {}
    for path in card_files(root):
        card, problems, id_line = parse_card_file(path)
        loaded.problems.extend(problems)
        if card is None:
            loaded.failed.add(path)
            continue
        here = f"{path}:{id_line}"
        if card.id in loaded.cards:
            loaded.problems.append(
                f"{here}: id: duplicate id {card.id!r}, also in {where[card.id]}"
            )
            loaded.failed.add(path)
            continue
        loaded.cards[card.id] = card
        loaded.sources[card.id] = path
        where[card.id] = here
    if loaded.problems and not keep_going:
        raise CatalogError(loaded.problems)
    return loaded


def convert(
    source: Path, source_format: str, out_dir: Path, *, catalog: Path | None, force: bool
) -> list[Path]:
    """Turn ``source`` into native card files in ``out_dir``; returns the files written.

    Card text names its links by title: titles the catalog has become ids, and a card whose
    title the catalog already has keeps the catalog's id.
    """
    if source_format == "catalog-json":
        from tradeoffs.formats.catalog_json import import_catalog_json, write_catalog_import

        return write_catalog_import(import_catalog_json(source), out_dir, force=force)
    if source_format == "text":
        from tradeoffs.formats.text import parse_text, resolve_titles

        if source.is_dir():
            raise TradeoffsError(f"{source}: the text format is one card per file; name a file")
        try:
            text = source.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise TradeoffsError(f"{source}:1: (file): not UTF-8 text ({exc.reason})") from exc
        known = load_cards(catalog or BUNDLED_CATALOG, keep_going=True).cards.values()
        titles_to_ids = {card.title.casefold(): card.id for card in known}
        card = resolve_titles(parse_text(text, str(source)), titles_to_ids)
        card_id = titles_to_ids.get(card.title.casefold(), card.id)
        return write_cards([card.model_copy(update={"id": card_id})], out_dir, force=force)
    raise TradeoffsError(
        f"unknown import format {source_format!r}: use {', '.join(IMPORT_FORMATS)}"
    )
