"""A subgraph in the formats other tools read. Each function is pure: subgraph in, content out.

JSON (:func:`to_json`) is NetworkX node-link data (``nx.node_link_graph(data, edges="edges")``
reads it): ``{"directed": true, "multigraph": true, "graph": {"format": ...}, "nodes": [...],
"edges": [...]}``. A node is the whole card as a card file holds it (``id``, ``kind``, every
non-default facet, ``links`` and ``extra``), so :func:`read_json_export` gives back identical
cards. An edge is ``source``, ``target``, ``key`` (its type, which makes it unique between
two cards), ``type``, and ``note`` / ``reverse_note`` when the cards wrote them.

GraphML and GEXF (:func:`to_graphml`, :func:`to_gexf`) carry only scalar attributes: a node has
``label`` (its title, which Gephi and yEd show), ``kind``, and one attribute per non-default
facet, text as it is and lists or nested facets (options, steps, links, ...) as JSON strings.
An edge has ``edge_type`` (GEXF reserves ``type`` for directedness), ``note`` and
``reverse_note``; its NetworkX key is the edge type.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import Counter
from collections.abc import Mapping
from typing import Any

import networkx as nx
from pydantic import ValidationError

from tradeoffs.errors import ExportError, TradeoffsError
from tradeoffs.formats.export_json import JSON_FORMAT
from tradeoffs.graph.neo4j.schema import CONSTRAINT, card_properties
from tradeoffs.io.marks import UNSTAMPED
from tradeoffs.models import CARD_ADAPTER, Card, Edge, Subgraph
from tradeoffs.render.markdown import md_text, render_markdown
from tradeoffs.vocabulary import (
    EDGE_SPECS,
    EDGE_TYPES,
    KIND_SPECS,
    KINDS,
    SYMMETRIC_EDGE_TYPES,
    EdgeType,
    Kind,
    Shape,
    counted,
    kind_label,
)

# ---- JSON ----


def card_data(card: Card) -> dict[str, Any]:
    """The card as plain data, as its card file would hold it: id and kind first."""
    facets = card.model_dump(mode="json", exclude_defaults=True, exclude={"id", "kind"})
    return {"id": card.id, "kind": card.kind, **facets}


def edge_data(edge: Edge) -> dict[str, Any]:
    data: dict[str, Any] = {"source": edge.source, "target": edge.target, "key": edge.type}
    data.update(edge.model_dump(exclude={"source", "target"}, exclude_none=True))
    return data


def to_json(subgraph: Subgraph) -> str:
    document = {
        "directed": True,
        "multigraph": True,
        "graph": {
            "format": JSON_FORMAT,
            "output": UNSTAMPED,  # our mark, filled in when written (tradeoffs.io.marks)
            # What the selection links to but left out, so a view built from this file can
            # still name those cards and the links that never became edges.
            **subgraph.model_dump(
                mode="json", include={"boundary", "outside", "unresolved", "provenance"}
            ),
        },
        "nodes": [card_data(card) for card in subgraph.cards],
        "edges": [edge_data(edge) for edge in subgraph.edges],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def from_json(text: str) -> Subgraph:
    """The subgraph a :func:`to_json` document holds."""
    try:
        document = json.loads(text)
        if document.get("graph", {}).get("format") != JSON_FORMAT:
            raise TradeoffsError(f"not a tradeoffs subgraph export (format {JSON_FORMAT})")
        cards = [CARD_ADAPTER.validate_python(node) for node in document["nodes"]]
        edges = [
            Edge.model_validate({k: v for k, v in edge.items() if k != "key"})
            for edge in document["edges"]
        ]
        beyond = {
            key: document["graph"].get(key, []) for key in ("boundary", "outside", "unresolved")
        }
        return Subgraph.model_validate({"cards": cards, "edges": edges, **beyond})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        detail = str(exc).splitlines()[0] if isinstance(exc, ValidationError) else str(exc)
        raise TradeoffsError(f"invalid subgraph export: {detail}") from exc


# ---- GraphML and GEXF ----


def to_networkx(subgraph: Subgraph) -> nx.MultiDiGraph:
    """The subgraph with scalar attributes only, as GraphML and GEXF need them."""
    graph = nx.MultiDiGraph()
    for card in subgraph.cards:
        attributes = {"label": card.title}
        for name, value in card_data(card).items():
            if name != "id":
                attributes[name] = value if isinstance(value, str) else _json(value)
        graph.add_node(card.id, **attributes)
    for edge in subgraph.edges:
        attributes = {"edge_type": edge.type}
        attributes.update(edge.model_dump(include={"note", "reverse_note"}, exclude_none=True))
        graph.add_edge(edge.source, edge.target, key=edge.type, **attributes)
    return graph


def to_graphml(subgraph: Subgraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(subgraph), buffer)
    return _xml_signed(buffer.getvalue())


def to_gexf(subgraph: Subgraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(to_networkx(subgraph), buffer)
    return _xml_signed(buffer.getvalue())


def _xml_signed(document: bytes) -> bytes:
    """The document with our mark in a comment, after the XML declaration."""
    declaration, _, rest = document.partition(b"\n")
    return declaration + f"\n<!-- {UNSTAMPED} -->\n".encode() + rest


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---- Cypher ----

# Cypher string escapes; other control and line-separator characters become \uXXXX.
CYPHER_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def cypher_string(text: str) -> str:
    """A single-quoted Cypher string literal for any text."""
    return "'" + "".join(_cypher_char(char) for char in text) + "'"


def _cypher_char(char: str) -> str:
    if char in CYPHER_ESCAPES:
        return CYPHER_ESCAPES[char]
    if unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}:
        return "".join(f"\\u{unit:04x}" for unit in _utf16_units(char))
    return char


def _utf16_units(char: str) -> list[int]:
    encoded = char.encode("utf-16-be")
    return [int.from_bytes(encoded[i : i + 2], "big") for i in range(0, len(encoded), 2)]


def cypher_value(value: Any) -> str:
    """A Cypher literal for a property value: text, a number, a list of them, or null."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(cypher_value(item) for item in value) + "]"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def cypher_map(properties: Mapping[str, Any]) -> str:
    entries = (
        f"`{name.replace('`', '``')}`: {cypher_value(value)}" for name, value in properties.items()
    )
    return "{" + ", ".join(entries) + "}"


