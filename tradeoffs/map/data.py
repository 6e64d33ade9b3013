"""What the map page draws, as a typed model: styles, areas, cards, relations and card details.

Everything the page shows about a card is decided here, in Python, so it can be tested
without a browser; the page's script only draws it, and reads every value by name
(``MapData``'s JSON Schema, with camelCase names, is what ``map.js`` may rely on).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from tradeoffs.errors import TradeoffsError
from tradeoffs.formats.facets import Cell, Facet, facets, side_by_side
from tradeoffs.graph.store import BODY_WEIGHT, LEAD_WEIGHT, TITLE_WEIGHT
from tradeoffs.graph.view import view
from tradeoffs.map.layout import AREA_GAP, area_layout
from tradeoffs.models import Card, Edge, Record, Subgraph, search_text
from tradeoffs.vocabulary import (
    CONCEPT_LABEL,
    EDGE_SPECS,
    EDGE_TYPES,
    KIND_SPECS,
    KINDS,
    LINK_GROUP_SPECS,
    RECORD_STATE_SPECS,
    EdgeType,
    Kind,
    RecordState,
)

# Facets the panel shows under the title, from the node, rather than among the others.
HEADLINE = frozenset({"summary", "category"})
# The chain view: a decision, then each next layer the cards of that kind linked to any card
# already drawn (its failure modes, the red flags that warn of them, the playbooks answering).
CHAIN: tuple[Kind, ...] = ("decision", "failure_mode", "red_flag", "playbook")
# Kinds whose pairs can be compared side by side from the panel (their confused_with links).
COMPARED_EDGE_TYPE: EdgeType = "confused_with"
# The area of cards without a category.
NO_CATEGORY = "No category"
# Decision records have no category: they gather in an area of their own, and those linked to
# no card in another, so they stand together, labelled, rather than scattered between cards.
RECORDS_AREA = "Decision records"
UNLINKED_RECORDS_AREA = "Decision records linked to no card"


class PageModel(BaseModel):
    """Strict, and written with camelCase names, as JavaScript reads them."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True
    )


class KindStyle(PageModel):
    """A kind in the legend: colour and shape both tell kinds apart, so the map still reads
    without colour vision."""

    id: Kind
    label: str
    plural: str
    colour: str
    shape: str


class StateStyle(PageModel):
    """A decision record's state in the legend: records are drawn in its colour (and their
    kind's shape)."""

    id: RecordState
    label: str
    colour: str
    shape: str


class EdgeStyle(PageModel):
    """An edge type in the legend; ``outgoing``/``incoming`` are how the source and the target
    card read it in their panels; ``dashes`` is empty for a solid line."""

    id: EdgeType
    label: str
    colour: str
    dashes: list[int]
    directed: bool
    outgoing: str
    incoming: str


class Area(PageModel):
    """A region of the map: the cards of one category, in a rectangle of the canvas."""

    name: str
    left: int
    top: int
    width: int
    height: int
    cards: int


class Bundle(PageModel):
    """The relations between two areas (by index in ``MapData.areas``), drawn as one band
    when the map is zoomed out."""

    source: int
    target: int
    relations: int


class MapNode(PageModel):
    """A card as the map draws it, at its place (laid out in Python)."""

    id: str
    title: str
    kind: Kind
    area: int
    x: int
    y: int
    size: float
    category: str | None = None
    summary: str | None = None
    # A decision record's status as written, shown beside its kind ("Approved"), and its state,
    # which colours it ("accepted").
    badge: str | None = None
    state: RecordState | None = None
    # The catalog a card comes from, when the map holds cards of several.
    catalog: str | None = None
    factors: list[str] = []


class MapEdge(PageModel):
    """One edge of the graph: ``note`` is what the source wrote, ``reverse_note`` the target."""

    source: str
    target: str
    type: EdgeType
    note: str | None = None
    reverse_note: str | None = None


