"""The map in a real headless Chromium (Playwright on Debian's chromium): it works offline,
every control does what it says, and card text runs nothing.

TRADEOFFS_WRITE_SCREENSHOTS=1 also saves the bundled catalog's map to docs/map.png.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from chromium import headless_chromium
from conftest import DATA, need
from test_map import XSS_PAYLOADS, ring, write_xss_catalog

from tradeoffs.graph import open_store
from tradeoffs.map import write_map
from tradeoffs.map.data import PHYSICS_LIMIT
from tradeoffs.queries import Selection, select

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
VIEWPORT = {"width": 1400, "height": 860}
SCREENSHOT_CARD = "model-api-vs-self-hosted-model"


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    if importlib.util.find_spec("playwright") is None:
        need("the playwright package is missing (pip install -e '.[test]')")
    with headless_chromium(chromium_path) as launched:
        yield launched


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The maps under test, written once: the mini catalog, the XSS corpus, the bundled
    catalog, and one big enough to be laid out in Python."""
    folder = tmp_path_factory.mktemp("maps")
    xss_catalog = write_xss_catalog(folder / "xss-cards")
    subgraphs = {
        "mini": select(open_store("memory", DATA / "mini"), Selection()),
        "xss": select(open_store("memory", xss_catalog), Selection()),
        "bundled": select(open_store("memory"), Selection()),
        "big": ring(PHYSICS_LIMIT + 50),
    }
    paths = {}
    for name, subgraph in subgraphs.items():
        paths[name] = folder / f"{name}.html"
        write_map(subgraph, paths[name])
    return paths


