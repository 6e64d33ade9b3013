"""What a card looks like in Neo4j: its node properties, both ways, and the names Cypher uses.
The Neo4j store (:mod:`tradeoffs.graph.neo4j`) and the ``cypher`` and ``csv`` formats
(:mod:`.cypher`, :mod:`.neo4j_csv`) all write cards through it, so the three agree.

A card is a node labelled ``:Card`` and its kind's label (``KIND_SPECS[kind].neo4j_label``)
whose properties are the card: every facet under its own name (text as text, lists of text
as lists), object facets flattened one level (``option_a_name``, ``warning_signs_early``,
``links_failure_mode_json``), anything else (playbook steps, link entries, imported extras)
as JSON text under ``<name>_json``. :func:`card_from_properties` reads the identical card
back. Beside them: ``title_lc``, ``lead_lc``, ``body_lc`` and ``key_factors_lc``, the text
exactly as :func:`search_text` and the memory store lower-case it; ``unresolved_json``, the
card's links that did not become edges; ``source``, the card file it was loaded from (relative
to the catalog folder); ``origin``, its catalog as people see it (``bundled``, a path,
``records``); ``folder``, the folder it was read from, absolute and resolved (``bundled`` for
the bundled catalog), which says which loads may remove it; ``content_hash`` and
``edges_hash`` (of its outgoing edges).

A ``:Card`` node is tradeoffs' own only when it has an ``id`` and a ``content_hash``
(:func:`own`): any other node, even with tradeoffs' labels, is never read, counted or changed.

Everything here is pure: no driver, no server.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from itertools import repeat
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter

from tradeoffs.models import CARD_ADAPTER, CARD_CLASSES, Card, Decision, Unresolved, search_text
from tradeoffs.vocabulary import EDGE_SPECS, EDGE_TYPES, KIND_SPECS, KINDS, EdgeType, Kind

EDGE_TYPE_OF: dict[str, EdgeType] = {EDGE_SPECS[t].neo4j_type: t for t in EDGE_TYPES}
"""Relationship type -> edge type: the reverse of ``EDGE_SPECS[..].neo4j_type``."""
ALL_RELS = "|".join(EDGE_SPECS[t].neo4j_type for t in EDGE_TYPES)
ALL_KIND_LABELS = ":".join(KIND_SPECS[k].neo4j_label for k in KINDS)

CONSTRAINT = "CREATE CONSTRAINT tradeoffs_card_id IF NOT EXISTS FOR (c:Card) REQUIRE c.id IS UNIQUE"

# Bump when card_properties writes anything differently: every card is then rewritten once.
# tests/test_neo4j_safety.py keeps a fingerprint of the properties per version, and fails
# when they change under the same number.
PROPERTIES_VERSION = 4

_UNRESOLVED_LIST = TypeAdapter(list[Unresolved])


def label(kind: Kind) -> str:
    """The node label of a kind."""
    return KIND_SPECS[kind].neo4j_label


def rel_type(edge_type: EdgeType) -> str:
    """The relationship type of an edge type."""
    return EDGE_SPECS[edge_type].neo4j_type


def own(var: str) -> str:
    """A Cypher condition that holds for tradeoffs' own card nodes: ``var`` has a text ``id``
    and a ``content_hash``. Foreign nodes that only share the ``:Card`` label fail it, and so
    does a node whose id was made something else than text by hand (it is never matched)."""
    return f"{var}.id IS :: STRING NOT NULL AND {var}.content_hash IS NOT NULL"


@cache
def list_properties() -> dict[str, bool]:
    """The properties written as lists of text (every other one is text), as a map for
    Cypher's ``$lists[k]``: list facets, list fields of object facets (``<facet>_<field>``),
    and ``key_factors_lc``."""
    names = {"key_factors_lc"}
    for kind in KINDS:
        for name, info in CARD_CLASSES[kind].model_fields.items():
            if _is_text_list(info.annotation):
                names.add(name)
            nested = nested_facets(kind).get(name)
            if nested is not None:
                names |= {
                    f"{name}_{key}"
                    for key, field in nested.model_fields.items()
                    if _is_text_list(field.annotation)
                }
    return dict.fromkeys(sorted(names), True)


def _is_text_list(annotation: Any) -> bool:
    if get_origin(annotation) in (Union, UnionType):  # X | None
        return any(_is_text_list(a) for a in get_args(annotation))
    return get_origin(annotation) is list and _is_text(get_args(annotation)[0])


def _is_text(annotation: Any) -> bool:
    return annotation is str or (
        get_origin(annotation) is Annotated and get_args(annotation)[0] is str
    )


def card_properties(
    card: Card,
    unresolved: Iterable[Unresolved] = (),
    source: str | None = None,
    origin: str | None = None,
    folder: str | None = None,
) -> dict[str, Any]:
    """The node properties of a card (see the module docstring), ``content_hash`` included.
    :func:`card_from_properties` turns them back into the same card."""
    unresolved, text = list(unresolved), search_text(card)
    return properties(card, unresolved, text, source, origin, folder) | {
        "content_hash": content_hash(card, unresolved, text, source, origin, folder)
    }


def properties(
    card: Card,
    unresolved: list[Unresolved],
    text: tuple[str, str, str],
    source: str | None = None,
    origin: str | None = None,
    folder: str | None = None,
) -> dict[str, Any]:
    """The card's properties without the hashes."""
    props: dict[str, Any] = {}
    data = card.model_dump(mode="json", exclude_none=True)
    nested = nested_facets(card.kind)
    for name, value in data.items():
        for key, item in value.items() if name in nested else [(None, value)]:
            _put(props, name if key is None else f"{name}_{key}", item)
    props |= dict(zip(("title_lc", "lead_lc", "body_lc"), text, strict=True))
    if isinstance(card, Decision) and card.key_factors:
        props["key_factors_lc"] = [factor.lower() for factor in card.key_factors]
    if unresolved:
        props["unresolved_json"] = _UNRESOLVED_LIST.dump_json(unresolved).decode()
    if source is not None:
        props["source"] = source
    if origin is not None:
        props["origin"] = origin
    if folder is not None:
        props["folder"] = folder
    return props


