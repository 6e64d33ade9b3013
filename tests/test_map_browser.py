"""The map in a real headless Chromium (Playwright on Debian's chromium): it works offline,
every control does what it says, and card text runs nothing.

TRADEOFFS_WRITE_SCREENSHOTS=1 also saves the README's pictures: docs/map.png (the bundled
catalog with a card open), docs/map-focus.png (focus mode) and docs/map-chain.png (a
decision chain).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

import pytest
from conftest import DATA, need
from test_map import XSS_PAYLOADS, ring, write_xss_catalog

from tradeoffs.generate import generate_catalog
from tradeoffs.graph import open_store
from tradeoffs.graph.build import build_graph
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.map import write_map
from tradeoffs.models import search_text
from tradeoffs.queries import Selection, search, select
from tradeoffs.vocabulary import RECORD_STATE_SPECS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
VIEWPORT = {"width": 1400, "height": 860}
SCREENSHOT_CARD = "model-api-vs-self-hosted-model"
SUGGESTIONS = 12  # the most the search box lists
SUGGESTED = (
    "() => [...document.querySelectorAll('#suggestions [role=option]')]"
    ".map((li) => li.firstChild.textContent)"
)


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
        "records": select(
            open_store("memory", [DATA / "mini"], records=DATA / "records", keep_going=True),
            Selection(),
        ),
        "big": ring(350),
        "generated": select(MemoryStore(build_graph(generate_catalog(400))), Selection()),
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
        """Wait out the centring animation: until the page says the view stopped moving."""
        self.page.wait_for_function("() => !window.tradeoffsMap.moving")

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
    drawn = len(state(visit)["shown"])
    assert drawn == len(
        visit.js("() => JSON.parse(document.getElementById('map-data').textContent).nodes")
    )
    assert visit.js("() => document.getElementById('stats').textContent").startswith(
        f"{drawn:,} card"
    )
    visit.assert_quiet(maps[name])


def state(visit: Visit) -> dict[str, Any]:
    return visit.js("() => window.tradeoffsMap.state()")


def double_click(visit: Visit, card_id: str) -> None:
    """On where the card is drawn, as the browser reports a double-click (no pause between
    the clicks that a busy machine could stretch)."""
    visit.page.mouse.dblclick(*visit.node_on_screen(card_id))


TOOLTIP_SHOWN = """() => [...document.querySelectorAll('div.vis-tooltip')]
    .some((tip) => getComputedStyle(tip).visibility === 'visible')"""


def tooltip_shown(visit: Visit) -> bool:
    return visit.js(TOOLTIP_SHOWN)


def neighbours(visit: Visit, card_id: str, types: list[str] | None = None) -> set[str]:
    return set(
        visit.js(
            """([id, types]) => JSON.parse(document.getElementById('map-data').textContent).edges
                .filter((e) => (e.source === id || e.target === id) && (!types || types.includes(e.type)))
                .map((e) => (e.source === id ? e.target : e.source))""",
            [card_id, types],
        )
    )


def assert_centred(visit: Visit, card_id: str) -> None:
    """The card sits in the middle of the part of the map the panel leaves uncovered."""
    x, y = visit.node_on_screen(card_id)
    left, right, top, bottom = visit.js(
        """() => {
            const stage = document.getElementById('stage').getBoundingClientRect();
            const panel = document.getElementById('panel');
            let [left, right] = [stage.left, stage.right];
            if (!panel.hidden) {
                const box = panel.getBoundingClientRect();
                if (box.left <= stage.left + 1) left = box.right; else right = box.left;
            }
            return [left, right, stage.top, stage.bottom];
        }"""
    )
    assert abs(x - (left + right) / 2) < 2 and abs(y - (top + bottom) / 2) < 2, (x, y, left, right)


def test_clicking_a_node_opens_its_card_without_moving_the_map(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["mini"])
    visit.settle()
    assert visit.panel_title() is None
    for card_id in ("silent-job-rot", "queue-vs-stream", "data-drift"):
        before = visit.node_on_screen(card_id)
        visit.page.mouse.click(*before)
        visit.page.wait_for_function(f"() => window.tradeoffsMap.state().selected === '{card_id}'")
        assert visit.node_on_screen(card_id) == before
        # Still under the pointer: the panel opened on the other side.
        assert visit.js("([x, y]) => document.elementFromPoint(x, y).tagName", list(before)) in (
            "CANVAS",
            "DIV",  # the selection ring, which lets clicks through
        )
        visit.page.keyboard.press("Escape")
    visit.page.mouse.click(*visit.node_on_screen("silent-job-rot"))
    visit.page.wait_for_function("() => window.tradeoffsMap.state().selected === 'silent-job-rot'")
    assert visit.panel_title() == "Silent Job Rot"
    assert visit.js("() => location.hash") == "#silent-job-rot"
    # Marked by a ring around the card, laid over the canvas.
    ring = visit.page.locator("#network .selection-ring").bounding_box()
    x, y = visit.node_on_screen("silent-job-rot")
    assert ring is not None
    assert (
        abs(ring["x"] + ring["width"] / 2 - x) < 2 and abs(ring["y"] + ring["height"] / 2 - y) < 2
    )
    visit.assert_quiet(maps["mini"])


def test_the_panel_leads_with_links_grouped_by_kind(visit: Visit, maps: dict[str, Path]) -> None:
    visit.open(maps["bundled"], f"#{SCREENSHOT_CARD}")
    order = visit.js(
        "() => [...document.querySelectorAll('#card > h2, #card > h3, #card > details')]"
        ".map((node) => node.tagName + ':' + (node.tagName === 'DETAILS'"
        " ? node.querySelector('summary').textContent : node.textContent))"
    )
    assert order[0].startswith("H2:") and order[1] == "H3:Links", order
    assert order.index("H3:The card") > 1 and all(
        entry.startswith("DETAILS:") for entry in order[order.index("H3:The card") + 1 :]
    )
    groups = visit.js(
        "() => [...document.querySelectorAll('#card h4.link-kind')].map((h) =>"
        " [h.textContent, h.querySelector('svg.swatch *').getAttribute('fill')])"
    )
    kinds = visit.js("() => JSON.parse(document.getElementById('map-data').textContent).kinds")
    by_plural = {kind["plural"]: kind["colour"] for kind in kinds}
    assert len(groups) >= 3
    for text, colour in groups:
        assert by_plural[text.rsplit(" (", 1)[0]] == colour
    # The playbooks that name this decision are under Playbooks, each saying how it links.
    assert "Playbooks" in [text.rsplit(" (", 1)[0] for text, _ in groups]
    assert visit.page.locator("#card .reading", has_text="Listed as a related decision by").count()
    # Facets fold: a closed one opens on a click.
    closed = visit.page.locator("#card > details:not([open]) > summary").first
    closed.click()
    assert visit.js("() => document.querySelectorAll('#card > details[open]').length") >= 4
    visit.assert_quiet(maps["bundled"])


def test_double_click_focuses_and_escape_restores_the_map(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["bundled"])
    visit.settle()
    hub = visit.js(
        "() => { const d = JSON.parse(document.getElementById('map-data').textContent);"
        " return d.nodes.slice().sort((a, b) => b.size - a.size)[0].id; }"
    )
    view_before = visit.js(
        "() => JSON.stringify(window.tradeoffsMap.mainNetwork.getViewPosition())"
    )
    assert visit.panel_title() is None
    visit.page.mouse.move(*visit.node_on_screen(hub))  # its tooltip comes up
    visit.page.wait_for_function(TOOLTIP_SHOWN)
    double_click(visit, hub)
    visit.page.wait_for_function(f"() => window.tradeoffsMap.state().focus === '{hub}'")
    assert not tooltip_shown(visit)  # and goes with the view it belonged to
    now = state(visit)
    assert now["selected"] == hub
    assert set(now["shown"]) == {hub} | neighbours(visit, hub)
    # Laid out afresh around the card and fitted: every card on screen, the card in the middle.
    stage = visit.page.locator("#stage").bounding_box()
    assert stage is not None
    for card_id in now["shown"]:
        x, y = visit.node_on_screen(card_id)
        assert stage["x"] <= x <= stage["x"] + stage["width"], card_id
        assert stage["y"] <= y <= stage["y"] + stage["height"], card_id
    assert visit.js(f"() => window.tradeoffsMap.network.getPositions(['{hub}'])['{hub}']") == {
        "x": 0,
        "y": 0,
    }
    assert "focus=" in visit.js("() => location.hash")
    if os.environ.get("TRADEOFFS_WRITE_SCREENSHOTS") == "1":
        visit.page.screenshot(path=str(ROOT / "docs" / "map-focus.png"))
    visit.page.keyboard.press("Escape")
    assert state(visit) == {
        "selected": None,
        "focus": None,
        "shown": visit.js("() => window.tradeoffsMap.state().shown"),
    }
    assert len(state(visit)["shown"]) == visit.js(
        "() => JSON.parse(document.getElementById('map-data').textContent).nodes.length"
    )
    assert visit.js("() => JSON.stringify(window.tradeoffsMap.network.getViewPosition())") == (
        view_before
    )
    assert visit.panel_title() is None and visit.js("() => location.hash") == ""
    visit.assert_quiet(maps["bundled"])


def test_focus_from_the_button_and_the_f_key_with_depth_and_edge_types(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["mini"], "#data-drift")
    visit.page.get_by_role("button", name="Focus (f)").click()
    assert state(visit)["focus"] == "data-drift"
    assert set(state(visit)["shown"]) == {"data-drift", "silent-job-rot", "nobody-owns-the-crontab"}
    visit.page.select_option("#depth", "2")
    depth_two = set(state(visit)["shown"])
    assert depth_two > {"data-drift", "silent-job-rot", "nobody-owns-the-crontab"}
    assert "cron-vs-workflow-engine" in depth_two
    assert "depth=2" in visit.js("() => location.hash")
    # Edge types narrow the walk: without leads_to, Silent Job Rot is no longer a neighbour.
    visit.page.locator("#edge-types input[value=leads_to]").uncheck()
    visit.page.select_option("#depth", "1")
    assert set(state(visit)["shown"]) == {"data-drift", "nobody-owns-the-crontab"}
    visit.page.locator("#edge-types input[value=leads_to]").check()
    visit.page.get_by_role("button", name="Leave focus").click()
    assert state(visit)["focus"] is None and len(state(visit)["shown"]) == 6
    visit.page.locator("#network").focus()
    visit.page.keyboard.press("f")
    assert state(visit)["focus"] == "data-drift"
    visit.page.keyboard.press("f")
    assert state(visit)["focus"] is None
    visit.assert_quiet(maps["mini"])


def test_arrow_keys_move_between_neighbours_and_escape_closes(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["mini"])
    visit.settle()
    visit.page.keyboard.press("Tab")  # from the page start: the map is reachable by keyboard
    for _ in range(40):
        if visit.js("() => document.activeElement.id") == "network":
            break
        visit.page.keyboard.press("Tab")
    assert visit.js("() => document.activeElement.id") == "network"
    visit.page.keyboard.press("ArrowRight")  # nothing selected: the card nearest the middle
    first = state(visit)["selected"]
    assert first is not None
    seen = {first}
    for key in ["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"] * 2:
        before = state(visit)["selected"]
        visit.page.keyboard.press(key)
        after = state(visit)["selected"]
        assert after == before or after in neighbours(visit, before), (key, before, after)
        seen.add(after)
    assert len(seen) >= 2
    assert visit.js("() => document.activeElement.id") == "network"
    visit.page.keyboard.press("Escape")
    assert visit.panel_title() is None and state(visit)["selected"] is None
    visit.assert_quiet(maps["mini"])


def test_a_confused_with_pair_compares_side_by_side(visit: Visit, maps: dict[str, Path]) -> None:
    visit.open(maps["mini"], "#queue-vs-stream")
    visit.page.locator("#card li", has_text="Cron Jobs vs Workflow Engine").get_by_role(
        "button", name="Compare"
    ).click()
    dialog = visit.page.get_by_role("dialog", name="Comparison")
    assert dialog.is_visible()
    text = dialog.inner_text()
    assert text.index("How they differ") < text.index("Key factors")
    assert "From “Queue vs Stream”: That one is about scheduling." in text
    assert "From “Cron Jobs vs Workflow Engine”: That one is about moving messages." in text
    header = visit.js(
        "() => [...document.querySelectorAll('#compare tr:first-child th')].map((th) => th.textContent)"
    )
    assert header == ["", "Queue vs Stream", "Cron Jobs vs Workflow Engine"]
    rows = visit.js(
        "() => Object.fromEntries([...document.querySelectorAll('#compare tr')].slice(1)"
        ".map((tr) => [tr.cells[0].textContent, [tr.cells[1].textContent, tr.cells[2].textContent]]))"
    )
    assert rows["Key factors"] == [
        "• Replay needs\n• ops maturity",
        "• Ops maturity\n• Auditability",
    ]
    visit.page.keyboard.press("Escape")
    assert dialog.is_hidden() and visit.panel_title() == "Queue vs Stream"
    visit.assert_quiet(maps["mini"])


def test_the_decision_chain_is_drawn_in_layers(visit: Visit, maps: dict[str, Path]) -> None:
    visit.open(maps["bundled"], f"#{SCREENSHOT_CARD}")
    visit.page.get_by_role("button", name="Decision chain").click()
    now = state(visit)
    assert now["focus"] == SCREENSHOT_CARD and "chain=" in visit.js("() => location.hash")
    data = visit.js("() => JSON.parse(document.getElementById('map-data').textContent)")
    kind = {node["id"]: node["kind"] for node in data["nodes"]}
    positions = visit.js("() => window.tradeoffsMap.network.getPositions()")
    columns: dict[str, set[float]] = {}
    for card_id in now["shown"]:
        columns.setdefault(kind[card_id], set()).add(positions[card_id]["x"])
    # One column per kind, left to right in the chain's order, every layer present.
    assert [k for k in data["chain"] if k in columns] == data["chain"], columns
    xs = [columns[k] for k in data["chain"]]
    assert all(len(column) == 1 for column in xs)
    assert [next(iter(c)) for c in xs] == sorted(next(iter(c)) for c in xs)
    assert [k for k in now["shown"] if kind[k] == "decision"] == [SCREENSHOT_CARD]
    # Every failure mode drawn is linked to the decision; every later card to an earlier layer.
    linked = {(e["source"], e["target"]) for e in data["edges"]} | {
        (e["target"], e["source"]) for e in data["edges"]
    }
    shown = set(now["shown"])
    for card_id in shown - {SCREENSHOT_CARD}:
        earlier = {
            other
            for other in shown
            if data["chain"].index(kind[other]) < data["chain"].index(kind[card_id])
        }
        assert any((card_id, other) in linked for other in earlier), card_id
    if os.environ.get("TRADEOFFS_WRITE_SCREENSHOTS") == "1":
        visit.page.screenshot(path=str(ROOT / "docs" / "map-chain.png"))
    visit.page.keyboard.press("Escape")
    assert state(visit)["focus"] is None
    visit.assert_quiet(maps["bundled"])


def test_the_path_between_two_picked_cards_is_highlighted(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["mini"], "#queue-vs-stream")
    visit.page.get_by_role("button", name="Path from here").click()
    visit.page.fill("#search", "data drift")
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_function("() => window.tradeoffsMap.currentPath() !== null")
    path = visit.js("() => window.tradeoffsMap.currentPath()")
    assert path["ids"][0] == "queue-vs-stream" and path["ids"][-1] == "data-drift"
    assert len(path["ids"]) == 3  # queue -> silent-job-rot -> data-drift
    assert path["edges"] == ["failure_mode", "leads_to"]
    assert set(visit.js("() => window.tradeoffsMap.network.getSelectedNodes()")) == set(path["ids"])
    widths = visit.js("() => window.tradeoffsMap.edges.get().filter((e) => e.width === 6).length")
    assert widths == 2
    panel = visit.js("() => document.querySelector('#card .path').innerText")
    assert "Path: 2 hops" in panel and "Often leads to" in panel
    visit.page.get_by_role("button", name="Clear the path").click()
    assert visit.js("() => window.tradeoffsMap.currentPath()") is None
    assert (
        visit.js("() => window.tradeoffsMap.edges.get().filter((e) => e.width === 6).length") == 0
    )
    visit.assert_quiet(maps["mini"])


def test_search_matches_word_starts_and_enter_picks_the_best(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["bundled"])
    visit.page.fill("#search", "rag")
    options = visit.page.locator("#suggestions [role=option]")
    assert options.count() >= 1
    data = visit.js("() => JSON.parse(document.getElementById('map-data').textContent)")
    by_title = {node["title"]: node for node in data["nodes"]}
    store = open_store("memory")
    index = {card.id: search_text(card) for card in store.cards()}
    for title in visit.js(SUGGESTED):
        text = " ".join(index[by_title[title]["id"]])
        assert re.search(r"(?<![a-z0-9])rag", text), title  # never "fragile"
    # Suggestions say what kind of card each is, and its category.
    first = options.first.locator(".about").inner_text()
    kinds = {kind["label"] for kind in data["kinds"]}
    assert any(kind in first for kind in kinds)
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_function("() => window.tradeoffsMap.state().selected !== null")
    assert state(visit)["selected"] == "rag-vs-fine-tuning"
    assert visit.js("() => document.getElementById('search').value") == ""
    # The keyboard goes on from the map: arrows move to the card's neighbours.
    assert visit.js("() => document.activeElement.id") == "network"
    visit.settle()
    assert_centred(visit, "rag-vs-fine-tuning")
    # An id, then Enter; a key factor finds its decision.
    visit.page.fill("#search", "model-api-vs-self-hosted-model")
    visit.page.keyboard.press("Enter")
    assert state(visit)["selected"] == "model-api-vs-self-hosted-model"
    # A word found only in one card's facets (not its title or lead) finds that card, first,
    # as `tradeoffs search` ranks it.
    count: dict[str, int] = {}
    for title_words, lead, body in index.values():
        for word in set((title_words + lead + body).split()):
            count[word] = count.get(word, 0) + 1
    card_id, word = next(
        (card_id, word)
        for card_id, (title_words, lead, body) in sorted(index.items())
        for word in body.split()
        if count[word] == 1 and len(word) > 6 and f" {word}" not in title_words + lead
    )
    visit.page.fill("#search", word)
    titles = {node["id"]: node["title"] for node in data["nodes"]}
    assert options.first.inner_text().startswith(titles[card_id]), (word, card_id)
    visit.page.keyboard.press("Enter")
    assert state(visit)["selected"] == card_id
    # The suggestions are `tradeoffs search`'s best, in its order: words, word starts, words
    # in several parts of a card, and phrases ("lock-in" is "lock" then a word starting "in").
    for query in ["gpu", "inference", "kubernetes", "rag retrieval", "lock-in", "self-host"]:
        visit.page.fill("#search", query)
        best = search(store, query, limit=SUGGESTIONS).hits
        assert best, query
        assert visit.js(SUGGESTED) == [hit.card.title for hit in best], query
    visit.assert_quiet(maps["bundled"])


def test_filters_by_category_and_key_factor(visit: Visit, maps: dict[str, Path]) -> None:
    visit.open(maps["mini"], "#data-drift")
    visit.page.select_option("#category", "operations")
    assert sorted(state(visit)["shown"]) == [
        "cron-vs-workflow-engine",
        "inventory-scheduled-work",
        "nobody-owns-the-crontab",
        "silent-job-rot",
    ]
    # The open card is hidden now, and the panel says so.
    assert "Hidden on the map by the filters." in visit.js(
        "() => document.getElementById('card').innerText"
    )
    assert "category=operations" in visit.js("() => location.hash")
    visit.page.select_option("#category", "")
    visit.page.fill("#factor", "ops")
    visit.page.wait_for_function("() => window.tradeoffsMap.state().shown.length === 2")
    assert sorted(state(visit)["shown"]) == ["cron-vs-workflow-engine", "queue-vs-stream"]
    visit.page.fill("#factor", "audit")
    visit.page.wait_for_function("() => window.tradeoffsMap.state().shown.length === 1")
    assert state(visit)["shown"] == ["cron-vs-workflow-engine"]
    visit.page.fill("#factor", "udit")  # word starts only
    visit.page.wait_for_function("() => window.tradeoffsMap.state().shown.length === 0")
    visit.page.fill("#factor", "")
    visit.page.wait_for_function("() => window.tradeoffsMap.state().shown.length === 6")
    visit.assert_quiet(maps["mini"])


def test_the_address_reproduces_the_view(
    visit: Visit, maps: dict[str, Path], browser: Browser
) -> None:
    visit.open(maps["mini"], "#silent-job-rot")
    visit.page.locator("#kinds input[value=playbook]").uncheck()
    visit.page.get_by_role("button", name="Focus (f)").click()
    visit.page.select_option("#depth", "2")
    visit.page.select_option("#category", "operations")
    hash_ = visit.js("() => location.hash")
    before = state(visit)
    assert before["focus"] == "silent-job-rot" and "inventory-scheduled-work" not in before["shown"]
    other = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        other.goto(maps["mini"].as_uri() + hash_)
        other.wait_for_function("() => window.tradeoffsMap && window.tradeoffsMap.ready")
        assert other.evaluate("() => window.tradeoffsMap.state()") == before
        assert other.evaluate("() => document.getElementById('depth').value") == "2"
        assert other.evaluate("() => document.getElementById('category').value") == "operations"
        assert (
            other.evaluate("() => document.querySelector('#kinds input[value=playbook]').checked")
            is False
        )
    finally:
        other.close()
    visit.assert_quiet(maps["mini"])


def test_the_view_exports_as_svg_and_png(
    visit: Visit, maps: dict[str, Path], tmp_path: Path
) -> None:
    visit.open(maps["mini"], "#data-drift")
    visit.page.keyboard.press("f")
    with visit.page.expect_download() as svg_download:
        visit.page.click("#export-svg")
    svg_path = tmp_path / svg_download.value.suggested_filename
    svg_download.value.save_as(svg_path)
    assert svg_path.name == "tradeoffs-focus-data-drift.svg"
    root = ElementTree.parse(svg_path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    drawn = {node.get("data-id") for node in root.iter() if node.get("data-id")}
    assert drawn == set(state(visit)["shown"])
    texts = {node.text for node in root.iter("{http://www.w3.org/2000/svg}text")}
    assert "Data Drift" in texts
    # Arrow heads on one-way lines, and a legend naming what is drawn.
    svg = "{http://www.w3.org/2000/svg}"
    markers = {marker.get("id") for marker in root.iter(f"{svg}marker")}
    arrowed = [line for line in root.iter(f"{svg}line") if line.get("marker-end")]
    assert arrowed and all(line.get("marker-end")[5:-1] in markers for line in arrowed)
    assert {"Failure modes", "Red flags", "Often leads to"} <= texts
    # The SVG and the PNG picture the map beside the panel, not under it.
    panel = visit.page.locator("#panel").bounding_box()
    stage = visit.page.locator("#stage").bounding_box()
    assert panel is not None and stage is not None
    assert float(root.get("width")) == pytest.approx(stage["width"] - panel["width"], abs=1)
    with visit.page.expect_download() as png_download:
        visit.page.click("#export-png")
    png_path = tmp_path / "view.png"
    png_download.value.save_as(png_path)
    png = png_path.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png_path.stat().st_size > 2000
    width = int.from_bytes(png[16:20], "big")
    ratio = visit.js("() => window.devicePixelRatio")
    assert width == pytest.approx((stage["width"] - panel["width"]) * ratio, abs=2)
    visit.assert_quiet(maps["mini"])


def test_at_1024_pixels_the_panel_leaves_the_map_room(
    browser: Browser, maps: dict[str, Path]
) -> None:
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    try:
        page.goto(maps["bundled"].as_uri() + f"#{SCREENSHOT_CARD}")
        page.wait_for_function("() => window.tradeoffsMap && window.tradeoffsMap.ready")
        stage = page.locator("#stage").bounding_box()
        panel = page.locator("#panel").bounding_box()
        controls = page.locator("#controls").bounding_box()
        assert stage and panel and controls
        assert stage["width"] >= 750  # the canvas keeps its size: the panel lies over it
        assert panel["x"] >= controls["x"] + controls["width"] - 1
        assert stage["width"] - panel["width"] >= 400
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 1024
    finally:
        page.close()


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


# The shown cards outside the map's frame, and how much of the frame their box spans.
FITTED = """() => {
    const map = window.tradeoffsMap;
    const network = map.network;
    const ids = map.state().shown;
    const positions = network.getPositions(ids);
    const frame = network.body.container.getBoundingClientRect();
    let outside = 0;
    const xs = [];
    const ys = [];
    for (const id of ids) {
        const point = network.canvasToDOM(positions[id]);
        if (point.x < 0 || point.x > frame.width || point.y < 0 || point.y > frame.height) outside++;
        xs.push(point.x);
        ys.push(point.y);
    }
    const span = Math.max(
        (Math.max(...xs) - Math.min(...xs)) / frame.width,
        (Math.max(...ys) - Math.min(...ys)) / frame.height,
    );
    return { shown: ids.length, outside, span };
}"""


def test_physics_and_filters_keep_the_shown_cards_fitted_in_view(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["generated"])
    visit.page.locator("#physics").check()
    assert visit.js("() => window.tradeoffsMap.moving") is True
    # The page says when the layout has settled and the view stopped moving.
    visit.page.wait_for_function("() => !window.tradeoffsMap.moving", timeout=120_000)
    fitted = visit.js(FITTED)
    assert fitted["shown"] == 400
    assert fitted["outside"] == 0, fitted
    assert fitted["span"] > 0.6, fitted  # fitted, not a small blob
    # A filter fits what it leaves, physics or not.
    for physics in (True, False):
        visit.page.locator("#physics").set_checked(physics)
        visit.page.select_option("#category", index=3)
        visit.page.wait_for_function("() => !window.tradeoffsMap.moving", timeout=120_000)
        fitted = visit.js(FITTED)
        assert 0 < fitted["shown"] < 400
        assert fitted["outside"] == 0, fitted
        assert fitted["span"] > 0.6, fitted
        visit.page.select_option("#category", "")
    visit.assert_quiet(maps["generated"])


def test_card_text_is_shown_literally_and_runs_nothing(visit: Visit, maps: dict[str, Path]) -> None:
    visit.open(maps["xss"])
    # The tooltip (hover), the panel, the search suggestions and the legend: text too.
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
    visit.js("() => { location.hash = '#xss-decision'; }")
    visit.page.wait_for_function("() => window.tradeoffsMap.state().selected === 'xss-decision'")
    panel = visit.js("() => document.getElementById('card').textContent")
    for payload in XSS_PAYLOADS:
        assert payload in panel
    visit.page.fill("#search", "<img")
    assert visit.page.locator("#suggestions [role=option]").first.text_content() == (
        XSS_PAYLOADS[2] + "Decision" + "xss-other"
    )
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_function("() => location.hash === '#xss-other'")
    visit.page.locator("#card button", has_text="Compare").click()  # the comparison: text too
    assert XSS_PAYLOADS[6] in visit.js("() => document.getElementById('compare').textContent")
    visit.page.keyboard.press("Escape")
    svg = visit.js("() => window.tradeoffsMap.exportSvg()")  # the export: text too
    assert "<img" not in svg and "&lt;img src=x" in svg
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


def test_decision_records_are_drawn_as_their_own_kind_with_their_status(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["records"], "#cron-vs-workflow-engine")
    groups = visit.js(
        "() => [...document.querySelectorAll('#card h4.link-kind')].map((h) => h.textContent)"
    )
    assert "Decision records (2)" in groups
    assert visit.page.locator("#card .reading", has_text="Applied by").count() == 2
    visit.page.locator("#card a", has_text="Run nightly jobs from cron").first.click()
    assert visit.panel_title() == "Run nightly jobs from cron"
    meta = visit.js("() => document.querySelector('#card .meta').textContent")
    assert "Decision record" in meta and "Superseded" in meta and "from records" in meta
    # Records wear their state's colour, and the key says which is which.
    key = visit.js(
        "() => [...document.querySelectorAll('#record-states .key')].map((r) => r.textContent)"
    )
    assert key == ["Proposed1", "Accepted4", "Superseded1"]
    colours = visit.js(
        "() => Object.fromEntries(window.tradeoffsMap.nodes.get().map((n) => [n.id, "
        "n.color.background]))"
    )
    assert colours["0002-run-nightly-jobs-from-cron"] == RECORD_STATE_SPECS["superseded"].colour
    assert colours["0001-keep-a-log-of-decisions"] == RECORD_STATE_SPECS["accepted"].colour
    if os.environ.get("TRADEOFFS_WRITE_SCREENSHOTS") == "1":
        visit.page.screenshot(path=str(ROOT / "docs" / "map-records.png"))
    visit.assert_quiet(maps["records"])


def test_screenshot_of_the_bundled_catalog(visit: Visit, maps: dict[str, Path]) -> None:
    """The README's first picture: the bundled catalog's areas at a glance, as the map opens.
    Always taken and checked; written only when asked to."""
    visit.open(maps["bundled"])
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
        visit.open(maps["bundled"], f"#{SCREENSHOT_CARD}")
        visit.settle()
        (ROOT / "docs" / "map-card.png").write_bytes(visit.page.screenshot(full_page=False))
    visit.assert_quiet(maps["bundled"])


# ---- a map you can read at a glance ----


def overlaps(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of label boxes (page pixels) that overlap by more than a pixel."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["left"] + 1 < b["left"] + b["width"]
                and b["left"] + 1 < a["left"] + a["width"]
                and a["top"] + 1 < b["top"] + b["height"]
                and b["top"] + 1 < a["top"] + a["height"]
            ):
                found.append((a["text"], b["text"]))
    return found


def labels(visit: Visit) -> list[dict[str, Any]]:
    visit.page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    return visit.js("() => window.tradeoffsMap.labelBoxes()")


def test_the_bundled_map_opens_on_its_areas_labelled_and_apart(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["bundled"])
    data = visit.js("() => JSON.parse(document.getElementById('map-data').textContent)")
    boxes = labels(visit)
    names = [box["text"] for box in boxes]
    # Every area's region is labelled with its name, and no label overlaps another.
    for area in data["areas"]:
        assert any(name.startswith(area["name"][:6]) for name in names), area["name"]
    assert len(data["areas"]) == len({n["category"] for n in data["nodes"]})
    assert overlaps(boxes) == []
    assert min(box["px"] for box in boxes) >= 10
    # Zoomed out, no single edge is drawn: the relations between areas are bundled.
    assert visit.js("() => window.tradeoffsMap.network.getScale()") < 0.72
    assert sum(b["relations"] for b in data["bundles"]) > 0
    visit.assert_quiet(maps["bundled"])


@pytest.mark.parametrize("mode", ["focus", "chain"])
def test_focus_and_chain_labels_are_readable_and_apart_at_1024(
    browser: Browser, maps: dict[str, Path], mode: str
) -> None:
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    visit = Visit(page)
    try:
        visit.open(maps["bundled"])
        data = visit.js("() => JSON.parse(document.getElementById('map-data').textContent)")
        degree: dict[str, int] = {}
        for relation in data["relations"]:
            for end in (relation["source"], relation["target"]):
                degree[end] = degree.get(end, 0) + 1
        decisions = sorted(
            (n["id"] for n in data["nodes"] if n["kind"] == "decision"), key=lambda i: -degree[i]
        )
        for card_id in decisions[:5]:
            for depth in [1, 2] if mode == "focus" else [1]:
                if mode == "focus":
                    visit.js(
                        "([id, depth]) => window.tradeoffsMap.focus(id, depth)", [card_id, depth]
                    )
                else:
                    visit.js("(id) => window.tradeoffsMap.chain(id)", card_id)
                boxes = labels(visit)
                assert boxes, (card_id, depth)
                assert min(box["px"] for box in boxes) >= 10, (card_id, depth)
                assert overlaps(boxes) == [], (card_id, depth)
                # The card itself is always named.
                title = next(n["title"] for n in data["nodes"] if n["id"] == card_id)
                assert any(title.startswith(box["text"].rstrip("…")) for box in boxes)
    finally:
        page.close()


def test_one_panel_entry_per_related_card_with_both_notes(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["bundled"], "#ops-burden-outgrows-team")
    entries = visit.js(
        "() => [...document.querySelectorAll('#card ul.links > li')]"
        ".map((li) => [li.querySelector('a').getAttribute('href'), li.querySelector('.reading').textContent])"
    )
    others = [href for href, _ in entries]
    assert len(others) == len(set(others))
    data = visit.js("() => JSON.parse(document.getElementById('map-data').textContent)")
    linked = {
        e["target"] if e["source"] == "ops-burden-outgrows-team" else e["source"]
        for e in data["edges"]
        if "ops-burden-outgrows-team" in (e["source"], e["target"])
    }
    assert {href[1:] for href in others} == linked
    # A link both cards declare reads both ways on one line.
    assert any(" · " in reading for _, reading in entries)
    # The legend counts relations, each under one type.
    counted = visit.js(
        "() => [...document.querySelectorAll('#edge-types .count')]"
        ".reduce((sum, node) => sum + Number(node.textContent), 0)"
    )
    assert counted == len(data["relations"]) < len(data["edges"])
    visit.assert_quiet(maps["bundled"])


@pytest.mark.parametrize("control", ["search", "depth", "category", "kind box"])
def test_escape_closes_the_card_from_any_control(
    visit: Visit, maps: dict[str, Path], control: str
) -> None:
    visit.open(maps["mini"])
    visit.page.fill("#search", "data drift")
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_function("() => window.tradeoffsMap.state().selected === 'data-drift'")
    if control == "search":
        visit.page.focus("#search")
        visit.page.keyboard.type("queue")
        visit.page.keyboard.press("Escape")  # the first Escape empties the box
        assert visit.js("() => document.getElementById('search').value") == ""
        assert visit.panel_title() == "Data Drift"
    elif control == "depth":
        visit.page.keyboard.press("f")
        visit.page.select_option("#depth", "2")
        visit.page.focus("#depth")
    elif control == "category":
        visit.page.select_option("#category", "operations")
        visit.page.focus("#category")
    else:
        visit.page.focus("#kinds input[value=playbook]")
        visit.page.keyboard.press("Space")
    visit.page.keyboard.press("Escape")
    assert visit.panel_title() is None
    assert state(visit)["selected"] is None and state(visit)["focus"] is None
    visit.assert_quiet(maps["mini"])


def test_the_keyboard_reaches_the_map_in_one_tab_and_every_control_shows_focus(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["mini"])
    visit.page.keyboard.press("Tab")
    assert visit.js("() => document.activeElement.textContent") == "Skip to the map"
    visit.page.keyboard.press("Enter")
    assert visit.js("() => document.activeElement.id") == "network"
    visit.page.keyboard.press("ArrowRight")
    assert state(visit)["selected"] is not None
    # Every control the keyboard reaches draws a focus ring.
    for _ in range(30):
        visit.page.keyboard.press("Tab")
        if visit.js("() => document.activeElement === document.body"):
            break  # past the last control
        outline = visit.js(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; }"
        )
        assert outline[1] != "none" and outline[2] != "0px", outline
    visit.assert_quiet(maps["mini"])


AXE = ROOT / "devtools" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("fragment", ["", "#ops-burden-outgrows-team"])
def test_the_page_passes_axe_core(visit: Visit, maps: dict[str, Path], fragment: str) -> None:
    if not AXE.exists():
        need("axe-core is missing (npm ci --prefix devtools)")
    visit.open(maps["bundled"], fragment)
    # Injected through the test's own channel: the page's policy refuses any other script.
    visit.js(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = visit.page.evaluate("() => axe.run(document)")
    violations = [
        (v["id"], [(node["target"], node["failureSummary"]) for node in v["nodes"]][:3])
        for v in result["violations"]
    ]
    assert violations == []


def test_back_steps_through_views_and_the_path_is_in_the_address(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["mini"], "#queue-vs-stream")
    visit.page.get_by_role("button", name="Focus (f)").click()
    assert state(visit)["focus"] == "queue-vs-stream"
    visit.page.get_by_role("button", name="Whole map (Esc)").click()
    visit.page.get_by_role("button", name="Path from here").click()
    visit.page.fill("#search", "data drift")
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_function("() => window.tradeoffsMap.currentPath() !== null")
    assert "path=queue-vs-stream%2Cdata-drift" in visit.js("() => location.hash")
    visit.page.go_back()
    visit.page.wait_for_function("() => window.tradeoffsMap.currentPath() === null")
    visit.page.go_back()
    visit.page.wait_for_function("() => window.tradeoffsMap.state().focus === 'queue-vs-stream'")
    visit.page.go_forward()
    visit.page.wait_for_function("() => window.tradeoffsMap.state().focus === null")
    assert visit.js("() => location.protocol") == "file:"
    visit.assert_quiet(maps["mini"])


def test_filters_fit_what_they_leave_and_the_overview_enters_an_area(
    visit: Visit, maps: dict[str, Path]
) -> None:
    visit.open(maps["bundled"])
    visit.page.select_option("#category", "security")
    stage = visit.page.locator("#stage").bounding_box()
    assert stage is not None
    shown = state(visit)["shown"]
    assert shown
    for card_id in shown:
        x, y = visit.node_on_screen(card_id)
        assert stage["x"] <= x <= stage["x"] + stage["width"], card_id
        assert stage["y"] <= y <= stage["y"] + stage["height"], card_id
    visit.page.select_option("#category", "")
    visit.page.get_by_role("button", name="Overview of the areas").click()
    data = visit.js("() => JSON.parse(document.getElementById('map-data').textContent)")
    assert len(state(visit)["shown"]) == len(data["areas"])
    assert "overview=" in visit.js("() => location.hash")
    first = data["areas"][0]
    visit.page.mouse.click(*visit.node_on_screen("area:0"))
    visit.page.wait_for_function("() => window.tradeoffsMap.view() === null")
    # The map shows that area's cards.
    members = [n["id"] for n in data["nodes"] if n.get("area", 0) == 0]
    assert len(members) == first["cards"]
    for card_id in members:
        x, y = visit.node_on_screen(card_id)
        assert stage["x"] <= x <= stage["x"] + stage["width"], card_id
    visit.assert_quiet(maps["bundled"])


TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def test_a_tooltip_closes_on_any_change_of_view(visit: Visit, maps: dict[str, Path]) -> None:
    visit.open(maps["bundled"])
    visit.settle()
    hub = visit.js(
        "() => { const d = JSON.parse(document.getElementById('map-data').textContent);"
        " return d.nodes.filter((n) => n.kind === 'decision')"
        ".sort((a, b) => b.size - a.size)[0].id; }"
    )
    changes = [
        lambda: visit.page.mouse.wheel(0, -200),  # zoom
        lambda: visit.page.locator("#kinds input[value=playbook]").click(),  # a filter
        lambda: visit.page.mouse.click(*visit.node_on_screen(hub)),  # select
        lambda: visit.page.keyboard.press("ArrowRight"),  # to a neighbour
        lambda: visit.page.keyboard.press("Escape"),
        lambda: visit.js("() => window.tradeoffsMap.overview()"),
    ]
    for change in changes:
        visit.js("() => window.tradeoffsMap.leave()")
        visit.page.locator("#kinds input[value=playbook]").check()
        visit.settle()
        visit.page.mouse.move(0, 0)
        visit.page.mouse.move(*visit.node_on_screen(hub))
        visit.page.wait_for_function(TOOLTIP_SHOWN)
        visit.js("() => document.getElementById('network').focus()")
        change()
        visit.page.wait_for_function(f"() => !({TOOLTIP_SHOWN})()")
    visit.assert_quiet(maps["bundled"])


@pytest.fixture(scope="module")
def generated_maps(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("generated")
    paths = {}
    for count in (1500, 5000):
        paths[count] = folder / f"map-{count}.html"
        write_map(
            select(MemoryStore(build_graph(generate_catalog(count))), Selection()), paths[count]
        )
    return paths


def test_selecting_a_card_on_a_big_map_draws_nothing(
    visit: Visit, generated_maps: dict[int, Path]
) -> None:
    """The selection is a ring laid over the canvas: a click on a card does not draw the
    1,500-card map again (the panel opens, the view stays where it is)."""
    visit.open(generated_maps[1500])
    visit.js(
        "() => { window.draws = 0;"
        " window.tradeoffsMap.mainNetwork.on('afterDrawing', () => window.draws++); }"
    )
    # A card drawn on top at its own place.
    card_id = visit.js(
        """() => window.tradeoffsMap.nodes.getIds().find((id) => {
            const network = window.tradeoffsMap.network;
            return network.getNodeAt(network.canvasToDOM(network.getPositions([id])[id])) === id;
        })"""
    )
    visit.page.mouse.click(*visit.node_on_screen(card_id))
    visit.page.wait_for_function("(id) => window.tradeoffsMap.state().selected === id", arg=card_id)
    visit.js(TWO_FRAMES)
    assert visit.js("() => window.draws") == 0
    assert visit.js("() => !document.querySelector('#network .selection-ring').hidden")
    visit.assert_quiet(generated_maps[1500])


@pytest.mark.parametrize("count", [1500, 5000])
def test_a_persons_double_click_on_an_unselected_card_focuses_it(
    visit: Visit, generated_maps: dict[int, Path], count: int
) -> None:
    """A person's double-click on a card not selected, with the panel closed, 20 times, each
    focusing that card: the page takes the browser's double-click, which the browser tells
    from the clicks' own times, and selecting draws nothing, so the page answers at once."""
    visit.open(generated_maps[count])
    # Cards drawn on top at their own place, spread over the map, none twice.
    targets = visit.js(
        """() => {
            const network = window.tradeoffsMap.network;
            const ids = window.tradeoffsMap.nodes.getIds();
            const found = [];
            for (let i = 0; i < ids.length && found.length < 20; i += 37) {
                const point = network.canvasToDOM(network.getPositions([ids[i]])[ids[i]]);
                if (network.getNodeAt(point) === ids[i]) found.push(ids[i]);
            }
            return found;
        }"""
    )
    assert len(targets) == 20
    focused = []
    for card_id in targets:
        assert visit.panel_title() is None and state(visit)["selected"] is None
        x, y = visit.node_on_screen(card_id)
        visit.page.mouse.click(x, y)
        visit.page.wait_for_timeout(150)  # a person's pace between the clicks, not a wait
        visit.page.mouse.click(x, y, click_count=2)  # the second of two, as the system says
        visit.page.wait_for_function(f"() => window.tradeoffsMap.state().focus === '{card_id}'")
        focused.append(state(visit)["selected"] == card_id)
        visit.page.keyboard.press("Escape")
    assert focused == [True] * 20
    visit.assert_quiet(generated_maps[count])