class Relation(PageModel):
    """Every edge between one pair of cards (by index in ``MapData.edges``), drawn as one line
    and listed once: its ``type``, ``source`` and ``target`` are those of its first edge in
    the vocabulary's order, which the legend counts it under."""

    source: str
    target: str
    type: EdgeType
    edges: list[int]


class Side(PageModel):
    """One edge of a relation as a card reads it: ``reads_forward`` picks the type's
    ``outgoing`` text over its ``incoming`` one; ``from_here`` says whether the card is the
    edge's source, so its own note is ``note`` rather than ``reverse_note``."""

    edge: int
    reads_forward: bool
    from_here: bool


class LinkEntry(PageModel):
    relation: int
    other: str
    sides: list[Side]


class LinkGroup(PageModel):
    kind: Kind
    entries: list[LinkEntry]


class OffMapEntry(PageModel):
    text: str
    note: str | None = None


class OffMapGroup(PageModel):
    label: str
    entries: list[OffMapEntry]


class FacetText(PageModel):
    """A facet: one of ``text`` (a paragraph), ``items`` (a list) or ``facets`` (nested)."""

    label: str
    text: str | None = None
    items: list[str] | None = None
    facets: list[FacetText] | None = None


class CardDetails(PageModel):
    """The panel's content. The summary and category are left out of the facets: the panel
    shows them under the title."""

    facets: list[FacetText]
    links: list[LinkGroup]
    off_map: list[OffMapGroup]


class ComparisonRow(PageModel):
    """A side-by-side row: ``label`` indexes ``Comparisons.labels``; a cell is null where the
    card has no such facet, else where the page finds the text: ``["summary"]`` (a field of
    the node) or indices into the card's ``details.facets``, one per nested level."""

    label: int
    source: list[int | str] | None
    target: list[int | str] | None


class Comparisons(PageModel):
    """The rows of each compared pair, by edge number, as ``compare`` prints them, without
    repeating card text. The page swaps the cells when the target asks."""

    labels: list[str]
    pairs: dict[str, list[ComparisonRow]]


class SearchWeights(PageModel):
    title: int
    lead: int
    body: int


class SearchIndex(PageModel):
    """The cards' words as ``tradeoffs search`` scores them (:func:`search_text`), compact:
    every word once, in ``words``, sorted as JavaScript compares strings (so the words that
    start with a term are a run of them), and numbered by how often they occur (``numbers``,
    one per word: the commonest are written in one digit); and each part of every card, in
    ``MapData.nodes`` order, as the numbers of its words in order, so a phrase ("lock in",
    typed "lock-in") is found only where its words follow each other. ``title``, ``lead``
    and ``body`` each hold, card after card, the number of its words, then their numbers.
    All numbers are written in ``digits`` (:func:`index_numbers`)."""

    words: list[str]
    numbers: str
    title: str
    lead: str
    body: str
    weights: SearchWeights
    digits: str


class MapData(PageModel):
    """Everything the page draws. The page's script names no kind, type or colour itself."""

    focus: str | None = None
    # Where the cards of each kind have pages of their own, relative to the map ("../cards/"):
    # the panel links to ``{card_pages[kind]}{id}/index.html``. None for a map on its own.
    card_pages: dict[Kind, str] | None = None
    kinds: list[KindStyle]
    record_states: list[StateStyle]
    edge_types: list[EdgeStyle]
    chain: list[Kind]
    compared: EdgeType
    areas: list[Area]
    # Canvas pixels between two regions: room for an area's name beyond its region.
    area_gap: int
    bundles: list[Bundle]
    nodes: list[MapNode]
    edges: list[MapEdge]
    relations: list[Relation]
    details: dict[str, CardDetails]
    comparisons: Comparisons
    search: SearchIndex


def page_json(data: MapData) -> str:
    """The model as the page reads it, as JSON text: camelCase names, absent values left out
    (a big map is mostly card text). Written by pydantic-core whole, not dumped to Python
    values and then by the json module (the map of 550 cards 140 -> 25 ms; the same text for
    the bundled catalog and 250 records, and a number that would not be written alike, an
    exponent, reads back the same)."""
    return data.model_dump_json(by_alias=True, exclude_defaults=True)