def content_hash(
    card: Card,
    unresolved: list[Unresolved],
    text: tuple[str, str, str],
    source: str | None = None,
    origin: str | None = None,
    folder: str | None = None,
) -> str:
    """A hash of everything a card's properties are made from, cheaper than making them:
    the card, its unresolved links, its :func:`search_text` (so a change to the search
    rules in ``models.py`` rewrites the cards too), its source file, catalog and folder, and
    :data:`PROPERTIES_VERSION`."""
    where = "\0".join((str(PROPERTIES_VERSION), source or "", origin or "", folder or ""))
    digest = hashlib.sha256(f"{where}\0".encode())
    digest.update(card.model_dump_json().encode())
    digest.update(_UNRESOLVED_LIST.dump_json(unresolved))
    digest.update("\0".join(text).encode())
    return digest.hexdigest()


def card_from_properties(props: Mapping[str, Any]) -> Card:
    """The card whose node has ``props``: every facet is read back from its property."""
    data: dict[str, Any] = {}
    for name, model in nested_facets(props["kind"]).items():
        value = {key: _get(props, f"{name}_{key}") for key in model.model_fields}
        data[name] = {key: item for key, item in value.items() if item is not None}
    for name in CARD_CLASSES[props["kind"]].model_fields:
        if name not in data and (value := _get(props, name)) is not None:
            data[name] = value
    return CARD_ADAPTER.validate_python(data)


def unresolved_from_json(text: str) -> list[Unresolved]:
    return _UNRESOLVED_LIST.validate_json(text)


def _put(props: dict[str, Any], key: str, value: Any) -> None:
    """Text and lists of text as they are; anything else (playbook steps, link entries,
    imported extras) as JSON text under ``<key>_json``; empty values left out."""
    # A first load calls this some 40 times per card: the checks stay in C where they can
    # (the type tests, and map() rather than a generator over the list).
    kind = type(value)
    if kind is str or (kind is list and all(map(isinstance, value, repeat(str)))):
        if value:
            props[key] = value
    elif kind is not dict or value:
        props[f"{key}_json"] = json.dumps(value)


def _get(props: Mapping[str, Any], key: str) -> Any:
    if f"{key}_json" in props:
        return json.loads(props[f"{key}_json"])
    return props.get(key)


@cache
def nested_facets(kind: Kind) -> dict[str, type[BaseModel]]:
    """Facets that are objects (options, warning signs, links ...): stored one property per
    field, ``<facet>_<field>``, so Cypher can read ``option_a_name`` directly."""
    return {
        name: info.annotation
        for name, info in CARD_CLASSES[kind].model_fields.items()
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
    }
