"""What the map page draws, as plain JSON-ready data: styles, nodes, edges and card details.

Everything the page shows about a card is decided here, in Python, so it can be tested
without a browser; the page's script only lays it out.
"""

from __future__ import annotations

import math
from typing import Any

from tradeoffs.errors import TradeoffsError
from tradeoffs.graph.view import view
from tradeoffs.map.layout import spring_layout
from tradeoffs.models import Card, Edge, Record, Subgraph
from tradeoffs.render.facets import Cell, Facet, facets, side_by_side
from tradeoffs.vocabulary import (
    CONCEPT_LABEL,
    EDGE_SPECS,
    EDGE_TYPES,
    KIND_SPECS,
    KINDS,
    LINK_GROUP_SPECS,
    EdgeType,
    Kind,
)

# Above this many cards the browser's physics takes too long to settle: lay out in Python.
PHYSICS_LIMIT = 300
# Cards with at least this share of the most linked card's degree get a bigger label, drawn
# at zoom levels where the others' labels are left out.
HUB_SHARE = 0.25


def kind_styles() -> list[dict[str, Any]]:
    """The legend's kinds, from the vocabulary: colour and shape both tell kinds apart, so
    the map still reads without colour vision. The page's script names no kind itself."""
    return [
        {"id": k, "label": s.label, "plural": s.plural, "colour": s.colour, "shape": s.shape}
        for k, s in KIND_SPECS.items()
    ]


def edge_styles() -> list[dict[str, Any]]:
    """The legend's edge types, from the vocabulary; ``outgoing``/``incoming`` are how the
    source and the target card read the edge in their panels."""
    return [
        {
            "id": t,
            "label": s.label,
            "colour": s.colour,
            "dashes": list(s.dashes) or False,
            "directed": not s.symmetric,
            "outgoing": s.label,
            "incoming": s.reverse_label,
        }
        for t, s in EDGE_SPECS.items()
    ]


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
    facets_of = {card.id: facets(card) for card in subgraph.cards}
    return {
        "focus": focus,
        "physics": physics,
        "kinds": kind_styles(),
        "edgeTypes": edge_styles(),
        "chain": list(CHAIN),
        "compared": COMPARED_EDGE_TYPE,
        "nodes": [
            _node(
                card,
                len(touching[card.id]),
                top,
                positions.get(card.id),
                where.catalog if (where := subgraph.provenance.get(card.id)) else None,
            )
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
            card.id: _details(card, facets_of[card.id], touching[card.id], subgraph, kind_of)
            for card in subgraph.cards
        },
        "comparisons": _comparisons(subgraph.edges, facets_of),
    }