def page_schema() -> dict[str, Any]:
    """The JSON Schema of what :func:`page_json` writes."""
    return MapData.model_json_schema(by_alias=True)


def kind_styles() -> list[KindStyle]:
    return [
        KindStyle(id=k, label=s.label, plural=s.plural, colour=s.colour, shape=s.shape)
        for k, s in KIND_SPECS.items()
    ]


def state_styles() -> list[StateStyle]:
    return [
        StateStyle(id=state, label=spec.label, colour=spec.colour, shape=KIND_SPECS["record"].shape)
        for state, spec in RECORD_STATE_SPECS.items()
    ]


def edge_styles() -> list[EdgeStyle]:
    return [
        EdgeStyle(
            id=t,
            label=s.label,
            colour=s.colour,
            dashes=list(s.dashes),
            directed=not s.symmetric,
            outgoing=s.label,
            incoming=s.reverse_label,
        )
        for t, s in EDGE_SPECS.items()
    ]


def relations_of(edges: list[Edge]) -> list[Relation]:
    """The edges grouped by the pair of cards they join, in the order of each pair's first
    edge in the vocabulary (then in ``edges``)."""
    by_pair: dict[frozenset[str], list[int]] = {}
    for number, edge in enumerate(edges):
        by_pair.setdefault(frozenset((edge.source, edge.target)), []).append(number)
    relations = []
    for numbers in by_pair.values():
        numbers.sort(key=lambda n: (EDGE_TYPES.index(edges[n].type), n))
        first = edges[numbers[0]]
        relations.append(
            Relation(source=first.source, target=first.target, type=first.type, edges=numbers)
        )
    return relations


def map_data(
    subgraph: Subgraph, *, focus: str | None, card_pages: dict[Kind, str] | None = None
) -> MapData:
    """The page's data for ``subgraph``; ``focus`` names a card to open first; ``card_pages``
    is where the cards' own pages are, for a map inside a site."""
    ids = {card.id for card in subgraph.cards}
    if focus is not None and focus not in ids:
        raise TradeoffsError("focus card {value} is not in the map", value=focus)
    records = {card.id for card in subgraph.cards if isinstance(card, Record)}
    linked = {
        one
        for edge in subgraph.edges
        for one, other in ((edge.source, edge.target), (edge.target, edge.source))
        if other not in records
    }
    groups: dict[str, list[str]] = {}
    for card in subgraph.cards:
        if isinstance(card, Record):
            area = RECORDS_AREA if card.id in linked else UNLINKED_RECORDS_AREA
        else:
            area = card.category or NO_CATEGORY
        groups.setdefault(area, []).append(card.id)
    positions, regions = area_layout(groups, [(e.source, e.target) for e in subgraph.edges])
    area_of = {card_id: number for number, area in enumerate(regions) for card_id in area.ids}
    relations = relations_of(subgraph.edges)
    touching: dict[str, list[int]] = {card_id: [] for card_id in ids}
    for number, relation in enumerate(relations):
        touching[relation.source].append(number)
        touching[relation.target].append(number)
    kind_of = {card.id: card.kind for card in subgraph.cards}
    facets_of = {card.id: facets(card) for card in subgraph.cards}
    return MapData(
        focus=focus,
        card_pages=card_pages,
        kinds=kind_styles(),
        record_states=state_styles(),
        edge_types=edge_styles(),
        chain=list(CHAIN),
        compared=COMPARED_EDGE_TYPE,
        areas=[
            Area(
                name=a.name,
                left=a.left,
                top=a.top,
                width=a.width,
                height=a.height,
                cards=len(a.ids),
            )
            for a in regions
        ],
        area_gap=round(AREA_GAP),
        bundles=_bundles(relations, area_of),
        nodes=[
            _node(
                card,
                area_of[card.id],
                positions[card.id],
                len(touching[card.id]),
                where.catalog if (where := subgraph.provenance.get(card.id)) else None,
            )
            for card in subgraph.cards
        ],
        edges=[
            MapEdge(
                source=e.source,
                target=e.target,
                type=e.type,
                note=e.note,
                reverse_note=e.reverse_note,
            )
            for e in subgraph.edges
        ],
        relations=relations,
        details={
            card.id: _details(
                card, facets_of[card.id], touching[card.id], relations, subgraph, kind_of
            )
            for card in subgraph.cards
        },
        comparisons=_comparisons(subgraph.edges, facets_of),
        search=search_index(subgraph.cards),
    )