def to_cypher(subgraph: Subgraph) -> str:
    """A script that recreates the subgraph on any Neo4j 5, as ``tradeoffs load`` stores it
    (see :mod:`tradeoffs.graph.neo4j.schema`), so ``--store neo4j`` can query the result.

    One statement per line, each ending in ``;`` (``cypher-shell -f`` runs it): the id
    constraint, a MERGE per card, then a MERGE per edge. Every value is a literal escaped
    here, never text spliced into the query; labels and relationship types come only from
    the fixed vocabulary. Cards already on the server are updated in place."""
    other_labels = ":".join(spec.neo4j_label for spec in KIND_SPECS.values())
    lines = [
        f"// tradeoffs subgraph: {selection_summary(subgraph)}; {UNSTAMPED}",
        "// One statement per line; run with: cypher-shell -f THIS_FILE",
        f"{CONSTRAINT};",
    ]
    for card in subgraph.cards:
        lines.append(
            f"MERGE (c:Card {{id: {cypher_string(card.id)}}}) "
            f"SET c = {cypher_map(card_properties(card))} "
            f"REMOVE c:{other_labels} SET c:{KIND_SPECS[card.kind].neo4j_label};"
        )
    for edge in subgraph.edges:
        lines.append(
            f"MATCH (a:Card {{id: {cypher_string(edge.source)}}}) "
            f"MATCH (b:Card {{id: {cypher_string(edge.target)}}}) "
            f"MERGE (a)-[r:{EDGE_SPECS[edge.type].neo4j_type}]->(b) "
            f"SET r.note = {cypher_value(edge.note)}, "
            f"r.reverse_note = {cypher_value(edge.reverse_note)};"
        )
    return "\n".join(lines) + "\n"


