"""The format registry (issue 18), walked: every format it lists is read back, by its own
reader when it has one (the bundled catalog and hostile card text round-trip) and by the
program that consumes it wherever one is installed: our own card files by PyYAML, the
decision records our writers write by markdown-it-py (and their front matter by PyYAML). A
format added to the registry without an entry in CHECKS fails `test_every_format_has_a_check`."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx
import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tradeoffs import queries
from tradeoffs.errors import CatalogError, Problem
from tradeoffs.formats.adr import render_madr, render_nygard
from tradeoffs.formats.export_json import card_data
from tradeoffs.formats.graphml import to_networkx
from tradeoffs.formats.markdown import md_text
from tradeoffs.formats.neo4j_csv import CSV_ARRAY_DELIMITER
from tradeoffs.formats.neo4j_schema import card_properties
from tradeoffs.formats.registry import FORMATS, Format, Output, readable, writable
from tradeoffs.formats.text import render_text, resolve_titles
from tradeoffs.graph import open_store
from tradeoffs.graph.neo4j.store import Neo4jStore
from tradeoffs.io.marks import UNSTAMPED
from tradeoffs.io.safe_yaml import read_yaml
from tradeoffs.loaders import BUNDLED_CATALOG
from tradeoffs.models import CARD_ADAPTER, Card, Decision, Record, Section, Subgraph
from tradeoffs.vocabulary import EDGE_SPECS, KIND_SPECS

HOSTILE = Path(__file__).parent / "data" / "export" / "hostile"


def select_all(catalog: Path) -> Subgraph:
    return queries.select(open_store("memory", catalog), queries.Selection())


@pytest.fixture(scope="module", params=["bundled", "hostile"])
def subgraph(request: pytest.FixtureRequest) -> Subgraph:
    """The bundled catalog, and five cards whose text is quotes, backslashes, newlines, HTML,
    Mermaid and Cypher (tests/test_export.py checks that they are)."""
    return select_all(BUNDLED_CATALOG if request.param == "bundled" else HOSTILE)


def written(fmt: Format, subgraph: Subgraph) -> Output:
    if "layout" in fmt.carries:
        return fmt.layout_writer()(subgraph, None)
    return fmt.writer()(subgraph)


def as_files(fmt: Format, output: Output) -> dict[str, str]:
    """The writer's output as a reader takes it: each file's text by name."""
    files = output if isinstance(output, dict) else {f"out{fmt.suffixes[0]}": output}
    return {name: text if isinstance(text, str) else text.decode() for name, text in files.items()}


# ---- how each format is read back ----


def json_by_networkx(subgraph: Subgraph, output: Output, neo4j_uri: str | None) -> None:
    assert isinstance(output, str)
    graph = nx.node_link_graph(json.loads(output), edges="edges")
    assert isinstance(graph, nx.MultiDiGraph)
    assert sorted(graph.nodes) == sorted(card.id for card in subgraph.cards)
    assert sorted(graph.edges(keys=True)) == sorted(edge.key for edge in subgraph.edges)
    for card in subgraph.cards:
        assert graph.nodes[card.id] == {k: v for k, v in card_data(card).items() if k != "id"}


def xml_by_networkx(subgraph: Subgraph, output: Output, neo4j_uri: str | None) -> None:
    """GraphML or GEXF as NetworkX reads it: the same nodes, edges and attributes, text as
    text and lists or nested facets as JSON."""
    assert isinstance(output, bytes)
    assert output.startswith(b"<?xml") and f"<!-- {UNSTAMPED} -->".encode() in output
    if b"<graphml" in output[:500]:
        read = nx.read_graphml(io.BytesIO(output), force_multigraph=True)
    else:
        read = nx.read_gexf(io.BytesIO(output))
    graph = to_networkx(subgraph)
    assert read.is_directed()
    assert dict(read.nodes(data=True)) == dict(graph.nodes(data=True))
    # GEXF gives every edge an id of its own (and NetworkX reads it as a plain DiGraph when
    # no two edges share their ends); the rest must match exactly.
    edges = {
        (s, t, d["edge_type"]): {name: v for name, v in d.items() if name != "id"}
        for s, t, d in read.edges(data=True)
    }
    assert edges == {(s, t, d["edge_type"]): d for s, t, d in graph.edges(data=True)}
    assert sorted(edges) == sorted(edge.key for edge in subgraph.edges)
    for card in subgraph.cards:
        attributes = read.nodes[card.id]
        assert attributes["label"] == card.title
        for name, value in card_data(card).items():
            if name != "id":
                got = attributes[name]
                assert (got if isinstance(value, str) else json.loads(got)) == value, name


def csv_by_python(subgraph: Subgraph, output: Output, neo4j_uri: str | None) -> None:
    """The files as Python's csv reads them, with neo4j-admin's headers: every card's
    properties are those ``tradeoffs load`` stores, every edge its relationship."""
    assert isinstance(output, dict)
    assert set(output) == {"nodes.csv", "relationships.csv", "README.txt"}
    nodes_text, relationships_text = output["nodes.csv"], output["relationships.csv"]
    assert isinstance(nodes_text, str) and isinstance(relationships_text, str)
    header, *rows = list(csv.reader(io.StringIO(nodes_text)))
    assert header[:2] == ["id:ID", ":LABEL"]
    assert all(re.fullmatch(r"[a-z_]+(:string\[\])?", h) for h in header[2:])
    cards = {card.id: card for card in subgraph.cards}
    assert sorted(row[0] for row in rows) == sorted(cards)
    for row in rows:
        card = cards[row[0]]
        properties: dict[str, Any] = {"id": row[0]}
        for column, cell in zip(header[2:], row[2:], strict=True):
            name, _, typed = column.partition(":")
            if cell:
                properties[name] = cell.split(CSV_ARRAY_DELIMITER) if typed else cell
        assert row[1].split(CSV_ARRAY_DELIMITER) == ["Card", KIND_SPECS[card.kind].neo4j_label]
        assert properties == card_properties(card)
    relationships = list(csv.reader(io.StringIO(relationships_text)))
    assert relationships[0] == [":START_ID", ":END_ID", ":TYPE", "note", "reverse_note"]
    assert [tuple(r) for r in relationships[1:]] == [
        (e.source, e.target, EDGE_SPECS[e.type].neo4j_type, e.note or "", e.reverse_note or "")
        for e in subgraph.edges
    ]


def cypher_by_neo4j(subgraph: Subgraph, output: Output, neo4j_uri: str | None) -> None:
    """Run statement by statement through the driver on a real Neo4j; the server must then
    hold what ``tradeoffs load`` writes (same labels, properties and relationships) and the
    store must read back the very same cards and edges."""
    assert isinstance(output, str) and neo4j_uri is not None
    ids = [card.id for card in subgraph.cards]
    store = Neo4jStore(neo4j_uri)
    driver = neo4j.GraphDatabase.driver(neo4j_uri)
    clear = "MATCH (c:Card) WHERE c.id IN $ids DETACH DELETE c"
    try:
        driver.execute_query(clear, ids=ids)
        with driver.session() as session:
            for line in output.splitlines():
                if not line.startswith("//"):
                    session.run(line.removesuffix(";")).consume()  # type: ignore[arg-type]
        records, _, _ = driver.execute_query(
            "MATCH (c:Card) WHERE c.id IN $ids RETURN c.id AS id, labels(c) AS labels, "
            "properties(c) AS properties",
            ids=ids,
        )
        cards = {card.id: card for card in subgraph.cards}
        assert sorted(r["id"] for r in records) == sorted(ids)
        for record in records:
            card = cards[record["id"]]
            assert sorted(record["labels"]) == ["Card", KIND_SPECS[card.kind].neo4j_label]
            assert record["properties"] == card_properties(card)
        assert store.cards(ids) == sorted(subgraph.cards, key=lambda card: card.id)
        assert store.edges(ids) == subgraph.edges
    finally:
        driver.execute_query(clear, ids=ids)
        driver.close()
        store.close()


NODE_LINE = re.compile(r'  (c_[a-z0-9_]+)(?:\[|\{\{|>|\(\[|\[\[)"([^"]*)"(?:\]|\}\}|\]\)|\]\])')
EDGE_LINE = re.compile(r'  (c_[a-z0-9_]+) (?:-->|---)\|"([^"]*)"\| (c_[a-z0-9_]+)')
STYLE_LINE = re.compile(r"  (classDef [a-z_]+ [a-z:#0-9,]+|class [a-z0-9_,]+ [a-z_]+)")
LABEL = re.compile(r"(?:[^\W_]|[ ,.:;?!'()/+-]|#quot;|#\d+;)*")


def mermaid_by_its_grammar(subgraph: Subgraph, output: Output, neo4j_uri: str | None) -> None:
    """No Mermaid parser runs here (it is JavaScript): every line must be a node, an edge or
    a style line of the flowchart grammar, every label only characters that cannot end it,
    and the labels decode to the cards' titles."""
    assert isinstance(output, str)
    lines = output.splitlines()
    assert lines[:2] == ["flowchart LR", f"%% {UNSTAMPED}"]
    labels = {}
    edges = []
    for line in lines[2:]:
        node, edge = NODE_LINE.fullmatch(line), EDGE_LINE.fullmatch(line)
        assert node or edge or STYLE_LINE.fullmatch(line), line
        if node:
            assert LABEL.fullmatch(node.group(2)), node.group(2)
            decoded = node.group(2).replace("#quot;", '"')
            labels[node.group(1)] = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), decoded)
        if edge:
            edges.append((edge.group(1), edge.group(3)))
    ids = {"c_" + card.id.replace("-", "_"): card for card in subgraph.cards}
    assert labels == {key: " ".join(card.title.split()) for key, card in ids.items()}
    assert sorted(edges) == sorted(
        ("c_" + e.source.replace("-", "_"), "c_" + e.target.replace("-", "_"))
        for e in subgraph.edges
    )


