"""One contract for every store: each query of ``tradeoffs.queries`` gives the same result
on every backend, and the right one on the mini catalog.

The ``store`` fixture runs each test on the memory store, on the memory store read back from
the cache of built graphs (:mod:`tradeoffs.graph.cache`: each card validated when first used)
and on Neo4j (a real server, see conftest.py), over three catalogs: the mini one, the bundled one, and a generated one of
2,000+ cards with some cards dropped, so it has unresolved links and disconnected parts.
Expected results come from a fresh :class:`MemoryStore`, the reference implementation;
the exact-value tests at the end pin that reference down on the mini catalog. Each catalog
is synced into Neo4j once.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import GraphDatabase
from pydantic import BaseModel

from tradeoffs import queries
from tradeoffs.errors import TradeoffsError
from tradeoffs.generate import generate_catalog, write_catalog
from tradeoffs.graph import load_catalog
from tradeoffs.graph.build import CatalogGraph, build_graph
from tradeoffs.graph.cache import GraphCache
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.graph.neo4j.store import Neo4jStore
from tradeoffs.graph.store import GraphStore
from tradeoffs.loaders import BUNDLED_CATALOG
from tradeoffs.models import CardRef, Decision, Links, Provenance
from tradeoffs.vocabulary import EDGE_TYPES, KINDS, EdgeType, Kind

MINI = Path(__file__).parent / "data" / "mini"
RECORDS = Path(__file__).parent / "data" / "records"
SAMPLE = 30  # cards sampled per catalog for per-card queries
OLD_NS = 1_500_000_000 * 10**9


def generated_catalog() -> CatalogGraph:
    """2,100 generated cards minus every 40th: links to the dropped ones stay unresolved."""
    cards = generate_catalog(2_100, seed=11)
    kept = {card_id: card for n, (card_id, card) in enumerate(cards.items()) if n % 40 != 7}
    return build_graph(kept)


CATALOGS: dict[str, Callable[[], CatalogGraph]] = {
    "mini": lambda: load_catalog(MINI),
    "records": lambda: load_catalog([MINI], records=RECORDS, keep_going=True),
    "bundled": lambda: load_catalog(),
    "generated": generated_catalog,
}


@pytest.fixture(scope="module", params=list(CATALOGS))
def catalog_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def catalog(catalog_name: str) -> CatalogGraph:
    return CATALOGS[catalog_name]()


@pytest.fixture(scope="module")
def neo4j_db(neo4j_uri: str) -> Iterator[Neo4jStore]:
    """The test server's default database, emptied once for this module."""
    with GraphDatabase.driver(neo4j_uri) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
    store = Neo4jStore(neo4j_uri)
    yield store
    store.close()


