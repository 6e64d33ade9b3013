"""What the map page draws, as plain JSON-ready data: styles, nodes, edges and card details.

Everything the page shows about a card is decided here, in Python, so it can be tested
without a browser; the page's script only lays it out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from tradeoffs.errors import TradeoffsError
from tradeoffs.map.layout import spring_layout
from tradeoffs.models import Card, Edge, Subgraph
from tradeoffs.render.facets import Facet, facets
from tradeoffs.vocabulary import (
    EDGE_SPECS,
    EDGE_TYPES,
    KIND_SPECS,
    KINDS,
    LINK_GROUP_SPECS,
    SYMMETRIC_EDGE_TYPES,
    EdgeType,
    Kind,
)

# Above this many cards the browser's physics takes too long to settle: lay out in Python.
PHYSICS_LIMIT = 300


@dataclass(frozen=True)
class NodeStyle:
    colour: str
    shape: str  # a vis-network shape that draws its label below, so size stays fixed


@dataclass(frozen=True)
class EdgeStyle:
    label: str
    colour: str
    dashes: bool | list[int]
    directed: bool


# Colour and shape both tell kinds apart, so the map still reads without colour vision.
NODE_STYLES: dict[Kind, NodeStyle] = {
    kind: NodeStyle(spec.colour, spec.shape) for kind, spec in KIND_SPECS.items()
}
EDGE_STYLES: dict[EdgeType, EdgeStyle] = {
    edge_type: EdgeStyle(spec.label, spec.colour, list(spec.dashes) or False, not spec.symmetric)
    for edge_type, spec in EDGE_SPECS.items()
}


def map_data(subgraph: Subgraph, *, focus: str | None) -> dict[str, Any]:
    """The page's data: legend entries, vis nodes and edges, and each card's panel content.

    Absent values are left out rather than written as null: a big map is mostly card text.
    """
    ids = {card.id for card in subgraph.cards}
    if focus is not None and focus not in ids:
        raise TradeoffsError(f"focus card {focus!r} is not in the map")
    physics = 0 < len(subgraph.cards) <= PHYSICS_LIMIT
    positions = (
        {}
        if physics
        else spring_layout(
            [card.id for card in subgraph.cards], [(e.source, e.target) for e in subgraph.edges]
        )
    )
    touching: dict[str, list[int]] = {card_id: [] for card_id in ids}
    for number, edge in enumerate(subgraph.edges):
        touching[edge.source].append(number)
        touching[edge.target].append(number)
    return {
        "focus": focus,
        "physics": physics,
        "kinds": [
            {"id": kind, "label": KIND_SPECS[kind].label, **vars(NODE_STYLES[kind])}
            for kind in KINDS
        ],
        "edgeTypes": [{"id": t, **vars(EDGE_STYLES[t])} for t in EDGE_TYPES],
        "nodes": [
            _node(card, len(touching[card.id]), positions.get(card.id)) for card in subgraph.cards
        ],
        "edges": [
            _present(
                {
                    "from": e.source,
                    "to": e.target,
                    "type": e.type,
                    "note": e.note,
                    "reverseNote": e.reverse_note,
                }
            )
            for e in subgraph.edges
        ],
        "details": {
            card.id: _details(card, touching[card.id], subgraph.edges) for card in subgraph.cards
        },
    }


def _present(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _node(card: Card, degree: int, position: tuple[int, int] | None) -> dict[str, Any]:
    node = _present(
        {
            "id": card.id,
            "title": card.title,
            "kind": card.kind,
            "category": card.category,
            "summary": card.summary,
            "size": round(10 + 2.5 * math.sqrt(degree), 1),  # hubs stand out
        }
    )
    if position is not None:
        node["x"], node["y"] = position
    return node


def _details(card: Card, touching: list[int], edges: list[Edge]) -> dict[str, Any]:
    """The panel's content; ``touching`` numbers the edges (in ``edges``) at ``card``."""
    return {
        "facets": [_facet(facet) for facet in facets(card)],
        "relations": _relations(card.id, touching, edges),
        "offMap": _off_map_links(card, [edges[number] for number in touching]),
    }


def _facet(facet: Facet) -> dict[str, Any]:
    if isinstance(facet.value, str):
        return {"label": facet.label, "text": facet.value}
    nested = [_facet(inner) for inner in facet.value if isinstance(inner, Facet)]
    if nested:
        return {"label": facet.label, "facets": nested}
    return {"label": facet.label, "items": [str(item) for item in facet.value]}


def _relations(card_id: str, touching: list[int], edges: list[Edge]) -> list[dict[str, Any]]:
    """The edges at ``card_id``, by number, grouped under how the card reads them: by type,
    and for one-way types by direction ("Often leads to" / "Often caused by").
    The page takes the other card and both notes from the edge itself."""
    groups: dict[tuple[int, bool], dict[str, Any]] = {}
    for number in touching:
        edge = edges[number]
        outgoing = edge.source == card_id or edge.type in SYMMETRIC_EDGE_TYPES
        label = EDGE_SPECS[edge.type].label if outgoing else EDGE_SPECS[edge.type].reverse_label
        group = groups.setdefault(
            (EDGE_TYPES.index(edge.type), outgoing),
            {"type": edge.type, "label": label, "edges": []},
        )
        group["edges"].append(number)
    # By type in EDGE_TYPES order, outgoing before incoming.
    return [groups[key] for key in sorted(groups, key=lambda key: (key[0], not key[1]))]


def _off_map_links(card: Card, edges: list[Edge]) -> list[dict[str, Any]]:
    """Links on the card that are not edges on this map: free-text concepts, titles the
    catalog does not have, and cards left out by the selection."""
    on_map = {(e.target, e.type) for e in edges if e.source == card.id} | {
        (e.source, e.type) for e in edges if e.target == card.id
    }
    groups = []
    for group, links in card.links.groups():
        entries = [
            {
                "text": f"Adjacent concept: {link.concept}"
                if link.concept
                else link.title or link.id or "(title lost)",
                "note": link.note,
            }
            for link in links
            if not link.id or (link.id, LINK_GROUP_SPECS[group].edge) not in on_map
        ]
        if entries:
            groups.append({"label": LINK_GROUP_SPECS[group].label, "entries": entries})
    return groups