def markdown_by_its_outline(subgraph: Subgraph, output: Output, neo4j_uri: str | None) -> None:
    """No Markdown parser is among our dependencies: the document must list every card in
    its contents and give each a level-2 heading, with card text's HTML escaped."""
    assert isinstance(output, str)
    assert output.count("\n## ") == 1 + len(subgraph.cards)  # contents, then one per card
    assert f"<!-- {UNSTAMPED} -->" in output
    contents = output.split("\n---\n")[0]
    for card in subgraph.cards:
        assert f", `{card.id}`)" in contents and f"\n## {md_text(card.title)}\n" in output
    without_our_mark = output.replace(f"<!-- {UNSTAMPED} -->", "")
    assert "<" not in without_our_mark.replace("&lt;", "")


def catalog_json_by_json(subgraph: Subgraph, output: Output, neo4j_uri: str | None) -> None:
    """Every file is JSON with the public catalog's shape: a header and a list of entries,
    one per card, each with its slug."""
    assert isinstance(output, dict)
    slugs = []
    for text in output.values():
        assert isinstance(text, str)
        document = json.loads(text)
        assert set(document) == {"category", "template", "entries"}
        slugs += [entry["slug"] for entry in document["entries"]]
    assert sorted(slugs) == sorted(card.id for card in subgraph.cards)


