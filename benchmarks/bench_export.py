"""Benchmark of the exports: every format, on the bundled catalog and a generated one.

Run: python benchmarks/bench_export.py [--runs 5] [--slow-runs 3] [--cards 2000]

For each catalog (the whole bundled catalog, then a generated catalog of --cards cards),
the median time of --runs exports to each data format, written to a temporary folder, and
of --slow-runs workshop packs; then the PDF handouts alone (HTML to PDF, one page per card)
as pages per second.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from timing import median_seconds

from tradeoffs import queries
from tradeoffs.export import FORMATS, export
from tradeoffs.export.handouts import printable_handouts
from tradeoffs.generate import generate_catalog
from tradeoffs.graph import build_graph, open_store
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.models import Subgraph

SUFFIXES = {"json": ".json", "graphml": ".graphml", "gexf": ".gexf", "cypher": ".cypher"}
SUFFIXES |= {"mermaid": ".mmd", "markdown": ".md", "csv": "", "workshop": ""}


def bench(name: str, subgraph: Subgraph, runs: int, slow_runs: int) -> None:
    print(f"\n{name}: {len(subgraph.cards)} cards, {len(subgraph.edges)} edges")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in FORMATS:
            path = Path(folder) / f"{fmt}{SUFFIXES[fmt]}"
            times = slow_runs if fmt == "workshop" else runs

            def write(fmt: str = fmt, path: Path = path) -> Path:
                return export(subgraph, fmt, path, force=True)

            seconds = median_seconds(write, times)
            print(f"  {fmt:<10} {seconds:9.3f} s  (median of {times})")
    seconds = median_seconds(lambda: printable_handouts(subgraph.cards, name), slow_runs)
    pages = len(subgraph.cards)
    print(
        f"  {'pdf':<10} {seconds:9.3f} s  (median of {slow_runs}): {pages} pages, "
        f"{pages / seconds:.1f} pages/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow-runs", type=int, default=3)
    parser.add_argument("--cards", type=int, default=2_000)
    args = parser.parse_args()

    bundled = queries.select(open_store(), queries.Selection())
    bench("bundled catalog", bundled, args.runs, args.slow_runs)
    generated_store = MemoryStore(build_graph(generate_catalog(args.cards)))
    generated = queries.select(generated_store, queries.Selection())
    bench(f"generated catalog ({args.cards} cards)", generated, args.runs, args.slow_runs)


if __name__ == "__main__":
    main()
