"""How fast the map answers a person, and how well its Python layout keeps linked cards close.

For the bundled catalog and generated ones (default 1,500, 5,000 and 20,000 cards), in
headless Chromium:

- write: building and writing the HTML file from a Subgraph already in memory;
- open: from navigation until every node is drawn and a click on a node has been answered
  (the card panel shows it);
- pick: typing a card's title in the search box and pressing Enter, until that card is
  selected, the view is centred on it and holds still (any animation over);
- focus: a double-click on the selected card, until the page has drawn its answer (the
  focus view on the current page; on the page before issue 15, the neighbours left
  undimmed, which was all a double-click did);
- dbl: a person's double-click on cards not selected, the panel closed: a click, 150 ms, a
  second click (reported by the browser as the second of two), 20 cards spread over the
  map, each first zoomed to 1:1 where it is drawn under 6 px wide; how many of them focused
  the card at all ("20/20": a double-click the page missed is not answered within 5 s), and
  the median time from the second click until focused and drawn (dbl s; the aim is 0.5 s);
- escape: Escape from the focus view with the card open, until the whole map is back, the
  card closed, and drawn;
- filter: unticking a card kind, then ticking it again, until drawn (the second is reported:
  showing a kind again was the slow one);
- labels (where the page can say which labels it drew): at the default zoom, and in focus
  (depth 1 and 2) and chain views of the five most linked decisions at 1024x768, the number
  of overlapping label pairs and the smallest label in pixels;
- edge / target: the median length of an edge in the Python layout, over its target length
  (``layout.SPACING``), read from the page's own data.

Each figure is one run unless ``--runs`` says otherwise (median of the runs). The page is the
one the package on ``sys.path`` writes, so the same script measures older code:
``PYTHONPATH=/tmp/old python benchmarks/bench_map.py`` with ``/tmp/old`` a ``git archive``.

Run: python benchmarks/bench_map.py [--runs 1] [--sizes 1500 5000 20000] [--no-bundled]
     [--chromium PATH]
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
from tradeoffs.graph import open_store
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
    if (window.tradeoffsMap.state().selected !== id) return false;
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
UNFOCUSED = """() => {
    const map = window.tradeoffsMap;
    return map.state().focus === null && document.getElementById('panel').hidden;
}"""
TARGETS = """(count) => {
    const network = window.tradeoffsMap.network;
    const ids = window.tradeoffsMap.nodes.getIds();
    const step = Math.max(1, Math.floor(ids.length / (count * 2)));
    const found = [];
    for (let i = 0; i < ids.length && found.length < count; i += step) {
        const point = network.canvasToDOM(network.getPositions([ids[i]])[ids[i]]);
        if (network.getNodeAt(point) === ids[i]) found.push(ids[i]);
    }
    return found;
}"""
LABEL_FIGURES = """() => {
    const boxes = window.tradeoffsMap.labelBoxes();
    let overlaps = 0;
    for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
            const [a, b] = [boxes[i], boxes[j]];
            if (a.left + 1 < b.left + b.width && b.left + 1 < a.left + a.width
                && a.top + 1 < b.top + b.height && b.top + 1 < a.top + a.height) overlaps++;
        }
    }
    return [overlaps, boxes.length ? Math.min(...boxes.map((box) => box.px)) : null];
}"""
# A person zooms in until a card is big enough to hit: here, to 1:1 when it is drawn smaller
# than 6 px across (a 20,000-card map opens with cards a fraction of a pixel wide).
ZOOM_TO_CARD = """(id) => {
    const network = window.tradeoffsMap.network;
    const size = network.body.nodes[id].options.size;
    if (2 * size * network.getScale() >= 6) return;
    network.moveTo({ position: network.getPositions([id])[id], scale: 1, animation: false });
}"""
DBL_TRIES = 20
DBL_TIMEOUT_MS = 5_000  # a double-click not answered by then was missed
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


def timed(
    page: Page,
    act: Callable[[], object],
    done: str,
    arg: object = None,
    timeout_ms: int = STEP_TIMEOUT_MS,
) -> float:
    """Seconds from ``act`` until the JS predicate ``done`` holds and two frames have passed;
    infinity when it does not hold within ``timeout_ms``."""
    start = time.perf_counter()
    act()
    try:
        page.wait_for_function(done, arg=arg, polling="raf", timeout=timeout_ms)
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
            " && window.tradeoffsMap.state().selected !== null",
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

        # Escape with the focus view up and the card open: the whole map back, drawn.
        figures["escape"] = timed(page, lambda: page.keyboard.press("Escape"), UNFOCUSED)

        box = page.locator("#kinds input[value=failure_mode]")
        timed(page, box.uncheck, "() => true")
        figures["filter"] = timed(page, box.check, "() => true")

        figures.update(persons_double_clicks(page))
    finally:
        page.close()
    if external:
        raise AssertionError(f"the map made network requests: {external}")
    return figures


def persons_double_clicks(page: Page) -> dict[str, float]:
    """DBL_TRIES double-clicks at a person's pace on cards not selected, the panel closed."""
    focused, times = 0, []
    targets = page.evaluate(TARGETS, DBL_TRIES)
    for card_id in targets:
        page.evaluate(ZOOM_TO_CARD, card_id)
        page.evaluate(TWO_FRAMES)
        x, y = page.evaluate(NODE_ON_SCREEN, card_id)
        page.mouse.click(x, y)
        page.wait_for_timeout(150)  # a person's pace between the two clicks
        took = timed(
            page,
            lambda x=x, y=y: page.mouse.click(x, y, click_count=2),
            FOCUSED_ON,
            card_id,
            DBL_TIMEOUT_MS,
        )
        focused += not math.isinf(took)
        times.append(took)
        page.keyboard.press("Escape")
        page.wait_for_function(UNFOCUSED, polling="raf", timeout=STEP_TIMEOUT_MS)
    if not math.isinf(min(times, default=math.inf)):
        times = [t for t in times if not math.isinf(t)]  # the median of those answered
    return {"dbl_ok": focused, "dbl_tries": len(targets), "dbl": statistics.median(times)}


