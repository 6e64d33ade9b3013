"""The Neo4j store: a :class:`~tradeoffs.graph.store.GraphStore` answered in Cypher, and the
sync that fills it (read, plan with :mod:`.sync`, write, in one transaction).

The driver is imported only here, and only when a store is opened. Only tradeoffs' own card
nodes (:func:`~tradeoffs.formats.neo4j_schema.own`) are ever read, counted or changed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from pydantic import ValidationError

from tradeoffs.errors import (
    CardNotFound,
    CatalogChanged,
    LoadRefused,
    Problem,
    Report,
    StoreError,
    TradeoffsError,
    shown,
)
from tradeoffs.formats.neo4j_schema import (
    ALL_RELS,
    CONSTRAINT,
    EDGE_TYPE_OF,
    card_from_properties,
    label,
    list_properties,
    own,
    rel_type,
    unresolved_from_json,
)
from tradeoffs.graph.build import CatalogGraph, build_graph
from tradeoffs.graph.neo4j.settings import (
    DEFAULT_DATABASE,
    DEFAULT_TIMEOUT,
    DEFAULT_URI,
    MAX_TIMEOUT,
    Neo4jSettings,
)
from tradeoffs.graph.neo4j.sync import (
    FOREIGN_HOLDERS,
    LOCK_CONSTRAINT,
    STORED_CARDS,
    TAKE_LOCK,
    UNFIT_IDS,
    Batch,
    CatalogRows,
    SyncReport,
    plan_sync,
    removal_refusal,
)
from tradeoffs.graph.store import (
    BODY_WEIGHT,
    LEAD_WEIGHT,
    TITLE_WEIGHT,
    Counts,
    Reached,
    suggest,
)
from tradeoffs.models import Card, CardRef, Edge, Provenance, Unresolved
from tradeoffs.vocabulary import EDGE_TYPES, KINDS, EdgeType, Kind

if TYPE_CHECKING:
    from neo4j import Driver, Record

URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

OUT_OF_TRANSACTION_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"

OWN_C = own("c")
OWN_AB = f"{own('a')} AND {own('b')}"

Progress = Callable[[int, int], None]
"""Called after each batch of a sync with (rows written so far, rows to write in all)."""

_T = TypeVar("_T")

# The driver logs a stalled or dropped connection as a warning; without a handler of the
# application's, Python would print it raw on stderr beside our one-line StoreError.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


class _Cancelled(Exception):
    """Raised inside a sync whose caller gave up (a stalled server, Ctrl-C): never commit."""


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
        report: Report | None = None,
    ) -> None:
        check_uri(uri)
        for what, text in (
            ("user", auth[0] if auth else ""),
            ("password", auth[1] if auth else ""),
            ("database name", database),
        ):
            check_text(what, text)
        if not 0 < timeout <= MAX_TIMEOUT:
            raise StoreError(
                f"the Neo4j timeout must be above 0 and at most {MAX_TIMEOUT:g} seconds, "
                "not {value}",
                value=timeout,
            )
        self.uri = uri
        self.database = database
        self.timeout = timeout
        self._auth = auth
        self._user = auth[0] if auth else None
        self._password = auth[1] if auth else None
        self._stalled = False
        self._report = report
        self.unfit: dict[str, str] = {}
        """Stored nodes and relationships left out because they do not fit (by what they
        are, ``card 'x'`` or ``edge a -TYPE-> b``), and why."""
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
            self._call(self._driver.verify_connectivity)
        except StoreError:
            self.close()
            raise

    @classmethod
    def from_env(cls, env: Mapping[str, str], report: Report | None = None) -> Neo4jStore:
        """Connect as the ``TRADEOFFS_NEO4J_*`` variables say (:class:`Neo4jSettings`)."""
        return cls.connect(Neo4jSettings.from_env(env), report)

    @classmethod
    def connect(cls, settings: Neo4jSettings, report: Report | None = None) -> Neo4jStore:
        """A store on ``settings``; stored data that does not fit is left out and, once
        per node, told to ``report``."""
        return cls(settings.uri, settings.auth, settings.database, settings.timeout, report)

    def _left_out(self, what: str, why: str) -> None:
        """Stored data is untrusted: a node or relationship that does not fit (a property
        edited by hand) is left out of every answer, and said once."""
        if what not in self.unfit:
            self.unfit[what] = why
            if self._report is not None:
                self._report(
                    Problem(
                        None,
                        None,
                        None,
                        f"Neo4j at {self.uri}: {what} left out, it does not fit ({why}); "
                        "a load of its catalog rewrites it",
                    )
                )

    # ---- deadlines ----

    def _call(self, work: Callable[[], _T]) -> _T:
        """``work`` (driver calls), on a thread of its own, waited for while the server
        answers; driver and server errors come out as :class:`StoreError`.

        The driver waits for a silent server forever (or for as long as the server once
        hinted), so the deadline is kept here: whenever half the timeout passes with the
        work not done, a new connection asks whether the server is there
        (:meth:`_answers`); if it does not answer within the other half, the server has
        stalled, and the call fails with one line about a timeout after the server went
        silent. A long load, or one waiting for another load's lock, goes on as long as the
        server answers. The abandoned thread is a daemon: it never holds the process up."""
        if self._stalled:
            raise StoreError(f"cannot reach Neo4j at {self.uri}: {_silent(self.timeout)}")
        done = threading.Event()
        outcome: list[tuple[bool, Any]] = []

        def run() -> None:
            try:
                outcome.append((True, work()))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
                outcome.append((False, exc))
            finally:
                done.set()

        threading.Thread(target=run, name="tradeoffs-neo4j", daemon=True).start()
        while not done.wait(self.timeout / 2):
            if not self._answers():
                self._stalled = True
                raise StoreError(f"cannot reach Neo4j at {self.uri}: {_silent(self.timeout)}")
        ok, value = outcome[0]
        if ok:
            return value  # type: ignore[no-any-return]
        with self._translated():
            raise value

    def _answers(self) -> bool:
        """Whether the server answers a new connection within half the timeout."""
        import neo4j

        half = self.timeout / 2
        answered = threading.Event()

        def ping() -> None:
            try:
                with neo4j.GraphDatabase.driver(
                    self.uri,
                    auth=self._auth,
                    connection_timeout=half,
                    connection_acquisition_timeout=half,
                ) as driver:
                    driver.verify_connectivity()
                answered.set()
            except Exception:  # noqa: BLE001, S110 - no answer is the answer
                pass

        threading.Thread(target=ping, name="tradeoffs-neo4j-ping", daemon=True).start()
        return answered.wait(half)

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

        records, _, _ = self._call(
            lambda: self._driver.execute_query(
                query, params, routing_=RoutingControl.READ, database_=self.database
            )
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
        card = _fitting_card(records[0]["card"])
        if isinstance(card, str):
            raise StoreError(
                f"Neo4j at {self.uri} holds card {{value}} in a form that does not fit "
                f"({card}); a load of its catalog rewrites it",
                value=card_id,
            )
        return card

    def refs(self, ids: Collection[str]) -> list[CardRef]:
        return [CardRef.of(card) for card in self.cards(ids)]

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
        cards = []
        for record in sorted(records, key=_by_id):
            card = _fitting_card(record["card"])
            if isinstance(card, str):
                self._left_out(f"card {record['id']!r}", card)
            else:
                cards.append(card)
        return cards

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
        return self._edges(records)

    def boundary(self, ids: Collection[str]) -> list[Edge]:
        records = self._read(
            f"MATCH (a:Card)-[r:{ALL_RELS}]->(b:Card) WHERE {OWN_AB} "
            f"AND (a.id IN $ids) <> (b.id IN $ids) RETURN {_EDGE_FIELDS}",
            ids=list(set(ids)),
        )
        return self._edges(records)

    def _edges(self, records: list[Record]) -> list[Edge]:
        edges = []
        for record in records:
            edge = _fitting_edge(record)
            if isinstance(edge, str):
                self._left_out(_edge_name(record), edge)
            else:
                edges.append(edge)
        return sorted(edges, key=lambda e: e.key)

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
        found = []
        for record in records:
            edge = _fitting_edge(record)
            if isinstance(edge, str):
                self._left_out(_edge_name(record), edge)
            else:
                found.append((record["here"], record["other"], edge))
        return found

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
            " + CASE WHEN NOT c.title_lc IS :: STRING THEN 0"
            " WHEN c.title_lc CONTAINS term THEN $title_weight ELSE 0 END"
            " + CASE WHEN NOT c.lead_lc IS :: STRING THEN 0"
            " WHEN c.lead_lc CONTAINS term THEN $lead_weight ELSE 0 END"
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
            # Stored data is untrusted: lists that lost their shape match nothing.
            "WITH c, CASE WHEN c.key_factors_lc IS :: LIST<STRING NOT NULL> "
            "AND c.key_factors IS :: LIST<STRING NOT NULL> "
            "AND size(c.key_factors_lc) = size(c.key_factors) "
            "THEN [c.key_factors_lc, c.key_factors] ELSE [[], []] END AS both "
            "WITH c, [i IN range(0, size(both[0]) - 1)"
            " WHERE both[0][i] CONTAINS $needle | both[1][i]] AS matched "
            "WHERE size(matched) > 0 RETURN c.id AS id, matched",
            needle=name.lower(),
        )
        return [(r["id"], list(r["matched"])) for r in sorted(records, key=_by_id)]

    def counts(self) -> Counts:
        kinds = {
            r["kind"]: r["n"]
            for r in self._read(
                f"MATCH (c:Card) WHERE {OWN_C} AND c.kind IN $kinds "
                "RETURN c.kind AS kind, count(*) AS n",
                kinds=list(KINDS),
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
        found = {}
        for record in records:
            try:
                found[record["id"]] = Provenance(catalog=record["origin"], file=record["source"])
            except ValidationError as exc:
                self._left_out(f"card {record['id']!r}", _why(exc))
        return found

    def unresolved(self) -> list[Unresolved]:
        records = self._read(
            f"MATCH (c:Card) WHERE {OWN_C} AND c.unresolved_json IS NOT NULL "
            "RETURN c.id AS id, c.unresolved_json AS json"
        )
        found = []
        for record in records:
            try:
                found += unresolved_from_json(record["json"])
            except (ValidationError, TypeError) as exc:
                self._left_out(f"card {record['id']!r}", _why(exc))
        return sorted(found, key=lambda u: (u.card_id, u.group, u.target))

    def close(self) -> None:
        """Close the connections; never waits longer than the timeout (closing says goodbye
        to the server, which a stalled one would never read), never raises."""
        closing = threading.Thread(target=self._close_quietly, name="tradeoffs-neo4j", daemon=True)
        closing.start()
        closing.join(0 if self._stalled else self.timeout)

    def _close_quietly(self) -> None:
        try:
            self._driver.close()
        except Exception:  # noqa: BLE001, S110 - a connection that fails to close is closed
            pass

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
        - ``catalog.folders``: each card's folder, stored on its node; a stored card the
          catalog lacks is removed only if its folder is one of ``catalog.read`` (a catalog
          built in memory reads none, and stands for the cards stored without a folder);
          the others stay (the report's ``kept_elsewhere``).
        - ``catalog.failed`` (files, as in ``sources``, that did not become a card) or a
          catalog that is not ``complete`` (a folder that could not be read): the catalog was
          not read completely, so nothing is removed: stored cards it lacks keep their stored
          version (the report's ``kept``, and ``kept_failed`` for those whose stored
          ``source`` is one of the failed files).
        - Removing every stored card of the folders read, or more than half, raises
          :class:`LoadRefused` unless ``force``.
        - A file of ``catalog.snapshot`` that changed since it was read raises
          :class:`CatalogChanged` before anything is committed.
        - A ``:Card`` node that tradeoffs did not write holding an id to add raises
          :class:`StoreError`, in a dry run too.
        - ``dry_run``: plan and report, write nothing; a refusal is reported, not raised.

        Loads are serialised: each takes a lock inside its transaction before reading what
        is stored, so two loads at once end with one catalog, the one committed last.
        """
        cancel = threading.Event()
        try:
            return self._call(lambda: self._sync(catalog, progress, force, dry_run, cancel))
        except BaseException:
            cancel.set()  # the caller gave up (a stalled server, Ctrl-C): never commit
            raise

    def _sync(
        self,
        catalog: CatalogGraph,
        progress: Progress | None,
        force: bool,
        dry_run: bool,
        cancel: threading.Event,
    ) -> SyncReport:
        self._driver.execute_query(CONSTRAINT, database_=self.database)
        self._driver.execute_query(LOCK_CONSTRAINT, database_=self.database)
        with (
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
            plan = self._plan(tx, catalog, force=force, dry_run=dry_run)
            if plan.refusal is not None and not dry_run:
                raise plan.refusal
            if dry_run:
                _check_snapshot(catalog)
                return plan.report  # the transaction rolls back: nothing written
            self._write(tx, plan.batches, progress, cancel, catalog)
        return plan.report

    def _plan(self, tx: Any, catalog: CatalogGraph, *, force: bool, dry_run: bool) -> _Plan:
        """Read what is stored (under the lock) and plan the writes that make it ``catalog``.

        A stored card the catalog lacks is removed only when the load read that card's
        folder, and read every folder completely; any other stays as stored, joining the
        catalog so that its edges stay too. A stored node whose properties lost their shape
        is rewritten when the catalog has its card, else left alone and reported."""
        stored_rows = [_stored(r) for r in tx.run(STORED_CARDS, lists=list_properties())]
        unfit = [f"a :Card node whose id is not text ({shown(r['id'])})" for r in tx.run(UNFIT_IDS)]
        # A node whose properties do not fit, and whose card the catalog has, is stored with
        # no usable hash: it is rewritten. One of another folder is left as it is.
        stored_cards = {
            r.id: (None if r.misfits and r.id in catalog.cards else r.content_hash, r.edges_hash)
            for r in stored_rows
        }
        by_id = {r.id: r for r in stored_rows}
        # A catalog built in memory read no folder: it stands for the cards stored without one.
        read: set[str | None] = set(catalog.read) if catalog.read else {None}
        failed = set(catalog.failed)
        whole = not failed and catalog.complete
        missing = sorted(set(stored_cards) - set(catalog.cards))
        removable = [i for i in missing if whole and by_id[i].folder_key in read]
        kept = [i for i in missing if i not in removable]
        sources = dict(catalog.sources)
        origins = dict(catalog.origins)
        folders = dict(catalog.folders)
        if kept:
            records = tx.run(
                f"MATCH (c:Card) WHERE c.id IN $ids AND {OWN_C} RETURN c.id AS id, "
                "properties(c) AS card",
                ids=kept,
            )
            cards = dict(catalog.cards)
            for record in records:
                card = _fitting_card(record["card"])
                if isinstance(card, str):  # left alone: neither read, rewritten nor removed
                    unfit.append(f"card {record['id']!r}: {card}")
                    del stored_cards[record["id"]]
                    continue
                cards[card.id] = card
                row = by_id[card.id]
                for into, value in (
                    (sources, row.source),
                    (origins, row.origin),
                    (folders, row.folder),
                ):
                    if value is not None:
                        into[card.id] = value
            catalog = build_graph(cards)  # the kept cards' links and edges stay too
        kept = [i for i in kept if i in stored_cards]
        unfit += [
            f"card {r.id!r}: {', '.join(r.misfits)} not as written"
            for r in stored_rows
            if r.misfits and r.id in kept
        ]
        wanted = CatalogRows.of(catalog, sources, origins, folders)
        # New cards have no stored edges to compare: leave them out of the query.
        to_check = [i for i in wanted.sources_to_check(stored_cards) if i in stored_cards]
        stored = tx.run(
            f"MATCH (a:Card)-[r:{ALL_RELS}]->(b:Card) WHERE a.id IN $sources AND {OWN_AB} "
            f"RETURN {_EDGE_FIELDS}",
            sources=to_check,
        )
        stored_edges: dict[tuple[str, str, str], tuple[str | None, str | None]] = {
            (r["source"], r["target"], EDGE_TYPE_OF[r["type"]]): (
                _stored_note(r["note"]),
                _stored_note(r["reverse_note"]),
            )
            for r in stored
        }
        report, batches = plan_sync(wanted, stored_cards, stored_edges)
        holders = [r["id"] for r in tx.run(FOREIGN_HOLDERS, ids=report.added)]
        if holders:
            raise StoreError(
                f"refusing to load: Neo4j at {self.uri} holds a :Card node that tradeoffs "
                "did not write with the id {value}"
                + (f" (and {len(holders) - 1} more)" if len(holders) > 1 else "")
                + "; rename or remove that node, or load into another database",
                value=holders[0],
            )
        report = report.model_copy(
            update={
                "cards_kept": len(kept),
                "kept": kept if not whole else [],
                "kept_failed": [i for i in kept if not whole and by_id[i].source in failed],
                "kept_elsewhere": [i for i in kept if whole],
                "unfit": unfit,
                "cards_unchanged": report.cards_unchanged
                - sum(1 for i in kept if i not in report.updated),
                "dry_run": dry_run,
            }
        )
        at_risk = sum(1 for r in stored_rows if r.folder_key in read)
        refusal = removal_refusal(report, at_risk, force=force)
        if refusal is not None:
            report = report.model_copy(update={"refused": refusal.reason})
        return _Plan(report, batches, refusal)

    @staticmethod
    def _write(
        tx: Any,
        batches: list[Batch],
        progress: Progress | None,
        cancel: threading.Event,
        catalog: CatalogGraph,
    ) -> None:
        """Run the batches and commit, unless the caller gave up (``cancel``) or a file of
        the catalog changed since it was read (the transaction then rolls back)."""
        total = sum(len(batch.items) for batch in batches)
        done = 0
        # Building card rows is a large part of a first load: a thread builds the next
        # batches' rows while this one waits for the server (the wait frees the GIL).
        # Measured: it saves about 0.5 s of 3.3 on 10,000 cards with the compiled
        # encoding (neo4j-rust-ext), nothing measurable with the pure-Python one.
        builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tradeoffs-rows")
        try:
            for batch, rows in zip(batches, builder.map(Batch.rows, batches), strict=True):
                if cancel.is_set():
                    raise _Cancelled
                tx.run(batch.query, rows=rows).consume()
                done += len(rows)
                if progress is not None:
                    progress(done, total)
        finally:
            builder.shutdown(cancel_futures=True)
        _check_snapshot(catalog)
        if batches and not cancel.is_set():
            tx.commit()


def check_uri(uri: str) -> None:
    """A URI the driver can use, or one line saying what is wrong with it."""
    check_text("URI", uri)
    shown_uri = _without_userinfo(uri)  # never a password in a message
    try:
        parts = urlsplit(uri)
    except ValueError as exc:  # an IPv6 address without its closing bracket
        raise StoreError(f"not a Neo4j URI: {{value}} ({exc})", value=shown_uri) from None
    if parts.scheme not in URI_SCHEMES or not parts.hostname:
        raise StoreError(
            f"not a Neo4j URI: {{value}} (expected {', '.join(s + '://' for s in URI_SCHEMES)})",
            value=shown_uri,
        )
    if parts.password is not None:
        # Naming the URI in messages would then show it: the password has its own variable.
        raise StoreError("put the Neo4j password in TRADEOFFS_NEO4J_PASSWORD, not in the URI")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise StoreError(
            "not a Neo4j URI: {value} (the port must be a number from 1 to 65535)", value=shown_uri
        )


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


@dataclass(frozen=True)
class _Plan:
    report: SyncReport
    batches: list[Batch]
    refusal: LoadRefused | None


@dataclass(frozen=True)
class _StoredRow:
    """What a load reads of a stored card, every value checked: stored data is untrusted,
    and a value of the wrong type reads as missing (a hash then no longer matches, and the
    card is rewritten)."""

    id: str
    content_hash: str | None
    edges_hash: str | None
    source: str | None
    origin: str | None
    folder: str | None
    misfits: list[str]

    @property
    def folder_key(self) -> str | None:
        """The folder a load must have read to remove this card. Nodes written before
        ``folder`` was stored name their catalog in ``origin`` the same way, except records,
        whose folder is unknown: those are never removed, only rewritten."""
        if self.folder is not None:
            return self.folder
        return self.origin if self.origin not in (None, "records") else None


def _stored(record: Record) -> _StoredRow:
    def text(key: str) -> str | None:
        value = record[key]
        return value if isinstance(value, str) else None

    return _StoredRow(
        id=record["id"],
        content_hash=text("content_hash"),
        edges_hash=text("edges_hash"),
        source=text("source"),
        origin=text("origin"),
        folder=text("folder"),
        misfits=sorted(record["misfits"]),
    )


def _fitting_card(props: Mapping[str, Any]) -> Card | str:
    """The card whose node has ``props``, or why they do not make one (stored data is
    untrusted: a property edited by hand may no longer fit)."""
    try:
        return card_from_properties(props)
    except (ValueError, TypeError, KeyError, TradeoffsError) as exc:
        return _why(exc)


def _stored_note(value: Any) -> str | None:
    """A stored note as a load compares it: one that is not text compares unequal to every
    note (a control character no note may hold), so the load rewrites it."""
    return value if value is None or isinstance(value, str) else "\0"


def _fitting_edge(record: Record) -> Edge | str:
    """The edge ``record`` holds, or why it does not make one."""
    try:
        return _edge(record)
    except ValidationError as exc:
        return _why(exc)


def _edge_name(record: Record) -> str:
    return f"edge {record['source']} -{record['type']}-> {record['target']}"


def _why(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


def _check_snapshot(catalog: CatalogGraph) -> None:
    """Refuse to write a catalog whose files changed since they were read."""
    from tradeoffs.loaders.snapshot import changed

    if (path := changed(catalog.snapshot)) is not None:
        raise CatalogChanged(path)


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


def check_text(what: str, text: str) -> None:
    """Refuse a setting the driver cannot send: text that is not UTF-8 (an environment
    variable holding bytes that are not arrives with lone surrogates in it). The value is
    never shown: it may be the password."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError(f"the Neo4j {what} holds bytes that are not UTF-8 text") from None


def _without_userinfo(uri: str) -> str:
    """``uri`` with anything before an ``@`` of its address part starred out: a URI that
    does not parse may still hold a password."""
    scheme, sep, rest = uri.partition("://")
    if "@" not in rest:
        return uri
    return f"{scheme}{sep}***@{rest.rpartition('@')[2]}"


def _silent(timeout: float) -> str:
    return f"no answer within {timeout:g} s (set TRADEOFFS_NEO4J_TIMEOUT to wait longer)"


def _unreachable_reason(exc: BaseException, timeout: float) -> tuple[str, bool]:
    """The operating system's reason ("connection refused"), "no answer within N s" for a
    server that stayed silent, else "connection lost" for a connection that died mid-way
    (the driver calls it defunct), else the driver's words; and whether they are the
    driver's."""
    silent = _silent(timeout)
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
