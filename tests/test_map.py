"""The map page as HTML, without a browser: one offline file, complete data, card text inert.

The browser tests (test_map_browser.py) reuse XSS_PAYLOADS and write_xss_catalog from here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import statistics
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import card as make_card
from conftest import run_cli, write_catalog

import tradeoffs.map as map_package
from tradeoffs.errors import OutputExists, OutputNotOurs, TradeoffsError
from tradeoffs.formats.facets import Facet, facets, side_by_side
from tradeoffs.graph import open_store
from tradeoffs.map import render_map, write_map
from tradeoffs.map.data import (
    CHAIN,
    HEADLINE,
    NO_CATEGORY,
    MapData,
    map_data,
    page_json,
    page_schema,
)
from tradeoffs.map.layout import SPACING, spring_layout
from tradeoffs.models import CARD_ADAPTER, Card, Edge, Subgraph
from tradeoffs.queries import Selection, select
from tradeoffs.vocabulary import EDGE_SPECS, EDGE_TYPES, KIND_SPECS, KINDS

# Each tries to set window.__pwned or raise a dialog if it ever runs.
XSS_PAYLOADS = [
    "<script>window.__pwned = 1; alert('script')</script>",
    "</script><script>window.__pwned = 1; alert('breakout')</script>",
    "<img src=x onerror=\"window.__pwned = 1; alert('img')\">",
    '<svg onload="window.__pwned = 1"></svg>',
    "<a href=\"javascript:window.__pwned = 1; alert('link')\">click me</a>",
    "javascript:window.__pwned = 1; alert('bare')",
    '" onmouseover="window.__pwned = 1" data-x="',
    "'; window.__pwned = 1; //",
    "<!-- an opened comment <script>window.__pwned = 1</script>",
    "line\u2028separator\u2029paragraph ${window.__pwned = 1} {{window.__pwned}}",
    "&lt;b&gt;entities stay entities&lt;/b&gt; &amp;",
]


def xss_cards() -> list[Card]:
    """A decision and a failure mode whose every kind of text field holds a payload."""
    decision = {
        "id": "xss-decision",
        "kind": "decision",
        "title": XSS_PAYLOADS[0],
        "summary": XSS_PAYLOADS[1],
        "category": XSS_PAYLOADS[2],
        "decision_question": XSS_PAYLOADS[3],
        "option_a": {"name": XSS_PAYLOADS[4], "strengths": XSS_PAYLOADS},
        "option_b": {"name": XSS_PAYLOADS[5], "costs": XSS_PAYLOADS},
        "key_factors": XSS_PAYLOADS,
        "links": {
            "confused_with": [{"id": "xss-other", "note": XSS_PAYLOADS[6]}],
            "failure_mode": [{"id": "xss-failure", "note": XSS_PAYLOADS[7]}],
            "adjacent": [{"concept": XSS_PAYLOADS[8], "note": XSS_PAYLOADS[9]}],
        },
    }
    other = {
        "id": "xss-other",
        "kind": "decision",
        "title": XSS_PAYLOADS[2],
        "option_a": {"name": "A"},
        "option_b": {"name": "B"},
        "links": {"confused_with": [{"id": "xss-decision", "note": XSS_PAYLOADS[10]}]},
    }
    failure = {
        "id": "xss-failure",
        "kind": "failure_mode",
        "title": XSS_PAYLOADS[9],
        "what_it_is": XSS_PAYLOADS[8],
        "warning_signs": {"early": XSS_PAYLOADS},
    }
    return [CARD_ADAPTER.validate_python(card) for card in (decision, other, failure)]


def write_xss_catalog(folder: Path) -> Path:
    return write_catalog(folder, *xss_cards())


def decision(card_id: str) -> Card:
    return CARD_ADAPTER.validate_python(
        {
            "id": card_id,
            "kind": "decision",
            "title": card_id.replace("-", " ").title(),
            "option_a": {"name": "A"},
            "option_b": {"name": "B"},
        }
    )


def ring(count: int) -> Subgraph:
    """``count`` decisions in a ring, each also linked to the one three further on."""
    ids = [f"card-{i:04d}" for i in range(count)]
    edges = [
        Edge(source=ids[i], target=ids[(i + step) % count], type="adjacent")
        for i in range(count)
        for step in (1, 3)
    ]
    return Subgraph(cards=[decision(card_id) for card_id in ids], edges=edges)


class Page(HTMLParser):
    """Every start tag with its attributes, the text of <title>, and each <script>'s source."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.title = ""
        self._open: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "script":
            attrs, source = self.scripts[-1]
            self.scripts[-1] = (attrs, source + data)
        elif self._open == "title":
            self.title += data

    def data(self) -> dict[str, Any]:
        [block] = [src for attrs, src in self.scripts if attrs.get("id") == "map-data"]
        return json.loads(block)

    def meta(self, **wanted: str) -> dict[str, str | None]:
        [attrs] = [
            attrs
            for tag, attrs in self.tags
            if tag == "meta" and all(attrs.get(k) == v for k, v in wanted.items())
        ]
        return attrs


