"""The data exports: each read back with the tool that consumes it, on hostile card text."""

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx
import pytest

from tradeoffs import queries
from tradeoffs.errors import ExportError, OutputExists, OutputNotOurs, TradeoffsError
from tradeoffs.export import export, read_json_export
from tradeoffs.export.data import (
    CSV_ARRAY_DELIMITER,
    card_data,
    cypher_string,
    mermaid_label,
    to_csv,
    to_cypher,
    to_gexf,
    to_graphml,
    to_markdown,
    to_mermaid,
    to_networkx,
)
from tradeoffs.export.notebook import to_pyvis
from tradeoffs.graph import open_store
from tradeoffs.graph.neo4j.schema import card_properties
from tradeoffs.graph.neo4j.store import Neo4jStore
from tradeoffs.io.marks import MARKER_FILE, UNSTAMPED, stamp
from tradeoffs.io.write import write_files
from tradeoffs.models import CARD_ADAPTER, Edge, Subgraph

HOSTILE = Path(__file__).parent / "data" / "export" / "hostile"
KIND_LABELS = {
    "decision": "Decision",
    "failure_mode": "FailureMode",
    "red_flag": "RedFlag",
    "playbook": "Playbook",
}


def select_all(catalog: Path) -> Subgraph:
    return queries.select(open_store("memory", catalog), queries.Selection())


@pytest.fixture(scope="module")
def hostile() -> Subgraph:
    """Five cards whose text is quotes, backslashes, newlines, HTML, Mermaid and Cypher."""
    return select_all(HOSTILE)


@pytest.fixture(params=["hostile", "mini"])
def subgraph(request: pytest.FixtureRequest, hostile: Subgraph, mini_catalog: Path) -> Subgraph:
    return hostile if request.param == "hostile" else select_all(mini_catalog)


def test_the_hostile_fixture_is_hostile(hostile: Subgraph) -> None:
    text = json.dumps([card_data(card) for card in hostile.cards])
    for needle in ['\\"', "\\\\", "\\n", "<script>", "-->", "%%", "]", "`", "\\u2028", "MATCH"]:
        assert needle in text, needle
    assert {"end", "o-ring-vs-x-ray"} <= {card.id for card in hostile.cards}  # Mermaid traps
    assert len(hostile.edges) == 12


# ---- JSON ----


def test_json_reimports_to_identical_cards_and_edges(subgraph: Subgraph, tmp_path: Path) -> None:
    path = export(subgraph, "json", tmp_path / "graph.json")
    assert read_json_export(path) == subgraph


def test_json_is_networkx_node_link_data(hostile: Subgraph, tmp_path: Path) -> None:
    path = export(hostile, "json", tmp_path / "graph.json")
    graph = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    assert isinstance(graph, nx.MultiDiGraph)
    assert sorted(graph.nodes) == sorted(card.id for card in hostile.cards)
    assert sorted(graph.edges(keys=True)) == sorted(e.key for e in hostile.edges)
    [end] = [card for card in hostile.cards if card.id == "end"]
    assert graph.nodes["end"] == {k: v for k, v in card_data(end).items() if k != "id"}


def test_a_json_export_of_something_else_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"nodes": [], "edges": []}', encoding="utf-8")
    with pytest.raises(TradeoffsError, match="not a tradeoffs subgraph export"):
        read_json_export(path)
    path.write_text('{"graph": {"format": "tradeoffs-subgraph/1"}, "nodes": [{"id": "x"}]}')
    with pytest.raises(TradeoffsError, match="invalid subgraph export"):
        read_json_export(path)


# ---- GraphML and GEXF ----