# The digits index_numbers writes: 5 bits each, and a sixth saying that more follow. Base64's
# characters: nothing in them needs escaping in JSON or HTML.
INDEX_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def search_index(cards: Iterable[Card]) -> SearchIndex:
    """The page's search index of ``cards`` (about a quarter of their words' text)."""
    texts = [[part.split() for part in search_text(card)] for card in cards]
    often = Counter(word for parts in texts for part in parts for word in part)
    # JavaScript compares strings by UTF-16 code unit, Python by code point.
    words = sorted(often, key=lambda word: word.encode("utf-16-be"))
    number = {word: n for n, (word, _) in enumerate(often.most_common())}

    def numbered(part: int) -> Iterator[int]:
        for parts in texts:
            yield len(parts[part])
            yield from map(number.__getitem__, parts[part])

    title, lead, body = (index_numbers(numbered(part)) for part in range(3))
    return SearchIndex(
        words=words,
        numbers=index_numbers(number[word] for word in words),
        title=title,
        lead=lead,
        body=body,
        weights=SearchWeights(title=TITLE_WEIGHT, lead=LEAD_WEIGHT, body=BODY_WEIGHT),
        digits=INDEX_DIGITS,
    )


def index_numbers(numbers: Iterable[int]) -> str:
    """Whole numbers (0 and up) as text, five bits a digit, the lowest first: a digit of
    ``INDEX_DIGITS`` past the 32nd says another digit of the same number follows."""
    # Each number's digits are made once: the same word numbers recur thousands of times.
    return "".join(map(_Digits().__getitem__, numbers))


class _Digits(dict[int, str]):
    """Each number's digits, made the first time it is asked for."""

    def __missing__(self, number: int) -> str:
        digits, rest = [], number
        while rest >= 32:
            digits.append(INDEX_DIGITS[32 | (rest & 31)])
            rest >>= 5
        digits.append(INDEX_DIGITS[rest])
        self[number] = text = "".join(digits)
        return text


def _bundles(relations: Iterable[Relation], area_of: dict[str, int]) -> list[Bundle]:
    counts: dict[tuple[int, int], int] = {}
    for relation in relations:
        a, b = sorted((area_of[relation.source], area_of[relation.target]))
        if a != b:
            counts[a, b] = counts.get((a, b), 0) + 1
    return [Bundle(source=a, target=b, relations=n) for (a, b), n in sorted(counts.items())]


def _node(
    card: Card,
    area: int,
    position: tuple[int, int],
    degree: int,
    catalog: str | None,
) -> MapNode:
    return MapNode(
        id=card.id,
        title=card.title,
        kind=card.kind,
        area=area,
        x=position[0],
        y=position[1],
        size=round(10 + 2.5 * math.sqrt(degree), 1),  # hubs stand out
        category=card.category,
        summary=card.summary,
        badge=card.status if isinstance(card, Record) else None,
        state=card.state if isinstance(card, Record) else None,
        catalog=catalog,
        factors=getattr(card, "key_factors", None) or [],
    )


def _details(
    card: Card,
    card_facets: list[Facet],
    touching: list[int],
    relations: list[Relation],
    subgraph: Subgraph,
    kind_of: dict[str, Kind],
) -> CardDetails:
    """The panel's content; ``touching`` numbers the relations at ``card``."""
    return CardDetails(
        facets=[_facet(facet) for facet in card_facets if facet.name not in HEADLINE],
        links=_links(card.id, touching, relations, subgraph.edges, kind_of),
        off_map=_off_map_links(card, subgraph),
    )


