"""The Neo4j backend: the catalog synced into a Neo4j database, every query answered in Cypher.

The data model (docs/neo4j.md shows it with examples):

- a card is a node labelled ``:Card`` and its kind (``:Decision``, ``:FailureMode``,
  ``:RedFlag``, ``:Playbook``) whose properties are the card: every facet under its own
  name (text as text, lists of text as lists), object facets flattened one level
  (``option_a_name``, ``warning_signs_early``, ``links_failure_mode_json``), anything else
  (playbook steps, link entries, imported extras) as JSON text under ``<name>_json``.
  :func:`card_from_properties` reads the identical card back. Beside them: ``title_lc``,
  ``lead_lc``, ``body_lc`` and ``key_factors_lc``, the text exactly as :func:`search_text`
  and the memory store lower-case it, so scores and matches agree; ``unresolved_json``, the
  card's links that did not become edges; ``content_hash`` and ``edges_hash`` (of its
  outgoing edges), which :meth:`Neo4jStore.sync` compares to skip what did not change.
- an edge is a relationship typed by its edge type upper-cased (``CONFUSED_WITH`` ...),
  with ``note`` and ``reverse_note``.

Queries are fixed Cypher text: values travel as parameters, and the only things
interpolated are labels and relationship types, taken from the vocabulary below.
The driver is imported only here, and only when a store is opened.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, TypeAdapter

from tradeoffs.errors import CardNotFound, StoreError
from tradeoffs.graph.build import CatalogGraph, Unresolved
from tradeoffs.graph.store import (
    BODY_WEIGHT,
    LEAD_WEIGHT,
    TITLE_WEIGHT,
    Counts,
    Reached,
    search_text,
    suggest,
)
from tradeoffs.models import CARD_ADAPTER, CARD_CLASSES, Card, Decision, Edge
from tradeoffs.vocabulary import EDGE_SPECS, EDGE_TYPES, KIND_SPECS, KINDS, EdgeType, Kind

if TYPE_CHECKING:
    from neo4j import Driver, Record

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_DATABASE = "neo4j"
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
# Measured on a 10,000-card load: 5,000-row batches spend a fifth less time in the server
# than 1,000-row ones; the largest (a kind's cards, about 13 MB) stays well inside a dev
# server's transaction memory.
BATCH_SIZE = 5_000

KIND_LABELS: dict[Kind, str] = {kind: spec.neo4j_label for kind, spec in KIND_SPECS.items()}
REL_TYPES: dict[EdgeType, str] = {t: EDGE_SPECS[t].neo4j_type for t in EDGE_TYPES}
EDGE_TYPE_OF: dict[str, EdgeType] = {rel: edge_type for edge_type, rel in REL_TYPES.items()}
ALL_RELS = "|".join(REL_TYPES.values())
# Neo4j Browser's own palette, one colour per kind.
KIND_COLOURS: dict[Kind, tuple[str, str]] = {  # fill, border
    "decision": ("#4C8EDA", "#2870C2"),
    "failure_mode": ("#F16667", "#EB2728"),
    "red_flag": ("#FFC454", "#D7A013"),
    "playbook": ("#8DCC93", "#5DB665"),
    "record": ("#57C7E3", "#23B3D7"),
}

CONSTRAINT = "CREATE CONSTRAINT tradeoffs_card_id IF NOT EXISTS FOR (c:Card) REQUIRE c.id IS UNIQUE"

OUT_OF_TRANSACTION_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"

Progress = Callable[[int, int], None]
"""Called after each batch of a sync with (rows written so far, rows to write in all)."""

_UNRESOLVED_LIST = TypeAdapter(list[Unresolved])


class SyncReport(BaseModel):
    """What a sync changed in the database."""

    model_config = ConfigDict(extra="forbid")

    cards_added: int
    cards_updated: int
    cards_removed: int
    cards_unchanged: int
    edges_added: int
    edges_updated: int
    edges_removed: int
    edges_unchanged: int

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
        return (
            f"cards: {self.cards_added} added, {self.cards_updated} updated, "
            f"{self.cards_removed} removed, {self.cards_unchanged} unchanged\n"
            f"edges: {self.edges_added} added, {self.edges_updated} updated, "
            f"{self.edges_removed} removed, {self.edges_unchanged} unchanged"
        )


class Neo4jStore:
    """A :class:`~tradeoffs.graph.store.GraphStore` over a Neo4j database, which
    :meth:`sync` fills from a catalog. Every driver or server error leaves as one-line
    :class:`StoreError` naming the URI, never the password."""

    def __init__(
        self,
        uri: str = DEFAULT_URI,
        auth: tuple[str, str] | None = None,
        database: str = DEFAULT_DATABASE,
    ) -> None:
        parts = urlsplit(uri)
        if parts.scheme not in URI_SCHEMES or not parts.hostname:
            raise StoreError(
                f"not a Neo4j URI: {uri!r} (expected {', '.join(s + '://' for s in URI_SCHEMES)})"
            )
        if parts.password is not None:
            # Naming the URI in messages would then show it: the password has its own variable.
            raise StoreError("put the Neo4j password in TRADEOFFS_NEO4J_PASSWORD, not in the URI")
        self.uri = uri
        self.database = database
        self._user = auth[0] if auth else None
        self._password = auth[1] if auth else None
        import neo4j

        # Notifications off: the server's "unknown label or property" hints about an empty
        # database would otherwise be logged as warnings on every query.
        with self._translated():
            self._driver: Driver = neo4j.GraphDatabase.driver(
                uri, auth=auth, notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF
            )
        try:
            # Fail now, in one line, rather than after the driver's retries on first query.
            with self._translated():
                self._driver.verify_connectivity()
        except StoreError:
            self._driver.close()
            raise

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Neo4jStore:
        """Connect as the ``TRADEOFFS_NEO4J_*`` variables say; no user means no auth."""
        user = env.get("TRADEOFFS_NEO4J_USER")
        return cls(
            env.get("TRADEOFFS_NEO4J_URI") or DEFAULT_URI,
            (user, env.get("TRADEOFFS_NEO4J_PASSWORD", "")) if user else None,
            env.get("TRADEOFFS_NEO4J_DATABASE") or DEFAULT_DATABASE,
        )

    # ---- errors ----

    @contextmanager
    def _translated(self) -> Iterator[None]:
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            yield
        except (DriverError, Neo4jError) as exc:
            raise StoreError(self.describe(exc)) from exc

    def describe(self, exc: Exception) -> str:
        """A driver or server error as one line that names the URI and never the password."""
        from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

        if isinstance(exc, AuthError):
            who = f"user {self._user!r}" if self._user else "a connection without credentials"
            message = (
                f"Neo4j at {self.uri} refused {who}: authentication failed "
                "(check TRADEOFFS_NEO4J_USER and TRADEOFFS_NEO4J_PASSWORD)"
            )
        elif (
            isinstance(exc, Neo4jError) and exc.code == "Neo.ClientError.Database.DatabaseNotFound"
        ):
            message = (
                f"Neo4j at {self.uri} has no database {self.database!r} "
                "(check TRADEOFFS_NEO4J_DATABASE)"
            )
        elif isinstance(exc, Neo4jError) and exc.code == OUT_OF_TRANSACTION_MEMORY:
            message = (
                f"Neo4j at {self.uri} ran out of transaction memory: {exc.message} "
                "(a load writes every changed card in one transaction, so that a failure "
                "changes nothing; raise db.memory.transaction.max on the server)"
            )
        elif isinstance(exc, ServiceUnavailable | SessionExpired):
            message = f"cannot reach Neo4j at {self.uri}: {_unreachable_reason(exc)}"
        elif isinstance(exc, Neo4jError):
            message = f"Neo4j at {self.uri} failed: {exc.code}: {exc.message}"
        else:
            message = f"Neo4j at {self.uri} failed: {type(exc).__name__}: {exc}"
        message = " ".join(message.split())
        if self._password:
            message = message.replace(self._password, "***")
        return message

    # ---- reading ----

    def _read(self, query: str, **params: Any) -> list[Record]:
        from neo4j import RoutingControl

        with self._translated():
            records, _, _ = self._driver.execute_query(
                query, params, routing_=RoutingControl.READ, database_=self.database
            )
        return list(records)

    def _require(self, *ids: str) -> None:
        records = self._read("MATCH (c:Card) WHERE c.id IN $ids RETURN c.id AS id", ids=list(ids))
        found = {r["id"] for r in records}
        for card_id in ids:
            if card_id not in found:
                raise CardNotFound(card_id, suggest(card_id, self.card_ids()))

    def card(self, card_id: str) -> Card:
        records = self._read("MATCH (c:Card {id: $id}) RETURN properties(c) AS card", id=card_id)
        if not records:
            raise CardNotFound(card_id, suggest(card_id, self.card_ids()))
        return card_from_properties(records[0]["card"])

    def cards(self, ids: Collection[str] | None = None) -> list[Card]:
        if ids is None:
            records = self._read("MATCH (c:Card) RETURN c.id AS id, properties(c) AS card")
        else:
            records = self._read(
                "MATCH (c:Card) WHERE c.id IN $ids RETURN c.id AS id, properties(c) AS card",
                ids=list(set(ids)),
            )
        return [card_from_properties(r["card"]) for r in sorted(records, key=_by_id)]

    def card_ids(self) -> list[str]:
        return sorted(r["id"] for r in self._read("MATCH (c:Card) RETURN c.id AS id"))

    def edges(self, ids: Collection[str] | None = None) -> list[Edge]:
        match = f"MATCH (a:Card)-[r:{ALL_RELS}]->(b:Card)"
        if ids is None:
            records = self._read(f"{match} RETURN {_EDGE_FIELDS}")
        else:
            records = self._read(
                f"{match} WHERE a.id IN $ids AND b.id IN $ids RETURN {_EDGE_FIELDS}",
                ids=list(set(ids)),
            )
        return sorted((_edge(r) for r in records), key=lambda e: e.key)

    def _expand(
        self, frontier: list[str], seen: Collection[str], types: Collection[EdgeType] | None
    ) -> list[tuple[str, str, Edge]]:
        """(frontier card, card beyond it, edge between them) for every edge of ``types``
        from a frontier card to a card not in ``seen``: one breadth-first layer."""
        rels = (
            ALL_RELS if types is None else "|".join(REL_TYPES[t] for t in types if t in REL_TYPES)
        )
        if not rels:
            return []
        records = self._read(
            f"UNWIND $frontier AS here MATCH (a:Card {{id: here}})-[r:{rels}]-(b:Card) "
            f"WHERE NOT b.id IN $seen RETURN here, b.id AS other, "
            "startNode(r).id AS source, endNode(r).id AS target, "
            "type(r) AS type, r.note AS note, r.reverse_note AS reverse_note",
            frontier=frontier,
            seen=list(seen),
        )
        return [(r["here"], r["other"], _edge(r)) for r in records]

    def neighbourhood(
        self, card_id: str, types: Collection[EdgeType] | None, depth: int
    ) -> list[Reached]:
        self._require(card_id)
        ball = _Ball.around(card_id)
        while ball.frontier and ball.radius < depth:
            self._grow(ball, types)
        return sorted(
            (
                Reached(
                    id=node,
                    distance=ball.distance[node],
                    via=sorted((edge for _, edge in parents), key=lambda e: e.key),
                )
                for node, parents in ball.parents.items()
            ),
            key=lambda r: (r.distance, r.id),
        )

    def _grow(self, ball: _Ball, types: Collection[EdgeType] | None) -> None:
        """Add the next layer to ``ball``."""
        found = self._expand(ball.frontier, ball.distance.keys(), types)
        ball.radius += 1
        ball.frontier = []
        for here, other, edge in found:
            if other not in ball.distance:
                ball.distance[other] = ball.radius
                ball.frontier.append(other)
            ball.parents.setdefault(other, []).append((here, edge))

    def shortest_path(
        self, source: str, target: str, types: Collection[EdgeType] | None
    ) -> list[Edge] | None:
        self._require(source, target)
        # Grow a ball around each end, a whole layer at a time and the smaller frontier first,
        # until they touch: that visits far fewer cards than a search from one end. The cards
        # they share are exactly the middle cards of the shortest paths.
        from_source, from_target = _Ball.around(source), _Ball.around(target)
        while not (middle := from_source.distance.keys() & from_target.distance.keys()):
            smaller = min(from_source, from_target, key=lambda ball: len(ball.frontier))
            if not smaller.frontier:
                return None
            self._grow(smaller, types)
        # On the source side, keep the cards that lead to a middle card; walking forward
        # over them, then towards the target over its ball, visits only shortest paths.
        forward: dict[str, list[tuple[str, Edge]]] = {}
        on_path, todo = set(middle), list(middle)
        while todo:
            node = todo.pop()
            for parent, edge in from_source.parents.get(node, []):
                forward.setdefault(parent, []).append((node, edge))
                if parent not in on_path:
                    on_path.add(parent)
                    todo.append(parent)
        # The same greedy walk as the memory store: smallest next id, then smallest edge key.
        path: list[Edge] = []
        node = source
        while node != target:
            steps = forward.get(node) or from_target.parents[node]
            node, edge = min(steps, key=lambda step: (step[0], step[1].key))
            path.append(edge)
        return path

    def search(self, terms: list[str], kinds: Collection[Kind] | None) -> list[tuple[str, int]]:
        records = self._read(
            "MATCH (c:Card) WHERE $kinds IS NULL OR c.kind IN $kinds "
            "WITH c, reduce(points = 0, term IN $terms | points"
            " + CASE WHEN c.title_lc CONTAINS term THEN $title_weight ELSE 0 END"
            " + CASE WHEN c.lead_lc CONTAINS term THEN $lead_weight ELSE 0 END"
            " + CASE WHEN c.body_lc CONTAINS term THEN $body_weight ELSE 0 END) AS points "
            "WHERE points > 0 RETURN c.id AS id, points",
            terms=list(terms),
            kinds=None if kinds is None else list(kinds),
            title_weight=TITLE_WEIGHT,
            lead_weight=LEAD_WEIGHT,
            body_weight=BODY_WEIGHT,
        )
        return sorted(((r["id"], r["points"]) for r in records), key=lambda hit: (-hit[1], hit[0]))

    def factor(self, name: str) -> list[tuple[str, list[str]]]:
        records = self._read(
            "MATCH (c:Decision) WHERE c.key_factors_lc IS NOT NULL "
            "WITH c, [i IN range(0, size(c.key_factors_lc) - 1)"
            " WHERE c.key_factors_lc[i] CONTAINS $needle | c.key_factors[i]] AS matched "
            "WHERE size(matched) > 0 RETURN c.id AS id, matched",
            needle=name.lower(),
        )
        return [(r["id"], list(r["matched"])) for r in sorted(records, key=_by_id)]

    def counts(self) -> Counts:
        kinds = {
            r["kind"]: r["n"]
            for r in self._read("MATCH (c:Card) RETURN c.kind AS kind, count(*) AS n")
        }
        rels = {
            r["type"]: r["n"]
            for r in self._read(
                f"MATCH (:Card)-[r:{ALL_RELS}]->(:Card) RETURN type(r) AS type, count(*) AS n"
            )
        }
        return Counts(
            nodes_by_kind={kind: kinds.get(kind, 0) for kind in KINDS},
            edges_by_type={t: rels.get(REL_TYPES[t], 0) for t in EDGE_TYPES},
        )

    def degrees(self, limit: int) -> list[tuple[str, int]]:
        records = self._read(
            f"MATCH (c:Card) WITH c.id AS id, COUNT {{ (c)-[:{ALL_RELS}]-() }} AS degree "
            "ORDER BY degree DESC, id LIMIT $limit RETURN id, degree",
            limit=limit,
        )
        return [(r["id"], r["degree"]) for r in records]

    def unresolved(self) -> list[Unresolved]:
        records = self._read(
            "MATCH (c:Card) WHERE c.unresolved_json IS NOT NULL RETURN c.unresolved_json AS json"
        )
        found = [u for r in records for u in _UNRESOLVED_LIST.validate_json(r["json"])]
        return sorted(found, key=lambda u: (u.card_id, u.group, u.target))

    def close(self) -> None:
        self._driver.close()

    # ---- writing ----

    def sync(self, catalog: CatalogGraph, progress: Progress | None = None) -> SyncReport:
        """Make the database hold exactly ``catalog``, in one transaction: a failure at any
        point (a bad batch, the server going away) leaves the graph as it was.

        Only what changed is written: cards whose content hash differs, and the edges of
        cards whose outgoing-edges hash differs (only those edges are read back to compare),
        so re-loading an unchanged catalog reads one row per card and writes nothing.
        """
        with self._translated():
            self._driver.execute_query(CONSTRAINT, database_=self.database)
        wanted = CatalogRows.of(catalog)
        with (
            self._translated(),
            self._driver.session(
                database=self.database,
                # Queries after the sync (execute_query) then see what it wrote, even in a cluster.
                bookmark_manager=self._driver.execute_query_bookmark_manager,
            ) as session,
            # What is stored is read in the same transaction that writes, on the same server.
            session.begin_transaction() as tx,
        ):
            stored_cards = {
                r["id"]: (r["content_hash"], r["edges_hash"])
                for r in tx.run(
                    "MATCH (c:Card) RETURN c.id AS id, c.content_hash AS content_hash, "
                    "c.edges_hash AS edges_hash"
                )
            }
            # New cards have no stored edges to compare: leave them out of the query.
            sources = [i for i in wanted.sources_to_check(stored_cards) if i in stored_cards]
            stored = tx.run(
                f"MATCH (a:Card)-[r:{ALL_RELS}]->(b:Card) WHERE a.id IN $sources "
                f"RETURN {_EDGE_FIELDS}",
                sources=sources,
            )
            stored_edges = {e.key: (e.note, e.reverse_note) for e in map(_edge, stored)}
            report, batches = plan_sync(wanted, stored_cards, stored_edges)
            total = sum(len(batch.items) for batch in batches)
            done = 0
            # Building card rows is a large part of a first load: a thread builds the next
            # batches' rows while this one waits for the server (the wait frees the GIL).
            # Measured: it saves about 0.5 s of 3.3 on 10,000 cards with the compiled
            # encoding (neo4j-rust-ext), nothing measurable with the pure-Python one.
            builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tradeoffs-rows")
            try:
                for batch, rows in zip(batches, builder.map(Batch.rows, batches), strict=True):
                    tx.run(batch.query, rows=rows).consume()
                    done += len(rows)
                    if progress is not None:
                        progress(done, total)
            finally:
                builder.shutdown(cancel_futures=True)
            if batches:
                tx.commit()
        return report


@dataclass
class _Ball:
    """Cards reached breadth-first from one card: each one's distance, and the edges that
    reached it from cards one layer closer (its parents)."""

    distance: dict[str, int]
    frontier: list[str]
    radius: int = 0
    parents: dict[str, list[tuple[str, Edge]]] = field(default_factory=dict)

    @classmethod
    def around(cls, card_id: str) -> _Ball:
        return cls(distance={card_id: 0}, frontier=[card_id])


_EDGE_FIELDS = (
    "a.id AS source, b.id AS target, type(r) AS type, r.note AS note, "
    "r.reverse_note AS reverse_note"
)


def _edge(record: Record) -> Edge:
    return Edge(
        source=record["source"],
        target=record["target"],
        type=EDGE_TYPE_OF[record["type"]],
        note=record["note"],
        reverse_note=record["reverse_note"],
    )


def _by_id(record: Record) -> str:
    return str(record["id"])


def _unreachable_reason(exc: BaseException) -> str:
    """The operating system's reason ("connection refused"), else "connection lost" for a
    connection that died mid-way (the driver calls it defunct), else the driver's words."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError):
            return (cause.strerror or str(cause) or type(cause).__name__).lower()
        cause = cause.__cause__ or cause.__context__
    text = str(exc)
    return "connection lost" if not text or "defunct connection" in text else text


