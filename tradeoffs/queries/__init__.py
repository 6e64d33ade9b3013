"""Library functions over a :class:`~tradeoffs.graph.store.GraphStore`.

Each takes a store and returns a pydantic result; the CLI, the map and the exports
all go through here, so they cannot disagree.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from tradeoffs.errors import TradeoffsError, shown
from tradeoffs.graph import load_catalog
from tradeoffs.graph.build import CatalogGraph
from tradeoffs.graph.store import GraphStore, search_terms
from tradeoffs.graph.view import view
from tradeoffs.loaders.cache import ReadCache
from tradeoffs.models import Card, CardRef, Subgraph
from tradeoffs.queries.results import (
    Comparison,
    Degree,
    FactorHit,
    FactorResult,
    Hop,
    Neighbour,
    PathResult,
    Related,
    SearchHit,
    SearchResult,
    Stats,
    ValidationReport,
)
from tradeoffs.vocabulary import EDGE_TYPES, KINDS, EdgeType, Kind

if TYPE_CHECKING:
    from tradeoffs.queries.records import decide, find_record, link, review

_RECORDS = ("decide", "find_record", "link", "review")


def __getattr__(name: str) -> object:
    """The decision records' queries, imported on first use (with the suggestions' index):
    a query about cards does not need them."""
    if name not in _RECORDS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("tradeoffs.queries.records"), name)
    globals()[name] = value
    return value


__all__ = [
    "Selection",
    "compare",
    "decide",
    "factor",
    "find_record",
    "link",
    "path",
    "related",
    "review",
    "search",
    "select",
    "show",
    "stats",
    "validate",
]


_Name = TypeVar("_Name", bound=str)


def _names(
    given: str | Collection[str] | None, allowed: tuple[_Name, ...], what: str
) -> list[_Name] | None:
    """``given`` edge types or kinds, checked against ``allowed``; None (or empty) for all.
    One name alone counts as one name: a string is not tested letter by letter or as a
    substring of another name."""
    if not given:
        return None
    chosen = [given] if isinstance(given, str) else list(given)
    unknown = [name for name in chosen if name not in allowed]
    if unknown:
        raise TradeoffsError(
            f"no {what} {{value}} (choose from {', '.join(allowed)})", value=unknown[0]
        )
    return [name for name in allowed if name in chosen]


def show(store: GraphStore, card_id: str) -> Card:
    return store.card(card_id)


def related(
    store: GraphStore,
    card_id: str,
    *,
    types: EdgeType | Collection[EdgeType] | None = None,
    depth: int = 1,
    kinds: Kind | Collection[Kind] | None = None,
) -> Related:
    """Cards within ``depth`` hops of ``card_id`` over edges of ``types``, keeping ``kinds``
    (one name or several; an unknown name raises :class:`TradeoffsError`)."""
    if depth < 1:
        raise TradeoffsError("must be at least 1, got {value}", field="depth", value=depth)
    chosen = _names(types, EDGE_TYPES, "edge type")
    kept = _names(kinds, KINDS, "kind")
    start = _ref(store, card_id)
    reached = store.neighbourhood(card_id, chosen, depth)
    refs = {ref.id: ref for ref in store.refs([r.id for r in reached])}
    neighbours = [
        # Each edge reads from the card one step closer, the card this one is reached through.
        Neighbour(
            card=refs[r.id],
            distance=r.distance,
            edges=[
                view(edge, edge.target if edge.source == r.id else edge.source) for edge in r.via
            ],
        )
        for r in reached
        # A card the store left out (stored data that does not fit) is not a neighbour.
        if r.id in refs and (kept is None or refs[r.id].kind in kept)
    ]
    return Related(card=start, depth=depth, neighbours=neighbours)


def _ref(store: GraphStore, card_id: str) -> CardRef:
    """A card by id, kind and title; the store's own error when it has none (not found, or
    left out)."""
    found = store.refs([card_id])
    return found[0] if found else CardRef.of(store.card(card_id))


def path(
    store: GraphStore,
    source: str,
    target: str,
    *,
    types: EdgeType | Collection[EdgeType] | None = None,
) -> PathResult:
    """The shortest connection between two cards, each hop with its edge type."""
    edges = store.shortest_path(source, target, _names(types, EDGE_TYPES, "edge type"))
    if edges is None:
        raise TradeoffsError(f"no path between {shown(source)} and {{value}}", value=target)
    walked = [source]
    for edge in edges:
        walked.append(edge.target if edge.source == walked[-1] else edge.source)
    refs = {ref.id: ref for ref in store.refs(walked)}
    for card_id in walked:
        if card_id not in refs:  # left out by the store: its own error says why
            store.card(card_id)
    hops = [
        Hop.along(refs[here], refs[there], view(edge, here))
        for here, there, edge in zip(walked[:-1], walked[1:], edges, strict=True)
    ]
    return PathResult(source=refs[source], target=refs[target], hops=hops)


def search(
    store: GraphStore,
    text: str,
    *,
    kinds: Kind | Collection[Kind] | None = None,
    limit: int = 20,
) -> SearchResult:
    """Cards ranked by where the words of ``text`` appear: title, then lead, then body;
    the best ``limit`` of them (at least 1)."""
    terms = search_terms(text.split())
    if not terms:
        raise TradeoffsError("search needs at least one word")
    if limit < 1:
        raise TradeoffsError("must be at least 1, got {value}", field="limit", value=limit)
    hits = store.search(terms, _names(kinds, KINDS, "kind"))[:limit]
    refs = {ref.id: ref for ref in store.refs([h[0] for h in hits])}
    return SearchResult(
        query=text,
        hits=[
            SearchHit(card=refs[card_id], score=points)
            for card_id, points in hits
            if card_id in refs  # not a card the store left out
        ],
    )


def factor(store: GraphStore, name: str) -> FactorResult:
    """Decisions that hinge on a key factor (matched as a case-insensitive substring)."""
    if not name.strip():
        raise TradeoffsError("factor needs a name")
    found = store.factor(name.strip())
    refs = {ref.id: ref for ref in store.refs([f[0] for f in found])}
    return FactorResult(
        factor=name,
        decisions=[
            FactorHit(card=refs[card_id], factors=factors)
            for card_id, factors in found
            if card_id in refs  # not a card the store left out
        ],
    )


def compare(store: GraphStore, left: str, right: str) -> Comparison:
    """Two cards side by side, led by their distinctions when they are confused with each other."""
    if left == right:
        raise TradeoffsError("compare needs two different cards, not {value} twice", value=left)
    cards = (store.card(left), store.card(right))
    edges = store.edges([left, right])
    distinctions = [
        seen
        for edge in edges
        if edge.type == "confused_with"
        for seen in (view(edge, edge.source), view(edge, edge.target))
        if seen.note
    ]
    return Comparison(
        left=cards[0],
        right=cards[1],
        distinctions=distinctions,
        edges=[view(edge, left) for edge in edges],
    )


def stats(store: GraphStore, *, top: int = 10) -> Stats:
    counts = store.counts()
    ranked = store.degrees(top)
    refs = {ref.id: ref for ref in store.refs([r[0] for r in ranked])}
    provenance = store.provenance()
    return Stats(
        nodes=sum(counts.nodes_by_kind.values()),
        edges=sum(counts.edges_by_type.values()),
        relations=counts.relations,
        nodes_by_kind=counts.nodes_by_kind,
        edges_by_type=counts.edges_by_type,
        unresolved=store.unresolved(),
        most_connected=[
            Degree(card=refs[card_id], degree=d) for card_id, d in ranked if card_id in refs
        ],
        cards_by_catalog=dict(Counter(p.catalog for p in provenance.values())),
        replacing={card_id: p for card_id, p in provenance.items() if p.replaces},
    )


def validate(
    catalog: Path | Sequence[Path] | None = None,
    *,
    records: Path | Sequence[Path] | None = None,
    cache: ReadCache | None = None,
) -> ValidationReport:
    """Check card files (and decision records): schema errors, unresolved references,
    one-sided symmetric links, cards with no edges. Never raises for bad cards: they are the
    report. Every file is read unless a ``cache`` is given. A decision record is not warned
    about for applying no card (``review`` lists those, and no card may fit) nor for naming
    a related record that does not name it back (records state their own relations)."""
    graph = load_catalog(catalog, keep_going=True, records=records, cache=cache)
    where = ", ".join(map(str, catalog)) if isinstance(catalog, Sequence) else catalog
    return validation_report(graph, str(where))


def validation_report(graph: CatalogGraph, where: str) -> ValidationReport:
    """What :func:`validate` reports about a graph already loaded (with ``keep_going``) from
    ``where``: shared with :func:`~tradeoffs.queries.diff.diff`, which loads each side once."""
    linked = {e.source for e in graph.edges} | {e.target for e in graph.edges}
    record_ids = {card_id for card_id, card in graph.cards.items() if card.kind == "record"}
    return ValidationReport(
        cards=len(graph.cards),
        edges=len(graph.edges),
        errors=[str(problem) for problem in graph.problems]
        + ([] if graph.cards or graph.problems else [f"{where}: no card files (*.yaml, *.yml)"]),
        unresolved=graph.unresolved,
        one_sided=[item for item in graph.one_sided if item.declared_by not in record_ids],
        isolated=sorted(set(graph.cards) - linked - record_ids),
        replaced=graph.replaced,
        files_read=graph.files_read,
    )


class Selection(BaseModel):
    """Which part of the graph a map or an export shows: the cards within ``depth`` of
    ``focus`` (of a record, also within ``depth`` of each card it applies), or the cards
    ``ids`` names, or all; then only ``kinds`` and ``categories`` when given."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    focus: str | None = None
    depth: int = Field(default=1, ge=1)
    types: list[EdgeType] = []
    kinds: list[Kind] = []
    categories: list[str] = []
    ids: list[str] = []