def yaml_by_pyyaml(subgraph: Subgraph, output: Output, neo4j_uri: str | None) -> None:
    """One file per card in its kind's folder, as in the bundled catalog; PyYAML's
    ``safe_load`` reads each to the very data our hardened reader reads, which is the card."""
    assert isinstance(output, dict)
    cards = {card.id: card for card in subgraph.cards}
    assert sorted(output) == sorted(
        f"{KIND_SPECS[c.kind].folder}/{c.id}.yaml" for c in cards.values()
    )
    for name, text in output.items():
        assert isinstance(text, str)
        data = yaml.safe_load(text)
        assert data == read_yaml(text, name).value
        assert list(data)[:2] == ["id", "kind"] and name.endswith(f"/{data['id']}.yaml")
        assert CARD_ADAPTER.validate_python(data) == cards[data["id"]]


# ---- what survives a round trip, by format ----


def plain_list_notes_dropped(card: Card) -> Card:
    """The card as catalog JSON holds it: a link's note survives only in easilyConfusedWith,
    whose items are objects (its ``distinction``); the other relationship fields are plain
    lists of slugs (see tradeoffs/formats/catalog_json.py)."""
    groups = {
        group: [link.model_copy(update={"note": None}) for link in links]
        for group, links in card.links.groups()
        if group != "confused_with"
    }
    return card.model_copy(update={"links": card.links.model_copy(update=groups)})


