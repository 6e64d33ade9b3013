"""How fast the map answers a person, and how well its Python layout keeps linked cards close.

For generated catalogs (default 1,500, 5,000 and 20,000 cards), in headless Chromium:

- write: building and writing the HTML file from a Subgraph already in memory;
- open: from navigation until every node is drawn and a click on a node has been answered
  (the card panel shows it);
- pick: typing a card's title in the search box and pressing Enter, until that card is
  selected, the view is centred on it and holds still (any animation over);
- focus: a double-click on the selected card, until the page has drawn its answer (the
  focus view on the current page; on the page before issue 15, the neighbours left
  undimmed, which was all a double-click did);
- filter: unticking a card kind, then ticking it again, until drawn (the second is reported:
  showing a kind again was the slow one);
- edge / target: the median length of an edge in the Python layout, over its target length
  (``layout.SPACING``), read from the page's own data.

Each figure is one run unless ``--runs`` says otherwise (median of the runs). The page is the
one the package on ``sys.path`` writes, so the same script measures older code:
``PYTHONPATH=/tmp/old python benchmarks/bench_map.py`` with ``/tmp/old`` a ``git archive``.

Run: python benchmarks/bench_map.py [--runs 1] [--sizes 1500 5000 20000] [--chromium PATH]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, Route, ViewportSize
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "devtools"))
from chromium import headless_chromium  # noqa: E402

from tradeoffs.generate import generate_catalog
from tradeoffs.graph.build import build_graph
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.map import write_map
from tradeoffs.map.layout import SPACING
from tradeoffs.models import Subgraph
from tradeoffs.queries import Selection, select

VIEWPORT: ViewportSize = {"width": 1400, "height": 900}
TIMEOUT_MS = 600_000  # for opening the page
STEP_TIMEOUT_MS = 120_000  # for each answer after that: a step that takes longer is ">120"
DATA_BLOCK = re.compile(r'<script type="application/json" id="map-data">(.*?)</script>', re.S)

# ---- in the page ----

DRAWN = "() => window.tradeoffsMap !== undefined && window.tradeoffsMap.ready"
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
NODE_ON_SCREEN = """(id) => {
    const network = window.tradeoffsMap.network;
    const point = network.canvasToDOM(network.getPositions([id])[id]);
    const box = network.body.container.getBoundingClientRect();
    return [box.left + point.x, box.top + point.y];
}"""
PANEL_SHOWS = """(title) => {
    const panel = document.getElementById('panel');
    const heading = document.querySelector('#card h2');
    return !panel.hidden && heading !== null && heading.textContent === title;
}"""
# Selected, still since the last frame (polled every frame), and centred within 2 px in the
# part of the map the panel leaves uncovered (the current page lays its panel over the map;
# the old one put it beside).
SETTLED_ON = """(id) => {
    const network = window.tradeoffsMap.network;
    if (!network.getSelectedNodes().includes(id)) return false;
    const key = JSON.stringify([network.getViewPosition(), network.getScale()]);
    const still = window.__benchLastView === key;
    window.__benchLastView = key;
    const box = network.body.container.getBoundingClientRect();
    const point = network.canvasToDOM(network.getPositions([id])[id]);
    let [left, right] = [box.left, box.right];
    const panel = document.getElementById('panel');
    if (!panel.hidden) {
        const covered = panel.getBoundingClientRect();
        if (covered.left < right && covered.right > left) {
            if (covered.left <= left + 1) left = covered.right; else right = covered.left;
        }
    }
    return still && Math.abs(box.left + point.x - (left + right) / 2) < 2
        && Math.abs(point.y - box.height / 2) < 2;
}"""
# The current page says so in state(); the old one dimmed every other node.
FOCUSED_ON = """(id) => {
    const map = window.tradeoffsMap;
    if (typeof map.state === 'function') return map.state().focus === id;
    return map.nodes.get().some((node) => node.color.background === '#e5e7eb');
}"""


def refuse_all_but_files(route: Route) -> None:
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


def timed(page: Page, act: Callable[[], object], done: str, arg: object = None) -> float:
    """Seconds from ``act`` until the JS predicate ``done`` holds and two frames have passed;
    infinity when it does not hold within STEP_TIMEOUT_MS."""
    start = time.perf_counter()
    act()
    try:
        page.wait_for_function(done, arg=arg, polling="raf", timeout=STEP_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        return math.inf
    page.evaluate(TWO_FRAMES)
    return time.perf_counter() - start


def visit(browser: Browser, path: Path, card_id: str, title: str) -> dict[str, float]:
    """One visit to the page: open, pick, focus, filter, in that order."""
    page = browser.new_page(viewport=VIEWPORT)
    external: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(("file:", "data:")) else external.append(request.url)
        ),
    )
    page.route("**/*", refuse_all_but_files)
    try:
        figures: dict[str, float] = {}
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit")
        page.wait_for_function(DRAWN, polling="raf", timeout=TIMEOUT_MS)
        first = page.evaluate("() => window.tradeoffsMap.nodes.getIds()[0]")
        page.mouse.click(*page.evaluate(NODE_ON_SCREEN, first))
        # At the fitted view of a big map cards overlap on screen: the click may open the
        # card drawn on top, which answers it as well.
        page.wait_for_function(
            "() => !document.getElementById('panel').hidden"
            " && window.tradeoffsMap.network.getSelectedNodes().length === 1",
            polling="raf",
            timeout=TIMEOUT_MS,
        )
        figures["open"] = time.perf_counter() - start

        page.fill("#search", title)
        figures["pick"] = timed(page, lambda: page.keyboard.press("Enter"), SETTLED_ON, card_id)
        if not math.isinf(figures["pick"]):
            assert page.evaluate(PANEL_SHOWS, title)

        x, y = page.evaluate(NODE_ON_SCREEN, card_id)
        figures["focus"] = timed(page, lambda: page.mouse.dblclick(x, y), FOCUSED_ON, card_id)

        # Filters act on the whole map: leave focus first where the page has one.
        page.keyboard.press("Escape")
        page.evaluate(TWO_FRAMES)
        box = page.locator("#kinds input[value=failure_mode]")
        timed(page, box.uncheck, "() => true")
        figures["filter"] = timed(page, box.check, "() => true")
    finally:
        page.close()
    if external:
        raise AssertionError(f"the map made network requests: {external}")
    return figures


# ---- in Python ----


def generated_subgraph(count: int) -> Subgraph:
    """The whole of a generated catalog of ``count`` cards, selected as the CLI does."""
    return select(MemoryStore(build_graph(generate_catalog(count))), Selection())


def edge_over_target(path: Path) -> float:
    """Median edge length in the written page's layout, in units of ``SPACING``."""
    match = DATA_BLOCK.search(path.read_text(encoding="utf-8"))
    assert match is not None
    data = json.loads(match.group(1))
    position = {node["id"]: (node["x"], node["y"]) for node in data["nodes"] if "x" in node}
    lengths = [
        math.dist(position[e["from"]], position[e["to"]])
        for e in data["edges"]
        if e["from"] in position and e["to"] in position
    ]
    return statistics.median(lengths) / SPACING if lengths else math.nan