@pytest.fixture(scope="module", params=["memory", "cached", "neo4j"])
def store(
    request: pytest.FixtureRequest,
    catalog: CatalogGraph,
    catalog_name: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> GraphStore:
    if request.param == "memory":
        return MemoryStore(catalog)
    if request.param == "cached":
        # The cache file's size limit is a multiple of the files' size: give it the files.
        name = catalog_name
        folders = {"mini": [MINI], "records": [MINI, RECORDS], "bundled": [BUNDLED_CATALOG]}
        if name not in folders:
            folders[name] = [tmp_path_factory.mktemp(name)]
            for file in write_catalog(catalog.cards, folders[name][0]):
                os.utime(file, ns=(OLD_NS, OLD_NS))  # old enough for the cache to keep
        cache = GraphCache(tmp_path_factory.mktemp("graphs"))
        built = iter([catalog])  # built once, written; then read back, never built again
        cache.tables(folders[name], [], "contract", lambda: next(built))
        return MemoryStore(cache.tables(folders[name], [], "contract", lambda: next(built)))
    db: Neo4jStore = request.getfixturevalue("neo4j_db")
    # Each catalog replaces the one before. A load removes only cards of folders it read,
    # and these catalogs come from different folders (or none): start from an empty graph.
    with GraphDatabase.driver(db.uri) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
    db.sync(catalog)
    return db


class Reference:
    """The memory store's outcome of each case, computed once per catalog."""

    def __init__(self, catalog: CatalogGraph) -> None:
        self.store = MemoryStore(catalog)
        self.outcomes: dict[str, Any] = {}

    def outcome(self, label: str, run: Callable[[GraphStore], Any]) -> Any:
        if label not in self.outcomes:
            self.outcomes[label] = outcome(run, self.store)
        return self.outcomes[label]


@pytest.fixture(scope="module")
def reference(catalog: CatalogGraph) -> Reference:
    return Reference(catalog)


def outcome(run: Callable[[GraphStore], Any], store: GraphStore) -> Any:
    """A query's result as plain data, or the error it raised, so both can be compared."""
    try:
        result = run(store)
    except TradeoffsError as exc:
        return ("error", type(exc).__name__, str(exc))
    if isinstance(result, BaseModel):
        return result.model_dump()
    if isinstance(result, list):
        return [item.model_dump() if isinstance(item, BaseModel) else item for item in result]
    return result


Case = tuple[str, Callable[[GraphStore], Any]]


def assert_same(cases: list[Case], store: GraphStore, reference: Reference) -> None:
    assert cases
    for label, run in cases:
        assert outcome(run, store) == reference.outcome(label, run), label


def sample_ids(catalog: CatalogGraph, n: int = SAMPLE, seed: int = 1) -> list[str]:
    ids = sorted(catalog.cards)
    # The best-connected cards first: their neighbourhoods are where orderings get tested.
    degree = {card_id: 0 for card_id in ids}
    for edge in catalog.edges:
        degree[edge.source] += 1
        degree[edge.target] += 1
    hubs = sorted(ids, key=lambda i: (-degree[i], i))[:5]
    rest = random.Random(seed).sample(ids, min(n, len(ids)))
    return list(dict.fromkeys(hubs + rest))[:n]


# ---- parity: every query, many inputs ----

RELATED_VARIANTS: list[tuple[list[EdgeType], int, list[Kind]]] = [
    ([], 1, []),
    ([], 2, []),
    ([], 3, []),
    (["confused_with"], 2, []),
    (["failure_mode", "decision"], 2, []),
    ([], 2, ["failure_mode", "playbook"]),
    (["leads_to", "red_flag"], 3, ["failure_mode"]),
]


def test_show(store: GraphStore, reference: Reference, catalog: CatalogGraph) -> None:
    ids = sample_ids(catalog) + ["no-such-card", sample_ids(catalog)[0][:-1]]
    assert_same([(f"show {i}", lambda s, i=i: queries.show(s, i)) for i in ids], store, reference)


def test_related(store: GraphStore, reference: Reference, catalog: CatalogGraph) -> None:
    cases = [
        (
            f"related {i} types={types} depth={depth} kinds={kinds}",
            lambda s, i=i, t=types, d=depth, k=kinds: queries.related(
                s, i, types=t, depth=d, kinds=k
            ),
        )
        for n, i in enumerate(sample_ids(catalog) + ["no-such-card"])
        for types, depth, kinds in RELATED_VARIANTS
        # Three hops from a hub of the generated catalog reach nearly every card: a few do.
        if depth < 3 or n % 4 == 0
    ]
    assert_same(cases, store, reference)


def test_path(store: GraphStore, reference: Reference, catalog: CatalogGraph) -> None:
    ids = sample_ids(catalog)
    rng = random.Random(2)
    pairs = [(a, rng.choice(ids)) for a in ids] + [(ids[0], ids[0]), (ids[0], "no-such-card")]
    type_filters: list[list[EdgeType]] = [[], ["failure_mode", "decision"], ["confused_with"]]
    cases = [
        (f"path {a} {b} {types}", lambda s, a=a, b=b, t=types: queries.path(s, a, b, types=t))
        for a, b in pairs
        for types in type_filters
    ]
    assert_same(cases, store, reference)
    if len(catalog.cards) > 100:  # both found paths and "no path" must be among the cases
        failed = {isinstance(reference.outcome(label, run), tuple) for label, run in cases}
        assert failed == {True, False}


def test_search(store: GraphStore, reference: Reference, catalog: CatalogGraph) -> None:
    rng = random.Random(3)
    words = sorted({w for card in catalog.cards.values() for w in card.title.lower().split()})
    texts = ["data", "the", "cron jobs", "zzz-nothing", "Payments QUEUE drift"]
    texts += [" ".join(rng.sample(words, min(3, len(words)))) for _ in range(10)]
    kind_filters: list[list[Kind]] = [[], ["decision"], ["failure_mode", "red_flag"]]
    cases = [
        (
            f"search {text!r} {kinds} {limit}",
            lambda s, t=text, k=kinds, n=limit: queries.search(s, t, kinds=k, limit=n),
        )
        for text in texts
        for kinds in kind_filters
        for limit in (20,)
    ]
    # The whole ranking, not just its head, for a few.
    cases += [
        (f"search {text!r} all", lambda s, t=text: queries.search(s, t, limit=10_000))
        for text in texts[:3]
    ]
    assert_same(cases, store, reference)


def test_factor(store: GraphStore, reference: Reference, catalog: CatalogGraph) -> None:
    factors = sorted(
        {
            f
            for card in catalog.cards.values()
            if isinstance(card, Decision)
            for f in card.key_factors
        }
    )
    names = factors[:15] + ["OPS", "data", "e", "zzz-nothing"]
    cases = [(f"factor {n!r}", lambda s, n=n: queries.factor(s, n)) for n in names]
    assert_same(cases, store, reference)


def test_compare(store: GraphStore, reference: Reference, catalog: CatalogGraph) -> None:
    confused = [(e.source, e.target) for e in catalog.edges if e.type == "confused_with"][:10]
    ids = sample_ids(catalog, 10)
    pairs = confused + list(zip(ids, reversed(ids), strict=True)) + [(ids[0], "no-such-card")]
    cases = [(f"compare {a} {b}", lambda s, a=a, b=b: queries.compare(s, a, b)) for a, b in pairs]
    assert_same(cases, store, reference)


def test_stats(store: GraphStore, reference: Reference) -> None:
    cases = [(f"stats top={n}", lambda s, n=n: queries.stats(s, top=n)) for n in (1, 10, 100)]
    assert_same(cases, store, reference)


def test_select(store: GraphStore, reference: Reference, catalog: CatalogGraph) -> None:
    ids = sample_ids(catalog, 5)
    categories = sorted({c.category for c in catalog.cards.values() if c.category})[:2]
    selections = [
        queries.Selection(),
        queries.Selection(focus=ids[0], depth=2),
        queries.Selection(focus=ids[1], depth=3, types=["failure_mode", "decision"]),
        queries.Selection(focus=ids[2], kinds=["decision", "red_flag"]),
        queries.Selection(categories=categories),
        queries.Selection(ids=ids[:4], types=["confused_with", "decision"]),
        queries.Selection(ids=[ids[0], "no-such-card"]),
    ]
    cases = [(f"select {sel!r}", lambda s, sel=sel: queries.select(s, sel)) for sel in selections]
    assert_same(cases, store, reference)


def test_primitives(store: GraphStore, reference: Reference, catalog: CatalogGraph) -> None:
    """The store methods the queries do not reach in full: every card, edge, id, degree."""
    ids = sample_ids(catalog, 10)
    cases: list[Case] = [
        ("cards", lambda s: s.cards()),
        ("cards of ids", lambda s: s.cards(ids + ["no-such-card"])),
        ("card_ids", lambda s: s.card_ids()),
        ("refs of ids", lambda s: s.refs(ids + ["no-such-card"])),
        ("edges", lambda s: s.edges()),
        ("edges of ids", lambda s: s.edges(ids)),
        ("boundary of ids", lambda s: s.boundary(ids)),
        ("counts", lambda s: s.counts()),
        ("degrees", lambda s: s.degrees(len(catalog.cards))),
        ("unresolved", lambda s: s.unresolved()),
        ("provenance", lambda s: s.provenance()),
        ("provenance of ids", lambda s: s.provenance(ids + ["no-such-card"])),
    ]
    assert_same(cases, store, reference)
    assert store.refs(ids) == [CardRef.of(card) for card in store.cards(ids)]


def test_generated_catalog_covers_the_vocabulary() -> None:
    """The parity cases above only mean something if the catalog uses every kind and type."""
    catalog = generated_catalog()
    assert len(catalog.cards) >= 2_000
    assert {card.kind for card in catalog.cards.values()} == set(KINDS)
    assert {edge.type for edge in catalog.edges} == set(EDGE_TYPES)
    assert catalog.unresolved


@pytest.mark.parametrize("n_cards", [6, 30, 500])
def test_generated_catalogs_are_clean_connected_and_reproducible(
    n_cards: int, tmp_path: Path
) -> None:
    cards = generate_catalog(n_cards, seed=5)
    assert cards == generate_catalog(n_cards, seed=5) != generate_catalog(n_cards, seed=6)
    graph = build_graph(cards)
    assert len(cards) == n_cards and {c.kind for c in cards.values()} == set(KINDS)
    assert (graph.unresolved, graph.one_sided) == ([], [])  # symmetric links on both sides
    if n_cards >= 30:
        groups = {group for card in cards.values() for group, _ in card.links.groups()}
        assert groups == set(Links.model_fields)
    reached, todo = {min(cards)}, [min(cards)]
    neighbours: dict[str, set[str]] = {card_id: set() for card_id in cards}
    for edge in graph.edges:
        neighbours[edge.source].add(edge.target)
        neighbours[edge.target].add(edge.source)
    while todo:
        for other in neighbours[todo.pop()] - reached:
            reached.add(other)
            todo.append(other)
    assert reached == set(cards)

    write_catalog(cards, tmp_path)
    assert load_catalog(tmp_path).cards == cards


# ---- exact values on the mini catalog, on every backend ----

records_only = pytest.mark.parametrize("catalog_name", ["records"], indirect=True)


@records_only
def test_records_on_every_backend(store: GraphStore) -> None:
    related = queries.related(store, "cron-vs-workflow-engine", types=["applies"])
    assert [(n.card.id, n.card.kind, n.edges[0].label) for n in related.neighbours] == [
        ("0002-run-nightly-jobs-from-cron", "record", "Applied by"),
        ("0003-move-nightly-jobs-to-a-workflow-engine", "record", "Applied by"),
    ]
    stats = queries.stats(store)
    assert stats.nodes_by_kind["record"] == 6
    assert (stats.edges_by_type["applies"], stats.edges_by_type["supersedes"]) == (4, 2)
    record = store.card("0005-replay-order-events-from-a-stream")
    assert record.kind == "record" and record.chosen_option == "An event stream with retention"
    assert queries.stats(store).cards_by_catalog == {str(MINI): 6, "records": 6}
    assert store.provenance(["0002-run-nightly-jobs-from-cron", "queue-vs-stream"]) == {
        "0002-run-nightly-jobs-from-cron": Provenance(
            catalog="records", file="0002-run-nightly-jobs-from-cron.md"
        ),
        "queue-vs-stream": Provenance(catalog=str(MINI), file="queue-vs-stream.yaml"),
    }
    review = queries.review(store, older_than="12m")
    assert [i.record.id for i in review.current] == [
        "0001-keep-a-log-of-decisions",
        "0003-move-nightly-jobs-to-a-workflow-engine",
        "0005-replay-order-events-from-a-stream",
    ]


mini_only = pytest.mark.parametrize("catalog_name", ["mini"], indirect=True)


@mini_only
def test_mini_related(store: GraphStore) -> None:
    result = queries.related(store, "cron-vs-workflow-engine")
    assert [(n.card.id, n.distance) for n in result.neighbours] == [
        ("inventory-scheduled-work", 1),
        ("nobody-owns-the-crontab", 1),
        ("queue-vs-stream", 1),
        ("silent-job-rot", 1),
    ]
    assert [(e.type, e.direction) for e in result.neighbours[0].edges] == [
        ("playbook", "out"),
        ("decision", "in"),
    ]
    # Each card wrote its own note on the confused_with pair; this one is cron's.
    assert result.neighbours[2].edges[0].note == (
        "That one is about moving messages. This one is about scheduling work."
    )

    far = queries.related(store, "data-drift", depth=3)
    assert [(n.card.id, n.distance) for n in far.neighbours] == [
        ("nobody-owns-the-crontab", 1),
        ("silent-job-rot", 1),
        ("cron-vs-workflow-engine", 2),
        ("inventory-scheduled-work", 2),
        ("queue-vs-stream", 2),
    ]
    assert len(far.neighbours[2].edges) == 4  # every edge from a card one step closer


@mini_only
def test_mini_path(store: GraphStore) -> None:
    result = queries.path(store, "queue-vs-stream", "data-drift")
    assert [(h.source.id, h.type, h.direction, h.target.id) for h in result.hops] == [
        ("queue-vs-stream", "failure_mode", "out", "silent-job-rot"),
        ("silent-job-rot", "leads_to", "out", "data-drift"),
    ]
    with pytest.raises(TradeoffsError, match="no path between"):
        queries.path(store, "queue-vs-stream", "data-drift", types=["confused_with"])


@mini_only
def test_mini_stats_search_factor(store: GraphStore) -> None:
    stats = queries.stats(store, top=3)
    # Three pairs link both ways (a decision and its failure mode name each other).
    assert (stats.nodes, stats.edges, stats.relations) == (6, 12, 9)
    assert stats.nodes_by_kind == {
        "decision": 2,
        "failure_mode": 2,
        "red_flag": 1,
        "playbook": 1,
        "record": 0,
    }
    assert stats.edges_by_type == {
        "confused_with": 1,
        "adjacent": 0,
        "failure_mode": 4,
        "red_flag": 2,
        "playbook": 1,
        "decision": 3,
        "leads_to": 1,
        "applies": 0,
        "supersedes": 0,
        "relates": 0,
    }
    assert [(d.card.id, d.degree) for d in stats.most_connected] == [
        ("cron-vs-workflow-engine", 7),
        ("silent-job-rot", 6),
        ("nobody-owns-the-crontab", 4),
    ]
    assert stats.unresolved == []

    # "cron jobs" in cron's title (5 + 5), lead (2 + 2) and body (1 + 1).
    hits = queries.search(store, "cron jobs").hits
    assert [(h.card.id, h.score) for h in hits] == [
        ("cron-vs-workflow-engine", 16),
        ("nobody-owns-the-crontab", 7),
        ("silent-job-rot", 2),
        ("inventory-scheduled-work", 1),
    ]
    assert [(h.card.id, h.factors) for h in queries.factor(store, "OPS").decisions] == [
        ("cron-vs-workflow-engine", ["Ops maturity"]),
        ("queue-vs-stream", ["ops maturity"]),
    ]
