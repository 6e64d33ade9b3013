"""The embedded backend: the catalog held in a NetworkX MultiDiGraph."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

from tradeoffs.errors import CardNotFound
from tradeoffs.graph.build import CatalogGraph
from tradeoffs.graph.store import Counts, Reached, score, search_text, suggest
from tradeoffs.models import Card, Decision, Edge, Provenance, Unresolved
from tradeoffs.vocabulary import EDGE_TYPES, KINDS, EdgeType, Kind


class MemoryStore:
    """Cards as nodes (attribute ``card``), edges keyed by type (attribute ``edge``).

    The graph and the search index are built on first use: ``show`` needs neither, and
    importing NetworkX is most of a short command's start-up time.
    """

    def __init__(self, catalog: CatalogGraph) -> None:
        self._catalog = catalog
        self._cards = dict(sorted(catalog.cards.items()))
        self._unresolved = sorted(catalog.unresolved, key=lambda u: (u.card_id, u.group, u.target))

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        import networkx as nx

        graph = nx.MultiDiGraph()
        for card_id, card in self._cards.items():
            graph.add_node(card_id, card=card)
        for edge in self._catalog.edges:
            graph.add_edge(edge.source, edge.target, key=edge.type, edge=edge)
        return graph

    @cached_property
    def _search_text(self) -> dict[str, tuple[str, str, str]]:
        return {card_id: search_text(card) for card_id, card in self._cards.items()}

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
            data["edge"]
            for source, target, data in self.graph.edges(data=True)
            if wanted is None or (source in wanted and target in wanted)
        ]
        return sorted(found, key=lambda e: e.key)

    def boundary(self, ids: Collection[str]) -> list[Edge]:
        wanted = set(ids)
        found = [
            data["edge"]
            for source, target, data in self.graph.edges(data=True)
            if (source in wanted) != (target in wanted)
        ]
        return sorted(found, key=lambda e: e.key)

    def _incident(self, card_id: str, types: Collection[EdgeType] | None) -> list[tuple[str, Edge]]:
        """(other end, edge) for every edge touching ``card_id``, either direction."""
        pairs = [(t, d["edge"]) for _, t, d in self.graph.out_edges(card_id, data=True)]
        pairs += [(s, d["edge"]) for s, _, d in self.graph.in_edges(card_id, data=True)]
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
        hits = []
        for card_id, (title, lead, body) in self._search_text.items():
            if kinds is not None and self._cards[card_id].kind not in kinds:
                continue
            points = score(terms, title, lead, body)
            if points:
                hits.append((card_id, points))
        return sorted(hits, key=lambda hit: (-hit[1], hit[0]))

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
        kinds = Counter(data["card"].kind for _, data in self.graph.nodes(data=True))
        types = Counter(key for _, _, key in self.graph.edges(keys=True))
        return Counts(
            nodes_by_kind={kind: kinds.get(kind, 0) for kind in KINDS},
            edges_by_type={edge_type: types.get(edge_type, 0) for edge_type in EDGE_TYPES},
        )

    def degrees(self, limit: int) -> list[tuple[str, int]]:
        ranked = sorted(self.graph.degree, key=lambda pair: (-pair[1], pair[0]))
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
