"""Benchmark of the foundation: CLI start-up cost and catalog loading speed.

Run: python benchmarks/bench_core.py [--runs 15] [--cards 10000]

1. ``tradeoffs show ID`` and ``tradeoffs related ID`` on the bundled catalog, as a ratio
   to a bare ``python -c pass`` measured in the same run (medians of --runs).
2. Loading a generated catalog of --cards card files: cards per second, and the ratio to
   parsing the same files with the YAML library alone (libyaml's safe loader); then the same
   load again from the read cache, every file unchanged (each card validated again); then
   what a warm command does: open the memory store from the cache of built graphs (the files
   listed and statted, one cache file read, no card validated until used).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml
from timing import median_seconds

from tradeoffs.generate import generate_catalog, write_catalog
from tradeoffs.graph import build_graph, open_store
from tradeoffs.loaders import card_files, load_cards
from tradeoffs.loaders.cache import ReadCache

CARD = "model-api-vs-self-hosted-model"


def command(*args: str) -> Callable[[], object]:
    return lambda: subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cards", type=int, default=10_000)
    args = parser.parse_args()
    tradeoffs = [sys.executable, "-m", "tradeoffs"]

    baseline = median_seconds(command(sys.executable, "-c", "pass"), args.runs)
    print(f"python -c pass                     {baseline * 1000:7.1f} ms  (baseline)")
    for name, argv in [
        (f"tradeoffs show {CARD}", [*tradeoffs, "show", CARD]),
        (f"tradeoffs related {CARD}", [*tradeoffs, "related", CARD]),
    ]:
        seconds = median_seconds(command(*argv), args.runs)
        print(f"{name:<34} {seconds * 1000:7.1f} ms  {seconds / baseline:5.1f}x baseline")

    with tempfile.TemporaryDirectory() as folder:
        write_catalog(generate_catalog(args.cards), Path(folder))
        files = list(card_files(Path(folder)))
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        parse_only = median_seconds(
            lambda: [yaml.load(p.read_text(encoding="utf-8"), Loader=loader) for p in files], 3
        )
        full = median_seconds(lambda: build_graph(load_cards(Path(folder)).cards), 3)
        for path in files:  # files read more than 2 s after their last change stay cached
            os.utime(path, ns=(1_500_000_000 * 10**9,) * 2)
        cache = ReadCache(Path(folder) / ".cache")
        load_cards(Path(folder), cache=cache)
        warm = median_seconds(lambda: build_graph(load_cards(Path(folder), cache=cache).cards), 3)
        graphs = ReadCache(Path(folder) / ".graphs")
        open_store("memory", Path(folder), cache=graphs)  # builds the graph, and keeps it
        opened = median_seconds(
            lambda: open_store("memory", Path(folder), cache=graphs).card_ids(), 3
        )
    print(
        f"\nload {len(files)} card files (validate + build edges): {full:.2f} s, "
        f"{len(files) / full:,.0f} cards/s"
    )
    print(
        f"YAML parse alone:                                 {parse_only:.2f} s, "
        f"{len(files) / parse_only:,.0f} cards/s"
    )
    print(f"ratio load / parse alone: {full / parse_only:.2f}x")
    print(
        f"warm load (read cache, every file unchanged):     {warm:.2f} s, "
        f"{warm / parse_only:.2f}x the parse alone"
    )
    print(
        f"warm open (cache of built graphs):                {opened:.2f} s, "
        f"{opened / parse_only:.2f}x the parse alone"
    )


if __name__ == "__main__":
    main()