# ---- CSV for neo4j-admin ----

# neo4j-admin splits array values (and the :LABEL column) on one character. Card text uses
# ";" (the tool's default) and "|" freely, so the ASCII unit separator, made for this, is used.
CSV_ARRAY_DELIMITER = "\x1f"
CSV_IMPORT_COMMAND = (
    "neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv "
    "--array-delimiter=U+001F --multiline-fields=true --overwrite-destination neo4j"
)


def to_csv(subgraph: Subgraph) -> dict[str, str]:
    """``nodes.csv`` and ``relationships.csv`` with the headers ``neo4j-admin database
    import`` reads (``id:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``; list
    properties typed ``name:string[]``), the properties those of ``tradeoffs load``, and a
    ``README.txt`` with the import command. Arrays are split on U+001F (the unit separator);
    text with newlines is quoted, hence ``--multiline-fields=true``."""
    rows = [card_properties(card) for card in subgraph.cards]
    columns: dict[str, bool] = {}  # property name -> holds lists
    for row in rows:
        for name, value in row.items():
            if name != "id":
                columns[name] = columns.get(name, False) or isinstance(value, list)
    header: list[str | None] = ["id:ID", ":LABEL"]
    header += [f"{name}:string[]" if is_list else name for name, is_list in columns.items()]
    nodes = [header]
    for card, row in zip(subgraph.cards, rows, strict=True):
        labels = _csv_array(["Card", KIND_SPECS[card.kind].neo4j_label])
        nodes.append([card.id, labels, *(_csv_cell(row.get(name)) for name in columns)])
    relationships: list[list[str | None]] = [
        [":START_ID", ":END_ID", ":TYPE", "note", "reverse_note"]
    ]
    for edge in subgraph.edges:
        relationships.append(
            [
                edge.source,
                edge.target,
                EDGE_SPECS[edge.type].neo4j_type,
                edge.note,
                edge.reverse_note,
            ]
        )
    return {
        "nodes.csv": _csv_text(nodes),
        "relationships.csv": _csv_text(relationships),
        "README.txt": (
            f"tradeoffs subgraph: {selection_summary(subgraph)}\n\n"
            f"Import into an empty database (Neo4j 5):\n\n    {CSV_IMPORT_COMMAND}\n\n"
            "List properties (name:string[]) and labels are separated by U+001F, the unit "
            "separator; empty cells are missing properties.\n"
        ),
    }


def _csv_cell(value: Any) -> str | None:
    return _csv_array(value) if isinstance(value, list) else value


def _csv_array(items: list[str]) -> str:
    for item in items:
        if CSV_ARRAY_DELIMITER in item:
            raise ExportError(f"cannot write {item!r} to CSV: it holds the array delimiter U+001F")
    return CSV_ARRAY_DELIMITER.join(items)


def _csv_text(rows: list[list[str | None]]) -> str:
    buffer = io.StringIO()
    # None is written as an empty unquoted cell, which neo4j-admin reads as "no property".
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


# ---- Mermaid ----

# Characters a quoted Mermaid label may hold as they are; every other one is written as an
# entity (``#quot;``, ``#60;``) that Mermaid decodes only when drawing, after parsing, and
# the browser then shows as text: quotes, brackets, ``-->``, ``%%`` and ``<script>`` in card
# text can neither end the label nor inject markup.
MERMAID_PLAIN = frozenset(" ,.:;?!'()/-+")
# Mermaid's nearest outline to each kind's shape in the vocabulary.
MERMAID_SHAPES: dict[Shape, tuple[str, str]] = {
    "dot": ("([", "])"),
    "diamond": ("{{", "}}"),
    "triangle": (">", "]"),
    "square": ("[", "]"),
    "star": ("[[", "]]"),
    "hexagon": ("{{", "}}"),
}


