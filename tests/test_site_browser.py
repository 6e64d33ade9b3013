"""The static site in a real headless Chromium: every page type passes axe-core with no
violation, the search finds a card by a word of its text, hostile card and record text runs
nothing, the map's panel leads to the card's page, and no page asks for anything but the
site's own files.

TRADEOFFS_WRITE_SCREENSHOTS=1 also saves the README's pictures of a card page, the decision
log and a search (docs/site-card.png, site-log.png, site-search.png).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import DATA, need
from test_map_browser import AXE, ROOT
from test_site import hostile_site

from tradeoffs.graph import load_catalog
from tradeoffs.loaders import BUNDLED_CATALOG
from tradeoffs.site import build_site
from tradeoffs.site.content import Content
from tradeoffs.site.render import search_documents
from tradeoffs.site.search import Document, search_index

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SCREENSHOT_CARD = "model-api-vs-self-hosted-model"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled catalog with the test records, and the hostile corpus."""
    folder = tmp_path_factory.mktemp("sites")
    records = DATA / "records"
    bundled = build_site(
        folder / "bundled",
        lambda: load_catalog(records=records, strict_records=False),
        folders=[BUNDLED_CATALOG, records],
    )
    catalog, hostile_records = hostile_site(folder / "hostile-source")
    hostile = build_site(
        folder / "hostile",
        lambda: load_catalog(catalog, records=hostile_records, strict_records=False),
        folders=[catalog, hostile_records],
    )
    return {"bundled": bundled.out, "hostile": hostile.out}


class Visit:
    """A page, and everything it did that a page of the site must not do."""

    def __init__(self, page: Page, site: Path) -> None:
        self.page = page
        self.site = site.resolve()
        self.outside: list[str] = []
        self.problems: list[str] = []
        page.on("request", self._request)
        page.on(
            "console",
            lambda m: self.problems.append(m.text) if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda error: self.problems.append(str(error)))
        page.on("dialog", lambda dialog: (self.problems.append(dialog.message), dialog.dismiss()))

    def _request(self, request: Any) -> None:
        url = request.url
        if url.startswith("data:"):
            return
        if not url.startswith(self.site.as_uri() + "/"):
            self.outside.append(url)

    def open(self, path: str) -> None:
        self.page.goto((self.site / path).as_uri())

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def assert_quiet(self) -> None:
        assert self.problems == []
        assert self.outside == []
        assert self.js("() => window.__pwned === undefined")


@pytest.fixture
def visit(browser: Browser, sites: dict[str, Path]) -> Iterator[Any]:
    contexts = []

    def make(name: str) -> Visit:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        contexts.append(context)
        return Visit(context.new_page(), sites[name])

    yield make
    for context in contexts:
        context.close()


PAGE_TYPES = {
    "index": "index.html",
    "card": f"cards/{SCREENSHOT_CARD}/index.html",
    "record": "records/0005-replay-order-events-from-a-stream/index.html",
    "log": "log/index.html",
    "search": "search/index.html",
}


@pytest.mark.parametrize("kind", [*PAGE_TYPES, "search results", "map"])
def test_every_page_type_passes_axe_core(visit: Any, kind: str) -> None:
    if not AXE.exists():
        need("axe-core is missing (npm ci --prefix devtools)")
    seen = visit("bundled")
    if kind == "search results":
        seen.open("search/index.html")
        seen.page.fill("#q", "vendor")
        seen.page.wait_for_function("() => window.tradeoffsSearch.hits.length > 0")
    elif kind == "map":
        seen.page.goto((seen.site / "map" / "index.html").as_uri() + f"#{SCREENSHOT_CARD}")
        seen.page.wait_for_function("() => window.tradeoffsMap && window.tradeoffsMap.ready")
    else:
        seen.open(PAGE_TYPES[kind])
    # Injected through the test's own channel: the page's policy refuses any other script.
    seen.js(AXE.read_text(encoding="utf-8") + "\n;undefined")
    # axe would fetch the style sheet to read it (its "preload"), which the page's policy
    # refuses (connect-src): it reads the styles the page applied instead.
    result = seen.page.evaluate("() => axe.run(document, {preload: false})")
    violations = [
        (v["id"], [(node["target"], node["failureSummary"]) for node in v["nodes"]][:3])
        for v in result["violations"]
    ]
    assert violations == []
    assert result["passes"]
    seen.assert_quiet()


def test_search_finds_a_card_by_a_word_in_a_facet(visit: Any) -> None:
    seen = visit("bundled")
    seen.open("search/index.html")
    seen.page.wait_for_function("() => window.tradeoffsSearch && window.tradeoffsSearch.ready")
    # "GPU" is in the text of this decision, not in its title.
    seen.page.fill("#q", "gpu capacity")
    seen.page.wait_for_function("() => window.tradeoffsSearch.query === 'gpu capacity'")
    assert SCREENSHOT_CARD in seen.js("() => window.tradeoffsSearch.hits")
    link = seen.page.locator("#results a").filter(has_text="Model API vs Self-Hosted Model")
    assert seen.js("() => document.getElementById('count').textContent").endswith(
        "for “gpu capacity”"
    )
    link.click()
    seen.page.wait_for_url(f"**/cards/{SCREENSHOT_CARD}/index.html")
    assert seen.page.locator("h1").text_content() == "Model API vs Self-Hosted Model"
    seen.assert_quiet()


def test_the_header_search_goes_to_the_search_page_with_the_words(visit: Any) -> None:
    seen = visit("bundled")
    seen.open("log/index.html")
    seen.page.fill("#quick-search", "lock-in")
    seen.page.keyboard.press("Enter")
    seen.page.wait_for_url("**/search/index.html?q=lock-in")
    seen.page.wait_for_function("() => window.tradeoffsSearch.query === 'lock-in'")
    assert "vendor-lock-in" in seen.js("() => window.tradeoffsSearch.hits")
    seen.assert_quiet()