def one_line(card: Card) -> Card:
    """The card as card text holds it: every value on one line, runs of white space one space."""

    def flat(value: Any) -> Any:
        if isinstance(value, str):
            return " ".join(value.split())
        if isinstance(value, list):
            return [flat(item) for item in value]
        if isinstance(value, dict):
            return {key: flat(item) for key, item in value.items()}
        return value

    return CARD_ADAPTER.validate_python(flat(card.model_dump(mode="json")))


@dataclass(frozen=True)
class Check:
    """How a format is checked: ``read_back`` reads a writer's output as its consumer does
    (the consumer is named in its docstring); ``survives`` is what of a card its own reader
    gives back (the card itself unless the format says it drops something)."""

    read_back: Callable[[Subgraph, Output, str | None], None] | None = None
    survives: Callable[[Card], Card] = lambda card: card
    needs_neo4j: bool = False


CHECKS: dict[str, Check] = {
    "json": Check(json_by_networkx),
    "graphml": Check(xml_by_networkx),
    "gexf": Check(xml_by_networkx),
    "csv": Check(csv_by_python),
    "cypher": Check(cypher_by_neo4j, needs_neo4j=True),
    "mermaid": Check(mermaid_by_its_grammar),
    "markdown": Check(markdown_by_its_outline),
    "yaml": Check(yaml_by_pyyaml),
    "catalog-json": Check(catalog_json_by_json, survives=plain_list_notes_dropped),
    # Read only (its round trip goes through render_text, card by card), one line per value.
    "text": Check(survives=lambda card: one_line(card)),
    # Read only: written one record at a time by `decide` (render_madr, render_nygard), read
    # back by our reader and by markdown-it-py in test_records_our_writers_write_read_back.
    "records": Check(),
}


def test_every_format_has_a_check() -> None:
    assert sorted(CHECKS) == sorted(FORMATS)
    for name, fmt in FORMATS.items():
        assert (CHECKS[name].read_back is not None) == fmt.writes, name


def test_which_commands_offer_which_format() -> None:
    """Said by each record: export offers what it writes, import what it reads, except the
    catalog's own formats (every command reads them from --catalog and --records folders)."""
    for fmt in FORMATS.values():
        assert fmt.writes or "export" not in fmt.offered_by, fmt.name
        assert fmt.reads or "import" not in fmt.offered_by, fmt.name
    assert writable() == [
        "json",
        "graphml",
        "gexf",
        "csv",
        "cypher",
        "mermaid",
        "markdown",
        "yaml",
        "catalog-json",
    ]
    assert readable() == ["json", "catalog-json", "text"]
    assert [name for name, fmt in FORMATS.items() if not fmt.offered_by] == ["records"]


