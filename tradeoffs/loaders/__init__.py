"""Files in, cards out: native YAML (the authoring format), the card text format, the public
catalog's JSON files and our own ``export json`` files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tradeoffs.errors import CatalogError, Problem, TradeoffsError
from tradeoffs.formats.native import parse_card_file
from tradeoffs.formats.walk import card_files, find_files
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


def load_cards(root: Path, *, keep_going: bool = False) -> LoadedCards:
    """Load every card under ``root``, following symlinks; every command reads cards this way.

    Raises :class:`CatalogError` listing every problem, unless ``keep_going``,
    in which case the valid cards are returned with the problems beside them.
    """
    if not root.exists():
        raise TradeoffsError(f"{root}: no such file or folder")
    loaded = LoadedCards()
    found = find_files(root)
    loaded.problems.extend(found.problems)
    loaded.complete = not found.problems
    where: dict[str, str] = {}
    for path in found.files:
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
