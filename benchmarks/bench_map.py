"""How fast `tradeoffs map` is next to a plain pyvis page of the same graph.

For the bundled catalog and generated catalogs of 1,000 and 5,000 cards, measures:

- write: building and writing the HTML file, from a Subgraph already in memory;
- open: in headless Chromium, from navigation until every node has been drawn and a click
  on a node has been answered (our page: the card panel shows it; pyvis: the node is selected).

The pyvis page is `pyvis.network.Network(cdn_resources="in_line")`, defaults otherwise
(physics on). Its default, "local", loads vis-network from cdnjs with an integrity hash that
pyvis's own copy does not match, so offline it never draws at all ("vis is not defined");
"in_line" puts pyvis's copy in the page. Its template loads Bootstrap from a CDN in every mode:
those requests are refused here, so nothing leaves the machine and nothing waits on it.

Run: python benchmarks/bench_map.py [--runs 3] [--sizes 1000 5000] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, Route, ViewportSize
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pyvis.network import Network

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "devtools"))
from chromium import headless_chromium  # noqa: E402

from tradeoffs.generate import generate_catalog
from tradeoffs.graph import open_store
from tradeoffs.graph.build import build_graph
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.map import write_map
from tradeoffs.models import Subgraph
from tradeoffs.queries import Selection, select

VIEWPORT: ViewportSize = {"width": 1400, "height": 900}
OPEN_TIMEOUT_S = 600


# ---- generated catalogs ----


def generated_subgraph(count: int) -> Subgraph:
    """The whole of a generated catalog of ``count`` cards, selected as the CLI does."""
    store = MemoryStore(build_graph(generate_catalog(count)))
    return select(store, Selection())


# ---- the two pages ----


def write_ours(subgraph: Subgraph, folder: Path) -> Path:
    path = folder / "ours.html"
    write_map(subgraph, path, force=True)
    return path


def write_pyvis(subgraph: Subgraph, folder: Path) -> Path:
    path = folder / "pyvis.html"
    network = Network(cdn_resources="in_line")
    for card in subgraph.cards:
        network.add_node(
            card.id, label=card.title, title=card.summary or card.title, group=card.kind
        )
    for edge in subgraph.edges:
        network.add_edge(edge.source, edge.target, title=edge.note or edge.type)
    network.write_html(str(path))
    return path


def refuse_all_but_files(route: Route) -> None:
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


@dataclass(frozen=True)
class PageProbe:
    """How to tell, in the page, that it is drawn, and that a click on a node was answered."""

    network: str  # a JS expression for the vis Network
    drawn: str  # a JS function: true once every node is drawn
    answered: str  # a JS function of the clicked node's id: true once the click is answered


OUR_PROBE = PageProbe(
    network="window.tradeoffsMap.network",
    drawn="() => window.tradeoffsMap !== undefined && window.tradeoffsMap.ready",
    answered="(id) => !document.getElementById('panel').hidden"
    " && window.tradeoffsMap.network.getSelectedNodes().includes(id)",
)
PYVIS_PROBE = PageProbe(
    network="network",
    drawn="() => typeof network !== 'undefined' && network.physics.ready",
    answered="(id) => network.getSelectedNodes().includes(id)",
)


def open_and_click(browser: Browser, url: str, probe: PageProbe, node_id: str) -> float:
    """Seconds from navigation until the page has drawn every node and answered a click on
    ``node_id``; infinity when that takes longer than OPEN_TIMEOUT_S."""
    page = browser.new_page(viewport=VIEWPORT)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.route("**/*", refuse_all_but_files)
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(probe.drawn, timeout=OPEN_TIMEOUT_S * 1000)
        # One frame after stabilising, so the nodes are on screen, not just placed.
        page.evaluate(
            f"() => new Promise((done) => {{ const shown = {probe.network};"
            " shown.once('afterDrawing', done); shown.redraw(); })"
        )
        answered = _click_node(page, probe, node_id, deadline=start + OPEN_TIMEOUT_S)
        seconds = time.perf_counter() - start if answered else math.inf
    except PlaywrightTimeoutError:
        seconds = math.inf
    finally:
        page.close()
    external = [url for url in requested if not url.startswith(("file:", "data:"))]
    if probe is OUR_PROBE and external:
        raise AssertionError(f"our map made network requests: {external}")
    return seconds


def _click_node(page: Page, probe: PageProbe, node_id: str, deadline: float) -> bool:
    """Click where the node is drawn until the page answers. A page whose physics still runs
    can move the node between reading its position and clicking: those retries count."""
    while time.perf_counter() < deadline:
        x, y = page.evaluate(
            f"""(id) => {{
                const shown = {probe.network};
                const point = shown.canvasToDOM(shown.getPositions([id])[id]);
                const box = shown.body.container.getBoundingClientRect();
                return [box.left + point.x, box.top + point.y];
            }}""",
            node_id,
        )
        page.mouse.click(x, y)
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_function(probe.answered, arg=node_id, timeout=1000)
            return True
    return False


# ---- measuring ----


def seconds(value: float) -> str:
    return f">{OPEN_TIMEOUT_S}" if math.isinf(value) else f"{value:.2f}"


def ratio(theirs: float, ours: float) -> str:
    return f">{OPEN_TIMEOUT_S / ours:.0f}x" if math.isinf(theirs) else f"{theirs / ours:.1f}x"


@dataclass(frozen=True)
class Row:
    name: str
    cards: int
    edges: int
    write_ours: float
    write_pyvis: float
    open_ours: float
    open_pyvis: float
    size_ours: int
    size_pyvis: int

    def __str__(self) -> str:
        return (
            f"{self.name:<18}{self.cards:>7}{self.edges:>7}"
            f" | {seconds(self.write_ours):>10}{seconds(self.write_pyvis):>9}"
            f"{ratio(self.write_pyvis, self.write_ours):>8}"
            f" | {seconds(self.open_ours):>10}{seconds(self.open_pyvis):>9}"
            f"{ratio(self.open_pyvis, self.open_ours):>8}"
            f" | {self.size_ours // 1024:>10}{self.size_pyvis // 1024:>9}"
        )


HEADER = (
    f"{'graph':<18}{'cards':>7}{'edges':>7} | {'write ours':>10}{'pyvis':>9}{'ratio':>8}"
    f" | {'open ours':>10}{'pyvis':>9}{'ratio':>8} | {'KB ours':>10}{'pyvis':>9}"
)


def measure(name: str, subgraph: Subgraph, browser: Browser, folder: Path, runs: int) -> Row:
    """Medians of ``runs`` writes and opens of both pages."""

    def median_write(write: Callable[[Subgraph, Path], Path]) -> tuple[float, Path]:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            path = write(subgraph, folder)
            times.append(time.perf_counter() - start)
        return statistics.median(times), path

    def median_open(path: Path, probe: PageProbe) -> float:
        times: list[float] = []
        for _ in range(runs):
            times.append(open_and_click(browser, path.as_uri(), probe, subgraph.cards[0].id))
            if math.isinf(times[-1]):
                return math.inf  # the next runs would time out too
        return statistics.median(times)

    write_ours_s, ours = median_write(write_ours)
    write_pyvis_s, theirs = median_write(write_pyvis)
    return Row(
        name,
        len(subgraph.cards),
        len(subgraph.edges),
        write_ours_s,
        write_pyvis_s,
        median_open(ours, OUR_PROBE),
        median_open(theirs, PYVIS_PROBE),
        ours.stat().st_size,
        theirs.stat().st_size,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median reported)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument(
        "--chromium", default=os.environ.get("TRADEOFFS_CHROMIUM", "/usr/bin/chromium")
    )
    args = parser.parse_args()

    graphs = [("bundled catalog", select(open_store("memory"), Selection()))]
    graphs += [(f"generated {n:,}", generated_subgraph(n)) for n in args.sizes]
    print(f"medians of {args.runs} runs; seconds; ratio = pyvis / ours; page sizes in KB")
    print(HEADER)
    print("-" * len(HEADER))
    with headless_chromium(args.chromium) as browser, tempfile.TemporaryDirectory() as tmp:
        for name, subgraph in graphs:
            print(measure(name, subgraph, browser, Path(tmp), args.runs), flush=True)


if __name__ == "__main__":
    main()