def test_every_format_is_a_module_with_what_its_record_says() -> None:
    for fmt in FORMATS.values():
        code = fmt.code()
        assert code.__name__ == f"tradeoffs.formats.{fmt.module}"
        assert callable(getattr(code, "write", None)) == fmt.writes, fmt.name
        assert callable(getattr(code, "read", None)) == fmt.reads, fmt.name
        offered = [FORMATS[name] for name in readable()]
        sharing = [f for f in offered if set(f.suffixes) & set(fmt.suffixes)]
        if "layout" in fmt.carries:  # kept beside the cards by an import, read by an export
            assert isinstance(code.LAYOUT_FILE, str) and callable(code.read_layout), fmt.name
        if fmt in offered and len(sharing) > 1:  # told apart by content, and named when neither
            assert callable(code.recognises) and isinstance(code.SHAPE, str), fmt.name


def test_the_readme_lists_every_format_export_writes() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("| format | for |\n|---|---|\n", 1)[1].split("\n\n", 1)[0]
    listed = [
        name for row in table.splitlines() for name in re.findall(r"`([a-z-]+)`", row.split("|")[1])
    ]
    assert listed == writable()


WRITERS = [
    pytest.param(f.name, marks=[pytest.mark.neo4j] if CHECKS[f.name].needs_neo4j else [])
    for f in FORMATS.values()
    if f.writes and f.name in CHECKS
]


@pytest.mark.parametrize("name", WRITERS)
def test_every_writer_is_read_back_by_its_consumer(
    name: str, subgraph: Subgraph, request: pytest.FixtureRequest
) -> None:
    fmt, check = FORMATS[name], CHECKS[name]
    assert check.read_back is not None
    uri = request.getfixturevalue("neo4j_uri") if check.needs_neo4j else None
    if "layout" in fmt.carries:  # the public catalog has no place for some kinds
        subgraph = kept_by_catalog_json(subgraph)
    check.read_back(subgraph, written(fmt, subgraph), uri)


def kept_by_catalog_json(subgraph: Subgraph) -> Subgraph:
    cards = [card for card in subgraph.cards if KIND_SPECS[card.kind].catalog_file]
    return Subgraph(cards=cards, edges=[])


@pytest.mark.parametrize("name", [f.name for f in FORMATS.values() if f.reads and f.writes])
def test_every_reader_gives_back_what_its_writer_wrote(name: str, subgraph: Subgraph) -> None:
    fmt, survives = FORMATS[name], CHECKS[name].survives
    if "layout" in fmt.carries:
        subgraph = kept_by_catalog_json(subgraph)
    output = written(fmt, subgraph)
    read = fmt.reader()(as_files(fmt, output), "" if fmt.folder else None)
    by_id = sorted(read.subgraph.cards, key=lambda card: card.id)  # a folder's files in turn
    assert by_id == sorted((survives(card) for card in subgraph.cards), key=lambda card: card.id)
    if "edges" in fmt.carries:
        assert read.subgraph == subgraph  # the edges, and what the selection left out
    if "layout" in fmt.carries:  # the layout read back writes the very same files
        assert read.layout is not None
        assert fmt.layout_writer()(read.subgraph, read.layout) == output


def test_card_text_gives_back_every_card(subgraph: Subgraph) -> None:
    """The text format names links by title (its reader's job ends there; the importer
    resolves them): each card written and read back is the card again."""
    fmt = FORMATS["text"]
    titles = {card.id: card.title for card in subgraph.cards}
    ids = {card.title.casefold(): card.id for card in subgraph.cards}
    for card in subgraph.cards:
        text = render_text(card, titles)
        [read] = fmt.reader()({f"{card.id}.txt": text}).subgraph.cards
        resolved = resolve_titles(read, ids)
        expected = CHECKS["text"].survives(with_titles(card, titles))
        assert resolved.model_copy(update={"id": card.id}) == expected, card.id


