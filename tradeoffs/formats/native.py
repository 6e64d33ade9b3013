"""Native card files: one YAML file per card, read and written (the registry's ``yaml``).

Every problem is a :class:`~tradeoffs.errors.Problem` (``path:line: field: message``), with
the line taken from the YAML itself, and all problems of a run are collected before anything
fails.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from tradeoffs.errors import CatalogError, Problem, duplicate_id
from tradeoffs.formats.problems import validation_problems
from tradeoffs.formats.registry import Read, source_path
from tradeoffs.io.safe_yaml import dump_yaml, field_lines, read_yaml
from tradeoffs.models import CARD_ADAPTER, Card, Subgraph
from tradeoffs.vocabulary import KIND_SPECS


def parse_card_text(text: str, path: str = "<yaml>") -> tuple[Card | None, list[Problem], int]:
    """The card the text of one card file holds (or None), its problems, and the line of
    its ``id``; ``path`` names the file in problems.

    Card files are data written by people: anchors and aliases, explicit tags, keys that are
    not text, numbers too long to convert and nesting too deep are refused, each as one
    problem, as the YAML is read (:func:`~tradeoffs.io.safe_yaml.read_yaml`); the card is
    validated once, from the values read.
    """
    try:
        document = read_yaml(text, path)
    except CatalogError as exc:
        return None, exc.problems, 1
    if document.line is None:
        return None, [Problem(path, 1, "(card)", "the file is empty")], 1
    data = document.value
    if not isinstance(data, dict):
        return None, [Problem(path, document.line, "(card)", "expected a mapping of fields")], 1
    if document.problems:
        return None, document.problems, 1
    id_line = document.key_lines.get("id", document.line)
    try:
        return CARD_ADAPTER.validate_python(data), [], id_line
    except ValidationError as exc:
        kind = data.get("kind")
        return None, validation_problems(exc, path, kind=kind, line_of=field_lines(text)), id_line


def dump_card(card: Card) -> str:
    """The card as native YAML: facets in model order, empty facets left out, bare ids for plain links."""
    data = card.model_dump(mode="json", exclude_defaults=True)
    data = {"id": data.pop("id"), "kind": card.kind, **data}
    links = data.get("links", {})
    for group, entries in links.items():
        links[group] = [entry["id"] if set(entry) == {"id"} else entry for entry in entries]
    return dump_yaml(data, width=100)


def write(subgraph: Subgraph) -> dict[str, str]:
    """One file per card, ``<kind folder>/<id>.yaml`` as in the bundled catalog: a folder
    that ``--catalog`` reads as it is, or whose files join a catalog of one's own."""
    return {
        f"{KIND_SPECS[card.kind].folder}/{card.id}.yaml": dump_card(card) for card in subgraph.cards
    }


def read(files: Mapping[str, str], root: str | None = None) -> Read:
    """The cards of card files (each file's text by its name, relative to ``root`` when
    given). Raises :class:`CatalogError` listing every problem, an id two files share
    among them, as a catalog's loader does."""
    cards: dict[str, Card] = {}
    where: dict[str, str] = {}
    problems: list[Problem] = []
    for name, text in files.items():
        path = source_path(name, root)
        card, found, id_line = parse_card_text(text, path)
        problems += found
        if card is not None and card.id in cards:
            problems.append(duplicate_id(path, id_line, card.id, where[card.id]))
        elif card is not None:
            cards[card.id], where[card.id] = card, f"{path}:{id_line}"
    if problems:
        raise CatalogError(problems)
    return Read(Subgraph(cards=list(cards.values()), edges=[]))
