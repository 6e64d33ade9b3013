"""CSV files for ``neo4j-admin database import``, written: nodes, relationships and a README
with the command, the properties those ``tradeoffs load`` stores (:mod:`.neo4j_schema`)."""

from __future__ import annotations

import csv
import io
from typing import Any

from tradeoffs.errors import ExportError
from tradeoffs.formats.neo4j_schema import card_properties
from tradeoffs.formats.summary import selection_summary
from tradeoffs.models import Subgraph
from tradeoffs.vocabulary import EDGE_SPECS, KIND_SPECS

# neo4j-admin splits array values (and the :LABEL column) on one character. Card text uses
# ";" (the tool's default) and "|" freely, so the ASCII unit separator, made for this, is used.
CSV_ARRAY_DELIMITER = "\x1f"
CSV_IMPORT_COMMAND = (
    "neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv "
    "--array-delimiter=U+001F --multiline-fields=true --overwrite-destination neo4j"
)


def write(subgraph: Subgraph) -> dict[str, str | bytes]:
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
            raise ExportError(
                "cannot write {value} to CSV: it holds the array delimiter U+001F", value=item
            )
    return CSV_ARRAY_DELIMITER.join(items)


def _csv_text(rows: list[list[str | None]]) -> str:
    buffer = io.StringIO()
    # None is written as an empty unquoted cell, which neo4j-admin reads as "no property".
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
