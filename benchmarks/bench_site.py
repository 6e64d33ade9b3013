"""Benchmark of ``tradeoffs site`` on the bundled catalog and 250 decision records, against a
plain ``tradeoffs stats`` of the same input, and of a rebuild after one card changed.

Run: python benchmarks/bench_site.py [--runs 5] [--records 250]

1. The commands as people run them (a process each, the read cache warm): ``stats``,
   ``site -o OUT`` into a new folder (as CI builds it) and ``site -o OUT --force`` over the
   last one, medians of --runs, and their ratios (the budget is 5x).
2. In one process, the site built once, then one card's text edited and
   :meth:`Site.rebuild` run: its median time over --runs edits and the pages it rewrote
   (the card's page, the search, the map, the feed and the index when they show the edit),
   against a whole build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_review import write_records
from timing import median_seconds

from tradeoffs.graph import load_catalog
from tradeoffs.loaders import BUNDLED_CATALOG
from tradeoffs.loaders.cache import ReadCache
from tradeoffs.site import Site

EDITED = "decisions/rest-vs-grpc.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, default=250)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "adr"
        folder.mkdir()
        write_records(folder, args.records)
        catalog = Path(tmp) / "catalog"
        shutil.copytree(BUNDLED_CATALOG, catalog)
        env = {**os.environ, "TRADEOFFS_CACHE_DIR": str(Path(tmp) / "cache")}
        base = [sys.executable, "-m", "tradeoffs", "--catalog", str(catalog)]
        base += ["--records", str(folder)]
        out = Path(tmp) / "public"

        def run(*argv: str) -> None:
            subprocess.run(
                [*base, *argv],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )

        run("stats")  # warm the read cache
        run("site", "-o", str(out))
        fresh = iter(range(args.runs))

        def new_site() -> None:
            run("site", "-o", str(Path(tmp) / f"new-{next(fresh)}"))

        stats = median_seconds(lambda: run("stats"), args.runs)
        site = median_seconds(new_site, args.runs)
        force = median_seconds(lambda: run("site", "-o", str(out), "--force"), args.runs)
        files = sum(1 for path in out.rglob("*") if path.is_file()) - 1  # less the manifest
        print(f"bundled catalog and {args.records} records; medians of {args.runs} runs")
        print(f"tradeoffs stats             {stats * 1000:7.0f} ms  (baseline)")
        print(f"tradeoffs site (new folder) {site * 1000:7.0f} ms  {site / stats:5.2f}x stats")
        print(f"tradeoffs site --force      {force * 1000:7.0f} ms  {force / stats:5.2f}x stats")
        print(f"({files} files written)")

        cache = ReadCache(Path(tmp) / "cache")
        shutil.rmtree(out)
        builder = Site(
            out,
            lambda: load_catalog(catalog, records=folder, strict_records=False, cache=cache),
            folders=[catalog, folder],
        )
        start = time.perf_counter()
        builder.build()
        whole = time.perf_counter() - start
        card = catalog / EDITED
        original = card.read_text(encoding="utf-8")
        times, rewritten = [], []
        for run_number in range(args.runs):
            edited = original.replace("summary: ", f"summary: Edit {run_number}. ", 1)
            card.write_text(edited, encoding="utf-8")
            start = time.perf_counter()
            rewritten = builder.rebuild([card])
            times.append(time.perf_counter() - start)
        times.sort()
        rebuild = times[len(times) // 2]
        print(f"\nin one process: the whole site {whole * 1000:.0f} ms")
        print(
            f"one card's summary edited: rebuild {rebuild * 1000:.0f} ms "
            f"({rebuild / whole:.2f}x the whole build), {len(rewritten)} of "
            f"{len(builder.content.cards) + 5} pages rewritten:"
        )
        for path in rewritten:
            print(f"  {path}")


if __name__ == "__main__":
    main()
