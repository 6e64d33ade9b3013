"""The sync planner: what to write to turn the stored graph into a catalog, as pure functions.

:func:`plan_sync` takes the catalog (:class:`CatalogRows`) and what the database holds (each
card's hashes, the outgoing edges of the cards whose edges hash changed) and returns the
report and the batches of Cypher to run, in order. :func:`check_removals` refuses a plan
that would remove every stored card, or more than half of them, unless forced. Nothing here
talks to a server; :meth:`Neo4jStore.sync <tradeoffs.graph.neo4j.store.Neo4jStore.sync>`
reads, plans and writes in one transaction.

Queries are fixed Cypher text: values travel as parameters, and the only things
interpolated are labels and relationship types, taken from the vocabulary.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from tradeoffs.errors import LoadRefused
from tradeoffs.formats.neo4j_schema import (
    ALL_KIND_LABELS,
    content_hash,
    label,
    own,
    properties,
    rel_type,
)
from tradeoffs.graph.build import CatalogGraph
from tradeoffs.models import Edge, Unresolved, search_text
from tradeoffs.vocabulary import EDGE_TYPES, KINDS, EdgeType, Kind

# Measured on a 10,000-card load: 5,000-row batches spend a fifth less time in the server
# than 1,000-row ones; the largest (a kind's cards, about 13 MB) stays well inside a dev
# server's transaction memory.
BATCH_SIZE = 5_000

LOCK_CONSTRAINT = (
    "CREATE CONSTRAINT tradeoffs_load_lock IF NOT EXISTS "
    "FOR (l:TradeoffsLock) REQUIRE l.name IS UNIQUE"
)
# The first statement of every load's transaction: a write lock on one node, held until the
# transaction ends, so a second load waits and then reads what the first one committed.
# Setting and removing a property takes the lock and leaves the node as it was.
TAKE_LOCK = "MERGE (l:TradeoffsLock {name: 'load'}) SET l.held = true REMOVE l.held"

STORED_CARDS = (
    f"MATCH (c:Card) WHERE {own('c')} "
    "RETURN c.id AS id, c.content_hash AS content_hash, c.edges_hash AS edges_hash, "
    "c.source AS source, c.origin AS origin, c.folder AS folder, "
    # The properties that do not have the shape the schema writes (a list where text
    # belongs, a number): such a node is rewritten if the catalog has its card.
    "[k IN keys(c) WHERE CASE WHEN $lists[k] IS NOT NULL "
    "THEN NOT c[k] IS :: LIST<STRING NOT NULL> NOT NULL "
    "ELSE NOT c[k] IS :: STRING NOT NULL END] AS misfits"
)
# Nodes that claim to be tradeoffs' own (a content hash) but whose id is not text: never
# matched, read or changed, only named in the report.
UNFIT_IDS = (
    "MATCH (c:Card) WHERE c.content_hash IS NOT NULL AND c.id IS NOT NULL "
    "AND NOT c.id IS :: STRING RETURN c.id AS id"
)
# A node tradeoffs did not write that holds an id the load would create: the uniqueness
# constraint would fail the load, so a dry run must say so too.
FOREIGN_HOLDERS = (
    f"MATCH (c:Card) WHERE c.id IN $ids AND NOT ({own('c')}) RETURN c.id AS id ORDER BY id"
)


class SyncReport(BaseModel):
    """What a sync changed in the database (with ``dry_run``, what it would change).

    ``added``, ``updated``, ``removed`` name the cards; ``kept`` names stored cards that are
    not in the catalog but stay, because the catalog was not read completely (``--keep-going``
    with files that failed); ``kept_failed`` are those of them whose own file failed;
    ``kept_elsewhere`` are stored cards of folders this load did not read, which it never
    removes; ``unfit`` describes stored nodes left alone because they do not fit a card.
    ``refused``: why a load without ``force`` would refuse this plan (a dry run says so
    instead of refusing)."""

    model_config = ConfigDict(extra="forbid")

    cards_added: int
    cards_updated: int
    cards_removed: int
    cards_unchanged: int
    edges_added: int
    edges_updated: int
    edges_removed: int
    edges_unchanged: int
    cards_kept: int = 0
    dry_run: bool = False
    added: list[str] = []
    updated: list[str] = []
    removed: list[str] = []
    kept: list[str] = []
    kept_failed: list[str] = []
    kept_elsewhere: list[str] = []
    unfit: list[str] = []
    refused: str | None = None

    @property
    def changed(self) -> bool:
        return any(
            (
                self.cards_added,
                self.cards_updated,
                self.cards_removed,
                self.edges_added,
                self.edges_updated,
                self.edges_removed,
            )
        )

    def __str__(self) -> str:
        lines = []
        if self.dry_run:
            lines.append("dry run: nothing was written; a load would change this")
            for verb, ids in (("add", self.added), ("update", self.updated)):
                lines += [f"  {verb} {card_id}" for card_id in ids]
            lines += [f"  remove {card_id}" for card_id in self.removed]
        lines.append(
            f"cards: {self.cards_added} added, {self.cards_updated} updated, "
            f"{self.cards_removed} removed, {self.cards_unchanged} unchanged"
        )
        lines.append(
            f"edges: {self.edges_added} added, {self.edges_updated} updated, "
            f"{self.edges_removed} removed, {self.edges_unchanged} unchanged"
        )
        if self.kept_elsewhere:
            lines.append(
                f"kept {len(self.kept_elsewhere)} stored card(s) of folders this load did not "
                "read (only a load of a card's own folder removes it)"
            )
        lines += [f"left alone: {what}" for what in self.unfit]
        if self.refused:
            lines.append(f"a load would be refused without --force: {self.refused}")
        if self.kept:
            failed = len(self.kept_failed)
            lines.append(
                f"kept {len(self.kept)} stored card(s) not in the catalog, as stored, because "
                f"some files could not be read ({failed} of them from those files): "
                + ", ".join(self.kept)
            )
        return "\n".join(lines)


StoredCards = Mapping[str, tuple[str | None, str | None]]
"""Card id -> (content hash, outgoing-edges hash) as stored."""


@dataclass
class CatalogRows:
    """A catalog as a sync sees it: per card, its content hash and the hash of its outgoing
    edges (``edges_hash``), and the node properties of any card that has to be written.
    ``sources`` gives each card's file (relative to its catalog folder), stored as ``source``,
    ``origins`` its catalog, stored as ``origin``, and ``folders`` its folder, stored as
    ``folder``."""

    catalog: CatalogGraph
    unresolved: dict[str, list[Unresolved]]
    edges: dict[str, list[Edge]]  # by source card
    texts: dict[str, tuple[str, str, str]]  # search text, computed once per card
    hashes: dict[str, tuple[str, str]]  # card id -> (content hash, edges hash)
    sources: Mapping[str, str]
    origins: Mapping[str, str]
    folders: Mapping[str, str]

    @classmethod
    def of(
        cls,
        catalog: CatalogGraph,
        sources: Mapping[str, str] | None = None,
        origins: Mapping[str, str] | None = None,
        folders: Mapping[str, str] | None = None,
    ) -> CatalogRows:
        sources = catalog.sources if sources is None else sources
        origins = catalog.origins if origins is None else origins
        folders = catalog.folders if folders is None else folders
        unresolved: dict[str, list[Unresolved]] = {}
        for link in catalog.unresolved:
            unresolved.setdefault(link.card_id, []).append(link)
        edges: dict[str, list[Edge]] = {}
        for edge in catalog.edges:
            edges.setdefault(edge.source, []).append(edge)
        texts = {card_id: search_text(card) for card_id, card in sorted(catalog.cards.items())}
        hashes = {
            card_id: (
                content_hash(
                    catalog.cards[card_id],
                    unresolved.get(card_id, []),
                    text,
                    sources.get(card_id),
                    origins.get(card_id),
                    folders.get(card_id),
                ),
                edges_hash(edges.get(card_id, [])),
            )
            for card_id, text in texts.items()
        }
        return cls(
            catalog=catalog,
            unresolved=unresolved,
            edges=edges,
            texts=texts,
            hashes=hashes,
            sources=sources,
            origins=origins,
            folders=folders,
        )

    def row(self, card_id: str) -> dict[str, Any]:
        """The properties to write for the card, both hashes included."""
        content, edges = self.hashes[card_id]
        card, unresolved = self.catalog.cards[card_id], self.unresolved.get(card_id, [])
        props = properties(
            card,
            unresolved,
            self.texts[card_id],
            self.sources.get(card_id),
            self.origins.get(card_id),
            self.folders.get(card_id),
        )
        return props | {"content_hash": content, "edges_hash": edges}

    def sources_to_check(self, stored: StoredCards) -> list[str]:
        """Cards whose outgoing edges may differ from the stored ones (new and removed
        cards included): only their edges are compared one by one."""
        return sorted(
            card_id
            for card_id in stored.keys() | self.hashes.keys()
            if stored.get(card_id, (None, None))[1] != self.hashes.get(card_id, (None, None))[1]
        )


def edges_hash(edges: list[Edge]) -> str:
    fields = [
        [e.target, e.type, e.note, e.reverse_note] for e in sorted(edges, key=lambda e: e.key)
    ]
    return hashlib.sha256(json.dumps(fields).encode()).hexdigest()


@dataclass(frozen=True)
class Batch:
    """One query of a sync and what its ``$rows`` are made of: ``items``, each turned into
    a row by ``to_row`` (card ids into card properties) only when :meth:`rows` is called."""

    query: str
    items: list[Any]
    to_row: Callable[[Any], Any] | None = None

    def rows(self) -> list[Any]:
        if self.to_row is None:
            return self.items
        return [self.to_row(item) for item in self.items]


def plan_sync(
    wanted: CatalogRows,
    stored_cards: StoredCards,
    stored_edges: Mapping[tuple[str, str, str], tuple[str | None, str | None]],
) -> tuple[SyncReport, list[Batch]]:
    """What to write to turn the stored graph into ``wanted``: the report, and the batches
    in the order to run them. ``stored_edges`` (edge key -> notes) holds the stored
    outgoing edges of :meth:`CatalogRows.sources_to_check`."""
    hashes = wanted.hashes
    removed = sorted(set(stored_cards) - set(hashes))
    added = [card_id for card_id in hashes if card_id not in stored_cards]
    updated = [
        card_id
        for card_id, (content, _) in hashes.items()
        if card_id in stored_cards and stored_cards[card_id][0] != content
    ]
    sources = wanted.sources_to_check(stored_cards)
    edges = {edge.key: edge for source in sources for edge in wanted.edges.get(source, [])}
    edges_removed = sorted(set(stored_edges) - set(edges))
    edges_added = [edge for key, edge in edges.items() if key not in stored_edges]
    edges_updated = [
        edge
        for key, edge in edges.items()
        if key in stored_edges and stored_edges[key] != (edge.note, edge.reverse_note)
    ]
    total_edges = sum(len(of_card) for of_card in wanted.edges.values())
    report = SyncReport(
        cards_added=len(added),
        cards_updated=len(updated),
        cards_removed=len(removed),
        cards_unchanged=len(hashes) - len(added) - len(updated),
        edges_added=len(edges_added),
        edges_updated=len(edges_updated),
        edges_removed=len(edges_removed),
        edges_unchanged=total_edges - len(edges_added) - len(edges_updated),
        added=sorted(added),
        updated=sorted(updated),
        removed=removed,
    )

    kind_of = {card_id: card.kind for card_id, card in wanted.catalog.cards.items()}
    batches = _batched(DELETE_CARDS, removed)
    for kind in KINDS:
        of_kind = [i for i in added if kind_of[i] == kind]
        batches += _batched(_create_cards(kind), of_kind, wanted.row)
        of_kind = [i for i in updated if kind_of[i] == kind]
        batches += _batched(_update_cards(kind), of_kind, wanted.row)
    rewritten = {*added, *updated}
    batches += _batched(
        SET_EDGES_HASH,
        [
            {"id": card_id, "edges_hash": hashes[card_id][1]}
            for card_id in sources
            if card_id in hashes and card_id not in rewritten
        ],
    )
    gone = set(removed)  # their edges went with them (DETACH DELETE)
    for edge_type in EDGE_TYPES:
        stale = [
            {"source": source, "target": target}
            for source, target, of_type in edges_removed
            if of_type == edge_type and source not in gone and target not in gone
        ]
        batches += _batched(_delete_edges(edge_type), stale)
        batches += _batched(_create_edges(edge_type), _edge_rows(edges_added, edge_type))
        batches += _batched(_update_edges(edge_type), _edge_rows(edges_updated, edge_type))
    return report, batches


def check_removals(report: SyncReport, stored: int, *, force: bool) -> None:
    """Refuse (:class:`LoadRefused`) a plan that removes every stored card, or more than
    half of them, unless ``force``: an empty or wrong folder must not wipe a database."""
    refusal = removal_refusal(report, stored, force=force)
    if refusal is not None:
        raise refusal


def removal_refusal(report: SyncReport, stored: int, *, force: bool) -> LoadRefused | None:
    """The refusal :func:`check_removals` raises, or None."""
    removed = report.cards_removed
    if force or not removed:
        return None
    if removed == stored:
        return LoadRefused(removed, stored, "every stored card")
    if removed * 2 > stored:
        return LoadRefused(removed, stored, "more than half of the stored cards")
    return None


def _edge_rows(edges: list[Edge], edge_type: EdgeType) -> list[dict[str, Any]]:
    return [
        {"source": e.source, "target": e.target, "note": e.note, "reverse_note": e.reverse_note}
        for e in edges
        if e.type == edge_type
    ]


def _batched(
    query: str, items: list[Any], to_row: Callable[[Any], Any] | None = None
) -> list[Batch]:
    return [
        Batch(query, items[i : i + BATCH_SIZE], to_row) for i in range(0, len(items), BATCH_SIZE)
    ]


# New cards and edges are CREATEd, not MERGEd: the sync has just read what exists (under the
# load lock), and the uniqueness constraint fails the whole load if another writer got there
# in between. Every MATCH of a card requires it to be tradeoffs' own (schema.own).


def _create_cards(kind: Kind) -> str:
    return f"UNWIND $rows AS row CREATE (c:Card:{label(kind)}) SET c = row"


def _update_cards(kind: Kind) -> str:
    # SET c = row replaces every property, so a facet removed from the file goes too;
    # the kind labels are reset in case the card changed kind.
    return (
        f"UNWIND $rows AS row MATCH (c:Card {{id: row.id}}) WHERE {own('c')} SET c = row "
        f"REMOVE c:{ALL_KIND_LABELS} SET c:{label(kind)}"
    )


def _own_pair(rel: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:Card {{id: row.source}})-[r:{rel}]->"
        f"(b:Card {{id: row.target}}) WHERE {own('a')} AND {own('b')} "
    )


def _create_edges(edge_type: EdgeType) -> str:
    return (
        "UNWIND $rows AS row MATCH (a:Card {id: row.source}) MATCH (b:Card {id: row.target}) "
        f"WHERE {own('a')} AND {own('b')} "
        f"CREATE (a)-[:{rel_type(edge_type)} "
        "{note: row.note, reverse_note: row.reverse_note}]->(b)"
    )


def _update_edges(edge_type: EdgeType) -> str:
    return (
        _own_pair(rel_type(edge_type)) + "SET r.note = row.note, r.reverse_note = row.reverse_note"
    )


def _delete_edges(edge_type: EdgeType) -> str:
    return _own_pair(rel_type(edge_type)) + "DELETE r"


DELETE_CARDS = f"UNWIND $rows AS id MATCH (c:Card {{id: id}}) WHERE {own('c')} DETACH DELETE c"
SET_EDGES_HASH = (
    f"UNWIND $rows AS row MATCH (c:Card {{id: row.id}}) WHERE {own('c')} "
    "SET c.edges_hash = row.edges_hash"
)
