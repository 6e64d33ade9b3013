"""The Neo4j store: a :class:`~tradeoffs.graph.store.GraphStore` answered in Cypher, and the
sync that fills it (read, plan with :mod:`.sync`, write, in one transaction).

The driver is imported only here, and only when a store is opened. Only tradeoffs' own card
nodes (:func:`~tradeoffs.graph.neo4j.schema.own`) are ever read, counted or changed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tradeoffs.errors import CardNotFound, StoreError
from tradeoffs.graph.build import CatalogGraph, build_graph
from tradeoffs.graph.neo4j.schema import (
    ALL_RELS,
    CONSTRAINT,
    EDGE_TYPE_OF,
    card_from_properties,
    label,
    own,
    rel_type,
    unresolved_from_json,
)
from tradeoffs.graph.neo4j.settings import (
    DEFAULT_DATABASE,
    DEFAULT_TIMEOUT,
    DEFAULT_URI,
    Neo4jSettings,
)
from tradeoffs.graph.neo4j.sync import (
    LOCK_CONSTRAINT,
    STORED_CARDS,
    TAKE_LOCK,
    Batch,
    CatalogRows,
    SyncReport,
    check_removals,
    plan_sync,
)
from tradeoffs.graph.store import (
    BODY_WEIGHT,
    LEAD_WEIGHT,
    TITLE_WEIGHT,
    Counts,
    Reached,
    suggest,
)
from tradeoffs.models import Card, Edge, Provenance, Unresolved
from tradeoffs.vocabulary import EDGE_TYPES, KINDS, EdgeType, Kind

if TYPE_CHECKING:
    from neo4j import Driver, Record

"""Seconds to wait for a server to connect and answer the handshake before giving up."""
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

OUT_OF_TRANSACTION_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"

OWN_C = own("c")
OWN_AB = f"{own('a')} AND {own('b')}"

Progress = Callable[[int, int], None]
"""Called after each batch of a sync with (rows written so far, rows to write in all)."""


class Neo4jStore:
    """A :class:`~tradeoffs.graph.store.GraphStore` over a Neo4j database, which
    :meth:`sync` fills from a catalog. Every driver or server error leaves as one-line
    :class:`StoreError` naming the URI, never the password. ``timeout`` bounds connecting
    (a server that accepts and never answers fails after it)."""

    def __init__(
        self,
        uri: str = DEFAULT_URI,
        auth: tuple[str, str] | None = None,
        database: str = DEFAULT_DATABASE,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        check_uri(uri)
        self.uri = uri
        self.database = database
        self.timeout = timeout
        self._user = auth[0] if auth else None
        self._password = auth[1] if auth else None
        import neo4j

        # Notifications off: the server's "unknown label or property" hints about an empty
        # database would otherwise be logged as warnings on every query.
        with self._translated():
            self._driver: Driver = neo4j.GraphDatabase.driver(
                uri,
                auth=auth,
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
                connection_timeout=timeout,
                connection_acquisition_timeout=timeout,
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
        """Connect as the ``TRADEOFFS_NEO4J_*`` variables say (:class:`Neo4jSettings`)."""
        return cls.connect(Neo4jSettings.from_env(env))

    @classmethod
    def connect(cls, settings: Neo4jSettings) -> Neo4jStore:
        return cls(settings.uri, settings.auth, settings.database, settings.timeout)

    # ---- errors ----

    @contextmanager
    def _translated(self) -> Iterator[None]:
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            yield
        except (DriverError, Neo4jError) as exc:
            raise StoreError(self.describe(exc)) from exc

    def describe(self, exc: Exception) -> str:
        """A driver or server error as one line that names the URI and never the password.

        Only the words the driver or server wrote are checked for the password, and if they
        hold it they are left out whole: starring it out would show where it was, and a short
        password would star out the same letters everywhere."""
        from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

        if isinstance(exc, AuthError):
            who = f"user {self._user!r}" if self._user else "a connection without credentials"
            return (
                f"Neo4j at {self.uri} refused {who}: authentication failed "
                "(check TRADEOFFS_NEO4J_USER and TRADEOFFS_NEO4J_PASSWORD)"
            )
        if isinstance(exc, Neo4jError) and exc.code == "Neo.ClientError.Database.DatabaseNotFound":
            return (
                f"Neo4j at {self.uri} has no database {self.database!r} "
                "(check TRADEOFFS_NEO4J_DATABASE)"
            )
        if isinstance(exc, Neo4jError) and exc.code == OUT_OF_TRANSACTION_MEMORY:
            return (
                f"Neo4j at {self.uri} ran out of transaction memory: {self._said(exc.message)} "
                "(a load writes every changed card in one transaction, so that a failure "
                "changes nothing; raise db.memory.transaction.max on the server)"
            )
        if isinstance(exc, ServiceUnavailable | SessionExpired):
            # The operating system's words hold no secret; the driver's are checked.
            reason, from_driver = _unreachable_reason(exc, self.timeout)
            return (
                f"cannot reach Neo4j at {self.uri}: {self._said(reason) if from_driver else reason}"
            )
        if isinstance(exc, Neo4jError):
            return f"Neo4j at {self.uri} failed: {exc.code}: {self._said(exc.message)}"
        return f"Neo4j at {self.uri} failed: {type(exc).__name__}: {self._said(str(exc))}"

    def _said(self, text: str | None) -> str:
        """Words from the driver or server, on one line, or a placeholder if they hold the
        password."""
        text = " ".join((text or "").split())
        if self._password and self._password in text:
            return "(details withheld: they contained the password)"
        return text

    # ---- reading ----

    def _read(self, query: str, **params: Any) -> list[Record]:
        from neo4j import RoutingControl

        with self._translated():
            records, _, _ = self._driver.execute_query(
                query, params, routing_=RoutingControl.READ, database_=self.database
            )
        return list(records)

    def _require(self, *ids: str) -> None:
        records = self._read(
            f"MATCH (c:Card) WHERE c.id IN $ids AND {OWN_C} RETURN c.id AS id", ids=list(ids)
        )
        found = {r["id"] for r in records}
        for card_id in ids:
            if card_id not in found:
                raise CardNotFound(card_id, suggest(card_id, self.card_ids()))

    def card(self, card_id: str) -> Card:
        records = self._read(
            f"MATCH (c:Card {{id: $id}}) WHERE {OWN_C} RETURN properties(c) AS card", id=card_id
        )
        if not records:
            raise CardNotFound(card_id, suggest(card_id, self.card_ids()))
        return card_from_properties(records[0]["card"])

    def cards(self, ids: Collection[str] | None = None) -> list[Card]:
        if ids is None:
            records = self._read(
                f"MATCH (c:Card) WHERE {OWN_C} RETURN c.id AS id, properties(c) AS card"
            )
        else:
            records = self._read(
                f"MATCH (c:Card) WHERE c.id IN $ids AND {OWN_C} "
                "RETURN c.id AS id, properties(c) AS card",
                ids=list(set(ids)),
            )
        return [card_from_properties(r["card"]) for r in sorted(records, key=_by_id)]

    def card_ids(self) -> list[str]:
        return sorted(
            r["id"] for r in self._read(f"MATCH (c:Card) WHERE {OWN_C} RETURN c.id AS id")
        )

    def edges(self, ids: Collection[str] | None = None) -> list[Edge]:
        match = f"MATCH (a:Card)-[r:{ALL_RELS}]->(b:Card) WHERE {OWN_AB}"
        if ids is None:
            records = self._read(f"{match} RETURN {_EDGE_FIELDS}")
        else:
            records = self._read(
                f"{match} AND a.id IN $ids AND b.id IN $ids RETURN {_EDGE_FIELDS}",
                ids=list(set(ids)),
            )
        return sorted((_edge(r) for r in records), key=lambda e: e.key)

    def boundary(self, ids: Collection[str]) -> list[Edge]:
        records = self._read(
            f"MATCH (a:Card)-[r:{ALL_RELS}]->(b:Card) WHERE {OWN_AB} "
            f"AND (a.id IN $ids) <> (b.id IN $ids) RETURN {_EDGE_FIELDS}",
            ids=list(set(ids)),
        )
        return sorted((_edge(r) for r in records), key=lambda e: e.key)

    def _expand(
        self, frontier: list[str], seen: Collection[str], types: Collection[EdgeType] | None
    ) -> list[tuple[str, str, Edge]]:
        """(frontier card, card beyond it, edge between them) for every edge of ``types``
        from a frontier card to a card not in ``seen``: one breadth-first layer."""
        rels = (
            ALL_RELS if types is None else "|".join(rel_type(t) for t in types if t in EDGE_TYPES)
        )
        if not rels:
            return []
        records = self._read(
            f"UNWIND $frontier AS here MATCH (a:Card {{id: here}})-[r:{rels}]-(b:Card) "
            f"WHERE {OWN_AB} AND NOT b.id IN $seen RETURN here, b.id AS other, "
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
            f"MATCH (c:Card) WHERE {OWN_C} AND ($kinds IS NULL OR c.kind IN $kinds) "
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
            f"MATCH (c:Card:{label('decision')}) WHERE {OWN_C} AND c.key_factors_lc IS NOT NULL "
            "WITH c, [i IN range(0, size(c.key_factors_lc) - 1)"
            " WHERE c.key_factors_lc[i] CONTAINS $needle | c.key_factors[i]] AS matched "
            "WHERE size(matched) > 0 RETURN c.id AS id, matched",
            needle=name.lower(),
        )
        return [(r["id"], list(r["matched"])) for r in sorted(records, key=_by_id)]

    def counts(self) -> Counts:
        kinds = {
            r["kind"]: r["n"]
            for r in self._read(
                f"MATCH (c:Card) WHERE {OWN_C} RETURN c.kind AS kind, count(*) AS n"
            )
        }
        rels = {
            r["type"]: r["n"]
            for r in self._read(
                f"MATCH (a:Card)-[r:{ALL_RELS}]->(b:Card) WHERE {OWN_AB} "
                "RETURN type(r) AS type, count(*) AS n"
            )
        }
        [pairs] = self._read(
            f"MATCH (a:Card)-[:{ALL_RELS}]->(b:Card) WHERE {OWN_AB} "
            "RETURN count(DISTINCT CASE WHEN a.id < b.id THEN [a.id, b.id] ELSE [b.id, a.id] END) AS n"
        )
        return Counts(
            nodes_by_kind={kind: kinds.get(kind, 0) for kind in KINDS},
            edges_by_type={t: rels.get(rel_type(t), 0) for t in EDGE_TYPES},
            relations=pairs["n"],
        )

    def degrees(self, limit: int) -> list[tuple[str, int]]:
        records = self._read(
            f"MATCH (c:Card) WHERE {OWN_C} "
            f"WITH c.id AS id, COUNT {{ (c)-[:{ALL_RELS}]-(b:Card) WHERE {own('b')} }} AS degree "
            "ORDER BY degree DESC, id LIMIT $limit RETURN id, degree",
            limit=limit,
        )
        return [(r["id"], r["degree"]) for r in records]

    def provenance(self, ids: Collection[str] | None = None) -> dict[str, Provenance]:
        records = self._read(
            f"MATCH (c:Card) WHERE {OWN_C} AND c.origin IS NOT NULL "
            "AND ($ids IS NULL OR c.id IN $ids) "
            "RETURN c.id AS id, c.origin AS origin, c.source AS source ORDER BY id",
            ids=None if ids is None else sorted(set(ids)),
        )
        return {r["id"]: Provenance(catalog=r["origin"], file=r["source"]) for r in records}

    def unresolved(self) -> list[Unresolved]:
        records = self._read(
            f"MATCH (c:Card) WHERE {OWN_C} AND c.unresolved_json IS NOT NULL "
            "RETURN c.unresolved_json AS json"
        )
        found = [u for r in records for u in unresolved_from_json(r["json"])]
        return sorted(found, key=lambda u: (u.card_id, u.group, u.target))

    def close(self) -> None:
        self._driver.close()

    # ---- writing ----

    def sync(
        self,
        catalog: CatalogGraph,
        progress: Progress | None = None,
        *,
        force: bool = False,
        dry_run: bool = False,
    ) -> SyncReport:
        """Make the database hold exactly ``catalog``, in one transaction: a failure at any
        point (a bad batch, the server going away) leaves the graph as it was.

        Only what changed is written: cards whose content hash differs, and the edges of
        cards whose outgoing-edges hash differs (only those edges are read back to compare),
        so re-loading an unchanged catalog reads one row per card and writes nothing.

        - ``catalog.sources``: each card's file, relative to its catalog folder, stored on its
          node.
        - ``catalog.failed`` (files, as in ``sources``, that did not become a card) or a
          catalog that is not ``complete`` (a folder that could not be read): the catalog was
          not read completely, so nothing is removed: stored cards it lacks keep their stored
          version (the report's ``kept``, and ``kept_failed`` for those whose stored
          ``source`` is one of the failed files).
        - Removing every stored card, or more than half, raises :class:`LoadRefused` unless
          ``force``.
        - ``dry_run``: plan and report, write nothing.

        Loads are serialised: each takes a lock inside its transaction before reading what
        is stored, so two loads at once end with one catalog, the one committed last.
        """
        with self._translated():
            self._driver.execute_query(CONSTRAINT, database_=self.database)
            self._driver.execute_query(LOCK_CONSTRAINT, database_=self.database)
        with (
            self._translated(),
            self._driver.session(
                database=self.database,
                # Queries after the sync (execute_query) then see what it wrote, even in a cluster.
                bookmark_manager=self._driver.execute_query_bookmark_manager,
            ) as session,
            # What is stored is read in the same transaction that writes, on the same server,
            # after the lock: a load waiting for another reads what that one committed.
            session.begin_transaction() as tx,
        ):
            tx.run(TAKE_LOCK).consume()
            stored_rows = list(tx.run(STORED_CARDS))
            stored_cards = {r["id"]: (r["content_hash"], r["edges_hash"]) for r in stored_rows}
            kept: list[str] = []
            kept_failed: list[str] = []
            sources: dict[str, str] = dict(catalog.sources)
            origins: dict[str, str] = dict(catalog.origins)
            if catalog.failed or not catalog.complete:
                # Not read whole: the stored cards it lacks stay, as stored, and join the
                # catalog so that the links to them and their own edges stay too.
                stored_source = {r["id"]: r["source"] for r in stored_rows}
                kept = sorted(set(stored_cards) - set(catalog.cards))
                failed_set = set(catalog.failed)
                kept_failed = [i for i in kept if stored_source[i] in failed_set]
                if kept:
                    records = tx.run(
                        f"MATCH (c:Card) WHERE c.id IN $ids AND {OWN_C} "
                        "RETURN properties(c) AS card",
                        ids=kept,
                    )
                    cards = dict(catalog.cards)
                    cards.update(
                        (c.id, c) for c in (card_from_properties(r["card"]) for r in records)
                    )
                    catalog = build_graph(cards)
                    sources |= {i: stored_source[i] for i in kept if stored_source[i] is not None}
                    stored_origin = {r["id"]: r["origin"] for r in stored_rows}
                    origins |= {i: stored_origin[i] for i in kept if stored_origin[i] is not None}
            wanted = CatalogRows.of(catalog, sources, origins)
            # New cards have no stored edges to compare: leave them out of the query.
            to_check = [i for i in wanted.sources_to_check(stored_cards) if i in stored_cards]
            stored = tx.run(
                f"MATCH (a:Card)-[r:{ALL_RELS}]->(b:Card) WHERE a.id IN $sources AND {OWN_AB} "
                f"RETURN {_EDGE_FIELDS}",
                sources=to_check,
            )
            stored_edges = {e.key: (e.note, e.reverse_note) for e in map(_edge, stored)}
            report, batches = plan_sync(wanted, stored_cards, stored_edges)
            report = report.model_copy(
                update={
                    "cards_kept": len(kept),
                    "kept": kept,
                    "kept_failed": kept_failed,
                    "cards_unchanged": report.cards_unchanged
                    - sum(1 for i in kept if i not in report.updated),
                    "dry_run": dry_run,
                }
            )
            check_removals(report, len(stored_cards), force=force)
            if dry_run:
                return report  # the transaction rolls back: nothing written
            self._write(tx, batches, progress)
        return report

    @staticmethod
    def _write(tx: Any, batches: list[Batch], progress: Progress | None) -> None:
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


def check_uri(uri: str) -> None:
    """A URI the driver can use, or one line saying what is wrong with it."""
    parts = urlsplit(uri)
    if parts.scheme not in URI_SCHEMES or not parts.hostname:
        raise StoreError(
            f"not a Neo4j URI: {uri!r} (expected {', '.join(s + '://' for s in URI_SCHEMES)})"
        )
    if parts.password is not None:
        # Naming the URI in messages would then show it: the password has its own variable.
        raise StoreError("put the Neo4j password in TRADEOFFS_NEO4J_PASSWORD, not in the URI")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise StoreError(f"not a Neo4j URI: {uri!r} (the port must be a number from 1 to 65535)")


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


def _unreachable_reason(exc: BaseException, timeout: float) -> tuple[str, bool]:
    """The operating system's reason ("connection refused"), "no answer within N s" for a
    server that stayed silent, else "connection lost" for a connection that died mid-way
    (the driver calls it defunct), else the driver's words; and whether they are the
    driver's."""
    silent = f"no answer within {timeout:g} s (set TRADEOFFS_NEO4J_TIMEOUT to wait longer)"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, TimeoutError):
            return silent, False
        if isinstance(cause, OSError):
            return (cause.strerror or type(cause).__name__).lower(), False
        cause = cause.__cause__ or cause.__context__
    text = str(exc)
    if "timed out" in text.lower():
        return silent, False
    if not text or "defunct connection" in text:
        return "connection lost", False
    return text, True