# ---- what a sync writes ----


def card_properties(card: Card, unresolved: Iterable[Unresolved] = ()) -> dict[str, Any]:
    """The node properties of a card (see the module docstring), ``content_hash`` included.
    :func:`card_from_properties` turns them back into the same card."""
    unresolved, text = list(unresolved), search_text(card)
    return _properties(card, unresolved, text) | {
        "content_hash": content_hash(card, unresolved, text)
    }


def _properties(
    card: Card, unresolved: list[Unresolved], text: tuple[str, str, str]
) -> dict[str, Any]:
    props: dict[str, Any] = {}
    data = card.model_dump(mode="json", exclude_none=True)
    nested = _nested_facets(card.kind)
    for name, value in data.items():
        for key, item in value.items() if name in nested else [(None, value)]:
            _put(props, name if key is None else f"{name}_{key}", item)
    props |= dict(zip(("title_lc", "lead_lc", "body_lc"), text, strict=True))
    if isinstance(card, Decision) and card.key_factors:
        props["key_factors_lc"] = [factor.lower() for factor in card.key_factors]
    if unresolved:
        props["unresolved_json"] = _UNRESOLVED_LIST.dump_json(unresolved).decode()
    return props


# Bump when card_properties writes anything differently: every card is then rewritten once.
PROPERTIES_VERSION = 1


