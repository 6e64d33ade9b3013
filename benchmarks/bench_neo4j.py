"""How fast the Neo4j backend loads and answers, next to a naive loader and the memory store.

On a generated catalog (10,000 cards by default, with their edges), in one run:

- naive load: into an emptied database, one auto-committed MERGE per card and then one per
  edge (a loop over ``session.run``), writing exactly the properties and relationships
  `tradeoffs load` writes, computed the same way and inside the timing. The uniqueness
  constraint on ``Card.id`` exists, so each MERGE is an index lookup rather than a scan.
  (Through ``driver.execute_query``, a managed transaction per row, it is a little slower
  still.) Run once: it is the slow one.
- batched load: ``Neo4jStore.sync`` into an emptied database (one transaction, ``UNWIND``
  batches of ``BATCH_SIZE`` rows), median of ``--runs``; the ratio naive / batched, and how
  much Python time computing the rows takes (the sync overlaps part of it with the server);
- re-load of the unchanged catalog (``sync`` again), median of ``--runs``, and the ratio
  first load / re-load;
- ``related`` (depth 1 and 2) and ``path`` latency medians on the memory store and on Neo4j,
  over the same sampled cards and pairs.

If the naive load runs past ``--naive-budget`` seconds, it stops there, the full time is
extrapolated from its rate so far, and the output says so.

The driver's encoding of parameters is a large part of a batched load; the first line says
whether it ran in Python or in the ``neo4j-rust-ext`` extension (same API, compiled).

It EMPTIES the database it is pointed at (``--uri``, the dev server by default).

Run: python benchmarks/bench_neo4j.py [--cards 10000] [--runs 3] [--queries 50]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import random
import statistics
import time
from collections.abc import Callable, Sequence

from neo4j import Driver, GraphDatabase

from tradeoffs import queries
from tradeoffs.errors import TradeoffsError
from tradeoffs.formats.neo4j_schema import CONSTRAINT, label, rel_type
from tradeoffs.generate import generate_catalog
from tradeoffs.graph.build import CatalogGraph, build_graph
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.graph.neo4j.store import Neo4jStore
from tradeoffs.graph.neo4j.sync import BATCH_SIZE, CatalogRows
from tradeoffs.graph.store import GraphStore


def empty(driver: Driver) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n")


def naive_load(driver: Driver, catalog: CatalogGraph, budget: float) -> tuple[float, bool]:
    """Seconds for the one-MERGE-per-row load, and whether it was extrapolated."""
    driver.execute_query(CONSTRAINT)
    started = time.perf_counter()
    statements = [
        (
            f"MERGE (c:Card {{id: $id}}) SET c = $props SET c:{label(props['kind'])}",
            {"id": props["id"], "props": props},
        )
        for props in all_rows(catalog)
    ] + [
        (
            "MATCH (a:Card {id: $source}) MATCH (b:Card {id: $target}) "
            f"MERGE (a)-[r:{rel_type(edge.type)}]->(b) "
            "SET r.note = $note, r.reverse_note = $reverse_note",
            edge.model_dump(include={"source", "target", "note", "reverse_note"}),
        )
        for edge in catalog.edges
    ]
    with driver.session() as session:
        for done, (query, params) in enumerate(statements, start=1):
            session.run(query, params).consume()
            elapsed = time.perf_counter() - started
            if elapsed > budget and done < len(statements):
                return elapsed * len(statements) / done, True
    return time.perf_counter() - started, False


def all_rows(catalog: CatalogGraph) -> list[dict[str, object]]:
    """What a first load computes in Python before writing: hashes, then every card's row."""
    rows = CatalogRows.of(catalog)
    return [rows.row(card_id) for card_id in rows.hashes]


def driver_encoding() -> str:
    try:
        return f"neo4j-rust-ext {importlib.metadata.version('neo4j-rust-ext')}"
    except importlib.metadata.PackageNotFoundError:
        return "pure Python (pip install neo4j-rust-ext for the compiled one)"


def median_s(action: Callable[[], object], runs: int, before: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def median_ms(store: GraphStore, calls: Sequence[Callable[[GraphStore], object]]) -> float:
    times = []
    for call in calls:
        started = time.perf_counter()
        try:
            call(store)
        except TradeoffsError:  # "no path" is an answer too
            pass
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=50, help="sampled cards and pairs")
    parser.add_argument("--runs", type=int, default=3, help="runs of each sync")
    parser.add_argument("--naive-budget", type=float, default=600.0, help="seconds")
    parser.add_argument("--uri", default="bolt://127.0.0.1:7687")
    args = parser.parse_args()

    started = time.perf_counter()
    catalog = build_graph(generate_catalog(args.cards, seed=0))
    print(
        f"catalog: {len(catalog.cards):,} cards, {len(catalog.edges):,} edges "
        f"(generated in {time.perf_counter() - started:.1f} s)"
    )
    print(f"driver {importlib.metadata.version('neo4j')}, encoding: {driver_encoding()}")

    driver = GraphDatabase.driver(args.uri)
    store = Neo4jStore(args.uri)
    try:
        empty(driver)
        naive, extrapolated = naive_load(driver, catalog, args.naive_budget)
        batched = median_s(lambda: store.sync(catalog), args.runs, lambda: empty(driver))
        reload = median_s(lambda: store.sync(catalog), args.runs, lambda: None)
        prepare = median_s(lambda: all_rows(catalog), args.runs, lambda: None)

        memory = MemoryStore(catalog)
        rng = random.Random(0)
        ids = rng.sample(sorted(catalog.cards), args.queries)
        pairs = [(a, rng.choice(ids)) for a in ids]
        workloads: dict[str, list[Callable[[GraphStore], object]]] = {
            "related depth 1": [lambda s, i=i: queries.related(s, i) for i in ids],
            "related depth 2": [lambda s, i=i: queries.related(s, i, depth=2) for i in ids],
            "path": [lambda s, a=a, b=b: queries.path(s, a, b) for a, b in pairs],
        }
        latency = {
            name: (median_ms(memory, calls), median_ms(store, calls))
            for name, calls in workloads.items()
        }
    finally:
        store.close()
        driver.close()

    rows = len(catalog.cards) + len(catalog.edges)
    note = "   (extrapolated from a partial run)" if extrapolated else ""
    print(f"\nload into an empty database ({rows:,} rows)")
    print(f"  naive, one MERGE per row   {naive:8.1f} s{note}")
    print(
        f"  batched sync               {batched:8.1f} s   naive / batched = {naive / batched:.1f}x"
    )
    print(f"    {BATCH_SIZE:,}-row batches; Python computing the rows: {prepare:.1f} s")
    print("    (the sync builds a batch's rows while the server runs the batch before)")
    print(
        f"  re-load, unchanged         {reload:8.1f} s   first / re-load = {batched / reload:.1f}x"
    )
    print(f"\nlatency, median of {args.queries} (ms)   memory     neo4j   neo4j/memory")
    for name, (on_memory, on_neo4j) in latency.items():
        print(f"  {name:<28}{on_memory:8.1f}  {on_neo4j:8.1f}   {on_neo4j / on_memory:8.2f}x")


if __name__ == "__main__":
    main()