def probe_card(subgraph: Subgraph) -> tuple[str, str]:
    """A card of middling degree whose title no other card shares."""
    titles: dict[str, int] = {}
    degree: dict[str, int] = {}
    for card in subgraph.cards:
        titles[card.title] = titles.get(card.title, 0) + 1
    for edge in subgraph.edges:
        degree[edge.source] = degree.get(edge.source, 0) + 1
        degree[edge.target] = degree.get(edge.target, 0) + 1
    unique = [card for card in subgraph.cards if titles[card.title] == 1]
    unique.sort(key=lambda card: (degree.get(card.id, 0), card.id))
    card = unique[len(unique) * 3 // 4]
    return card.id, card.title


def seconds(value: float) -> str:
    return f">{STEP_TIMEOUT_MS // 1000}" if math.isinf(value) else f"{value:.2f}"


HEADER = (
    f"{'cards':>7}{'edges':>8}{'write':>8}{'open':>8}{'pick':>8}{'focus':>8}{'filter':>8}"
    f"{'edge/target':>13}{'KB':>8}"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per size (median reported)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1500, 5000, 20000])
    parser.add_argument(
        "--chromium", default=os.environ.get("TRADEOFFS_CHROMIUM", "/usr/bin/chromium")
    )
    args = parser.parse_args()
    import tradeoffs

    print(f"package: {Path(tradeoffs.__file__).parent}; seconds; median of {args.runs} run(s)")
    print(HEADER)
    print("-" * len(HEADER))
    with headless_chromium(args.chromium) as browser, tempfile.TemporaryDirectory() as tmp:
        for count in args.sizes:
            subgraph = generated_subgraph(count)
            path = Path(tmp) / f"map-{count}.html"
            writes, visits = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                write_map(subgraph, path, force=True)
                writes.append(time.perf_counter() - start)
                visits.append(visit(browser, path, *probe_card(subgraph)))
            med = {key: statistics.median(v[key] for v in visits) for key in visits[0]}
            print(
                f"{len(subgraph.cards):>7}{len(subgraph.edges):>8}{statistics.median(writes):>8.2f}"
                f"{med['open']:>8.2f}{seconds(med['pick']):>8}{seconds(med['focus']):>8}"
                f"{seconds(med['filter']):>8}"
                f"{edge_over_target(path):>13.1f}{path.stat().st_size // 1024:>8}",
                flush=True,
            )


if __name__ == "__main__":
    main()