def label_figures(browser: Browser, path: Path) -> str:
    """Overlapping label pairs and the smallest label (px), at the default zoom at 1400x900,
    then over focus (depth 1 and 2) and chain views of the five most linked decisions at
    1024x768; "n/a" where the page cannot say which labels it drew."""
    cells = []
    for viewport, views in (
        (VIEWPORT, [None]),
        ({"width": 1024, "height": 768}, ["focus 1", "focus 2", "chain"]),
    ):
        page = browser.new_page(viewport=viewport)
        try:
            page.goto(path.as_uri())
            page.wait_for_function(DRAWN, polling="raf", timeout=TIMEOUT_MS)
            if not page.evaluate("() => typeof window.tradeoffsMap.labelBoxes === 'function'"):
                return "n/a"
            decisions = page.evaluate(
                """() => {
                    const data = JSON.parse(document.getElementById('map-data').textContent);
                    const degree = new Map();
                    for (const r of data.relations) for (const end of [r.source, r.target])
                        degree.set(end, (degree.get(end) || 0) + 1);
                    return data.nodes.filter((n) => n.kind === 'decision').map((n) => n.id)
                        .sort((a, b) => degree.get(b) - degree.get(a)).slice(0, 5);
                }"""
            )
            for name in views:
                overlaps, smallest = 0, math.inf
                for card_id in decisions if name else [None]:
                    if name == "chain":
                        page.evaluate("(id) => window.tradeoffsMap.chain(id)", card_id)
                    elif name:
                        depth = int(name.split()[1])
                        page.evaluate(
                            "([id, d]) => window.tradeoffsMap.focus(id, d)", [card_id, depth]
                        )
                    page.evaluate(TWO_FRAMES)
                    pairs, least = page.evaluate(LABEL_FIGURES)
                    overlaps += pairs
                    smallest = min(smallest, least if least is not None else math.inf)
                cells.append(f"{name or 'default'}: {overlaps} overlaps, min {smallest:.1f} px")
        finally:
            page.close()
    return "; ".join(cells)


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
    # The page before issue 25 named an edge's ends from/to, the current one source/target.
    ends = [(e.get("source", e.get("from")), e.get("target", e.get("to"))) for e in data["edges"]]
    lengths = [
        math.dist(position[a], position[b]) for a, b in ends if a in position and b in position
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
    f"{'cards':>7}{'edges':>8}{'write':>8}{'open':>8}{'pick':>8}{'focus':>8}{'dbl':>7}"
    f"{'dbl s':>7}{'escape':>8}{'filter':>8}{'edge/target':>13}{'KB':>8}"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per size (median reported)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1500, 5000, 20000])
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled catalog")
    parser.add_argument("--labels", action="store_true", help="also count label overlaps")
    parser.add_argument(
        "--chromium", default=os.environ.get("TRADEOFFS_CHROMIUM", "/usr/bin/chromium")
    )
    args = parser.parse_args()
    import tradeoffs

    print(f"package: {Path(tradeoffs.__file__).parent}; seconds; median of {args.runs} run(s)")
    print(HEADER)
    print("-" * len(HEADER))
    catalogs: list[tuple[str, Callable[[], Subgraph]]] = (
        [] if args.no_bundled else [("bundled", lambda: select(open_store("memory"), Selection()))]
    )
    catalogs += [
        (str(count), lambda count=count: generated_subgraph(count)) for count in args.sizes
    ]
    labels = []
    with headless_chromium(args.chromium) as browser, tempfile.TemporaryDirectory() as tmp:
        for name, make in catalogs:
            subgraph = make()
            path = Path(tmp) / f"map-{name}.html"
            writes, visits = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                write_map(subgraph, path, force=True)
                writes.append(time.perf_counter() - start)
                visits.append(visit(browser, path, *probe_card(subgraph)))
            med = {key: statistics.median(v[key] for v in visits) for key in visits[0]}
            dbl = f"{int(med['dbl_ok'])}/{int(med['dbl_tries'])}"
            print(
                f"{len(subgraph.cards):>7}{len(subgraph.edges):>8}{statistics.median(writes):>8.2f}"
                f"{med['open']:>8.2f}{seconds(med['pick']):>8}{seconds(med['focus']):>8}"
                f"{dbl:>7}{seconds(med['dbl']):>7}{seconds(med['escape']):>8}"
                f"{seconds(med['filter']):>8}"
                f"{edge_over_target(path):>13.1f}{path.stat().st_size // 1024:>8}",
                flush=True,
            )
            if args.labels:
                labels.append(f"{name}: {label_figures(browser, path)}")
    for line in labels:
        print(line)


if __name__ == "__main__":
    main()