@pytest.fixture
def mini(mini_catalog: Path) -> Subgraph:
    return select(open_store("memory", mini_catalog), Selection())


@pytest.fixture
def xss(tmp_path: Path) -> Subgraph:
    return select(open_store("memory", write_xss_catalog(tmp_path / "xss")), Selection())


# ---- one offline file ----


def test_the_page_loads_nothing_from_anywhere(mini: Subgraph) -> None:
    page = Page(render_map(mini))
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        assert attrs.get("href") in (None, "data:,"), (tag, attrs)
        for value in attrs.values():
            assert not re.match(r"\s*(https?:|//)", value or ""), (tag, attrs)
    policy = page.meta(**{"http-equiv": "Content-Security-Policy"})["content"] or ""
    assert "default-src 'none'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


def test_only_our_own_scripts_and_style_may_run(mini: Subgraph) -> None:
    html = render_map(mini)
    page = Page(html)
    policy = page.meta(**{"http-equiv": "Content-Security-Policy"})["content"] or ""

    def allowed(source: str) -> bool:
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        return f"'sha256-{digest}'" in policy

    code = [source for attrs, source in page.scripts if "type" not in attrs]
    assert len(code) == 2  # vis-network, then the page script
    assert all(allowed(source) for source in code)
    [style] = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert allowed(style)
    assert "@license" in code[0] and "Apache 2.0" in code[0] and "MIT" in code[0]
    assert "sourceMappingURL" not in code[0]
    for source in code:
        assert not re.search(r"</script|<!--", source, re.I)


def test_the_data_holds_every_card_and_edge_with_its_kind_and_type(mini: Subgraph) -> None:
    data = Page(render_map(mini, focus="queue-vs-stream")).data()
    assert {n["id"]: n["kind"] for n in data["nodes"]} == {c.id: c.kind for c in mini.cards}
    assert sorted((e["source"], e["target"], e["type"]) for e in data["edges"]) == sorted(
        e.key for e in mini.edges
    )
    assert [k["id"] for k in data["kinds"]] == list(KINDS)
    assert [t["id"] for t in data["edgeTypes"]] == list(EDGE_TYPES)
    assert len({(k["colour"], k["shape"]) for k in data["kinds"]}) == len(KINDS)
    assert len({(t["colour"], str(t["dashes"])) for t in data["edgeTypes"]}) == len(EDGE_TYPES)
    assert data["focus"] == "queue-vs-stream"


