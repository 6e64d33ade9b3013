"""Files in, cards out: native YAML (the authoring format), the card text format, and the
public catalog's JSON files."""

from __future__ import annotations

from pathlib import Path

from tradeoffs.errors import TradeoffsError
from tradeoffs.loaders.native import load_cards, write_cards

IMPORT_FORMATS = ("text", "catalog-json")


def convert(
    source: Path, source_format: str, out_dir: Path, *, catalog: Path | None, force: bool
) -> list[Path]:
    """Turn ``source`` into native card files in ``out_dir``; returns the files written.

    Card text names its links by title: titles the catalog has become ids, and a card whose
    title the catalog already has keeps the catalog's id.
    """
    if source_format == "catalog-json":
        from tradeoffs.loaders.catalog_json import import_catalog_json, write_catalog_import

        return write_catalog_import(import_catalog_json(source), out_dir, force=force)
    if source_format == "text":
        from tradeoffs.graph import BUNDLED_CATALOG
        from tradeoffs.loaders.text import parse_text, resolve_titles

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
