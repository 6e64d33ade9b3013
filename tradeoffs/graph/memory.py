"""The embedded backend: the catalog held in memory, cards by id and each card's edges."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from functools import cached_property

from tradeoffs.errors import CardNotFound, Problem
from tradeoffs.graph.build import CatalogGraph
from tradeoffs.graph.index import SearchIndex, columns
from tradeoffs.graph.store import Counts, Reached, suggest
from tradeoffs.models import Card, CardRef, Decision, Edge, Provenance, Unresolved, search_text
from tradeoffs.vocabulary import EDGE_TYPES, KINDS, EdgeType, Kind

EdgeRow = tuple[str, str, EdgeType, str | None, str | None]
"""An edge as plain values: source, target, type, note, reverse note."""


class SpoiledCache(Exception):
    """A part of a cached graph did not read back as written: the store reads afresh."""


class Tables:
    """A catalog as the memory store reads it: card ids sorted with their kinds, each card
    by its position, edges as rows (an :class:`~tradeoffs.models.Edge` made when one is
    asked for), where each card comes from, and each card's search texts.

    Built here from a :class:`CatalogGraph`; :mod:`tradeoffs.graph.cache` reads the same
    from a cache file, where each card is validated when first used, so a command that shows
    one card validates one card.
    """

    def __init__(self, catalog: CatalogGraph) -> None:
        cards = dict(sorted(catalog.cards.items()))
        self.ids = list(cards)
        self.kinds: list[Kind] = [card.kind for card in cards.values()]
        self.titles = [card.title for card in cards.values()]
        self._cards: list[Card] = list(cards.values())
        # One edge per (source, target, type), the last given winning, as a multigraph keeps it.
        self._edges = list({edge.key: edge for edge in catalog.edges}.values())
        self._unresolved = catalog.unresolved
        self._where = (catalog.origins, catalog.sources)
        self.replaces = {r.id: r.replaced_catalog for r in catalog.replaced}
        self.problems: list[Problem] = catalog.problems
        self.skipped = catalog.skipped

    def card(self, at: int) -> Card:
        """The card at position ``at`` of :attr:`ids` (:class:`SpoiledCache` when a cached one
        does not read back)."""
        return self._cards[at]

    def rows(self) -> list[EdgeRow]:
        """Every edge as a row, one per (source, target, type)."""
        return [(e.source, e.target, e.type, e.note, e.reverse_note) for e in self._edges]

    def edge(self, at: int, row: EdgeRow) -> Edge:
        """The edge of row ``at`` of :meth:`rows`, which is ``row``."""
        return self._edges[at]

    def where(self) -> tuple[dict[str, str], dict[str, str]]:
        """Where each card comes from: its catalog, and its file (relative to that catalog)."""
        return self._where

    def unresolved(self) -> list[Unresolved]:
        return list(self._unresolved)

    def texts(self) -> tuple[str, str, str]:
        """Each card's title, lead and body text (:func:`search_text`), as
        :func:`~tradeoffs.graph.index.columns` (:class:`SpoiledCache` as :meth:`card`)."""
        joined = columns([search_text(card) for card in self._cards])
        if joined is None:
            raise ValueError("a search text holds a line break")  # words() writes none
        return joined

    def reread(self) -> Tables:
        """The same catalog read afresh: only a cached one can be spoiled."""
        raise NotImplementedError


class MemoryStore:
    """Cards by id, and each card's edges in both directions: the questions a store answers
    are walks over them, which need no graph library (importing NetworkX would cost a short
    command most of its start-up).

    The cards are validated, the adjacency and the search index built, on first use: ``show``
    needs one card and neither.
    """

    def __init__(self, catalog: CatalogGraph | Tables) -> None:
        self._tables = catalog if isinstance(catalog, Tables) else Tables(catalog)
        self._start()

    def _start(self) -> None:
        tables = self._tables
        self._at = {card_id: at for at, card_id in enumerate(tables.ids)}
        self._cards: dict[int, Card] = {}
        self._edges: dict[int, Edge] = {}
        for name in ("_rows", "_adjacent", "_index"):
            self.__dict__.pop(name, None)

    def _spoiled(self) -> None:
        """A cached part did not read back: everything is read afresh, and the store starts
        over from that (what it answered before came from the checked rest of the cache)."""
        self._tables = self._tables.reread()
        self._start()

    def _card(self, card_id: str) -> Card | None:
        if card_id not in self._at:
            return None
        at = self._at[card_id]
        if at not in self._cards:
            try:
                self._cards[at] = self._tables.card(at)
            except SpoiledCache:
                self._spoiled()
                return self._card(card_id)
        return self._cards[at]

    def _edge(self, at: int) -> Edge:
        if at not in self._edges:
            self._edges[at] = self._tables.edge(at, self._rows[at])
        return self._edges[at]

    @cached_property
    def _rows(self) -> list[EdgeRow]:
        return self._tables.rows()

    @cached_property
    def _adjacent(self) -> dict[str, list[tuple[str, int]]]:
        """(other end, edge row) for every edge touching each card, either direction (an edge
        from a card to itself twice, as it is both an out- and an in-edge)."""
        adjacent: dict[str, list[tuple[str, int]]] = {card_id: [] for card_id in self._at}
        for at, (source, target, *_) in enumerate(self._rows):
            adjacent.setdefault(source, []).append((target, at))
            adjacent.setdefault(target, []).append((source, at))
        return adjacent

    @cached_property
    def _index(self) -> SearchIndex:
        while True:
            try:
                return SearchIndex(self._tables.ids, self._tables.texts())
            except SpoiledCache:
                self._spoiled()

    def card(self, card_id: str) -> Card:
        self._known(card_id)
        card = self._card(card_id)
        if card is None:  # read afresh meanwhile, and gone from the files since
            raise CardNotFound(card_id, suggest(card_id, self._at))
        return card

    def cards(self, ids: Collection[str] | None = None) -> list[Card]:
        wanted = self._tables.ids if ids is None else sorted(set(ids))
        return [card for card in map(self._card, wanted) if card is not None]

    def card_ids(self) -> list[str]:
        return list(self._tables.ids)

    def refs(self, ids: Collection[str]) -> list[CardRef]:
        tables, at = self._tables, self._at
        return [
            CardRef(id=i, kind=tables.kinds[at[i]], title=tables.titles[at[i]])
            for i in sorted(set(ids))
            if i in at
        ]

    def _known(self, card_id: str) -> None:
        """:class:`CardNotFound` unless the store holds ``card_id``."""
        if card_id not in self._at:
            raise CardNotFound(card_id, suggest(card_id, self._at))

    def _sorted(self, chosen: Iterable[int]) -> list[Edge]:
        """The edges of the rows ``chosen``, sorted by key."""
        rows = self._rows
        return [self._edge(at) for at in sorted(chosen, key=lambda at: rows[at][:3])]

    def edges(self, ids: Collection[str] | None = None) -> list[Edge]:
        rows = self._rows
        if ids is None:
            return self._sorted(range(len(rows)))
        wanted = set(ids)
        return self._sorted(at for at, (s, t, *_) in enumerate(rows) if s in wanted and t in wanted)

    def boundary(self, ids: Collection[str]) -> list[Edge]:
        wanted = set(ids)
        rows = self._rows
        return self._sorted(
            at for at, (s, t, *_) in enumerate(rows) if (s in wanted) != (t in wanted)
        )

    def _incident(self, card_id: str, types: Collection[EdgeType] | None) -> list[tuple[str, int]]:
        """(other end, edge row) for every edge touching ``card_id``, either direction."""
        pairs = self._adjacent.get(card_id, [])
        rows = self._rows
        return [(other, at) for other, at in pairs if types is None or rows[at][2] in types]

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
        self._known(card_id)
        distance = self._distances(card_id, types, depth)
        rows = self._rows
        # Each card's edges from the layer before, found from that layer's side: a hub's
        # edges are read once, not once for each of its neighbours (a site asks every card).
        inward: dict[str, list[int]] = {}
        for node, dist in distance.items():
            if dist < depth:
                for other, at in self._incident(node, types):
                    if distance.get(other) == dist + 1:
                        inward.setdefault(other, []).append(at)
        reached = []
        for node, dist in distance.items():
            if node == card_id:
                continue
            via = sorted((rows[at][:3], at) for at in inward.get(node, []))
            edges = [self._edge(at) for _, at in via]
            reached.append(Reached(id=node, distance=dist, via=edges))
        return sorted(reached, key=lambda r: (r.distance, r.id))

    def shortest_path(
        self, source: str, target: str, types: Collection[EdgeType] | None
    ) -> list[Edge] | None:
        self._known(source)
        self._known(target)
        to_target = self._distances(target, types, None, until=source)
        if source not in to_target:
            return None
        rows = self._rows
        path: list[Edge] = []
        node = source
        while node != target:
            steps = [
                (other, rows[at][:3], at)
                for other, at in self._incident(node, types)
                if to_target.get(other) == to_target[node] - 1
            ]
            node, _, at = min(steps, key=lambda step: (step[0], step[1]))
            path.append(self._edge(at))
        return path

    def search(self, terms: list[str], kinds: Collection[Kind] | None) -> list[tuple[str, int]]:
        ids: Collection[str] = self._at
        if kinds is not None:
            tables = self._tables
            ids = {
                card_id
                for card_id, kind in zip(tables.ids, tables.kinds, strict=True)
                if kind in kinds
            }
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
        kinds = Counter(self._tables.kinds)
        types = Counter(row[2] for row in self._rows)
        return Counts(
            nodes_by_kind={kind: kinds.get(kind, 0) for kind in KINDS},
            edges_by_type={edge_type: types.get(edge_type, 0) for edge_type in EDGE_TYPES},
            relations=len({frozenset(row[:2]) for row in self._rows}),
        )

    def degrees(self, limit: int) -> list[tuple[str, int]]:
        degree = ((card_id, len(edges)) for card_id, edges in self._adjacent.items())
        ranked = sorted(degree, key=lambda pair: (-pair[1], pair[0]))
        return [(card_id, degree) for card_id, degree in ranked[:limit]]

    def provenance(self, ids: Collection[str] | None = None) -> dict[str, Provenance]:
        tables = self._tables
        (origins, sources), replaces = tables.where(), tables.replaces
        wanted = tables.ids if ids is None else [i for i in sorted(set(ids)) if i in self._at]
        return {
            card_id: Provenance(
                catalog=origins[card_id], file=sources.get(card_id), replaces=replaces.get(card_id)
            )
            for card_id in wanted
            if card_id in origins
        }

    def unresolved(self) -> list[Unresolved]:
        return sorted(self._tables.unresolved(), key=lambda u: (u.card_id, u.group, u.target))

    def close(self) -> None:
        """Nothing to release; here so every store can be used the same way."""
