"""Benchmark of ``review`` on a folder of 250 decision records, against a plain ``stats``.

Run: python benchmarks/bench_review.py [--runs 7] [--records 250]

The records are the labelled suggestion set (tests/data/suggest) written again and again
under new numbers until there are --records of them, every other one applying its card and
the rest applying none, so ``review --suggest`` ranks the catalog for half of them.

1. The commands as people run them (a process each, the read cache warm): ``stats``,
   ``review`` and ``review --suggest``, medians of --runs, as ratios to ``stats``.
2. The queries alone on one loaded store: ``queries.stats`` and ``queries.review`` (with and
   without suggestions, the suggestions' index built each time), and building the index.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from timing import median_seconds

from tradeoffs import queries
from tradeoffs.formats.adr import set_applies
from tradeoffs.graph import load_catalog
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.models import Decision
from tradeoffs.queries.suggest import build_index

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def write_records(folder: Path, count: int) -> None:
    labels = yaml.safe_load((DATA / "suggest-labels.yaml").read_text(encoding="utf-8"))
    sources = sorted((DATA / "suggest").glob("*.md"))
    for number in range(1, count + 1):
        source = sources[(number - 1) % len(sources)]
        text = source.read_text(encoding="utf-8")
        card = labels[source.stem]
        if number % 2 == 0 and card is not None:
            text = set_applies(text, [card])
        name = f"{number:04d}-{source.stem.split('-', 1)[1]}.md"
        (folder / name).write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--records", type=int, default=250)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "adr"
        folder.mkdir()
        write_records(folder, args.records)
        env = {**os.environ, "TRADEOFFS_CACHE_DIR": str(Path(tmp) / "cache")}
        base = [sys.executable, "-m", "tradeoffs", "--records", str(folder)]

        def run(*argv: str) -> None:
            subprocess.run([*base, *argv], check=False, stdout=subprocess.DEVNULL, env=env)

        run("stats")  # warm the read cache
        stats = median_seconds(lambda: run("stats"), args.runs)
        print(f"{args.records} records, bundled catalog; medians of {args.runs} runs")
        print(f"tradeoffs stats              {stats * 1000:7.0f} ms  (baseline)")
        for name, argv in [("review", ["review"]), ("review --suggest", ["review", "--suggest"])]:
            seconds = median_seconds(lambda argv=argv: run(*argv), args.runs)
            print(f"tradeoffs {name:<19} {seconds * 1000:7.0f} ms  {seconds / stats:5.2f}x stats")

        store = MemoryStore(load_catalog(records=folder))
        decisions = [c for c in store.cards() if isinstance(c, Decision)]
        runs = args.runs * 3
        plain = median_seconds(lambda: queries.stats(store), runs)
        review = median_seconds(lambda: queries.review(store), runs)
        suggest = median_seconds(lambda: queries.review(store, suggest=True), runs)
        index = median_seconds(lambda: build_index(decisions), runs)
        print(f"\nqueries.stats                {plain * 1000:7.1f} ms")
        print(f"queries.review               {review * 1000:7.1f} ms")
        print(f"queries.review(suggest=True) {suggest * 1000:7.1f} ms")
        print(f"build_index ({len(decisions)} decisions)  {index * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
