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
from tradeoffs.models import (
    EDGE_TYPES,
    GROUP_EDGE_TYPE,
    KINDS,
    SYMMETRIC_EDGE_TYPES,
    Card,
    Edge,
    EdgeType,
    Kind,
    Subgraph,
)
from tradeoffs.render.facets import GROUP_LABELS, KIND_LABELS, Facet, facets

# Above this many cards the browser's physics takes too long to settle: lay out in Python.
PHYSICS_LIMIT = 300
# Cards with at least this share of the most linked card's degree get a bigger label, drawn
# at zoom levels where the others' labels are left out.
HUB_SHARE = 0.25


@dataclass(frozen=True)
class KindStyle:
    label: str
    plural: str
    colour: str
    shape: str  # a vis-network shape that draws its label below, so size stays fixed


@dataclass(frozen=True)
class EdgeStyle:
    label: str
    colour: str
    dashes: bool | list[int]
    directed: bool
    outgoing: str  # how the source card reads the edge, in its panel
    incoming: str  # how the target card reads it (the same for two-way types)


# The map's vocabulary, in one place: the page's legend, node and edge styles, swatches, panel
# groups and chain view all read these tables (sent to the page as ``kinds``/``edgeTypes``).
# A new kind or edge type is one entry here; the page's script names none of them.
# Colour and shape both tell kinds apart, so the map still reads without colour vision.
KIND_STYLES: dict[Kind, KindStyle] = {
    "decision": KindStyle(KIND_LABELS["decision"], "Decisions", "#2563eb", "dot"),
    "failure_mode": KindStyle(KIND_LABELS["failure_mode"], "Failure modes", "#dc2626", "diamond"),
    "red_flag": KindStyle(KIND_LABELS["red_flag"], "Red flags", "#d97706", "triangle"),
    "playbook": KindStyle(KIND_LABELS["playbook"], "Playbooks", "#059669", "square"),
}
# An edge pointing at a kind takes that kind's colour; the others are told apart by dashes.
EDGE_STYLES: dict[EdgeType, EdgeStyle] = {
    "confused_with": EdgeStyle(
        "Confused with", "#7c3aed", [8, 6], False, "Easy to confuse with", "Easy to confuse with"
    ),
    "adjacent": EdgeStyle("Adjacent", "#64748b", [2, 5], False, "Adjacent", "Adjacent"),
    "failure_mode": EdgeStyle(
        "To a failure mode",
        "#dc2626",
        False,
        True,
        "Listed here as a failure mode",
        "Lists this as a failure mode",
    ),
    "red_flag": EdgeStyle(
        "To a red flag",
        "#d97706",
        False,
        True,
        "Listed here as a red flag",
        "Lists this as a red flag",
    ),
    "playbook": EdgeStyle(
        "To a playbook",
        "#059669",
        False,
        True,
        "Listed here as a playbook",
        "Lists this as a playbook",
    ),
    "decision": EdgeStyle(
        "To a decision",
        "#2563eb",
        False,
        True,
        "Listed here as a related decision",
        "Lists this as a related decision",
    ),
    "leads_to": EdgeStyle(
        "Leads to", "#9f1239", [14, 5], True, GROUP_LABELS["leads_to"], GROUP_LABELS["caused_by"]
    ),
}
# Facets the panel shows under the title, from the node, rather than among the others.
HEADLINE = frozenset({"summary", "category"})
# The chain view: a decision, then each next layer the cards of that kind linked to any card
# already drawn (its failure modes, the red flags that warn of them, the playbooks answering).
CHAIN: tuple[Kind, ...] = ("decision", "failure_mode", "red_flag", "playbook")
# Kinds whose pairs can be compared side by side from the panel (their confused_with links).
COMPARED_EDGE_TYPE: EdgeType = "confused_with"


def map_data(subgraph: Subgraph, *, focus: str | None) -> dict[str, Any]:
    """The page's data: the vocabulary, vis nodes and edges, and each card's panel content.

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
    top = max((len(numbers) for numbers in touching.values()), default=0)
    kind_of = {card.id: card.kind for card in subgraph.cards}
    return {
        "focus": focus,
        "physics": physics,
        "kinds": [{"id": kind, **vars(KIND_STYLES[kind])} for kind in KINDS],
        "edgeTypes": [{"id": t, **vars(EDGE_STYLES[t])} for t in EDGE_TYPES],
        "chain": list(CHAIN),
        "compared": COMPARED_EDGE_TYPE,
        "nodes": [
            _node(card, len(touching[card.id]), top, positions.get(card.id))
            for card in subgraph.cards
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
            card.id: _details(card, touching[card.id], subgraph.edges, kind_of)
            for card in subgraph.cards
        },
    }


def _present(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _node(card: Card, degree: int, top: int, position: tuple[int, int] | None) -> dict[str, Any]:
    node = _present(
        {
            "id": card.id,
            "title": card.title,
            "kind": card.kind,
            "category": card.category,
            "summary": card.summary,
            "factors": getattr(card, "key_factors", None) or None,
            "size": round(10 + 2.5 * math.sqrt(degree), 1),  # hubs stand out
            "hub": True if top and degree >= max(3, HUB_SHARE * top) else None,
        }
    )
    if position is not None:
        node["x"], node["y"] = position
    return node


def _details(
    card: Card, touching: list[int], edges: list[Edge], kind_of: dict[str, Kind]
) -> dict[str, Any]:
    """The panel's content; ``touching`` numbers the edges (in ``edges``) at ``card``.
    The summary and category are left out of the facets: the panel shows them under the title."""
    return {
        "facets": [_facet(facet) for facet in facets(card) if facet.name not in HEADLINE],
        "links": _links(card.id, touching, edges, kind_of),
        "offMap": _off_map_links(card, [edges[number] for number in touching]),
    }


def _facet(facet: Facet) -> dict[str, Any]:
    if isinstance(facet.value, str):
        return {"label": facet.label, "text": facet.value}
    nested = [_facet(inner) for inner in facet.value if isinstance(inner, Facet)]
    if nested:
        return {"label": facet.label, "facets": nested}
    return {"label": facet.label, "items": [str(item) for item in facet.value]}


def _links(
    card_id: str, touching: list[int], edges: list[Edge], kind_of: dict[str, Kind]
) -> list[dict[str, Any]]:
    """The edges at ``card_id`` grouped by the other card's kind, in ``KINDS`` order, each
    entry ``[edge number, reads outgoing, card is the source]``: the page labels an entry with
    its type's ``outgoing`` or ``incoming`` text, and takes the card's own note from ``note``
    when it is the source, else from ``reverseNote``."""
    groups: dict[Kind, list[list[int]]] = {}
    for number in sorted(
        touching, key=lambda n: (EDGE_TYPES.index(edges[n].type), edges[n].source != card_id, n)
    ):
        edge = edges[number]
        source = edge.source == card_id
        outgoing = source or edge.type in SYMMETRIC_EDGE_TYPES
        other = edge.target if source else edge.source
        groups.setdefault(kind_of[other], []).append([number, int(outgoing), int(source)])
    return [{"kind": kind, "entries": groups[kind]} for kind in KINDS if kind in groups]


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
            if not link.id or (link.id, GROUP_EDGE_TYPE[group]) not in on_map
        ]
        if entries:
            groups.append({"label": GROUP_LABELS[group], "entries": entries})
    return groups
