"""Reading back our own ``export json`` files (NetworkX node-link data, see
:func:`tradeoffs.export.data.to_json`): its nodes are the cards, whole; its edges are derived
from the cards' links and are not read."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tradeoffs.errors import CatalogError, Problem
from tradeoffs.formats.problems import dotted, validation_problems
from tradeoffs.models import CARD_ADAPTER, Card

JSON_FORMAT = "tradeoffs-subgraph/1"


def is_export_document(document: Any) -> bool:
    """Whether parsed JSON is one of our ``export json`` files."""
    if not isinstance(document, dict):
        return False
    graph = document.get("graph")
    return isinstance(graph, dict) and graph.get("format") == JSON_FORMAT


def export_cards(document: Any, text: str, path: Path | str) -> list[Card]:
    """The cards of a parsed ``export json`` document; raises :class:`CatalogError` with
    every problem, each at the line of its node's ``"id"``."""
    nodes = document.get("nodes") if isinstance(document, dict) else None
    if not isinstance(nodes, list):
        raise CatalogError([Problem(str(path), 1, "nodes", 'expected a list of "nodes"')])
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
                str(path),
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