def decoded_attributes(subgraph: Subgraph) -> dict[str, dict[str, Any]]:
    """What each node's attributes must say, from the cards themselves: the title as label,
    text facets as text, list and nested facets as JSON."""
    return {card.id: {"label": card.title, **card_data(card)} for card in subgraph.cards}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_formats_read_back_as_the_same_graph(
    subgraph: Subgraph, tmp_path: Path, fmt: str
) -> None:
    path = export(subgraph, fmt, tmp_path / f"graph.{fmt}")
    read = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)
    written = to_networkx(subgraph)
    assert read.is_directed()
    assert dict(read.nodes(data=True)) == dict(written.nodes(data=True))
    # GEXF gives every edge an id of its own (and NetworkX reads it as a plain DiGraph when
    # no two edges share their ends); the rest must match exactly.
    edges = {
        (s, t, d["edge_type"]): {name: v for name, v in d.items() if name != "id"}
        for s, t, d in read.edges(data=True)
    }
    assert edges == {(s, t, d["edge_type"]): d for s, t, d in written.edges(data=True)}
    assert sorted(edges) == [edge.key for edge in subgraph.edges]
    expected = decoded_attributes(subgraph)
    for node, attributes in read.nodes(data=True):
        for name, value in expected[node].items():
            if name == "id":
                continue
            got = attributes[name]
            assert isinstance(got, str)
            assert (got if isinstance(value, str) else json.loads(got)) == value, (node, name)


def test_graph_attributes_are_all_scalar(hostile: Subgraph) -> None:
    graph = to_networkx(hostile)
    values = [v for _, d in graph.nodes(data=True) for v in d.values()]
    values += [v for _, _, d in graph.edges(data=True) for v in d.values()]
    assert values and all(isinstance(v, str) for v in values)
    assert to_graphml(hostile).startswith(b"<?xml") and to_gexf(hostile).startswith(b"<?xml")


# ---- CSV for neo4j-admin ----


def test_csv_has_neo4j_admin_headers_and_round_trips_the_properties(hostile: Subgraph) -> None:
    files = to_csv(hostile)
    assert set(files) == {"nodes.csv", "relationships.csv", "README.txt"}
    nodes = list(csv.reader(io.StringIO(files["nodes.csv"])))
    header = nodes[0]
    assert header[:2] == ["id:ID", ":LABEL"]
    assert "key_factors:string[]" in header and "title" in header
    assert all(re.fullmatch(r"[a-z_]+(:string\[\])?", h) for h in header[2:])
    cards = {card.id: card for card in hostile.cards}
    for row in nodes[1:]:
        card = cards[row[0]]
        labels = row[1].split(CSV_ARRAY_DELIMITER)
        properties: dict[str, Any] = {"id": row[0]}
        for column, cell in zip(header[2:], row[2:], strict=True):
            name, _, typed = column.partition(":")
            if cell:
                properties[name] = cell.split(CSV_ARRAY_DELIMITER) if typed else cell
        assert labels == ["Card", KIND_LABELS[card.kind]]
        assert properties == card_properties(card)
    relationships = list(csv.reader(io.StringIO(files["relationships.csv"])))
    assert relationships[0] == [":START_ID", ":END_ID", ":TYPE", "note", "reverse_note"]
    assert [tuple(r) for r in relationships[1:]] == [
        (e.source, e.target, e.type.upper(), e.note or "", e.reverse_note or "")
        for e in hostile.edges
    ]
    assert "--array-delimiter=U+001F --multiline-fields=true" in files["README.txt"]


def test_csv_refuses_text_holding_the_array_delimiter(hostile: Subgraph) -> None:
    card = hostile.cards[0].model_copy(update={"key_factors": ["a\x1fb"]})
    with pytest.raises(ExportError, match="array delimiter U\\+001F"):
        to_csv(Subgraph(cards=[card], edges=[]))


def test_csv_writes_a_folder_or_a_zip(hostile: Subgraph, tmp_path: Path) -> None:
    folder = export(hostile, "csv", tmp_path / "csv")
    assert sorted(p.name for p in folder.iterdir() if p.name != MARKER_FILE) == [
        "README.txt",
        "nodes.csv",
        "relationships.csv",
    ]
    archive = export(hostile, "csv", tmp_path / "csv.zip")
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == ["README.txt", "nodes.csv", "relationships.csv"]
        assert zipped.read("nodes.csv") == (folder / "nodes.csv").read_bytes()


# ---- Cypher ----