def content_hash(card: Card, unresolved: list[Unresolved], text: tuple[str, str, str]) -> str:
    """A hash of everything a card's properties are made from, cheaper than making them:
    the card, its unresolved links, its :func:`search_text` (so a change to the search
    rules in ``store.py`` rewrites the cards too) and :data:`PROPERTIES_VERSION`."""
    digest = hashlib.sha256(f"{PROPERTIES_VERSION}\0".encode())
    digest.update(card.model_dump_json().encode())
    digest.update(_UNRESOLVED_LIST.dump_json(unresolved))
    digest.update("\0".join(text).encode())
    return digest.hexdigest()


def card_from_properties(props: Mapping[str, Any]) -> Card:
    """The card whose node has ``props``: every facet is read back from its property."""
    data: dict[str, Any] = {}
    for name, model in _nested_facets(props["kind"]).items():
        value = {key: _get(props, f"{name}_{key}") for key in model.model_fields}
        data[name] = {key: item for key, item in value.items() if item is not None}
    for name in CARD_CLASSES[props["kind"]].model_fields:
        if name not in data and (value := _get(props, name)) is not None:
            data[name] = value
    return CARD_ADAPTER.validate_python(data)


def _put(props: dict[str, Any], key: str, value: Any) -> None:
    """Text and lists of text as they are; anything else (playbook steps, link entries,
    imported extras) as JSON text under ``<key>_json``; empty values left out."""
    # A first load calls this some 40 times per card: the checks stay in C where they can
    # (the type tests, and map() rather than a generator over the list).
    kind = type(value)
    if kind is str or (kind is list and all(map(isinstance, value, repeat(str)))):
        if value:
            props[key] = value
    elif kind is not dict or value:
        props[f"{key}_json"] = json.dumps(value)