@dataclass
class Visit:
    """A page and everything it did that a map must not do."""

    page: Page
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: Path, fragment: str = "") -> None:
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_function("() => window.tradeoffsMap && window.tradeoffsMap.ready")

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def settle(self) -> None:
        """Wait out the centring animation: until the view holds still for a while."""
        view = "() => JSON.stringify(window.tradeoffsMap.network.getViewPosition())"
        before = self.js(view)
        for _ in range(50):
            self.page.wait_for_timeout(150)
            now = self.js(view)
            if now == before:
                return
            before = now
        raise AssertionError("the view never stopped moving")

    def node_on_screen(self, card_id: str) -> tuple[float, float]:
        x, y = self.js(
            """(id) => {
                const network = window.tradeoffsMap.network;
                const point = network.canvasToDOM(network.getPositions([id])[id]);
                const box = network.body.container.getBoundingClientRect();
                return [box.left + point.x, box.top + point.y];
            }""",
            card_id,
        )
        return x, y

    def panel_title(self) -> str | None:
        return self.js(
            "() => document.getElementById('panel').hidden ? null"
            " : document.querySelector('#card h2').textContent"
        )

    def assert_quiet(self, path: Path) -> None:
        """No console message of note, no uncaught error, no request but the page itself."""
        assert self.errors == []
        assert self.console == []
        assert self.dialogs == []
        assert [url for url in self.requests if not url.startswith("data:")] == [path.as_uri()]


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    page = context.new_page()
    seen = Visit(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            seen.console.append(f"{message.type}: {message.text}")

    def on_dialog(dialog: Dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("dialog", on_dialog)
    yield seen
    context.close()


@pytest.mark.parametrize("name", ["mini", "bundled", "big"])
def test_the_map_opens_offline_without_a_complaint(
    visit: Visit, maps: dict[str, Path], name: str
) -> None:
    visit.open(maps[name])
    drawn = visit.js("() => window.tradeoffsMap.nodesView.length")
    assert drawn == len(
        visit.js("() => JSON.parse(document.getElementById('map-data').textContent).nodes")
    )
    assert visit.js("() => document.getElementById('stats').textContent").startswith(
        f"{drawn:,} card"
    )
    visit.assert_quiet(maps[name])


def test_clicking_a_node_opens_its_card(visit: Visit, maps: dict[str, Path]) -> None:
    visit.open(maps["mini"])
    assert visit.panel_title() is None
    visit.page.mouse.click(*visit.node_on_screen("silent-job-rot"))
    visit.page.wait_for_function("() => !document.getElementById('panel').hidden")
    assert visit.panel_title() == "Silent Job Rot"
    assert visit.js("() => location.hash") == "#silent-job-rot"
    assert visit.js("() => window.tradeoffsMap.network.getSelectedNodes()") == ["silent-job-rot"]
    panel = visit.js("() => document.getElementById('card').innerText")
    for heading in ("Listed as a failure mode by", "Often leads to", "Data Drift"):
        assert heading in panel
    visit.assert_quiet(maps["mini"])


def test_a_related_card_link_moves_the_focus(visit: Visit, maps: dict[str, Path]) -> None:
    visit.open(maps["mini"], "#cron-vs-workflow-engine")
    visit.page.get_by_role("link", name="Queue vs Stream").click()
    visit.page.wait_for_function("() => location.hash === '#queue-vs-stream'")
    assert visit.panel_title() == "Queue vs Stream"
    visit.settle()
    assert_centred(visit, "queue-vs-stream")
    panel = visit.js("() => document.getElementById('card').innerText")
    assert "The difference: That one is about scheduling." in panel
    assert "From “Cron Jobs vs Workflow Engine”: That one is about moving messages." in panel


def assert_centred(visit: Visit, card_id: str) -> None:
    centre, node, scale = visit.js(
        """(id) => {
            const network = window.tradeoffsMap.network;
            return [network.getViewPosition(), network.getPositions([id])[id], network.getScale()];
        }""",
        card_id,
    )
    assert abs(centre["x"] - node["x"]) * scale < 2 and abs(centre["y"] - node["y"]) * scale < 2


def test_search_finds_by_title_or_id_and_centres_the_choice(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["mini"])
    before = visit.js("() => window.tradeoffsMap.network.getViewPosition()")
    visit.page.fill("#search", "rot")
    options = visit.page.locator("#suggestions [role=option]")
    assert options.all_text_contents() == ["Silent Job Rotsilent-job-rot"]
    visit.page.fill("#search", "nobody-owns")  # an id works too
    assert options.count() == 1
    visit.page.fill("#search", "s")
    assert options.count() > 1
    visit.page.fill("#search", "silent")
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_function("() => location.hash === '#silent-job-rot'")
    visit.settle()
    assert visit.js("() => window.tradeoffsMap.network.getSelectedNodes()") == ["silent-job-rot"]
    assert visit.js("() => window.tradeoffsMap.network.getViewPosition()") != before
    assert_centred(visit, "silent-job-rot")
    assert visit.panel_title() == "Silent Job Rot"
    assert visit.page.locator("#suggestions").is_hidden()
    visit.assert_quiet(maps["mini"])


def test_filters_hide_and_show_edge_types_and_card_kinds(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["mini"])

    def shown_edge_types() -> list[str]:
        return visit.js("() => window.tradeoffsMap.edgesView.get().map((edge) => edge.type).sort()")

    def drawn_edges() -> int:
        return visit.js(
            "() => window.tradeoffsMap.network.body.edgeIndices.filter("
            "(id) => window.tradeoffsMap.network.body.edges[id].connected).length"
        )

    all_types = shown_edge_types()
    assert "confused_with" in all_types and drawn_edges() == 12
    visit.page.locator("#edge-types input[value=confused_with]").uncheck()
    assert shown_edge_types() == [t for t in all_types if t != "confused_with"]
    assert drawn_edges() == 11
    assert visit.js("() => document.getElementById('stats').textContent") == (
        "Showing 6 of 6 cards · 11 of 12 edges"
    )
    visit.page.locator("#kinds input[value=failure_mode]").uncheck()
    assert visit.js("() => window.tradeoffsMap.nodesView.length") == 4
    assert "leads_to" not in shown_edge_types()  # both its ends are failure modes
    visit.page.locator("#edge-types input[value=confused_with]").check()
    visit.page.locator("#kinds input[value=failure_mode]").check()
    assert shown_edge_types() == all_types and drawn_edges() == 12
    visit.assert_quiet(maps["mini"])


def test_the_fragment_opens_a_card_on_load_and_on_change(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["mini"], "#data-drift")
    assert visit.panel_title() == "Data Drift"
    visit.js("() => { location.hash = '#inventory-scheduled-work'; }")
    visit.page.wait_for_function(
        "() => document.querySelector('#card h2').textContent === 'Inventory scheduled work'"
    )
    visit.settle()
    assert_centred(visit, "inventory-scheduled-work")
    visit.js("() => { location.hash = '#no-such-card'; }")
    visit.page.wait_for_function("() => document.getElementById('status').textContent !== ''")
    assert visit.js("() => document.getElementById('status').textContent") == (
        "No card “no-such-card” on this map."
    )
    visit.page.click("#close-panel")
    assert visit.panel_title() is None and visit.js("() => location.hash") == ""
    visit.assert_quiet(maps["mini"])


def test_double_click_dims_all_but_the_neighbours(visit: Visit, maps: dict[str, Path]) -> None:
    visit.open(maps["mini"])

    def dimmed() -> list[str]:
        return visit.js(
            "() => window.tradeoffsMap.nodes.get()"
            ".filter((node) => node.color.background === '#e5e7eb').map((node) => node.id).sort()"
        )

    visit.page.mouse.dblclick(*visit.node_on_screen("data-drift"))
    visit.page.wait_for_function(
        "() => window.tradeoffsMap.nodes.get('queue-vs-stream').color.background === '#e5e7eb'"
    )
    assert dimmed() == ["cron-vs-workflow-engine", "inventory-scheduled-work", "queue-vs-stream"]
    box = visit.page.locator("#network").bounding_box()
    assert box is not None
    visit.page.mouse.dblclick(box["x"] + 5, box["y"] + 5)  # the background, far from any node
    visit.page.wait_for_function(
        "() => window.tradeoffsMap.nodes.get('queue-vs-stream').color.background !== '#e5e7eb'"
    )
    assert dimmed() == []


def test_big_maps_draw_still_and_physics_can_be_switched_on(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["big"])
    physics = "() => window.tradeoffsMap.network.physics.options.enabled"
    assert visit.js(physics) is False
    first = visit.js("() => JSON.parse(document.getElementById('map-data').textContent).nodes[0]")
    drawn = visit.js("(id) => window.tradeoffsMap.network.getPositions([id])[id]", first["id"])
    assert (drawn["x"], drawn["y"]) == (first["x"], first["y"])
    visit.page.locator("#physics").check()
    assert visit.js(physics) is True


def test_card_text_is_shown_literally_and_runs_nothing(visit: Visit, maps: dict[str, Path]) -> None:
    visit.open(maps["xss"], "#xss-decision")
    visit.settle()
    panel = visit.js("() => document.getElementById('card').textContent")
    for payload in XSS_PAYLOADS:
        assert payload in panel
    # The tooltip (hover), the search suggestions and the legend: text too.
    visit.page.mouse.move(*visit.node_on_screen("xss-other"))
    visit.page.wait_for_function(
        """() => {
            const tip = document.querySelector('div.vis-tooltip');
            return tip !== null && getComputedStyle(tip).visibility === 'visible';
        }"""
    )
    assert visit.js("() => document.querySelector('div.vis-tooltip').textContent").startswith(
        XSS_PAYLOADS[2]
    )
    visit.page.fill("#search", "<img")
    assert visit.page.locator("#suggestions [role=option]").first.text_content() == (
        XSS_PAYLOADS[2] + "xss-other"
    )
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_function("() => location.hash === '#xss-other'")
    # A crafted link to the map: the fragment is text too.
    visit.js("() => { location.hash = encodeURIComponent(" + repr(XSS_PAYLOADS[2]) + "); }")
    visit.page.wait_for_function(
        f"() => document.getElementById('status').textContent.includes({XSS_PAYLOADS[2]!r})"
    )
    visit.page.wait_for_timeout(200)  # time for an injected handler to fire, were there one
    assert visit.js("() => window.__pwned") is None
    assert (
        visit.js(
            "() => document.querySelectorAll('img, svg:not(.swatch), iframe, object, embed').length"
        )
        == 0
    )
    assert visit.js("() => document.scripts.length") == 3
    visit.assert_quiet(maps["xss"])


def test_screenshot_of_the_bundled_catalog(visit: Visit, maps: dict[str, Path]) -> None:
    """The README's picture. Always taken and checked; written only when asked to."""
    visit.open(maps["bundled"], f"#{SCREENSHOT_CARD}")
    assert visit.panel_title() is not None
    visit.settle()
    visit.js("() => window.tradeoffsMap.network.fit()")  # the whole map beside the card
    coloured = visit.js(
        """() => {
            const canvas = document.querySelector('#network canvas');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            const colours = new Set();
            let inked = 0;
            for (let i = 0; i < pixels.length; i += 4 * 7) {
                if (pixels[i + 3] > 0 && (pixels[i] < 240 || pixels[i + 1] < 240 || pixels[i + 2] < 240)) inked++;
                colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
            }
            return [inked / (pixels.length / (4 * 7)), colours.size];
        }"""
    )
    assert coloured[0] > 0.01 and coloured[1] > 20, coloured
    picture = visit.page.screenshot(full_page=False)
    assert picture.startswith(b"\x89PNG\r\n\x1a\n") and len(picture) > 50_000
    if os.environ.get("TRADEOFFS_WRITE_SCREENSHOTS") == "1":
        (ROOT / "docs" / "map.png").write_bytes(picture)
    visit.assert_quiet(maps["bundled"])
