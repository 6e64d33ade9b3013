"""GraphML (Gephi, yEd), written: a subgraph with scalar attributes only.

A node has ``label`` (its title, which Gephi and yEd show), ``kind``, and one attribute per
non-default facet, text as it is and lists or nested facets (options, steps, links, ...) as
JSON strings. An edge has ``edge_type`` (GEXF reserves ``type`` for directedness), ``note``
and ``reverse_note``; its NetworkX key is the edge type. :mod:`.gexf` writes the same graph.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from tradeoffs.formats.export_json import card_data
from tradeoffs.io.marks import UNSTAMPED
from tradeoffs.models import Subgraph

if TYPE_CHECKING:
    import networkx as nx


def to_networkx(subgraph: Subgraph) -> nx.MultiDiGraph:
    """The subgraph with scalar attributes only, as GraphML and GEXF need them."""
    import networkx as nx

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


def write(subgraph: Subgraph) -> bytes:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(subgraph), buffer)
    return xml_signed(buffer.getvalue())


def xml_signed(document: bytes) -> bytes:
    """The document with our mark in a comment, after the XML declaration."""
    declaration, _, rest = document.partition(b"\n")
    return declaration + f"\n<!-- {UNSTAMPED} -->\n".encode() + rest


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