def _get(props: Mapping[str, Any], key: str) -> Any:
    if f"{key}_json" in props:
        return json.loads(props[f"{key}_json"])
    return props.get(key)


@cache
def _nested_facets(kind: Kind) -> dict[str, type[BaseModel]]:
    """Facets that are objects (options, warning signs, links ...): stored one property per
    field, ``<facet>_<field>``, so Cypher can read ``option_a_name`` directly."""
    return {
        name: info.annotation
        for name, info in CARD_CLASSES[kind].model_fields.items()
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
    }


# New cards and edges are CREATEd, not MERGEd: the sync has just read what exists, and the
# uniqueness constraint fails the whole load if another writer got there in between.


def _create_cards(kind: Kind) -> str:
    return f"UNWIND $rows AS row CREATE (c:Card:{KIND_LABELS[kind]}) SET c = row"


def _update_cards(kind: Kind) -> str:
    # SET c = row replaces every property, so a facet removed from the file goes too;
    # the kind labels are reset in case the card changed kind.
    return (
        "UNWIND $rows AS row MATCH (c:Card {id: row.id}) SET c = row "
        f"REMOVE c:{':'.join(KIND_LABELS.values())} SET c:{KIND_LABELS[kind]}"
    )


def _create_edges(edge_type: EdgeType) -> str:
    return (
        "UNWIND $rows AS row MATCH (a:Card {id: row.source}) MATCH (b:Card {id: row.target}) "
        f"CREATE (a)-[:{REL_TYPES[edge_type]} "
        "{note: row.note, reverse_note: row.reverse_note}]->(b)"
    )