def test_the_panel_data_holds_every_facet_of_every_card(mini: Subgraph) -> None:
    data = Page(render_map(mini)).data()

    def from_model(items: list[Facet]) -> list[tuple[str, Any]]:
        pairs: list[tuple[str, Any]] = []
        for facet in items:
            nested = [inner for inner in facet.value if isinstance(inner, Facet)]
            if isinstance(facet.value, str):
                pairs.append((facet.label, facet.value))
            elif nested:
                pairs.append((facet.label, from_model(nested)))
            else:
                pairs.append((facet.label, list(facet.value)))
        return pairs

    def from_page(items: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        return [
            (f["label"], f["text"] if "text" in f else f.get("items") or from_page(f["facets"]))
            for f in items
        ]

    for card in mini.cards:
        expected = [f for f in facets(card) if f.name not in HEADLINE]
        assert from_page(data["details"][card.id]["facets"]) == from_model(expected), card.id
        node = next(n for n in data["nodes"] if n["id"] == card.id)
        assert (node.get("summary"), node.get("category")) == (card.summary, card.category)


def test_a_confused_with_edge_keeps_both_sides_distinction(mini: Subgraph) -> None:
    data = Page(render_map(mini)).data()
    [edge] = [
        data["edges"][side["edge"]]
        for group in data["details"]["queue-vs-stream"]["links"]
        for entry in group["entries"]
        for side in entry["sides"]
        if data["edges"][side["edge"]]["type"] == data["compared"] == "confused_with"
    ]
    assert (edge["source"], edge["target"]) == ("cron-vs-workflow-engine", "queue-vs-stream")
    assert edge["note"].startswith("That one is about moving messages")
    assert edge["reverseNote"].startswith("That one is about scheduling")


def test_compared_pairs_carry_the_rows_compare_prints(mini: Subgraph, mini_catalog: Path) -> None:
    """The comparison's rows are aligned once, in Python, for the page and the CLI alike, and
    sent for confused_with pairs only."""
    data = Page(render_map(mini)).data()
    compared = [n for n, edge in enumerate(data["edges"]) if edge["type"] == "confused_with"]
    pairs = data["comparisons"]["pairs"]
    assert compared and sorted(map(int, pairs)) == compared
    cards = {card.id: card for card in mini.cards}
    [number] = compared
    edge = data["edges"][number]
    nodes = {node["id"]: node for node in data["nodes"]}

    def text(card_id: str, where: list[Any] | None) -> Any:
        """What the page reads at ``where``, as map.js finds it."""
        if where is None:
            return None
        if isinstance(where[0], str):
            return nodes[card_id][where[0]]
        facet: dict[str, Any] = {"facets": data["details"][card_id]["facets"]}
        for index in where:
            facet = facet["facets"][index]
        return facet.get("text", facet.get("items"))

    rows = [
        (
            data["comparisons"]["labels"][row["label"]],
            text(edge["source"], row["source"]),
            text(edge["target"], row["target"]),
        )
        for row in pairs[str(number)]
    ]
    expected = side_by_side(facets(cards[edge["source"]]), facets(cards[edge["target"]]))
    assert rows == [(label, a and a.value, b and b.value) for label, a, b in expected]
    by_label = {label: (a, b) for label, a, b in rows}
    assert by_label["Key factors"] == (
        ["Ops maturity", "Auditability"],
        ["Replay needs", "ops maturity"],
    )
    # Both decisions' options share rows: each under "Option A", its own name beside.
    assert by_label["Option A \u203a Name"] == ("Cron Jobs", "Queue")
    assert by_label["Decision question"][1] is None
    assert by_label["Summary"][0] == cards[edge["source"]].summary
    code, printed, err = run_cli("compare", edge["source"], edge["target"], catalog=mini_catalog)
    assert code == 0, err
    for label, _, _ in rows:
        assert f"\n{label} " in printed
    assert "Ops maturity; Auditability" in printed


def test_links_are_one_entry_per_related_card_grouped_by_kind_and_read_each_way(
    mini: Subgraph,
) -> None:
    data = Page(render_map(mini)).data()
    types = {t["id"]: t for t in data["edgeTypes"]}

    def links(card_id: str) -> list[tuple[str, list[tuple[str, str]]]]:
        out = []
        for group in data["details"][card_id]["links"]:
            entries = []
            for entry in group["entries"]:
                readings = []
                for side in entry["sides"]:
                    edge = data["edges"][side["edge"]]
                    assert (edge["source"] == card_id) == side.get("fromHere", False)
                    assert entry["other"] == (
                        edge["target"] if side.get("fromHere") else edge["source"]
                    )
                    readings.append(
                        types[edge["type"]]["outgoing" if side.get("readsForward") else "incoming"]
                    )
                entries.append((entry["other"], " · ".join(readings)))
            out.append((group["kind"], entries))
        return out

    # Silent Job Rot lists Cron Jobs vs Workflow Engine once: the decision names it as a
    # failure mode, and it names the decision back.
    assert links("silent-job-rot") == [
        (
            "decision",
            [
                ("cron-vs-workflow-engine", "Listed as a failure mode by · Related decisions"),
                ("queue-vs-stream", "Listed as a failure mode by"),
            ],
        ),
        ("failure_mode", [("data-drift", "Often leads to")]),
        ("red_flag", [("nobody-owns-the-crontab", "Listed as a failure mode by")]),
        ("playbook", [("inventory-scheduled-work", "Listed as a failure mode by")]),
    ]
    # A playbook that names a decision shows under the decision's Playbooks, not last.
    assert [group["kind"] for group in data["details"]["cron-vs-workflow-engine"]["links"]] == [
        "decision",
        "failure_mode",
        "red_flag",
        "playbook",
    ]
    assert links("data-drift") == [
        ("failure_mode", [("silent-job-rot", "Often caused by")]),
        ("red_flag", [("nobody-owns-the-crontab", "Red flags")]),
    ]


def test_the_vocabulary_is_one_table_sent_whole_to_the_page(mini: Subgraph) -> None:
    """The script draws whatever kinds and edge types the data declares: none are named in it."""
    data = Page(render_map(mini)).data()
    assert [k["id"] for k in data["kinds"]] == list(KIND_SPECS) == list(KINDS)
    assert all({"label", "plural", "colour", "shape"} <= set(k) for k in data["kinds"])
    assert all({"outgoing", "incoming", "colour", "dashes"} <= set(t) for t in data["edgeTypes"])
    assert data["chain"] == list(CHAIN)
    script = (Path(map_package.__file__).parent / "static" / "map.js").read_text()
    for name in [*KINDS, *EDGE_TYPES]:
        assert f'"{name}"' not in script and f"'{name}'" not in script, name
    for style in [*KIND_SPECS.values(), *EDGE_SPECS.values()]:
        assert style.colour not in script


def test_links_to_cards_left_off_the_map_are_still_shown(mini_catalog: Path) -> None:
    store = open_store("memory", mini_catalog)
    subgraph = select(store, Selection(ids=["cron-vs-workflow-engine", "queue-vs-stream"]))
    off_map = Page(render_map(subgraph)).data()["details"]["cron-vs-workflow-engine"]["offMap"]
    assert {(g["label"], e["text"]) for g in off_map for e in g["entries"]} == {
        ("Related failure modes", "Silent Job Rot"),
        ("Red flags", "Nobody owns the crontab"),
        ("Playbooks", "Inventory scheduled work"),
        ("Listed as a related decision by", "Silent Job Rot"),
        ("Listed as a related decision by", "Nobody owns the crontab"),
        ("Listed as a related decision by", "Inventory scheduled work"),
    }


def test_a_card_linked_by_title_is_an_edge_not_also_linked(tmp_path: Path) -> None:
    """Regression: a link written by title that became an edge was also listed under "Also
    linked (not on this map)", because the panel resolved links again by id."""
    links = {
        "failure_mode": [{"title": "Beta", "note": "by title"}],
        "red_flag": [{"title": "Nowhere"}],
        "adjacent": [{"concept": "a vendor choice"}],
    }
    write_catalog(
        tmp_path,
        make_card(id="alpha", kind="decision", title="Alpha", links=links),
        make_card(id="beta", kind="failure_mode", title="Beta"),
    )
    data = Page(render_map(select(open_store("memory", tmp_path), Selection()))).data()
    details = data["details"]["alpha"]
    [entry] = details["links"][0]["entries"]
    [side] = entry["sides"]
    edge = data["edges"][side["edge"]]
    assert (edge["target"], edge["note"]) == ("beta", "by title")
    assert [(g["label"], [e["text"] for e in g["entries"]]) for g in details["offMap"]] == [
        ("Red flags", ["Nowhere"]),
        ("Adjacent decisions", ["Adjacent concept: a vendor choice"]),
    ]


# ---- card text stays text ----


def test_no_payload_survives_as_markup(xss: Subgraph) -> None:
    html = render_map(xss, title=XSS_PAYLOADS[1])
    page = Page(html)
    assert [tag for tag, _ in page.tags if tag in {"img", "svg", "a", "iframe", "object"}] == []
    assert [attrs.get("type") for attrs, _ in page.scripts] == ["application/json", None, None]
    assert len(re.findall(r"</script", html, re.I)) == 3
    assert "<!--" not in html and "\u2028" not in html and "\u2029" not in html
    for tag, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
    for payload in XSS_PAYLOADS:
        if "<" in payload:
            assert payload not in html
    assert page.title == XSS_PAYLOADS[1]


def test_escaped_card_text_reads_back_exactly(xss: Subgraph) -> None:
    data = Page(render_map(xss)).data()
    titles = {node["id"]: node["title"] for node in data["nodes"]}
    assert titles == {card.id: card.title for card in xss.cards}
    key_factors = [
        f["items"] for f in data["details"]["xss-decision"]["facets"] if f["label"] == "Key factors"
    ]
    assert key_factors == [XSS_PAYLOADS]


# ---- big maps: laid out in Python ----


def test_the_page_data_matches_the_models_json_schema(mini: Subgraph, xss: Subgraph) -> None:
    """map.js reads the data by the names the model declares; the JSON written into the
    page is checked against the model's JSON Schema, and reads back into the model."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = page_schema()
    for subgraph in (mini, xss, ring(40), Subgraph(cards=[], edges=[])):
        data = Page(render_map(subgraph)).data()
        jsonschema.validate(data, schema)
        MapData.model_validate(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**Page(render_map(mini)).data(), "physics": True}, schema)


def test_the_page_data_is_the_model_as_python_would_dump_it(mini: Subgraph, xss: Subgraph) -> None:
    """pydantic-core writes the page's JSON whole: the same values as dumping the model to
    Python and writing those with the json module, hostile text and numbers included."""
    for subgraph in (mini, xss, ring(40)):
        data = map_data(subgraph, focus=None)
        dumped = data.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        assert json.loads(page_json(data)) == dumped
        assert page_json(data) == json.dumps(dumped, ensure_ascii=False, separators=(",", ":"))


def test_every_map_comes_laid_out_by_area(mini: Subgraph) -> None:
    """Cards are placed in Python, whatever the size, each inside its category's region,
    and no two regions overlap."""
    data = Page(render_map(mini)).data()
    areas = data["areas"]
    assert sorted(a["name"] for a in areas) == sorted(
        {c.category or NO_CATEGORY for c in mini.cards}
    )
    assert sum(a["cards"] for a in areas) == len(mini.cards)
    for node in data["nodes"]:
        area = areas[node.get("area", 0)]
        assert area["name"] == node.get("category", NO_CATEGORY)
        assert area["left"] < node["x"] < area["left"] + area["width"]
        assert area["top"] < node["y"] < area["top"] + area["height"]
    for i, a in enumerate(areas):
        for b in areas[i + 1 :]:
            assert (
                a["left"] + a["width"] <= b["left"]
                or b["left"] + b["width"] <= a["left"]
                or a["top"] + a["height"] <= b["top"]
                or b["top"] + b["height"] <= a["top"]
            ), (a, b)
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(mini.cards)


def test_relations_join_the_edges_between_two_cards_and_bundles_count_them(
    mini: Subgraph,
) -> None:
    data = Page(render_map(mini)).data()
    pairs: dict[frozenset[str], list[int]] = {}
    for number, edge in enumerate(data["edges"]):
        pairs.setdefault(frozenset((edge["source"], edge["target"])), []).append(number)
    relations = data["relations"]
    assert sorted(sorted(r["edges"]) for r in relations) == sorted(
        sorted(n) for n in pairs.values()
    )
    both = [r for r in relations if len(r["edges"]) == 2]
    assert both and all(
        r["type"] == min((data["edges"][n]["type"] for n in r["edges"]), key=EDGE_TYPES.index)
        for r in relations
    )
    area_of = {n["id"]: n.get("area", 0) for n in data["nodes"]}
    between = sum(1 for r in relations if area_of[r["source"]] != area_of[r["target"]])
    assert sum(b["relations"] for b in data["bundles"]) == between


def test_render_is_a_pure_function_of_the_subgraph() -> None:
    subgraph = ring(350)
    assert render_map(subgraph) == render_map(subgraph)


def test_the_layout_keeps_linked_cards_close_and_all_cards_apart() -> None:
    subgraph = ring(600)
    positions = spring_layout(
        [c.id for c in subgraph.cards], [(e.source, e.target) for e in subgraph.edges]
    )
    points = list(positions.values())
    linked = statistics.median(
        math.dist(positions[e.source], positions[e.target]) for e in subgraph.edges
    )
    anywhere = statistics.median(
        math.dist(points[i], points[(i * 7919) % len(points)]) for i in range(len(points))
    )
    assert linked < anywhere / 3
    nearest = [
        min(math.dist(p, q) for q in points[max(0, i - 60) : i + 60] if q != p)
        for i, p in enumerate(points)
    ]
    assert statistics.median(nearest) > SPACING / 3


def test_an_empty_map_still_renders() -> None:
    data = Page(render_map(Subgraph(cards=[], edges=[]))).data()
    assert (data["nodes"], data["edges"], data["areas"]) == ([], [], [])


def test_a_focus_outside_the_map_is_refused(mini: Subgraph) -> None:
    with pytest.raises(TradeoffsError, match="not in the map"):
        render_map(mini, focus="no-such-card")


# ---- writing the file ----


def test_write_map_replaces_only_its_own_unchanged_maps_and_only_with_force(
    mini: Subgraph, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "map.html"
    write_map(mini, target)
    with pytest.raises(OutputExists):  # our own map too: nothing is replaced without --force
        write_map(mini, target, title="again")
    write_map(mini, target, title="again", force=True)
    assert "<title>again</title>" in target.read_text(encoding="utf-8")
    # A user's page quoting the map's generator tag, and a map edited since, are not ours.
    notes = tmp_path / "notes.html"
    notes.write_text('<meta name="generator" content="tradeoffs map"><p>mine</p>')
    edited = tmp_path / "edited.html"
    edited.write_text(target.read_text(encoding="utf-8") + "<p>my notes</p>\n")
    for mine in (notes, edited):
        before = mine.read_bytes()
        with pytest.raises(OutputNotOurs):  # refused at once: --force would not change that
            write_map(mini, mine)
        with pytest.raises(OutputNotOurs):
            write_map(mini, mine, force=True)
        assert mine.read_bytes() == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        "edited.html",
        "map.html",
        "notes.html",
        "out",
    ]


def test_write_map_refuses_a_folder(mini: Subgraph, tmp_path: Path) -> None:
    with pytest.raises(TradeoffsError, match="is a folder"):
        write_map(mini, tmp_path)


def test_a_failed_render_leaves_the_old_map_whole(mini: Subgraph, tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    write_map(mini, target)
    before = target.read_bytes()
    with pytest.raises(TradeoffsError):
        write_map(mini, target, focus="no-such-card")
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


# ---- the command ----


def mapped(path: Path) -> tuple[set[str], set[tuple[str, str, str]]]:
    data = Page(path.read_text(encoding="utf-8")).data()
    return {n["id"] for n in data["nodes"]}, {
        (e["source"], e["target"], e["type"]) for e in data["edges"]
    }


def test_map_writes_the_whole_catalog_to_the_default_file(
    mini_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("map", catalog=mini_catalog)
    assert (code, out, err) == (0, "wrote tradeoffs-map.html: 6 cards, 12 edges\n", "")
    assert len(mapped(tmp_path / "tradeoffs-map.html")[0]) == 6
    code, _, err = run_cli(
        "map", catalog=mini_catalog
    )  # its own map too: never replaced without --force
    assert (code, err) == (
        1,
        "Error: tradeoffs-map.html: already exists (use --force to replace it)\n",
    )
    assert run_cli("map", "--force", catalog=mini_catalog)[0] == 0


def test_map_selection_options_narrow_the_map(mini_catalog: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    args = ["-o", str(out), "--focus", "data-drift", "--depth", "1", "--type", "leads_to"]
    assert run_cli("map", *args, catalog=mini_catalog)[1] == f"wrote {out}: 2 cards, 1 edge\n"
    assert mapped(out) == (
        {"data-drift", "silent-job-rot"},
        {("silent-job-rot", "data-drift", "leads_to")},
    )
    assert Page(out.read_text(encoding="utf-8")).data()["focus"] == "data-drift"
    run_cli(
        "map",
        "-o",
        str(out),
        "--kind",
        "decision",
        "--kind",
        "playbook",
        "--force",
        catalog=mini_catalog,
    )
    assert mapped(out)[0] == {
        "cron-vs-workflow-engine",
        "queue-vs-stream",
        "inventory-scheduled-work",
    }
    run_cli(
        "map",
        "-o",
        str(out),
        "--ids",
        "queue-vs-stream, cron-vs-workflow-engine",
        "--force",
        catalog=mini_catalog,
    )
    assert mapped(out)[0] == {"cron-vs-workflow-engine", "queue-vs-stream"}
    run_cli("map", "-o", str(out), "--category", "operations", "--force", catalog=mini_catalog)
    assert "cron-vs-workflow-engine" in mapped(out)[0]
    assert "queue-vs-stream" not in mapped(out)[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--depth", "2"], "--depth needs --focus"),
        (["--focus", "data-drift", "--ids", "data-drift"], "cannot be combined"),
        (["--category", "no-such-category"], "no category 'no-such-category' (categories: "),
        (["--focus", "no-such-card"], "no-such-card"),
    ],
)
def test_map_explains_a_selection_it_cannot_draw(
    mini_catalog: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    code, _, err = run_cli("map", "-o", str(tmp_path / "m.html"), *args, catalog=mini_catalog)
    assert code != 0 and message in err
    assert not (tmp_path / "m.html").exists()


def test_map_keeps_other_files_unless_forced(mini_catalog: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.html"
    notes.write_text("mine", encoding="utf-8")
    code, _, err = run_cli("map", "-o", str(notes), catalog=mini_catalog)
    assert code == 1 and "--force" not in err.replace("even with --force", "")
    assert "not written by tradeoffs" in err and notes.read_text(encoding="utf-8") == "mine"
    code, _, err = run_cli("map", "-o", str(notes), "--force", catalog=mini_catalog)
    assert code == 1 and "not written by tradeoffs" in err
    assert notes.read_text(encoding="utf-8") == "mine"


def test_map_open_launches_the_written_file(
    mini_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    launched: list[str] = []
    monkeypatch.setattr("click.launch", lambda url, **_: launched.append(url) or 0)
    run_cli("map", "-o", str(tmp_path / "m.html"), "--open", catalog=mini_catalog)
    assert launched == [str((tmp_path / "m.html").resolve())]