def mermaid_id(card_id: str) -> str:
    """A node id Mermaid cannot misread: a prefix keeps ids such as ``end`` or ``o-ring``
    from being a keyword or an edge marker, and slugs have no ``_`` to collide with."""
    return "c_" + card_id.replace("-", "_")


def mermaid_label(text: str) -> str:
    """Untrusted text as the inside of a double-quoted Mermaid label, on one line."""
    return "".join(_mermaid_char(char) for char in " ".join(text.split()))


def _mermaid_char(char: str) -> str:
    if char.isalnum() or char in MERMAID_PLAIN:
        return char
    return "#quot;" if char == '"' else f"#{ord(char)};"


def to_mermaid(subgraph: Subgraph) -> str:
    """A ``flowchart`` (paste it into a ```` ```mermaid ```` block): shapes by kind,
    symmetric edges drawn without an arrowhead, each edge labelled with its type."""
    lines = ["flowchart LR", f"%% {UNSTAMPED}"]
    for card in subgraph.cards:
        opening, closing = MERMAID_SHAPES[KIND_SPECS[card.kind].shape]
        lines.append(f'  {mermaid_id(card.id)}{opening}"{mermaid_label(card.title)}"{closing}')
    for edge in subgraph.edges:
        arrow = "---" if edge.type in SYMMETRIC_EDGE_TYPES else "-->"
        label = mermaid_label(EDGE_SPECS[edge.type].label)
        lines.append(f'  {mermaid_id(edge.source)} {arrow}|"{label}"| {mermaid_id(edge.target)}')
    for kind in KINDS:
        members = [mermaid_id(card.id) for card in subgraph.cards if card.kind == kind]
        if members:
            spec = KIND_SPECS[kind]
            lines.append(f"  classDef {kind} fill:{spec.tint},stroke:{spec.colour},color:#111")
            lines.append(f"  class {','.join(members)} {kind}")
    return "\n".join(lines) + "\n"


# ---- Markdown ----


def to_markdown(subgraph: Subgraph) -> str:
    """Every card of the subgraph as one document: a contents list, then the cards."""
    titles = {card.id: card.title for card in subgraph.cards}
    lines = [f"# {selection_summary(subgraph)}", f"<!-- {UNSTAMPED} -->", "", "## Contents", ""]
    for card in subgraph.cards:
        lines.append(f"- {md_text(card.title)} ({kind_label(card.kind).lower()}, `{card.id}`)")
    lines.append("")
    for card in subgraph.cards:
        lines += ["---", "", render_markdown(card, titles, level=2)]
    return "\n".join(lines) + "\n"


# ---- shared ----


def counts(subgraph: Subgraph) -> tuple[dict[Kind, int], dict[EdgeType, int]]:
    """(cards by kind, edges by type), every kind and type listed in vocabulary order."""
    kinds = Counter(card.kind for card in subgraph.cards)
    types = Counter(edge.type for edge in subgraph.edges)
    return {k: kinds[k] for k in KINDS}, {t: types[t] for t in EDGE_TYPES}


def selection_report(subgraph: Subgraph) -> str:
    """Two lines: the cards by kind and the edges by type (those with any)."""
    kinds, types = counts(subgraph)
    by_kind = ", ".join(f"{n} {kind}" for kind, n in kinds.items() if n)
    by_type = ", ".join(f"{n} {edge_type}" for edge_type, n in types.items() if n)
    return (
        f"selected {counted(len(subgraph.cards), 'card')} ({by_kind or 'none'})\n"
        f"     and {counted(len(subgraph.edges), 'edge')} ({by_type or 'none'})"
    )


def selection_summary(subgraph: Subgraph) -> str:
    """One line: "6 cards (2 decisions, ...), 12 edges"."""
    kinds, _ = counts(subgraph)
    parts = [kind_label(k, n) for k, n in kinds.items() if n]
    cards = len(subgraph.cards)
    edges = len(subgraph.edges)
    return (
        f"{cards} card{'s' if cards != 1 else ''} ({', '.join(parts) or 'none'}), "
        f"{edges} edge{'s' if edges != 1 else ''}"
    )
