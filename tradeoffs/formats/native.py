"""Native card files: one YAML file per card, read and written.

Every problem is a :class:`~tradeoffs.errors.Problem` (``path:line: field: message``), with
the line taken from the YAML itself, and all problems of a run are collected before anything
fails.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from tradeoffs.errors import CatalogError, Problem
from tradeoffs.formats.problems import validation_problems
from tradeoffs.io.read import read_text
from tradeoffs.io.safe_yaml import dump_yaml, field_lines, read_yaml
from tradeoffs.io.write import write_into
from tradeoffs.models import CARD_ADAPTER, Card


def parse_card_file(path: Path) -> tuple[Card | None, list[Problem], int]:
    """Parse one file: the card (or None), its problems, and the line of its ``id``."""
    try:
        text = read_text(path)
    except CatalogError as exc:
        return None, exc.problems, 1
    return parse_card_text(text, str(path))


def parse_card_text(text: str, path: str = "<yaml>") -> tuple[Card | None, list[Problem], int]:
    """Parse the text of one card file; see :func:`parse_card_file`.

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


def write_cards(cards: list[Card], out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write each card to ``out_dir/<id>.yaml``; refuse to overwrite unless ``force``.

    All of them or none (:func:`tradeoffs.io.write_into`): a refusal or a failure writes
    nothing.
    """
    return write_into(out_dir, {f"{card.id}.yaml": dump_card(card) for card in cards}, force=force)