def with_titles(card: Card, titles: dict[str, str]) -> Card:
    """Links as a resolved card text holds them: the card's id, and the title it was named by."""
    groups = {
        group: [
            link.model_copy(update={"title": titles[link.id]}) if link.id in titles else link
            for link in links
        ]
        for group, links in card.links.groups()
    }
    return card.model_copy(update={"links": card.links.model_copy(update=groups)})


# ---- decision records: written by our writers, read by ours and by markdown-it-py ----


def madr_and_nygard(decisions: list[Decision], day: dt.date) -> dict[str, str]:
    """A record of each template applying each decision, numbered in its own folder."""
    files = {}
    for number, card in enumerate(decisions, start=1):
        files[f"madr/{number:04d}-{card.id}.md"] = render_madr(
            card, title=card.title, date=day, watch=[]
        )
        files[f"nygard/{number:04d}-{card.id}.md"] = render_nygard(
            card, title=card.title, number=number, date=day, watch=[]
        )
    return files


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """PyYAML's reading of the front matter, if any, and the Markdown after it."""
    if not text.startswith("---\n"):
        return {}, text
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data, body


def heading_text(tokens: list[Token], at: int) -> str:
    inline = tokens[at + 1]
    assert inline.type == "inline"
    return inline.content


def record_by_markdown_it(body: str) -> dict[str, Any]:
    """What markdown-it-py finds in a record's Markdown: its one level-1 heading, every level-2
    and level-3 section (heading, and the source lines up to the next heading), each
    section's first paragraph and the items of its list."""
    tokens = MarkdownIt("commonmark").parse(body)
    lines = body.splitlines()
    heads = [i for i, token in enumerate(tokens) if token.type == "heading_open"]
    [title] = [heading_text(tokens, i) for i in heads if tokens[i].tag == "h1"]
    sections, paragraphs, items = [], {}, {}
    for n, i in enumerate(heads):
        if tokens[i].tag not in ("h2", "h3"):
            continue
        heading, start = heading_text(tokens, i), tokens[i].map[1]  # type: ignore[index]
        end = tokens[heads[n + 1]].map[0] if n + 1 < len(heads) else len(lines)  # type: ignore[index]
        sections.append(Section(heading=heading, text="\n".join(lines[start:end]).strip()))
        inside = tokens[i + 3 : heads[n + 1] if n + 1 < len(heads) else len(tokens)]
        texts = [t.content for t in inside if t.type == "inline"]
        paragraphs[heading] = next(
            (inside[k + 1].content for k, t in enumerate(inside) if t.type == "paragraph_open"),
            None,
        )
        if any(t.type == "bullet_list_open" for t in inside):
            items[heading] = texts
    return {"title": title, "sections": sections, "paragraphs": paragraphs, "items": items}


def test_records_our_writers_write_read_back(subgraph: Subgraph) -> None:
    """Each record is the record markdown-it-py sees (its title, number, every section as
    written, the decision's first paragraph as the summary, MADR's considered options) with
    the date, status and applied card our writer gave it, the MADR front matter's as PyYAML
    reads them; a folder's records are read together, none skipped."""
    decisions = [card for card in subgraph.cards if isinstance(card, Decision)]
    day = dt.date(2024, 2, 29)
    files = madr_and_nygard(decisions, day)
    read = FORMATS["records"].reader()(files, "")
    assert read.skipped == []
    records = {record.id: record for record in read.subgraph.cards}
    assert sorted(records) == sorted(name.removesuffix(".md").replace("/", "-") for name in files)
    for name, text in files.items():
        template, file_name = name.split("/")
        number = int(file_name[:4])
        card = decisions[number - 1]
        title = " ".join(card.title.split())
        front, body = front_matter(text)
        seen = record_by_markdown_it(body)
        if template == "madr":
            assert front == {
                "status": "proposed",
                "date": day,
                "decision-makers": [],
                "consulted": [],
                "informed": [],
                "tradeoffs": [card.id],
            }
            assert seen["title"] == title
            decision, status = "Decision Outcome", "proposed"
            options = seen["items"]["Considered Options"]
            assert options == [" ".join(o.name.split()) for o in (card.option_a, card.option_b)]
        else:
            assert front == {}
            assert seen["title"] == f"{number}. {title}"
            decision, status, options = "Decision", "Proposed", []
        expected = Record(
            id=name.removesuffix(".md").replace("/", "-"),
            title=title,
            number=number,
            status=status,
            date=day.isoformat(),
            template=template,  # type: ignore[arg-type]
            considered_options=options,
            summary=seen["paragraphs"][decision],
            sections=seen["sections"],
            links={"applies": [{"id": card.id}]},  # type: ignore[arg-type]
        )
        assert records[expected.id] == expected, name


