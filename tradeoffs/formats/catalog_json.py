"""The public catalog's JSON files in and out: one file per kind, ``{category, template, entries}``.

Import. Every ``*.json`` file under the source folder is read. A file's kind comes from
``category.code`` (TD, FM, RF, EP) or, failing that, from the fields its entries use. An entry
becomes a card: ``slug`` is the id; a field whose snake_case name is a facet fills that facet,
nested objects included (``optionA.bestWhen`` -> ``option_a.best_when``); relationship fields
(:data:`RELATIONS`) become ``links``, a slug as ``id`` and other text as ``title`` (in
``easilyConfusedWith``, text that is no imported card's title is a ``concept``, and the
``distinction`` is the ``note``); every other field goes to ``extra`` verbatim. All problems of
a run are collected, each as ``path:line: entries[i].field: message``, and raised together.

Provenance. The cards hold the content; the layout of the files lives in one sidecar,
:data:`LAYOUT_FILE` beside the card files (hidden, so the native loader skips it). It holds,
per source file (its path relative to the import root), the file's header (every top-level
field but ``entries``: ``category``, ``template``) and its entries in order, each with its id,
its field names in source order and, only where the source differs from the catalog's usual
order, the keys of the objects inside a field (``object_keys`` for ``optionA``, ``item_keys``
for ``steps`` or ``easilyConfusedWith``, which is how ``decision`` vs ``pattern`` survives).

Export walks that layout and takes every value from the cards, so edits to the cards are
exported too: a field a card gained after import is added after the entry's own fields. Cards
the layout does not name (authored natively, or exported without a layout) go to a default
file of their kind (:attr:`~tradeoffs.vocabulary.KindSpec.catalog_file`; a playbook by its category, as the catalog does),
after the file's imported entries; a file that was not imported gets a header and a template
listing the fields its entries use. A file left with no entries is not written.

What does not survive: whitespace around text (the card model strips it), and a note on a link
in a plain list such as ``relatedRedFlags`` (the catalog's shape has no place for it). A field
the layout names but the card no longer fills is written with its empty value ([] or null).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel, to_snake

from tradeoffs.errors import CatalogError, ExportError, Problem, TradeoffsError, duplicate_id, shown
from tradeoffs.formats.problems import validation_problems
from tradeoffs.formats.registry import Read, source_path
from tradeoffs.io.safe_json import load_json
from tradeoffs.io.safe_yaml import dump_yaml, load_yaml
from tradeoffs.models import CARD_ADAPTER, CARD_CLASSES, SLUG, Card, Link, Option, Subgraph
from tradeoffs.vocabulary import KIND_SPECS, KINDS, Kind, LinkGroup

LAYOUT_FILE = ".catalog-json.yaml"

# The public catalog's category codes and default files, from the vocabulary.
KIND_BY_CODE: dict[str, Kind] = {
    spec.catalog_code: kind for kind, spec in KIND_SPECS.items() if spec.catalog_code
}
PLAYBOOK_AREA_FILE = "engineering-playbook/engineering-playbook-{area}.json"

CONFUSED_WITH = "easilyConfusedWith"
# An easilyConfusedWith item names its target under one of these keys, and describes it under
# DISTINCTION; the catalog uses the first for decisions and the second for failure modes.
TARGET_KEYS = ("decision", "pattern")
DISTINCTION = "distinction"
CONFUSED_TARGET_KEY: dict[Kind, str] = {"decision": "decision", "failure_mode": "pattern"}

# Relationship fields by kind, in the order the catalog writes them, and the link group of each.
RELATIONS: dict[Kind, dict[str, LinkGroup]] = {
    "decision": {
        CONFUSED_WITH: "confused_with",
        "oftenLeadsToFailureModes": "failure_mode",
        "adjacentDecisions": "adjacent",
        "relatedRedFlags": "red_flag",
        "relatedPlaybooks": "playbook",
    },
    "failure_mode": {
        CONFUSED_WITH: "confused_with",
        "oftenLeadsTo": "leads_to",
        "oftenCausedBy": "caused_by",
        # Not in the catalog's template, but the model allows it: a native card's links need a field.
        "relatedFailureModes": "failure_mode",
        "relatedRedFlags": "red_flag",
        "relatedTechDecisions": "decision",
        "relatedPlaybooks": "playbook",
    },
    "red_flag": {
        "relatedFailureModes": "failure_mode",
        "relatedTechDecisions": "decision",
        "relatedPlaybooks": "playbook",
        "relatedRedFlags": "red_flag",
    },
    "playbook": {
        "relatedFailureModes": "failure_mode",
        "relatedRedFlags": "red_flag",
        "relatedTechDecisions": "decision",
        "relatedPlaybooks": "playbook",
    },
}

_NOT_FACETS = frozenset({"id", "kind", "links", "extra"})
FACETS: dict[Kind, tuple[str, ...]] = {
    kind: tuple(name for name in CARD_CLASSES[kind].model_fields if name not in _NOT_FACETS)
    for kind in KINDS
}
# Facets only one kind has: they tell a file's kind when its header does not.
_OWN_FACETS: dict[Kind, frozenset[str]] = {
    kind: frozenset(FACETS[kind]).difference(*(FACETS[other] for other in KINDS if other != kind))
    for kind in KINDS
}
# Where the catalog writes an object's fields in another order than the model declares them.
CATALOG_FIELD_ORDER: dict[type[BaseModel], tuple[str, ...]] = {
    Option: (
        "name",
        "best_when",
        "strengths",
        "costs",
        "hidden_costs",
        "failure_modes_when_misused",
        "real_world_fits",
    ),
}

# Where an entry field's value lives on the card: its id, a facet, a link group (named by the
# entry's relationship field) or an extra field.
Slot = tuple[Literal["id", "facet", "links", "extra"], str]


_LAYOUT_PREAMBLE = (
    "# How the imported catalog JSON files were laid out: headers, entry order, field order.\n"
    "# `tradeoffs export catalog-json` reads it to write the files back as they were;\n"
    "# the content itself is in the card files.\n"
)


class _Layout(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EntryLayout(_Layout):
    """One entry as its file wrote it. The values are on the card with this id."""

    id: str
    keys: list[str]
    object_keys: dict[str, list[str]] = {}
    item_keys: dict[str, list[list[str]]] = {}


class FileLayout(_Layout):
    header: dict[str, Any]
    entries: list[EntryLayout] = []


class CatalogLayout(_Layout):
    """Per source file (a relative path), its header and its entries in order."""

    files: dict[str, FileLayout] = {}


# ---------------------------------------------------------------------------------------- import


def read(files: Mapping[str, str], root: str | None = None) -> Read:
    """The cards of catalog JSON files, and how the files were laid out.

    ``files`` maps each file to its text: with ``root``, a folder's JSON files by their
    path relative to it, where a file that is not a catalog file (no list of ``entries``,
    such as an index of the catalog's editions) is skipped and listed in
    :attr:`~tradeoffs.formats.registry.Read.skipped` with why; without, files named on their
    own, each of which must be a catalog file. Raises :class:`CatalogError` listing every
    problem found, one per line.
    """
    problems: list[Problem] = []
    skipped: list[Problem] = []
    sources: list[_SourceFile] = []
    for name, text in files.items():
        path = source_path(name, root)
        layout_name = name if root is not None else PurePath(name).name
        source, file_problems = _read_source(text, path, layout_name)
        if source is None and root is not None and _is_not_a_catalog(file_problems):
            skipped.append(Problem(path, None, None, f"skipped, {NOT_A_CATALOG}"))
            continue
        problems.extend(file_problems)
        if source is not None:
            sources.append(source)
    if not sources and not problems:
        raise TradeoffsError("no catalog JSON files found", path=root)
    titles = {
        _normal(entry["title"])
        for source in sources
        for entry in source.entries
        if isinstance(entry, dict) and isinstance(entry.get("title"), str)
    }
    cards: list[Card] = []
    layout = CatalogLayout()
    where: dict[str, str] = {}
    for source in sources:
        file_layout = layout.files[source.name] = FileLayout(header=source.header)
        for index, entry in enumerate(source.entries):
            result = _entry_card(source, index, entry, titles)
            if isinstance(result, list):
                problems.extend(result)
                continue
            card, entry_layout = result
            line = source.entry_line(index)
            if card.id in where:
                problems.append(
                    duplicate_id(
                        source.path, line, card.id, where[card.id], f"entries[{index}].slug"
                    )
                )
                continue
            where[card.id] = f"{source.path}:{line}"
            cards.append(card)
            file_layout.entries.append(entry_layout)
    if problems:
        raise CatalogError(problems)
    return Read(Subgraph(cards=cards, edges=[]), layout=layout, skipped=skipped)


NOT_A_CATALOG = (
    'not a catalog file: expected an object with "category", "template" and a list of "entries"'
)


def _is_not_a_catalog(problems: list[Problem]) -> bool:
    return len(problems) == 1 and problems[0].message == NOT_A_CATALOG


def is_catalog_document(document: Any) -> bool:
    """Whether parsed JSON is shaped like a catalog file."""
    return isinstance(document, dict) and isinstance(document.get("entries"), list)


SHAPE = 'a catalog JSON file (a list of "entries")'
"""What a file of this format is, for a message naming the formats a file is not."""


def recognises(text: str) -> bool:
    """Whether a JSON file's text is shaped like a catalog file."""
    document, problem = load_json(text, "")
    return problem is None and is_catalog_document(document)


def layout_text(layout: CatalogLayout) -> str:
    """The layout as :data:`LAYOUT_FILE` holds it, beside the imported card files."""
    data = layout.model_dump(mode="json", exclude_defaults=True)
    return _LAYOUT_PREAMBLE + dump_yaml(data, width=100, default_flow_style=None)


def read_layout(text: str, path: str) -> CatalogLayout:
    """The layout a :data:`LAYOUT_FILE` holds, read as any file a person may have edited:
    the same limits as a card file's YAML (an alias bomb here once made an export take 17 s
    and 700 MB)."""
    data = load_yaml(text, path, what="an import's layout file")
    try:
        return CatalogLayout.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(
            validation_problems(exc, path, kind=None, line_of=lambda loc: 1)
        ) from exc


@dataclass
class _SourceFile:
    path: str
    name: str
    kind: Kind
    header: dict[str, Any]
    entries: list[Any]
    slug_lines: dict[str, int]
    entries_line: int

    def entry_line(self, index: int) -> int:
        """The line of the entry's ``"slug"``: a good-enough pointer into the file."""
        entry = self.entries[index]
        slug = entry.get("slug") if isinstance(entry, dict) else None
        if isinstance(slug, str) and slug in self.slug_lines:
            return self.slug_lines[slug]
        return self.entries_line

    def line_of_path(self, json_path: str) -> int:
        match = re.match(r"entries\[(\d+)\]", json_path)
        return self.entry_line(int(match.group(1))) if match else 1


def _read_source(text: str, path: str, name: str) -> tuple[_SourceFile | None, list[Problem]]:
    duplicates: dict[int, list[str]] = {}
    document, problem = load_json(text, path, object_pairs_hook=_keeping_duplicates(duplicates))
    if problem is not None:
        return None, [problem]
    if not is_catalog_document(document):
        return None, [Problem(path, 1, "(catalog)", NOT_A_CATALOG)]
    header = {key: value for key, value in document.items() if key != "entries"}
    kind = _kind_of(header, document["entries"])
    if kind is None:
        return None, [
            Problem(
                path,
                _line_of_key(text, "code"),
                "category.code",
                f"cannot tell the kind of catalog (code {shown(_code_of(header))}; "
                "expected TD, FM, RF or EP, or entries shaped like one kind)",
            )
        ]
    source = _SourceFile(
        path=path,
        name=name,
        kind=kind,
        header=header,
        entries=document["entries"],
        slug_lines=_slug_lines(text),
        entries_line=_line_of_key(text, "entries"),
    )
    problems = [
        Problem(
            path,
            source.line_of_path(json_path),
            json_path,
            "duplicate key (a second value would silently replace the first)",
        )
        for json_path in _duplicate_paths(document, duplicates)
    ]
    return source, problems


def _keeping_duplicates(
    duplicates: dict[int, list[str]],
) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """An ``object_pairs_hook`` that notes, per object (by id), the keys it met twice:
    ``json`` would silently keep the last value."""

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                duplicates.setdefault(id(obj), []).append(key)
            seen.add(key)
        return obj

    return build


def _duplicate_paths(value: Any, duplicates: dict[int, list[str]], path: str = "") -> Iterator[str]:
    if not duplicates:
        return
    if isinstance(value, dict):
        for key in duplicates.get(id(value), []):
            yield _join(path, key)
        for key, item in value.items():
            yield from _duplicate_paths(item, duplicates, _join(path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _duplicate_paths(item, duplicates, f"{path}[{index}]")


def _code_of(header: dict[str, Any]) -> Any:
    category = header.get("category")
    return category.get("code") if isinstance(category, dict) else None


def _kind_of(header: dict[str, Any], entries: list[Any]) -> Kind | None:
    code = _code_of(header)
    if isinstance(code, str) and code in KIND_BY_CODE:
        return KIND_BY_CODE[code]
    votes = {
        kind: sum(
            to_snake(key) in _OWN_FACETS[kind]
            for entry in entries
            if isinstance(entry, dict)
            for key in entry
        )
        for kind in KINDS
    }
    best = max(votes.values())
    winners = [kind for kind, count in votes.items() if count == best]
    return winners[0] if best and len(winners) == 1 else None


_SLUG_FIELD = re.compile(r'"slug"\s*:\s*("(?:[^"\\]|\\.)*")')


def _slug_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for match in _SLUG_FIELD.finditer(text):
        lines.setdefault(json.loads(match.group(1)), text.count("\n", 0, match.start()) + 1)
    return lines


def _line_of_key(text: str, key: str) -> int:
    match = re.search(rf'"{re.escape(key)}"\s*:', text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _entry_card(
    source: _SourceFile, index: int, entry: Any, titles: set[str]
) -> tuple[Card, EntryLayout] | list[Problem]:
    """The card of one entry and how the entry was laid out, or the entry's problems."""
    path, line, at = source.path, source.entry_line(index), f"entries[{index}]"
    if not isinstance(entry, dict):
        return [Problem(path, line, at, "expected an object (a catalog entry)")]
    kind = source.kind
    relations = RELATIONS[kind]
    data: dict[str, Any] = {"kind": kind}
    links: dict[str, list[dict[str, str]]] = {}
    extra: dict[str, Any] = {}
    field_keys = {"id": "slug"}  # field of the card -> the entry's key, to name fields in errors
    problems: list[tuple[str, str]] = []  # (the field's path in the entry, message)
    for key, value in entry.items():
        if key == "slug":
            data["id"] = value
        elif key in relations:
            group_links, link_problems = _parse_links(key, value, titles)
            links[relations[key]] = group_links
            problems.extend((f"{key}{sub}", message) for sub, message in link_problems)
        elif (facet := to_snake(key)) in FACETS[kind] and facet not in field_keys:
            data[facet] = _snake_keys(value)
            field_keys[facet] = key
        else:
            extra[key] = value
    data["links"] = links
    data["extra"] = extra
    try:
        card = CARD_ADAPTER.validate_python(data)
    except ValidationError as exc:
        problems.extend(
            (problem.field or "(card)", problem.message)
            for problem in validation_problems(
                exc,
                path,
                kind=kind,
                line_of=lambda loc: line,
                name_of=lambda loc: _json_path(loc, entry, field_keys),
            )
        )
    if problems:
        # Report in the entry's own field order, whichever check found the problem.
        position = {key: place for place, key in enumerate(entry)}
        problems.sort(key=lambda problem: position.get(re.split(r"[.\[]", problem[0])[0], -1))
        return [
            Problem(path, line, f"{at}{'.' if name else ''}{name}", message)
            for name, message in problems
        ]
    return card, _layout_of(card, entry)


def _parse_links(
    key: str, value: Any, titles: set[str]
) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """The links of one relationship field, and its problems as (sub-path, message)."""
    if not isinstance(value, list):
        return [], [("", f"must be a list (got a {type(value).__name__})")]
    links: list[dict[str, str]] = []
    problems: list[tuple[str, str]] = []
    for index, item in enumerate(value):
        at = f"[{index}]"
        if key != CONFUSED_WITH:
            if _is_text(item):
                links.append(_target_link(item, titles, concepts=False))
            else:
                problems.append((at, f"must be text (a slug or a title), got {item!r}"))
            continue
        if not isinstance(item, dict):
            problems.append(
                (at, f"must be an object with a {' or '.join(TARGET_KEYS)} and a {DISTINCTION}")
            )
            continue
        link: dict[str, str] = {}
        for item_key, text in item.items():
            if item_key not in (*TARGET_KEYS, DISTINCTION):
                problems.append((f"{at}.{item_key}", "unknown field"))
            elif text is None:
                continue  # an absent target or distinction, written as null
            elif not _is_text(text):
                problems.append((f"{at}.{item_key}", f"must be text, got {text!r}"))
            elif item_key == DISTINCTION:
                link["note"] = text
            elif link.keys() - {"note"}:
                problems.append(
                    (f"{at}.{item_key}", "a second target (name one, as decision or pattern)")
                )
            else:
                link.update(_target_link(text, titles, concepts=True))
        links.append(link)
    return links, problems


def _target_link(text: str, titles: set[str], *, concepts: bool) -> dict[str, str]:
    """A slug names a card; other text is a card's title, or, where ``concepts`` and no imported
    card has that title, a concept that is not a card at all."""
    if SLUG.match(text):
        return {"id": text}
    if concepts and _normal(text) not in titles:
        return {"concept": text}
    return {"title": text}


def _layout_of(card: Card, entry: dict[str, Any]) -> EntryLayout:
    """The entry's key order, with the object key orders that the usual order would not restore."""
    layout = EntryLayout(id=card.id, keys=list(entry))
    usual = _catalog_entry(card, layout)
    for key, value in entry.items():
        if isinstance(value, dict):
            if list(value) != list(usual[key]):
                layout.object_keys[key] = list(value)
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            item_keys = [list(item) for item in value]
            if item_keys != [list(item) for item in usual[key]]:
                layout.item_keys[key] = item_keys
    return layout


def _json_path(
    loc: tuple[int | str, ...], entry: dict[str, Any], field_keys: dict[str, str]
) -> str:
    """A card field as the entry spells it: ``option_a.best_when.0`` -> ``optionA.bestWhen[0]``."""
    path = ""
    node: Any = entry
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            continue
        if node is entry:
            key = field_keys.get(part, to_camel(part))
        elif isinstance(node, dict):
            key = next((k for k in node if to_snake(k) == part), to_camel(part))
        else:
            key = to_camel(part)
        path = _join(path, key)
        node = node.get(key) if isinstance(node, dict) else None
    return path


# ---------------------------------------------------------------------------------------- export


def write(subgraph: Subgraph, layout: CatalogLayout | None = None) -> dict[str, str | bytes]:
    """The cards of ``subgraph`` as catalog JSON files by relative path, laid out as
    ``layout`` remembers (see the module)."""
    return {
        _checked(name): json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        for name, document in _documents(subgraph.cards, layout)
    }


def _documents(cards: list[Card], layout: CatalogLayout | None) -> list[tuple[str, dict[str, Any]]]:
    """Each file's relative path and content: the layout's files, then the default files."""
    files = layout.files if layout else {}
    by_id = {card.id: card for card in cards}
    entries: dict[str, list[dict[str, Any]]] = {name: [] for name in files}
    placed: set[str] = set()
    for name, file_layout in files.items():
        for entry_layout in file_layout.entries:
            card = by_id.get(entry_layout.id)
            if card is not None and card.id not in placed:
                entries[name].append(_catalog_entry(card, entry_layout))
                placed.add(card.id)
    unplaced: dict[str, list[Card]] = {}
    for card in cards:
        if card.id not in placed:
            unplaced.setdefault(_default_file(card), []).append(card)
    for name, group in unplaced.items():
        entries.setdefault(name, []).extend(_catalog_entry(card, None) for card in group)
    return [
        (
            name,
            {
                **(files[name].header if name in files else _default_header(unplaced[name])),
                "entries": file_entries,
            },
        )
        for name, file_entries in entries.items()
        if file_entries
    ]


def _default_file(card: Card) -> str:
    if card.kind == "playbook" and card.category and SLUG.match(card.category):
        return PLAYBOOK_AREA_FILE.format(area=card.category)
    spec = KIND_SPECS[card.kind]
    if spec.catalog_file is None:
        raise ExportError(
            f"the public catalog's JSON has no place for {{value}}, a {spec.label.lower()}; "
            "select the other kinds (--kind)",
            value=card.id,
        )
    return spec.catalog_file


def _default_header(cards: list[Card]) -> dict[str, Any]:
    """A header for a file no import described: its kind, and a template of the fields used."""
    kind = cards[0].kind
    usual = ["slug", *(to_camel(name) for name in FACETS[kind]), *RELATIONS[kind]]
    used = {key for card in cards for key, _ in _usual_slots(card)}
    extras = dict.fromkeys(key for card in cards for key in card.extra if key not in usual)
    return {
        "category": {"code": KIND_SPECS[kind].catalog_code, "name": KIND_SPECS[kind].catalog_name},
        "template": {"fields": [key for key in usual if key in used] + list(extras)},
    }


def _checked(name: str) -> str:
    """A file name from the layout (a file people may edit), refused unless it stays inside."""
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ExportError(
            "{value}: a catalog file must be a relative path inside the export", value=name
        )
    return name


def _catalog_entry(card: Card, layout: EntryLayout | None) -> dict[str, Any]:
    """The card as a catalog entry: the layout's fields in its order, then every other field
    the card fills, in the catalog's usual order."""
    slots: dict[Slot, str] = {}
    for key in layout.keys if layout else []:
        slot = _slot_of(card, key)
        if slot is not None:
            slots.setdefault(slot, key)
    for key, slot in _usual_slots(card):
        slots.setdefault(slot, key)
    return {key: _json_field(card, key, slot, layout) for slot, key in slots.items()}


def _slot_of(card: Card, key: str) -> Slot | None:
    """Where the entry field ``key`` went on import (see :func:`_entry_card`)."""
    if key == "slug":
        return ("id", "")
    if key in RELATIONS[card.kind]:
        return ("links", key)
    if key in card.extra:
        return ("extra", key)
    if to_snake(key) in FACETS[card.kind]:
        return ("facet", to_snake(key))
    return None


def _usual_slots(card: Card) -> list[tuple[str, Slot]]:
    """Every field the card fills, as the catalog would name and order it."""
    filled = card.model_dump(exclude_defaults=True)
    return [
        ("slug", ("id", "")),
        *((to_camel(name), ("facet", name)) for name in FACETS[card.kind] if name in filled),
        *(
            (key, ("links", key))
            for key, group in RELATIONS[card.kind].items()
            if getattr(card.links, group)
        ),
        *((key, ("extra", key)) for key in card.extra),
    ]


def _json_field(card: Card, key: str, slot: Slot, layout: EntryLayout | None) -> Any:
    place, name = slot
    object_keys = layout.object_keys.get(key) if layout else None
    item_keys = layout.item_keys.get(key) if layout else None
    if place == "id":
        return card.id
    if place == "extra":
        return card.extra[name]
    if place == "links":
        links = getattr(card.links, RELATIONS[card.kind][name])
        return _json_links(card.kind, name, links, item_keys)
    value = getattr(card, name)
    if isinstance(value, BaseModel):
        return _json_object(value, object_keys)
    if isinstance(value, list):
        return [
            _json_object(item, _nth(item_keys, index)) if isinstance(item, BaseModel) else item
            for index, item in enumerate(value)
        ]
    return value


def _json_object(model: BaseModel, keys: list[str] | None) -> dict[str, Any]:
    """A nested object with the catalog's keys: in the source's order when known, else every
    filled field in the catalog's order."""
    if keys is not None:
        full = model.model_dump(mode="json")
        return {key: full[to_snake(key)] for key in keys if to_snake(key) in full}
    filled = model.model_dump(mode="json", exclude_defaults=True)
    order = CATALOG_FIELD_ORDER.get(type(model), tuple(type(model).model_fields))
    return {to_camel(name): filled[name] for name in order if name in filled}


def _json_links(
    kind: Kind, key: str, links: list[Link], item_keys: list[list[str]] | None
) -> list[Any]:
    if key != CONFUSED_WITH:
        return [link.target for link in links if link.target]
    items: list[dict[str, str | None]] = []
    for index, link in enumerate(links):
        values = {**dict.fromkeys(TARGET_KEYS, link.target), DISTINCTION: link.note}
        keys = _nth(item_keys, index)
        if keys is None:
            keys = [name for name in (CONFUSED_TARGET_KEY[kind], DISTINCTION) if values[name]]
        items.append({name: values[name] for name in keys if name in values})
    return items


# ----------------------------------------------------------------------------------------- names


def _snake_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {to_snake(key): _snake_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_snake_keys(item) for item in value]
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _nth(keys: list[list[str]] | None, index: int) -> list[str] | None:
    return keys[index] if keys is not None and index < len(keys) else None


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()
