"""The store interface every backend implements, and the rules they must share.

A backend answers a few primitive questions; the query layer (``tradeoffs.queries``)
builds every user-facing result from them. Orderings and the search score (over the words
:func:`tradeoffs.models.search_text` takes from a card) are defined here once, so the
in-memory graph and Neo4j can be proven equal.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from tradeoffs.models import Card, CardRef, Edge, Provenance, Unresolved, words
from tradeoffs.vocabulary import EdgeType, Kind

# How much a query term found in each part of a card is worth.
TITLE_WEIGHT = 5
LEAD_WEIGHT = 2  # summary and the decision question / situation / what it is
BODY_WEIGHT = 1


class Reached(BaseModel):
    """A card reached from a start card: its distance, and every edge that reaches it
    from a card one step closer (sorted by edge key)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    id: str
    distance: int
    via: list[Edge]


class Counts(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    nodes_by_kind: dict[str, int]
    edges_by_type: dict[str, int]
    # Pairs of cards joined by at least one edge: a link both cards declare is two edges of
    # one relation.
    relations: int


class GraphStore(Protocol):
    """What a backend must answer. Every list comes back in the order documented here."""

    def card(self, card_id: str) -> Card:
        """The card, or :class:`CardNotFound` with the closest ids as suggestions."""
        ...

    def cards(self, ids: Collection[str] | None = None) -> list[Card]:
        """The given cards (all when ``ids`` is None), sorted by id; unknown ids are skipped."""
        ...

    def card_ids(self) -> list[str]:
        """Every id, sorted."""
        ...

    def refs(self, ids: Collection[str]) -> list[CardRef]:
        """The given cards by id, kind and title, as :meth:`cards` would give them (sorted by
        id, unknown ids skipped): what a result names a card by, without the whole card."""
        ...

    def edges(self, ids: Collection[str] | None = None) -> list[Edge]:
        """Edges with both ends in ``ids`` (all when None), sorted by (source, target, type)."""
        ...

    def boundary(self, ids: Collection[str]) -> list[Edge]:
        """Edges with exactly one end in ``ids``, sorted by (source, target, type)."""
        ...

    def neighbourhood(
        self, card_id: str, types: Collection[EdgeType] | None, depth: int
    ) -> list[Reached]:
        """Cards within ``depth`` hops of ``card_id``, edges followed both ways, only of
        ``types`` (all when None); sorted by (distance, id); the start card excluded."""
        ...

    def shortest_path(
        self, source: str, target: str, types: Collection[EdgeType] | None
    ) -> list[Edge] | None:
        """The edges of a shortest undirected path, in walking order; among equally short
        paths the one whose sequence of card ids is smallest; of parallel edges the
        smallest key. None when the two are not connected."""
        ...

    def search(self, terms: list[str], kinds: Collection[Kind] | None) -> list[tuple[str, int]]:
        """(id, score) of cards matching at least one term (from :func:`search_terms`), by
        score descending, then id. A term in a card's :func:`search_text` title, lead or
        body (``term in text``) scores that part's weight (``TITLE_WEIGHT``, ...) once."""
        ...

    def factor(self, name: str) -> list[tuple[str, list[str]]]:
        """Decisions with a key factor containing ``name`` (lower-cased), with the matching
        factors in card order; sorted by id."""
        ...

    def counts(self) -> Counts: ...

    def degrees(self, limit: int) -> list[tuple[str, int]]:
        """The ``limit`` cards with most edges, by degree descending, then id."""
        ...

    def provenance(self, ids: Collection[str] | None = None) -> dict[str, Provenance]:
        """Where the given cards (all when None) come from, by id; cards loaded without a
        catalog (built in memory) have none."""
        ...

    def unresolved(self) -> list[Unresolved]:
        """Links that did not become edges, sorted by (card id, group, target)."""
        ...

    def close(self) -> None: ...


def suggest(card_id: str, ids: Iterable[str], limit: int = 3) -> list[str]:
    """The ids closest to a mistyped one, for "did you mean ...": ids containing it first,
    then those spelled almost alike (within a little of the best match, not every weak one)."""
    import difflib  # only for a card not found

    ids = sorted(ids)
    containing = [i for i in ids if card_id in i]
    scored = sorted(
        ((difflib.SequenceMatcher(None, card_id, i).ratio(), i) for i in ids), reverse=True
    )
    best = scored[0][0] if scored else 0.0
    alike = [i for ratio, i in scored if ratio >= max(0.6, best - 0.1)]
    return list(dict.fromkeys(containing + alike))[:limit]


def search_terms(text: Iterable[str]) -> list[str]:
    """The terms a backend's :meth:`GraphStore.search` takes, from words as people type them."""
    return sorted({term for word in text if (term := words(word)).strip()})