def _present(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _node(
    card: Card, degree: int, top: int, position: tuple[int, int] | None, origin: str | None
) -> dict[str, Any]:
    node = _present(
        {
            "id": card.id,
            "title": card.title,
            "kind": card.kind,
            "category": card.category,
            "summary": card.summary,
            # A decision record's status, shown beside its kind ("accepted", "superseded").
            "badge": card.status if isinstance(card, Record) else None,
            # The catalog a card comes from, when the map holds cards of several.
            "from": origin,
            "factors": getattr(card, "key_factors", None) or None,
            "size": round(10 + 2.5 * math.sqrt(degree), 1),  # hubs stand out
            "hub": True if top and degree >= max(3, HUB_SHARE * top) else None,
        }
    )
    if position is not None:
        node["x"], node["y"] = position
    return node


def _details(
    card: Card,
    card_facets: list[Facet],
    touching: list[int],
    subgraph: Subgraph,
    kind_of: dict[str, Kind],
) -> dict[str, Any]:
    """The panel's content; ``touching`` numbers the edges (in ``subgraph.edges``) at ``card``.
    The summary and category are left out of the facets: the panel shows them under the title."""
    return {
        "facets": [_facet(facet) for facet in card_facets if facet.name not in HEADLINE],
        "links": _links(card.id, touching, subgraph.edges, kind_of),
        "offMap": _off_map_links(card, subgraph),
    }


def _facet(facet: Facet) -> dict[str, Any]:
    if isinstance(facet.value, str):
        return {"label": facet.label, "text": facet.value}
    nested = [_facet(inner) for inner in facet.value if isinstance(inner, Facet)]
    if nested:
        return {"label": facet.label, "facets": nested}
    return {"label": facet.label, "items": [str(item) for item in facet.value]}


def _comparisons(edges: list[Edge], facets_of: dict[str, list[Facet]]) -> dict[str, Any]:
    """The side-by-side rows of each compared pair (``COMPARED_EDGE_TYPE`` edges only), as
    ``compare`` prints them (:func:`side_by_side`), without repeating any card text: ``labels``
    lists each row label once, and ``pairs`` holds, by edge number, ``[label index, source's
    cell, target's cell]`` rows. A cell is null where the card has no such facet, else where
    the page finds the text: ``["summary"]`` (a field of the node) or indices into the card's
    ``details.facets``, one per nested level. The page swaps the cells when the target asks."""
    labels: dict[str, int] = {}
    pairs: dict[str, list[list[Any]]] = {}
    for number, edge in enumerate(edges):
        if edge.type != COMPARED_EDGE_TYPE:
            continue
        source, target = facets_of[edge.source], facets_of[edge.target]
        pairs[str(number)] = [
            [labels.setdefault(label, len(labels)), _where(a, source), _where(b, target)]
            for label, a, b in side_by_side(source, target)
        ]
    return {"labels": list(labels), "pairs": pairs}


def _where(cell: Cell | None, card_facets: list[Facet]) -> list[Any] | None:
    """A cell's path among the facets the page has: headline facets are fields of the node,
    the others are numbered among ``details.facets`` (which leaves the headline ones out)."""
    if cell is None:
        return None
    top = card_facets[cell.path[0]]
    if top.name in HEADLINE:
        return [top.name]
    shown = sum(1 for facet in card_facets[: cell.path[0]] if facet.name not in HEADLINE)
    return [shown, *cell.path[1:]]


def _links(
    card_id: str, touching: list[int], edges: list[Edge], kind_of: dict[str, Kind]
) -> list[dict[str, Any]]:
    """The edges at ``card_id`` grouped by the other card's kind, in ``KINDS`` order, each
    entry ``[edge number, reads outgoing, card is the source]`` (from :func:`view`): the page
    labels an entry with its type's ``outgoing`` or ``incoming`` text, and takes the card's own
    note from ``note`` when it is the source, else from ``reverseNote``."""
    groups: dict[Kind, list[list[int]]] = {}
    for number in sorted(
        touching, key=lambda n: (EDGE_TYPES.index(edges[n].type), edges[n].source != card_id, n)
    ):
        seen = view(edges[number], card_id)
        entry = [number, int(seen.outgoing), int(seen.direction == "out")]
        groups.setdefault(kind_of[seen.other], []).append(entry)
    return [{"kind": kind, "entries": groups[kind]} for kind in KINDS if kind in groups]


def _off_map_links(card: Card, subgraph: Subgraph) -> list[dict[str, Any]]:
    """What the card links to that is not drawn here, from the selection itself (nothing is
    resolved again): cards the selection left out, links that never became edges (decided
    when the graph was built), and free-text concepts."""
    outside = {ref.id: ref.title for ref in subgraph.outside}
    groups: dict[str, list[dict[str, Any]]] = {}
    for edge in subgraph.boundary:
        if card.id in (edge.source, edge.target):
            seen = view(edge, card.id)
            entry = {"text": outside.get(seen.other, seen.other), "note": seen.any_note}
            groups.setdefault(seen.label, []).append(entry)
    for link in subgraph.unresolved:
        if link.card_id == card.id:
            entry = {"text": link.target, "note": link.reason}
            groups.setdefault(LINK_GROUP_SPECS[link.group].label, []).append(entry)
    for group, links in card.links.groups():
        for concept in (link for link in links if link.concept and not link.id and not link.title):
            entry = {"text": f"{CONCEPT_LABEL}: {concept.concept}", "note": concept.note}
            groups.setdefault(LINK_GROUP_SPECS[group].label, []).append(entry)
    return [
        {"label": label, "entries": [{k: v for k, v in e.items() if v} for e in entries]}
        for label, entries in groups.items()
    ]