def test_cypher_strings_escape_every_character_that_matters() -> None:
    text = 'it\'s \\ "q"\nnext\r\ttab\u2028sep\x00 café 🚀'
    assert cypher_string(text) == ("'it\\'s \\\\ \"q\"\\nnext\\r\\ttab\\u2028sep\\u0000 café 🚀'")


def test_cypher_script_is_one_statement_per_line(hostile: Subgraph) -> None:
    lines = to_cypher(hostile).splitlines()
    statements = [line for line in lines if not line.startswith("//")]
    assert statements[0].startswith("CREATE CONSTRAINT tradeoffs_card_id IF NOT EXISTS")
    assert len(statements) == 1 + len(hostile.cards) + len(hostile.edges)
    assert all(s.endswith(";") for s in statements)
    assert sum(s.startswith("MERGE (c:Card {id: ") for s in statements) == len(hostile.cards)


@pytest.mark.neo4j
def test_cypher_script_recreates_the_subgraph_on_a_real_neo4j(
    neo4j_uri: str, hostile: Subgraph
) -> None:
    """Run statement by statement through the driver; the server must then hold what
    ``tradeoffs load`` writes (same labels, properties and relationships) and the store
    must read back the very same cards and edges."""
    ids = [card.id for card in hostile.cards]
    store = Neo4jStore(neo4j_uri)
    driver = neo4j.GraphDatabase.driver(neo4j_uri)
    clear = "MATCH (c:Card) WHERE c.id IN $ids DETACH DELETE c"
    try:
        driver.execute_query(clear, ids=ids)
        with driver.session() as session:
            for line in to_cypher(hostile).splitlines():
                if not line.startswith("//"):
                    session.run(line.removesuffix(";")).consume()  # type: ignore[arg-type]
        records, _, _ = driver.execute_query(
            "MATCH (c:Card) WHERE c.id IN $ids RETURN c.id AS id, labels(c) AS labels, "
            "properties(c) AS properties",
            ids=ids,
        )
        cards = {card.id: card for card in hostile.cards}
        assert sorted(r["id"] for r in records) == sorted(ids)
        for record in records:
            card = cards[record["id"]]
            assert sorted(record["labels"]) == sorted(["Card", KIND_LABELS[card.kind]])
            assert record["properties"] == card_properties(card)
        assert store.cards(ids) == hostile.cards
        assert store.edges(ids) == hostile.edges
    finally:
        driver.execute_query(clear, ids=ids)
        driver.close()
        store.close()


# ---- Mermaid ----

NODE_LINE = re.compile(r'  (c_[a-z0-9_]+)(?:\[|\{\{|>|\(\[)"([^"]*)"(?:\]|\}\}|\]\))')
EDGE_LINE = re.compile(r'  (c_[a-z0-9_]+) (?:-->|---)\|"([A-Za-z ]+)"\| (c_[a-z0-9_]+)')
STYLE_LINE = re.compile(r"  (classDef [a-z_]+ [a-z:#0-9,]+|class [a-z0-9_,]+ [a-z_]+)")
LABEL = re.compile(r"(?:[^\W_]|[ ,.:;?!'()/+-]|#quot;|#\d+;)*")


def decode_label(label: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label.replace("#quot;", '"'))


def test_mermaid_flowchart_cannot_be_broken_by_card_text(hostile: Subgraph) -> None:
    lines = to_mermaid(hostile).splitlines()
    assert lines[0] == "flowchart LR"
    assert lines[1] == f"%% {UNSTAMPED}"  # our mark, filled in when written
    labels = {}
    for line in lines[2:]:
        node = NODE_LINE.fullmatch(line)
        assert node or EDGE_LINE.fullmatch(line) or STYLE_LINE.fullmatch(line), line
        if node:
            assert LABEL.fullmatch(node.group(2)), node.group(2)
            labels[node.group(1)] = decode_label(node.group(2))
    assert labels == {
        "c_" + card.id.replace("-", "_"): " ".join(card.title.split()) for card in hostile.cards
    }
    assert "c_end" in labels and "c_o_ring_vs_x_ray" in labels