def test_records_name_each_other_by_file_and_by_number_within_their_folder() -> None:
    files = {
        "backend/0001-use-cron.md": "# 1. Use cron\n\n## Status\n\n"
        "Superseded by [2. Use a workflow engine](0002-use-a-workflow-engine.md)\n",
        "backend/0002-use-a-workflow-engine.md": "# 2. Use a workflow engine\n\n## Status\n\n"
        "Accepted\n\nSupersedes ADR-1\n",
        "frontend/0001-use-react.md": "# 1. Use React\n\n## Status\n\nAccepted\n",
        "README.md": "# Our decisions\n",
    }
    read = FORMATS["records"].reader()(files, "docs/adr")
    links = {
        record.id: record.links.model_dump(exclude_defaults=True) for record in read.subgraph.cards
    }
    assert links == {
        "backend-0001-use-cron": {"superseded_by": [{"id": "backend-0002-use-a-workflow-engine"}]},
        "backend-0002-use-a-workflow-engine": {"supersedes": [{"id": "backend-0001-use-cron"}]},
        "frontend-0001-use-react": {},
    }
    assert read.skipped == [
        Problem("docs/adr/README.md", None, None, "skipped, not named as a decision record")
    ]
    with pytest.raises(CatalogError) as refused:
        FORMATS["records"].reader()({**files, "0003-x.md": "no title\n"}, "docs/adr")
    assert refused.value.problems == [
        Problem("docs/adr/0003-x.md", 1, "title", "no title (a '# ' heading) in this record")
    ]


def test_card_files_are_read_together_and_refused_together() -> None:
    text = "id: a\nkind: red_flag\ntitle: A\n"
    files = {"x/a.yaml": text, "y/a.yaml": text, "b.yaml": "id: b\nkind: red_flag\n"}
    with pytest.raises(CatalogError) as refused:
        FORMATS["yaml"].reader()(files, "cards")
    assert refused.value.problems == [
        Problem("cards/y/a.yaml", 1, "id", "duplicate id 'a', also in cards/x/a.yaml:1"),
        Problem("cards/b.yaml", 1, "title", "missing (required)"),
    ]


def test_formats_open_no_file() -> None:
    """A format takes text and gives text: from tradeoffs.io it uses the parsers of people's
    YAML and JSON, our output's mark and the size limits, never a reader or writer of files
    (tests/test_io.py checks that nothing outside io/ opens one itself)."""
    pure = {"tradeoffs.io.safe_yaml", "tradeoffs.io.safe_json", "tradeoffs.io.marks"}
    package = Path(__file__).resolve().parents[1] / "tradeoffs" / "formats"
    used = []
    for module in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                used += [(module.name, alias.name, "") for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                used += [(module.name, node.module, alias.name) for alias in node.names]
    io_used = [(where, name, what) for where, name, what in used if name.startswith("tradeoffs.io")]
    assert io_used  # the walk sees the imports
    assert [
        (where, name, what)
        for where, name, what in io_used
        if name not in pure and not (name == "tradeoffs.io.read" and what.startswith("MAX_"))
    ] == []