def select(store: GraphStore, selection: Selection) -> Subgraph:
    """The cards a selection names and the edges among them (of the selected types)."""
    categories = {category.casefold() for category in selection.categories}
    if categories:
        known = {c.category.casefold() for c in store.cards() if c.category}
        unknown = sorted(categories - known)
        if unknown:
            raise TradeoffsError(
                f"no category {{value}} (categories: {', '.join(sorted(known))})", value=unknown[0]
            )
    types = selection.types or None
    if selection.ids:
        chosen = {store.card(card_id).id for card_id in selection.ids}
    elif selection.focus:
        # A record is read with the cards it applies: their neighbourhood is what it is about.
        starts = [selection.focus]
        if store.card(selection.focus).kind == "record":
            edges = store.boundary(starts)
            starts += [e.target for e in edges if e.type == "applies" and e.source == starts[0]]
        chosen = set(starts)
        for start in starts:
            chosen |= {r.id for r in store.neighbourhood(start, types, selection.depth)}
    else:
        chosen = set(store.card_ids())
    cards = [
        card
        for card in store.cards(chosen)
        if card.id == selection.focus
        or (
            (not selection.kinds or card.kind in selection.kinds)
            and (not categories or (card.category or "").casefold() in categories)
        )
    ]
    kept = {card.id for card in cards}
    edges = [e for e in store.edges(kept) if types is None or e.type in types]
    boundary = [e for e in store.boundary(kept) if types is None or e.type in types]
    outside = {
        card.id: CardRef.of(card)
        for card in store.cards({e.target if e.source in kept else e.source for e in boundary})
    }
    # An edge to a card the store left out (stored data that does not fit) goes with it.
    boundary = [e for e in boundary if e.source in outside or e.target in outside]
    provenance = store.provenance(kept)
    return Subgraph(
        provenance=provenance if len({p.catalog for p in provenance.values()}) > 1 else {},
        cards=cards,
        edges=edges,
        boundary=boundary,
        outside=list(outside.values()),
        unresolved=[u for u in store.unresolved() if u.card_id in kept],
    )