def test_mermaid_labels_escape_syntax_and_markup() -> None:
    assert mermaid_label('a "b" <i>\n--> %% #x; `c`') == (
        "a #quot;b#quot; #60;i#62; --#62; #37;#37; #35;x; #96;c#96;"
    )


def test_mermaid_in_a_markdown_file_is_a_fenced_block(hostile: Subgraph, tmp_path: Path) -> None:
    text = export(hostile, "mermaid", tmp_path / "graph.md").read_text(encoding="utf-8")
    assert text == stamp(f"```mermaid\n{to_mermaid(hostile)}```\n")
    raw = export(hostile, "mermaid", tmp_path / "graph.mmd").read_text(encoding="utf-8")
    assert raw == stamp(to_mermaid(hostile))


# ---- Markdown ----


def test_markdown_holds_every_card_with_text_escaped(hostile: Subgraph) -> None:
    text = to_markdown(hostile)
    assert text.startswith(
        "# 5 cards (2 decisions, 1 failure mode, 1 red flag, 1 playbook), 12 edges"
    )
    assert text.count("\n## ") == 1 + len(hostile.cards)  # contents, then one per card
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert '## Quote "this" vs &lt;script&gt;alert(1)&lt;/script&gt; --&gt; %% end' in text


# ---- writing ----


def test_an_existing_path_is_replaced_only_with_force(hostile: Subgraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text("mine", encoding="utf-8")
    # A file tradeoffs did not write: refused at once, since --force would not change that.
    with pytest.raises(OutputNotOurs):
        export(hostile, "json", path)
    with pytest.raises(OutputNotOurs):
        export(hostile, "json", path, force=True)
    assert path.read_text(encoding="utf-8") == "mine"
    path.unlink()
    export(hostile, "json", path)
    with pytest.raises(OutputExists, match="graph.json: already exists$"):
        export(hostile, "json", path)
    export(hostile, "json", path, force=True)
    assert read_json_export(path) == hostile
    export(hostile, "markdown", path, force=True)  # our own export, in another format
    export(hostile, "json", path, force=True)
    assert read_json_export(path) == hostile
    folder = tmp_path / "csv"
    export(hostile, "csv", folder)
    (folder / "old").mkdir()
    with pytest.raises(OutputExists):
        export(hostile, "csv", folder)
    export(hostile, "csv", folder, force=True)
    assert sorted(p.name for p in folder.iterdir()) == [
        MARKER_FILE,
        "README.txt",
        "nodes.csv",
        "relationships.csv",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "graph.json"]


@pytest.mark.parametrize("name", ["../x", "/etc/x", "a/../../x", "C:/x", "a\\b", ""])
def test_entries_outside_the_destination_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ExportError, match="must be relative names"):
        write_files(tmp_path / "pack.zip", {name: "x"})
    assert list(tmp_path.iterdir()) == []


def test_an_empty_selection_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no card matches the selection"):
        export(Subgraph(cards=[], edges=[]), "json", tmp_path / "x.json")
    assert list(tmp_path.iterdir()) == []


def test_to_pyvis_styles_by_kind_and_escapes_card_text() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    cards = [
        CARD_ADAPTER.validate_python(
            {
                "id": "a",
                "kind": "decision",
                "title": f"A {hostile}",
                "summary": hostile,
                "option_a": {"name": "x"},
                "option_b": {"name": "y"},
                "links": {"red_flag": [{"id": "b", "note": hostile}]},
            }
        ),
        CARD_ADAPTER.validate_python({"id": "b", "kind": "red_flag", "title": "B"}),
    ]
    edges = [Edge(source="a", target="b", type="red_flag", note=hostile)]
    net = to_pyvis(Subgraph(cards=cards, edges=edges))
    nodes = {node["id"]: node for node in net.nodes}
    assert (nodes["b"]["shape"], nodes["b"]["color"]) == ("triangle", "#d97706")
    assert "<img" not in nodes["a"]["title"] and "&lt;img" in nodes["a"]["title"]
    [edge] = net.edges
    assert edge["title"].startswith("Red flags: &lt;img")
    assert "<img" not in net.generate_html()
