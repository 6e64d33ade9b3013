"""What the safety of a Neo4j load costs (issue 19), each as a ratio to what it guards.

Run: python benchmarks/bench_load_safety.py [--cards 5000] [--runs 5] [--uri bolt://127.0.0.1:7687]

1. The read snapshot: checking that every file of a catalog is still what was read (re-listing
   the folders, re-hashing the files parsed), against reading the catalog (``load_catalog``,
   no read cache), on a generated catalog of --cards card files.
2. The deadline of a Neo4j call: running a call on a thread of its own and waiting for it
   (``Neo4jStore._call`` of a call that does nothing), against reading one card
   (``Neo4jStore.card``), medians of --runs x 200 calls, against the server at --uri, into
   which 500 generated cards are loaded (use a dev server).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import median_seconds

from tradeoffs.generate import generate_catalog, write_catalog
from tradeoffs.graph import build_graph, load_catalog
from tradeoffs.graph.neo4j.store import Neo4jStore
from tradeoffs.loaders.snapshot import changed

CALLS = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--uri", default="bolt://127.0.0.1:7687")
    args = parser.parse_args()

    cards = generate_catalog(args.cards, seed=0)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "cards"
        write_catalog(cards, root)
        read = median_seconds(lambda: load_catalog(root), args.runs)
        snapshot = load_catalog(root).snapshot
        check = median_seconds(lambda: changed(snapshot), args.runs)
    print(f"{args.cards:,} card files: read {read:.2f} s, snapshot check {check:.3f} s")
    print(f"  the check costs {check / read:.1%} of the read")

    store = Neo4jStore(args.uri)
    try:
        catalog = build_graph(dict(list(cards.items())[:500]))
        store.sync(catalog, force=True)
        card_id = next(iter(catalog.cards))

        def calls(call: Callable[[], object]) -> None:
            for _ in range(CALLS):
                call()

        card = median_seconds(lambda: calls(lambda: store.card(card_id)), args.runs) / CALLS
        deadline = median_seconds(lambda: calls(lambda: store._call(lambda: None)), args.runs)
        deadline /= CALLS
    finally:
        store.close()
    print(
        f"Neo4jStore.card: {card * 1000:.2f} ms, of which the deadline thread about "
        f"{deadline * 1000:.3f} ms ({deadline / card:.1%})"
    )


if __name__ == "__main__":
    main()
