"""Our JSON export, written and read back: NetworkX node-link data
(``nx.node_link_graph(data, edges="edges")`` reads it).

``{"directed": true, "multigraph": true, "graph": {"format": ...}, "nodes": [...],
"edges": [...]}``. A node is the whole card as a card file holds it (``id``, ``kind``, every
non-default facet, ``links`` and ``extra``), so :func:`read` gives back identical cards. An
edge is ``source``, ``target``, ``key`` (its type, which makes it unique between two cards),
``type``, and ``note`` / ``reverse_note`` when the cards wrote them. ``graph`` holds what the
selection links to but left out (``boundary``, ``outside``, ``unresolved``) and where each
card comes from (``provenance``), so a view built from the file can still name them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from tradeoffs.errors import CatalogError, Problem
from tradeoffs.formats.problems import dotted, validation_problems
from tradeoffs.formats.registry import Read, source_path
from tradeoffs.io.marks import UNSTAMPED
from tradeoffs.io.safe_json import load_json
from tradeoffs.models import CARD_ADAPTER, Card, Edge, Subgraph

JSON_FORMAT = "tradeoffs-subgraph/1"
SHAPE = "a tradeoffs export (tradeoffs export json)"
"""What a file of this format is, for a message naming the formats a file is not."""
_BEYOND = ("boundary", "outside", "unresolved", "provenance")


def card_data(card: Card) -> dict[str, Any]:
    """The card as plain data, as its card file would hold it: id and kind first."""
    facets = card.model_dump(mode="json", exclude_defaults=True, exclude={"id", "kind"})
    return {"id": card.id, "kind": card.kind, **facets}


def edge_data(edge: Edge) -> dict[str, Any]:
    data: dict[str, Any] = {"source": edge.source, "target": edge.target, "key": edge.type}
    data.update(edge.model_dump(exclude={"source", "target"}, exclude_none=True))
    return data


def write(subgraph: Subgraph) -> str:
    document = {
        "directed": True,
        "multigraph": True,
        "graph": {
            "format": JSON_FORMAT,
            "output": UNSTAMPED,  # our mark, filled in when written (tradeoffs.io.marks)
            **subgraph.model_dump(mode="json", include=set(_BEYOND)),
        },
        "nodes": [card_data(card) for card in subgraph.cards],
        "edges": [edge_data(edge) for edge in subgraph.edges],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def recognises(text: str) -> bool:
    """Whether a JSON file's text is one of our exports."""
    document, problem = load_json(text, "")
    return problem is None and _is_export(document)


def _is_export(document: Any) -> bool:
    if not isinstance(document, dict):
        return False
    graph = document.get("graph")
    return isinstance(graph, dict) and graph.get("format") == JSON_FORMAT


def read(files: Mapping[str, str], root: str | None = None) -> Read:
    """The subgraph of the one export in ``files`` (its path -> its text). Raises
    :class:`CatalogError` with every problem, a node's at the line of its ``"id"``."""
    [(name, text)] = files.items()
    path = source_path(name, root)
    document, problem = load_json(text, path)
    if problem is not None:
        raise CatalogError([problem])
    if not _is_export(document):
        message = f"not a tradeoffs subgraph export (format {JSON_FORMAT})"
        raise CatalogError([Problem(path, 1, "graph.format", message)])
    cards = _cards(document.get("nodes"), text, path)
    try:
        edges = [
            Edge.model_validate({k: v for k, v in edge.items() if k != "key"})
            for edge in document.get("edges", [])
        ]
        graph = document["graph"]
        beyond = {key: graph[key] for key in _BEYOND if key in graph}
        subgraph = Subgraph.model_validate({"cards": cards, "edges": edges, **beyond})
    except (ValidationError, AttributeError, TypeError) as exc:
        detail = str(exc).splitlines()[0]
        problem = Problem(path, 1, "(json)", f"invalid subgraph export: {detail}")
        raise CatalogError([problem]) from exc
    return Read(subgraph)


def _cards(nodes: Any, text: str, path: str) -> list[Card]:
    if not isinstance(nodes, list):
        raise CatalogError([Problem(path, 1, "nodes", 'expected a list of "nodes"')])
    cards: list[Card] = []
    problems: list[Problem] = []
    for index, node in enumerate(nodes):
        line = _line_of_node(text, node)
        try:
            cards.append(CARD_ADAPTER.validate_python(node))
        except ValidationError as exc:
            kind = node.get("kind") if isinstance(node, dict) else None
            problems += validation_problems(
                exc,
                path,
                kind=kind,
                line_of=lambda loc, line=line: line,  # type: ignore[misc]
                name_of=lambda loc, index=index: f"nodes[{index}].{dotted(loc)}",  # type: ignore[misc]
            )
    if problems:
        raise CatalogError(problems)
    return cards


def _line_of_node(text: str, node: Any) -> int:
    card_id = node.get("id") if isinstance(node, dict) else None
    if isinstance(card_id, str):
        match = re.search(r'"id"\s*:\s*' + re.escape(f'"{card_id}"'), text)
        if match:
            return text.count("\n", 0, match.start()) + 1
    return 1
