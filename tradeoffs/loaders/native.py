"""Native card files: one YAML file per card, anywhere in a folder tree.

Every problem is reported as ``path:line: field: message``, with the line taken
from the YAML itself, and all problems of a run are collected before anything fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tradeoffs.errors import CatalogError, TradeoffsError
from tradeoffs.models import CARD_ADAPTER, Card

CARD_SUFFIXES = (".yaml", ".yml")
# pydantic's wording for the errors an author meets most, said for people editing YAML.
PLAIN_MESSAGES = {
    "missing": "missing (required)",
    "string_too_short": "must not be empty",
    "string_type": "must be text (got {value})",
    "list_type": "must be a list (got {value})",
    "model_type": "must be a mapping of fields (got a {type})",
    "dict_type": "must be a mapping (got a {type})",
    "int_parsing": "must be a whole number (got {value})",
    "string_pattern_mismatch": "{value} is not a slug (lowercase words joined by hyphens)",
}


@dataclass
class LoadedCards:
    """The cards of a folder, where each came from, and every problem met on the way."""

    cards: dict[str, Card] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    failed: set[Path] = field(default_factory=set)
    """Files that did not become a card (unreadable, invalid, or a duplicate id)."""


def card_files(root: Path, suffixes: tuple[str, ...] = CARD_SUFFIXES) -> Iterator[Path]:
    """Files under ``root`` (or ``root`` itself) ending in one of ``suffixes``, in a stable
    order, hidden files and folders skipped."""
    if root.is_file():
        yield root
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(suffixes) and not name.startswith("."):
                yield Path(folder) / name


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


def parse_card_file(path: Path) -> tuple[Card | None, list[str], int]:
    """Parse one file: the card (or None), its problems, and the line of its ``id``."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [f"{path}:1: (file): not UTF-8 text ({exc.reason} at byte {exc.start})"], 1
    except OSError as exc:
        return None, [f"{path}:1: (file): cannot read: {exc.strerror}"], 1
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An error found at the end of the stream points past the last line; name the last one.
        line = min(mark.line + 1, len(text.splitlines()) or 1) if mark else 1
        return None, [f"{path}:{line}: (yaml): {exc.problem or exc.context}"], 1
    except yaml.YAMLError as exc:
        return None, [f"{path}:1: (yaml): {exc}"], 1
    if node is None:
        return None, [f"{path}:1: (card): the file is empty"], 1
    if not isinstance(node, yaml.MappingNode):
        return None, [f"{path}:{node.start_mark.line + 1}: (card): expected a mapping of fields"], 1
    duplicates = [
        f"{path}:{line}: {name}: duplicate key (a second value would silently replace the first)"
        for name, line in _duplicate_keys(node)
    ]
    if duplicates:
        return None, duplicates, 1
    data = yaml.SafeLoader("").construct_document(node)
    id_line = _line_of(node, ("id",))
    try:
        return CARD_ADAPTER.validate_python(data), [], id_line
    except ValidationError as exc:
        return None, _describe(path, node, data, exc), id_line


# libyaml's parser when PyYAML was built with it: same nodes and marks, several times faster.
FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> yaml.Node | None:
    loader = FastLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _duplicate_keys(node: yaml.Node, prefix: str = "") -> Iterator[tuple[str, int]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            if key.value in seen:
                yield name, key.start_mark.line + 1
            seen.add(key.value)
            yield from _duplicate_keys(value, name + ".")
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, f"{prefix}{index}.")


def _describe(path: Path, node: yaml.Node, data: Any, exc: ValidationError) -> list[str]:
    kind = data.get("kind") if isinstance(data, dict) else None
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if loc and loc[0] == kind:  # the discriminated union puts the kind first
            loc = loc[1:]
        # A custom validator's message already says what is wrong; drop pydantic's prefix.
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "union_tag_invalid":
            message = f"must be one of decision, failure_mode, red_flag, playbook (got {kind!r})"
            loc = ("kind",)
        elif error["type"] == "union_tag_not_found":
            message = (
                "missing: every card needs a kind (decision, failure_mode, red_flag, playbook)"
            )
            loc = ("kind",)
        elif error["type"] == "extra_forbidden":
            message = "unknown field"
        elif error["type"] in PLAIN_MESSAGES:
            message = PLAIN_MESSAGES[error["type"]].format(
                value=repr(error.get("input")), type=type(error.get("input")).__name__
            )
        field_name = ".".join(str(part) for part in loc) or "(card)"
        problems.append(f"{path}:{_line_of(node, loc)}: {field_name}: {message}")
    return problems


def _line_of(node: yaml.Node, loc: tuple[Any, ...]) -> int:
    """The line of the deepest node that ``loc`` reaches (a missing field points at its parent)."""
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if match is None:
                break
            line = match[0].start_mark.line + 1
            node = match[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def dump_card(card: Card) -> str:
    """The card as native YAML: facets in model order, empty facets left out, bare ids for plain links."""
    data = card.model_dump(mode="json", exclude_defaults=True)
    data = {"id": data.pop("id"), "kind": card.kind, **data}
    links = data.get("links", {})
    for group, entries in links.items():
        links[group] = [entry["id"] if set(entry) == {"id"} else entry for entry in entries]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_cards(cards: list[Card], out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write each card to ``out_dir/<id>.yaml``; refuse to overwrite unless ``force``.

    All of them or none (:func:`tradeoffs.files.write_into`): a refusal or a failure writes
    nothing.
    """
    from tradeoffs.files import write_into

    return write_into(out_dir, {f"{card.id}.yaml": dump_card(card) for card in cards}, force=force)
