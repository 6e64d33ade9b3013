"""The data exports on hostile card text: each format's own rules (escaping, refusals, folders,
replacing). tests/test_formats_registry.py reads every format back with its consumer."""

import json
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, run_cli

from tradeoffs import queries
from tradeoffs.errors import ExportError, OutputExists, OutputNotOurs, TradeoffsError
from tradeoffs.export import export, read_json_export
from tradeoffs.export.notebook import to_pyvis
from tradeoffs.formats import cypher, gexf, graphml, markdown, mermaid, neo4j_csv
from tradeoffs.formats.cypher import cypher_string
from tradeoffs.formats.export_json import card_data
from tradeoffs.formats.graphml import to_networkx
from tradeoffs.formats.mermaid import mermaid_label
from tradeoffs.graph import open_store
from tradeoffs.io.marks import MARKER_FILE, stamp
from tradeoffs.io.write import write_files
from tradeoffs.loaders import load_cards
from tradeoffs.models import CARD_ADAPTER, Edge, Subgraph
from tradeoffs.vocabulary import KIND_SPECS

HOSTILE = Path(__file__).parent / "data" / "export" / "hostile"


def select_all(catalog: Path) -> Subgraph:
    return queries.select(open_store("memory", catalog), queries.Selection())


@pytest.fixture(scope="module")
def hostile() -> Subgraph:
    """Five cards whose text is quotes, backslashes, newlines, HTML, Mermaid and Cypher."""
    return select_all(HOSTILE)


def test_the_hostile_fixture_is_hostile(hostile: Subgraph) -> None:
    text = json.dumps([card_data(card) for card in hostile.cards])
    for needle in ['\\"', "\\\\", "\\n", "<script>", "-->", "%%", "]", "`", "\\u2028", "MATCH"]:
        assert needle in text, needle
    assert {"end", "o-ring-vs-x-ray"} <= {card.id for card in hostile.cards}  # Mermaid traps
    assert len(hostile.edges) == 12


# ---- JSON ----


def test_a_json_export_of_something_else_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"nodes": [], "edges": []}', encoding="utf-8")
    with pytest.raises(TradeoffsError, match="not a tradeoffs subgraph export"):
        read_json_export(path)
    path.write_text('{"graph": {"format": "tradeoffs-subgraph/1"}, "nodes": [{"id": "x"}]}')
    with pytest.raises(TradeoffsError, match=r":1: nodes\[0\]\.kind: "):
        read_json_export(path)


# ---- GraphML and GEXF ----


def test_graph_attributes_are_all_scalar(hostile: Subgraph) -> None:
    graph = to_networkx(hostile)
    values = [v for _, d in graph.nodes(data=True) for v in d.values()]
    values += [v for _, _, d in graph.edges(data=True) for v in d.values()]
    assert values and all(isinstance(v, str) for v in values)
    assert graphml.write(hostile).startswith(b"<?xml") and gexf.write(hostile).startswith(b"<?xml")


# ---- CSV for neo4j-admin ----


def test_csv_refuses_text_holding_the_array_delimiter(hostile: Subgraph) -> None:
    card = hostile.cards[0].model_copy(update={"key_factors": ["a\x1fb"]})
    with pytest.raises(ExportError, match="array delimiter U\\+001F"):
        neo4j_csv.write(Subgraph(cards=[card], edges=[]))


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
    lines = cypher.write(hostile).splitlines()
    statements = [line for line in lines if not line.startswith("//")]
    assert statements[0].startswith("CREATE CONSTRAINT tradeoffs_card_id IF NOT EXISTS")
    assert len(statements) == 1 + len(hostile.cards) + len(hostile.edges)
    assert all(s.endswith(";") for s in statements)
    assert sum(s.startswith("MERGE (c:Card {id: ") for s in statements) == len(hostile.cards)


# ---- Mermaid ----


def test_mermaid_labels_escape_syntax_and_markup() -> None:
    assert mermaid_label('a "b" <i>\n--> %% #x; `c`') == (
        "a #quot;b#quot; #60;i#62; --#62; #37;#37; #35;x; #96;c#96;"
    )


def test_mermaid_in_a_markdown_file_is_a_fenced_block(hostile: Subgraph, tmp_path: Path) -> None:
    text = export(hostile, "mermaid", tmp_path / "graph.md").read_text(encoding="utf-8")
    assert text == stamp(f"```mermaid\n{mermaid.write(hostile)}```\n")
    raw = export(hostile, "mermaid", tmp_path / "graph.mmd").read_text(encoding="utf-8")
    assert raw == stamp(mermaid.write(hostile))


# ---- Markdown ----


def test_markdown_holds_every_card_with_text_escaped(hostile: Subgraph) -> None:
    text = markdown.write(hostile)
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


def test_yaml_is_a_catalog_of_the_selected_cards(tmp_path: Path) -> None:
    """Card files that --catalog reads back as the selection, in the bundled catalog's
    folders; written whole or refused, replaced only with --force."""
    mini, out = DATA / "mini", tmp_path / "cards"
    focus = queries.Selection(focus="cron-vs-workflow-engine")
    selected = {card.id: card for card in queries.select(open_store("memory", mini), focus).cards}
    code, stdout, _ = run_cli(
        "export", "yaml", "--focus", str(focus.focus), "-o", str(out), catalog=mini
    )
    assert (code, stdout) == (0, f"{out}\n")
    assert sorted(path.relative_to(out).as_posix() for path in out.rglob("*.yaml")) == sorted(
        f"{KIND_SPECS[card.kind].folder}/{card.id}.yaml" for card in selected.values()
    )
    assert load_cards(out).cards == selected
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    code, _, stderr = run_cli("export", "yaml", "-o", str(out), catalog=mini)
    assert (code, stderr.splitlines()[-1]) == (
        1,
        f"Error: {out}: already exists (use --force to replace it)",
    )
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before
    assert run_cli("export", "yaml", "-o", str(out), "--force", catalog=mini)[0] == 0
    assert load_cards(out).cards == load_cards(mini).cards
