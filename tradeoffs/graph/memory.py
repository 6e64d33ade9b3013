"""The embedded backend: the catalog held in memory, cards by id and each card's edges."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from functools import cached_property

from tradeoffs.errors import CardNotFound
from tradeoffs.graph.build import CatalogGraph
from tradeoffs.graph.index import SearchIndex
from tradeoffs.graph.store import Counts, Reached, suggest
from tradeoffs.models import Card, Decision, Edge, Provenance, Unresolved, search_text
from tradeoffs.vocabulary import EDGE_TYPES, KINDS, EdgeType, Kind


class MemoryStore:
    """Cards by id, and each card's edges in both directions: the questions a store answers
    are walks over them, which need no graph library (importing NetworkX would cost a short
    command most of its start-up).

    The adjacency and the search index are built on first use: ``show`` needs neither.
    """

    def __init__(self, catalog: CatalogGraph) -> None:
        self._catalog = catalog
        self._cards = dict(sorted(catalog.cards.items()))
        # One edge per (source, target, type), the last given winning, as a multigraph keeps it.
        self._edges = list({edge.key: edge for edge in catalog.edges}.values())
        self._unresolved = sorted(catalog.unresolved, key=lambda u: (u.card_id, u.group, u.target))

    @cached_property
    def _adjacent(self) -> dict[str, list[tuple[str, Edge]]]:
        """(other end, edge) for every edge touching each card, either direction (an edge
        from a card to itself twice, as it is both an out- and an in-edge)."""
        adjacent: dict[str, list[tuple[str, Edge]]] = {card_id: [] for card_id in self._cards}
        for edge in self._edges:
            adjacent.setdefault(edge.source, []).append((edge.target, edge))
            adjacent.setdefault(edge.target, []).append((edge.source, edge))
        return adjacent

    @cached_property
    def _index(self) -> SearchIndex:
        return SearchIndex({card_id: search_text(card) for card_id, card in self._cards.items()})

    def card(self, card_id: str) -> Card:
        if card_id not in self._cards:
            raise CardNotFound(card_id, suggest(card_id, self._cards))
        return self._cards[card_id]

    def cards(self, ids: Collection[str] | None = None) -> list[Card]:
        if ids is None:
            return list(self._cards.values())
        return [self._cards[i] for i in sorted(set(ids)) if i in self._cards]

    def card_ids(self) -> list[str]:
        return list(self._cards)

    def edges(self, ids: Collection[str] | None = None) -> list[Edge]:
        wanted = None if ids is None else set(ids)
        found = [
            edge
            for edge in self._edges
            if wanted is None or (edge.source in wanted and edge.target in wanted)
        ]
        return sorted(found, key=lambda e: e.key)

    def boundary(self, ids: Collection[str]) -> list[Edge]:
        wanted = set(ids)
        found = [edge for edge in self._edges if (edge.source in wanted) != (edge.target in wanted)]
        return sorted(found, key=lambda e: e.key)

    def _incident(self, card_id: str, types: Collection[EdgeType] | None) -> list[tuple[str, Edge]]:
        """(other end, edge) for every edge touching ``card_id``, either direction."""
        pairs = self._adjacent.get(card_id, [])
        return [(other, edge) for other, edge in pairs if types is None or edge.type in types]

    def _distances(
        self,
        start: str,
        types: Collection[EdgeType] | None,
        depth: int | None,
        until: str | None = None,
    ) -> dict[str, int]:
        """Breadth-first distances from ``start``, out to ``depth`` hops, or only until the
        layer that reaches ``until`` is complete (all a shortest-path walk needs)."""
        distance = {start: 0}
        frontier = [start]
        while frontier and (depth is None or distance[frontier[0]] < depth):
            if until in distance:
                break
            next_frontier = []
            for node in frontier:
                for other, _ in self._incident(node, types):
                    if other not in distance:
                        distance[other] = distance[node] + 1
                        next_frontier.append(other)
            frontier = next_frontier
        return distance

    def neighbourhood(
        self, card_id: str, types: Collection[EdgeType] | None, depth: int
    ) -> list[Reached]:
        self.card(card_id)
        distance = self._distances(card_id, types, depth)
        reached = []
        for node, dist in distance.items():
            if node == card_id:
                continue
            via = [
                edge
                for other, edge in self._incident(node, types)
                if distance.get(other) == dist - 1
            ]
            reached.append(Reached(id=node, distance=dist, via=sorted(via, key=lambda e: e.key)))
        return sorted(reached, key=lambda r: (r.distance, r.id))

    def shortest_path(
        self, source: str, target: str, types: Collection[EdgeType] | None
    ) -> list[Edge] | None:
        self.card(source)
        self.card(target)
        to_target = self._distances(target, types, None, until=source)
        if source not in to_target:
            return None
        path: list[Edge] = []
        node = source
        while node != target:
            steps = [
                (other, edge.key, edge)
                for other, edge in self._incident(node, types)
                if to_target.get(other) == to_target[node] - 1
            ]
            node, _, edge = min(steps, key=lambda step: (step[0], step[1]))
            path.append(edge)
        return path

    def search(self, terms: list[str], kinds: Collection[Kind] | None) -> list[tuple[str, int]]:
        ids: Collection[str] = self._cards.keys()
        if kinds is not None:
            ids = {card_id for card_id, card in self._cards.items() if card.kind in kinds}
        return self._index.search(terms, ids)

    def factor(self, name: str) -> list[tuple[str, list[str]]]:
        needle = name.lower()
        found = []
        for card in self.cards():
            if isinstance(card, Decision):
                matched = [f for f in card.key_factors if needle in f.lower()]
                if matched:
                    found.append((card.id, matched))
        return found

    def counts(self) -> Counts:
        kinds = Counter(card.kind for card in self._cards.values())
        types = Counter(edge.type for edge in self._edges)
        return Counts(
            nodes_by_kind={kind: kinds.get(kind, 0) for kind in KINDS},
            edges_by_type={edge_type: types.get(edge_type, 0) for edge_type in EDGE_TYPES},
            relations=len({frozenset((edge.source, edge.target)) for edge in self._edges}),
        )

    def degrees(self, limit: int) -> list[tuple[str, int]]:
        degree = ((card_id, len(edges)) for card_id, edges in self._adjacent.items())
        ranked = sorted(degree, key=lambda pair: (-pair[1], pair[0]))
        return [(card_id, degree) for card_id, degree in ranked[:limit]]

    def provenance(self, ids: Collection[str] | None = None) -> dict[str, Provenance]:
        origins, sources = self._catalog.origins, self._catalog.sources
        replaces = {r.id: r.replaced_catalog for r in self._catalog.replaced}
        wanted = self._cards if ids is None else [i for i in sorted(set(ids)) if i in self._cards]
        return {
            card_id: Provenance(
                catalog=origins[card_id], file=sources.get(card_id), replaces=replaces.get(card_id)
            )
            for card_id in wanted
            if card_id in origins
        }

    def unresolved(self) -> list[Unresolved]:
        return list(self._unresolved)

    def close(self) -> None:
        """Nothing to release; here so every store can be used the same way."""