def _facet(facet: Facet) -> FacetText:
    if isinstance(facet.value, str):
        return FacetText(label=facet.label, text=facet.value)
    nested = [_facet(inner) for inner in facet.value if isinstance(inner, Facet)]
    if nested:
        return FacetText(label=facet.label, facets=nested)
    return FacetText(label=facet.label, items=[str(item) for item in facet.value])


def _comparisons(edges: list[Edge], facets_of: dict[str, list[Facet]]) -> Comparisons:
    """The side-by-side rows of each compared pair (``COMPARED_EDGE_TYPE`` edges only), as
    ``compare`` prints them (:func:`side_by_side`)."""
    labels: dict[str, int] = {}
    pairs: dict[str, list[ComparisonRow]] = {}
    for number, edge in enumerate(edges):
        if edge.type != COMPARED_EDGE_TYPE:
            continue
        source, target = facets_of[edge.source], facets_of[edge.target]
        pairs[str(number)] = [
            ComparisonRow(
                label=labels.setdefault(label, len(labels)),
                source=_where(a, source),
                target=_where(b, target),
            )
            for label, a, b in side_by_side(source, target)
        ]
    return Comparisons(labels=list(labels), pairs=pairs)


def _where(cell: Cell | None, card_facets: list[Facet]) -> list[int | str] | None:
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
    card_id: str,
    touching: list[int],
    relations: list[Relation],
    edges: list[Edge],
    kind_of: dict[str, Kind],
) -> list[LinkGroup]:
    """The relations at ``card_id``, one entry each, grouped by the other card's kind in
    ``KINDS`` order; each entry's sides read the relation's edges from this card (:func:`view`)."""
    groups: dict[Kind, list[LinkEntry]] = {}
    for number in sorted(
        touching,
        key=lambda n: (
            EDGE_TYPES.index(relations[n].type),
            relations[n].source != card_id,
            n,
        ),
    ):
        relation = relations[number]
        sides = []
        for edge_number in relation.edges:
            seen = view(edges[edge_number], card_id)
            sides.append(
                Side(
                    edge=edge_number,
                    reads_forward=seen.outgoing,
                    from_here=seen.direction == "out",
                )
            )
        other = relation.target if relation.source == card_id else relation.source
        groups.setdefault(kind_of[other], []).append(
            LinkEntry(relation=number, other=other, sides=sides)
        )
    return [LinkGroup(kind=kind, entries=groups[kind]) for kind in KINDS if kind in groups]


def _off_map_links(card: Card, subgraph: Subgraph) -> list[OffMapGroup]:
    """What the card links to that is not drawn here, from the selection itself (nothing is
    resolved again): cards the selection left out, links that never became edges (decided
    when the graph was built), and free-text concepts."""
    outside = {ref.id: ref.title for ref in subgraph.outside}
    groups: dict[str, list[OffMapEntry]] = {}
    for edge in subgraph.boundary:
        if card.id in (edge.source, edge.target):
            seen = view(edge, card.id)
            entry = OffMapEntry(text=outside.get(seen.other, seen.other), note=seen.any_note)
            groups.setdefault(seen.label, []).append(entry)
    for link in subgraph.unresolved:
        if link.card_id == card.id:
            entry = OffMapEntry(text=link.target, note=link.reason or None)
            groups.setdefault(LINK_GROUP_SPECS[link.group].label, []).append(entry)
    for group, links in card.links.groups():
        for concept in (link for link in links if link.concept and not link.id and not link.title):
            entry = OffMapEntry(
                text=f"{CONCEPT_LABEL}: {concept.concept}", note=concept.note or None
            )
            groups.setdefault(LINK_GROUP_SPECS[group].label, []).append(entry)
    return [OffMapGroup(label=label, entries=entries) for label, entries in groups.items()]
