"""A Cypher script, written: one statement per line that recreates a subgraph on any Neo4j 5,
as ``tradeoffs load`` stores it (:mod:`.neo4j_schema`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from tradeoffs.formats.neo4j_schema import CONSTRAINT, card_properties
from tradeoffs.formats.summary import selection_summary
from tradeoffs.io.marks import UNSTAMPED
from tradeoffs.models import Subgraph
from tradeoffs.vocabulary import EDGE_SPECS, KIND_SPECS

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


def write(subgraph: Subgraph) -> str:
    """A script that recreates the subgraph on any Neo4j 5, as ``tradeoffs load`` stores it
    (see :mod:`.neo4j_schema`), so ``--store neo4j`` can query the result.

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