def _update_edges(edge_type: EdgeType) -> str:
    return (
        f"UNWIND $rows AS row MATCH (:Card {{id: row.source}})-[r:{REL_TYPES[edge_type]}]->"
        "(:Card {id: row.target}) SET r.note = row.note, r.reverse_note = row.reverse_note"
    )


def _delete_edges(edge_type: EdgeType) -> str:
    return (
        f"UNWIND $rows AS row MATCH (:Card {{id: row.source}})-[r:{REL_TYPES[edge_type]}]->"
        "(:Card {id: row.target}) DELETE r"
    )


DELETE_CARDS = "UNWIND $rows AS id MATCH (c:Card {id: id}) DETACH DELETE c"
SET_EDGES_HASH = "UNWIND $rows AS row MATCH (c:Card {id: row.id}) SET c.edges_hash = row.edges_hash"


StoredCards = Mapping[str, tuple[str | None, str | None]]
"""Card id -> (content hash, outgoing-edges hash) as stored."""


@dataclass
class CatalogRows:
    """A catalog as a sync sees it: per card, its content hash and the hash of its outgoing
    edges (``edges_hash``), and the node properties of any card that has to be written."""

    catalog: CatalogGraph
    unresolved: dict[str, list[Unresolved]]
    edges: dict[str, list[Edge]]  # by source card
    texts: dict[str, tuple[str, str, str]]  # search text, computed once per card
    hashes: dict[str, tuple[str, str]]  # card id -> (content hash, edges hash)

    @classmethod
    def of(cls, catalog: CatalogGraph) -> CatalogRows:
        unresolved: dict[str, list[Unresolved]] = {}
        for link in catalog.unresolved:
            unresolved.setdefault(link.card_id, []).append(link)
        edges: dict[str, list[Edge]] = {}
        for edge in catalog.edges:
            edges.setdefault(edge.source, []).append(edge)
        texts = {card_id: search_text(card) for card_id, card in sorted(catalog.cards.items())}
        hashes = {
            card_id: (
                content_hash(catalog.cards[card_id], unresolved.get(card_id, []), text),
                _edges_hash(edges.get(card_id, [])),
            )
            for card_id, text in texts.items()
        }
        return cls(catalog=catalog, unresolved=unresolved, edges=edges, texts=texts, hashes=hashes)

    def row(self, card_id: str) -> dict[str, Any]:
        """The properties to write for the card, both hashes included."""
        content, edges = self.hashes[card_id]
        card, unresolved = self.catalog.cards[card_id], self.unresolved.get(card_id, [])
        props = _properties(card, unresolved, self.texts[card_id])
        return props | {"content_hash": content, "edges_hash": edges}

    def sources_to_check(self, stored: StoredCards) -> list[str]:
        """Cards whose outgoing edges may differ from the stored ones (new and removed
        cards included): only their edges are compared one by one."""
        return sorted(
            card_id
            for card_id in stored.keys() | self.hashes.keys()
            if stored.get(card_id, (None, None))[1] != self.hashes.get(card_id, (None, None))[1]
        )


def _edges_hash(edges: list[Edge]) -> str:
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


def grass_style() -> str:
    """A Neo4j Browser style sheet (GRASS): a colour per kind, cards captioned by title,
    relationships by type. Load it in Browser with ``:style`` and drop the file."""
    rules = [
        "node {\n  diameter: 50px;\n  color: #A5ABB6;\n  border-color: #9AA1AC;\n"
        "  border-width: 2px;\n  text-color-internal: #FFFFFF;\n  font-size: 10px;\n}",
        "relationship {\n  color: #A5ABB6;\n  shaft-width: 1px;\n  font-size: 8px;\n"
        "  padding: 3px;\n  text-color-external: #000000;\n  text-color-internal: #FFFFFF;\n"
        '  caption: "<type>";\n}',
        'node.Card {\n  caption: "{title}";\n}',
    ]
    for kind, (fill, border) in KIND_COLOURS.items():
        text = "#000000" if kind == "red_flag" else "#FFFFFF"  # dark text on the light amber
        rules.append(
            f"node.{KIND_LABELS[kind]} {{\n  color: {fill};\n  border-color: {border};\n"
            f'  text-color-internal: {text};\n  caption: "{{title}}";\n}}'
        )
    return "\n\n".join(rules) + "\n"
