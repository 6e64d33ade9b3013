"""Native card files: one YAML file per card, read and written.

Every problem is a :class:`~tradeoffs.errors.Problem` (``path:line: field: message``), with
the line taken from the YAML itself, and all problems of a run are collected before anything
fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tradeoffs.errors import CatalogError, Problem
from tradeoffs.files import write_into
from tradeoffs.formats.problems import validation_problems
from tradeoffs.formats.walk import read_text
from tradeoffs.models import CARD_ADAPTER, Card

MAX_DEPTH = 32
"""The deepest nesting of mappings and lists a card file may have (a card needs four)."""
MAX_NUMBER_DIGITS = 100
"""The longest number a card file may write; longer ones are refused before conversion."""
MAX_SCALAR_CHARS = 200_000

STR_TAG = "tag:yaml.org,2002:str"
NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")

# libyaml's parser when PyYAML was built with it: same nodes and marks, several times faster.
FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    not text, numbers too long to convert and nesting deeper than :data:`MAX_DEPTH` are
    refused, each as one problem, before anything is built from the YAML.
    """
    try:
        node = _compose(text, path)
    except CatalogError as exc:
        return None, exc.problems, 1
    if node is None:
        return None, [Problem(path, 1, "(card)", "the file is empty")], 1
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1
        return None, [Problem(path, line, "(card)", "expected a mapping of fields")], 1
    problems = list(_key_problems(node, path))
    if problems:
        return None, problems, 1
    try:
        data = _Constructor("").construct_document(node)
    except (yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        message = " ".join(str(getattr(exc, "problem", None) or exc).split())[:200]
        return None, [Problem(path, line, "(yaml)", f"cannot read a value: {message}")], 1
    id_line = _line_of(node, ("id",))
    kind = data.get("kind") if isinstance(data, dict) else None
    try:
        return CARD_ADAPTER.validate_python(data), [], id_line
    except ValidationError as exc:
        return (
            None,
            validation_problems(exc, path, kind=kind, line_of=lambda loc: _line_of(node, loc)),
            id_line,
        )


def load_yaml(text: str, path: str, first_line: int = 1) -> Any:
    """YAML written by people (a record's front matter) as data, under the same rules as a
    card file; problems name lines counted from ``first_line``. Raises :class:`CatalogError`."""
    try:
        node = _compose(text, path)
        if node is None:
            return None
        problems = list(_key_problems(node, path))
        if not problems:
            return _Constructor("").construct_document(node)
    except CatalogError as exc:
        problems = exc.problems
    except (yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
        message = " ".join(str(getattr(exc, "problem", None) or exc).split())[:200]
        problems = [Problem(path, 1, "(yaml)", f"cannot read a value: {message}")]
    raise CatalogError(
        [Problem(p.path, p.line + first_line - 1, p.field, p.message) for p in problems]
    )


class _Constructor(yaml.SafeLoader):
    """Builds values from checked nodes; a date stays the text it was written as (card fields
    are text, and a date that is not one, such as 2024-13-45, must not be an internal error)."""


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp",
    yaml.SafeLoader.construct_yaml_str,  # type: ignore[type-var]
)


def _compose(text: str, path: str) -> yaml.Node | None:
    """The YAML's node tree, after checking its events: no anchor, alias or explicit tag, no
    nesting deeper than :data:`MAX_DEPTH`, no number too long to convert."""
    lines = len(text.splitlines()) or 1
    try:
        _check_events(text, path)
        loader = FastLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An error found at the end of the stream points past the last line; name the last one.
        line = min(mark.line + 1, lines) if mark else 1
        message = " ".join(str(exc.problem or exc.context).split())
        rows = text.splitlines()
        if (
            mark
            and mark.line < len(rows)
            and rows[mark.line][mark.column : mark.column + 1] == "\t"
        ):
            message = "a tab where YAML needs spaces (indent with spaces only)"
        raise CatalogError([Problem(path, line, "(yaml)", message)]) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())[:200]
        raise CatalogError([Problem(path, 1, "(yaml)", message)]) from None


def _check_events(text: str, path: str) -> None:
    # Per open mapping or list: whether it is a mapping, how many nodes it holds so far, and
    # its last key (to name the field of a problem).
    open_nodes: list[tuple[bool, list[int], list[str]]] = []

    def refuse(event: yaml.Event, message: str) -> None:
        field = ".".join(key[0] for _, _, key in open_nodes if key) or "(yaml)"
        line = event.start_mark.line + 1 if event.start_mark else 1
        raise CatalogError([Problem(path, line, field, message)])

    loader = FastLoader(text)
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.AliasEvent):
                refuse(event, f"aliases (*{event.anchor}) are not allowed in a card file")
            if not isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                if isinstance(event, yaml.CollectionEndEvent):
                    open_nodes.pop()
                continue
            if event.anchor is not None:
                refuse(event, f"anchors (&{event.anchor}) are not allowed in a card file")
            if event.tag is not None and not (
                isinstance(event, yaml.ScalarEvent) and event.tag == "!"
            ):
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")[:40]
                refuse(event, f"tags ({tag}) are not allowed in a card file")
            is_key = False
            if open_nodes:
                is_mapping, count, key = open_nodes[-1]
                is_key = is_mapping and count[0] % 2 == 0
                count[0] += 1
            if isinstance(event, yaml.ScalarEvent):
                if len(event.value) > MAX_SCALAR_CHARS:
                    refuse(event, f"a value longer than {MAX_SCALAR_CHARS} characters")
                if is_key:
                    key[:] = [event.value[:40]]
                elif (
                    event.implicit[0]
                    and len(event.value) > MAX_NUMBER_DIGITS
                    and loader.resolve(yaml.ScalarNode, event.value, (True, False)) in NUMBER_TAGS
                ):
                    # Python refuses to convert an integer of over 4,300 digits (decimal, hex,
                    # octal, binary or sexagesimal alike); no card needs a hundred.
                    refuse(event, f"a number longer than {MAX_NUMBER_DIGITS} digits")
                continue
            if is_key:
                key.clear()  # the problem is at this mapping, not at its previous key
                refuse(event, "keys must be text, not a mapping or a list")
            if len(open_nodes) >= MAX_DEPTH:
                refuse(event, f"nested deeper than {MAX_DEPTH} levels")
            open_nodes.append((isinstance(event, yaml.MappingStartEvent), [0], []))
    finally:
        loader.dispose()


def _key_problems(node: yaml.Node, path: str, prefix: str = "") -> Iterator[Problem]:
    """Keys that are not text, and keys written twice (the second value would silently replace
    the first)."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            line = key.start_mark.line + 1
            if not isinstance(key, yaml.ScalarNode) or key.tag != STR_TAG:
                shown_key = key.value if isinstance(key, yaml.ScalarNode) else "(a collection)"
                shown_key = shown_key or "(empty key)"  # `?` alone, or `: value`
                yield Problem(
                    path,
                    line,
                    f"{prefix}{shown_key}"[:80],
                    "keys must be text (quote a key that YAML reads as a number, a boolean or null)",
                )
                continue
            name = f"{prefix}{key.value}"
            if key.value in seen:
                yield Problem(
                    path,
                    line,
                    name,
                    "duplicate key (a second value would silently replace the first)",
                )
            seen.add(key.value)
            yield from _key_problems(value, path, name + ".")
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _key_problems(item, path, f"{prefix}{index}.")


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
    return write_into(out_dir, {f"{card.id}.yaml": dump_card(card) for card in cards}, force=force)
