"""Benchmark of the exports: every format, on the bundled catalog and a generated one.

Run: python benchmarks/bench_export.py [--runs 5] [--slow-runs 3] [--cards 2000]

First the workshop pack as a facilitator makes it (the bundled catalog, --focus
model-api-vs-self-hosted-model --depth 2, 90 minutes, 8 people: load, select, plan, seven
PDFs), as a ratio to a plain ``tradeoffs stats`` (load and count) of the same catalog; the
budget is 10x. Then for each catalog (the whole bundled catalog, then a generated catalog of
--cards cards), the median time of --runs exports to each data format, written to a
temporary folder, and of --slow-runs workshop packs.
"""

from __future__ import annotations

import argparse
import tempfile
import warnings
from pathlib import Path

from timing import median_seconds

from tradeoffs import queries
from tradeoffs.export import FORMATS, export
from tradeoffs.export.workshop import SessionTrimmed
from tradeoffs.generate import generate_catalog
from tradeoffs.graph import build_graph, open_store
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.models import Subgraph
from tradeoffs.vocabulary import KIND_SPECS

FOCUS = "model-api-vs-self-hosted-model"
PACK_BUDGET = 10  # a pack may take this many times a plain stats
SUFFIXES = {"json": ".json", "graphml": ".graphml", "gexf": ".gexf", "cypher": ".cypher"}
SUFFIXES |= {"mermaid": ".mmd", "markdown": ".md", "csv": "", "workshop": "", "catalog-json": ""}


def bench(name: str, subgraph: Subgraph, runs: int, slow_runs: int) -> None:
    print(f"\n{name}: {len(subgraph.cards)} cards, {len(subgraph.edges)} edges")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in FORMATS:
            path = Path(folder) / f"{fmt}{SUFFIXES[fmt]}"
            times = slow_runs if fmt == "workshop" else runs

            written = subgraph
            if fmt == "catalog-json":  # the public catalog's files have no place for records
                kept = [c for c in subgraph.cards if KIND_SPECS[c.kind].catalog_file]
                ids = {c.id for c in kept}
                edges = [e for e in subgraph.edges if {e.source, e.target} <= ids]
                written = Subgraph(cards=kept, edges=edges)

            def write(fmt: str = fmt, path: Path = path, written: Subgraph = written) -> Path:
                with warnings.catch_warnings():  # a whole catalog is trimmed to one session
                    warnings.simplefilter("ignore", SessionTrimmed)
                    return export(written, fmt, path, force=True)

            seconds = median_seconds(write, times)
            print(f"  {fmt:<10} {seconds:9.3f} s  (median of {times})")


def bench_focused_pack(runs: int, slow_runs: int) -> None:
    """The pack of the README's example, against ``tradeoffs stats`` on the same catalog."""
    stats = median_seconds(lambda: queries.stats(open_store()), runs)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pack"

        def pack() -> Path:
            subgraph = queries.select(open_store(), queries.Selection(focus=FOCUS, depth=2))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the session's trim warning
                return export(
                    subgraph, "workshop", path, force=True, focus=FOCUS, minutes=90, participants=8
                )

        seconds = median_seconds(pack, slow_runs)
    ratio = seconds / stats
    print(
        f"workshop pack, bundled catalog, --focus {FOCUS} --depth 2 --minutes 90: "
        f"{seconds:.2f} s (median of {slow_runs}); tradeoffs stats {stats:.3f} s (median of "
        f"{runs}); ratio {ratio:.1f}x (budget {PACK_BUDGET}x: "
        f"{'within' if ratio <= PACK_BUDGET else 'OVER'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow-runs", type=int, default=3)
    parser.add_argument("--cards", type=int, default=2_000)
    args = parser.parse_args()

    bench_focused_pack(args.runs, args.slow_runs)

    bundled = queries.select(open_store(), queries.Selection())
    bench("bundled catalog", bundled, args.runs, args.slow_runs)
    generated_store = MemoryStore(build_graph(generate_catalog(args.cards)))
    generated = queries.select(generated_store, queries.Selection())
    bench(f"generated catalog ({args.cards} cards)", generated, args.runs, args.slow_runs)


if __name__ == "__main__":
    main()