def test_minisearch_indexes_the_documents_exactly_as_python_did(visit: Any) -> None:
    """The index shipped as data is the one MiniSearch's own addAll makes of the same
    documents: the bundled catalog's, and text in other scripts and full of markup."""
    seen = visit("bundled")
    seen.open("search/index.html")
    seen.page.wait_for_function("() => window.tradeoffsSearch.ready")
    shipped = json.loads(seen.js("() => document.getElementById('search-index').textContent"))
    options = json.loads(seen.js("() => document.getElementById('search-options').textContent"))
    content = Content(load_catalog(records=DATA / "records", strict_records=False), "Tradeoffs")
    bundled = search_documents(content)
    assert search_index(bundled) == shipped and len(bundled) > 300
    written = [
        Document("a", "Ünïcode — «quoted» text", "日本語、テキスト。Ελληνικά ΟΔΟΣ ﬁ", "", "", ""),
        Document("b", "", "<script>x</script>\ttab\u2028line a+b ... -- İstanbul", "", "", ""),
    ]
    for documents in (bundled, written):
        python = search_index(documents)
        made = seen.js(
            """([docs, options]) => {
                const index = new MiniSearch(options);
                index.addAll(docs);
                return JSON.parse(JSON.stringify(index));
            }""",
            [[d._asdict() for d in documents], {k: options[k] for k in ("fields", "storeFields")}],
        )
        # The same postings, whatever order each lists its terms in.
        assert dict(map(tuple, made.pop("index"))) == dict(map(tuple, python.pop("index")))
        assert made == python
    seen.assert_quiet()


def test_hostile_text_runs_nothing_on_any_page(visit: Any, sites: dict[str, Path]) -> None:
    seen = visit("hostile")
    pages = sorted(
        str(path.relative_to(sites["hostile"]))
        for path in sites["hostile"].rglob("index.html")
        if "map" not in path.parts
    )
    assert len(pages) == 8  # the index, the log, the search, three cards and two records
    for path in pages:
        seen.open(path)
        assert seen.js("() => document.querySelectorAll('img, svg, iframe').length") == 0
    seen.open("search/index.html")
    seen.page.wait_for_function("() => window.tradeoffsSearch.ready")
    seen.page.fill("#q", "script")
    seen.page.wait_for_function("() => window.tradeoffsSearch.hits.length > 0")
    assert seen.js("() => document.querySelectorAll('#results script, #results img').length") == 0
    seen.assert_quiet()


def test_the_maps_panel_leads_to_the_cards_page(visit: Any) -> None:
    seen = visit("bundled")
    seen.page.goto((seen.site / "map" / "index.html").as_uri() + f"#{SCREENSHOT_CARD}")
    seen.page.wait_for_function("() => window.tradeoffsMap && window.tradeoffsMap.ready")
    seen.page.get_by_role("link", name="The card's own page").click()
    seen.page.wait_for_url(f"**/cards/{SCREENSHOT_CARD}/index.html")
    seen.page.get_by_role("link", name="On the map").click()
    seen.page.wait_for_url(f"**/map/index.html#{SCREENSHOT_CARD}")
    record = "0005-replay-order-events-from-a-stream"
    seen.page.goto((seen.site / "map" / "index.html").as_uri() + f"#{record}")
    seen.page.wait_for_function("() => window.tradeoffsMap && window.tradeoffsMap.ready")
    seen.page.get_by_role("link", name="The card's own page").click()
    seen.page.wait_for_url(f"**/records/{record}/index.html")
    seen.assert_quiet()


def test_the_keyboard_reaches_everything_with_a_visible_focus(visit: Any) -> None:
    seen = visit("bundled")
    seen.open(f"cards/{SCREENSHOT_CARD}/index.html")
    seen.page.keyboard.press("Tab")
    assert seen.js("() => document.activeElement.textContent") == "Skip to the content"
    seen.page.keyboard.press("Enter")
    assert seen.js("() => document.activeElement.id") == "main"
    seen.open(f"cards/{SCREENSHOT_CARD}/index.html")
    for _ in range(15):
        seen.page.keyboard.press("Tab")
        outline = seen.js(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; }"
        )
        assert outline[1] != "none" and outline[2] != "0px", outline
    seen.assert_quiet()


def test_printing_leaves_out_the_navigation(visit: Any) -> None:
    seen = visit("bundled")
    seen.open(f"cards/{SCREENSHOT_CARD}/index.html")
    seen.page.emulate_media(media="print")
    hidden = seen.js(
        "() => ['header.site nav', '.quick-search', 'footer.site']"
        ".map((s) => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none", "none", "none"]
    assert seen.js("() => getComputedStyle(document.querySelector('h1')).display") == "block"


def test_screenshots_of_a_card_page_the_log_and_a_search(visit: Any) -> None:
    seen = visit("bundled")
    pictures = {}
    seen.open(f"cards/{SCREENSHOT_CARD}/index.html")
    pictures["site-card.png"] = seen.page.screenshot(full_page=False)
    seen.open("log/index.html")
    pictures["site-log.png"] = seen.page.screenshot(full_page=False)
    seen.open("search/index.html")
    seen.page.fill("#q", "vendor exit")
    seen.page.wait_for_function("() => window.tradeoffsSearch.query === 'vendor exit'")
    pictures["site-search.png"] = seen.page.screenshot(full_page=False)
    for name, picture in pictures.items():
        assert len(picture) > 20_000, name  # a page, not a blank
        if os.environ.get("TRADEOFFS_WRITE_SCREENSHOTS") == "1":
            (ROOT / "docs" / name).write_bytes(picture)
    seen.assert_quiet()
