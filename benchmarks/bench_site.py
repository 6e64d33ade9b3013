"""Benchmark of ``tradeoffs site`` on the bundled catalog and 250 decision records, against a
plain ``tradeoffs stats`` of the same input, and of a rebuild after one card changed.

Run: python benchmarks/bench_site.py [--runs 5] [--records 250]

1. The commands as people run them (a process each, the read cache warm): ``stats``,
   ``site -o OUT`` into a new folder (as CI builds it), ``site -o OUT --force`` over the
   last one, and ``site`` into a new folder with nothing kept from the last build (the map's
   data and the search index made afresh, as after an edit or on a new machine): medians of
   --runs of each one's CPU time (user and system, the steadier figure on a busy machine)
   and wall time, and their ratios to ``stats`` (the budget is 5x).
2. In one process, the site built once, then one card's text edited and
   :meth:`Site.rebuild` run: its median time over --runs edits and the pages it rewrote
   (the card's page, the search, the map, the feed and the index when they show the edit),
   against a whole build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_review import write_records
from bench_startup import timed

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
        # Compiled modules are kept, as an installed package has them (pip compiles them).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        base = [sys.executable, "-m", "tradeoffs", "--catalog", str(catalog)]
        base += ["--records", str(folder)]
        out = Path(tmp) / "public"

        def run(*argv: str) -> tuple[float, float]:
            return timed([*base, *argv], env, Path(tmp))

        def medians(argv: Callable[[int], list[str]]) -> tuple[float, float]:
            runs = [run(*argv(n)) for n in range(args.runs)]
            return (
                statistics.median(cpu for cpu, _ in runs),
                statistics.median(wall for _, wall in runs),
            )

        def without_kept_texts(n: int) -> list[str]:
            """A new folder, the map's data and search index made afresh (none kept)."""
            shutil.rmtree(Path(tmp) / "cache" / "text", ignore_errors=True)
            return ["site", "-o", str(Path(tmp) / f"afresh-{n}")]

        run("stats")  # warm the read cache
        run("site", "-o", str(out))
        measured = {
            "tradeoffs stats": medians(lambda n: ["stats"]),
            "tradeoffs site (new folder)": medians(
                lambda n: ["site", "-o", str(Path(tmp) / f"new-{n}")]
            ),
            "tradeoffs site --force": medians(lambda n: ["site", "-o", str(out), "--force"]),
            "site, nothing kept": medians(without_kept_texts),
        }
        files = sum(1 for path in out.rglob("*") if path.is_file()) - 1  # less the manifest
        print(f"bundled catalog and {args.records} records; medians of {args.runs} runs")
        print(f"{'':28} {'CPU':>8} {'ratio':>6} {'wall':>8} {'ratio':>6}")
        cpu0, wall0 = measured["tradeoffs stats"]
        for name, (cpu, wall) in measured.items():
            print(
                f"{name:28} {cpu * 1000:6.0f}ms {cpu / cpu0:5.2f}x "
                f"{wall * 1000:6.0f}ms {wall / wall0:5.2f}x"
            )
        print(f"({files} files written; the budget is 5x stats)")

        cache = ReadCache(Path(tmp) / "cache")
        shutil.rmtree(out)
        builder = Site(
            out,
            lambda: load_catalog(catalog, records=folder, strict_records=False, cache=cache),
            folders=[catalog, folder],
            cache=cache.folder,
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
